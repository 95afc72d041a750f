"""The desktop app, driven through its window and models (pytest-qt, offscreen).

No real modal dialog may open: every QMessageBox / QFileDialog static is replaced by a fake
that fails the test unless the test says what the "user" answers.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox  # noqa: E402

from briefing import load_file  # noqa: E402
from briefing.model import document as m  # noqa: E402

# -- fixtures ---------------------------------------------------------------------------------


class Dialogs:
    """Records the dialogs the window tried to show, and answers them."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.question_answer: QMessageBox.StandardButton | None = None
        self.save_path: Path | None = None
        self.open_path: Path | None = None
        self.export_options = None  # what the export options dialog answers; None: as shown
        self.options_asked: list[tuple[str, object, str | None]] = []
        self.suggested = ""  # the file name the last save dialog proposed

    def message(self, kind: str):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, f"{title}\n{text}"))
            if kind == "question":
                if self.question_answer is None:
                    raise AssertionError(f"unexpected question: {title}: {text}")
                return self.question_answer
            return QMessageBox.StandardButton.Ok
        return show

    def get_save(self, *args, **kwargs):
        if self.save_path is None:
            raise AssertionError("unexpected save dialog")
        self.suggested = args[2] if len(args) > 2 else kwargs.get("dir", "")
        return str(self.save_path), ""

    def get_open(self, *args, **kwargs):
        if self.open_path is None:
            raise AssertionError("unexpected open dialog")
        return str(self.open_path), ""

    def ask_export_options(self, parent, kind, options, levels, audience):
        self.options_asked.append((kind, options, audience))
        return options if self.export_options is None else self.export_options


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    d = Dialogs()
    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d.message(kind)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(d.get_save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(d.get_open))
    from ui import export_options

    monkeypatch.setattr(export_options, "ask", d.ask_export_options)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("unexpected input dialog"))))
    return d


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "appdata"
    monkeypatch.setenv("BRIEFING_DESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot, dialogs, data_dir):
    from ui.mainwindow import MainWindow

    win = MainWindow()  # not qtbot.addWidget: it would close the window before we clean it
    win.load_example()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.ctrl.undo.setClean()  # no close prompt at teardown
    win.close()
    win.deleteLater()


def select(window, section_id: str):
    row = next(i for i, s in enumerate(window.ctrl.doc.sections) if s.id == section_id)
    window.select_row(row)
    assert window.editor is not None and window.editor.section.id == section_id
    return window.editor


# -- opening and the outline --------------------------------------------------------------------

def test_opening_the_example_lists_its_sections_in_the_outline(window, example_doc):
    model = window.ctrl.outline
    assert model.rowCount() == len(example_doc.sections) == 14
    for row, section in enumerate(example_doc.sections):
        index = model.index(row)
        assert index.data() == section.title
        assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
        assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert window.ctrl.doc == example_doc
    assert "from the example" in window.windowTitle()
    assert not window.isWindowModified()


def test_the_outline_is_an_adapter_over_the_document_not_a_copy(window):
    doc = window.ctrl.doc
    section = doc.sections[3]
    index = window.ctrl.outline.index(3)
    assert index.data(Qt.ItemDataRole.UserRole + 1) is section


def test_unchecking_include_is_an_undoable_edit(window):
    model = window.ctrl.outline
    model.setData(model.index(1), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.ctrl.doc.sections[1].include is False
    assert window.ctrl.undo.undoText().startswith("Leave out")
    window.ctrl.undo.undo()
    assert window.ctrl.doc.sections[1].include is True


def test_the_outline_works_from_the_keyboard(window, qtbot):
    view = window.outline_view
    window.act_focus[0].trigger()  # Ctrl+1: go to the outline
    window.select_row(0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.editor.section.id == "timeline"
    qtbot.keyClick(view, Qt.Key.Key_Space)  # leave the section out
    assert window.ctrl.doc.sections[1].include is False
    window.act_next.trigger()  # Ctrl+PgDown
    assert window.editor.section.id == "casualties"


# -- chart editing -------------------------------------------------------------------------------

def shown_labels(preview) -> list[str]:
    """The texts of the chart the preview last showed (axis, value labels, legend), and each
    two that follow one another joined: a label wider than its column takes two lines
    ("at least" over "25")."""
    from ui.drawing_painter import drawing_strings

    strings = drawing_strings(preview.drawing)
    return strings + [f"{a} {b}" for a, b in zip(strings, strings[1:], strict=False)]


def color_share(image, hex_color: str) -> float:
    """The share of the image's pixels (sampled) within a few levels of `hex_color`."""
    from PySide6.QtGui import QColor

    want = QColor("#" + hex_color)
    step = 3
    hits = total = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            hits += (abs(c.red() - want.red()) < 6 and abs(c.green() - want.green()) < 6
                     and abs(c.blue() - want.blue()) < 6)
    return hits / max(total, 1)


def test_the_chart_preview_shows_the_pdfs_chart_drawing(window):
    from briefing.charts.cache import chart_drawing
    from briefing.format.themes import load_theme

    editor = select(window, "casualties")
    editor.preview.render_now()
    labels = shown_labels(editor.preview)
    # the example's qualified value and its unknown, as the PDF prints them
    assert "at least 9" in labels and "not reported" in labels
    theme = load_theme(window.ctrl.doc.theme)
    drawing = editor.preview.drawing
    assert drawing is chart_drawing(editor.section.chart, theme, drawing.width, drawing.height)
    image = editor.preview.image_label.pixmap().toImage()
    ratio = editor.preview.devicePixelRatioF()
    assert image.width() == round(max(editor.preview.image_label.width(), 320) * ratio)
    # both series' bars are painted in the theme's colours
    assert color_share(image, theme.chart_colors[0]) > 0.01
    assert color_share(image, theme.chart_colors[1]) > 0.01


def test_editing_a_casualty_value_changes_the_model_and_both_previews(window, qtbot):
    editor = select(window, "casualties")
    grid = editor.grid
    editor.preview.render_now()
    assert "at least 9" in shown_labels(editor.preview)
    assert "at least 25" not in shown_labels(editor.preview)
    before = editor.preview.render_count

    # B2 is Pakistan's "Killed"
    assert grid.index(1, 1).data() == "2"
    assert grid.setData(grid.index(1, 1), "at least 25")
    chart = window.ctrl.doc.section_by_id("casualties").chart
    assert chart.series[0].values[0] == m.Value(25, qualifier="at least", source="s2")
    assert window.ctrl.undo.undoText() == "Edit cell B2"
    assert window.isWindowModified()

    qtbot.waitUntil(lambda: editor.preview.render_count > before, timeout=5000)
    labels = shown_labels(editor.preview)
    assert "at least 25" in labels and "at least 9" in labels  # Iran's value is unchanged
    window.slide_preview.refresh_now()
    frame = next(e for e in window.slide_preview.pages[0].elements if hasattr(e, "chart"))
    assert frame.chart.series[0].values[0].value == 25

    window.ctrl.undo.undo()
    assert chart.series[0].values[0] == m.Value(2, source="s2")
    assert grid.index(1, 1).data() == "2"
    window.ctrl.undo.redo()
    assert chart.series[0].values[0].value == 25
    assert grid.index(1, 1).data() == "at least 25"


def test_typing_in_the_grid_edits_a_cell(window, qtbot):
    editor = select(window, "casualties")
    view = editor.grid_view
    view.setFocus()
    view.setCurrentIndex(editor.grid.index(3, 2))  # C4: Iran, injured (unknown)
    qtbot.keyClick(view, Qt.Key.Key_F2)  # open the cell editor, as a user would
    from PySide6.QtWidgets import QLineEdit

    cell = view.viewport().findChild(QLineEdit)
    assert cell is not None
    qtbot.keyClicks(cell, "about 12")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.grid.index(3, 2).data() == "about 12", timeout=3000)
    assert window.ctrl.doc.sections[2].chart.series[1].values[2] == m.Value(12, qualifier="about")
    assert window.ctrl.undo.undoText() == "Edit cell C4"


def test_a_bad_value_is_refused_with_a_message(window):
    editor = select(window, "casualties")
    messages = []
    editor.message.connect(messages.append)
    assert not editor.grid.setData(editor.grid.index(1, 1), "lots")
    assert "B2" in messages[-1] and "number" in messages[-1]
    assert window.ctrl.doc.sections[2].chart.series[0].values[0].value == 2
    assert window.ctrl.undo.count() == 0


def test_pasting_a_spreadsheet_block_is_one_undo_step(window):
    editor = select(window, "casualties")
    view = editor.grid_view
    view.setCurrentIndex(editor.grid.index(1, 1))
    assert view.paste("5\t10\n6\t11\n7\t12\n8\t13\n")
    chart = window.ctrl.doc.sections[2].chart
    assert chart.categories[3] == "Category 4"
    assert [v.value for v in chart.series[1].values] == [10, 11, 12, 13]
    assert window.ctrl.undo.undoText() == "Paste 4×2 cells at B2"
    window.ctrl.undo.undo()
    assert len(window.ctrl.doc.sections[2].chart.categories) == 3


def test_rows_and_columns_can_be_added_and_removed(window):
    editor = select(window, "casualties")
    editor.grid_view.setCurrentIndex(editor.grid.index(3, 1))
    editor.add_category()
    chart = window.ctrl.doc.sections[2].chart
    assert chart.categories == ["Killed", "Children among killed", "Injured", "Category 4"]
    assert editor.grid.rowCount() == 5
    editor.add_series()
    assert len(chart.series) == 3 and editor.grid.columnCount() == 4
    editor.grid_view.setCurrentIndex(editor.grid.index(1, 3))
    editor.remove_series()
    assert len(chart.series) == 2
    for _ in range(3):
        window.ctrl.undo.undo()
    assert window.ctrl.doc.sections[2].chart == load_file(
        window.ctrl.origin).sections[2].chart


# -- sections: reorder, add, delete ------------------------------------------------------------

def test_reorder_through_the_models_move_is_undoable(window):
    ids = [s.id for s in window.ctrl.doc.sections]
    model = window.ctrl.outline
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # before row 3 -> position 2
    assert [s.id for s in window.ctrl.doc.sections] == ids[1:3] + ids[:1] + ids[3:]
    assert model.index(2).data() == "Bottom line up front"
    assert window.ctrl.undo.undoText() == "Move “Bottom line up front” down"
    window.ctrl.undo.undo()
    assert [s.id for s in window.ctrl.doc.sections] == ids


def test_drag_and_drop_moves_through_the_same_command(window):
    model = window.ctrl.outline
    ids = [s.id for s in window.ctrl.doc.sections]
    data = model.mimeData([model.index(5)])
    # dropping returns False on purpose so the view does not delete the dragged row itself
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert window.ctrl.doc.sections[0].id == ids[5]
    assert len(window.ctrl.doc.sections) == len(ids)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PySide's QPoint event constructors
def test_a_drop_on_the_outline_view_moves_the_row_and_keeps_every_section(window):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    view, model = window.outline_view, window.ctrl.outline
    # a synthetic drag has no source widget, which InternalMove refuses; the drop path is the same
    view.setDragDropMode(view.DragDropMode.DragDrop)
    ids = [s.id for s in window.ctrl.doc.sections]
    mime = model.mimeData([model.index(5)])
    rect = view.visualRect(model.index(1))
    pos = QPointF(rect.center().x(), rect.top() + 2)  # the upper edge of row 1: insert above it
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for cls in (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(view.viewport(), cls(pos.toPoint(), Qt.DropAction.MoveAction, mime,
                                                    buttons, mods))
    drop = QDropEvent(pos, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), drop)
    assert [s.id for s in window.ctrl.doc.sections] == [ids[0], ids[5], *ids[1:5], *ids[6:]]
    assert not drop.isAccepted()  # so the view does not also remove the dragged row
    assert window.ctrl.undo.undoText() == "Move “Positions at a glance” up"


def test_move_actions_follow_the_selection(window):
    window.select_row(1)
    window.act_up.trigger()
    assert window.ctrl.doc.sections[0].id == "timeline"
    assert window.current_row() == 0
    assert not window.act_up.isEnabled()


def test_add_and_delete_sections(window):
    window.select_row(2)
    window.add_section("judgments")
    doc = window.ctrl.doc
    assert len(doc.sections) == 15 and doc.sections[3].kind == "judgments"
    assert window.editor.section is doc.sections[3]
    assert window.ctrl.outline.rowCount() == 15
    window.delete_section()
    assert len(doc.sections) == 14 and all(s.kind != "judgments" or s.id == "key-judgments"
                                           for s in doc.sections)
    window.ctrl.undo.undo()  # the delete
    assert doc.sections[3].kind == "judgments"
    window.ctrl.undo.undo()  # the add
    assert len(doc.sections) == 14


def test_every_kind_of_section_can_be_added_and_edited(window):
    for kind in m.SECTION_KINDS:
        window.add_section(kind)
        assert type(window.editor).__name__ != "SectionEditor", kind
        assert window.editor.section.kind == kind
    assert len(window.ctrl.doc.sections) == 14 + len(m.SECTION_KINDS)


def test_duplicate_section(window):
    window.select_row(2)
    window.duplicate_section()
    doc = window.ctrl.doc
    assert doc.sections[3].title == "Reported casualties by side (copy)"
    assert doc.sections[3].chart == doc.sections[2].chart
    assert doc.sections[3].chart is not doc.sections[2].chart


# -- editors ------------------------------------------------------------------------------------

def test_typing_a_title_is_one_undo_step_and_updates_the_outline(window, qtbot):
    editor = select(window, "bluf")
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "BLUF")
    assert window.ctrl.doc.sections[0].title == "BLUF"
    assert window.ctrl.outline.index(0).data() == "BLUF"
    assert window.ctrl.undo.count() == 1
    window.ctrl.undo.undo()
    assert window.ctrl.doc.sections[0].title == "Bottom line up front"
    assert editor.title_edit.text() == "Bottom line up front"


def test_text_formatting_buttons_edit_the_markup(window):
    editor = select(window, "bluf")
    editor.text_edit.setPlainText("plain words")
    cursor = editor.text_edit.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(5, cursor.MoveMode.KeepAnchor)
    editor.text_edit.setTextCursor(cursor)
    editor.make_bold()
    assert window.ctrl.doc.sections[0].text == "**plain** words"
    editor.toggle_bullets()
    assert window.ctrl.doc.sections[0].text == "- **plain** words"


def test_judgment_confidence_is_chosen_from_the_levels(window):
    editor = select(window, "key-judgments")
    model = editor.model
    col = [c.attr for c in model.columns].index("confidence")
    assert model.setData(model.index(0, col), "high")
    assert window.ctrl.doc.section_by_id("key-judgments").items[0].confidence == "high"
    assert not model.setData(model.index(0, col), "certain")


def test_timeline_dates_edit_and_sort(window):
    import datetime as dt

    editor = select(window, "timeline")
    model = editor.model
    assert model.setData(model.index(0, 0), dt.date(2024, 1, 20))
    events = window.ctrl.doc.section_by_id("timeline").events
    assert events[0].date == dt.date(2024, 1, 20)
    assert not model.setData(model.index(1, 0), "next tuesday")
    editor.sort_by_date()
    events = window.ctrl.doc.section_by_id("timeline").events
    assert events[-1].date == dt.date(2024, 1, 20)
    assert window.ctrl.undo.undoText() == "Sort events by date"
    window.ctrl.undo.undo()
    assert window.ctrl.doc.section_by_id("timeline").events[0].date == dt.date(2024, 1, 20)


def test_document_properties_are_undoable(window, qtbot):
    panel = window.properties
    panel.title_edit.setFocus()
    panel.title_edit.selectAll()
    qtbot.keyClicks(panel.title_edit, "New title")
    assert window.ctrl.doc.title == "New title"
    panel.theme_combo.setCurrentIndex(panel.theme_combo.findData("high-contrast"))
    panel.theme_combo.activated.emit(panel.theme_combo.currentIndex())
    assert window.ctrl.doc.theme == "high-contrast"
    window.ctrl.undo.undo()
    window.ctrl.undo.undo()
    assert window.ctrl.doc.title == "Iran-Pakistan cross-border strikes"
    assert panel.title_edit.text() == "Iran-Pakistan cross-border strikes"


def test_sources_can_be_added_edited_and_removed(window):
    panel = window.sources_panel
    panel.add_source()
    doc = window.ctrl.doc
    assert doc.sources[-1].id == "s9" and panel.model.rowCount() == 9
    model = panel.model
    assert model.setData(model.index(8, 1), "UN OCHA flash update")
    assert model.setData(model.index(8, 4), "b")
    assert doc.sources[-1].title == "UN OCHA flash update" and doc.sources[-1].reliability == "B"
    assert not model.setData(model.index(8, 0), "s1")  # ids stay unique
    assert not model.setData(model.index(8, 5), "9")
    editor = select(window, "bluf")
    assert editor.sources_picker.count() == 9
    window.ctrl.undo.undo()
    window.ctrl.undo.undo()
    window.ctrl.undo.undo()
    assert len(doc.sources) == 8


def test_deleting_a_cited_source_marks_the_citing_sections(window):
    panel = window.sources_panel
    panel.view.setCurrentIndex(panel.model.index(4, 0))  # s5, cited by the casualty chart
    panel.remove_source()
    window.validate_now()
    problems = window.ctrl.outline.index(2).data(Qt.ItemDataRole.UserRole + 2)
    assert any("s5" in p for p in problems)
    window.ctrl.undo.undo()
    window.validate_now()
    assert window.problems.count == 0


def test_sections_with_problems_get_a_warning_mark(window):
    editor = select(window, "casualties")
    editor.title_edit.setText("")
    editor.title_edit.textEdited.emit("")
    window.validate_now()
    problems = window.ctrl.outline.index(2).data(Qt.ItemDataRole.UserRole + 2)
    assert problems and "title" in problems[0]
    assert "Problems" in window.ctrl.outline.index(2).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 problem" in window.problem_label.text()
    window.ctrl.undo.undo()
    window.validate_now()
    assert window.ctrl.outline.index(2).data(Qt.ItemDataRole.UserRole + 2) == []


def test_the_slide_preview_shows_continuation_slides(window):
    editor = select(window, "timeline")
    for _ in range(12):
        editor.add_item()
    window.slide_preview.refresh_now()
    pages = window.slide_preview.pages
    assert len(pages) >= 2 and pages[1].continued
    assert "continues" in window.slide_preview.caption.text()


def test_editors_have_accessible_names(window):
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit

    for section_id in ("bluf", "casualties", "timeline", "key-judgments", "positions"):
        editor = select(window, section_id)
        for cls in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView):
            for widget in editor.findChildren(cls):
                if widget.isVisibleTo(editor) and not widget.parent().inherits(
                        "QAbstractSpinBox") and not widget.inherits("QHeaderView"):
                    assert widget.accessibleName(), (section_id, widget)


