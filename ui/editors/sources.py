"""The document's sources: id, title, publisher, link, date and the Admiralty grades.

Sections, judgments, events and chart values cite sources by id. Renaming a source's id renames
every citation of it in the same undo step; a deleted source that is still cited shows up as a
problem (⚠) on the sections that cite it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.format.reader import ID_RE
from briefing.model import document as m
from briefing.model import edit

from ..commands import InsertSource, RemoveSource, RenameSource, SetMarking, SetPartField
from ..controller import DocumentController
from .lists import ChoiceDelegate, Column, MarkingDelegate
from .widgets import date_text, optional, parse_date

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _id(text: Any) -> str:
    text = str(text).strip()
    if not ID_RE.match(text):
        raise ValueError(f"{text!r} is not an id: use letters, digits, '-', '_', '.', ':'")
    return text


def _title(text: Any) -> str:
    text = str(text).strip()
    if not text:
        raise ValueError("a source needs a title")
    return text


def _date(text: Any) -> m.DateLike | None:
    text = str(text).strip()
    return parse_date(text) if text else None


def _credibility(text: Any) -> int | None:
    text = str(text).strip()
    if not text:
        return None
    if text not in {str(g) for g in m.CREDIBILITY_GRADES}:
        raise ValueError("credibility is 1 (confirmed) to 6 (cannot be judged)")
    return int(text)


def _reliability(text: Any) -> str | None:
    text = str(text).strip().upper()
    if not text:
        return None
    if text not in m.RELIABILITY_GRADES:
        raise ValueError("reliability is A (reliable) to F (cannot be judged)")
    return text


COLUMNS = (
    Column("id", "Id", lambda s: s.id, _id, (), 50),
    Column("title", "Title", lambda s: s.title, _title),
    Column("publisher", "Publisher", lambda s: s.publisher or "", lambda t: optional(str(t)), (), 110),
    Column("date", "Date", lambda s: date_text(s.date), _date, (), 86),
    Column("reliability", "Rel.", lambda s: s.reliability or "", _reliability,
           ("", *m.RELIABILITY_GRADES), 44),
    Column("credibility", "Cred.", lambda s: "" if s.credibility is None else str(s.credibility),
           _credibility, ("", *(str(g) for g in m.CREDIBILITY_GRADES)), 48),
    Column("url", "Link", lambda s: s.url or "", lambda t: optional(str(t)), (), 90),
    Column("marking", "Marking", lambda s: s.marking or "", lambda t: optional(str(t)), (), 80),
)


class SourcesModel(QAbstractTableModel):
    error = Signal(str)

    def __init__(self, ctrl: DocumentController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl = ctrl
        ctrl.propertiesChanged.connect(self._changed)
        ctrl.documentReplaced.connect(self._changed)

    @property
    def sources(self) -> list[m.Source]:
        return self.ctrl.doc.sources

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.sources)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].label if orientation == Qt.Orientation.Horizontal \
                else str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return {"reliability": "Source reliability, A (reliable) to F (cannot be judged)",
                    "credibility": "Information credibility, 1 (confirmed) to 6 (cannot be "
                                   "judged)",
                    "id": "What sections cite, e.g. s1"}.get(COLUMNS[section].attr)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source, col = self.sources[index.row()], COLUMNS[index.column()]
        if col.attr == "marking" and not source.marking and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole):
            lowest = self.ctrl.doc.markings[0] if self.ctrl.doc.markings else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#888888"))
            return f"({lowest})" if lowest else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.ToolTipRole):
            return col.show(source)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        source, col = self.sources[index.row()], COLUMNS[index.column()]
        try:
            new = col.parse(value)
        except ValueError as exc:
            self.error.emit(f"Source {index.row() + 1}, {col.label}: {exc}")
            return False
        if getattr(source, col.attr) == new:
            return False
        if col.attr == "id":
            return self._rename(index.row(), source, new)
        if col.attr == "marking":
            if new is not None and new not in self.ctrl.doc.markings:
                levels = ", ".join(self.ctrl.doc.markings) or "none declared"
                self.error.emit(f"Source {source.id}, Marking: {new!r} is not one of the "
                                f"document's levels ({levels})")
                return False
            self.ctrl.push(SetMarking(self.ctrl, None, source, new))
            return True
        self.ctrl.push(SetPartField(self.ctrl, None, source, col.attr, new,
                                    f"Edit {col.label.lower()} of source {source.id}"))
        return True

    def _rename(self, row: int, source: m.Source, new_id: str) -> bool:
        """The id and every citation of it change together (one undo step); a clash is refused."""
        try:
            edit.check_new_source_id(self.ctrl.doc, new_id)
        except ValueError as exc:
            self.error.emit(f"Source {row + 1}, Id: {exc} ({source.id} keeps its id)")
            return False
        self.ctrl.push(RenameSource(self.ctrl, source, new_id))
        return True

    def _changed(self) -> None:
        self.beginResetModel()
        self.endResetModel()


# what a narrow dock shows, and how wide (the title takes the rest; the marking only when used);
# the current source's grades, publisher, date and link are written out under the table
COMPACT_COLUMNS = {"id": 42, "title": 0, "marking": 72}
COMPACT_BELOW = 560  # px: below this width only those columns, so titles and grades read


class SourcesPanel(QWidget):
    """The sources table. In a narrow dock it shows id, title and marking, the title taking
    the room, and the current source in full under it (grades, publisher, date, link); widened (drag the dock's edge, or *Wider view*, which floats it) it shows
    every column."""

    message = Signal(str)
    widenRequested = Signal(bool)  # True: float the dock wide; False: dock it again

    def __init__(self, ctrl: DocumentController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl = ctrl
        self.compact: bool | None = None
        self.setAccessibleName("Sources of the briefing")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.model = SourcesModel(ctrl, self)
        self.model.error.connect(self.message)
        self.model.error.connect(self._show_refusal)
        self.view = QTableView()
        self.view.setAccessibleName("Sources table")
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(36)
        for i, col in enumerate(COLUMNS):
            if col.width:
                self.view.setColumnWidth(i, col.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            if col.choices:
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(col.choices, self.view, col.label))
            if col.attr == "marking":
                self.marking_column = i
                self.view.setItemDelegateForColumn(i, MarkingDelegate(ctrl, None, self.view))
        layout.addWidget(self.view, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("The selected source")
        layout.addWidget(self.details)
        self.view.selectionModel().currentRowChanged.connect(self._show_details)
        ctrl.documentEdited.connect(self._show_details)
        ctrl.documentReplaced.connect(self._show_details)
        bar = QHBoxLayout()
        add = QPushButton("Add source")
        add.clicked.connect(self.add_source)
        remove = QPushButton("Delete source")
        remove.clicked.connect(self.remove_source)
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        self.widen_button = QPushButton("Wider view")
        self.widen_button.setCheckable(True)
        self.widen_button.setToolTip("Show the sources in a wide window with every column "
                                     "(publisher, date, link); click again to dock it back")
        self.widen_button.toggled.connect(self.widenRequested)
        bar.addWidget(self.widen_button)
        layout.addLayout(bar)
        # a refused value is explained here, beside the table, until the next edit
        self.refusal = QLabel()
        self.refusal.setObjectName("sourcesRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #b00020")
        self.refusal.setAccessibleName("Why the last source edit was refused")
        self.refusal.hide()
        layout.addWidget(self.refusal)
        ctrl.documentEdited.connect(self.refusal.hide)
        ctrl.documentReplaced.connect(self.refusal.hide)
        ctrl.propertiesChanged.connect(self._show_marking_column)
        ctrl.documentReplaced.connect(self._show_marking_column)
        self._show_marking_column()
        hint = QLabel("Sections cite sources by id; tick them in each section's Sources list. "
                      "A source marked above an audience is left out of its export.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)

    def _show_refusal(self, text: str) -> None:
        self.refusal.setText(f"⚠ {text}")
        self.refusal.show()

    def _show_marking_column(self) -> None:
        self.compact = None
        self._fit_columns()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_columns()

    def _show_details(self, *_: object) -> None:
        """The current source written out, so a narrow dock still shows every field."""
        row = self.view.currentIndex().row()
        sources = self.ctrl.doc.sources
        if not 0 <= row < len(sources):
            self.details.setText("Select a source to see it in full.")
            return
        s = sources[row]
        grade = (s.reliability or "?") + (str(s.credibility) if s.credibility else "?")
        parts = [f"<b>{escape(s.id)}</b>: {escape(s.title)}",
                 f"graded {grade} (reliability {s.reliability or 'not given'}, "
                 f"credibility {s.credibility or 'not given'})"]
        parts += [escape(x) for x in (s.publisher, date_text(s.date), s.url) if x]
        if s.marking:
            parts.append(f"marked {escape(s.marking)}")
        self.details.setText(" · ".join(parts))

    def _fit_columns(self) -> None:
        """Narrow: id, title and grades, the title stretched; wide: every column."""
        compact = self.width() < COMPACT_BELOW
        if compact == self.compact:
            return
        self.compact = compact
        used = bool(self.ctrl.doc.markings) or any(s.marking for s in self.ctrl.doc.sources)
        self.view.verticalHeader().setVisible(not compact)  # row numbers cost the title room
        for i, col in enumerate(COLUMNS):
            hidden = (compact and col.attr not in COMPACT_COLUMNS) or (
                col.attr == "marking" and not used)
            self.view.setColumnHidden(i, hidden)
            width = COMPACT_COLUMNS.get(col.attr) if compact else col.width
            if width:
                self.view.setColumnWidth(i, width)

    def add_source(self) -> None:
        taken = {s.id for s in self.ctrl.doc.sources}
        n = len(taken) + 1
        while f"s{n}" in taken:
            n += 1
        source = m.Source(id=f"s{n}", title="New source", date=None)
        at = len(self.ctrl.doc.sources)
        self.ctrl.push(InsertSource(self.ctrl, at, source))
        self.view.setCurrentIndex(self.model.index(at, 1))
        self.view.setFocus()

    def remove_source(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.message.emit("Select the source to delete first")
            return
        source = self.ctrl.doc.sources[index.row()]
        cited = [s.title for s in self.ctrl.doc.sections if source.id in _citations(s)]
        self.ctrl.push(RemoveSource(self.ctrl, index.row()))
        if cited:
            self.message.emit(f"Deleted {source.id}, still cited by {len(cited)} section(s) "
                              f"(marked ⚠): {', '.join(cited[:3])}. Undo brings it back.")


def _citations(section: m.Section) -> set[str]:
    ids = set(section.sources)
    for item in section.items:
        ids.update(item.sources)
    for event in section.events:
        ids.update(event.sources)
    if section.chart is not None:
        ids.update(v.source for s in section.chart.series for v in s.values if v.source)
    return ids

