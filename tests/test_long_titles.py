"""A title written for a document, not a slide, never runs off the slide.

Titles may be up to the format's limit for one-line fields; the slide shows the longest start of
the title that fits six lines at the smallest title size, ending in an ellipsis, in its title and in the agenda. The full
title stays where there is room: the outline, the speaker notes and the paper."""

from __future__ import annotations

import pytest

from briefing import load_text
from briefing.format.writer import dumps
from briefing.layout import layout_document
from briefing.layout.frame import TITLE_MOST_H, shortened_title
from briefing.layout.geometry import SLIDE_HEIGHT, SLIDE_WIDTH, TextBlock
from briefing.layout.text import height_of
from briefing.model import document as m
from briefing.model.fields import MAX_SHORT

SPACED = " ".join(["Very long title words"] * 100)[:MAX_SHORT]
ONE_WORD = "W" * MAX_SHORT


def _doc(title: str) -> m.Document:
    sections = [m.Section(kind="summary", title="Bottom line", text="- One point."),
                m.Section(kind="text", title=title, text="A paragraph of text.")]
    doc = m.Document(title="Long titles", as_of="2024-01-18", sections=sections)
    return load_text(dumps(doc))  # what `briefing validate` accepts


@pytest.mark.parametrize("title", [SPACED, ONE_WORD], ids=["spaced", "one-word"])
def test_every_text_block_fits_inside_the_slide(title):
    assert len(title) <= MAX_SHORT  # the format accepts it
    for page in layout_document(_doc(title)).pages:
        for el in page.elements:
            if not isinstance(el, TextBlock):
                continue
            b = el.box
            assert 0 <= b.x and b.x + b.w <= SLIDE_WIDTH + 0.5, (page.number, el.role)
            assert 0 <= b.y and b.y + b.h <= SLIDE_HEIGHT + 0.5, (page.number, el.role)
            assert height_of(el.paragraphs, b.w, el.padding) <= b.h + 0.5, (page.number, el.role)


@pytest.mark.parametrize("title", [SPACED, ONE_WORD], ids=["spaced", "one-word"])
def test_the_section_slide_title_is_shortened_to_six_lines_with_an_ellipsis(title):
    pages = layout_document(_doc(title)).pages
    section = next(p for p in pages if p.kind == "section" and p.title.startswith(title[:20]))
    block = next(el for el in section.elements if isinstance(el, TextBlock) and el.role == "title")
    assert block.text.endswith("\u2026")
    assert title.startswith(block.text[:-1].rstrip())
    assert block.box.h <= TITLE_MOST_H + 0.5
    assert title in section.notes or section.title == title  # the full title is not lost


def test_the_agenda_shows_the_same_shortened_title():
    agenda = next(p for p in layout_document(_doc(SPACED)).pages if p.kind == "agenda")
    assert shortened_title(SPACED) in "\n".join(el.text for el in agenda.elements
                                                if isinstance(el, TextBlock))


def test_a_title_that_fits_is_left_alone():
    assert shortened_title("Reported casualties by side") == "Reported casualties by side"
    two_lines = " ".join(["Pakistan answered with drone strikes"] * 3)
    assert shortened_title(two_lines) == two_lines
