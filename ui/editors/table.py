"""Table sections: a grid over `section.table`; double-click a column header to rename it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from briefing.model import document as m

from ..commands import (
    InsertTableColumn,
    InsertTableRow,
    RemoveTableColumn,
    RemoveTableRow,
    SetColumnName,
    SetTableCell,
)
from ..controller import DocumentController
from .base import SectionEditor
from .widgets import SelectedMarking

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root


class TableModel(QAbstractTableModel):
    def __init__(self, ctrl: DocumentController, section: m.Section):
        super().__init__()
        self.ctrl, self.section = ctrl, section
        ctrl.sectionEdited.connect(self._edited)
        ctrl.listEdited.connect(self._structure)

    @property
    def table(self) -> m.Table:
        if self.section.table is None:
            self.section.table = m.Table(columns=["Column 1"])
        return self.section.table

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.table.columns[section]
            row = self.table.rows[section]
            return f"{section + 1}" + (f" [{row.marking}]" if row.marking else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if orientation == Qt.Orientation.Horizontal:
                return "Double-click to rename this column"
            row = self.table.rows[section]
            if row.marking:
                return (f"Row {section + 1} is marked {row.marking}: exports for a lower "
                        "audience leave it out")
            return f"Row {section + 1}: not marked (as the section)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                                        Qt.ItemDataRole.ToolTipRole):
            return self.table.rows[index.row()].cells[index.column()]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = str(value)
        if self.table.rows[index.row()].cells[index.column()] == text:
            return False
        self.ctrl.push(SetTableCell(self.ctrl, self.section, index.row(), index.column(), text))
        return True

    def _edited(self, section: m.Section, what: str) -> None:
        if section is self.section and self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def _structure(self, section: m.Section, name: str) -> None:
        if section is self.section and name == "table":
            self.beginResetModel()
            self.endResetModel()


class TableEditor(SectionEditor):
    def build_body(self, layout: QVBoxLayout) -> None:
        self.model = TableModel(self.ctrl, self.section)
        self.view = QTableView()
        self.view.setAccessibleName("Table cells")
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().sectionDoubleClicked.connect(self.rename_column)
        self.view.setMinimumHeight(220)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        for text, handler in (("Add row", self.add_row), ("Remove row", self.remove_row),
                              ("Add column", self.add_column),
                              ("Remove column", self.remove_column),
                              ("Re&name column…", lambda: self.rename_column(self._col()))):
            button = QPushButton(text)
            button.clicked.connect(handler)
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.marking_control = SelectedMarking(
            "Row markin&g:", "Marking of the current row",
            "Who may see the current row: an export for a lower audience leaves the row out",
            self._row_marking_chosen)
        self.row_marking = self.marking_control.combo
        self.row_marking_label = self.marking_control.label
        layout.addLayout(self.marking_control.layout)
        self.marking_control.follow(self.view, self._refresh_row_marking,
                                    self.model.modelReset, self.model.headerDataChanged)

    def refresh_body(self) -> None:
        self._refresh_row_marking()

    def _refresh_row_marking(self, *_: object) -> None:
        used = bool(self.ctrl.doc.markings) or any(r.marking for r in self.model.table.rows)
        row = self._row()
        part = self.model.table.rows[row] if 0 <= row < self.model.rowCount() else None
        self.marking_control.show_part(self.ctrl.doc, self.section, part, used, "(select a row)")

    def _row_marking_chosen(self, level: str | None) -> None:
        row = self._row()
        if 0 <= row < self.model.rowCount():
            self.set_marking(self.model.table.rows[row], level, f"table row {row + 1}")

    def _row(self) -> int:
        i = self.view.currentIndex()
        return i.row() if i.isValid() else -1

    def _col(self) -> int:
        i = self.view.currentIndex()
        return i.column() if i.isValid() else max(0, self.model.columnCount() - 1)

    def add_row(self) -> None:
        at = self._row() + 1 if self._row() >= 0 else self.model.rowCount()
        self.ctrl.push(InsertTableRow(self.ctrl, self.section, at))
        self.view.setCurrentIndex(self.model.index(at, 0))

    def remove_row(self) -> None:
        if self._row() < 0:
            self.message.emit("Select a cell in the row to remove first")
            return
        self.ctrl.push(RemoveTableRow(self.ctrl, self.section, self._row()))

    def add_column(self) -> None:
        at = self._col() + 1 if self.model.columnCount() else 0
        name = f"Column {self.model.columnCount() + 1}"
        self.ctrl.push(InsertTableColumn(self.ctrl, self.section, at, name))

    def remove_column(self) -> None:
        if self.model.columnCount() <= 1:
            self.message.emit("A table needs at least one column")
            return
        self.ctrl.push(RemoveTableColumn(self.ctrl, self.section, self._col()))

    def rename_column(self, column: int) -> None:
        if not 0 <= column < self.model.columnCount():
            return
        old = self.model.table.columns[column]
        name, ok = QInputDialog.getText(self, "Rename column", "Column name:", text=old)
        if ok and name.strip() and name.strip() != old:
            self.ctrl.push(SetColumnName(self.ctrl, self.section, column, name.strip()))
