"""The numbered lists of the deck (sources, agenda) carry each number in its entry's paragraph.

A number drawn in a box of its own, kept level with its entry by blank lines, drifts off its
entry in a viewer that spaces lines a little differently (LibreOffice did from [3] on): each
entry is one paragraph numbered by PowerPoint's own numbering, so no viewer can separate them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation

from briefing import load_text
from briefing.layout import Run, layout_document
from briefing.render.pptx.deck import write_pptx

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
COUNT = 30


def export(doc) -> bytes:
    buf = io.BytesIO()
    write_pptx(doc, buf)
    return buf.getvalue()


def _title(k: int) -> str:
    """Entries of one, two and three lines in turn, each starting with its own token; the
    two-line ones fill their first line, so a viewer whose font is a little wider than the
    layout's (LibreOffice without Arial) wraps them once more than the layout did."""
    if k % 3 == 1:
        return f"Zq{k:02d} " + _full_line()
    tail = ("", "", " reported by several outlets over the weekend and quoted at length in the "
            "article, with a correction issued the following Monday by the same publisher "
            "and a second one a week later")[k % 3]
    return f"Zq{k:02d} statement{tail}"


def _full_line() -> str:
    """Words that fill all but the last few points of a sources slide's line."""
    from briefing.text import metrics as tm

    probe = layout_document(load_text(_doc(lambda k: f"Zq{k:02d} x")))
    block = next(b for page in probe.pages if page.kind == "sources"
                 for b in page.text_blocks() if b.text.startswith("Zq"))
    para = block.paragraphs[0]
    words: list[str] = []
    while True:
        runs = [Run(f"Zq00 {' '.join([*words, 'wording'])}. Desk.")]
        if len(tm.paragraph_lines(replace(para, runs=runs), block.box.w - 8)) > 1:
            return " ".join(words)
        words.append("wording")


def _doc(title, count: int = COUNT) -> str:
    sources = "\n".join(f"- {{id: s{k}, title: \"{title(k)}\", publisher: Desk}}"
                        for k in range(1, count + 1))
    cited = ", ".join(f"s{k}" for k in range(1, count + 1))
    return (f"format: briefing/1\ntitle: Numbered lists\nas_of: 2024-03-20\nsources:\n{sources}\n"
            f"sections:\n- {{id: t, kind: text, title: Text, text: Body., sources: [{cited}]}}\n")


def numbered_doc(count: int = COUNT) -> str:
    return _doc(_title, count)


@pytest.fixture(scope="module")
def deck_bytes() -> bytes:
    return export(load_text(numbered_doc()))


def _source_slides(prs):
    return [s for s in prs.slides
            if s.shapes.title is not None and s.shapes.title.text.startswith("Sources")]


def test_each_source_is_one_paragraph_numbered_by_powerpoint_from_its_own_number(deck_bytes):
    slides = _source_slides(Presentation(io.BytesIO(deck_bytes)))
    assert len(slides) >= 2  # the list continues: numbering goes on from the first slide
    numbers, entries = [], []
    for slide in slides:
        for p in slide.shapes._spTree.iter(f"{{{A_NS}}}p"):
            text = "".join(t.text or "" for t in p.iter(f"{{{A_NS}}}t"))
            if not text.startswith("Zq"):
                continue
            (auto,) = p.findall(f"{{{A_NS}}}pPr/{{{A_NS}}}buAutoNum")
            assert auto.get("type") == "arabicPeriod"
            numbers.append(int(auto.get("startAt")))
            entries.append(int(text[2:4]))
    assert numbers == entries == list(range(1, COUNT + 1))
    for slide in slides:  # no box of bare numbers padded with blank lines any more
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert not re.fullmatch(r"\[?\d+\]?\s*(\n\s*)*\n\[?\d+\]?[\s\d\[\]]*",
                                        shape.text_frame.text.strip())


def test_the_agenda_numbers_its_sections_in_their_paragraphs():
    text = numbered_doc(3).replace(
        "sections:\n", "sections:\n- {id: u, kind: text, title: Second section, text: More.}\n")
    prs = Presentation(io.BytesIO(export(load_text(text))))
    agenda = next(s for s in prs.slides if s.shapes.title.text == "Agenda")
    starts = [int(v) for v in agenda.shapes._spTree.xpath(".//a:buAutoNum/@startAt")]
    assert starts == [1, 2]


def test_the_slides_pdf_draws_the_same_number_in_the_hanging_indent():
    deck = layout_document(load_text(numbered_doc()))
    entries = [p for page in deck.pages if page.kind == "sources"
               for block in page.text_blocks() for p in block.paragraphs if p.number]
    assert [p.bullet_char for p in entries] == [f"{k}." for k in range(1, COUNT + 1)]
    assert all(p.bullet and p.bullet_offset < p.indent for p in entries)


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y of the top, word) of every word on a page, from poppler's pdftotext."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(x), float(y), w) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


@pytest.mark.timeout(300)
def test_libreoffice_draws_every_number_level_with_its_entry(deck_bytes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler's pdftotext are needed to look at the render")
    src = tmp_path / "numbered.pptx"
    src.write_bytes(deck_bytes)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    prs = Presentation(io.BytesIO(deck_bytes))
    pages = [k + 1 for k, s in enumerate(prs.slides) if s in _source_slides(prs)]
    seen = []
    for page in pages:
        words = _words(tmp_path / "numbered.pdf", page)
        for x, y, word in words:
            found = re.fullmatch(r"Zq(\d\d)", word)
            if not found:
                continue
            number = [w for w in words if re.fullmatch(r"\[?\d+[.\]]", w[2])
                      and abs(w[1] - y) < 2 and w[0] < x]
            assert [n[2].strip("[].") for n in number] == [str(int(found[1]))], (page, word)
            seen.append(int(found[1]))
    # every entry LibreOffice drew has its number beside it (a machine without Arial or
    # Liberation Sans draws a wider font, and the last entries of a slide may run off it)
    assert seen == sorted(seen) and len(seen) >= COUNT // 2, seen
