"""The Qt-free edit operations: each change is made in place and can be taken back exactly."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from briefing import dumps, load_text
from briefing.model import document as m
from briefing.model import edit


def casualties(doc: m.Document) -> m.Section:
    return doc.section_by_id("casualties")


# -- values as typed in the chart grid ------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("9", m.Value(9)),
    ("1,200", m.Value(1200)),
    ("2.5", m.Value(2.5)),
    ("at least 9", m.Value(9, qualifier="at least")),
    ("  About   12 ", m.Value(12, qualifier="about")),
    ("3-5", m.Value(None, low=3, high=5)),
    ("3 – 5", m.Value(None, low=3, high=5)),
    ("9 (3-12)", m.Value(9, low=3, high=12)),
    ("up to 40 (10-40)", m.Value(40, qualifier="up to", low=10, high=40)),
    ("", m.Value(None)),
    ("?", m.Value(None)),
    ("unknown", m.Value(None)),
])
def test_parse_value_reads_what_users_type(text, expected):
    assert edit.parse_value(text) == expected


@pytest.mark.parametrize("text", ["nine", "-3", "at least", "5-3", "9 people"])
def test_parse_value_rejects_non_values_with_a_message(text):
    with pytest.raises(ValueError, match="."):
        edit.parse_value(text)


@pytest.mark.parametrize("value", [
    m.Value(9), m.Value(2.5), m.Value(9, qualifier="at least"), m.Value(None, low=3, high=5),
    m.Value(9, low=3, high=12), m.Value(None),
])
def test_value_text_round_trips_through_parse_value(value):
    assert edit.parse_value(edit.value_text(value)) == value


def test_parse_value_keeps_the_cells_source():
    assert edit.parse_value("4", source="s5") == m.Value(4, source="s5")


def test_cell_names_are_spreadsheet_names():
    assert edit.cell_name(1, 1) == "B2"
    assert edit.cell_name(0, 0) == "A1"
    assert edit.cell_name(9, 26) == "AA10"


# -- sections -------------------------------------------------------------------------------

def test_move_section_and_back_restores_the_order(example_doc):
    before = [s.id for s in example_doc.sections]
    edit.move_section(example_doc, 0, 3)
    after = [s.id for s in example_doc.sections]
    assert after[3] == before[0] and after[:3] == before[1:4]
    edit.move_section(example_doc, 3, 0)
    assert [s.id for s in example_doc.sections] == before


def test_insert_and_remove_section(example_doc):
    section = edit.new_section(example_doc, "chart", "Displaced people")
    assert section.id == "displaced-people" and section.chart is not None
    edit.insert_section(example_doc, 2, section)
    assert example_doc.sections[2] is section
    assert edit.remove_section(example_doc, 2) is section
    assert section not in example_doc.sections


def test_new_sections_of_every_kind_are_valid_after_a_save(example_doc):
    for kind in m.SECTION_KINDS:
        if kind != "image":  # an image needs a file on disk
            edit.insert_section(example_doc, 0, edit.new_section(example_doc, kind))
    reloaded = load_text(dumps(example_doc))
    assert [s.kind for s in reloaded.sections[:len(m.SECTION_KINDS) - 1]] == [
        k for k in reversed(m.SECTION_KINDS)
                                                       if k != "image"]


def test_new_section_ids_stay_unique(example_doc):
    a = edit.new_section(example_doc, "text", "Notes")
    edit.insert_section(example_doc, 0, a)
    b = edit.new_section(example_doc, "text", "Notes")
    assert a.id != b.id


def test_duplicate_section_is_a_deep_copy_with_a_new_id(example_doc):
    i = example_doc.sections.index(casualties(example_doc))
    dup = edit.duplicate_section(example_doc, i)
    assert dup.id != "casualties" and dup.title.endswith("(copy)")
    dup.chart.series[0].values[0] = m.Value(99)
    assert casualties(example_doc).chart.series[0].values[0].value == 2


def test_set_section_field_returns_the_old_value(example_doc):
    s = example_doc.sections[0]
    old = edit.set_section_field(s, "title", "BLUF")
    assert s.title == "BLUF"
    edit.set_section_field(s, "title", old)
    assert s.title == "Bottom line up front"
    with pytest.raises(KeyError):
        edit.set_section_field(s, "kind", "chart")


def test_set_document_field(example_doc):
    old = edit.set_document_field(example_doc, "as_of", dt.date(2024, 1, 20))
    assert old == dt.date(2025, 6, 18) and example_doc.as_of == dt.date(2024, 1, 20)


# -- chart grid -----------------------------------------------------------------------------

def test_set_chart_cell_changes_one_value_and_undoes(example_doc):
    chart = casualties(example_doc).chart
    old = edit.set_chart_cell(chart, 1, 2, edit.parse_value("at least 12", "s5"))
    assert chart.series[1].values[0] == m.Value(12, qualifier="at least", source="s5")
    assert old == m.Value(9, qualifier="at least", source="s5")
    edit.set_chart_cell(chart, 1, 2, old)
    assert chart.series[1].values[0] == old


def test_chart_headers_are_cells_too(example_doc):
    chart = casualties(example_doc).chart
    assert edit.grid_text(chart, 0, 1) == "Pakistan (Iranian strike, 16 Jan)"
    assert edit.grid_text(chart, 3, 0) == "Injured"
    assert edit.grid_text(chart, 3, 2) == ""  # unknown
    edit.set_chart_cell(chart, 3, 0, "Wounded")
    assert chart.categories[2] == "Wounded"


def test_insert_and_remove_categories_and_series_keep_the_grid_rectangular(example_doc):
    chart = casualties(example_doc).chart
    before = copy.deepcopy(chart)
    edit.insert_category(chart, 1, "Missing")
    assert chart.categories[1] == "Missing"
    assert all(len(s.values) == 4 and s.values[1].value is None for s in chart.series)
    edit.insert_series(chart, 2, edit.new_series(chart))
    assert len(chart.series) == 3 and len(chart.series[2].values) == 4
    edit.remove_series(chart, 2)
    name, values = edit.remove_category(chart, 1)
    assert chart == before
    edit.insert_category(chart, 1, name, values)
    edit.remove_category(chart, 1)
    assert chart == before


def test_paste_a_block_of_values_at_a_cell(example_doc):
    chart = casualties(example_doc).chart
    block = edit.parse_block("5\t10\n6\tat least 11\n")
    new = edit.pasted_chart(chart, 1, 1, block)
    assert [v.value for v in new.series[0].values[:2]] == [5, 6]
    assert new.series[1].values[1] == m.Value(11, qualifier="at least", source="s5")
    assert chart.series[0].values[0].value == 2  # the original is untouched


def test_paste_grows_the_chart(example_doc):
    chart = casualties(example_doc).chart
    new = edit.pasted_chart(chart, 3, 2, [["1", "2"], ["3", "4"]])
    assert len(new.categories) == 4 and len(new.series) == 3
    assert new.series[2].values[3].value == 4
    assert all(len(s.values) == 4 for s in new.series)


def test_paste_a_whole_sheet_with_headers_replaces_the_data():
    chart = m.Chart(categories=["A"], series=[m.Series("S", [m.Value(1)])])
    text = "\tKilled\tInjured\nPakistan\t2\t3\nIran\tat least 9\t\n"
    new = edit.pasted_chart(chart, 0, 0, edit.parse_block(text))
    assert new.categories == ["Pakistan", "Iran"]
    assert [s.name for s in new.series] == ["Killed", "Injured"]
    assert new.series[0].values[1] == m.Value(9, qualifier="at least")
    assert new.series[1].values[1] == m.Value(None)


def test_paste_names_the_bad_cell():
    chart = m.Chart(categories=["A"], series=[m.Series("S", [m.Value(1)])])
    with pytest.raises(ValueError, match="cell B3"):
        edit.pasted_chart(chart, 1, 1, [["4"], ["lots"]])


def test_clear_cells_makes_values_unknown(example_doc):
    chart = casualties(example_doc).chart
    new = edit.clear_cells(chart, [(1, 1), (0, 1)])
    assert new.series[0].values[0] == m.Value(None, source="s2")
    assert new.series[0].name == chart.series[0].name


# -- events and tables ----------------------------------------------------------------------

def test_sorted_events_orders_by_date_and_keeps_same_day_order():
    a = m.Event(dt.date(2024, 1, 18), "a")
    b = m.Event(dt.date(2024, 1, 16), "b")
    c = m.Event(dt.date(2024, 1, 16), "c")
    d = m.Event(dt.datetime(2024, 1, 16, 9, 0), "d")
    assert [e.text for e in edit.sorted_events([a, b, c, d])] == ["b", "c", "d", "a"]


def test_table_rows_and_columns(example_doc):
    table = m.Table(columns=["A", "B"], rows=[m.TableRow(["1", "2"])])
    edit.insert_table_column(table, 1, "Mid")
    assert table.columns == ["A", "Mid", "B"] and table.rows[0].cells == ["1", "", "2"]
    edit.insert_table_row(table, 1)
    assert table.rows[1].cells == ["", "", ""]
    assert edit.set_table_cell(table, 1, 2, "x") == ""
    name, cells = edit.remove_table_column(table, 1)
    assert name == "Mid" and cells == ["", ""]
    assert edit.remove_table_row(table, 1).cells == ["", "x"]
    assert table == m.Table(columns=["A", "B"], rows=[m.TableRow(["1", "2"])])


# -- handling markings ------------------------------------------------------------------------

def _markable_parts(doc: m.Document) -> dict[str, object]:
    return {
        "section": doc.section_by_id("bluf"),
        "source": doc.sources[0],
        "judgment": doc.section_by_id("key-judgments").items[0],
        "event": doc.section_by_id("timeline").events[0],
        "series": casualties(doc).chart.series[1],
        "table row": doc.section_by_id("positions").table.rows[0],
    }


@pytest.mark.parametrize("what", ["section", "source", "judgment", "event", "series",
                                  "table row"])
def test_every_markable_part_can_be_marked_and_unmarked_exactly(example_doc, what):
    before = dumps(example_doc)
    part = _markable_parts(example_doc)[what]
    old = edit.set_marking(example_doc, part, "INTERNAL")
    assert part.marking == "INTERNAL"
    assert "INTERNAL" in dumps(example_doc)
    assert edit.set_marking(example_doc, part, old) == "INTERNAL"
    assert dumps(example_doc) == before


def test_a_marked_part_is_saved_and_read_back_with_its_marking(example_doc):
    row = example_doc.section_by_id("positions").table.rows[0]
    edit.set_marking(example_doc, row, "PARTNERS")
    edit.set_marking(example_doc, casualties(example_doc).chart.series[0], "INTERNAL")
    again = load_text(dumps(example_doc))
    assert again.section_by_id("positions").table.rows[0].marking == "PARTNERS"
    assert casualties(again).chart.series[0].marking == "INTERNAL"


def test_a_level_the_document_does_not_declare_is_refused(example_doc):
    item = example_doc.section_by_id("key-judgments").items[0]
    with pytest.raises(ValueError, match="SECRET.*PUBLIC, PARTNERS, INTERNAL"):
        edit.set_marking(example_doc, item, "SECRET")
    assert item.marking is None or item.marking != "SECRET"
    with pytest.raises(TypeError):
        edit.set_marking(example_doc, casualties(example_doc).chart, "PUBLIC")


def test_clearing_a_marking_is_allowed_even_without_declared_levels():
    doc = m.Document(title="t", as_of=dt.date(2024, 1, 1))
    event = m.Event(dt.date(2024, 1, 1), "x", marking="OLD")
    assert edit.set_marking(doc, event, None) == "OLD" and event.marking is None