# -- files: save, open, close ------------------------------------------------------------------

def test_save_and_reopen_gives_an_equal_document(window, dialogs, tmp_path):
    editor = select(window, "casualties")
    editor.grid.setData(editor.grid.index(3, 2), "at least 7")
    dialogs.save_path = tmp_path / "mine"
    window.act_save.trigger()  # untitled: Save asks where
    path = tmp_path / "mine.yaml"
    assert path.is_file()
    assert window.ctrl.path == path
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("mine.yaml")
    assert load_file(path) == window.ctrl.doc
    before = copy.deepcopy(window.ctrl.doc)
    assert window.open_file(path)
    assert window.ctrl.doc == before


def test_save_writes_the_yaml_out_in_the_worker_not_in_the_window(window, dialogs, tmp_path,
                                                                  monkeypatch):
    """Turning 1,000 sections into YAML took 1.2-1.7 s, all of it a frozen window."""
    import briefing.format.writer as writer

    def not_here(*_a, **_k):
        raise AssertionError("the GUI process wrote the YAML itself")

    monkeypatch.setattr(writer, "dumps", not_here)
    window.add_section("text")
    assert window.save_to(tmp_path / "worker.yaml")
    assert load_file(tmp_path / "worker.yaml") == window.ctrl.doc


def test_a_killed_worker_does_not_lose_the_save(window, tmp_path, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from ui import background

    def broken(*_a):
        future: Future = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future

    monkeypatch.setattr(background, "submit_to", broken)
    monkeypatch.setattr(window.checker, "wait", lambda: window.checker.latest or _no_problems())
    window.add_section("text")
    assert window.save_to(tmp_path / "here.yaml")
    assert load_file(tmp_path / "here.yaml") == window.ctrl.doc


def _no_problems():
    from ui.problems import Problems

    return Problems()


def test_saved_files_are_offered_under_open_recent(window, dialogs, tmp_path):
    dialogs.save_path = tmp_path / "recent.yaml"
    window.save()
    assert window.recent_files()[0] == str((tmp_path / "recent.yaml").resolve())
    window._fill_recent()
    assert window.recent_menu.actions()[0].text() == "&1 recent.yaml"


def test_dirty_flag_and_the_close_prompt(window, dialogs, tmp_path):
    window.add_section("text")
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()

    dialogs.question_answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible() and dialogs.shown[-1][0] == "question"

    dialogs.question_answer = QMessageBox.StandardButton.Save
    dialogs.save_path = tmp_path / "closing.yaml"
    assert window.close()
    assert load_file(tmp_path / "closing.yaml").sections[1].kind == "text"


def test_closing_after_discard_loses_nothing_unasked(window, dialogs):
    window.add_section("text")
    dialogs.question_answer = QMessageBox.StandardButton.Discard
    assert window.close()
    assert [k for k, _ in dialogs.shown] == ["question"]


def test_a_broken_file_shows_its_problems_and_keeps_the_document(window, dialogs, tmp_path):
    window.add_section("quote")
    doc = window.ctrl.doc
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: briefing/1\ntitle: X\nas_of: 2024-13-45\nsections:\n"
                      "  - {kind: chart, title: C}\n", encoding="utf-8")
    dialogs.question_answer = QMessageBox.StandardButton.Discard
    assert not window.open_file(broken)
    kind, text = dialogs.shown[-1]
    assert kind == "warning"
    assert "broken.yaml:3" in text and "as_of" in text
    assert "broken.yaml:5" in text
    assert window.ctrl.doc is doc and window.ctrl.path is None


