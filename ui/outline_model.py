"""The outline: a Qt item model over `doc.sections` itself (an adapter, never a copy).

Rows are sections in document order. Column 0 shows the title, the kind's icon (with a warning
badge when the section has problems) and a check box for `include`. Every change a view asks for
(check, drag and drop, moveRows) becomes an undo command; the commands call back `apply_*`,
which wrap one `briefing.model.edit` call in the begin/end notifications views need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from briefing.model import document as m
from briefing.model import edit
from briefing.model.compare import EditionMarks

from .events import OutlineHost
from .icons import kind_icon

MIME = "application/x-briefing-section-row"
SectionRole = Qt.ItemDataRole.UserRole + 1
ProblemsRole = Qt.ItemDataRole.UserRole + 2
MarkingRole = Qt.ItemDataRole.UserRole + 3  # SectionMarking | None (no markings declared)
EditionRole = Qt.ItemDataRole.UserRole + 4  # "new" | "updated" | None since the last edition
PartRole = Qt.ItemDataRole.UserRole + 5  # (part title, opens it here) | None outside parts
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root


@dataclass(frozen=True)
class SectionMarking:
    """What the outline's badge shows: the section's level and the highest inside it."""

    level: str  # the section's own level (or the document's lowest when unmarked)
    highest: str  # the highest level of anything in it (>= level)
    badge: str  # "PU", or "PU+I" when some content is marked higher than the section
    rank: int  # position of `highest` in the document's levels (colour)
    count: int  # how many levels the document declares
    higher: tuple[str, ...]  # "1 table row INTERNAL", ... for the tooltip
    excluded_for: str | None = None  # the chosen audience, when it does not get the section


def section_marking(doc: m.Document, section: m.Section,
                    excluded_for: str | None = None) -> SectionMarking | None:
    """The section's marking as the outline shows it; None when the document has no levels."""
    from briefing.model.markings import highest, level_index, portion_abbreviations

    if not doc.markings:
        return None
    level = section.marking or doc.markings[0]
    noun = "key figure" if section.kind == "key_figures" else "judgment"
    parts: list[tuple[str, str | None]] = [(noun, i.marking) for i in section.items]
    parts += [("event", e.marking) for e in section.events]
    if section.chart:
        parts += [("chart series", s.marking) for s in section.chart.series]
    if section.table:
        parts += [("table row", r.marking) for r in section.table.rows]
    top = highest(doc, [level] + [mk for _k, mk in parts]) or level
    higher: dict[tuple[str, str], int] = {}
    for kind, mk in parts:
        if mk and level_index(doc, mk) > level_index(doc, level):
            higher[(kind, mk)] = higher.get((kind, mk), 0) + 1
    abbrev = portion_abbreviations(doc.markings)
    badge = abbrev.get(level, level)
    if top != level:
        badge += "+" + abbrev.get(top, top)
    lines = tuple(f"{n} {kind}{'s' if n != 1 else ''} {mk}" for (kind, mk), n in higher.items())
    return SectionMarking(level, top, badge, max(level_index(doc, top), 0), len(doc.markings),
                          lines, excluded_for)


