"""The window's commands: actions with their shortcuts, the menus and the toolbar."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QStyle, QToolBar, QToolButton

from briefing.model import document as m
from briefing.resources import skeleton_names

from ..editors.base import KIND_LABELS
from ..icons import icon, kind_icon
from ..keys import redo_keys, undo_keys
from ..settings import APP_NAME, EXPORTS


class WindowActions:
    """Builds the actions, menus and toolbar of `MainWindow` (mixed into it)."""

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
        self.act_open_example = self._action(
            "Open E&xample", self.open_example, None,
            "Open the built-in example briefing as an untitled copy")
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
        self.act_compare = self._action(
            "Compare with Previous &Edition…", self.compare_with_previous, None,
            "List what changed since an earlier edition of this briefing, and mark its sections")
        self.act_print = self._action("&Print Handout…", self.print_handout, S.Print,
                                      "Print the slides as a handout")
        self.act_quit = self._action("&Quit", self.close, S.Quit, "Quit Briefing Desk")
        self.act_undo = self.ctrl.undo.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(undo_keys())
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.ctrl.undo.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(redo_keys())
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
        file_menu.addAction(self.act_open_example)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        file_menu.addSeparator()
        for action in self.act_export.values():
            file_menu.addAction(action)
        file_menu.addAction(self.act_print)
        file_menu.addAction(self.act_compare)
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
        bar.setIconSize(QSize(20, 20))
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
        preview_toggle = self.preview_dock.toggleViewAction()
        preview_toggle.setIconText("Preview")
        preview_toggle.setToolTip("Show or hide the slide preview (narrow windows hide it)")
        bar.addAction(preview_toggle)
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

