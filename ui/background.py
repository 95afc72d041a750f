"""One background worker for the previews' matplotlib drawing.

A single thread: charts are drawn one at a time (matplotlib state is process-wide), the GUI
thread never waits for them, and Python joins the thread at exit, before the interpreter is torn
down (a Qt thread pool running Python code at that point can crash the process).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

_executor: ThreadPoolExecutor | None = None


def submit(fn: Callable[..., Any], *args: Any) -> Future:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefing-preview")
    return _executor.submit(fn, *args)


def run(fn: Callable[..., Any], *args: Any) -> Any:
    """Run on the worker and wait: keeps synchronous callers in the same single line."""
    return submit(fn, *args).result()


def emit_safely(signal_owner_getter: Callable[[], Any], *args: Any) -> None:
    """Emit a Qt signal from the worker; the receiver may have been deleted meanwhile."""
    try:
        signal_owner_getter().emit(*args)
    except RuntimeError:  # "Internal C++ object already deleted": the editor was closed
        pass


def warm_up() -> Future:
    """Import matplotlib and register the fonts on the worker while the user reads the window,
    so the first chart appears quickly."""
    def load() -> None:
        from matplotlib.backends import backend_agg  # noqa: F401

        from briefing.chartfig import register_mpl_fonts

        register_mpl_fonts()
    return submit(load)
