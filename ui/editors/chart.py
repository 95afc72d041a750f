"""The chart editor: type, unit and note, the data grid and the live preview, assembled.

The parts live in `ui/chart/`: `grid_model` (the table model over the section's `Chart`),
`grid_view` (spreadsheet keys and the clipboard) and `preview` (the drawing the PDFs print,
rendered off the GUI thread). This module lays them out and adds the row, column and series
marking commands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
)

from briefing.model import document as m
from briefing.model import edit

from ..chart.grid_model import ChartGridModel, chart_of
from ..chart.grid_view import ChartGridView
from ..chart.preview import ChartPreview
from ..commands import InsertCategory, InsertSeries, RemoveCategory, RemoveSeries
from .base import SectionEditor
from .widgets import LineEdit, MarkingCombo, inherit_label, optional, watch_text

CHART_TYPE_LABELS = {
    "column": "Column (vertical bars)", "bar": "Bar (horizontal bars)",
    "stacked-column": "Stacked column", "stacked-bar": "Stacked bar", "line": "Line",
    "pie": "Pie (one series)",
}


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
        self.grid_view.extend_menu = self._extend_grid_menu
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
        return chart_of(self.section)

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

    def _extend_grid_menu(self, menu: QMenu) -> None:
        menu.addAction("Insert row (category) below", self.add_category)
        menu.addAction("Delete row (category)", self.remove_category)
        menu.addAction("Insert column (series) right", self.add_series)
        menu.addAction("Delete column (series)", self.remove_series)
        series = self.current_series()
        if series is not None and self.ctrl.doc.markings:
            marks = menu.addMenu(f"Mark series “{series.name[:24]}”")
            marks.addAction("(as the section)", lambda: self.set_marking(series, None))
            for level in self.ctrl.doc.markings:
                marks.addAction(level, lambda lv=level: self.set_marking(series, lv))
