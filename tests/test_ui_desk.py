"""The desktop application on a real desk: small and scaled screens, printing that keeps its
markings, the keys and habits of desk officers (pytest-qt, offscreen, no real dialogs).

The fixtures are `tests/test_ui_window.py`'s (the window on the example, fake dialogs).
"""
# ruff: noqa: F811

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from test_ui_window import data_dir, dialogs, select, window  # noqa: E402, F401

from ui.window import screen  # noqa: E402

# -- screens -------------------------------------------------------------------------------------

LAPTOP = QRect(0, 0, 1366, 768)
LAPTOP_AT_150 = QRect(0, 0, 910, 512)  # 1366x768 at QT_SCALE_FACTOR=1.5, as Qt sizes windows
SMALL = QRect(0, 0, 1024, 700)


@pytest.mark.parametrize("available", [LAPTOP, LAPTOP_AT_150, SMALL, QRect(0, 0, 2560, 1440)])
def test_the_first_window_fits_the_available_screen(available):
    geometry = screen.fitted_geometry(available)
    framed = geometry.adjusted(-screen.FRAME.width() // 2, -(screen.FRAME.height()
                               - screen.FRAME.width() // 2), screen.FRAME.width() // 2,
                               screen.FRAME.width() // 2)
    assert available.contains(framed)
    assert geometry.width() <= screen.PREFERRED.width()
    assert geometry.height() <= screen.PREFERRED.height()


def test_a_large_screen_gets_the_preferred_size_centred():
    geometry = screen.fitted_geometry(QRect(0, 0, 2560, 1440))
    assert geometry.size() == screen.PREFERRED
    assert abs(geometry.center().x() - 1280) <= 1


@pytest.mark.parametrize("available", [LAPTOP, LAPTOP_AT_150, SMALL])
def test_a_fresh_window_opens_inside_a_small_or_scaled_screen(qtbot, dialogs, data_dir,
                                                              monkeypatch, available):
    from ui.mainwindow import MainWindow

    monkeypatch.setattr(screen, "available_geometry", lambda: available)
    win = MainWindow()
    win.load_example()
    try:
        assert available.contains(win.geometry())
        hint = win.minimumSizeHint()
        assert hint.width() <= available.width() and hint.height() <= available.height()
    finally:
        win.ctrl.undo.setClean()
        win.close()


def _resize(window, width: int, height: int) -> None:
    window.resize(width, height)
    for _ in range(3):
        QApplication.processEvents()


def test_a_narrow_window_docks_the_preview_under_the_editor_behind_a_toggle(window):
    _resize(window, 1366, 740)
    dock = window.preview_dock
    assert dock.isVisible() and window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    _resize(window, 1024, 640)
    assert not dock.isVisible()
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    toggle = dock.toggleViewAction()
    assert toggle in window.toolbar.actions()
    toggle.trigger()
    QApplication.processEvents()
    assert dock.isVisible()
    # under the editor: the outline keeps the full height on the left
    assert dock.geometry().left() >= window.outline_dock.geometry().right()
    _resize(window, 1024, 700)  # no crossing: the user's choice stays
    assert dock.isVisible()
    _resize(window, 1366, 740)
    assert dock.isVisible() and window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_every_editor_is_usable_at_1024_by_640(window):
    """Scroll rather than clip: each editor gets at least its minimum size, and a column
    wide enough to work in."""
    _resize(window, 1024, 640)
    kinds_seen = set()
    for row, section in enumerate(window.ctrl.doc.sections):
        if section.kind in kinds_seen:
            continue
        kinds_seen.add(section.kind)
        window.select_row(row)
        QApplication.processEvents()
        editor = window.editor_area.widget()
        assert window.editor_area.viewport().width() >= 560, section.kind
        hint = editor.minimumSizeHint()
        assert editor.width() >= hint.width() and editor.height() >= hint.height(), section.kind
    assert len(kinds_seen) >= 6
