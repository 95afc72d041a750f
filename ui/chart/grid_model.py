"""The chart data grid as a Qt table model over the section's `Chart` itself (never a copy).

Like a sheet copied from Excel, row 1 holds the series names and column A the category names;
the value of series j for category i is cell (i+1, j+1), so "B2" is the first series' first
value. Values are typed as text ("9", "at least 9", "3-5", empty for unknown) and read by
`briefing.model.edit`; every change is an undo command, and the model refreshes from the typed
`ui.events` the commands report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from briefing.model import document as m
from briefing.model import edit

from ..commands import SetChartCell
from ..controller import DocumentController
from ..events import CellEdited, ChartChange, ChartReshaped, SeriesMarked

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root
HEADER_BG = QColor("#e9eef5")
UNKNOWN_BG = QColor("#f6f1e3")


def chart_of(section: m.Section) -> m.Chart:
    """The section's chart; a chart section always has one (the reader and
    `edit.new_section` see to it), so a missing one is a bug, not something to patch here."""
    if section.chart is None:
        raise ValueError(f"section {section.id!r} is a {section.kind} section without a chart")
    return section.chart


class ChartGridModel(QAbstractTableModel):
    error = Signal(str)

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        ctrl.chartEdited.connect(self._chart_edited)

    @property
    def chart(self) -> m.Chart:
        return chart_of(self.section)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.chart.categories) + 1

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.chart.series) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        series = (self.chart.series[section - 1]
                  if horizontal and 1 <= section <= len(self.chart.series) else None)
        if role == Qt.ItemDataRole.DisplayRole:
            if horizontal:
                letter = edit.cell_name(0, section)[:-1]
                return f"{letter} · {series.marking}" if series and series.marking else letter
            return str(section + 1)
        if role == Qt.ItemDataRole.ToolTipRole and series is not None:
            if series.marking:
                return (f"Series “{series.name}” is marked {series.marking}: exports for a "
                        "lower audience leave it out")
            return f"Series “{series.name}”: not marked (as the section)"
        if role == Qt.ItemDataRole.ForegroundRole and series is not None and series.marking:
            return QBrush(QColor("#8a1c1c"))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        header = r == 0 or c == 0
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if r == 0 and c == 0:
                return "" if role == Qt.ItemDataRole.EditRole else "categories ↓ / series →"
            return edit.grid_text(self.chart, r, c)
        value = None if header else self.chart.series[c - 1].values[r - 1]
        if role == Qt.ItemDataRole.BackgroundRole:
            if header:
                return QBrush(HEADER_BG)
            if value.value is None and value.low is None:
                return QBrush(UNKNOWN_BG)
        if role == Qt.ItemDataRole.FontRole and header:
            font = QFont()
            if (r, c) == (0, 0):
                font.setItalic(True)
            else:
                font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (r, c) == (0, 0):
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and not header:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = edit.cell_name(r, c)
            if (r, c) == (0, 0):
                return "Row 1 holds the series names, column A the category names"
            if r == 0:
                return f"{name}: name of series {c}"
            if c == 0:
                return f"{name}: category {r}"
            what = (f"{self.chart.series[c - 1].name} — {self.chart.categories[r - 1]}")
            if value.value is None and value.low is None:
                shown = "unknown (drawn as a gap, not as zero)"
            else:
                shown = value.label(self.chart.unit)
            tip = f"{name}: {what}\n{shown}"
            if value.source:
                tip += f"\nsource: {value.source}"
            return tip + "\nType 9, at least 9, about 12, 3-5, or leave empty for unknown"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{edit.cell_name(r, c)} {edit.grid_text(self.chart, r, c) or 'empty'}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (index.row(), index.column()) != (0, 0):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r, c = index.row(), index.column()
        if (r, c) == (0, 0):
            return False
        text = str(value)
        name = edit.cell_name(r, c)
        if r == 0 or c == 0:
            text = text.strip()
            if not text:
                self.error.emit(f"{name}: a {'series' if r == 0 else 'category'} needs a name")
                return False
            new: m.Value | str = text
        else:
            old = self.chart.series[c - 1].values[r - 1]
            try:
                new = edit.parse_value(text, old.source)
            except ValueError as exc:
                self.error.emit(f"{name}: {exc}")
                return False
        current = edit.grid_text(self.chart, r, c) if (r == 0 or c == 0) else \
            self.chart.series[c - 1].values[r - 1]
        if new == current:
            return False
        self.ctrl.push(SetChartCell(self.ctrl, self.section, r, c, new))
        return True

    def _chart_edited(self, section: m.Section, change: ChartChange) -> None:
        if section is not self.section:
            return
        match change:
            case CellEdited(row, column):
                index = self.index(row, column)
                self.dataChanged.emit(index, index)
            case SeriesMarked():
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                            self.columnCount() - 1)
            case ChartReshaped():
                self.beginResetModel()
                self.endResetModel()
