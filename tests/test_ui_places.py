"""The places editor: a table of a map section's places with the map beside it; each edit is
one undo step and the map follows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from briefing import load_file


def _editor(tmp_path):
    from ui.controller import DocumentController
    from ui.editors import editor_for

    path = tmp_path / "b.yaml"
    path.write_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                    "  - kind: map\n    title: M\n    places:\n"
                    "      - {name: Panjgur, lat: 26.97, lon: 64.09, label: strike}\n",
                    encoding="utf-8")
    ctrl = DocumentController()
    ctrl.set_document(load_file(path), path)
    return ctrl, editor_for(ctrl, ctrl.doc.sections[0])


def test_a_map_section_is_edited_as_a_table_of_places_beside_its_map(qapp, tmp_path):
    ctrl, editor = _editor(tmp_path)
    try:
        headers = [editor.model.headerData(i, Qt.Orientation.Horizontal)
                   for i in range(editor.model.columnCount())]
        assert headers[:4] == ["Name", "Lat", "Lon", "Label"] and "Marking" in headers
        assert not editor.preview.pixmap().isNull()  # the map is drawn
    finally:
        editor.deleteLater()


def test_editing_a_coordinate_is_one_undo_step_and_a_bad_one_is_refused(qapp, tmp_path):
    ctrl, editor = _editor(tmp_path)
    try:
        place = ctrl.doc.sections[0].places[0]
        lat = editor.model.index(0, 1)
        assert editor.model.setData(lat, "27.5")
        assert place.lat == 27.5
        ctrl.undo.undo()
        assert place.lat == 26.97
        messages = []
        editor.model.error.connect(messages.append)
        assert not editor.model.setData(lat, "127")
        assert place.lat == 26.97 and "latitude runs from -90 to 90" in messages[0]
        editor.add_item()
        assert len(ctrl.doc.sections[0].places) == 2
        ctrl.undo.undo()
        assert len(ctrl.doc.sections[0].places) == 1
    finally:
        editor.deleteLater()


def test_the_map_caption_and_extent_are_edited_above_the_table_each_one_undo_step(qapp, tmp_path):
    ctrl, editor = _editor(tmp_path)
    section = ctrl.doc.sections[0]
    try:
        shown = editor.preview.pixmap().toImage()
        editor.caption_edit.setText("Approximate locations")
        editor.caption_edit.textEdited.emit("Approximate locations")
        assert section.caption == "Approximate locations"
        editor.extent_edit.setText("[60, 24, 68, 30.5]")
        editor.extent_edit.editingFinished.emit()
        assert section.extent == [60.0, 24.0, 68.0, 30.5]
        assert editor.preview.pixmap().toImage() != shown  # the map follows its new extent
        ctrl.undo.undo()
        assert section.extent is None and editor.extent_edit.text() == ""
        ctrl.undo.undo()
        assert section.caption is None
    finally:
        editor.deleteLater()


def test_an_extent_that_is_not_four_numbers_is_refused_with_a_message(qapp, tmp_path):
    ctrl, editor = _editor(tmp_path)
    section = ctrl.doc.sections[0]
    messages: list[str] = []
    editor.message.connect(messages.append)
    try:
        for typed in ("60, 24, 68", "west, 24, 68, 30"):
            editor.extent_edit.setText(typed)
            editor.extent_edit.editingFinished.emit()
            assert section.extent is None and not ctrl.undo.canUndo()
        assert "3 numbers" in messages[0] and "not four numbers" in messages[1]
        assert all("west, south, east, north" in m for m in messages)
        editor.extent_edit.setText("")
        editor.extent_edit.editingFinished.emit()
        assert section.extent is None and not ctrl.undo.canUndo()
    finally:
        editor.deleteLater()
