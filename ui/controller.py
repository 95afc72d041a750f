"""The open document, its file, its undo stack and the signals views listen to.

Views never change the `Document` themselves: they push a command (ui.commands) on `undo`, the
command calls one `briefing.model.edit` function and then tells the controller what changed, and the
controller's signals let every view (outline, editors, previews) refresh from the model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.model import document as m
from briefing.resources import example_path

from .events import ChartChange
from .look import Look, look_of


class DocumentController(QObject):
    documentReplaced = Signal()  # a different document was loaded
    documentEdited = Signal()  # anything changed (dirty state, previews, validation)
    propertiesChanged = Signal()  # a document-level field changed
    sectionEdited = Signal(object, str)  # (section, what) after a field or part changed
    chartEdited = Signal(object, object)  # (section, events.ChartChange)
    listEdited = Signal(object, str)  # (section, list name) after rows were added/removed/moved
    revealSection = Signal(object)  # an undo/redo touched this section: show it
    audienceChanged = Signal()  # the audience the previews and exports are for changed
    lookChanged = Signal()  # the export template (the previews' colours and font) changed

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.doc: m.Document = m.Document(title="Untitled briefing", as_of=dt.date.today())
        self.path: Path | None = None  # None: untitled (a template or the built-in example)
        self.origin: Path | None = None  # where an untitled document came from
        self.undo = QUndoStack(self)
        # a view setting, not part of the file: None means "all content" (no filtering)
        self.audience: str | None = None
        # the export options' template, whose look every export and preview takes: view
        # state too, remembered in the settings, never in the file
        self.template: Path | None = None
        from .outline_model import OutlineModel

        self.outline = OutlineModel(self)
        from .snapshot import SnapshotCache

        self.snapshots = SnapshotCache()
        self._told = False  # the change being announced said what it changed
        self.sectionEdited.connect(self._section_changed)
        self.propertiesChanged.connect(self._all_changed)
        self.documentReplaced.connect(self._all_changed)
        self.documentEdited.connect(self._edited)

    # -- loading --------------------------------------------------------------------------------
    def set_document(self, doc: m.Document, path: Path | None, origin: Path | None = None) -> None:
        """Replace the document (after Open, New, Recover); clears undo history."""
        self.outline.beginResetModel()
        self.doc, self.path, self.origin = doc, path, origin
        self.outline.endResetModel()
        self.undo.clear()
        self.undo.setClean()
        if self.audience not in doc.markings:
            self.audience = None
        self.documentReplaced.emit()
        self.audienceChanged.emit()

    # -- snapshots for the workers -----------------------------------------------------------------
    def snapshot(self) -> bytes:
        """The document as it is now, for a worker (`ui.snapshot`): only the sections edited
        since the last one are pickled again."""
        return self.snapshots.take(self.doc)

    def _section_changed(self, section: m.Section, _what: str) -> None:
        self.snapshots.forget(section)
        self._told = True

    def _all_changed(self, *_: object) -> None:
        self.snapshots.clear()
        self._told = True

    def _edited(self) -> None:
        if not self._told:  # an edit that did not say which section: keep nothing
            self.snapshots.clear()
        self._told = False

    @property
    def base_dir(self) -> Path:
        """The folder image paths are relative to."""
        if self.path is not None:
            return self.path.resolve().parent
        if self.origin is not None:
            return self.origin.resolve().parent
        return example_path().parent

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    @property
    def dirty(self) -> bool:
        return not self.undo.isClean()

    # -- editing --------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> None:
        self.undo.push(command)

    def index_of(self, section: m.Section) -> int:
        for i, s in enumerate(self.doc.sections):
            if s is section:
                return i
        return -1

    def notify_section(self, section: m.Section, what: str) -> None:
        self.sectionEdited.emit(section, what)
        row = self.index_of(section)
        if row >= 0:
            self.outline.section_changed(row)
        self.documentEdited.emit()

    def notify_chart(self, section: m.Section, change: ChartChange) -> None:
        self.chartEdited.emit(section, change)
        self.notify_section(section, "chart")

    def notify_list(self, section: m.Section, name: str) -> None:
        self.listEdited.emit(section, name)
        self.notify_section(section, name)

    def notify_properties(self) -> None:
        if self.audience is not None and self.audience not in self.doc.markings:
            self.audience = None  # its level was renamed or removed
            self.audienceChanged.emit()
        self.propertiesChanged.emit()
        self.documentEdited.emit()

    # -- audience ---------------------------------------------------------------------------------
    def set_audience(self, level: str | None) -> None:
        """Show and export the document as `level` may see it (None: all content)."""
        if level is not None and level not in self.doc.markings:
            raise ValueError(f"{level!r} is not one of the document's markings")
        if level != self.audience:
            self.audience = level
            self.audienceChanged.emit()

    def audience_view(self, doc: m.Document | None = None) -> m.Document:
        """The document as the chosen audience sees it: a filtered copy, or `doc` itself.

        Previews lay this out; nothing is written. Section ids are kept, so a view can tell
        which of the document's sections the audience does not get.
        """
        from .preview_layout import audience_view

        return audience_view(self.doc if doc is None else doc, self.audience)

    # -- look ---------------------------------------------------------------------------------
    def set_template(self, template: Path | None) -> None:
        """Export, preview and print in `template`'s look (None: the briefing's own theme)."""
        if template != self.template:
            self.template = template
            self.lookChanged.emit()

    @property
    def look(self) -> Look:
        """The look of the export template (`ui.look.Look`), its faces registered with Qt, so
        that a worker can paint in them (call in the GUI thread)."""
        from .drawing_painter import register_faces

        look = look_of(self.template)
        if look.face_names:
            register_faces(look.face_names)
        return look

    def notify_structure(self) -> None:
        self.documentEdited.emit()

