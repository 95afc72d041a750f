"""The main window: menus, toolbar, outline, editors, previews, files, export and printing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QStyle,
    QToolBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from briefing import __version__, edit
from briefing import model as m
from briefing.errors import BriefingError
from briefing.export import ExportJob
from briefing.reader import load_file, load_text, slugify
from briefing.resources import docs_dir, example_path, skeleton_names, skeletons_dir
from briefing.writer import save as save_document

from . import autosave, export_options
from .checker import Checker
from .commands import InsertSection, MoveSection, RemoveSection
from .controller import DocumentController
from .editors import editor_for
from .editors.base import KIND_LABELS, SectionEditor
from .editors.properties import PropertiesPanel
from .icons import icon, kind_icon
from .opening import load_responsive
from .outline_delegate import OutlineDelegate
from .outline_model import SectionRole
from .preview import SlidePreview
from .problems import find_problems

APP_NAME = "Briefing Desk"
BRIEFING_FILTER = "Briefings (*.yaml *.yml);;All files (*)"
EXPORTS = {
    "pptx": ("Export PowerPoint", "PowerPoint deck (*.pptx)", ".pptx"),
    "pdf": ("Export PDF", "PDF slides (*.pdf)", ".pdf"),
    "handout": ("Export Handout", "PDF handout (*.pdf)", "-handout.pdf"),
    "report": ("Export Briefing Paper", "PDF briefing paper (*.pdf)", "-report.pdf"),
}
MAX_RECENT = 8


def settings() -> QSettings:
    """Settings beside the autosaves (so tests and portable use can redirect both)."""
    return QSettings(str(autosave.data_dir().parent / "settings.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.ctrl = DocumentController(self)
        self.autosaver = autosave.Autosaver(self.ctrl)
        self.editor: SectionEditor | None = None
        self.export_runner = None
        self.last_export: list[Path] = []
        self.last_job: ExportJob | None = None
        self.problems = None
        self.setWindowIcon(icon("briefing-desk"))
        self.resize(1400, 900)

        self._build_outline()
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()

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
        view.setIconSize(_size(22))
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
        self.sources_dock = self._dock("Sources", self.sources_panel,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.properties_dock, self.sources_dock)
        self.properties_dock.raise_()
        self.slide_preview = SlidePreview(self.ctrl)
        self.preview_dock = self._dock("Slide preview", self.slide_preview,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.outline_dock, self.preview_dock], [340, 500],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.outline_dock, self.properties_dock], [430, 400],
                         Qt.Orientation.Vertical)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_"))
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str | None = None,
                std_icon: QStyle.StandardPixmap | None = None, theme: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if theme or std_icon is not None:
            fallback = self.style().standardIcon(std_icon) if std_icon is not None else QIcon()
            action.setIcon(QIcon.fromTheme(theme, fallback) if theme else fallback)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        S, P = QKeySequence.StandardKey, QStyle.StandardPixmap
        self.act_new = self._action("&New", lambda: self.new_from_template("basic"),
                                    S.New, "Start a new briefing from the basic template",
                                    P.SP_FileIcon, "document-new")
        self.act_open = self._action("&Open…", lambda: self.open_file(), S.Open,
                                     "Open a briefing file", P.SP_DialogOpenButton, "document-open")
        self.act_save = self._action("&Save", self.save, S.Save, "Save the briefing",
                                     P.SP_DialogSaveButton, "document-save")
        self.act_save_as = self._action("Save &As…", self.save_as, S.SaveAs,
                                        "Save the briefing under a new name")
        self.act_export = {
            kind: self._action(f"{label}…", lambda _=False, k=kind: self.export(k),
                               shortcut, f"{label}: choose where to write it")
            for kind, (label, _f, _s), shortcut in zip(
                EXPORTS, EXPORTS.values(), ("Ctrl+E", "Ctrl+Shift+E", None, None), strict=True)
        }
        self.act_export["pptx"].setIcon(self.style().standardIcon(P.SP_ArrowForward))
        self.act_print = self._action("&Print Handout…", self.print_handout, S.Print,
                                      "Print the slides as a handout")
        self.act_quit = self._action("&Quit", self.close, S.Quit, "Quit Briefing Desk")
        self.act_undo = self.ctrl.undo.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(QKeySequence.keyBindings(S.Undo))
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.ctrl.undo.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(QKeySequence.keyBindings(S.Redo))
        self.act_redo.setIcon(icon("redo"))
        self.act_cut = self._action("Cu&t", lambda: self._clipboard("cut"), S.Cut)
        self.act_copy = self._action("&Copy", lambda: self._clipboard("copy"), S.Copy)
        self.act_paste = self._action("&Paste", lambda: self._clipboard("paste"), S.Paste)
        for a in (self.act_cut, self.act_copy, self.act_paste):
            # text fields handle these keys themselves; the actions serve menus and the grid
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.editor_area.addAction(a)
        self.act_add = {
            kind: self._action(KIND_LABELS[kind], lambda _=False, k=kind: self.add_section(k),
                               tip=f"Add a {kind} section after the selected one")
            for kind in m.SECTION_KINDS
        }
        for kind, action in self.act_add.items():
            action.setIcon(kind_icon(kind))
        self.act_add["text"].setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.act_duplicate = self._action("D&uplicate Section", self.duplicate_section, "Ctrl+D",
                                          "Add a copy of the selected section after it")
        self.act_delete = self._action("&Delete Section", self.delete_section,
                                       [QKeySequence(S.Delete), QKeySequence("Ctrl+Shift+Delete")],
                                       "Delete the selected section (Undo brings it back)",
                                       P.SP_TrashIcon, "edit-delete")
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.outline_view.addAction(self.act_delete)
        self.act_up = self._action("Move Section &Up", lambda: self.move_section(-1),
                                   "Ctrl+Shift+Up", "Move the selected section one place up",
                                   P.SP_ArrowUp, "go-up")
        self.act_down = self._action("Move Section Do&wn", lambda: self.move_section(1),
                                     "Ctrl+Shift+Down", "Move the selected section one place down",
                                     P.SP_ArrowDown, "go-down")
        self.act_up.setIconText("Move up")
        self.act_down.setIconText("Move down")
        self.act_delete.setIconText("Delete")
        self.act_next = self._action("&Next Section", lambda: self.step_section(1),
                                     "Ctrl+PgDown", "Select the next section")
        self.act_prev = self._action("Pre&vious Section", lambda: self.step_section(-1),
                                     "Ctrl+PgUp", "Select the previous section")
        self.act_focus = [
            self._action("Go to &Outline", lambda: self._focus(self.outline_view), "Ctrl+1"),
            self._action("Go to &Editor", self._focus_editor, "Ctrl+2"),
            self._action("Go to Document &Properties",
                         lambda: self._focus(self.properties.title_edit), "Ctrl+3"),
            self._action("Go to &Slide Preview", lambda: self._focus(self.slide_preview.all_box),
                         "Ctrl+4"),
            self._action("Go to Sou&rces", lambda: self._focus(self.sources_panel.view),
                         "Ctrl+5"),
            self._action("Go to &Audience", lambda: self._focus(self.audience_combo), "Ctrl+6",
                         "Choose who the preview and the exports are for"),
        ]
        self.act_docs = self._action("Briefing &Format Documentation", self.open_format_docs,
                                     S.HelpContents, "The briefing YAML format, field by field")
        self.act_guide = self._action("Desktop App &Guide", self.open_gui_docs, None,
                                      "How to use this window")
        self.act_about = self._action(f"&About {APP_NAME}", self.about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        templates = file_menu.addMenu("New from &Template")
        for name in skeleton_names():
            templates.addAction(name.replace("-", " ").capitalize(),
                                lambda n=name: self.new_from_template(n))
        file_menu.addAction(self.act_new)
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        file_menu.addSeparator()
        for action in self.act_export.values():
            file_menu.addAction(action)
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_cut)
        edit_menu.addAction(self.act_copy)
        edit_menu.addAction(self.act_paste)
        edit_menu.addSeparator()
        self.add_menu = edit_menu.addMenu(kind_icon("text"), "&Add Section")
        for action in self.act_add.values():
            self.add_menu.addAction(action)
        edit_menu.addAction(self.act_duplicate)
        edit_menu.addAction(self.act_delete)
        edit_menu.addAction(self.act_up)
        edit_menu.addAction(self.act_down)

        view_menu = bar.addMenu("&View")
        for dock in (self.outline_dock, self.properties_dock, self.sources_dock,
                     self.preview_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.audience_menu = view_menu.addMenu("&Audience")
        self.audience_menu.aboutToShow.connect(self._fill_audience_menu)
        view_menu.addSeparator()
        view_menu.addAction(self.act_next)
        view_menu.addAction(self.act_prev)
        view_menu.addSeparator()
        for action in self.act_focus:
            view_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_docs)
        help_menu.addAction(self.act_guide)
        help_menu.addSeparator()
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main toolbar")
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(_size(20))
        for action in (self.act_open, self.act_save):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        for action in (self.act_undo, self.act_redo):
            # their text names the command ("Undo Edit cell B2"): keep the toolbar from jumping
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addSeparator()
        add_button = QToolButton()
        add_button.setText("Add section")
        add_button.setIcon(kind_icon("text"))
        add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        add_button.setMenu(self.add_menu)
        add_button.setAccessibleName("Add section")
        bar.addWidget(add_button)
        bar.addAction(self.act_up)
        bar.addAction(self.act_down)
        bar.addAction(self.act_delete)
        bar.addSeparator()
        audience_label = QLabel(" Audience: ")
        self.audience_combo = QComboBox()
        self.audience_combo.setAccessibleName("Audience")
        self.audience_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.audience_combo.activated.connect(
            lambda i: self.set_audience(self.audience_combo.itemData(i)))
        audience_label.setBuddy(self.audience_combo)
        bar.addWidget(audience_label)
        bar.addWidget(self.audience_combo)
        for text, kind in (("PowerPoint", "pptx"), ("PDF", "pdf"), ("Handout", "handout")):
            action = self.act_export[kind]
            button = QToolButton()
            button.setDefaultAction(action)
            button.setText(f"Export {text}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        self.addToolBar(bar)
        self.toolbar = bar
        self.ctrl.audienceChanged.connect(self._refresh_audience)
        self.ctrl.propertiesChanged.connect(self._refresh_audience)
        self._refresh_audience()

    def _build_status(self) -> None:
        self.problem_label = QLabel()
        self.problem_label.setAccessibleName("Problems")
        self.statusBar().addPermanentWidget(self.problem_label)
        self.export_box = QWidget()
        box = QHBoxLayout(self.export_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.export_label = QLabel()
        self.open_file_button = QPushButton("Open file")
        self.open_file_button.clicked.connect(lambda: self._open_url(self.last_export[0]))
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.clicked.connect(
            lambda: self._open_url(self.last_export[0].parent))
        for w in (self.export_label, self.open_file_button, self.open_folder_button):
            box.addWidget(w)
        self.statusBar().addWidget(self.export_box)
        self.export_box.hide()

    # -- documents ------------------------------------------------------------------------------
    def startup(self, path: Path | None) -> None:
        """What `briefing-desk [FILE]` does: recover, else open FILE, else the example."""
        if self.offer_recovery(path):
            return
        if path is None or not self.load_path(path):
            self.load_example()
        if path is not None:  # crashed work on other files, or never saved, is offered too
            self.offer_recovery(path, others=True)

    def load_example(self) -> None:
        doc = load_file(example_path())
        self.ctrl.set_document(doc, None, origin=example_path())
        self.statusBar().showMessage("Opened the built-in example. Save As to keep your own copy; "
                                     "File ▸ New from Template starts afresh.", 10000)

    def load_path(self, path: Path) -> bool:
        """Open a file; on problems show them and keep the current document. True if opened."""
        try:
            doc = load_responsive(path)  # read in a worker: the window does not freeze
        except BriefingError as exc:
            self.show_problems(f"{Path(path).name} cannot be opened", exc.problems)
            return False
        self.ctrl.set_document(doc, Path(path))
        self._add_recent(Path(path))
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def show_problems(self, title: str, problems: list) -> None:
        shown = problems[:15]
        more = len(problems) - len(shown)
        text = "\n".join(str(p) for p in shown) + (f"\n… and {more} more" if more > 0 else "")
        count = len(problems)
        QMessageBox.warning(
            self, title,
            f"{count} problem{'s' if count != 1 else ''} found; the file was not opened and "
            f"your current document is unchanged.\n\n{text}")

    def open_file(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            start = str(self.ctrl.base_dir if self.ctrl.path else _documents())
            name, _ = QFileDialog.getOpenFileName(self, "Open briefing", start, BRIEFING_FILTER)
            if not name:
                return False
            path = name
        if self.offer_recovery(Path(path)):  # a crashed instance's work on this file
            return True
        return self.load_path(Path(path))

    def new_from_template(self, name: str) -> bool:
        if not self.maybe_save():
            return False
        path = skeletons_dir() / f"{name}.yaml"
        try:
            doc = load_file(path)
        except BriefingError as exc:
            self.show_problems(f"Template {name} cannot be used", exc.problems)
            return False
        self.ctrl.set_document(doc, None, origin=path)
        self.statusBar().showMessage(f"New briefing from the {name} template", 5000)
        return True

    def save(self) -> bool:
        if self.ctrl.path is None:
            return self.save_as()
        return self.save_to(self.ctrl.path)

    def save_as(self) -> bool:
        suggestion = (self.ctrl.path or _documents() / f"{slugify(self.ctrl.doc.title)}.yaml")
        name, _ = QFileDialog.getSaveFileName(self, "Save briefing as", str(suggestion),
                                              BRIEFING_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in (".yaml", ".yml"):
            path = path.with_name(path.name + ".yaml")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            save_document(self.ctrl.doc, path)
        except OSError as exc:
            QMessageBox.critical(self, "Not saved", f"{path} could not be written: "
                                 f"{exc.strerror or exc}\n\nYour changes are still here; try "
                                 "another folder with Save As.")
            return False
        if self.ctrl.path != path:
            self.autosaver.discard()
        self.ctrl.path = path
        self.ctrl.origin = None
        self.ctrl.undo.setClean()
        self._add_recent(path)
        self._update_title()
        problems = find_problems(self.ctrl.doc, self.ctrl.base_dir)
        if problems.count:
            self.statusBar().showMessage(
                f"Saved {path.name}, with {problems.count} problem(s) to fix before it can be "
                "opened again: see the ⚠ marks in the outline", 10000)
        else:
            self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.ctrl.dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Save the changes to {self.document_label()} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard()
            return True
        return False

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

    # -- recovery ---------------------------------------------------------------------------------
    def offer_recovery(self, path: Path | None, others: bool = False) -> bool:
        """Offer the autosave of a crashed instance for `path` (or the newest, with no path;
        with `others`, the newest of any other file or of an unsaved briefing); True if
        recovered. A set whose instance still runs is never offered."""
        candidates = autosave.crashed()
        if path is not None:
            wanted = Path(path).resolve()
            candidates = [r for r in candidates if r.belongs_to(wanted) != others]
            for rec in candidates:
                if not others and rec.original is None:
                    rec.original = wanted  # an orphan of this file (its note was lost)
        for rec in candidates:
            # taken while asking, so another instance starting now does not offer it as well;
            # None also when it was recovered and removed by another instance since listed
            claim = rec.claim()
            if claim is not None:
                break
        else:
            return False
        answer = self.ask_recover(rec)
        if answer == "discard":
            rec.discard()
            claim.release(remove=True)
            return False
        if answer != "recover":
            claim.release()
            return False
        try:
            base = rec.original.parent if rec.original else example_path().parent
            doc = load_text(rec.data.read_text(encoding="utf-8"), str(rec.original or rec.data),
                            base_dir=base)
        except (BriefingError, OSError) as exc:
            claim.release()
            problems = exc.problems if isinstance(exc, BriefingError) else [str(exc)]
            self.show_problems("The autosave cannot be recovered", problems)
            if rec.data.is_file():
                QMessageBox.information(self, "Autosave kept",
                                        f"The autosaved copy is kept at {rec.data}; you can "
                                        "open it in a text editor.")
            return False
        origin = None if rec.original else (rec.origin or example_path())
        self.ctrl.set_document(doc, rec.original, origin=origin)
        self.ctrl.undo.resetClean()  # recovered work is unsaved work
        self.autosaver.adopt(rec, claim)  # kept until the next autosave replaces it, or a save
        self._update_title()
        self.statusBar().showMessage(f"Recovered {rec.describe()}. Save to keep it.", 10000)
        return True

    def ask_recover(self, rec: autosave.Recoverable) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work?",
                          f"{APP_NAME} closed without saving {rec.describe()}.\n\n"
                          "Recover those changes?", parent=self)
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        return "recover" if clicked is recover else "discard" if clicked is discard else "later"

    # -- sections ---------------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.outline_view.currentIndex()
        return index.row() if index.isValid() else -1

    def current_section(self) -> m.Section | None:
        return self.ctrl.outline.section_at(self.current_row())

    def select_row(self, row: int) -> None:
        index = self.ctrl.outline.index(row)
        if index.isValid():
            self.outline_view.setCurrentIndex(index)

    def select_section(self, section: m.Section) -> None:
        row = self.ctrl.index_of(section)
        if row >= 0 and row != self.current_row():
            self.select_row(row)

    def add_section(self, kind: str) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.ctrl.doc.sections)
        section = edit.new_section(self.ctrl.doc, kind)
        self.ctrl.push(InsertSection(self.ctrl, at, section, f"Add {kind} section"))
        self.select_row(at)
        if self.editor is not None:
            self.editor.title_edit.setFocus()
            self.editor.title_edit.selectAll()

    def duplicate_section(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        copy_ = edit.duplicate_section(self.ctrl.doc, row)
        self.ctrl.push(InsertSection(self.ctrl, row + 1, copy_,
                                     f"Duplicate “{self.ctrl.doc.sections[row].title[:32]}”"))
        self.select_row(row + 1)

    def delete_section(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        if len(self.ctrl.doc.sections) == 1:
            self.statusBar().showMessage("A briefing needs at least one section", 5000)
            return
        self.ctrl.push(RemoveSection(self.ctrl, row))
        self.select_row(min(row, len(self.ctrl.doc.sections) - 1))
        self.statusBar().showMessage("Section deleted: Edit ▸ Undo brings it back", 5000)

    def move_section(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self.ctrl.doc.sections):
            return
        self.ctrl.push(MoveSection(self.ctrl, row, target))
        self.select_row(target)

    def step_section(self, step: int) -> None:
        n = len(self.ctrl.doc.sections)
        if n:
            self.select_row(min(max(self.current_row() + step, 0), n - 1))

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
        self._update_actions()

    # -- state display ----------------------------------------------------------------------------
    def _document_replaced(self) -> None:
        old = self.editor_area.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.editor = None
        self.editor_area.setWidget(self._placeholder())
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
            lines = list(self.problems.document)
            for row, msgs in sorted(self.problems.by_section.items()):
                title = self.ctrl.doc.sections[row].title if row < len(self.ctrl.doc.sections) \
                    else f"section {row + 1}"
                lines += [f"{title}: {msg}" for msg in msgs]
            self.problem_label.setToolTip("\n".join(lines[:30]))
            self.problem_label.setStyleSheet("color: #9a4a00; font-weight: bold")
        else:
            self.problem_label.setText("✓ No problems")
            self.problem_label.setToolTip("The briefing would open again without errors")
            self.problem_label.setStyleSheet("color: #2e7d32")

    # -- audience ---------------------------------------------------------------------------------
    def set_audience(self, level: str | None) -> None:
        """Preview and export for `level` (None: all content). Nothing is written."""
        self.ctrl.set_audience(level)
        levels = self.ctrl.doc.markings
        if levels:
            self.statusBar().showMessage(
                "Previewing and exporting " + export_options.audience_text(levels, level), 8000)

    def _refresh_audience(self) -> None:
        levels = self.ctrl.doc.markings
        combo = self.audience_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All content", None)
        combo.setItemData(0, "Everything in the briefing, whatever its marking",
                          Qt.ItemDataRole.ToolTipRole)
        for level in levels:
            combo.addItem(level, level)
            combo.setItemData(combo.count() - 1, export_options.audience_text(levels, level),
                              Qt.ItemDataRole.ToolTipRole)
        audience = self.ctrl.audience
        combo.setCurrentIndex(combo.findData(audience) if audience else 0)
        combo.setEnabled(bool(levels))
        combo.setToolTip(
            "Who the preview and the exports are for (Ctrl+6): content marked above the "
            "chosen level is left out (nothing is written until you export)" if levels else
            "This briefing declares no markings (Document properties ▸ Markings), so every "
            "export has all its content")
        combo.blockSignals(False)

    def _fill_audience_menu(self) -> None:
        self.audience_menu.clear()
        levels = self.ctrl.doc.markings
        if not levels:
            self.audience_menu.addAction("(the briefing declares no markings)").setEnabled(False)
            return
        group = QActionGroup(self.audience_menu)
        for i, level in enumerate([None, *levels]):
            text = f"&{i + 1} {level or 'All content'}"
            action = self.audience_menu.addAction(text, lambda lv=level: self.set_audience(lv))
            action.setCheckable(True)
            action.setChecked(level == self.ctrl.audience)
            group.addAction(action)

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

    # -- export and print -----------------------------------------------------------------------
    def export(self, kind: str) -> None:
        label, file_filter, suffix = EXPORTS[kind]
        if not self.confirm_export_with_problems(label):
            return
        options = export_options.load_options(settings())
        if kind in export_options.KINDS_WITH_OPTIONS:
            chosen = export_options.ask(self, kind, options, self.ctrl.doc.markings,
                                        self.ctrl.audience)
            if chosen is None:
                return
            options = chosen
            export_options.save_options(settings(), options)
        stem = self.ctrl.path.stem if self.ctrl.path else slugify(self.ctrl.doc.title)
        if self.ctrl.audience:
            stem += "-" + slugify(self.ctrl.audience)
        folder = self.ctrl.path.parent if self.ctrl.path else _documents()
        name, _ = QFileDialog.getSaveFileName(self, label, str(folder / f"{stem}{suffix}"),
                                              file_filter)
        if name:
            path = Path(name)
            if path.suffix.lower() != suffix.rsplit(".", 1)[-1] and not path.suffix:
                path = path.with_name(path.name + "." + suffix.rsplit(".", 1)[-1])
            self.export_to(kind, path, options)

    def confirm_export_with_problems(self, label: str) -> bool:
        """Problems usually make an export fail: say which, before asking for a file name."""
        self.validate_now()
        problems = self.problems
        if problems is None or not problems.count:
            return True
        lines = list(problems.document)
        for row, msgs in sorted(problems.by_section.items()):
            section = self.ctrl.doc.sections[row]
            lines += [f"{section.title}: {msg}" for msg in msgs]
        more = f"\n… and {len(lines) - 10} more" if len(lines) > 10 else ""
        answer = QMessageBox.question(
            self, label,
            f"The briefing has {problems.count} problem(s), marked ⚠ in the outline:\n\n"
            + "\n".join(f"• {line}" for line in lines[:10]) + more
            + "\n\nThe export will probably fail. Export anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, kind: str, path: Path,
                  options: export_options.ExportOptions | None = None) -> None:
        """Start an export of the current document, for the chosen audience, in a worker."""
        from .export_worker import ExportRunner

        if self.export_runner is not None and self.export_runner.running:
            self.statusBar().showMessage("An export is already running", 5000)
            return
        options = options or export_options.ExportOptions()
        job = ExportJob(base_dir=self.ctrl.base_dir, audience=self.ctrl.audience,
                        **{kind: path})
        if kind == "pptx":
            job.template = options.template
        if kind == "handout":
            job.per_page = options.per_page
        if kind in ("handout", "report"):
            job.paper_size = options.paper_size
        self.last_job = job
        runner = ExportRunner(self.ctrl.doc, job, self)
        dialog = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, 100, self)
        dialog.setWindowTitle(EXPORTS[kind][0])
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(runner.cancel)
        runner.progress.connect(lambda text, f: (dialog.setLabelText(text),
                                                 dialog.setValue(int(f * 100))))
        runner.done.connect(lambda ok, msg, paths: self._export_done(dialog, kind, path, ok,
                                                                     msg, paths))
        self.export_runner = runner
        self.export_dialog = dialog
        self.export_box.hide()
        self.statusBar().showMessage(f"Exporting {path.name}…")
        runner.start()

    def _export_done(self, dialog: QProgressDialog, kind: str, path: Path, ok: bool,
                     message: str, paths: list) -> None:
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()
        if ok:
            self.last_export = [Path(p) for p in paths]
            self.statusBar().clearMessage()
            audience = self.last_job.audience if self.last_job else None
            self.export_label.setText(f"Exported {path.name}"
                                      + (f" for {audience}" if audience else ""))
            self.export_box.show()
            self.open_file_button.setFocus()
        elif message == "cancelled":
            self.statusBar().showMessage("Export cancelled; no file was written", 8000)
        else:
            self.statusBar().showMessage(f"Export failed: {message}", 15000)
            QMessageBox.warning(self, "Export failed", f"{path.name} was not written:\n\n{message}")

    def print_handout(self) -> None:
        from .print_handout import print_with_dialog

        try:
            per_page = export_options.load_options(settings()).per_page
            if print_with_dialog(self, self.ctrl.audience_view(), self.ctrl.base_dir, per_page):
                audience = self.ctrl.audience
                self.statusBar().showMessage(
                    "Handout sent to the printer" + (f" ({audience} export)" if audience else ""),
                    5000)
        except OSError as exc:
            QMessageBox.warning(self, "Not printed", str(exc))

    def _open_url(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- help --------------------------------------------------------------------------------------
    def open_format_docs(self) -> None:
        self._open_doc("format.md")

    def open_gui_docs(self) -> None:
        self._open_doc("gui.md")

    def _open_doc(self, name: str) -> None:
        path = docs_dir() / name
        if not path.is_file():
            QMessageBox.information(self, "Documentation missing",
                                    f"{name} is not installed with this copy of {APP_NAME}.")
            return
        self._open_url(path)
        self.statusBar().showMessage(f"Opened {path}", 5000)

    def about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Assemble crisis briefings from structured YAML and export PowerPoint decks, "
            "PDF slides and handouts.</p>"
            "<p>Edits are autosaved every 30 seconds to "
            f"<code>{autosave.data_dir()}</code>; after a crash the next start offers to "
            "recover them.</p>")

    # -- recent files ---------------------------------------------------------------------------------
    def _add_recent(self, path: Path) -> None:
        s = settings()
        recent = [p for p in (s.value("recent", []) or []) if p != str(path.resolve())]
        recent.insert(0, str(path.resolve()))
        s.setValue("recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = settings().value("recent", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.recent_files() if Path(p).is_file()]
        if not files:
            action = self.recent_menu.addAction("(no recent files)")
            action.setEnabled(False)
            return
        for i, p in enumerate(files):
            self.recent_menu.addAction(f"&{i + 1} {Path(p).name}",
                                       lambda path=p: self.open_file(path)).setToolTip(p)


def _size(n: int):
    from PySide6.QtCore import QSize

    return QSize(n, n)


def _documents() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()
