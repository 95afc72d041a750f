"""Judgments and timeline events: a table over the section's list, one row per item.

`PartListModel` adapts `section.items` / `section.events` in place; each cell edit is a
`SetPartField` command, add/remove/move are list commands, and the timeline's Sort by date is
one command that reorders the whole list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.model import document as m
from briefing.model import edit

from ..commands import (
    InsertListItem,
    MoveListItem,
    RemoveListItem,
    ReplaceList,
    SetMarking,
    SetPartField,
)
from ..controller import DocumentController
from .base import SectionEditor
from .widgets import (
    DateEdit,
    MarkingCombo,
    SelectedMarking,
    date_text,
    from_qdate,
    inherit_label,
    optional,
    parse_date,
    to_qdate,
)

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root


@dataclass(frozen=True)
class Column:
    attr: str
    label: str
    show: Callable[[Any], str]
    parse: Callable[[Any], Any]  # text (or a date from the date editor) -> model value
    choices: tuple[str, ...] = ()
    width: int = 0  # 0: stretch
    #: for a cell that edits part of a field (a key figure's number inside its value): the
    #: field's new value from the item and the text typed; `parse` is then unused
    update: Callable[[Any, Any], Any] | None = None


def _sources_text(ids: list[str]) -> str:
    return ", ".join(ids)


def _sources_parse(text: str) -> list[str]:
    return [s.strip() for s in str(text).replace(";", ",").split(",") if s.strip()]


def _required(what: str) -> Callable[[Any], str]:
    def parse(text: Any) -> str:
        text = str(text).strip()
        if not text:
            raise ValueError(f"the {what} must not be empty")
        return text
    return parse


def _marking_parse(text: Any) -> str | None:
    return optional(str(text))


def _date_parse(value: Any) -> m.DateLike:
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value))


JUDGMENT_COLUMNS = (
    Column("text", "Judgment", lambda i: i.text, _required("judgment text")),
    Column("confidence", "Confidence", lambda i: i.confidence, str, m.CONFIDENCE_LEVELS, 96),
    Column("sources", "Sources", lambda i: _sources_text(i.sources), _sources_parse, (), 72),
    Column("marking", "Marking", lambda i: i.marking or "", _marking_parse, (), 80),
)
EVENT_COLUMNS = (
    Column("date", "Date", lambda e: date_text(e.date), _date_parse, (), 92),
    Column("text", "What happened", lambda e: e.text, _required("event text"), (), 240),
    Column("time", "Time", lambda e: e.time or "", lambda t: optional(str(t)), (), 80),
    Column("place", "Place", lambda e: e.place or "", lambda t: optional(str(t)), (), 100),
    Column("actor", "Actor", lambda e: e.actor or "", lambda t: optional(str(t)), (), 100),
    Column("sources", "Sources", lambda e: _sources_text(e.sources), _sources_parse, (), 64),
    Column("marking", "Marking", lambda e: e.marking or "", _marking_parse, (), 80),
)


class PartListModel(QAbstractTableModel):
    error = Signal(str)

    def __init__(self, ctrl: DocumentController, section: m.Section, name: str,
                 columns: tuple[Column, ...], noun: str):
        super().__init__()
        self.ctrl, self.section, self.name, self.columns, self.noun = (
            ctrl, section, name, columns, noun)
        ctrl.sectionEdited.connect(self._edited)
        ctrl.listEdited.connect(self._list_edited)

    @property
    def items(self) -> list:
        return getattr(self.section, self.name)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self.items[index.row()], self.columns[index.column()]
        if col.attr == "marking":
            return self._marking_data(item, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and col.attr == "date":
                return item.date
            return col.show(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.show(item)
        if role == Qt.ItemDataRole.ForegroundRole and col.attr == "sources":
            known = {s.id for s in self.ctrl.doc.sources}
            if any(s not in known for s in item.sources):
                return QBrush(QColor("#b00020"))
        return None

    def _marking_data(self, item: Any, role: int) -> Any:
        """Its own level in black; an inherited one in grey brackets: "(PUBLIC)"."""
        inherited = self.section.marking or (self.ctrl.doc.markings or [None])[0]
        if role == Qt.ItemDataRole.EditRole:
            return item.marking or ""
        if role == Qt.ItemDataRole.DisplayRole:
            return item.marking or (f"({inherited})" if inherited else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.marking and item.marking not in self.ctrl.doc.markings:
                return QBrush(QColor("#b00020"))
            if not item.marking:
                return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.marking:
                return f"Marked {item.marking}: left out of exports for lower audiences"
            return f"Not marked: {inherited or 'no level'}, as its section. Press F2 to mark it."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item, col = self.items[index.row()], self.columns[index.column()]
        if col.attr == "marking":
            return self.set_marking(item, optional(str(value or "")))
        try:
            new = col.parse(value) if col.update is None else col.update(item, value)
            if col.choices and new not in col.choices:
                raise ValueError(f"choose one of {', '.join(col.choices)}")
        except ValueError as exc:
            self.error.emit(f"{col.label}, row {index.row() + 1}: {exc}")
            return False
        if getattr(item, col.attr) == new:
            return False
        label = f"Edit {col.label.lower()} of {self.noun} {index.row() + 1}"
        self.ctrl.push(SetPartField(self.ctrl, self.section, item, col.attr, new, label))
        return True

    def set_marking(self, item: Any, level: str | None) -> bool:
        """Mark one judgment or event: one `SetMarking` undo step."""
        if item.marking == level:
            return False
        if level is not None and level not in self.ctrl.doc.markings:
            levels = ", ".join(self.ctrl.doc.markings) or "none declared"
            self.error.emit(f"Marking: {level!r} is not one of the document's levels ({levels})")
            return False
        self.ctrl.push(SetMarking(self.ctrl, self.section, item, level))
        return True

    def _edited(self, section: m.Section, _what: str) -> None:
        if section is self.section and self.items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.items) - 1, len(self.columns) - 1))

    def _list_edited(self, section: m.Section, name: str) -> None:
        if section is self.section and name == self.name:
            self.beginResetModel()
            self.endResetModel()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for columns with fixed choices (confidence)."""

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None,
                 name: str = "Confidence"):
        super().__init__(parent)
        self.choices, self.name = choices, name

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt naming
        combo = QComboBox(parent)
        combo.addItems(list(self.choices))
        combo.setAccessibleName(self.name)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentText())