def test_a_hostile_file_is_refused_in_one_dialog(window, dialogs, tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text("!!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    assert not window.open_file(hostile)
    assert dialogs.shown[-1][0] == "warning" and "hostile.yaml" in dialogs.shown[-1][1]


def test_new_from_template(window):
    assert window.new_from_template("basic")
    assert window.ctrl.doc.title == "Crisis title"
    assert window.ctrl.path is None and "from the template" in window.windowTitle()


# -- export and print -------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "name"), [("pptx", "deck.pptx"), ("pdf", "slides.pdf"),
                                            ("handout", "handout.pdf")])
def test_export_through_the_action_writes_the_file_in_a_worker(window, dialogs, qtbot,
                                                               tmp_path, kind, name):
    dialogs.save_path = tmp_path / name
    window.act_export[kind].trigger()
    assert window.export_runner is not None
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert (tmp_path / name).stat().st_size > 1000
    assert window.export_box.isVisible()
    assert window.export_label.text() == f"Exported {name}"
    assert window.last_export == [tmp_path / name]
    assert not [d for d in dialogs.shown if d[0] == "warning"]


def test_exporting_with_problems_asks_first(window, dialogs):
    window.add_section("image")  # no file chosen yet: a problem
    dialogs.question_answer = QMessageBox.StandardButton.No
    window.act_export["pdf"].trigger()
    kind, text = dialogs.shown[-1]
    assert kind == "question" and "New image section" in text and "path" in text
    assert window.export_runner is None  # nothing started, no file dialog either


