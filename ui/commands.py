"""One QUndoCommand per kind of edit; each calls ONE `briefing.model.edit` function to do and undo.

Commands hold the section object (not its row), so they stay right after reorders. Text typed
into one field merges into one command while the field keeps focus (`merge_key`), so Undo takes
back a burst of typing, not a single letter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from briefing.model import document as m
from briefing.model import edit

from .events import CellEdited, ChartFieldEdited, ChartReshaped, EditHost, SeriesMarked

_MERGE_DOCUMENT, _MERGE_SECTION, _MERGE_PART = 1, 2, 3


class Command(QUndoCommand):
    """Base: `apply`/`revert` do the work; undo and redo after the first reveal the section."""

    def __init__(self, ctrl: EditHost, text: str, section: m.Section | None = None):
        super().__init__(text)
        self.ctrl = ctrl
        self.section = section
        self._done_once = False

    def apply(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def redo(self) -> None:
        self.apply()
        if self._done_once and self.section is not None:
            self.ctrl.revealSection.emit(self.section)
        self._done_once = True

    def undo(self) -> None:
        self.revert()
        if self.section is not None:
            self.ctrl.revealSection.emit(self.section)


class _Mergeable(Command):
    merge_id = -1

    def __init__(self, ctrl, text, section, target: Any, name: str, value: Any,
                 merge_key: Any = None):
        super().__init__(ctrl, text, section)
        self.target, self.name, self.new, self.old = target, name, value, None
        self.merge_key = merge_key

    def id(self) -> int:
        return self.merge_id if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, type(self)) or other.merge_key is None:
            return False
        if (other.target is not self.target or other.name != self.name
                or other.merge_key != self.merge_key):
            return False
        self.new = other.new
        return True


class SetDocumentField(_Mergeable):
    merge_id = _MERGE_DOCUMENT

    def __init__(self, ctrl: EditHost, name: str, value: Any, label: str,
                 merge_key: Any = None):
        super().__init__(ctrl, f"Edit {label}", None, ctrl.doc, name, value, merge_key)

    def apply(self) -> None:
        self.old = edit.set_document_field(self.target, self.name, self.new)
        self.ctrl.notify_properties()

    def revert(self) -> None:
        edit.set_document_field(self.target, self.name, self.old)
        self.ctrl.notify_properties()


class SetSectionField(_Mergeable):
    merge_id = _MERGE_SECTION

    def __init__(self, ctrl: EditHost, section: m.Section, name: str, value: Any,
                 label: str | None = None, merge_key: Any = None):
        text = label or f"Edit {name} of “{_short(section.title)}”"
        super().__init__(ctrl, text, section, section, name, value, merge_key)

    def apply(self) -> None:
        self.old = edit.set_section_field(self.target, self.name, self.new)
        self.ctrl.notify_section(self.target, self.name)

    def revert(self) -> None:
        edit.set_section_field(self.target, self.name, self.old)
        self.ctrl.notify_section(self.target, self.name)


class SetPartField(_Mergeable):
    """A field of a part: a judgment, an event, the quote, the image, the chart (of `section`),
    or a document source (`section` None)."""

    merge_id = _MERGE_PART

    def __init__(self, ctrl: EditHost, section: m.Section | None, part: Any,
                 name: str, value: Any, label: str, merge_key: Any = None):
        super().__init__(ctrl, label, section, part, name, value, merge_key)

    def _notify(self) -> None:
        if self.section is None:
            self.ctrl.notify_properties()
        elif isinstance(self.target, m.Chart):
            self.ctrl.notify_chart(self.section, ChartFieldEdited(self.name))
        else:
            self.ctrl.notify_section(self.section, type(self.target).__name__.lower())

    def apply(self) -> None:
        self.old = edit.set_field(self.target, self.name, self.new)
        self._notify()

    def revert(self) -> None:
        edit.set_field(self.target, self.name, self.old)
        self._notify()


# -- handling markings -------------------------------------------------------------------------

class SetMarking(Command):
    """Mark (or unmark, level None) a section, source, judgment, event, series or table row.

    `section` is the section the part belongs to (the section itself when marking a section;
    None for a document source), so undo shows where the change was made.
    """

    def __init__(self, ctrl: EditHost, section: m.Section | None, part: Any,
                 level: str | None, what: str | None = None):
        what = what or _describe(part)
        text = f"Mark {what} {level}" if level else f"Clear the marking of {what}"
        super().__init__(ctrl, text, section)
        self.part, self.new, self.old = part, level, None

    def _notify(self) -> None:
        part, section = self.part, self.section
        if section is None:
            self.ctrl.notify_properties()
        elif isinstance(part, m.Series):
            self.ctrl.notify_chart(section, SeriesMarked())
        elif isinstance(part, m.TableRow):
            self.ctrl.notify_section(section, "table")
        elif part is section:
            self.ctrl.notify_section(section, "marking")
        else:
            self.ctrl.notify_section(section, type(part).__name__.lower())

    def apply(self) -> None:
        self.old = edit.set_marking(self.ctrl.doc, self.part, self.new)
        self._notify()

    def revert(self) -> None:
        edit.set_marking(self.ctrl.doc, self.part, self.old)
        self._notify()


def _describe(part: Any) -> str:
    if isinstance(part, m.Section):
        return f"“{_short(part.title)}”"
    if isinstance(part, m.Series):
        return f"series “{_short(part.name)}”"
    if isinstance(part, m.Source):
        return f"source {part.id}"
    if isinstance(part, m.JudgmentItem):
        return f"judgment “{_short(part.text, 24)}”"
    if isinstance(part, m.KeyFigure):
        return f"key figure “{_short(part.label, 24)}”"
    if isinstance(part, m.Event):
        return f"event “{_short(part.text, 24)}”"
    return "table row"


# -- sections -----------------------------------------------------------------------------------

class MoveSection(Command):
    def __init__(self, ctrl: EditHost, source: int, target: int):
        section = ctrl.doc.sections[source]
        where = "up" if target < source else "down"
        super().__init__(ctrl, f"Move “{_short(section.title)}” {where}", section)
        self.source, self.target = source, target

    def apply(self) -> None:
        self.ctrl.outline.apply_move(self.source, self.target)

    def revert(self) -> None:
        self.ctrl.outline.apply_move(self.target, self.source)


class InsertSection(Command):
    def __init__(self, ctrl: EditHost, index: int, section: m.Section, label: str):
        super().__init__(ctrl, label, section)
        self.index = index

    def apply(self) -> None:
        self.ctrl.outline.apply_insert(self.index, self.section)

    def revert(self) -> None:
        self.ctrl.outline.apply_remove(self.index)


class RemoveSection(Command):
    def __init__(self, ctrl: EditHost, index: int):
        section = ctrl.doc.sections[index]
        super().__init__(ctrl, f"Delete “{_short(section.title)}”", None)
        self.index, self.removed = index, section

    def apply(self) -> None:
        self.removed = self.ctrl.outline.apply_remove(self.index)

    def revert(self) -> None:
        self.ctrl.outline.apply_insert(self.index, self.removed)
        self.ctrl.revealSection.emit(self.removed)


# -- chart ------------------------------------------------------------------------------------------

class SetChartCell(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, row: int, column: int,
                 value: m.Value | str):
        super().__init__(ctrl, f"Edit cell {edit.cell_name(row, column)}", section)
        self.row, self.column, self.new, self.old = row, column, value, None

    def _notify(self) -> None:
        self.ctrl.notify_chart(self.section, CellEdited(self.row, self.column))

    def apply(self) -> None:
        self.old = edit.set_chart_cell(self.section.chart, self.row, self.column, self.new)
        self._notify()

    def revert(self) -> None:
        edit.set_chart_cell(self.section.chart, self.row, self.column, self.old)
        self._notify()


class ReplaceChart(Command):
    """Paste and clear: several cells at once, possibly growing the grid."""

    def __init__(self, ctrl: EditHost, section: m.Section, chart: m.Chart, label: str):
        super().__init__(ctrl, label, section)
        self.new, self.old = chart, None

    def apply(self) -> None:
        self.old = edit.replace_chart(self.section, self.new)
        self.ctrl.notify_chart(self.section, ChartReshaped())

    def revert(self) -> None:
        self.new = edit.replace_chart(self.section, self.old)
        self.ctrl.notify_chart(self.section, ChartReshaped())


class InsertCategory(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int, name: str,
                 values: list[m.Value] | None = None):
        super().__init__(ctrl, f"Add row “{_short(name)}”", section)
        self.index, self.name, self.values = index, name, values

    def apply(self) -> None:
        edit.insert_category(self.section.chart, self.index, self.name, self.values)
        self.ctrl.notify_chart(self.section, ChartReshaped())

    def revert(self) -> None:
        self.name, self.values = edit.remove_category(self.section.chart, self.index)
        self.ctrl.notify_chart(self.section, ChartReshaped())


class RemoveCategory(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int):
        name = section.chart.categories[index]
        super().__init__(ctrl, f"Delete row “{_short(name)}”", section)
        self.index, self.removed = index, None

    def apply(self) -> None:
        self.removed = edit.remove_category(self.section.chart, self.index)
        self.ctrl.notify_chart(self.section, ChartReshaped())

    def revert(self) -> None:
        name, values = self.removed
        edit.insert_category(self.section.chart, self.index, name, values)
        self.ctrl.notify_chart(self.section, ChartReshaped())


class InsertSeries(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int,
                 series: m.Series):
        super().__init__(ctrl, f"Add column “{_short(series.name)}”", section)
        self.index, self.series = index, series

    def apply(self) -> None:
        edit.insert_series(self.section.chart, self.index, self.series)
        self.ctrl.notify_chart(self.section, ChartReshaped())

    def revert(self) -> None:
        self.series = edit.remove_series(self.section.chart, self.index)
        self.ctrl.notify_chart(self.section, ChartReshaped())


class RemoveSeries(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int):
        name = section.chart.series[index].name
        super().__init__(ctrl, f"Delete column “{_short(name)}”", section)
        self.index, self.removed = index, None

    def apply(self) -> None:
        self.removed = edit.remove_series(self.section.chart, self.index)
        self.ctrl.notify_chart(self.section, ChartReshaped())

    def revert(self) -> None:
        edit.insert_series(self.section.chart, self.index, self.removed)
        self.ctrl.notify_chart(self.section, ChartReshaped())


# -- lists inside a section: judgments, events -----------------------------------------------------

class InsertListItem(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, name: str, index: int,
                 item: Any, label: str):
        super().__init__(ctrl, label, section)
        self.name, self.index, self.item = name, index, item

    def apply(self) -> None:
        edit.insert_item(getattr(self.section, self.name), self.index, self.item)
        self.ctrl.notify_list(self.section, self.name)

    def revert(self) -> None:
        self.item = edit.remove_item(getattr(self.section, self.name), self.index)
        self.ctrl.notify_list(self.section, self.name)


class RemoveListItem(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, name: str, index: int,
                 label: str):
        super().__init__(ctrl, label, section)
        self.name, self.index, self.item = name, index, None

    def apply(self) -> None:
        self.item = edit.remove_item(getattr(self.section, self.name), self.index)
        self.ctrl.notify_list(self.section, self.name)

    def revert(self) -> None:
        edit.insert_item(getattr(self.section, self.name), self.index, self.item)
        self.ctrl.notify_list(self.section, self.name)


class MoveListItem(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, name: str, source: int,
                 target: int, label: str):
        super().__init__(ctrl, label, section)
        self.name, self.source, self.target = name, source, target

    def apply(self) -> None:
        edit.move_item(getattr(self.section, self.name), self.source, self.target)
        self.ctrl.notify_list(self.section, self.name)

    def revert(self) -> None:
        edit.move_item(getattr(self.section, self.name), self.target, self.source)
        self.ctrl.notify_list(self.section, self.name)


class ReplaceList(Command):
    """Sort the timeline: the whole list in a new order."""

    def __init__(self, ctrl: EditHost, section: m.Section, name: str, items: list,
                 label: str):
        super().__init__(ctrl, label, section)
        self.name, self.new, self.old = name, items, None

    def apply(self) -> None:
        self.old = edit.set_section_field(self.section, self.name, self.new)
        self.ctrl.notify_list(self.section, self.name)

    def revert(self) -> None:
        edit.set_section_field(self.section, self.name, self.old)
        self.ctrl.notify_list(self.section, self.name)


# -- document sources ---------------------------------------------------------------------------

class InsertSource(Command):
    def __init__(self, ctrl: EditHost, index: int, source: m.Source):
        super().__init__(ctrl, f"Add source {source.id}")
        self.index, self.source = index, source

    def apply(self) -> None:
        edit.insert_item(self.ctrl.doc.sources, self.index, self.source)
        self.ctrl.notify_properties()

    def revert(self) -> None:
        self.source = edit.remove_item(self.ctrl.doc.sources, self.index)
        self.ctrl.notify_properties()


class RemoveSource(Command):
    def __init__(self, ctrl: EditHost, index: int):
        super().__init__(ctrl, f"Delete source {ctrl.doc.sources[index].id}")
        self.index, self.source = index, None

    def apply(self) -> None:
        self.source = edit.remove_item(self.ctrl.doc.sources, self.index)
        self.ctrl.notify_properties()

    def revert(self) -> None:
        edit.insert_item(self.ctrl.doc.sources, self.index, self.source)
        self.ctrl.notify_properties()


class RenameSource(Command):
    """A source's new id, followed by every citation of it: one undo step."""

    def __init__(self, ctrl: EditHost, source: m.Source, new_id: str):
        super().__init__(ctrl, f"Rename source {source.id} to {new_id}")
        self.source, self.old_id, self.new_id = source, source.id, new_id
        self.changes: list[edit.FieldChange] = []

    def _notify(self) -> None:
        self.ctrl.notify_properties()
        touched = {id(part) for part, _name, _old in self.changes}
        for section in self.ctrl.doc.sections:
            parts = (section, *section.items, *section.events)
            values = (v for s in (section.chart.series if section.chart else ()) for v in s.values)
            if any(id(p) in touched for p in (*parts, *values)):
                self.ctrl.notify_section(section, "sources")

    def apply(self) -> None:
        self.changes = edit.rename_source(self.ctrl.doc, self.old_id, self.new_id)
        self._notify()

    def revert(self) -> None:
        edit.restore_fields(self.changes)
        self._notify()


