"""The desktop application on a real desk: small and scaled screens, printing that keeps its
markings, the keys and habits of desk officers (pytest-qt, offscreen, no real dialogs).

The fixtures are `tests/test_ui_window.py`'s (the window on the example, fake dialogs).
"""
# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path

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


# -- printing keeps the markings ------------------------------------------------------------------

CLASSIFICATION = "UNCLASSIFIED // EXAMPLE"


def banner_lines(pdf: Path) -> list[list[str]]:
    """Per page, the sheet's marking banners: text starting with the classification, set at
    the banners' 9 pt (the slides drawn on the sheet carry their own, much smaller)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        found: list[str] = []

        def visit(text, cm, tm, _font, size, found=found):
            scale = abs(tm[2] * cm[1] + tm[3] * cm[3]) or abs(tm[0] * cm[0])
            line = " ".join(text.split())  # Qt's PDF writes the spaces as tabs
            if line.startswith(CLASSIFICATION) and size * scale >= 8:
                found.append(line)

        page.extract_text(visitor_text=visit)
        pages.append(sorted(found))
    return pages


@pytest.mark.parametrize("audience", [None, "PUBLIC", "PARTNERS"])
def test_a_printed_sheet_carries_exactly_the_exported_handouts_banners(window, tmp_path,
                                                                        audience):
    from briefing.export import ExportJob, run_export
    from ui.print_handout import pdf_printer, print_handout

    window.set_audience(audience)
    printed = tmp_path / "printed.pdf"
    sheets = print_handout(window.ctrl.audience_view(), pdf_printer(printed), per_page=4,
                           base_dir=window.ctrl.base_dir)
    exported = tmp_path / "handout.pdf"
    run_export(window.ctrl.doc, ExportJob(handout=exported, per_page=4, audience=audience,
                                          base_dir=window.ctrl.base_dir))
    expected = banner_lines(exported)
    assert len(expected) == sheets
    assert banner_lines(printed) == expected
    assert all(len(page) == 2 for page in expected)  # top and bottom of every sheet
    levels = {line.rsplit("— ", 1)[-1] for page in expected for line in page}
    allowed = {None: {"PUBLIC", "PARTNERS", "INTERNAL"}, "PARTNERS": {"PUBLIC", "PARTNERS"},
               "PUBLIC": {"PUBLIC"}}[audience]
    assert levels <= allowed and (audience or "INTERNAL") in levels


def test_the_print_form_states_the_audience_and_the_banners(window, qtbot):
    from ui.export_options import audience_text
    from ui.print_handout import PrintForm

    window.set_audience("PUBLIC")
    form = PrintForm(window, window.ctrl.audience_view(), window.ctrl.base_dir, 6,
                     audience_text(window.ctrl.doc.markings, "PUBLIC"))
    qtbot.addWidget(form)
    assert form.audience_label.text() == \
        "PUBLIC only: content marked PARTNERS, INTERNAL is left out"
    assert f"“{CLASSIFICATION} — PUBLIC”" in form.banner_label.text()
    assert "INTERNAL" not in form.banner_label.text()
    assert form.preview_button.text() == "Pre&view…"


def test_print_says_where_a_file_print_went_and_for_whom(window, monkeypatch, tmp_path):
    from ui import print_handout

    calls = []

    def fake(parent, doc, base_dir, per_page=6, audience_line=""):
        calls.append(audience_line)
        printer = print_handout.pdf_printer(tmp_path / "sheet.pdf")
        print_handout.print_handout(doc, printer, per_page=per_page, base_dir=base_dir)
        return print_handout.printed_where(printer)

    monkeypatch.setattr(print_handout, "print_with_dialog", fake)
    window.set_audience("PARTNERS")
    window.act_print.trigger()
    assert calls == ["PARTNERS only: content marked INTERNAL is left out"]
    message = window.statusBar().currentMessage()
    assert message == f"Handout printed to {tmp_path / 'sheet.pdf'} (the PARTNERS export)"
    assert (tmp_path / "sheet.pdf").stat().st_size > 1000


def test_print_preview_paints_the_same_sheets(window, monkeypatch, tmp_path):
    """Preview… opens a QPrintPreviewDialog that paints the handout; closing it prints nothing."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from ui import print_handout

    monkeypatch.setattr(print_handout.PrintForm, "exec",
                        lambda self: print_handout.PrintForm.PREVIEW)

    def exec_preview(self):
        self.paintRequested.emit(print_handout.pdf_printer(tmp_path / "preview.pdf"))
        return 0  # closed without printing

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_preview)
    assert print_handout.print_with_dialog(window, window.ctrl.doc, window.ctrl.base_dir) is None
    assert banner_lines(tmp_path / "preview.pdf")[0] == [f"{CLASSIFICATION} — INTERNAL"] * 2


