"""The deck's left-aligned paragraphs wrap at the width the layout broke their lines at, so
PowerPoint and LibreOffice break them where the slides PDF and the handout do: the layout
wraps at `WIDTH_SAFETY` of a paragraph's room (a renderer measuring a hair wider keeps its
lines); the deck says so with the paragraph's right margin, and the box keeps its size."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from briefing.export.job import ExportJob, run_export
from briefing.layout import layout_document
from briefing.render.pptx.deck import write_pptx
from briefing.text import metrics as tm

EMU_PER_PT = 12700


def _deck(doc):
    out = io.BytesIO()
    write_pptx(doc, out)
    out.seek(0)
    return Presentation(out)


def test_every_left_aligned_paragraph_wraps_where_the_layout_broke_its_lines(example_doc):
    prs = _deck(example_doc)
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            body = shape.text_frame._txBody
            body_pr = body.find(qn("a:bodyPr"))
            insets = int(body_pr.get("lIns", 91440)) + int(body_pr.get("rIns", 91440))
            for p in body.findall(qn("a:p")):
                ppr = p.find(qn("a:pPr"))
                if ppr is None or ppr.get("algn", "l") != "l" or ppr.get("rtl") == "1" \
                        or p.find(qn("a:fld")) is not None:
                    continue
                content = (shape.width - insets) / EMU_PER_PT
                indent = int(ppr.get("marL", 0)) / EMU_PER_PT
                wraps_at = content - indent - int(ppr.get("marR", 0)) / EMU_PER_PT
                assert abs(wraps_at - (content - indent) * tm.WIDTH_SAFETY) < 0.01, (
                    shape.name, "".join(t.text or "" for t in p.iter(qn("a:t")))[:40])
                checked += 1
    assert checked > 100


def _lines(pdf: Path, page: int) -> list[str]:
    """The text lines of one page, as poppler lays them out, without the footer's line."""
    out = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    lines = [re.sub(r"\s+", " ", line).strip() for line in out.splitlines() if line.strip()]
    return [line for line in lines if not re.search(r"\b\d+( / \d+)?$", line)]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and poppler")
def test_libreoffice_breaks_the_decks_bullets_where_the_slides_pdf_does(example_doc, tmp_path):
    job = ExportJob(pptx=tmp_path / "deck.pptx", pdf=tmp_path / "slides.pdf")
    run_export(example_doc, job)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(job.pptx)],
                   check=True, capture_output=True, timeout=180)
    rendered = tmp_path / "lo" / "deck.pdf"
    titles = ("Bottom line up front", "Stated justifications", "Human cost",
              "Outlook and indicators", "Source assessment")
    pages = [n for n, page in enumerate(layout_document(example_doc).pages, start=1)
             if page.title in titles]
    assert len(pages) == len(titles)
    for n in pages:  # before: LibreOffice set a word more on some of these lines
        assert _lines(rendered, n) == _lines(job.pdf, n), n