# -- tables ---------------------------------------------------------------------------------------

class SetTableCell(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, row: int, column: int,
                 text: str):
        super().__init__(ctrl, f"Edit table cell {edit.cell_name(row + 1, column)}", section)
        self.row, self.column, self.new, self.old = row, column, text, None

    def apply(self) -> None:
        self.old = edit.set_table_cell(self.section.table, self.row, self.column, self.new)
        self.ctrl.notify_section(self.section, "table")

    def revert(self) -> None:
        edit.set_table_cell(self.section.table, self.row, self.column, self.old)
        self.ctrl.notify_section(self.section, "table")


class SetColumnName(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, column: int, name: str):
        super().__init__(ctrl, f"Rename column to “{_short(name)}”", section)
        self.column, self.new, self.old = column, name, None

    def apply(self) -> None:
        self.old = edit.set_column_name(self.section.table, self.column, self.new)
        self.ctrl.notify_list(self.section, "table")

    def revert(self) -> None:
        edit.set_column_name(self.section.table, self.column, self.old)
        self.ctrl.notify_list(self.section, "table")


class InsertTableRow(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int):
        super().__init__(ctrl, f"Add table row {index + 1}", section)
        self.index, self.row = index, None

    def apply(self) -> None:
        edit.insert_table_row(self.section.table, self.index, self.row)
        self.ctrl.notify_list(self.section, "table")

    def revert(self) -> None:
        self.row = edit.remove_table_row(self.section.table, self.index)
        self.ctrl.notify_list(self.section, "table")


