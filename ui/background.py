"""Background workers: a thread for the previews' chart drawing, and a process per lane of
whole-document work (the slide preview's layout; the problem check and the autosave's text).

The chart thread runs its jobs one at a time, the GUI thread never waits for them, and Python
joins it at exit, before the interpreter is torn down (a Qt thread pool running Python code at
that point can crash the process).

Whole-document work runs in worker processes, not threads: with 1,000 sections, a layout or a
check allocates millions of objects, and Python's full garbage collections over them (1-2.6 s
each, measured) hold the interpreter lock, which froze the window however the threads took
turns. Each lane is one process started on first use (spawned: a fresh interpreter, never a
fork of the GUI); jobs are module-level functions of picklable arguments (a document goes as a
`ui.snapshot`), run one at a time and in order, so a lane keeps state (the layout cache)
between jobs.
"""

from __future__ import annotations

import contextvars
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

_executor: ThreadPoolExecutor | None = None
_lanes: dict[str, ProcessPoolExecutor] = {}

#: the lanes of whole-document work
LAYOUT, CHECK = "layout", "check"


def submit(fn: Callable[..., Any], *args: Any) -> Future:
    """Run `fn(*args)` on the chart thread, in a copy of the caller's context variables: a job
    measures and draws in the main font in force where it was submitted
    (`briefing.text.faces.using_main`), as the caller would."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-preview")
    return _executor.submit(contextvars.copy_context().run, fn, *args)


def submit_to(lane: str, fn: Callable[..., Any], *args: Any) -> Future:
    """Run `fn(*args)` in `lane`'s process (LAYOUT or CHECK), after the jobs already there.
    A lane whose process died (killed, out of memory) is started again for the next job."""
    executor = _lanes.get(lane)
    if executor is None or getattr(executor, "_broken", False):
        executor = _lanes[lane] = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return executor.submit(fn, *args)


def stop_lanes() -> None:
    """End the worker processes without waiting for the jobs queued (at application exit)."""
    for executor in _lanes.values():
        executor.shutdown(wait=False, cancel_futures=True)
    _lanes.clear()


def wait_responsive(future: Future) -> Any:
    """The result of `future`, the window repainting meanwhile: user input waits in Qt's queue
    (nothing typed is lost) and is handled once this returns. For the few places that need a
    background result before they can go on (opening a file, checking before an export)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not future.done():
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: loop.quit() if future.done() else None)
        poll.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        poll.stop()
    return future.result()


def run(fn: Callable[..., Any], *args: Any) -> Any:
    """Run on the worker and wait: keeps synchronous callers in the same single line."""
    return submit(fn, *args).result()


def emit_safely(signal_owner_getter: Callable[[], Any], *args: Any) -> None:
    """Emit a Qt signal from the worker; the receiver may have been deleted meanwhile."""
    try:
        signal_owner_getter().emit(*args)
    except RuntimeError:  # "Internal C++ object already deleted": the editor was closed
        pass


def _load_preview() -> None:
    """What the first chart preview needs: ReportLab's graphics, the chart renderer, the fonts."""
    import briefing.render.pdf.slide  # noqa: F401  (ReportLab graphics and the chart renderer)
    from briefing.charts.fonts import register_fonts

    register_fonts()


def _load_exporters() -> None:
    """What the first export needs beyond that: the deck and PDF writers."""
    import reportlab.graphics.renderPDF  # noqa: F401

    import briefing.export.job  # noqa: F401
    import briefing.render.pdf.slides  # noqa: F401
    import briefing.render.pptx.deck  # noqa: F401


def load_worker() -> None:
    """What a worker process needs for its jobs: the reader, the writer and the layout."""
    import briefing.format.reader  # noqa: F401
    import briefing.format.writer  # noqa: F401
    import briefing.layout.incremental  # noqa: F401


_exporters_loading: threading.Thread | None = None


def warm_up() -> Future:
    """Load, while the user reads the window, what the first chart preview and the first export
    need, so neither pays for it later: an export runs in a thread, and a cold one would import
    ~0.25 s of modules while holding the window now and then.

    The preview's part runs on the preview worker (its first chart waits for it anyway); the
    exporters load at the same time on a thread of their own, so the first chart does not wait
    for them. Returns the preview part's future."""
    global _exporters_loading
    for lane in (LAYOUT, CHECK):  # start the worker processes while the user reads the window
        submit_to(lane, load_worker)
    if _exporters_loading is None:
        _exporters_loading = threading.Thread(target=_load_exporters,
                                              name="briefing-warm-up")
        _exporters_loading.start()  # not a daemon: Python joins it at exit, after the imports
    return submit(_load_preview)
