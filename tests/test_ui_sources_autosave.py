"""Renaming a source in the app, and autosave with more than one instance (pytest-qt, offscreen).

Given the window with the built-in example (sources s1..s8; s2 is cited by sections, timeline
events, judgments and the casualty chart's values), the user edits the Sources table as they
would type into a cell; nothing here opens a real dialog.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import test_ui_window as shared  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from briefing import dumps, edit  # noqa: E402

# the window, its fake dialogs and a private settings folder, as in test_ui_window
Dialogs, select = shared.Dialogs, shared.select
data_dir, dialogs, window = shared.data_dir, shared.dialogs, shared.window


def type_into_sources(window, row: int, column_attr: str, text: str) -> bool:
    """What the table's cell editor does when the user presses Enter."""
    from ui.editors.sources import COLUMNS

    panel = window.sources_panel
    column = next(i for i, c in enumerate(COLUMNS) if c.attr == column_attr)
    return panel.model.setData(panel.model.index(row, column), text, Qt.ItemDataRole.EditRole)


def source_row(window, source_id: str) -> int:
    return next(i for i, s in enumerate(window.ctrl.doc.sources) if s.id == source_id)


def citations(window, source_id: str) -> int:
    return len(edit.source_citations(window.ctrl.doc, source_id))


# -- 1. renaming a source id ---------------------------------------------------------------------

def test_renaming_a_source_renames_its_citations_in_one_undo_step(window, dialogs):
    editor = select(window, "casualties")  # a chart citing s2 as a section and per value
    cited = citations(window, "s2")
    assert cited > 5
    steps = window.ctrl.undo.count()

    assert type_into_sources(window, source_row(window, "s2"), "id", "dawn")

    doc = window.ctrl.doc
    assert doc.source_by_id("dawn") is not None and doc.source_by_id("s2") is None
    assert citations(window, "s2") == 0 and citations(window, "dawn") == cited
    casualties = doc.section_by_id("casualties")
    assert "dawn" in casualties.sources
    assert casualties.chart.series[0].values[0].source == "dawn"
    window.validate_now()
    assert window.problems.count == 0  # no section shows an unknown source (⚠)
    assert window.ctrl.undo.count() == steps + 1  # ONE undoable edit
    assert window.ctrl.undo.undoText() == "Rename source s2 to dawn"
    # the open editor's Sources list shows the new id, still ticked
    picker = editor.sources_picker
    labels = [picker.item(i).text() for i in range(picker.count())]
    assert any(label.startswith("dawn — ") for label in labels)
    assert "dawn" in picker.selected() and "s2" not in picker.selected()
    assert dialogs.shown == []

    window.ctrl.undo.undo()
    assert doc.source_by_id("s2") is not None and doc.source_by_id("dawn") is None
    assert citations(window, "s2") == cited and citations(window, "dawn") == 0
    assert casualties.chart.series[0].values[0].source == "s2"
    assert "s2" in editor.sources_picker.selected()
    window.validate_now()
    assert window.problems.count == 0

    window.ctrl.undo.redo()
    assert citations(window, "dawn") == cited


def test_renaming_an_uncited_section_source_keeps_the_picker_current(window):
    """A section that does not cite the source still lists it under its new id."""
    editor = select(window, "casualties")
    assert "s7" not in editor.section.sources
    assert type_into_sources(window, source_row(window, "s7"), "id", "reuters-7")
    labels = [editor.sources_picker.item(i).text() for i in range(editor.sources_picker.count())]
    assert any(label.startswith("reuters-7 — ") for label in labels)
    assert not any(label.startswith("s7 — ") for label in labels)


def test_a_clashing_id_is_refused_with_a_message_beside_the_table(window, dialogs):
    before = dumps(window.ctrl.doc)
    steps = window.ctrl.undo.count()

    assert not type_into_sources(window, source_row(window, "s2"), "id", "s3")

    doc = window.ctrl.doc
    assert doc.source_by_id("s2") is not None and citations(window, "s2") > 5
    assert window.ctrl.undo.count() == steps  # nothing to undo
    refusal = window.sources_panel.refusal
    assert not refusal.isHidden()
    assert "another source already has the id s3" in refusal.text()
    assert "s2 keeps its id" in refusal.text()
    assert "s3" in window.statusBar().currentMessage()
    assert dialogs.shown == []  # no dialog, let alone a storm
    assert dumps(doc) == before

    # the next accepted edit clears the explanation
    assert type_into_sources(window, source_row(window, "s2"), "id", "s2b")
    assert refusal.isHidden()


def test_a_malformed_id_is_refused(window, dialogs):
    assert not type_into_sources(window, source_row(window, "s2"), "id", "two words")
    assert window.ctrl.doc.source_by_id("s2") is not None
    assert "is not an id" in window.sources_panel.refusal.text()
    assert dialogs.shown == []
