"""Make the output pictures in docs/img from the built-in example, so they never go stale.

Run from the checkout's root (needs poppler's `pdftoppm` and LibreOffice's `soffice`):

    python docs/img/pictures.py

The deck's pictures are LibreOffice's rendering of the .pptx; the slides PDF, the handout and the
paper are drawn by Briefing Desk itself. Each slide or page is found by its words, not its
number, so a new section does not shift a picture onto the wrong slide. The editions pictures
use the previous edition of the editions spec (`tests/test_editions.todays_edition`). The
window screenshots come from `screenshots.sh`, the printed handout from the GUI's print.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"
NAME_ALL = ("Agenda", "Contents . .", " of 4 ")  # pages naming sections: agenda, part headers
sys.path.insert(0, str(ROOT))

from briefing.resources import example_path  # noqa: E402
from tests.test_editions import INTERNAL_WORDS, todays_edition  # noqa: E402


def export(out: Path, *args: str) -> dict[str, Path]:
    """The example (or FILE in `args`) exported into `out`: its deck, slides PDF, handout,
    paper, and LibreOffice's PDF of the deck."""
    subprocess.run([sys.executable, "-m", "briefing", "export", "-o", str(out), "--report",
                    "--force", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    deck = next(out.glob("*.pptx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out / "lo"), str(deck)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stem = deck.stem
    return {"deck": out / "lo" / f"{stem}.pdf", "slides": out / f"{stem}.pdf",
            "handout": out / f"{stem}-handout.pdf", "paper": out / f"{stem}-report.pdf"}


def page_of(pdf: Path, *words: str) -> int:
    """The first page (1-based) holding every one of `words`, the agenda and the contents,
    which name every section, left out."""
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        if all(w in text for w in words) and not any(w in text for w in NAME_ALL):
            return number
    raise LookupError(f"no page of {pdf.name} says {words}")


def picture(pdf: Path, page: int, width: int, name: str) -> Path:
    """Page `page` of `pdf` as docs/img/`name`, `width` pixels wide."""
    target = IMG / name
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    "-scale-to-x", str(width), "-scale-to-y", "-1", str(pdf),
                    str(target.with_suffix(""))], check=True)
    print(f"{name}: {pdf.name} page {page}")
    return target


def stacked(pdf: Path, pages: list[int], width: int, name: str) -> None:
    """Pages of `pdf` one above the other, 10 pixels apart, as docs/img/`name`."""
    from PIL import Image

    parts = [Image.open(picture(pdf, p, width, name)).convert("RGB") for p in pages]
    out = Image.new("RGB", (width, sum(p.height for p in parts) + 10 * (len(parts) - 1)),
                    "white")
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height + 10
    out.save(IMG / name, optimize=True)
    print(f"{name}: {pdf.name} pages {pages}")


def printed_handout(out: Path) -> None:
    """A sheet of the handout as File > Print Handout prints it for PARTNERS (4 per sheet)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from briefing import load_file
    from briefing.model.markings import filter_for_audience
    from ui.print_handout import pdf_printer, print_handout

    app = QApplication.instance() or QApplication([])  # noqa: F841 (Qt's painting needs one)
    doc = filter_for_audience(load_file(example_path()), "PARTNERS")
    print_handout(doc, pdf_printer(out), per_page=4, base_dir=example_path().parent)
    picture(out, 1, 496, "printed-handout-partners.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ex = export(tmp_path / "example", "--example")
        picture(ex["deck"], 1, 801, "slide-title.png")
        picture(ex["deck"], page_of(ex["deck"], "Reported casualties by side", "Killed"), 801,
                "slide-chart.png")
        picture(ex["handout"], 1, 414, "handout.png")
        picture(ex["paper"], page_of(ex["paper"], "1. Bottom line up front"), 414, "paper.png")
        for out, name, width in ((ex["slides"], "keyfigures-slide.png", 960),
                                 (ex["paper"], "keyfigures-paper.png", 596),
                                 (ex["deck"], "keyfigures-deck.png", 961)):
            picture(out, page_of(out, "Key figures", "injured in Iran"), width, name)
        for out, name, width in ((ex["slides"], "map-slide.png", 800),
                                 (ex["paper"], "map-paper.png", 497),
                                 (ex["deck"], "map-deck.png", 801)):
            picture(out, page_of(out, "Where the strikes fell"), width, name)
        part = next(n for n, page in enumerate(PdfReader(ex["slides"]).pages, start=1)
                    if "Part 1 of 4" in (page.extract_text() or ""))
        picture(ex["deck"], part, 801, "part-header-deck.png")
        template = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
        tpl = export(tmp_path / "template", "--example", "--template", str(template))
        picture(tpl["deck"], part, 801, "part-header-template.png")

        yesterday = example_path().read_text(encoding="utf-8")
        folder = tmp_path / "editions"
        folder.mkdir()
        (folder / "yesterday.yaml").write_text(yesterday, encoding="utf-8")
        today = todays_edition(yesterday).replace(INTERNAL_WORDS, "matched")  # a real word
        (folder / "today.yaml").write_text(today, encoding="utf-8")
        today = str(folder / "today.yaml")
        pub = export(tmp_path / "public", today, "--since", str(folder / "yesterday.yaml"),
                     "--audience", "PUBLIC")
        picture(pub["slides"], page_of(pub["slides"], "Changes since"), 800,
                "slide-changes.png")
        picture(pub["slides"], page_of(pub["slides"], "Reported casualties by side", "was"),
                800, "slide-chart-was.png")
        # many PUBLIC changes (every event reworded) before the INTERNAL row's: two slides
        reworded = yesterday
        for line in [x for x in yesterday.splitlines() if x.startswith("        text: ")]:
            reworded = reworded.replace(line, line + " (first report)", 1)
        (folder / "yesterday.yaml").write_text(reworded, encoding="utf-8")
        internal = export(tmp_path / "internal", today, "--since",
                          str(folder / "yesterday.yaml"), "--audience", "INTERNAL")
        first = page_of(internal["deck"], "Changes since")
        stacked(internal["deck"], [first, first + 1], 801, "slide-changes-continued.png")
        printed_handout(tmp_path / "printed.pdf")


if __name__ == "__main__":
    main()
