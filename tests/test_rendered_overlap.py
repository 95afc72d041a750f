"""No two texts overlap on any page of any output, as a reader sees them (issue 14, "how to know
it is done"): the slides PDF, the handout, the paper and LibreOffice's render of the deck, for
the example, the Nagorno-Karabakh typography brief on the corporate-template sample and the
stress briefing.

The pages are read back with poppler's `pdftotext -bbox`: one box per drawn word. A word's box
runs from its font's ascent to its descent, so boxes of neighbouring lines touch; each box is
trimmed by a fifth of its height at top and bottom before two boxes are compared, which keeps
touching lines apart and still catches a label drawn over another text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from briefing.export.job import ExportJob, run_export
from briefing.format.reader import load_file
from briefing.resources import example_path

ROOT = Path(__file__).resolve().parent.parent
NK = Path(__file__).resolve().parent / "data" / "nagorno-karabakh-typography.yaml"
STRESS = Path(__file__).resolve().parent / "data" / "stress.yaml"
GAPS = Path(__file__).resolve().parent / "data" / "chart-gaps.yaml"
TEMPLATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
HERAT = Path(__file__).resolve().parent / "data" / "review-herat.yaml"

Box = tuple[float, float, float, float, str]

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler's pdftotext reads the words back")


def words(pdf: Path) -> list[list[Box]]:
    """(x0, y0, x1, y1, word) of every word, page by page, without the format characters
    LibreOffice's PDF lists as text (`_drawn`)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)'
        r'</word>', page)] for page in out.split("<page ")[1:]]
    return [[box for box in map(_drawn, page) if box is not None] for page in pages]


def _drawn(box: Box) -> Box | None:
    """`box` less its format characters (the directional isolates around a Persian title):
    LibreOffice draws nothing for them and sets the next glyph where they stood, but its PDF
    lists them as text, which pdftotext counts as wide as a letter. A word of them alone is
    dropped; one that begins or ends in them is trimmed by their share of its box."""
    x0, y0, x1, y1, word = box
    kept = "".join(ch for ch in word if unicodedata.category(ch) != "Cf")
    if not kept:
        return None
    if kept == word:
        return box
    share = (x1 - x0) / len(word)
    lead = len(word) - len(word.lstrip("".join(set(word) - set(kept))))
    tail = len(word) - len(word.rstrip("".join(set(word) - set(kept))))
    return (x0 + lead * share, y0, x1 - tail * share, y1, kept)


def overlapping(page: list[Box], trim: float = 0.2) -> list[tuple[str, str]]:
    """The pairs of words whose boxes, trimmed by `trim` of their height top and bottom,
    cover each other by more than half a point both ways."""
    found = []
    for i, a in enumerate(page):
        for b in page[i + 1:]:
            ta, tb = (a[3] - a[1]) * trim, (b[3] - b[1]) * trim
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3] - ta, b[3] - tb) - max(a[1] + ta, b[1] + tb)
            if across > 0.5 and down > 0.5:
                found.append((a[4], b[4]))
    return found


def problems(pdf: Path) -> list[tuple[str, int, list[tuple[str, str]]]]:
    return [(pdf.name, k, pairs) for k, page in enumerate(words(pdf), 1)
            if (pairs := overlapping(page))]


def test_the_check_sees_one_word_drawn_over_another(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "over.pdf"
    canvas = Canvas(str(path), pagesize=(400, 200))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(50, 100, "Armenia and Azerbaijan")
    canvas.drawString(50, 86, "the next line touches it")  # 14 pt apart: no overlap
    canvas.drawString(80, 103, "3,800")  # a label over the line
    canvas.save()
    ((name, page, pairs),) = problems(path)
    assert (name, page) == ("over.pdf", 1)
    assert {frozenset(p) for p in pairs} == {frozenset({"Armenia", "3,800"}),
                                             frozenset({"and", "3,800"})}


def _export(doc, out: Path, template: Path | None) -> list[Path]:
    job = ExportJob(pptx=out / "deck.pptx", pdf=out / "slides.pdf",
                    handout=out / "handout.pdf", report=out / "paper.pdf", template=template)
    run_export(doc, job)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdfs = [job.pdf, job.handout, job.report]
    if soffice is not None:
        subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out / "render"),
                        str(job.pptx)], check=True, capture_output=True, timeout=240)
        pdfs.append(out / "render" / "deck.pdf")
    return pdfs


@pytest.mark.timeout(400)
@pytest.mark.parametrize("which", ["example", "nk-corporate", "stress",
                                   "chart-gaps", "review-herat-serif"])
def test_no_two_texts_overlap_on_any_page_of_any_output(which, tmp_path):
    if which == "example":
        doc, template = load_file(example_path()), None
    elif which == "stress":  # thirty categories of thin bars, long titles, many pages
        doc, template = load_file(STRESS), None
    elif which == "chart-gaps":  # unknown and range-only values, slivers in stacks
        doc, template = load_file(GAPS), None
    elif which == "review-herat-serif":  # ranges, a long category, Persian, Pashto, Urdu, a
        # map, the corporate sample in DejaVu Serif (wider than Arial)
        from tests.test_template_look import with_fonts

        doc = load_file(HERAT)
        template = with_fonts(tmp_path, "DejaVu Serif", "DejaVu Serif")
    else:
        doc, template = load_file(NK), TEMPLATE
    pdfs = _export(doc, tmp_path, template)
    assert all(words(pdf) for pdf in pdfs)
    found = [p for pdf in pdfs for p in problems(pdf)]
    assert found == []
