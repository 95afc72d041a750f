"""Exports in a worker thread: the window stays responsive, Cancel stops between outputs.

The worker exports a deep copy of the document taken when the export starts, so edits made
while it runs neither race with the exporter nor end up half in the files.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from briefing.errors import ExportError
from briefing.export.job import Cancelled, ExportJob, run_export
from briefing.model import document as m


class ExportWorker(QObject):
    progress = Signal(str, float)
    warned = Signal(str)  # what an export that goes ahead has to say (a template cleaned)
    finished = Signal(list)  # paths written
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, doc: m.Document, job: ExportJob):
        super().__init__()
        self.doc = copy.deepcopy(doc)
        self.job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            written = run_export(self.doc, self.job, self.progress.emit, self._cancel.is_set,
                                 warn=self.warned.emit)
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
        self.done.emit(ok, message, paths)
