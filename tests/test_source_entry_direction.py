"""A source entry with a Persian title reads the same way in the deck, the slides PDF and the paper.

The rule (`layout.wording.source_words`, docs/format.md "Sources"): the entry reads in the
briefing's direction (left to right: every language the format takes is English), the title,
where it reads the other way, an isolated right-to-left run (RLI ... PDI), so its full stop,
the publisher and the grade follow it on the right, and a number at its end stays inside it.
The slides PDF used to draw the entry right to left (most of its letters are Persian), the paper
put the title's full stop on its left, and the deck left the direction to the viewer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_text
from briefing.export.job import default_job, run_export
from briefing.layout.wording import PDI, RLI, entry_direction, source_text
from briefing.text.bidi import display

ROOT = Path(__file__).resolve().parent.parent
PERSIAN = ROOT / "tests" / "data" / "persian-heavy.yaml"
#: a harder entry than the file's own: a number ending the Persian title, a Persian publisher
EXTRA = ('  - {id: bulletin, title: "بیانیه شماره 12", publisher: "ایرنا", date: 2024-01-18, '
         'reliability: B, credibility: 2}\n')


def _doc_text() -> str:
    text = PERSIAN.read_text(encoding="utf-8")
    text = text.replace("sources:\n", "sources:\n" + EXTRA, 1)
    return text.replace("sources: [irna, dawn]", "sources: [irna, dawn, bulletin]", 1)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("entries")
    job = default_job("fa", out)
    job.report = out / "fa-report.pdf"
    run_export(load_text(_doc_text()), job)
    return dict(job.targets())


def _plain(text: str) -> str:
    """Drawn text compared by its letters: shaped forms as letters, no spaces or marks."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _drawn_lines(pdf: Path, page: int) -> list[str]:
    """Each text line of a page as the strings drawn on it, in drawing order, left to right
    (pypdf gives a right-to-left string back in reading order: the runs' order is what
    differs between outputs)."""
    lines: dict[float, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = round(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
            lines.setdefault(y, []).append((x, text))

    PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return ["".join(t for _x, t in sorted(parts, key=lambda p: p[0]))
            for _y, parts in sorted(lines.items(), reverse=True)]


def _entries(pdf: Path) -> list[str]:
    """The entries of the last page's sources list, each without its number."""
    return [re.sub(r"^\d+\.", "", _plain(line)) for line in _drawn_lines(pdf, -1)
            if "Grade" in line]


EXPECTED = [  # runs in drawing order, each right-to-left run in reading order (as pypdf gives)
    "خبرگزاریجمهوریاسلامی.IRNA.GradeC3.",
    "پاکستانکاردعمل.Dawn.GradeB2.",
    "12بیانیهشماره.ایرنا,18January2024.GradeB2.",  # "12" ends the title: at its left
]


@pytest.mark.parametrize("kind", ["pdf", "handout", "report"])
def test_every_pdf_draws_the_entry_title_then_its_full_stop_then_publisher_and_grade(
        outputs, kind):
    assert _entries(outputs[kind]) == EXPECTED


def test_the_deck_writes_each_entry_left_to_right_with_the_title_isolated(outputs):
    prs = Presentation(str(outputs["pptx"]))
    slide = prs.slides[len(prs.slides) - 1]
    paragraphs = [p for shape in slide.shapes if shape.has_text_frame
                  for p in shape.text_frame.paragraphs if "Grade" in p.text]
    assert len(paragraphs) == 3
    for para in paragraphs:
        assert para._p.pPr.get("rtl") == "0"  # the briefing's direction, not the viewer's guess
        text = "".join(r.text for r in para.runs)
        assert text.startswith(RLI) and PDI + "." in text, text
        persian = [r for r in para.runs if any("\u0600" <= c <= "\u06ff" for c in r.text)]
        assert all(r._r.rPr.get("lang") == "fa-IR" for r in persian)
    assert "".join(r.text for r in paragraphs[2].runs) == (
        f"{RLI}بیانیه شماره 12{PDI}. {RLI}ایرنا{PDI}, 18\u00a0January\u00a02024. Grade B2.")


def test_the_visual_order_the_pdfs_draw_is_the_unicode_order_of_the_entry():
    """What the PDFs draw is the Unicode Bidirectional Algorithm's order of the entry's text in
    a left-to-right paragraph: the title's letters reversed in place, then ". ایرنا, 18 ..."."""
    doc = load_text(_doc_text())
    src = doc.source_by_id("bulletin")
    text = source_text(src, doc.language)
    assert entry_direction(doc.language) == "ltr"
    shown = _plain(display(text, "ltr"))
    assert shown.startswith("12" + "هرامش") and shown.index(".") == len("12هرامشهیانیب")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.timeout(300)
def test_libreoffice_draws_the_deck_entries_as_the_pdfs_do(outputs, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs["pptx"])],
                   check=True, capture_output=True, timeout=240)
    assert _entries(tmp_path / "fa.pdf") == EXPECTED