def test_help_opens_the_format_documentation(window, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    window.act_docs.trigger()
    assert opened and opened[0].toLocalFile().endswith("format.md")
    assert Path(opened[0].toLocalFile()).is_file()


def test_a_failed_export_says_why(window, dialogs, qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    dialogs.save_path = blocker / "deck.pdf"  # a folder that is a file
    window.act_export["pdf"].trigger()
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    kind, text = dialogs.shown[-1]
    assert kind == "warning" and "deck.pdf was not written" in text
    assert not window.export_box.isVisible()


def test_cancel_stops_the_export_without_a_file(window, dialogs, qtbot, tmp_path):
    from briefing.export.job import ExportJob
    from ui.export_worker import ExportRunner

    runner = ExportRunner(window.ctrl.doc, ExportJob(pdf=tmp_path / "a.pdf",
                                                     handout=tmp_path / "b.pdf"))
    results = []
    runner.done.connect(lambda ok, msg, paths: results.append((ok, msg)))
    runner.cancel()  # cancelled before the first output
    runner.start()
    qtbot.waitUntil(lambda: bool(results), timeout=60000)
    assert results == [(False, "cancelled")]
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def test_print_handout_to_a_pdf_printer(window, tmp_path):
    from pypdf import PdfReader

    from ui.print_handout import pdf_printer, print_handout

    out = tmp_path / "printed.pdf"
    sheets = print_handout(window.ctrl.doc, pdf_printer(out), per_page=6,
                           base_dir=window.ctrl.base_dir)
    reader = PdfReader(out)
    from tests.conftest import example_slides

    count = -(-example_slides() // 6)  # the example's slides, 6 to a sheet
    assert sheets == len(reader.pages) == count
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Iran-Pakistan cross-border strikes" in text and f"Handout, page 1 of {count}" in text


# -- autosave and recovery ------------------------------------------------------------------------

def test_autosave_writes_the_working_copy_only_when_dirty(window, data_dir):
    saver = window.autosaver
    assert not saver.autosave_if_needed()  # nothing changed yet
    editor = select(window, "casualties")
    editor.grid.setData(editor.grid.index(1, 1), "31")
    assert saver.autosave_if_needed()
    data, meta = saver.paths()
    assert data.parent == data_dir / "autosave"
    assert load_file(data, check_files=False).sections[2].chart.series[0].values[0].value == 31
    assert not saver.autosave_if_needed()  # no new edit since
    assert saver.timer.interval() == 30_000 and saver.timer.isActive()


def test_after_a_crash_the_next_start_offers_recovery(window, qtbot, dialogs, monkeypatch,
                                                      tmp_path):
    from ui.mainwindow import MainWindow

    dialogs.save_path = tmp_path / "crisis.yaml"
    window.save()
    editor = select(window, "casualties")
    editor.grid.setData(editor.grid.index(1, 1), "44")
    window.autosaver.autosave_if_needed()
    # the "crash": the first window goes away without cleaning up
    window.autosaver.timer.stop()
    window.autosaver._files = None

    offered = []
    monkeypatch.setattr(MainWindow, "ask_recover", lambda self, rec: offered.append(rec)
                        or "recover")
    second = MainWindow()
    qtbot.addWidget(second)
    second.startup(None)
    assert len(offered) == 1 and offered[0].original == (tmp_path / "crisis.yaml").resolve()
    assert "crisis.yaml" in offered[0].describe()
    assert second.ctrl.doc.sections[2].chart.series[0].values[0].value == 44
    assert second.ctrl.path == (tmp_path / "crisis.yaml").resolve()
    assert second.isWindowModified()  # recovered work is not saved work
    assert second.save()
    assert load_file(tmp_path / "crisis.yaml").sections[2].chart.series[0].values[0].value == 44
    from ui.autosave import find_recoverable

    assert find_recoverable() == []  # saving cleared the autosave
    second.close()


def test_discarding_the_recovery_removes_it(window, qtbot, monkeypatch):
    from ui.autosave import find_recoverable
    from ui.mainwindow import MainWindow

    window.add_section("text")
    window.autosaver.autosave_if_needed()
    window.autosaver._files = None  # crash
    monkeypatch.setattr(MainWindow, "ask_recover", lambda self, rec: "discard")
    second = MainWindow()
    qtbot.addWidget(second)
    second.startup(None)
    assert find_recoverable() == []
    assert second.ctrl.doc.title == "Iran-Pakistan cross-border strikes"  # the example
    assert len(second.ctrl.doc.sections) == 14
    second.close()


def test_a_clean_save_removes_the_autosave(window, dialogs, tmp_path):
    from ui.autosave import find_recoverable

    window.add_section("text")
    window.autosaver.autosave_if_needed()
    assert len(find_recoverable()) == 1
    dialogs.save_path = tmp_path / "saved.yaml"
    window.save()
    assert find_recoverable() == []


# -- screenshot ---------------------------------------------------------------------------------

def test_screenshot_option_writes_a_1400x900_png(qtbot, data_dir, tmp_path, example_path):
    from PySide6.QtGui import QImage

    from ui.app import main

    out = tmp_path / "shot.png"
    assert main(["--screenshot", str(out), str(example_path)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_a_slide_chart_drawn_in_the_background_repaints_without_a_new_layout(window, qtbot):
    """Given the chart section's slide shown before its chart is drawn, when the drawing
    arrives from the background worker, then the slide image is repainted with it and the
    document is not laid out again (a layout in the GUI thread stalled the window)."""
    from briefing.model import document as m_
    from ui.slide_painter import cached_chart_picture

    preview = window.slide_preview
    preview.wait_for_charts = False
    select(window, "casualties")
    chart = window.ctrl.doc.section_by_id("casualties").chart
    chart.series[0].values[0] = m_.Value(31)  # content no drawing is cached for yet
    preview.refresh_now()
    layouts, repaints = preview.render_count, preview.chart_repaints
    frame = next(e for e in preview.pages[0].elements if hasattr(e, "chart"))
    qtbot.waitUntil(lambda: preview.chart_repaints > repaints, timeout=5000)
    assert cached_chart_picture(frame, window.slide_preview._shown_theme) is not None
    assert preview.render_count == layouts


def test_a_slide_drawn_for_a_high_density_screen_has_twice_the_pixels_and_fills_them(window):
    """Given a screen with 2 device pixels per pixel, when a slide is drawn for the preview,
    then the image has twice the pixels each way and the slide fills all of them (the bottom
    banner reaches the bottom-right corner), so it is sharp, not scaled up."""
    from briefing.format.themes import load_theme
    from ui.slide_painter import render_page

    window.slide_preview.refresh_now()
    page = window.slide_preview.pages[0]
    plain = render_page(page, load_theme(None), 400)
    sharp = render_page(page, load_theme(None), 400, ratio=2.0)
    assert (sharp.width(), sharp.height()) == (2 * plain.width(), 2 * plain.height())
    assert sharp.devicePixelRatio() == 2.0
    corner = sharp.pixelColor(sharp.width() - 3, sharp.height() - 3)
    assert corner == plain.pixelColor(plain.width() - 2, plain.height() - 2)
    assert corner.name() != "#ffffff"  # the banner, painted to the very corner


# -- parts ---------------------------------------------------------------------------------------

def test_the_outline_shows_each_part_above_its_first_section(window):
    from ui.outline_model import PartRole

    model = window.ctrl.outline
    opened = {model.index(r).data(PartRole)[0]: model.index(r).data()
              for r in range(model.rowCount())
              if model.index(r).data(PartRole) and model.index(r).data(PartRole)[1]}
    assert opened == {"The strikes": "Sequence of events",
                      "Reactions and assessment": "Pakistan's official reaction",
                      "Later context (June 2025)": "Later context: June 2025 Israel-Iran war",
                      "Outlook and reference": "Outlook and indicators"}
    assert model.index(0).data(PartRole) is None  # before the first part
    assert "In part “The strikes”" in model.index(2).data(Qt.ItemDataRole.ToolTipRole)


def test_a_part_is_set_in_the_sections_properties_as_one_undo_step(window):
    from ui.outline_model import PartRole

    editor = select(window, "casualties")
    assert editor.part_edit.text() == ""
    editor.part_edit.setText("Figures")
    editor.part_edit.textEdited.emit("Figures")
    section = window.ctrl.doc.section_by_id("casualties")
    assert section.part == "Figures"
    row = window.ctrl.doc.sections.index(section)
    assert window.ctrl.outline.index(row).data(PartRole) == ("Figures", True)
    window.ctrl.undo.undo()
    assert section.part is None
    assert window.ctrl.outline.index(row).data(PartRole) == ("The strikes", False)
    assert editor.part_edit.text() == ""
