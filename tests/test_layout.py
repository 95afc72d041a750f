"""The layout step: pages of positioned boxes that never overflow, for every section kind."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest

from briefing import load_file
from briefing.layout import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    ChartFrame,
    ShapeBox,
    TableFrame,
    TextBlock,
    layout_document,
    layout_section,
    parse_markup,
)
from briefing.layout.text import height_of
from briefing.model.document import Event
from briefing.model.groups import included_groups
from briefing.text import metrics as textmetrics

STRESS = Path(__file__).parent / "data" / "stress.yaml"


@pytest.fixture(scope="module")
def stress_doc():
    return load_file(STRESS)


@pytest.fixture(scope="module")
def stress_deck(stress_doc):
    return layout_document(stress_doc)


def _pages_of(deck, section_id):
    return [p for p in deck.pages if p.section_id == section_id]


def _assert_nothing_overflows(deck):
    for page in deck.pages:
        for el in page.elements:
            assert el.box.inside(SLIDE_WIDTH, SLIDE_HEIGHT), (page.number, page.title, el.box)
            if isinstance(el, TextBlock):
                need = height_of(el.paragraphs, el.box.w, el.padding)
                assert need <= el.box.h + 0.01, (page.number, el.role, el.text[:60])
            if isinstance(el, TableFrame):
                assert el.header_height + sum(el.row_heights) <= el.box.h + 0.01


def test_example_gives_title_agenda_one_slide_per_section_and_sources(example_doc):
    deck = layout_document(example_doc)
    titles = [p.title for p in deck.pages]
    assert titles[0] == example_doc.title
    assert titles[1] == "Agenda"
    # each part opens with its header slide, then its sections' slides
    assert titles[2:-1] == [t for g in included_groups(example_doc)
                            for t in [g.title] * (g.title is not None) + [s.title for s in g.sections]]
    assert [p.kind for p in deck.pages].count("section_header") == 4
    assert titles[-1] == "Sources"
    assert [p.number for p in deck.pages] == list(range(1, len(deck.pages) + 1))
    _assert_nothing_overflows(deck)


def test_sections_left_out_are_not_laid_out(example_doc):
    doc = copy.deepcopy(example_doc)
    doc.sections[2].include = False
    deck = layout_document(doc)
    assert doc.sections[2].title not in [p.title for p in deck.pages]


def test_citations_are_numbered_by_first_use_and_match_the_footnote_markers(example_doc):
    deck = layout_document(example_doc)
    ids = [s.id for s in deck.citations]
    assert ids[:4] == ["s1", "s2", "s4", "s5"]  # the summary cites these first
    bluf = _pages_of(deck, "bluf")[0]
    (footnote,) = bluf.text_blocks("footnote")
    assert footnote.text == "Sources: [1] [2] [3] [4]"
    cited = set()
    for page in deck.pages:
        for block in page.text_blocks():
            cited |= {int(n) for n in re.findall(r"\[(\d+)\]", block.text)}
    assert cited == set(range(1, len(deck.citations) + 1))


def test_page_marking_is_the_highest_marking_on_the_page(example_doc):
    deck = layout_document(example_doc)
    assert _pages_of(deck, "positions")[0].marking == "INTERNAL"  # one INTERNAL row
    assert _pages_of(deck, "bluf")[0].marking == "PUBLIC"
    assert _pages_of(deck, "key-judgments")[0].marking == "INTERNAL"
    banner = _pages_of(deck, "positions")[0].text_blocks("banner")
    assert [b.text for b in banner] == ["UNCLASSIFIED // EXAMPLE \u2014 INTERNAL"] * 2


def test_portion_marks_prefix_paragraphs_items_and_rows(example_doc):
    doc = copy.deepcopy(example_doc)
    doc.portion_marks = True
    deck = layout_document(doc)
    body = _pages_of(deck, "bluf")[0].text_blocks("body")[0]
    # PUBLIC and PARTNERS share a first letter, so the marks are the shortest unique prefixes
    assert all(p.text.startswith("(PU) ") for p in body.paragraphs)
    judgments = [b.text for b in _pages_of(deck, "key-judgments")[0].text_blocks("body")]
    assert judgments[0].startswith("(PU) Both governments")
    assert judgments[3].startswith("(PA) The reported Iranian claim")
    assert judgments[4].startswith("(I) Pakistan pairs")
    table = next(e for e in _pages_of(deck, "positions")[0].elements
                 if isinstance(e, TableFrame))
    assert table.rows[0][0] == "(PU) Iran (IRGC)"
    assert table.rows[2][0] == "(I) Desk assessment"


def test_a_few_events_are_drawn_on_an_axis_with_one_marker_each(example_doc):
    deck = layout_document(example_doc)
    (page,) = _pages_of(deck, "timeline")
    markers = [e for e in page.elements if isinstance(e, ShapeBox) and e.shape == "ellipse"]
    axis = [e for e in page.elements if isinstance(e, ShapeBox) and e.shape == "line"]
    assert len(markers) == len(example_doc.section_by_id("timeline").events) == 6
    assert len(axis) == 1
    assert all(m.box.y < axis[0].box.y < m.box.bottom for m in markers)


def test_chart_page_carries_the_model_chart_and_the_note(example_doc):
    deck = layout_document(example_doc)
    (page,) = _pages_of(deck, "casualties")
    (frame,) = [e for e in page.elements if isinstance(e, ChartFrame)]
    assert frame.chart.categories == ["Killed", "Children among killed", "Injured"]
    assert frame.legend  # two series
    assert any("Iran-side injured not reported" in b.text for b in page.text_blocks("caption"))
    assert any(b.text.startswith("CAVEAT") for b in page.text_blocks("tag"))


def test_long_text_continues_on_cont_slides_without_losing_a_word(stress_doc, stress_deck):
    pages = _pages_of(stress_deck, "long-text")
    assert len(pages) > 5
    assert pages[0].title == "A four-thousand-word text section"
    assert pages[1].title == "A four-thousand-word text section (cont.)"
    assert [p.title for p in pages[2:]] == [f"A four-thousand-word text section (cont. {k})"
                                            for k in range(2, len(pages))]
    laid_out = " ".join(b.text for p in pages for b in p.text_blocks("body"))
    source = " ".join("".join(r.text for r in b.runs)
                      for b in parse_markup(stress_doc.section_by_id("long-text").text))
    strip = re.compile(r"\([A-Z]+\) |\s+")
    assert strip.sub("", laid_out) == strip.sub("", source)
    sizes = {p.size for pg in pages for b in pg.text_blocks("body") for p in b.paragraphs}
    assert min(sizes) >= 14  # continued, not shrunk


def test_long_table_repeats_its_header_and_keeps_every_row(stress_doc, stress_deck):
    pages = _pages_of(stress_deck, "big-table")
    frames = [e for p in pages for e in p.elements if isinstance(e, TableFrame)]
    assert len(frames) == len(pages) > 1
    assert all(f.columns == ["Name", "Description", "Assessment", "Count"] for f in frames)
    names = [row[0] for f in frames for row in f.rows]
    assert [re.sub(r"^\([A-Z]+\) ", "", n) for n in names] == [f"Row {i}" for i in range(1, 61)]
    assert all(f.font_size >= 11 for f in frames)


def test_long_timeline_becomes_a_dated_table_split_between_dates(stress_doc, stress_deck):
    pages = _pages_of(stress_deck, "long-timeline")
    frames = [e for p in pages for e in p.elements if isinstance(e, TableFrame)]
    assert len(frames) > 1 and frames[0].columns[0] == "Date"
    assert sum(len(f.rows) for f in frames) == 40
    for before, after in zip(frames, frames[1:], strict=False):
        last = before.rows[-1][0].split("\n")[0]
        first = after.rows[0][0].split("\n")[0]
        assert last != first, "a page break split one date's events"


def test_wide_chart_is_cut_into_even_runs_of_categories(stress_doc, stress_deck):
    pages = _pages_of(stress_deck, "wide-chart")
    charts = [e.chart for p in pages for e in p.elements if isinstance(e, ChartFrame)]
    assert [len(c.categories) for c in charts] == [10, 10, 10]
    assert sum((c.categories for c in charts), []) == \
        stress_doc.section_by_id("wide-chart").chart.categories
    assert [len(s.values) for c in charts for s in c.series] == [10] * 6


def test_stress_document_never_overflows_and_stays_on_the_slide(stress_deck):
    _assert_nothing_overflows(stress_deck)
    titles = [p.title for p in stress_deck.pages]
    for name in ("A four-thousand-word text section", "Sixty-row table",
                 "Forty-event timeline", "Chart with thirty categories"):
        assert f"{name} (cont.)" in titles


def test_a_word_longer_than_a_line_is_broken():
    url = "https://example.org/" + "abcdefghij" * 30
    lines = textmetrics.wrap_text(url, 300, 18)
    assert len(lines) > 1
    assert "".join(lines) == url
    assert all(textmetrics.measure(line, 18) <= 300 for line in lines)


def test_latin_extended_names_are_measured_with_the_shipped_font():
    widths, _default = textmetrics._widths("LiberationSans")
    assert all(ord(c) in widths for c in "Sistan-Baluchestan Łódź Ærøskøbing Ñandú")
    assert textmetrics.measure("Sistan-Baluchestan", 18) == pytest.approx(155.09, abs=0.05)


def test_layout_section_gives_the_same_pages_as_the_full_deck(example_doc):
    deck = layout_document(example_doc)
    section = example_doc.section_by_id("key-judgments")
    full = _pages_of(deck, "key-judgments")
    alone = layout_section(example_doc, section, deck.theme, start_number=full[0].number)

    def unnumbered(pages):  # a section alone does not know the deck's length ("6 / 21")
        return [[e for e in p.elements if not (isinstance(e, TextBlock) and e.role == "number")]
                for p in pages]

    assert unnumbered(alone) == unnumbered(full)
    assert [_number(p) for p in alone] == [_number(p).split(" / ")[0] for p in full]


def _number(page) -> str:
    return next(e.text for e in page.elements if isinstance(e, TextBlock) and e.role == "number")


def test_same_date_events_stay_together_when_the_timeline_is_split(example_doc):
    doc = copy.deepcopy(example_doc)
    timeline = doc.section_by_id("timeline")
    day = dt.date(2024, 2, 1)
    timeline.events = [Event(date=day + dt.timedelta(days=i // 4), text="x " * (10 + i % 5 * 9))
                       for i in range(28)]
    deck = layout_document(doc)
    frames = [e for p in _pages_of(deck, "timeline") for e in p.elements
              if isinstance(e, TableFrame)]
    assert len(frames) > 1
    for f in frames:
        assert len(f.rows) % 4 == 0, "pages hold whole days"


def test_a_line_breaks_after_a_hyphen_between_letters_as_powerpoint_does():
    """Given a place name joined by a hyphen in a narrow column, when wrapped, then the line
    breaks after the hyphen ("Sistan-" / "Baluchestan,") rather than inside a word; dates and
    negative numbers are never split at their hyphens."""
    from briefing.text import metrics as tm

    lines = tm.wrap_text("Sistan-Baluchestan, Iran; Pakistan armed forces", 80, 12)
    assert lines[0] == "Sistan-" and lines[1].startswith("Baluchestan,")
    assert not any(line.ends_in_word for line in tm.wrap(
        [tm._Plain("Sistan-Baluchestan, Iran", False, False)], 80, 12))
    assert "well-known" in tm.wrap_text("a well-known case", 200, 12)[0]
    assert tm.wrap_text("on 2024-01-18", 65, 12) == ["on", "2024-01-18"]
    assert "-5" in tm.wrap_text("fell by -5 points", 60, 12)[0]
