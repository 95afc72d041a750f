"""The problem check (`ui.problems.find_problems`) in the background.

The check writes the document out and reads it back with the file reader: 1.6 s for 1,000
sections, which held the window after every pause in typing. It runs in the check worker
process (`ui.background.CHECK`) on a snapshot; `checked` brings the result to the GUI thread.
Every edit counts as a new revision of the document, so a result is known to be current or not.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from . import background
from .controller import DocumentController
from .problems import Problems, check_snapshot


class Checker(QObject):
    """Checks the controller's document in the background, one check at a time."""

    checked = Signal(object)  # Problems of the document as it is now
    _finished = Signal(object)  # a check's future, from the worker

    def __init__(self, ctrl: DocumentController) -> None:
        super().__init__(ctrl)
        self.ctrl = ctrl
        self.revision = 0  # edits so far
        self.latest: Problems | None = None
        self._latest_of: tuple[int, Path | None] | None = None  # (revision, folder) checked
        self._job: Future | None = None
        self._job_of: tuple[int, Path | None] | None = None
        ctrl.documentEdited.connect(self._edited)
        ctrl.documentReplaced.connect(self._edited)
        self._finished.connect(self._done)

    def _edited(self) -> None:
        self.revision += 1

    def _now(self) -> tuple[int, Path | None]:
        return self.revision, self.ctrl.base_dir  # image paths are checked in that folder

    def current(self) -> Problems | None:
        """The problems of the document as it is now, if checked since the last edit."""
        return self.latest if self._latest_of == self._now() else None

    def busy(self) -> bool:
        return self._job is not None

    def start(self) -> None:
        """Check the document as it is now; `checked` follows. While a check runs, the next
        waits for it and then checks the document as it is then."""
        if self._job is not None:
            return  # `_done` starts another if the document changed meanwhile
        finished = self._finished
        self._job_of = self._now()
        self._job = background.submit_to(background.CHECK, check_snapshot,
                                         self.ctrl.snapshot(), self.ctrl.base_dir,
                                         self.ctrl.path)
        self._job.add_done_callback(lambda f: background.emit_safely(lambda: finished, f))

    def _take(self, job: Future) -> bool:
        """Record a finished check (once: False if it was taken already)."""
        if job is not self._job:
            return False
        self._job = None
        self.latest, self._latest_of = _problems(job), self._job_of
        return True

    def _done(self, job: Future) -> None:
        if not self._take(job):
            return
        if self.current() is None:
            self.start()  # edited while it ran: that result is already out of date
        else:
            self.checked.emit(self.latest)

    def wait(self) -> Problems:
        """The problems of the document as it is now: at once if known, else after a check
        (the window repaints meanwhile; what the user types waits, see `wait_responsive`)."""
        while self.current() is None:
            if self._job is None:
                self.start()
                continue  # a check that finished at once was taken by `_done` already
            job = self._job
            background.wait_responsive(job)
            self._take(job)
        return self.latest


def _problems(job: Future) -> Problems:
    """A check's result; a failure of the check itself is one document problem."""
    try:
        return job.result()
    except Exception as exc:
        return Problems(document=[f"the briefing could not be checked: "
                                  f"{type(exc).__name__}: {exc}"])
