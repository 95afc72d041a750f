"""The alternative text a screen reader gets for a chart, table or picture (`layout.alttext`):
generated from the frame as drawn, worded as its labels are, and never naming what is hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.format.reader import load_file, load_text
from briefing.layout import ChartFrame, ImageFrame, ShapeBox, TableFrame, TextBlock, layout_document
from briefing.layout.alttext import alt_text, chart_summary, decorative
from briefing.layout.geometry import Box
from briefing.model.markings import filter_for_audience

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"


def _frames(doc, kind):
    return [(p, e) for p in layout_document(doc).pages for e in p.elements if isinstance(e, kind)]


def _chart_doc(body: str) -> str:
    return f"""\
format: briefing/1
title: Alt text
as_of: 2024-01-19
sections:
  - kind: chart
    title: Figures
    chart:
{body}
"""


def test_the_examples_chart_reads_as_its_labels_do():
    page, frame = _frames(load_file(EXAMPLE), ChartFrame)[0]
    assert alt_text(frame, page.title) == (
        "Column chart, Reported casualties by side, people. "
        "Killed: Pakistan (Iranian strike, 16 Jan) 2, Iran (Pakistani strike, 18 Jan) at least 9. "
        "Children among killed: Pakistan (Iranian strike, 16 Jan) 2, "
        "Iran (Pakistani strike, 18 Jan) 4. "
        "Injured: Pakistan (Iranian strike, 16 Jan) 3, Iran (Pakistani strike, 18 Jan) "
        "not reported.")


def test_a_range_and_a_gap_are_worded_as_the_labels_word_them():
    doc = load_text(_chart_doc("""\
      type: column
      unit: people
      categories: [North, South]
      series:
        - {name: Dead, values: [{low: 2783, high: 2906}, null]}
"""))
    page, frame = _frames(doc, ChartFrame)[0]
    assert alt_text(frame, page.title) == \
        "Column chart, Figures, people. North: 2,783–2,906. South: not reported."


def test_a_lines_break_is_said_not_skipped():
    doc = load_text(_chart_doc("""\
      type: line
      categories: [Mon, Tue, Wed]
      series:
        - {name: Arrivals, values: [10, null, 1200.5]}
"""))
    page, frame = _frames(doc, ChartFrame)[0]
    assert alt_text(frame, page.title) == \
        "Line chart, Figures. Mon: 10. Tue: not reported. Wed: 1,200.5."


def test_a_pie_names_each_slice_with_its_value():
    doc = load_text(_chart_doc("""\
      type: pie
      unit: households
      categories: [Tents, Schools]
      series:
        - {name: Shelter, values: [{value: 40, qualifier: about}, 60]}
"""))
    page, frame = _frames(doc, ChartFrame)[0]
    assert alt_text(frame, page.title) == \
        "Pie chart, Figures, households. Tents about 40. Schools 60."


def test_a_chart_outside_a_slide_is_worded_as_on_the_slide():
    doc = load_file(EXAMPLE)
    page, frame = _frames(doc, ChartFrame)[0]
    section = next(s for s in doc.included_sections if s.kind == "chart")
    assert chart_summary(section.chart, page.title) == alt_text(frame, page.title)


def test_a_table_says_what_it_is_its_size_and_its_header():
    page, frame = _frames(load_file(EXAMPLE), TableFrame)[0]
    assert alt_text(frame, page.title) == \
        "Table, Positions at a glance: 3 rows, 3 columns. Columns: Account, Target, Rationale."


def test_a_picture_says_its_alt_and_never_nothing():
    frame = ImageFrame(Box(0, 0, 1, 1), Path("x.png"), "Map of the border area")
    assert alt_text(frame, "Where") == "Map of the border area"
    assert alt_text(ImageFrame(Box(0, 0, 1, 1), Path("x.png"), " "), "Where") == "Picture, Where"


def test_decorations_have_no_text_and_are_decorative():
    rule = ShapeBox(Box(0, 0, 64, 3), "rect", fill="1F4E79")
    assert alt_text(rule) == "" and decorative(rule)
    assert not decorative(TextBlock(Box(0, 0, 1, 1), [], "title"))


SECRET = "Zanzibarsecretseries"
SECRET_VALUE = 86421357
MARKED = f"""\
format: briefing/1
title: Marked
as_of: 2024-01-19
classification: TEST
markings: [PUBLIC, INTERNAL]
sources:
  - {{id: open, title: Open}}
  - {{id: hush, title: Hushsourcetitle, marking: INTERNAL}}
sections:
  - kind: chart
    title: Figures
    chart:
      type: column
      unit: people
      categories: [Killed, Injured]
      series:
        - {{name: Public side, values: [{{value: 2, source: open}}, {{value: 3, source: hush}}]}}
        - {{name: {SECRET}, values: [{SECRET_VALUE}, 1], marking: INTERNAL}}
  - kind: table
    title: Table
    table:
      columns: [Side, Target]
      rows:
        - [A, B]
        - {{cells: [Hushrowcell, x], marking: INTERNAL}}
"""


@pytest.mark.parametrize("kind", [ChartFrame, TableFrame])
def test_an_internal_part_never_reaches_a_public_alt_text(kind):
    doc = load_text(MARKED)
    public = " ".join(alt_text(f, p.title)
                      for p, f in _frames(filter_for_audience(doc, "PUBLIC"), kind))
    internal = " ".join(alt_text(f, p.title) for p, f in _frames(doc, kind))
    for secret in (SECRET, f"{SECRET_VALUE:,}", "Hushsourcetitle", "hush", "Hushrowcell"):
        assert secret not in public
    # what the audience may see is described, and the full audience gets it all
    assert ("Killed: 2." in public) if kind is ChartFrame else ("1 row," in public)
    assert (SECRET in internal) if kind is ChartFrame else ("2 rows," in internal)
