"""What changed, marked where it is: a "new" or "updated" tag on a section's slides and paper
heading, and each changed figure's old reading under its chart ("11, was at least 9").

Decided once in the layout (`Ctx.edition`, `chart_rules.was_note`, `frame.edition_tag`) from
the comparison of the two editions, drawn by every output: deck, slides PDF, handout, paper.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_editions import _pdf_text, _slides, editions  # noqa: F401 (a fixture)

from briefing import load_file
from briefing.cli import main
from briefing.diff.editions import compare_editions
from briefing.layout import layout_document
from briefing.layout.chart_rules import was_note
from briefing.layout.incremental import SectionCache
from briefing.model import compare as c
from briefing.model import document as m

WAS = "Changed since 18 June 2025: Killed / Iran (Pakistani strike, 18 Jan) 11, was at least 9."


@pytest.fixture
def exported(editions, tmp_path):  # noqa: F811 (the fixture imported above)
    old, new = editions
    out = tmp_path / "out"
    assert main(["export", str(new), "--since", str(old), "-o", str(out), "--report"]) == 0
    return out


def _is_slide_of(text: str, title: str) -> bool:
    """The section's own slide: its title a line, and not the agenda, the change slide or a
    part's header slide (which lists its sections' titles under "Part 1 of 4")."""
    lines = text.split("\n")
    return title in lines and "Agenda" not in text and "Changes since" not in text \
        and not any(re.fullmatch(r"Part \d+ of \d+", line) for line in lines)


def _marks(editions) -> c.EditionMarks:  # noqa: F811
    old, new = (load_file(p, check_files=False) for p in editions)
    return c.edition_marks(compare_editions(old, new))


def test_the_example_pair_marks_new_updated_and_the_raised_figure(editions):  # noqa: F811
    marks = _marks(editions)
    assert marks.sections == {"border-closures": "new", "casualties": "updated",
                              "positions": "updated", "key-judgments": "updated"}
    assert marks.was == {"casualties": {("Killed", "Iran (Pakistani strike, 18 Jan)"):
                                        "at least 9"}}


def test_each_output_says_what_the_figure_was_under_its_chart(exported):
    slides = [s.replace("\u00a0", " ") for s in _slides(exported / "today.pptx")]
    [chart_slide] = [s for s in slides if _is_slide_of(s, "Reported casualties by side")]
    assert WAS in chart_slide
    for pdf in ("today.pdf", "today-handout.pdf", "today-report.pdf"):
        text = " ".join(_pdf_text(exported / pdf).replace("\u00a0", " ").split())
        assert WAS in text, pdf


def test_sections_new_or_changed_carry_their_tag_on_slides_and_in_the_paper(exported):
    slides = _slides(exported / "today.pptx")

    def slide(title: str) -> list[str]:
        return next(s for s in slides if _is_slide_of(s, title)).split("\n")

    assert "NEW" in slide("Border closures")
    assert "UPDATED" in slide("Reported casualties by side")
    assert "UPDATED" in slide("Key judgments")
    assert "NEW" not in slide("Sequence of events") and "UPDATED" not in slide(
        "Sequence of events")
    paper = " ".join(_pdf_text(exported / "today-report.pdf").replace("\u00a0", " ").split())
    assert "Border closures NEW" in paper and "Reported casualties by side UPDATED" in paper
    assert "Sequence of events UPDATED" not in paper


def test_a_tag_stands_under_the_title_and_the_body_below_it():
    doc = m.Document("T", dt.date(2024, 1, 19), sections=[
        m.Section(kind="text", title="A section", id="a", text="Words.", caveat="Unverified")])
    marks = c.EditionMarks(dt.date(2024, 1, 18), sections={"a": "updated"})
    [page] = [p for p in layout_document(doc, edition=marks).pages if p.section_id == "a"]
    [tag] = [b for b in page.text_blocks("tag") if b.text == "UPDATED"]
    [title] = page.text_blocks("title")
    [body] = page.text_blocks("body")
    [caveat] = [b for b in page.text_blocks("tag") if "CAVEAT" in b.text]
    assert tag.box.y >= title.box.bottom and body.box.y >= tag.box.bottom
    assert caveat.box.x >= tag.box.right and caveat.box.y == tag.box.y  # side by side


@pytest.mark.parametrize("change", ["notes", "moved"])
def test_a_change_the_room_does_not_see_tags_nothing(change):
    a = m.Section(kind="text", title="A", id="a", text="Same.", notes="Say it.")
    b = m.Section(kind="text", title="B", id="b", text="Same too.")
    old = m.Document("T", dt.date(2024, 1, 18), sections=[a, b])
    if change == "notes":
        moved = [m.Section(kind="text", title="A", id="a", text="Same.", notes="Say QZ."), b]
    else:
        moved = [b, a]
    new = m.Document("T", dt.date(2024, 1, 18), sections=moved)
    assert c.compare(old, new).changes
    assert c.edition_marks(c.compare(old, new)).sections == {}


def test_the_note_names_the_series_only_when_there_are_several():
    chart = m.Chart("pie", ["A", "B"], [m.Series("S", [m.Value(3), m.Value(None)])])
    assert was_note(chart, {("A", "S"): "2"}, "1 May 2025") == \
        "Changed since 1 May 2025: A 3, was 2."
    assert was_note(chart, {("B", "S"): "2"}, "1 May 2025") == \
        "Changed since 1 May 2025: B unknown, was 2."
    assert was_note(chart, {}, "1 May 2025") is None


def test_the_incremental_layout_lays_a_section_out_again_when_its_marks_change(editions):  # noqa: F811
    new = load_file(editions[1], check_files=False)
    cache = SectionCache()
    plain = cache.layout(new)
    marked = cache.layout(new, edition=_marks(editions))
    assert "casualties" in cache.laid_out

    def texts(deck) -> str:
        return "\n".join(b.text for p in deck.pages for b in p.text_blocks())

    assert WAS not in texts(plain) and WAS in texts(marked).replace("\u00a0", " ")