class RemoveTableRow(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int):
        super().__init__(ctrl, f"Delete table row {index + 1}", section)
        self.index, self.row = index, None

    def apply(self) -> None:
        self.row = edit.remove_table_row(self.section.table, self.index)
        self.ctrl.notify_list(self.section, "table")

    def revert(self) -> None:
        edit.insert_table_row(self.section.table, self.index, self.row)
        self.ctrl.notify_list(self.section, "table")


class InsertTableColumn(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int, name: str):
        super().__init__(ctrl, f"Add table column “{_short(name)}”", section)
        self.index, self.name, self.cells = index, name, None

    def apply(self) -> None:
        edit.insert_table_column(self.section.table, self.index, self.name, self.cells)
        self.ctrl.notify_list(self.section, "table")

    def revert(self) -> None:
        self.name, self.cells = edit.remove_table_column(self.section.table, self.index)
        self.ctrl.notify_list(self.section, "table")


class RemoveTableColumn(Command):
    def __init__(self, ctrl: EditHost, section: m.Section, index: int):
        name = section.table.columns[index]
        super().__init__(ctrl, f"Delete table column “{_short(name)}”", section)
        self.index, self.removed = index, None

    def apply(self) -> None:
        self.removed = edit.remove_table_column(self.section.table, self.index)
        self.ctrl.notify_list(self.section, "table")

    def revert(self) -> None:
        name, cells = self.removed
        edit.insert_table_column(self.section.table, self.index, name, cells)
        self.ctrl.notify_list(self.section, "table")


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
