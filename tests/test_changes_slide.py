"""The "Changes since" slide reads like any other slide: full labels, continued over slides
like any section, and marked by what it shows.

- A key figure's label, a place's name and a table row's name are how the reader finds the part
  that changed: they are given in full, never cut ("killed in Sistan-Baluchestan, Iran (18…").
- Each change carries the level of what it tells (its section's and its item's, old and new);
  each slide and paper page of the list is marked with the highest of the lines it shows: never
  lower, and no longer the highest level either edition happens to hold.
- A change inside a part the audience may not see is not listed at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from briefing import load_text
from briefing.cli import main
from briefing.layout.geometry import Paragraph, Run
from briefing.layout.text import paginate
from briefing.model import compare as c

LONG_LABEL = "killed in Sistan-Baluchestan, Iran (18 Jan)"
PLACE = "Sistan-Baluchestan (Iran)"


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def previous_edition(today: str) -> str:
    """Yesterday's edition of the example: a PUBLIC key figure lower, a PUBLIC place elsewhere,
    the INTERNAL table row and the PARTNERS judgment worded otherwise."""
    text = _edit(today, "as_of: 2025-06-18", "as_of: 2025-06-17")
    text = _edit(text, "- value: {value: 9, qualifier: at least}\n        label: killed in",
                 "- value: 7\n        label: killed in")
    text = _edit(text, "lat: 27.8", "lat: 28.3")
    text = _edit(text, "to restore deterrence without opening a war", "to restore deterrence")
    return _edit(text, "probably deterrence messaging aimed at Israel",
                 "likely deterrence messaging aimed at Israel")


@pytest.fixture
def editions(tmp_path, example_path):
    today = example_path.read_text(encoding="utf-8")
    old, new = tmp_path / "yesterday.yaml", tmp_path / "today.yaml"
    old.write_text(previous_edition(today), encoding="utf-8")
    new.write_text(today, encoding="utf-8")
    return old, new


@dataclass
class Slide:
    marking: str
    text: str


def _change_pages(old_path, new_path, audience: str | None) -> list[Slide]:
    """The change list's slides in the slides PDF exported for `audience`, each with the level
    its banner shows."""
    from pypdf import PdfReader

    out = new_path.parent / f"slides-{audience}-{new_path.stem}.pdf"
    assert main(["export", str(new_path), "--since", str(old_path), "--pdf", str(out),
                 *(["--audience", audience] if audience else [])]) == 0
    slides = []
    for page in PdfReader(str(out)).pages:
        text = page.extract_text().replace("\u00a0", " ")
        if re.search(r"^Changes since .*$", text, re.M) and "Agenda" not in text:
            levels = re.findall(r"UNCLASSIFIED // EXAMPLE — (\w+)", text)
            assert len(set(levels)) == 1, levels
            slides.append(Slide(levels[0], text))
    return slides


def _page_text(page: Slide) -> str:
    return " ".join(page.text.split())


def test_a_key_figures_label_and_a_places_name_are_given_in_full(editions):
    text = "\n".join(_page_text(p) for p in _change_pages(*editions, "PUBLIC"))
    assert f"{LONG_LABEL}: 7 → at least 9" in text
    assert f"{PLACE}: 28.30, 61.60 → 27.80, 61.60" in text
    assert "(18…" not in text


def test_a_table_rows_name_is_given_in_full():
    def doc(last: str) -> str:
        return ("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                "  - {kind: table, title: Positions, table: {columns: [Side, View], rows: ["
                f"[The Pakistan Foreign Ministry spokesperson in Islamabad, {last}]]}}}}\n")

    result = c.compare(load_text(doc("calm")), load_text(doc("stern")))
    assert [ch.field for ch in result.changes] == [
        "row “The Pakistan Foreign Ministry spokesperson in Islamabad”"]


def test_the_change_slide_is_marked_by_the_changes_it_lists_not_by_the_editions(editions):
    # for PARTNERS the list holds PUBLIC changes only (the as-of date, a figure, a place) and
    # the PARTNERS judgment's; for INTERNAL also the INTERNAL row's
    levels = {}
    for audience in ("PUBLIC", "PARTNERS", "INTERNAL"):
        pages = _change_pages(*editions, audience)
        levels[audience] = [p.marking for p in pages]
    assert levels == {"PUBLIC": ["PUBLIC"], "PARTNERS": ["PARTNERS"], "INTERNAL": ["INTERNAL"]}


@pytest.fixture
def public_changes(editions, tmp_path):
    """Two editions whose differences are all PUBLIC (the as-of date, a place moved), while
    both hold INTERNAL and PARTNERS parts."""
    old, new = editions
    today = tmp_path / "only-public.yaml"
    today.write_text(_edit(new.read_text(encoding="utf-8"),
                           "- value: {value: 9, qualifier: at least}\n        label: killed in",
                           "- value: 7\n        label: killed in"), encoding="utf-8")
    old.write_text(_edit(_edit(old.read_text(encoding="utf-8"), "to restore deterrence\"",
                               "to restore deterrence without opening a war\""),
                         "likely deterrence messaging", "probably deterrence messaging"),
                   encoding="utf-8")
    return old, today


def test_a_list_of_public_changes_is_public_in_an_internal_export(public_changes):
    pages = _change_pages(*public_changes, "INTERNAL")
    assert [p.marking for p in pages] == ["PUBLIC"]
    assert "Desk assessment" not in _page_text(pages[0])


def test_the_paper_marks_the_change_list_by_its_lines(public_changes, tmp_path):
    from pypdf import PdfReader

    old, new = public_changes
    out = tmp_path / "paper.pdf"
    assert main(["export", str(new), "--since", str(old), "--report", str(out),
                 "--audience", "INTERNAL"]) == 0
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    page = next(t for t in pages if "Changes since 17 June 2025\n" in t and "→" in t)
    assert "EXAMPLE — PUBLIC" in page and "EXAMPLE — INTERNAL" not in page


def test_each_continuation_slide_is_marked_by_its_own_lines(editions, tmp_path):
    old, new = editions
    yesterday = old.read_text(encoding="utf-8")
    # many PUBLIC changes (every event of the timeline reworded) before the INTERNAL row's
    for line in [x for x in yesterday.splitlines() if x.startswith("        text: ")]:
        yesterday = yesterday.replace(line, line + " (first report)", 1)
    old.write_text(yesterday, encoding="utf-8")
    pages = _change_pages(old, new, "INTERNAL")
    assert len(pages) >= 2
    for page in pages:
        text = _page_text(page)
        restricted = "Desk assessment" in text or "deterrence messaging" in text
        assert page.marking == ("INTERNAL" if "Desk assessment" in text else
                                "PARTNERS" if restricted else "PUBLIC"), text
    assert pages[0].marking == "PUBLIC" and pages[-1].marking == "INTERNAL"


def test_a_change_the_audience_may_not_see_is_not_listed(editions):
    partners = "\n".join(_page_text(p) for p in _change_pages(*editions, "PARTNERS"))
    assert "judgment “The reported Iranian claim" in partners  # the PARTNERS judgment's change
    assert "Desk assessment" not in partners and "Positions at a glance" not in partners
    public = "\n".join(_page_text(p) for p in _change_pages(*editions, "PUBLIC"))
    assert "Key judgments" not in public and "deterrence" not in public


def test_each_line_carries_its_own_portion_mark(editions):
    old, new = editions
    for path in editions:
        path.write_text(_edit(path.read_text(encoding="utf-8"), "portion_marks: false",
                              "portion_marks: true"), encoding="utf-8")
    text = "\n".join(_page_text(p) for p in _change_pages(old, new, "INTERNAL"))
    assert re.search(r"\(PU\)\s*" + re.escape(LONG_LABEL), text)
    assert re.search(r"\(I\)\s*row “Desk assessment”", text)
    assert re.search(r"\(PA\)\s*judgment “The reported Iranian claim", text)


def test_a_lead_in_bullet_goes_over_with_its_first_sub_bullet():
    def bullet(text: str, level: int) -> Paragraph:
        return Paragraph([Run(text)], level=level, bullet=True, size=18.0)

    paragraphs = [bullet("Sequence of events", 1), *[bullet(f"event {k}", 2) for k in range(5)],
                  bullet("Key figures", 1), bullet("killed: 7 → at least 9", 2)]
    line = 18.0 * 1.2
    pages = paginate(paragraphs, 600.0, lambda k: 7 * line + 8.0)
    assert [p.text for p in pages[0]][-1] == "event 4"
    assert [p.text for p in pages[1]] == ["Key figures", "killed: 7 → at least 9"]


def test_an_events_time_is_set_apart_from_its_date():
    def doc(text: str) -> str:
        return ("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                "  - {kind: timeline, title: Events, events: [{date: 2024-01-18, "
                f"time: early morning, text: {text}}}]}}\n")

    result = c.compare(load_text(doc("Strikes")), load_text(doc("Drone strikes")))
    assert [ch.new for ch in result.changes if ch.kind == c.EVENT_ADDED] == [
        "18 January 2024 (early morning): Drone strikes"]


def test_each_change_is_as_restricted_as_its_section_and_item(example_path):
    today = example_path.read_text(encoding="utf-8")
    old = previous_edition(today)
    old = _edit(old, "graded F3 (reliability", "graded F (reliability")  # a PARTNERS section
    old = _edit(old, "expect the same split in future crises", "expect the same split later")
    result = c.compare(load_text(old), load_text(today))
    level = [(ch.section, ch.field[:24], ch.marking) for ch in result.changes]
    assert level == [
        (None, "as of", "PUBLIC"),
        ("key-figures", LONG_LABEL[:24], "PUBLIC"),
        ("positions", "row “Desk assessment”", "INTERNAL"),
        ("key-judgments", "judgment “The reported I", "PARTNERS"),
        ("key-judgments", "judgment “Pakistan pairs", "INTERNAL"),
        ("source-assessment", "text", "PARTNERS"),
        ("where", PLACE[:24], "PUBLIC"),
    ], level
