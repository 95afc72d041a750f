"""Exports in a worker thread: the window stays responsive, Cancel stops between outputs.

The worker exports a copy of the document taken when the export starts (`ui.snapshot`), so
edits made while it runs neither race with the exporter nor end up half in the files. The
core reports progress by sections laid out and pages written; the worker passes it on when the
whole percent changes, not for each of a long deck's thousands of pages.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from briefing.errors import ExportError
from briefing.export.job import DONE, Cancelled, ExportJob, run_export
from briefing.model import document as m

from . import snapshot


class ExportWorker(QObject):
    progress = Signal(str, float)
    warned = Signal(str)  # what an export that goes ahead has to say (a template cleaned)
    finished = Signal(list)  # paths written
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, doc: m.Document, job: ExportJob):
        super().__init__()
        self.document = snapshot.take(doc)
        self.job = job
        self._cancel = threading.Event()
        self._shown = (-1, "")  # the percent and step last passed on

    def _progress(self, text: str, fraction: float) -> None:
        """Pass progress on when the percent or the step changes (or at the end)."""
        shown = (int(fraction * 100), text.split(":", 1)[0])
        if shown != self._shown or text == DONE:
            self._shown = shown
            self.progress.emit(text, fraction)

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            written = run_export(snapshot.restore(self.document), self.job, self._progress,
                                 self._cancel.is_set, warn=self.warned.emit)
        except Cancelled:
            self.cancelled.emit()
        except ExportError as exc:
            self.failed.emit(str(exc))
        except ImportError as exc:
            self.failed.emit(f"this export is not available in this installation ({exc.name})")
        except Exception as exc:  # the user needs a message, not a dead thread
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit([Path(p) for p in written])


class ExportRunner(QObject):
    """Owns one worker and its thread; emits `done(ok, message, paths)` in the GUI thread,
    after which `warnings` holds what the export warned of (in the order said)."""

    done = Signal(bool, str, list)
    progress = Signal(str, float)

    def __init__(self, doc: m.Document, job: ExportJob, parent: QObject | None = None):
        super().__init__(parent)
        self.thread = QThread()
        self.worker = ExportWorker(doc, job)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress)
        self.warnings: list[str] = []
        self.worker.warned.connect(self._warned)  # queued: before `finished`, in order
        # methods of this GUI-thread object: queued, so they run in the GUI thread
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.running = False

    def start(self) -> None:
        self.running = True
        _full_collections_held(True)
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    @Slot(str)
    def _warned(self, text: str) -> None:
        self.warnings.append(text)

    @Slot(list)
    def _finished(self, paths: list) -> None:
        self._end(True, "", paths)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end(False, message, [])

    @Slot()
    def _cancelled(self) -> None:
        self._end(False, "cancelled", [])

    def _end(self, ok: bool, message: str, paths: list) -> None:
        self.thread.quit()
        self.thread.wait()
        self.running = False
        _full_collections_held(False)
        self.done.emit(ok, message, paths)


_held: list[tuple[int, int, int]] = []  # the collector's thresholds before the first hold


def _full_collections_held(hold: bool) -> None:
    """No full garbage collection while an export runs in this process.

    A long export allocates millions of objects in its thread; each full collection over them
    held the interpreter lock, and so the window, for up to 0.8 s (1,000 sections). Young
    generations are still collected, and what the export leaves is freed by reference counting
    as it ends; the thresholds come back when the last export ends."""
    if hold:
        if not _held:
            _held.append(gc.get_threshold())
            young, middle, _full = _held[0]
            gc.set_threshold(young, middle, 1_000_000)
        else:
            _held.append(_held[0])
    elif _held:
        thresholds = _held.pop()
        if not _held:
            gc.set_threshold(*thresholds)
