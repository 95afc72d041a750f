"""Recovery: offer the autosave of a crashed instance, and load it if the user agrees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from briefing.errors import BriefingError
from briefing.format.reader import load_text
from briefing.resources import example_path

from .. import autosave
from ..settings import APP_NAME


class RecoveryFlow:
    """Crash recovery (mixed into `MainWindow`)."""

    def offer_recovery(self, path: Path | None, others: bool = False) -> bool:
        """Offer the autosave of a crashed instance for `path` (or the newest, with no path;
        with `others`, the newest of any other file or of an unsaved briefing); True if
        recovered. A set whose instance still runs is never offered."""
        candidates = autosave.crashed()
        if path is not None:
            wanted = Path(path).resolve()
            candidates = [r for r in candidates if r.belongs_to(wanted) != others]
            for rec in candidates:
                if not others and rec.original is None:
                    rec.original = wanted  # an orphan of this file (its note was lost)
        for rec in candidates:
            # taken while asking, so another instance starting now does not offer it as well;
            # None also when it was recovered and removed by another instance since listed
            claim = rec.claim()
            if claim is not None:
                break
        else:
            return False
        answer = self.ask_recover(rec)
        if answer == "discard":
            rec.discard()
            claim.release(remove=True)
            return False
        if answer != "recover":
            claim.release()
            return False
        try:
            base = rec.original.parent if rec.original else example_path().parent
            doc = load_text(rec.data.read_text(encoding="utf-8"), str(rec.original or rec.data),
                            base_dir=base)
        except (BriefingError, OSError) as exc:
            claim.release()
            problems = exc.problems if isinstance(exc, BriefingError) else [str(exc)]
            self.show_problems("The autosave cannot be recovered", problems)
            if rec.data.is_file():
                QMessageBox.information(self, "Autosave kept",
                                        f"The autosaved copy is kept at {rec.data}; you can "
                                        "open it in a text editor.")
            return False
        origin = None if rec.original else (rec.origin or example_path())
        self.ctrl.set_document(doc, rec.original, origin=origin)
        self.ctrl.undo.resetClean()  # recovered work is unsaved work
        self.autosaver.adopt(rec, claim)  # kept until the next autosave replaces it, or a save
        self._update_title()
        self.statusBar().showMessage(f"Recovered {rec.describe()}. Save to keep it.", 10000)
        return True

    def ask_recover(self, rec: autosave.Recoverable) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work?",
                          f"{APP_NAME} closed without saving {rec.describe()}.\n\n"
                          "Recover those changes?", parent=self)
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        return "recover" if clicked is recover else "discard" if clicked is discard else "later"
