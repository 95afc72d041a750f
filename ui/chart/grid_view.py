"""The chart grid's view, with spreadsheet keys: Ctrl+C/Ctrl+V blocks through the clipboard,
Delete clears, typing edits, Enter moves down."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from briefing.model import document as m
from briefing.model import edit

from ..commands import ReplaceChart
from ..controller import DocumentController
from .grid_model import ChartGridModel


class ChartGridView(QTableView):
    """The grid, with spreadsheet keys. `extend_menu` lets the editor add its row, column
    and marking commands to the right-click menu."""

    message = Signal(str)

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        self.extend_menu: Callable[[QMenu], None] | None = None
        self.grid = ChartGridModel(ctrl, section, self)
        self.grid.error.connect(self.message)
        self.setModel(self.grid)
        self.setAccessibleName("Chart data grid")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setDefaultSectionSize(150)
        self.setColumnWidth(0, 170)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._keep = (1, 1)
        self.grid.modelAboutToBeReset.connect(self._remember)
        self.grid.modelReset.connect(self._restore)
        self.setCurrentIndex(self.grid.index(1, 1))

    def _remember(self) -> None:
        i = self.currentIndex()
        self._keep = (i.row(), i.column()) if i.isValid() else (1, 1)

    def _restore(self) -> None:
        r = min(self._keep[0], self.grid.rowCount() - 1)
        c = min(self._keep[1], self.grid.columnCount() - 1)
        self.setCurrentIndex(self.grid.index(r, c))

    def selected_cells(self) -> list[tuple[int, int]]:
        cells = sorted({(i.row(), i.column()) for i in self.selectedIndexes()})
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        return cells

    # -- clipboard ------------------------------------------------------------------------------
    def copy(self) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        rows = range(min(r for r, _ in cells), max(r for r, _ in cells) + 1)
        cols = range(min(c for _, c in cells), max(c for _, c in cells) + 1)
        text = "\n".join("\t".join(edit.grid_text(self.grid.chart, r, c) for c in cols)
                         for r in rows)
        QGuiApplication.clipboard().setText(text + "\n")

    def cut(self) -> None:
        self.copy()
        self.clear_selection_values()

    def paste(self, text: str | None = None) -> bool:
        text = QGuiApplication.clipboard().text() if text is None else text
        block = edit.parse_block(text)
        if not block:
            self.message.emit("Nothing to paste: copy cells from a spreadsheet first")
            return False
        index = self.currentIndex()
        top, left = (index.row(), index.column()) if index.isValid() else (1, 1)
        try:
            new = edit.pasted_chart(self.grid.chart, top, left, block)
        except ValueError as exc:
            self.message.emit(f"Nothing pasted: {exc}")
            return False
        width = max(len(r) for r in block)
        label = f"Paste {len(block)}×{width} cells at {edit.cell_name(top, left)}"
        self.ctrl.push(ReplaceChart(self.ctrl, self.section, new, label))
        self.setCurrentIndex(self.grid.index(top, left))
        end = self.grid.index(min(top + len(block), self.grid.rowCount()) - 1,
                              min(left + width, self.grid.columnCount()) - 1)
        self.selectionModel().select(
            _selection(self.grid.index(top, left), end),
            QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    def clear_selection_values(self) -> None:
        cells = [(r, c) for r, c in self.selected_cells() if r and c]
        if not cells:
            return
        new = edit.clear_cells(self.grid.chart, cells)
        if new != self.grid.chart:
            label = (f"Clear cell {edit.cell_name(*cells[0])}" if len(cells) == 1
                     else f"Clear {len(cells)} cells")
            self.ctrl.push(ReplaceChart(self.ctrl, self.section, new, label))

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if e.matches(QKeySequence.StandardKey.Copy):
                self.copy()
                return
            if e.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if e.matches(QKeySequence.StandardKey.Cut):
                self.cut()
                return
            if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_values()
                return
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not e.modifiers():
                self.move_down()
                return
        super().keyPressEvent(e)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """Enter commits the cell and moves down, as in a spreadsheet (Tab, Escape as Qt)."""
        entered = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, hint)
        if entered:
            self.move_down()

    def move_down(self) -> None:
        index = self.currentIndex()
        if index.isValid() and index.row() + 1 < self.grid.rowCount():
            self.setCurrentIndex(self.grid.index(index.row() + 1, index.column()))

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction("Copy", self.copy)
        menu.addAction("Paste", self.paste)
        menu.addAction("Clear", self.clear_selection_values)
        if self.extend_menu is not None:
            menu.addSeparator()
            self.extend_menu(menu)
        menu.exec(self.viewport().mapToGlobal(pos))


def _selection(top_left: QModelIndex, bottom_right: QModelIndex) -> QItemSelection:
    return QItemSelection(top_left, bottom_right)
