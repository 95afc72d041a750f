"""Sections: which one is selected, and adding, duplicating, deleting and moving them."""

from __future__ import annotations

from briefing.model import document as m
from briefing.model import edit

from ..commands import InsertSection, MoveSection, RemoveSection


class SectionsFlow:
    """Section selection and structure edits (mixed into `MainWindow`)."""

    def current_row(self) -> int:
        index = self.outline_view.currentIndex()
        return index.row() if index.isValid() else -1

    def current_section(self) -> m.Section | None:
        return self.ctrl.outline.section_at(self.current_row())

    def select_row(self, row: int) -> None:
        index = self.ctrl.outline.index(row)
        if index.isValid():
            self.outline_view.setCurrentIndex(index)

    def select_section(self, section: m.Section) -> None:
        row = self.ctrl.index_of(section)
        if row >= 0 and row != self.current_row():
            self.select_row(row)

    def add_section(self, kind: str) -> None:
        row = self.current_row()
        at = row + 1 if row >= 0 else len(self.ctrl.doc.sections)
        section = edit.new_section(self.ctrl.doc, kind)
        self.ctrl.push(InsertSection(self.ctrl, at, section, f"Add {kind} section"))
        self.select_row(at)
        if self.editor is not None:
            self.editor.title_edit.setFocus()
            self.editor.title_edit.selectAll()

    def duplicate_section(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        copy_ = edit.duplicate_section(self.ctrl.doc, row)
        self.ctrl.push(InsertSection(self.ctrl, row + 1, copy_,
                                     f"Duplicate “{self.ctrl.doc.sections[row].title[:32]}”"))
        self.select_row(row + 1)

    def delete_section(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        if len(self.ctrl.doc.sections) == 1:
            self.statusBar().showMessage("A briefing needs at least one section", 5000)
            return
        self.ctrl.push(RemoveSection(self.ctrl, row))
        self.select_row(min(row, len(self.ctrl.doc.sections) - 1))
        self.statusBar().showMessage("Section deleted: Edit ▸ Undo brings it back", 5000)

    def move_section(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self.ctrl.doc.sections):
            return
        self.ctrl.push(MoveSection(self.ctrl, row, target))
        self.select_row(target)

    def step_section(self, step: int) -> None:
        n = len(self.ctrl.doc.sections)
        if n:
            self.select_row(min(max(self.current_row() + step, 0), n - 1))