# -- keys and habits --------------------------------------------------------------------------------

def test_ctrl_y_redoes_as_the_guide_promises(window, qtbot):
    from PySide6.QtTest import QTest

    editor = select(window, "bluf")
    before = editor.section.title
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    QTest.keyClicks(editor.title_edit, "New title")
    assert window.ctrl.doc.section_by_id("bluf").title == "New title"
    QTest.keyClick(editor.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.ctrl.doc.section_by_id("bluf").title == before
    QTest.keyClick(window.editor.title_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.ctrl.doc.section_by_id("bluf").title == "New title"


def test_ctrl_y_redoes_where_the_platform_only_knows_ctrl_shift_z(qtbot, dialogs, data_dir,
                                                                   monkeypatch):
    """Under X11 (GNOME, KDE) Qt's standard Redo is Ctrl+Shift+Z only: Ctrl+Y did nothing."""
    from PySide6.QtGui import QKeySequence

    from ui.mainwindow import MainWindow

    standard = QKeySequence.keyBindings

    def x11_bindings(key):
        if key == QKeySequence.StandardKey.Redo:
            return [QKeySequence("Ctrl+Shift+Z")]
        return standard(key)

    monkeypatch.setattr(QKeySequence, "keyBindings", staticmethod(x11_bindings))
    win = MainWindow()
    try:
        keys = [k.toString() for k in win.act_redo.shortcuts()]
        assert "Ctrl+Y" in keys and "Ctrl+Shift+Z" in keys
    finally:
        win.close()


def _chart(window):
    row = next(i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "chart")
    window.select_row(row)
    return window.editor


def test_enter_in_the_chart_grid_moves_down_as_in_a_spreadsheet(window, qtbot):
    from PySide6.QtTest import QTest

    grid = _chart(window).grid_view
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(1, 1))
    QTest.keyClick(grid, Qt.Key.Key_Return)  # not editing: down one row
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, 1)
    QTest.keyClick(grid, Qt.Key.Key_7)  # typing opens the cell's editor
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_7)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # commits, moves down
    qtbot.waitUntil(lambda: grid.currentIndex().row() == 3)
    chart = window.editor.chart
    assert chart.series[0].values[1].value == 77
    assert grid.currentIndex().column() == 1


def _region(window, widget) -> str:
    for name, part in (("outline", window.outline_dock), ("editor", window.editor_area),
                       ("preview", window.preview_dock), ("properties", window.properties_dock),
                       ("sources", window.sources_dock)):
        if widget is not None and (part is widget or part.isAncestorOf(widget)):
            return name
    return "other"


def test_tab_follows_reading_order_outline_editor_preview_properties(window, qtbot):
    from PySide6.QtTest import QTest

    _resize(window, 1366, 740)
    select(window, "bluf")
    window.activateWindow()
    window.outline_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.outline_view)
    visited: list[str] = []
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        region = _region(window, QApplication.focusWidget())
        if not visited or visited[-1] != region:
            visited.append(region)
    first = list(dict.fromkeys(visited))
    assert first[:4] == ["editor", "preview", "properties", "sources"] or \
        first[:3] == ["editor", "preview", "properties"], visited
    assert visited.index("editor") < visited.index("preview") < visited.index("properties")