class MarkingDelegate(QStyledItemDelegate):
    """A combo of the document's levels (and "as the section") for a Marking column;
    `section` None for document sources (they default to the lowest level)."""

    def __init__(self, ctrl: DocumentController, section: m.Section | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt naming
        combo = MarkingCombo(parent)
        combo.setAccessibleName("Marking")
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        current = optional(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.load(self.ctrl.doc.markings, current, inherit_label(self.ctrl.doc, self.section))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData() or "")


class DateDelegate(QStyledItemDelegate):
    """A calendar date editor for plain dates; dates with a time are edited as text."""

    def createEditor(self, parent, option, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, dt.datetime):
            return super().createEditor(parent, option, index)
        editor = DateEdit(parent)
        editor.setAccessibleName("Event date")
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateEdit) and isinstance(value, dt.date):
            editor.setDate(to_qdate(value))
        else:
            editor.setText(date_text(value)) if hasattr(editor, "setText") else None

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, DateEdit):
            model.setData(index, from_qdate(editor.date()))
        else:
            model.setData(index, editor.text())


class ListEditor(SectionEditor):
    NAME = "items"
    COLUMNS: tuple[Column, ...] = JUDGMENT_COLUMNS
    NOUN = "judgment"

    def build_body(self, layout: QVBoxLayout) -> None:
        self.model = PartListModel(self.ctrl, self.section, self.NAME, self.COLUMNS, self.NOUN)
        self.model.error.connect(self.message)
        self.view = QTableView()
        self.view.setAccessibleName(f"{self.NOUN.capitalize()}s")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setStretchLastSection(True)
        for i, col in enumerate(self.COLUMNS):
            if col.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(i, col.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            if col.choices:
                self.view.setItemDelegateForColumn(i, ChoiceDelegate(col.choices, self.view))
            if col.attr == "date":
                self.view.setItemDelegateForColumn(i, DateDelegate(self.view))
            if col.attr == "marking":
                self.marking_column = i
                self.view.setItemDelegateForColumn(
                    i, MarkingDelegate(self.ctrl, self.section, self.view))
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(240)
        layout.addWidget(self.view, 1)

        bar = QHBoxLayout()
        for text, tip, handler in (
            (f"Add {self.NOUN}", f"Add a {self.NOUN} after the selected one", self.add_item),
            ("Remove", f"Remove the selected {self.NOUN}", self.remove_item),
            ("Move up", "Move the selected row up", lambda: self.move_item(-1)),
            ("Move down", "Move the selected row down", lambda: self.move_item(1)),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(handler)
            bar.addWidget(button)
        self.extra_buttons(bar)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.marking_control = SelectedMarking(
            f"Markin&g of the selected {self.NOUN}:", f"Marking of the selected {self.NOUN}",
            f"Who may see the selected {self.NOUN}: an export for a lower audience leaves it out",
            self._item_marking_chosen)
        self.item_marking = self.marking_control.combo
        self.item_marking_label = self.marking_control.label
        layout.addLayout(self.marking_control.layout)
        self.marking_control.follow(self.view, self._refresh_item_marking,
                                    self.model.modelReset, self.model.dataChanged)
        hint = QLabel("Double-click or start typing to edit a cell; Enter to confirm.")
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)

    def extra_buttons(self, bar: QHBoxLayout) -> None:
        pass

    def refresh_body(self) -> None:
        # the Marking column only when the document uses markings (or an item still has one)
        column = getattr(self, "marking_column", None)
        if column is not None:
            used = bool(self.ctrl.doc.markings) or any(i.marking for i in self.model.items)
            self.view.setColumnHidden(column, not used)
        self._refresh_item_marking()

    def _refresh_item_marking(self, *_: object) -> None:
        if not hasattr(self, "item_marking"):
            return
        used = bool(self.ctrl.doc.markings) or any(i.marking for i in self.model.items)
        row = self.current_row()
        part = self.model.items[row] if 0 <= row < len(self.model.items) else None
        self.marking_control.show_part(self.ctrl.doc, self.section, part, used,
                                       f"(select a {self.NOUN})")

    def _item_marking_chosen(self, level: str | None) -> None:
        row = self.current_row()
        if 0 <= row < len(self.model.items):
            self.set_item_marking(row, level)

    def set_item_marking(self, row: int, level: str | None) -> bool:
        """Mark the item in `row` (tests and the keyboard use this; the cell editor too)."""
        return self.model.set_marking(self.model.items[row], level)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def new_item(self) -> Any:
        return m.JudgmentItem(text="New judgment", confidence="moderate")

    def add_item(self) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.model.items)
        self.ctrl.push(InsertListItem(self.ctrl, self.section, self.NAME, at, self.new_item(),
                                      f"Add {self.NOUN} {at + 1}"))
        self.view.setCurrentIndex(self.model.index(at, 0))
        self.view.setFocus()

    def remove_item(self) -> None:
        row = self.current_row()
        if row < 0:
            self.message.emit(f"Select the {self.NOUN} to remove first")
            return
        self.ctrl.push(RemoveListItem(self.ctrl, self.section, self.NAME, row,
                                      f"Remove {self.NOUN} {row + 1}"))
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))

    def move_item(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < self.model.rowCount():
            return
        self.ctrl.push(MoveListItem(self.ctrl, self.section, self.NAME, row, target,
                                    f"Move {self.NOUN} {row + 1} {'up' if step < 0 else 'down'}"))
        self.view.setCurrentIndex(self.model.index(target, 0))


class JudgmentsEditor(ListEditor):
    pass


class TimelineEditor(ListEditor):
    NAME = "events"
    COLUMNS = EVENT_COLUMNS
    NOUN = "event"

    def new_item(self) -> Any:
        row = self.current_row()
        items = self.model.items
        date = items[row].date if 0 <= row < len(items) else self.ctrl.doc.as_of
        if isinstance(date, dt.datetime):
            date = date.date()
        return m.Event(date=date, text="New event")

    def extra_buttons(self, bar: QHBoxLayout) -> None:
        button = QPushButton("&Sort by date")
        button.setToolTip("Put the events in date order (same-day events keep their order); "
                          "clicking the Date column header does the same")
        button.clicked.connect(self.sort_by_date)
        bar.addWidget(button)
        self.view.horizontalHeader().sectionClicked.connect(
            lambda col: self.sort_by_date() if self.COLUMNS[col].attr == "date" else None)

    def sort_by_date(self) -> None:
        ordered = edit.sorted_events(self.section.events)
        if [id(e) for e in ordered] == [id(e) for e in self.section.events]:
            self.message.emit("The events are already in date order")
            return
        self.ctrl.push(ReplaceList(self.ctrl, self.section, "events", ordered,
                                   "Sort events by date"))
