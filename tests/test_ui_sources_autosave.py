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

from briefing import dumps  # noqa: E402
from briefing.model import edit  # noqa: E402

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


# -- 2. autosave with more than one instance ---------------------------------------------------

@pytest.fixture
def new_window(qtbot, dialogs, data_dir):
    """More windows, as more app instances would be; each has its own autosaver."""
    from ui.mainwindow import MainWindow

    made = []

    def make():
        win = MainWindow()
        made.append(win)
        return win
    yield make
    for win in made:
        win.ctrl.undo.setClean()
        win.close()
        win.deleteLater()


def retitle(win, title: str) -> None:
    from ui.commands import SetDocumentField

    win.ctrl.push(SetDocumentField(win.ctrl, "title", title, "title"))


def crash(win) -> None:
    """The instance goes away without cleaning up: its files stay, its lock goes."""
    win.autosaver.timer.stop()
    win.autosaver._files = None


def offered_on_start(new_window, monkeypatch, answer: str = "recover", path=None):
    from ui.mainwindow import MainWindow

    offered = []
    monkeypatch.setattr(MainWindow, "ask_recover",
                        lambda self, rec: offered.append(rec) or answer)
    win = new_window()
    win.startup(path)
    return win, offered


def saved_file(window, dialogs, tmp_path):
    dialogs.save_path = tmp_path / "crisis.yaml"
    assert window.save()
    return dialogs.save_path


def test_two_instances_on_one_file_keep_separate_recovery_files(window, dialogs, tmp_path,
                                                                 new_window):
    from ui.autosave import find_recoverable

    path = saved_file(window, dialogs, tmp_path)
    other = new_window()
    assert other.load_path(path)

    retitle(window, "First instance's words")
    retitle(other, "Second instance's words")
    assert window.autosaver.autosave_if_needed() and other.autosaver.autosave_if_needed()

    assert window.autosaver.paths() != other.autosaver.paths()
    sets = find_recoverable()
    assert len(sets) == 2 and all(r.original == path.resolve() for r in sets)
    texts = sorted(r.data.read_text(encoding="utf-8") for r in sets)
    assert "First instance's words" in texts[0] and "Second instance's words" in texts[1]
    assert all(r.live for r in sets)  # both instances run: neither is a crash


def test_recovery_offers_the_crashed_instance_never_the_live_one(window, dialogs, tmp_path,
                                                                  new_window, monkeypatch):
    path = saved_file(window, dialogs, tmp_path)
    doomed = new_window()
    assert doomed.load_path(path)
    retitle(window, "Live instance's words")
    retitle(doomed, "Crashed instance's words")
    window.autosaver.autosave_if_needed()
    doomed.autosaver.autosave_if_needed()
    crash(doomed)

    third, offered = offered_on_start(new_window, monkeypatch, path=path)

    assert len(offered) == 1  # only the crashed one
    assert third.ctrl.doc.title == "Crashed instance's words"
    assert third.ctrl.path == path.resolve() and third.isWindowModified()
    # the live instance's recovery file is untouched and still its own
    live_data, _ = window.autosaver.paths()
    assert "Live instance's words" in live_data.read_text(encoding="utf-8")

    # a fourth start while the third has not saved yet: nothing to offer (all live)
    _fourth, offered_again = offered_on_start(new_window, monkeypatch, path=path)
    assert offered_again == []


def test_a_recovered_set_is_removed_once_saved_and_a_declined_one_at_once(
        window, dialogs, tmp_path, new_window, monkeypatch, data_dir):
    from ui.autosave import find_recoverable

    retitle(window, "Recovered then saved")
    window.autosaver.autosave_if_needed()
    crash(window)
    second, offered = offered_on_start(new_window, monkeypatch)
    assert len(offered) == 1 and second.ctrl.doc.title == "Recovered then saved"
    dialogs.save_path = tmp_path / "kept.yaml"
    assert second.save()
    assert find_recoverable() == []
    assert sorted(p.name for p in (data_dir / "autosave").iterdir()) == []  # no lock left

    retitle(second, "Declined")
    second.autosaver.autosave_if_needed()
    crash(second)
    _third, offered = offered_on_start(new_window, monkeypatch, answer="discard")
    assert len(offered) == 1 and offered[0].title == "Declined"
    assert find_recoverable() == []
    assert sorted(p.name for p in (data_dir / "autosave").iterdir()) == []


