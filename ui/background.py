"""One background worker for the previews' chart drawing.

A single thread: charts are built (`briefing.pdf_draw.chart_drawing`) and painted one at a time,
the GUI thread never waits for them, and Python joins the thread at exit, before the interpreter
is torn down (a Qt thread pool running Python code at that point can crash the process).
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
    """Import and load on the worker, while the user reads the window, what the first chart
    preview and the first export need (ReportLab's graphics and PDF modules, the shipped fonts,
    the exporters), so neither pays for it later: an export runs in a thread, and Python imports
    hold the interpreter lock, so a cold first export would freeze the window meanwhile."""
    def load() -> None:
        import reportlab.graphics.renderPDF  # noqa: F401
        import reportlab.graphics.shapes  # noqa: F401

        import briefing.pdf_draw  # noqa: F401
        import briefing.pdf_slides  # noqa: F401
        import briefing.pptx_export  # noqa: F401
        from briefing.pdf_fonts import register_fonts

        register_fonts()
    return submit(load)
