"""The main window: the outline, the section editor, the docks and the status bar.

What the window does is in its flows (`ui/flows/`: files, recovery, sections, audience,
export, printing, help) and its commands in `ui/window/actions.py`; this module builds the
widgets, swaps the editor when the selection changes and shows the document's state.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTreeView,
    QWidget,
)

from briefing.export.job import ExportJob
from briefing.resources import example_path

from . import autosave
from .checker import Checker
from .controller import DocumentController
from .editors import editor_for
from .editors.base import SectionEditor
from .editors.properties import PropertiesPanel
from .export_options import load_options
from .flows.audience import AudienceFlow
from .flows.editions import EditionsFlow
from .flows.export_flow import ExportFlow
from .flows.files import FilesFlow
from .flows.help import HelpFlow
from .flows.printing import PrintFlow
from .flows.recovery import RecoveryFlow
from .flows.sections import SectionsFlow
from .icons import icon
from .outline_delegate import OutlineDelegate
from .outline_model import SectionRole
from .preview import SlidePreview
from .problems import problem_lines
from .settings import APP_NAME, settings
from .window import screen
from .window.actions import WindowActions

__all__ = ["APP_NAME", "MainWindow", "settings"]


class MainWindow(FilesFlow, RecoveryFlow, SectionsFlow, AudienceFlow, ExportFlow, PrintFlow,
                 HelpFlow, EditionsFlow, WindowActions, QMainWindow):
    """The window; each flow mixin holds one job, this class the widgets they share."""


    def __init__(self) -> None:
        super().__init__()
        self.ctrl = DocumentController(self)
        self.autosaver = autosave.Autosaver(self.ctrl)
        self.editor: SectionEditor | None = None
        self.export_runner = None
        self.last_export: list[Path] = []
        self.last_job: ExportJob | None = None
        self.problems = None
        self.document_open = False  # False until the first document is shown
        self.setWindowIcon(icon("briefing-desk"))
        self._narrow: bool | None = None  # the layout applied last (None: none yet)

        self._build_outline()
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        # the first size fits the screen; restore_layout() may replace it with the last one
        self.setGeometry(screen.fitted_geometry(screen.available_geometry()))

        self.validate_timer = QTimer(self)
        self.validate_timer.setSingleShot(True)
        self.validate_timer.setInterval(400)
        self.checker = Checker(self.ctrl)  # the problem check, in the background
        self.checker.checked.connect(self._show_problems)
        self.validate_timer.timeout.connect(self.checker.start)
        self.ctrl.documentEdited.connect(self.validate_timer.start)
        self.ctrl.documentReplaced.connect(self._document_replaced)
        self.ctrl.undo.cleanChanged.connect(self._update_title)
        self.ctrl.undo.indexChanged.connect(self._update_actions)
        self.ctrl.revealSection.connect(self.select_section)
        self._update_title()
        # the remembered export template is the look of the previews from the start
        self.ctrl.set_template(load_options(settings()).template)
        from . import background

        background.warm_up()

    # -- building -------------------------------------------------------------------------------
    def _build_outline(self) -> None:
        view = QTreeView()
        view.setModel(self.ctrl.outline)
        view.setHeaderHidden(True)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAccessibleName("Outline: the briefing's sections")
        view.setToolTip("Sections in slide order. Drag to reorder (or Ctrl+Shift+Up/Down); "
                        "the box includes or leaves out a section. The badge is the "
                        "section's marking; PU+I: it contains content marked higher (I). "
                        "Struck through: not in the chosen audience's export.")
        view.setIconSize(QSize(22, 22))
        view.setItemDelegate(OutlineDelegate(view))
        view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.outline_view = view

    def _build_central(self) -> None:
        self.editor_area = QScrollArea()
        self.editor_area.setWidgetResizable(True)
        self.editor_area.setAccessibleName("Section editor")
        self.editor_area.setWidget(self._placeholder())
        self.setCentralWidget(self.editor_area)

    def _placeholder(self) -> QLabel:
        label = QLabel("Select a section in the outline to edit it, or add one with "
                       "Edit ▸ Add Section.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _build_docks(self) -> None:
        self.outline_dock = self._dock("Outline", self.outline_view, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.properties = PropertiesPanel(self.ctrl)
        props_scroll = QScrollArea()
        props_scroll.setWidgetResizable(True)
        props_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        props_scroll.setWidget(self.properties)
        self.properties_dock = self._dock("Document properties", props_scroll,
                                          Qt.DockWidgetArea.LeftDockWidgetArea)
        from .editors.sources import SourcesPanel

        self.sources_panel = SourcesPanel(self.ctrl)
        self.sources_panel.message.connect(self._show_message)
        self.sources_panel.widenRequested.connect(self._widen_sources)
        self.sources_dock = self._dock("Sources", self.sources_panel,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.properties_dock, self.sources_dock)
        self.properties_dock.raise_()
        self.slide_preview = SlidePreview(self.ctrl)
        self.preview_dock = self._dock("Slide preview", self.slide_preview,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        # a preview docked at the bottom (narrow windows) sits under the editor, not the outline
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.outline_dock, self.preview_dock], [340, 500],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.outline_dock, self.properties_dock], [430, 400],
                         Qt.Orientation.Vertical)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.apply_width_layout(event.size().width())

    def apply_width_layout(self, width: int) -> None:
        """Wide: the preview is a column on the right. Narrow: it docks under the editor,
        hidden until View ▸ Slide preview or the toolbar's Preview toggle shows it. Only a
        crossing changes anything, so a preview the user showed stays shown."""
        narrow = screen.is_narrow(width)
        if narrow == self._narrow:
            return
        self._narrow = narrow
        dock = self.preview_dock
        if dock.isFloating():
            return
        area = (Qt.DockWidgetArea.BottomDockWidgetArea if narrow
                else Qt.DockWidgetArea.RightDockWidgetArea)
        if self.dockWidgetArea(dock) != area:
            self.addDockWidget(area, dock)
        dock.setVisible(not narrow)

    def _widen_sources(self, wide: bool) -> None:
        """Float the Sources dock at a width that shows every column, or dock it back."""
        dock = self.sources_dock
        dock.setFloating(wide)
        if wide:
            available = screen.available_geometry()
            width = min(980, available.width() - 40)
            dock.setGeometry(available.x() + (available.width() - width) // 2,
                             available.y() + 80, width, min(460, available.height() - 120))
        dock.show()
        dock.raise_()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_status(self) -> None:
        self.problem_label = QLabel()
        self.problem_label.setAccessibleName("Problems")
        self.statusBar().addPermanentWidget(self.problem_label)
        self.export_box = QWidget()
        box = QHBoxLayout(self.export_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.export_label = QLabel()
        self.open_file_button = QPushButton("Open file")
        self.open_file_button.clicked.connect(lambda: self.open_externally(self.last_export[0]))
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.clicked.connect(
            lambda: self.open_externally(self.last_export[0].parent, "folder"))
        for w in (self.export_label, self.open_file_button, self.open_folder_button):
            box.addWidget(w)
        self.statusBar().addWidget(self.export_box)
        self.export_box.hide()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.export_runner is not None and self.export_runner.running:
            self.export_runner.cancel()
            self.export_runner.thread.wait(10000)
        if self.maybe_save():
            self.autosaver.discard()
            s = settings()
            s.setValue("geometry", self.saveGeometry())
            s.setValue("window_state", self.saveState())
            event.accept()
        else:
            event.ignore()

    def restore_layout(self) -> None:
        """The window size and dock layout of the last session (not used for screenshots)."""
        s = settings()
        geometry, state = s.value("geometry"), s.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def _current_row_changed(self, current, _previous) -> None:
        section = current.data(SectionRole) if current.isValid() else None
        if self.editor is not None and self.editor.section is section:
            return
        # take the old editor out first and delete it later: this may run inside one of its
        # own signal handlers (an undo that reveals another section)
        old = self.editor_area.takeWidget()
        if section is None:
            self.editor = None
            self.editor_area.setWidget(self._placeholder())
        else:
            self.editor = editor_for(self.ctrl, section)
            self.editor.message.connect(self._show_message)
            self.editor_area.setWidget(self.editor)
        if old is not None:
            old.hide()
            old.deleteLater()
        self.slide_preview.show_section(section)
        self._set_tab_order()
        self._update_actions()

    # -- state display ----------------------------------------------------------------------------
    def _document_replaced(self) -> None:
        self.document_open = True
        old = self.editor_area.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.editor = None
        self.editor_area.setWidget(self._placeholder())
        self._set_tab_order()
        if self.ctrl.doc.sections:
            self.select_row(0)
        self.slide_preview.schedule()
        self.checker.start()
        self._update_title()

    def document_label(self) -> str:
        """'crisis.yaml', or 'Untitled (from the example)' for a document never saved."""
        name = self.ctrl.display_name
        if self.ctrl.path is None and self.ctrl.origin is not None:
            where = "example" if self.ctrl.origin == example_path() else "template"
            name += f" (from the {where})"
        return name

    def _update_title(self, *_: object) -> None:
        self.setWindowTitle(f"{self.document_label()}[*] — {APP_NAME}")
        self.setWindowModified(self.ctrl.dirty)
        self._update_actions()

    def _update_actions(self, *_: object) -> None:
        row, n = self.current_row(), len(self.ctrl.doc.sections)
        self.act_up.setEnabled(row > 0)
        self.act_down.setEnabled(0 <= row < n - 1)
        self.act_delete.setEnabled(row >= 0 and n > 1)
        self.act_duplicate.setEnabled(row >= 0)

    def validate_now(self) -> None:
        self.validate_timer.stop()
        self._show_problems(self.checker.wait())

    def _show_problems(self, problems) -> None:
        self.problems = problems
        self.ctrl.outline.set_problems(self.problems.by_section)
        count = self.problems.count
        if count:
            self.problem_label.setText(f"⚠ {count} problem{'s' if count != 1 else ''}")
            lines = problem_lines(self.ctrl.doc, self.problems) + self.problems.warnings
            self.problem_label.setToolTip("\n".join(lines[:30]))
            self.problem_label.setStyleSheet("color: #9a4a00; font-weight: bold")
        elif self.problems.warnings:
            n = len(self.problems.warnings)
            self.problem_label.setText(f"ⓘ {n} warning{'s' if n != 1 else ''}")
            self.problem_label.setToolTip(
                "The briefing opens and exports, but not everything will print as written:\n"
                + "\n".join(self.problems.warnings[:30]))
            self.problem_label.setStyleSheet("color: #7a5c00; font-weight: bold")
        else:
            self.problem_label.setText("✓ No problems")
            self.problem_label.setToolTip("The briefing would open again without errors")
            self.problem_label.setStyleSheet("color: #2e7d32")

    def _set_tab_order(self) -> None:
        """Tab follows reading order: outline, editor (its fields in order), slide preview,
        document properties, sources. Run again whenever the editor is replaced."""
        chain = [self.outline_view]
        if self.editor is not None:
            chain += self.editor.tab_chain()
        chain += [self.slide_preview.all_box, self.properties.title_edit,
                  self.sources_panel.view]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- clipboard ------------------------------------------------------------------------------
    def _clipboard(self, what: str) -> None:
        from PySide6.QtWidgets import QApplication

        widget = QApplication.focusWidget()
        method = getattr(widget, what, None)
        if callable(method):
            method()

    def _focus(self, widget: QWidget) -> None:
        for dock in (self.outline_dock, self.properties_dock, self.sources_dock,
                     self.preview_dock):
            if dock.isAncestorOf(widget):
                dock.show()
                dock.raise_()  # bring a tabbed dock to the front
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_editor(self) -> None:
        if self.editor is not None:
            self.editor.title_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

