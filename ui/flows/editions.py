"""File ▸ Compare with Previous Edition…: the change list in a dock, changed sections marked.

The previous edition is read like any briefing (`briefing.format.previous`): one that does not
load is told with its own located errors, in a dialog. Both editions are compared for the
audience the window previews for (`briefing.diff.editions`), so the dock, the outline's marks
and an export's change slide say the same. The last edition used is remembered per file and
offered by the export options ("Include changes since …").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QListWidget, QListWidgetItem, QMessageBox

from briefing.diff.editions import AudienceError, compare_editions
from briefing.diff.present import NOTHING_MATCHED
from briefing.diff.slide import SECTION_WORDS, group_title, said
from briefing.errors import BriefingError
from briefing.format.previous import load_previous, previous_path
from briefing.model import compare as c
from briefing.model import document as m

from ..settings import BRIEFING_FILTER, settings

SectionIdRole = Qt.ItemDataRole.UserRole + 1


def remembered_key(path: Path | None) -> str:
    """The settings key of the last previous edition used for the briefing at `path`."""
    return "editions/last/" + (str(path.resolve()).replace("/", "|") if path else "untitled")


def change_text(change: c.Change) -> str:
    """One row of the dock: what the change slide says, its heading before its line
    ("Key figures: killed in Iran (18 Jan): 7 → at least 9", "New: Border closures")."""
    if change.kind in SECTION_WORDS:
        return said(change)
    return f"{group_title(change)}: {said(change)}"


class EditionsFlow:
    """The previous edition, its change list and its marks (mixed into `MainWindow`)."""

    previous_edition: tuple[Path, m.Document] | None = None
    changes_dock: QDockWidget | None = None

    # -- which file -----------------------------------------------------------------------------
    def remembered_edition(self) -> Path | None:
        """The previous edition for this file: its `since:` key, else the last one compared
        or exported with (if it still exists)."""
        try:
            named = previous_path(self.ctrl.doc, self.ctrl.base_dir)
        except BriefingError:
            named = None
        if named is not None:
            return named
        value = settings().value(remembered_key(self.ctrl.path), "")
        return Path(str(value)) if value and Path(str(value)).is_file() else None

    def remember_edition(self, path: Path) -> None:
        settings().setValue(remembered_key(self.ctrl.path), str(path))

    def load_edition(self, path: Path) -> m.Document | None:
        """The edition at `path`, or None after a dialog with its located errors."""
        try:
            found = load_previous(self.ctrl.doc, self.ctrl.base_dir, path)
        except BriefingError as exc:
            lines = [str(p) for p in exc.problems]
            more = f"\n… and {len(lines) - 10} more" if len(lines) > 10 else ""
            QMessageBox.warning(self, "Previous edition not loaded",
                                f"{path.name} could not be read as a briefing:\n\n"
                                + "\n".join(lines[:10]) + more)
            return None
        assert found is not None
        return found[1]

    # -- File ▸ Compare with Previous Edition… ---------------------------------------------------
    def compare_with_previous(self) -> None:
        start = self.remembered_edition() or self.ctrl.base_dir
        name, _ = QFileDialog.getOpenFileName(self, "Compare with Previous Edition",
                                              str(start), BRIEFING_FILTER)
        if name:
            self.compare_with(Path(name))

    def compare_with(self, path: Path) -> bool:
        """Load the edition at `path`, show what changed since it; False when it did not load."""
        old = self.load_edition(path)
        if old is None:
            return False
        self.previous_edition = (path, old)
        self.remember_edition(path)
        self.refresh_comparison()
        self._changes_dock().show()
        self._changes_dock().raise_()
        return True

    def refresh_comparison(self, *_: object) -> None:
        """Compare again (after an edit or a change of audience): the dock and the outline."""
        if self.previous_edition is None:
            return
        path, old = self.previous_edition
        try:
            result = compare_editions(old, self.ctrl.doc, self.ctrl.audience)
        except AudienceError as exc:
            result = None
            message = str(exc)
        view = self._changes_dock().widget()
        view.clear()
        if result is None:
            view.addItem(message)
            self.ctrl.outline.set_edition_marks(None)
            return
        self._changes_dock().setWindowTitle(
            f"Changes since {m.format_date(result.old_as_of)} ({path.name})")
        if result.nothing_matched:
            view.addItem(NOTHING_MATCHED)
        for change in result.changes:
            item = QListWidgetItem(change_text(change))
            item.setData(SectionIdRole, change.section)
            item.setToolTip(item.text())
            view.addItem(item)
        if not result.changes:
            view.addItem("No changes.")
        self.ctrl.outline.set_edition_marks(c.edition_marks(result))

    def _changes_dock(self) -> QDockWidget:
        if self.changes_dock is None:
            view = QListWidget()
            view.setAccessibleName("Changes since the previous edition")
            view.setWordWrap(True)
            view.itemActivated.connect(self._change_chosen)
            view.itemClicked.connect(self._change_chosen)
            self.changes_dock = self._dock("Changes", view, Qt.DockWidgetArea.RightDockWidgetArea)
            self.changes_dock.setObjectName("changes-dock")
            self.ctrl.documentEdited.connect(self.refresh_comparison)
            self.ctrl.audienceChanged.connect(self.refresh_comparison)
            self.ctrl.documentReplaced.connect(self.forget_comparison)
        return self.changes_dock

    def forget_comparison(self) -> None:
        """Another document was opened: its editions are not this one's."""
        self.previous_edition = None
        self.ctrl.outline.set_edition_marks(None)
        if self.changes_dock is not None:
            self.changes_dock.widget().clear()
            self.changes_dock.setWindowTitle("Changes")
            self.changes_dock.hide()

    def _change_chosen(self, item: QListWidgetItem) -> None:
        """Clicking a change selects its section (a removed one is no longer there)."""
        section_id = item.data(SectionIdRole)
        section = self.ctrl.doc.section_by_id(section_id) if section_id else None
        if section is not None:
            self.select_section(section)
