"""The chart editor: type, unit and note, a spreadsheet-like data grid and a live preview.

The grid (`ChartGridModel`) is a table model over the section's `Chart` itself. Like a sheet
copied from Excel, row 1 holds the series names and column A the category names; the value of
series j for category i is cell (i+1, j+1), so "B2" is the first series' first value. Values are
typed as text ("9", "at least 9", "3-5", empty for unknown) and read by `briefing.model.edit`.

The preview shows the ReportLab drawing the PDFs print (`briefing.charts.cache.chart_drawing`),
built and painted (`ui.drawing_painter`) in a worker thread ~150 ms after the last edit, so
typing never waits for it.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.model import document as m
from briefing.model import edit

from . import background
from .commands import (
    InsertCategory,
    InsertSeries,
    RemoveCategory,
    RemoveSeries,
    ReplaceChart,
    SetChartCell,
)
from .controller import DocumentController
from .editors.base import SectionEditor
from .editors.widgets import LineEdit, MarkingCombo, inherit_label, optional, watch_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root
CHART_TYPE_LABELS = {
    "column": "Column (vertical bars)", "bar": "Bar (horizontal bars)",
    "stacked-column": "Stacked column", "stacked-bar": "Stacked bar", "line": "Line",
    "pie": "Pie (one series)",
}
HEADER_BG = QColor("#e9eef5")
UNKNOWN_BG = QColor("#f6f1e3")


class ChartGridModel(QAbstractTableModel):
    error = Signal(str)

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        ctrl.chartEdited.connect(self._chart_edited)

    @property
    def chart(self) -> m.Chart:
        if self.section.chart is None:
            self.section.chart = m.Chart()
        return self.section.chart

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

    def _chart_edited(self, section: m.Section, what: str) -> None:
        if section is not self.section:
            return
        if what.startswith("cell:"):
            _, r, c = what.split(":")
            index = self.index(int(r), int(c))
            self.dataChanged.emit(index, index)
        elif what == "marking":
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        elif what == "structure":
            self.beginResetModel()
            self.endResetModel()


class ChartGridView(QTableView):
    """The grid, with spreadsheet keys: Ctrl+C/Ctrl+V blocks, Delete clears, typing edits."""

    message = Signal(str)

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
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
        super().keyPressEvent(e)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        editor = self.parent()
        while editor is not None and not isinstance(editor, ChartEditor):
            editor = editor.parent()
        menu.addAction("Copy", self.copy)
        menu.addAction("Paste", self.paste)
        menu.addAction("Clear", self.clear_selection_values)
        if isinstance(editor, ChartEditor):
            menu.addSeparator()
            menu.addAction("Insert row (category) below", editor.add_category)
            menu.addAction("Delete row (category)", editor.remove_category)
            menu.addAction("Insert column (series) right", editor.add_series)
            menu.addAction("Delete column (series)", editor.remove_series)
            series = editor.current_series()
            if series is not None and self.ctrl.doc.markings:
                marks = menu.addMenu(f"Mark series “{series.name[:24]}”")
                marks.addAction("(as the section)",
                                lambda: editor.set_marking(series, None))
                for level in self.ctrl.doc.markings:
                    marks.addAction(level, lambda lv=level: editor.set_marking(series, lv))
        menu.exec(self.viewport().mapToGlobal(pos))


def _selection(top_left: QModelIndex, bottom_right: QModelIndex):
    from PySide6.QtCore import QItemSelection

    return QItemSelection(top_left, bottom_right)


class _RenderSignals(QObject):
    done = Signal(int, object, object)  # generation, QImage | None, Drawing | error text


PT_PER_PX = 0.72  # the preview lays the chart out as if printed at 100 dpi


def render_chart(chart: m.Chart, theme, width: int, height: int, ratio: float = 1.0):
    """The chart as the PDFs draw it (`briefing.charts.cache.chart_drawing`), rasterised for a
    `width` x `height` pixel label on a screen with `ratio` device pixels per pixel:
    (QImage, Drawing)."""
    from briefing.charts.cache import chart_drawing

    from .drawing_painter import drawing_image

    drawing = chart_drawing(chart, theme, width * PT_PER_PX, height * PT_PER_PX)
    return drawing_image(drawing, width, height, ratio), drawing


class ChartPreview(QWidget):
    """The chart as it will be drawn, redrawn shortly after the last edit.

    The drawing is built and rasterised in a worker thread and shown as an image, so the window
    never waits for it, whatever the chart renderer costs. Results of superseded edits are
    dropped.
    """

    DELAY_MS = 150

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        self.render_count = 0
        self.drawing = None  # the ReportLab Drawing last shown (tests read its labels)
        self.setAccessibleName("Chart preview")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #8a5a00")
        self.status.hide()
        layout.addWidget(self.status)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setAccessibleName("Chart preview image")
        layout.addWidget(self.image_label, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.start_render)
        self.signals = _RenderSignals(self)
        self.signals.done.connect(self._rendered)
        self._generation = 0
        self._busy = False
        self._again = False
        ctrl.chartEdited.connect(self._chart_edited)
        ctrl.propertiesChanged.connect(self.schedule)  # the theme may have changed
        self.schedule()

    def _chart_edited(self, section: m.Section, what: str) -> None:
        if section is self.section and what != "marking":  # a marking does not change the drawing
            self.schedule()

    def schedule(self) -> None:
        self.timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.schedule()

    def _job_args(self):
        from briefing.format.themes import load_theme

        from .drawing_painter import register_fonts

        register_fonts()  # with Qt, in the GUI thread, before the worker paints text

        try:
            theme = load_theme(self.ctrl.doc.theme)
        except KeyError:
            theme = load_theme(None)
        size = (max(self.image_label.width(), 320), max(self.image_label.height(), 200))
        return copy.deepcopy(self.section.chart), theme, size, self.devicePixelRatioF()

    def start_render(self) -> None:
        """Render in the background; one job at a time, the latest edit wins."""
        self.timer.stop()
        if self.section.chart is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._generation += 1
        generation = self._generation
        chart, theme, size, ratio = self._job_args()
        signals = self.signals

        def job() -> None:
            try:
                image, drawing = render_chart(chart, theme, *size, ratio)
            except Exception as exc:  # a half-typed chart must never break the editor
                image, drawing = None, f"{type(exc).__name__}: {exc}"
            background.emit_safely(lambda: signals.done, generation, image, drawing)

        background.submit(job)

    def render_now(self) -> None:
        """Render synchronously (screenshots, tests)."""
        self.timer.stop()
        if self.section.chart is None:
            return
        self._generation += 1
        chart, theme, size, ratio = self._job_args()
        try:
            image, drawing = background.run(render_chart, chart, theme, *size, ratio)
        except Exception as exc:
            self._show(self._generation, None, f"{type(exc).__name__}: {exc}")
        else:
            self._show(self._generation, image, drawing)

    def _rendered(self, generation: int, image, result) -> None:
        self._busy = False
        self._show(generation, image, result)
        if self._again:
            self._again = False
            self.start_render()

    def _show(self, generation: int, image, result) -> None:
        if generation != self._generation:
            return  # an older edit's picture
        if image is None:
            self.status.setText(f"Preview not available: {result}")
            self.status.show()
            return
        self.status.hide()
        self.drawing = result
        self.image_label.setPixmap(QPixmap.fromImage(image))
        self.render_count += 1


class ChartEditor(SectionEditor):
    def build_body(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        row = QHBoxLayout()
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Chart type")
        for kind in m.CHART_TYPES:
            self.type_combo.addItem(CHART_TYPE_LABELS.get(kind, kind), kind)
        self.type_combo.activated.connect(self._type_chosen)
        type_label = QLabel("T&ype:")
        type_label.setBuddy(self.type_combo)
        row.addWidget(self.type_combo, 1)
        self.unit_edit = LineEdit()
        self.unit_edit.setAccessibleName("Unit")
        self.unit_edit.setPlaceholderText("e.g. people, tonnes, USD m")
        watch_text(self.unit_edit, lambda t: self.set_part(self.chart, "unit", optional(t),
                                                           "Edit chart unit"))
        unit_label = QLabel("U&nit:")
        unit_label.setBuddy(self.unit_edit)
        row.addWidget(unit_label)
        row.addWidget(self.unit_edit, 1)
        form.addRow(type_label, row)
        self.note_edit = LineEdit()
        self.note_edit.setAccessibleName("Chart note")
        self.note_edit.setPlaceholderText("Where the figures come from, what is missing")
        watch_text(self.note_edit, lambda t: self.set_part(self.chart, "note", optional(t),
                                                           "Edit chart note"))
        note_label = QLabel("Note:")
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        for text, tip, handler in (
            ("Add row", "Add a category below the current cell", self.add_category),
            ("Delete row", "Delete the current cell's category", self.remove_category),
            ("Add column", "Add a series right of the current cell", self.add_series),
            ("Delete column", "Delete the current cell's series", self.remove_series),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        marking_row = QHBoxLayout()
        self.series_marking = MarkingCombo()
        self.series_marking.setAccessibleName("Marking of the current series")
        self.series_marking.chosen.connect(self._series_marking_chosen)
        self.series_marking_label = QLabel("Series markin&g:")
        self.series_marking_label.setBuddy(self.series_marking)
        self.series_marking_name = QLabel()
        self.series_marking_name.setStyleSheet("color: #555")
        self.series_marking_name.setSizePolicy(QSizePolicy.Policy.Ignored,
                                               QSizePolicy.Policy.Preferred)
        marking_row.addWidget(self.series_marking_label)
        marking_row.addWidget(self.series_marking)
        marking_row.addWidget(self.series_marking_name, 1)
        layout.addLayout(marking_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.grid_view = ChartGridView(self.ctrl, self.section)
        self.grid_view.message.connect(self.message)
        self.grid_view.setMinimumHeight(140)
        self.grid_view.selectionModel().currentChanged.connect(self._refresh_series_marking)
        self.grid.modelReset.connect(self._refresh_series_marking)
        self.grid.headerDataChanged.connect(self._refresh_series_marking)
        splitter.addWidget(self.grid_view)
        self.preview = ChartPreview(self.ctrl, self.section)
        splitter.addWidget(self.preview)
        splitter.setSizes([170, 300])
        layout.addWidget(splitter, 1)
        hint = QLabel("Type 9, “at least 9”, “about 12”, a range “3-5”, or leave a cell empty "
                      "for unknown (a gap). Paste a block copied from a spreadsheet with Ctrl+V.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)
        self.pie_warning = QLabel()
        self.pie_warning.setStyleSheet("color: #9a4a00")
        layout.addWidget(self.pie_warning)

    @property
    def chart(self) -> m.Chart:
        if self.section.chart is None:
            self.section.chart = m.Chart()
        return self.section.chart

    @property
    def grid(self) -> ChartGridModel:
        return self.grid_view.grid

    def refresh_body(self) -> None:
        i = self.type_combo.findData(self.chart.type)
        if i >= 0 and i != self.type_combo.currentIndex():
            self.type_combo.setCurrentIndex(i)
        self.unit_edit.set_text_quietly(self.chart.unit or "")
        self.note_edit.set_text_quietly(self.chart.note or "")
        many = self.chart.type == "pie" and len(self.chart.series) > 1
        self.pie_warning.setText("A pie chart shows one series: delete the other columns or "
                                 "choose another type." if many else "")
        self.pie_warning.setVisible(many)
        self._refresh_series_marking()

    def current_series(self) -> m.Series | None:
        _, col = self._current()
        return self.chart.series[col - 1] if 1 <= col <= len(self.chart.series) else None

    def _refresh_series_marking(self, *_: object) -> None:
        if not hasattr(self, "grid_view"):
            return
        series = self.current_series()
        used = bool(self.ctrl.doc.markings) or any(s.marking for s in self.chart.series)
        for widget in (self.series_marking, self.series_marking_label, self.series_marking_name):
            widget.setVisible(used)
        if series is None:
            self.series_marking.load([], None, "(no series)")
            self.series_marking.setEnabled(False)
            self.series_marking_name.setText("select a cell in a series' column to mark it")
            return
        self.series_marking.load(self.ctrl.doc.markings, series.marking,
                                 inherit_label(self.ctrl.doc, self.section))
        _, col = self._current()
        self.series_marking_name.setText(
            f"for column {edit.cell_name(0, col)[:-1]}, “{series.name}”")
        self.series_marking.setToolTip(f"Who may see the series “{series.name}”: an export "
                                       "for a lower audience leaves it out")

    def _series_marking_chosen(self, level: str | None) -> None:
        series = self.current_series()
        if series is not None:
            self.set_marking(series, level)

    def _type_chosen(self, _i: int) -> None:
        kind = self.type_combo.currentData()
        self.set_part(self.chart, "type", kind, f"Change chart type to {kind}", merge=False)

    def _current(self) -> tuple[int, int]:
        i = self.grid_view.currentIndex()
        return (i.row(), i.column()) if i.isValid() else (0, 0)

    def add_category(self) -> None:
        row, _ = self._current()
        at = min(max(row, 0), len(self.chart.categories))  # below the current row
        name = edit.new_category_name(self.chart)
        self.ctrl.push(InsertCategory(self.ctrl, self.section, at, name))
        self.grid_view.setCurrentIndex(self.grid.index(at + 1, 0))

    def remove_category(self) -> None:
        row, _ = self._current()
        if row < 1:
            self.message.emit("Select a cell in the category (row) to delete")
            return
        if len(self.chart.categories) <= 1:
            self.message.emit("A chart needs at least one category")
            return
        self.ctrl.push(RemoveCategory(self.ctrl, self.section, row - 1))

    def add_series(self) -> None:
        _, col = self._current()
        at = min(max(col, 0), len(self.chart.series))
        self.ctrl.push(InsertSeries(self.ctrl, self.section, at, edit.new_series(self.chart)))
        self.grid_view.setCurrentIndex(self.grid.index(0, at + 1))

    def remove_series(self) -> None:
        _, col = self._current()
        if col < 1:
            self.message.emit("Select a cell in the series (column) to delete")
            return
        if len(self.chart.series) <= 1:
            self.message.emit("A chart needs at least one series")
            return
        self.ctrl.push(RemoveSeries(self.ctrl, self.section, col - 1))
