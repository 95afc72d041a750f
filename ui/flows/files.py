"""Files: start-up, open, new from a template, save, the unsaved-changes question, recent files.

A mixin of `MainWindow` (it uses the window's controller, autosaver and status bar): the window
composes one mixin per flow so each flow is one short module.
"""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefing.atomic import write_atomic
from briefing.errors import BriefingError
from briefing.format.reader import load_file, slugify
from briefing.format.writer import dumps
from briefing.resources import example_path, skeletons_dir

from .. import background, snapshot
from ..opening import load_responsive
from ..settings import BRIEFING_FILTER, MAX_RECENT, documents_folder, settings


class FilesFlow:
    """Open, save and recent files (mixed into `MainWindow`)."""

    def startup(self, path: Path | None) -> None:
        """What `briefing-desk [FILE]` does: recover, else open FILE, else the example."""
        if self.offer_recovery(path):
            return
        if path is None or not self.load_path(path):
            self.load_example()
        if path is not None:  # crashed work on other files, or never saved, is offered too
            self.offer_recovery(path, others=True)

    def load_example(self) -> None:
        doc = load_file(example_path())
        self.ctrl.set_document(doc, None, origin=example_path())
        self.statusBar().showMessage("Opened the built-in example. Save As to keep your own copy; "
                                     "File ▸ New from Template starts afresh.", 10000)

    def open_example(self) -> bool:
        """File ▸ Open Example: the built-in example as an untitled copy, whatever is open."""
        if not self.maybe_save():
            return False
        self.load_example()
        return True

    def load_path(self, path: Path) -> bool:
        """Open a file; on problems show them and keep the current document. True if opened."""
        try:
            doc = load_responsive(path)  # read in a worker: the window does not freeze
        except BriefingError as exc:
            self.show_problems(f"{Path(path).name} cannot be opened", exc.problems)
            return False
        self.ctrl.set_document(doc, Path(path))
        self._add_recent(Path(path))
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def show_problems(self, title: str, problems: list) -> None:
        shown = problems[:15]
        more = len(problems) - len(shown)
        text = "\n".join(str(p) for p in shown) + (f"\n… and {more} more" if more > 0 else "")
        count = len(problems)
        QMessageBox.warning(
            self, title,
            f"{count} problem{'s' if count != 1 else ''} found; the file was not opened"
            + (" and your current document is unchanged" if self.document_open else "")
            + f".\n\n{text}")

    def open_file(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            start = str(self.ctrl.base_dir if self.ctrl.path else documents_folder())
            name, _ = QFileDialog.getOpenFileName(self, "Open briefing", start, BRIEFING_FILTER)
            if not name:
                return False
            path = name
        if self.offer_recovery(Path(path)):  # a crashed instance's work on this file
            return True
        return self.load_path(Path(path))

    def new_from_template(self, name: str) -> bool:
        if not self.maybe_save():
            return False
        path = skeletons_dir() / f"{name}.yaml"
        try:
            doc = load_file(path)
        except BriefingError as exc:
            self.show_problems(f"Template {name} cannot be used", exc.problems)
            return False
        self.ctrl.set_document(doc, None, origin=path)
        self.statusBar().showMessage(f"New briefing from the {name} template", 5000)
        return True

    def save(self) -> bool:
        if self.ctrl.path is None:
            return self.save_as()
        return self.save_to(self.ctrl.path)

    def save_as(self) -> bool:
        suggestion = (self.ctrl.path or documents_folder() / f"{slugify(self.ctrl.doc.title)}.yaml")
        name, _ = QFileDialog.getSaveFileName(self, "Save briefing as", str(suggestion),
                                              BRIEFING_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in (".yaml", ".yml"):
            path = path.with_name(path.name + ".yaml")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        # the YAML is written out in the check worker (1.2-1.7 s for 1,000 sections, which held
        # the window); the window repaints meanwhile and what the user types waits in the queue
        try:
            text = background.wait_responsive(background.submit_to(
                background.CHECK, snapshot.text_of, self.ctrl.snapshot()))
        except BrokenProcessPool:  # the worker was killed: write it out here, slower but saved
            text = dumps(self.ctrl.doc)
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            QMessageBox.critical(self, "Not saved", f"{path} could not be written: "
                                 f"{exc.strerror or exc}\n\nYour changes are still here; try "
                                 "another folder with Save As.")
            return False
        if self.ctrl.path != path:
            self.autosaver.discard()
        self.ctrl.path = path
        self.ctrl.origin = None
        self.ctrl.undo.setClean()
        self._add_recent(path)
        self._update_title()
        problems = self.checker.wait()  # the same count whatever file lends line numbers
        if problems.count:
            self.statusBar().showMessage(
                f"Saved {path.name}, with {problems.count} problem(s) to fix before it can be "
                "opened again: see the ⚠ marks in the outline", 10000)
        else:
            self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.ctrl.dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes",
            f"Save the changes to {self.document_label()} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard()
            return True
        return False


    def _add_recent(self, path: Path) -> None:
        s = settings()
        recent = [p for p in (s.value("recent", []) or []) if p != str(path.resolve())]
        recent.insert(0, str(path.resolve()))
        s.setValue("recent", recent[:MAX_RECENT])

    def recent_files(self) -> list[str]:
        value = settings().value("recent", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.recent_files() if Path(p).is_file()]
        if not files:
            action = self.recent_menu.addAction("(no recent files)")
            action.setEnabled(False)
            return
        for i, (p, label) in enumerate(zip(files, recent_labels(files), strict=True)):
            self.recent_menu.addAction(f"&{i + 1} {label}",
                                       lambda path=p: self.open_file(path)).setToolTip(p)


def recent_labels(paths: list[str]) -> list[str]:
    """Menu labels for recent files: the name, with as many parent folders as it takes to
    tell files of the same name apart ("crisis-a/brief.yaml", "crisis-b/brief.yaml")."""
    parts = [Path(p).parts for p in paths]
    depth = [1] * len(paths)
    while True:
        labels = ["/".join(pp[-d:]) for pp, d in zip(parts, depth, strict=True)]
        clashes = {label for label in labels if labels.count(label) > 1}
        grown = False
        for i, label in enumerate(labels):
            if label in clashes and depth[i] < len(parts[i]):
                depth[i] += 1
                grown = True
        if not grown:
            return [label if d == 1 else "…/" + label if d < len(pp) else str(Path(*pp))
                    for label, d, pp in zip(labels, depth, parts, strict=True)]
