"""The desktop application on a real desk: small and scaled screens, printing that keeps its
markings, the keys and habits of desk officers (pytest-qt, offscreen, no real dialogs).

The fixtures are `tests/test_ui_window.py`'s (the window on the example, fake dialogs).
"""
# ruff: noqa: F811

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402
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


def _mnemonics(window) -> dict[str, list[str]]:
    """Alt+letter of every visible label, button, group box and menu title, by letter."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    found: dict[str, list[str]] = {}

    def note(text: str) -> None:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).lower(), []).append(text)

    for action in window.menuBar().actions():
        note(action.text())
    for kind, read in ((QLabel, QLabel.text), (QAbstractButton, QAbstractButton.text),
                       (QGroupBox, QGroupBox.title)):
        for widget in window.findChildren(kind):
            if widget.isVisibleTo(window) and not (kind is QLabel and widget.buddy() is None):
                note(read(widget))
    return found


def test_no_two_visible_controls_share_an_alt_letter_in_any_editor(window):
    """An Alt+letter that two controls share only cycles between them: each editor, with the
    document properties and the menus beside it, gives every letter to one control."""
    kinds_seen = set()
    for row, section in enumerate(window.ctrl.doc.sections):
        if section.kind in kinds_seen:
            continue
        kinds_seen.add(section.kind)
        window.select_row(row)
        QApplication.processEvents()
        shared = {k: v for k, v in _mnemonics(window).items() if len(v) > 1}
        assert not shared, (section.kind, shared)
    assert "map" in kinds_seen and "chart" in kinds_seen


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
    from briefing.export.job import ExportJob, run_export
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

    def fake(parent, doc, base_dir, per_page=6, audience_line="", look=print_handout.DEFAULT):
        calls.append(audience_line)
        printer = print_handout.pdf_printer(tmp_path / "sheet.pdf")
        print_handout.print_handout(doc, printer, per_page=per_page, base_dir=base_dir,
                                    look=look)
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


def test_file_open_example_reaches_the_example_once_another_file_is_open(window, dialogs,
                                                                         tmp_path):
    from briefing.resources import example_path

    other = tmp_path / "brief.yaml"
    other.write_text("format: briefing/1\ntitle: Other\nas_of: 2024-01-01\nsections:\n"
                     "  - {kind: text, title: T, text: x}\n", encoding="utf-8")
    assert window.open_file(other) and window.ctrl.doc.title == "Other"
    assert window.act_open_example in window.menuBar().actions()[0].menu().actions()
    window.act_open_example.trigger()
    assert window.ctrl.origin == example_path() and window.ctrl.path is None
    assert len(window.ctrl.doc.sections) == 14


def test_export_dialogs_remember_the_last_folder_per_kind(window, dialogs, qtbot, tmp_path):
    decks, handouts = tmp_path / "decks", tmp_path / "handouts"
    decks.mkdir()
    handouts.mkdir()

    def export(kind: str, path: Path) -> str:
        dialogs.save_path = path
        window.act_export[kind].trigger()
        suggested = dialogs.suggested
        qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
        return suggested

    export("pptx", decks / "one.pptx")
    export("handout", handouts / "one-handout.pdf")
    assert Path(export("pptx", decks / "two.pptx")).parent == decks
    assert Path(export("handout", handouts / "two-handout.pdf")).parent == handouts


def test_open_recent_tells_two_brief_yaml_apart(window, dialogs, tmp_path):
    from ui.flows.files import recent_labels

    for folder in ("crisis-a", "crisis-b"):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "brief.yaml"
        path.write_text("format: briefing/1\ntitle: B\nas_of: 2024-01-01\nsections:\n"
                        "  - {kind: text, title: T, text: x}\n", encoding="utf-8")
        assert window.open_file(path)
    window._fill_recent()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts[:2] == ["&1 …/crisis-b/brief.yaml", "&2 …/crisis-a/brief.yaml"]
    assert recent_labels(["/x/a.yaml", "/y/b.yaml"]) == ["a.yaml", "b.yaml"]


@pytest.mark.parametrize("what", ["file", "folder", "help"])
def test_nothing_to_open_with_says_so_with_the_path(window, dialogs, monkeypatch, tmp_path,
                                                    what):
    """Without xdg-open, QDesktopServices.openUrl returns False: say so, never "Opened"."""
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    exported = tmp_path / "deck.pptx"
    exported.write_bytes(b"x")
    window.last_export = [exported]
    {"file": window.open_file_button.click, "folder": window.open_folder_button.click,
     "help": window.act_docs.trigger}[what]()
    kind, text = dialogs.shown[-1]
    expected = {"file": str(exported), "folder": str(tmp_path), "help": "format.md"}[what]
    assert kind == "information" and "could open" in text and expected in text
    assert not window.statusBar().currentMessage().startswith("Opened")


def test_a_problem_in_an_untitled_section_names_it_by_number_and_kind(window, dialogs):
    from ui.commands import SetSectionField
    from ui.problems import problem_lines

    chart = next(s for s in window.ctrl.doc.sections if s.kind == "chart")
    row = window.ctrl.doc.sections.index(chart)
    window.ctrl.push(SetSectionField(window.ctrl, chart, "title", ""))  # as the editor does
    window.validate_now()
    lines = problem_lines(window.ctrl.doc, window.problems)
    assert f"Section {row + 1} (chart): title: must not be empty" in "\n".join(lines)
    assert not [line for line in lines if line.startswith(":")]
    assert f"Section {row + 1} (chart): title" in window.problem_label.toolTip()


def test_no_will_probably_fail_before_an_export_that_succeeds(window, dialogs, qtbot,
                                                               tmp_path):
    from ui.commands import SetSectionField

    # a problem that does not stop an export, made as the editor makes it
    window.ctrl.push(SetSectionField(window.ctrl, window.ctrl.doc.sections[3], "title", ""))
    dialogs.question_answer = QMessageBox.StandardButton.Yes
    dialogs.save_path = tmp_path / "deck.pdf"
    window.act_export["pdf"].trigger()
    kind, question = next(d for d in dialogs.shown if d[0] == "question")
    assert "Section 4 (key figures): title" in question
    assert "fail" not in question
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert (tmp_path / "deck.pdf").is_file()


def test_a_broken_file_at_start_up_does_not_claim_a_document_is_unchanged(qtbot, dialogs,
                                                                          data_dir, tmp_path):
    from ui.mainwindow import MainWindow

    broken = tmp_path / "broken.yaml"
    broken.write_text("format: briefing/1\ntitle: X\nas_of: 2024-13-45\nsections: []\n",
                      encoding="utf-8")
    win = MainWindow()
    try:
        win.startup(broken)
        kind, text = dialogs.shown[0]
        assert kind == "warning" and "the file was not opened." in text
        assert "unchanged" not in text
        assert win.ctrl.origin is not None  # the example opened instead
        win.open_file(broken)  # now a document is open: it is unchanged
        assert "your current document is unchanged" in dialogs.shown[-1][1]
    finally:
        win.ctrl.undo.setClean()
        win.close()


def test_the_sources_tab_shows_titles_and_grades_readably_and_widens(window, qtbot):
    panel = window.sources_panel
    window.sources_dock.raise_()
    panel.resize(290, 400)
    QApplication.processEvents()
    from ui.editors.sources import COLUMNS

    view = panel.view
    shown = {col.attr: view.columnWidth(i) for i, col in enumerate(COLUMNS)
             if not view.isColumnHidden(i)}
    assert set(shown) == {"id", "title", "marking"}
    assert shown["title"] >= 120
    view.setCurrentIndex(panel.model.index(0, 1))
    source = window.ctrl.doc.sources[0]
    details = panel.details.text()
    assert source.title in details and f"reliability {source.reliability}" in details
    assert f"credibility {source.credibility}" in details
    panel.widen_button.click()
    QApplication.processEvents()
    assert window.sources_dock.isFloating() and window.sources_dock.width() >= 900 or \
        window.sources_dock.width() >= screen.available_geometry().width() - 60
    panel.resize(960, 400)
    QApplication.processEvents()
    hidden = [col.attr for i, col in enumerate(COLUMNS) if view.isColumnHidden(i)]
    assert hidden == []  # the example declares markings: the marking column shows too
    panel.widen_button.click()
    assert not window.sources_dock.isFloating()


def test_printing_reports_each_sheet_and_can_be_cancelled(window, tmp_path):
    """A 500-section handout takes seconds to print: the window shows progress per sheet and
    Cancel withdraws the job part-way."""
    from ui.print_handout import pdf_printer, print_handout

    seen: list[tuple[int, int]] = []
    sheets = print_handout(window.ctrl.doc, pdf_printer(tmp_path / "all.pdf"), per_page=1,
                           base_dir=window.ctrl.base_dir,
                           progress=lambda done, total: seen.append((done, total)) or True)
    assert sheets > 3
    assert seen == [(n, sheets) for n in range(sheets + 1)]

    def cancel_after_two(done: int, _total: int) -> bool:
        return done < 2

    assert print_handout(window.ctrl.doc, pdf_printer(tmp_path / "part.pdf"), per_page=1,
                         base_dir=window.ctrl.base_dir, progress=cancel_after_two) == 0


def test_the_print_form_lays_the_handout_out_in_the_worker(window, qtbot, monkeypatch):
    """The form's deck is the export's layout, made in the layout worker (the window repaints
    meanwhile), not in the GUI thread."""
    import briefing.layout
    from briefing.layout import layout_document
    from ui import print_handout

    expected = layout_document(window.ctrl.doc, base_dir=window.ctrl.base_dir)

    def not_here(*_a, **_k):
        raise AssertionError("laid out in the GUI thread")

    monkeypatch.setattr(print_handout, "layout_document", not_here)
    monkeypatch.setattr(briefing.layout, "layout_document", not_here)
    form = print_handout.PrintForm(window, window.ctrl.doc, window.ctrl.base_dir, 6, "All")
    qtbot.addWidget(form)
    assert [p.title for p in form.deck.pages] == [p.title for p in expected.pages]
    assert len(form.deck.pages) == len(expected.pages)
