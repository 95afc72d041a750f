"""What changed, as typed values, and the face of the controller that undo commands see.

Commands tell the controller what they changed and views refresh from it. A chart change is
one of four small dataclasses (a view matches on the type, not on a "cell:r:c" string), and the
commands depend on the `EditHost` protocol rather than on `ui.controller`, so the controller
may build the outline model, which pushes commands, without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from briefing.model import document as m


@dataclass(frozen=True)
class CellEdited:
    """One grid cell: a value, a series name (row 0) or a category name (column 0)."""

    row: int
    column: int


@dataclass(frozen=True)
class ChartFieldEdited:
    """The chart's type, unit or note."""

    name: str


@dataclass(frozen=True)
class SeriesMarked:
    """A series' marking: the grid's headers change, the drawing does not."""


@dataclass(frozen=True)
class ChartReshaped:
    """Rows or columns added, removed or replaced (paste, clear): the whole grid changes."""


ChartChange = CellEdited | ChartFieldEdited | SeriesMarked | ChartReshaped


class OutlineEdits(Protocol):
    """The outline model's structural edits (they wrap the model's row notifications)."""

    def apply_move(self, source: int, target: int) -> None: ...
    def apply_insert(self, index: int, section: m.Section) -> None: ...
    def apply_remove(self, index: int) -> m.Section: ...


class EditHost(Protocol):
    """What an undo command needs from the controller: the document and whom to tell."""

    doc: m.Document
    outline: OutlineEdits
    revealSection: Any  # a Qt signal carrying the section an undo or redo touched

    def notify_section(self, section: m.Section, what: str) -> None: ...
    def notify_chart(self, section: m.Section, change: ChartChange) -> None: ...
    def notify_list(self, section: m.Section, name: str) -> None: ...
    def notify_properties(self) -> None: ...


class OutlineHost(EditHost, Protocol):
    """What the outline model needs from the controller: the audience it strikes sections
    through for, and a place to push the commands a drag or a check box makes."""

    audience: str | None
    audienceChanged: Any  # Qt signals
    documentEdited: Any

    def audience_view(self, doc: m.Document | None = None) -> m.Document: ...
    def push(self, command: Any) -> None: ...
    def notify_structure(self) -> None: ...