def test_decide_later_keeps_the_set_for_the_next_start(window, new_window, monkeypatch):
    retitle(window, "Not now")
    window.autosaver.autosave_if_needed()
    crash(window)
    second, offered = offered_on_start(new_window, monkeypatch, answer="later")
    assert len(offered) == 1 and second.ctrl.doc.title != "Not now"
    third, offered = offered_on_start(new_window, monkeypatch)
    assert len(offered) == 1 and third.ctrl.doc.title == "Not now"


def test_a_set_being_offered_is_not_offered_by_another_starting_instance(window, new_window,
                                                                         monkeypatch):
    from ui.autosave import crashed

    retitle(window, "Being offered")
    window.autosaver.autosave_if_needed()
    crash(window)
    [rec] = crashed()
    claim = rec.claim()  # another instance's question is on screen
    assert claim is not None
    try:
        _second, offered = offered_on_start(new_window, monkeypatch)
        assert offered == []
    finally:
        claim.release()


HOLDER = r"""
import os, sys, time
from PySide6.QtWidgets import QApplication
from ui.commands import SetDocumentField
from ui.mainwindow import MainWindow
app = QApplication([])
win = MainWindow()
assert win.load_path(sys.argv[1])
win.ctrl.push(SetDocumentField(win.ctrl, "title", "Other process's words", "title"))
assert win.autosaver.autosave_if_needed()
print("ready", flush=True)
time.sleep(120)
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX process handling")
def test_an_instance_in_another_process_is_live_until_it_is_killed(window, dialogs, tmp_path,
                                                                   new_window, monkeypatch,
                                                                   data_dir):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from ui.autosave import crashed, find_recoverable

    path = saved_file(window, dialogs, tmp_path)
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_DESK_DATA_DIR=str(data_dir),
               PYTHONPATH=str(root))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=root, env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        [rec] = find_recoverable()
        assert rec.live and crashed() == []
        _second, offered = offered_on_start(new_window, monkeypatch, path=path)
        assert offered == []  # the other process runs: its work is not a crash
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    [rec] = crashed()
    assert "Other process's words" in rec.data.read_text(encoding="utf-8")
    third, offered = offered_on_start(new_window, monkeypatch, path=path)
    assert len(offered) == 1 and third.ctrl.doc.title == "Other process's words"


# -- 3. the shared pieces of the editors still behave as before ------------------------------

@pytest.mark.parametrize("field", ["title_edit", "notes_edit"])
def test_ctrl_z_in_a_text_field_undoes_through_the_window_history(window, qtbot, field):
    """LineEdit and PlainTextEdit share one key filter: Ctrl+Z goes to the app's undo stack."""
    editor = select(window, "casualties")
    widget = getattr(editor, field)
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    before = getattr(editor.section, "title" if field == "title_edit" else "notes")
    steps = window.ctrl.undo.index()
    qtbot.keyClicks(widget, " extra")
    assert window.ctrl.undo.index() == steps + 1  # one burst of typing, one step
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctrl.undo.index() == steps
    assert getattr(editor.section, "title" if field == "title_edit" else "notes") == before
    shown = widget.text() if field == "title_edit" else widget.toPlainText()
    assert shown == (before or "")


@pytest.mark.parametrize("kind", ["table", "judgments"])
def test_the_marking_of_the_selected_row_follows_the_selection(window, kind):
    """Judgments (and events) and tables share the "marking of the selected row" control."""
    section = next(s for s in window.ctrl.doc.sections if s.kind == kind)
    editor = select(window, section.id)
    control = editor.row_marking if kind == "table" else editor.item_marking
    rows = section.table.rows if kind == "table" else section.items
    marked = next(i for i, r in enumerate(rows) if r.marking == "INTERNAL")  # the example's

    editor.view.setCurrentIndex(editor.view.model().index(marked, 0))
    assert control.isVisible() and control.isEnabled()
    assert control.currentData() == rows[marked].marking == "INTERNAL"

    editor.view.selectionModel().clearCurrentIndex()
    assert not control.isEnabled() and control.currentText().startswith("(select a")
