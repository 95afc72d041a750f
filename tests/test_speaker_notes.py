"""Speaker notes of a section that runs over several slides.

Given a section whose text continues over "(cont.)" slides and whose notes say something, when
the briefing is laid out and exported, then the section's first slide carries the full notes and
every continuation slide only a short pointer back ("(continued from slide 4: Border
crossings)"), so a presenter reading the notes pane never reads the same notes twice and knows
where the section began. The deck's notes slides and the 1-per-page handout say the same, since
both draw the layout's pages. A section without notes gets none on any of its slides.
"""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_text
from briefing.layout import layout_document
from briefing.render.pdf.slides import write_handout_pdf, write_slides_pdf
from briefing.render.pptx.deck import write_pptx

NOTES_MARK = "Stress that sector 12 is unverified"
NOTES = f"Walk through the crossings from north to south. {NOTES_MARK}."
POINT = ("the crossing at sector {k} was reported closed by local officials, with traffic "
         "diverted north for at least two days while repairs continue.")
SOURCES = 40


def _yaml() -> str:
    bullets = "\n".join(f"      - Point {k}: " + POINT.format(k=k) for k in range(1, 31))
    quiet = "\n".join(f"      - Item {k}: " + POINT.format(k=k) for k in range(1, 16))
    sources = "\n".join(
        f"  - id: s{k}\n    title: Provincial disaster authority situation report {k} on the "
        "border crossings and the people displaced by their closure\n"
        "    publisher: Provincial authority" for k in range(1, SOURCES + 1))
    return f"""format: briefing/1
title: Border crossings briefing
as_of: 2024-01-19
sources:
{sources}
sections:
  - id: intro
    kind: text
    title: Opening
    notes: Open with the map.
    text: Short.
  - id: long
    kind: text
    title: Border crossings
    notes: |
      {NOTES}
    sources: [{", ".join(f"s{k}" for k in range(1, SOURCES + 1))}]
    text: |
{bullets}
  - id: quiet
    kind: text
    title: Without notes
    text: |
{quiet}
"""


@pytest.fixture(scope="module")
def doc():
    return load_text(_yaml())


@pytest.fixture(scope="module")
def deck(doc):
    return layout_document(doc)


def _section_pages(deck, section_id):
    return [p for p in deck.pages if p.section_id == section_id]


def _export(writer, doc, **kw) -> bytes:
    out = io.BytesIO()
    writer(doc, out, **kw)
    return out.getvalue()


@pytest.fixture(scope="module")
def pptx_bytes(doc) -> bytes:
    return _export(write_pptx, doc)


@pytest.fixture(scope="module")
def handout_bytes(doc) -> bytes:
    return _export(write_handout_pdf, doc, per_page=1)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "")


# --- the layout decision -------------------------------------------------------------------

def test_the_long_section_continues_over_at_least_three_slides(deck):
    pages = _section_pages(deck, "long")
    assert len(pages) >= 3
    assert [p.continued for p in pages] == [False] + [True] * (len(pages) - 1)


def test_first_slide_has_the_full_notes_continuations_a_pointer_back(deck):
    first, *rest = _section_pages(deck, "long")
    assert first.notes == NOTES
    for page in rest:
        assert page.notes == f"(continued from slide {first.number}: Border crossings)"
        assert NOTES_MARK not in page.notes


def test_the_notes_appear_once_in_the_whole_deck(deck):
    assert sum(NOTES_MARK in p.notes for p in deck.pages) == 1


def test_a_continuing_section_without_notes_has_none_on_any_slide(deck):
    pages = _section_pages(deck, "quiet")
    assert len(pages) >= 2
    assert [p.notes for p in pages] == [""] * len(pages)


def test_continued_sources_slides_point_back_to_the_first(deck):
    pages = [p for p in deck.pages if p.kind == "sources"]
    assert len(pages) >= 2
    assert pages[0].notes.startswith("Sources cited in this briefing")
    for page in pages[1:]:
        assert page.notes == f"(continued from slide {pages[0].number}: Sources)"


def test_a_section_laid_out_alone_points_back_to_its_own_first_number(doc):
    from briefing.layout import layout_section

    section = next(s for s in doc.sections if s.id == "long")
    pages = layout_section(doc, section, start_number=7)
    assert pages[0].notes == NOTES
    assert {p.notes for p in pages[1:]} == {"(continued from slide 7: Border crossings)"}


# --- the deck's notes slides ---------------------------------------------------------------

def test_pptx_notes_slides_say_the_notes_once_then_point_back(pptx_bytes, deck):
    prs = Presentation(io.BytesIO(pptx_bytes))
    slides = list(prs.slides)
    assert len(slides) == len(deck.pages)
    first, *rest = _section_pages(deck, "long")
    notes = slides[first.number - 1].notes_slide.notes_text_frame.text
    assert notes == NOTES
    for page in rest:
        slide = slides[page.number - 1]
        assert slide.notes_slide.notes_text_frame.text == (
            f"(continued from slide {first.number}: Border crossings)")
    every = [s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide]
    assert sum(NOTES_MARK in text for text in every) == 1


def test_pptx_continuations_of_a_section_without_notes_get_no_notes_slide(pptx_bytes, deck):
    slides = list(Presentation(io.BytesIO(pptx_bytes)).slides)
    for page in _section_pages(deck, "quiet"):
        assert not slides[page.number - 1].has_notes_slide


# --- the handout and the slides PDF ----------------------------------------------------------

def test_one_per_page_handout_prints_the_notes_once(handout_bytes, deck):
    reader = PdfReader(io.BytesIO(handout_bytes))
    assert len(reader.pages) == len(deck.pages)
    texts = [_flat(p.extract_text()) for p in reader.pages]
    assert sum(NOTES_MARK in t for t in texts) == 1
    first, *rest = _section_pages(deck, "long")
    assert NOTES_MARK in texts[first.number - 1]
    for page in rest:
        assert f"(continued from slide {first.number}: Border crossings)" in texts[page.number - 1]


def test_slides_pdf_has_a_page_per_slide_and_no_notes(doc, deck):
    reader = PdfReader(io.BytesIO(_export(write_slides_pdf, doc)))
    assert len(reader.pages) == len(deck.pages)
    assert NOTES_MARK not in _flat(" ".join(p.extract_text() for p in reader.pages))


def test_same_document_same_bytes(doc, pptx_bytes, handout_bytes):
    assert _export(write_pptx, doc) == pptx_bytes
    assert _export(write_handout_pdf, doc, per_page=1) == handout_bytes


def test_a_title_with_markup_characters_and_persian_is_pointed_to_verbatim():
    title = "مرز <b>A & B</b>"
    bullets = "\n".join(f"      - Point {k}: " + POINT.format(k=k) for k in range(1, 21))
    doc = load_text(f"""format: briefing/1
title: Pointer title
as_of: 2024-01-19
sections:
  - id: odd
    kind: text
    title: "{title}"
    notes: Say it once.
    text: |
{bullets}
""")
    pages = layout_document(doc).pages
    first = next(p for p in pages if p.section_id == "odd")
    pointer = f"(continued from slide {first.number}: {title})"
    slides = list(Presentation(io.BytesIO(_export(write_pptx, doc))).slides)
    assert slides[first.number].notes_slide.notes_text_frame.text == pointer
    handout = PdfReader(io.BytesIO(_export(write_handout_pdf, doc, per_page=1)))
    assert "A & B" in _flat(handout.pages[first.number].extract_text())