class OutlineModel(QAbstractItemModel):
    def __init__(self, ctrl: OutlineHost):
        super().__init__(ctrl)
        self.ctrl = ctrl
        self._problems: dict[int, list[str]] = {}  # id(section) -> messages
        self._excluded: set[int] | None = None  # id(section) the audience does not get; lazy
        self._edition: EditionMarks | None = None  # File ▸ Compare with Previous Edition…
        self._parts: dict[int, tuple[str, bool]] | None = None  # id(section) -> part; lazy
        ctrl.documentEdited.connect(self._parts_stale)
        ctrl.documentEdited.connect(self._audience_stale)
        ctrl.audienceChanged.connect(self._audience_stale)

    # -- shape ----------------------------------------------------------------------------------
    @property
    def sections(self) -> list[m.Section]:
        return self.ctrl.doc.sections

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.sections)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 1

    def index(self, row: int, column: int = 0, parent: Index = _ROOT) -> QModelIndex:
        if parent.isValid() or not (0 <= row < len(self.sections)) or column != 0:
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        return QModelIndex()

    def set_edition_marks(self, marks: EditionMarks | None) -> None:
        """Mark the sections new or changed since the previous edition (None: no marks)."""
        self._edition = marks
        if self.sections:
            self.dataChanged.emit(self.index(0), self.index(len(self.sections) - 1),
                                  [EditionRole, Qt.ItemDataRole.ToolTipRole,
                                   Qt.ItemDataRole.AccessibleTextRole])

    def edition_status(self, section: m.Section) -> str | None:
        return self._edition.status(section.id) if self._edition is not None else None

    def part(self, section: m.Section) -> tuple[str, bool] | None:
        """The part `section` belongs to and whether it opens it here (`model.groups`), or
        None before the first part; worked out once per edit, not once per painted row."""
        if self._parts is None:
            from briefing.model.groups import group_sections

            self._parts = {id(s): (g.title, k == 0) for g in group_sections(self.sections)
                           if g.title is not None for k, s in enumerate(g.sections)}
        return self._parts.get(id(section))

    def _parts_stale(self) -> None:
        self._parts = None

    def section_at(self, row: int) -> m.Section | None:
        return self.sections[row] if 0 <= row < len(self.sections) else None

    # -- content --------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section = self.section_at(index.row()) if index.isValid() else None
        if section is None:
            return None
        problems = self._problems.get(id(section), [])
        excluded = self.excluded(section)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return section.title or "(untitled)"
        if role == MarkingRole:
            return section_marking(self.ctrl.doc, section,
                                   self.ctrl.audience if excluded else None)
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(section.kind, bool(problems))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if section.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{section.kind} section “{section.title}” (id {section.id})"
            if not section.include:
                tip += "\nLeft out of the export (check the box to include it)"
            part = self.part(section)
            if part is not None:
                tip += f"\n{'Opens part' if part[1] else 'In part'} “{part[0]}”"
            marking = section_marking(self.ctrl.doc, section)
            if marking is not None:
                tip += f"\nMarking: {marking.level}"
                if marking.higher:
                    tip += " (contains " + ", ".join(marking.higher) + ")"
            if excluded:
                tip += f"\nNot in the {self.ctrl.audience} export"
            status = self.edition_status(section)
            if status is not None:
                tip += f"\n{status.capitalize()} since the previous edition"
            if problems:
                tip += "\n\nProblems:\n" + "\n".join(f"• {p}" for p in problems)
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{section.title}, {section.kind}"
            marking = section_marking(self.ctrl.doc, section)
            if marking is not None:
                text += f", marked {marking.level}"
                if marking.highest != marking.level:
                    text += f", contains {marking.highest}"
            if excluded:
                text += f", not in the {self.ctrl.audience} export"
            if not section.include:
                text += ", left out"
            part = self.part(section)
            if part is not None and part[1]:
                text += f", opens part {part[0]}"
            if self.edition_status(section) is not None:
                text += f", {self.edition_status(section)} since the previous edition"
            if problems:
                text += f", {len(problems)} problem{'s' if len(problems) != 1 else ''}"
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            if problems:
                return QBrush(QColor("#9a4a00"))
            if not section.include or excluded:
                return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.FontRole and excluded:
            font = QFont()
            font.setItalic(True)
            font.setStrikeOut(True)
            return font
        if role == EditionRole:
            return self.edition_status(section)
        if role == PartRole:
            return self.part(section)
        if role == SectionRole:
            return section
        if role == ProblemsRole:
            return problems
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        from .commands import SetSectionField

        section = self.section_at(index.row()) if index.isValid() else None
        if section is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        include = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
            else value
        if include == section.include:
            return False
        label = f"{'Include' if include else 'Leave out'} “{section.title}”"
        self.ctrl.push(SetSectionField(self.ctrl, section, "include", include, label))
        return True

    # -- moving rows (views and tests call this; it goes through undo) --------------------------
    def moveRows(self, sourceParent: Index, sourceRow: int, count: int,
                 destinationParent: Index, destinationChild: int) -> bool:
        """Qt's move: `destinationChild` is the row to insert before, counted before the move."""
        from .commands import MoveSection

        if sourceParent.isValid() or destinationParent.isValid() or count != 1:
            return False
        n = len(self.sections)
        if not (0 <= sourceRow < n and 0 <= destinationChild <= n):
            return False
        target = destinationChild if destinationChild < sourceRow else destinationChild - 1
        if target == sourceRow:
            return False
        self.ctrl.push(MoveSection(self.ctrl, sourceRow, target))
        return True

    def apply_move(self, source: int, target: int) -> None:
        dest = target + 1 if target > source else target  # Qt counts before the move
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), dest)
        edit.move_section(self.ctrl.doc, source, target)
        self.endMoveRows()
        self.ctrl.notify_structure()

    def apply_insert(self, index: int, section: m.Section) -> None:
        self.beginInsertRows(QModelIndex(), index, index)
        edit.insert_section(self.ctrl.doc, index, section)
        self.endInsertRows()
        self.ctrl.notify_structure()

    def apply_remove(self, index: int) -> m.Section:
        self.beginRemoveRows(QModelIndex(), index, index)
        section = edit.remove_section(self.ctrl.doc, index)
        self.endRemoveRows()
        self._problems.pop(id(section), None)
        self.ctrl.notify_structure()
        return section

    def section_changed(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)

    # -- audience -----------------------------------------------------------------------------------
    def _audience_stale(self) -> None:
        had = self._excluded
        self._excluded = None
        if (had or self.ctrl.audience) and self.sections:
            self.dataChanged.emit(self.index(0), self.index(len(self.sections) - 1))

    def excluded(self, section: m.Section) -> bool:
        """True when the chosen audience's export leaves `section` out (never without one)."""
        if self.ctrl.audience is None:
            return False
        if self._excluded is None:
            try:
                kept = {s.id for s in self.ctrl.audience_view().sections}
            except ValueError:  # the audience is no longer declared
                kept = {s.id for s in self.sections}
            self._excluded = {id(s) for s in self.sections if s.id not in kept}
        return id(section) in self._excluded

    # -- problems -------------------------------------------------------------------------------
    def set_problems(self, problems: dict[int, list[str]]) -> None:
        """`problems` maps section row -> messages (from ui.problems)."""
        new = {id(self.sections[r]): msgs for r, msgs in problems.items() if r < len(self.sections)}
        if new == self._problems:
            return
        self._problems = new
        if self.sections:
            self.dataChanged.emit(self.index(0), self.index(len(self.sections) - 1))

    def problems_of(self, section: m.Section) -> list[str]:
        return self._problems.get(id(section), [])

    # -- drag and drop ----------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME, QByteArray(str(rows[0]).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """Moves through `moveRows` (one undo command) and returns False on purpose: the view
        must not then remove the dragged row itself, as it would after a copy-and-remove move."""
        if not data.hasFormat(MIME):
            return False
        source = int(bytes(data.data(MIME).data()).decode() or -1)
        if parent.isValid():  # dropped onto a row: insert before it
            row = parent.row()
        if row < 0:
            row = len(self.sections)
        self.moveRows(QModelIndex(), source, 1, QModelIndex(), row)
        return False
