"""Markup written where it is not drawn is pointed out, located (issue 14: "render it wherever
text is shown, or refuse it there with a located message"): `**bold**` in a title, a quotation,
a chart category or a column heading would print with its asterisks. The briefing stays valid
and exports; `validate`, `export` and the window's problems list say where."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.format.reader import load_file, load_text
from briefing.layout.markup_advice import has_markup, markup_advice
from briefing.resources import example_path

NK = Path(__file__).resolve().parent / "data" / "nagorno-karabakh-typography.yaml"

PLAIN_FIELDS = """\
format: briefing/1
title: "The **ceasefire** holds"
as_of: 2024-01-19
sources:
  - {id: a, title: "Report on *Shusha*", publisher: _IRNA_}
sections:
  - kind: quote
    title: A quotation
    quote: {text: "They said **never**", speaker: "The _minister_"}
  - kind: chart
    title: A chart
    chart:
      type: column
      unit: "**people**"
      categories: ["**Armenia**", Azerbaijan]
      series:
        - {name: "Killed *so far*", values: [1, 2]}
  - kind: table
    title: A table
    table:
      columns: [Side, "**Claim**"]
      rows: [[Armenia, "**2,425** killed"]]
  - kind: timeline
    title: Dates
    events:
      - {date: 2020-09-27, place: "**Stepanakert**", actor: Armenia, text: "Shelling"}
"""

DRAWN_FIELDS = """\
format: briefing/1
title: Nagorno-Karabakh
as_of: 2020-11-10
sections:
  - kind: summary
    title: Summary
    caveat: Figures are **party claims**
    text: "- The ceasefire **holds**, _barring_ an incident"
  - kind: judgments
    title: Judgments
    items:
      - {text: "It will **hold**", confidence: low}
  - kind: timeline
    title: Dates
    events:
      - {date: 2020-09-27, text: "Offensive; **martial law**"}
  - kind: table
    title: A table
    table:
      columns: [Side, Claim]
      rows: [[Armenia, "**2,425** killed, _official_"]]
"""


def test_markup_in_a_field_that_prints_as_written_is_pointed_out_field_by_field():
    advice = markup_advice(load_text(PLAIN_FIELDS))
    assert [a.path for a in advice] == [
        "title", "sources[0].title", "sources[0].publisher",
        "sections[0].quote.text", "sections[0].quote.speaker",
        "sections[1].chart.unit", "sections[1].chart.categories[0]",
        "sections[1].chart.series[0].name",
        "sections[2].table.columns[1]",
        "sections[3].events[0].place"]
    by_path = {a.path: a.message for a in advice}
    assert by_path["title"].startswith("markup is not drawn in the document title: ")
    assert "chart category" in by_path["sections[1].chart.categories[0]"]
    assert "table cells" in by_path["title"]  # says where it works


def test_markup_where_it_is_drawn_gives_no_advice():
    assert markup_advice(load_text(DRAWN_FIELDS)) == []


@pytest.mark.parametrize("text", ["5* of 6", "snake_case_name", "2 * 3 * 4", "a ** b", "**"])
def test_a_mark_that_opens_nothing_is_not_markup(text):
    assert not has_markup(text)
    doc = load_text(f"format: briefing/1\ntitle: {text!r}\nas_of: 2024-01-19\nsections:\n"
                    "  - {kind: summary, title: S, text: x}\n")
    assert markup_advice(doc) == []


def test_the_example_and_the_typography_brief_write_markup_only_where_it_is_drawn():
    assert markup_advice(load_file(example_path())) == []
    assert markup_advice(load_file(NK)) == []


def test_validate_says_where_with_file_line_and_column_and_still_accepts(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(PLAIN_FIELDS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "briefing", "validate", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert f"{path}:2:8: warning: title: markup is not drawn in the document title" in lines[0]
    assert any(line.startswith(f"{path}:15:20: warning: sections[1].chart.categories[0]: ")
               for line in lines)


def test_the_windows_problems_list_the_advice_under_its_section():
    pytest.importorskip("PySide6")
    from ui.problems import find_problems

    warnings = find_problems(load_text(PLAIN_FIELDS), None).warnings
    assert any("series name" in w and w.startswith("A chart: chart.series[0].name: ")
               for w in warnings), warnings
