"""The outline: a Qt item model over `doc.sections` itself (an adapter, never a copy).

Rows are sections in document order. Column 0 shows the title, the kind's icon (with a warning
badge when the section has problems) and a check box for `include`. Every change a view asks for
(check, drag and drop, moveRows) becomes an undo command; the commands call back `apply_*`,
which wrap one `briefing.edit` call in the begin/end notifications views need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from briefing import edit
from briefing import model as m

from .icons import kind_icon

if TYPE_CHECKING:
    from .controller import DocumentController

MIME = "application/x-briefing-section-row"
SectionRole = Qt.ItemDataRole.UserRole + 1
ProblemsRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root


class OutlineModel(QAbstractItemModel):
    def __init__(self, ctrl: DocumentController):
        super().__init__(ctrl)
        self.ctrl = ctrl
        self._problems: dict[int, list[str]] = {}  # id(section) -> messages

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

    def section_at(self, row: int) -> m.Section | None:
        return self.sections[row] if 0 <= row < len(self.sections) else None

    # -- content --------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section = self.section_at(index.row()) if index.isValid() else None
        if section is None:
            return None
        problems = self._problems.get(id(section), [])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return section.title or "(untitled)"
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(section.kind, bool(problems))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if section.include else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{section.kind} section “{section.title}” (id {section.id})"
            if not section.include:
                tip += "\nLeft out of the export (check the box to include it)"
            if problems:
                tip += "\n\nProblems:\n" + "\n".join(f"• {p}" for p in problems)
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{section.title}, {section.kind}"
            if not section.include:
                text += ", left out"
            if problems:
                text += f", {len(problems)} problem{'s' if len(problems) != 1 else ''}"
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            if problems:
                return QBrush(QColor("#9a4a00"))
            if not section.include:
                return QBrush(QColor("#888888"))
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
