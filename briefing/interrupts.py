"""Ctrl-C and `kill PID` for the command line: the first stops the command, later ones are ignored.

Python raises KeyboardInterrupt wherever the main thread happens to be. A second Ctrl-C a few
milliseconds after the first would land in the clean-up of the first (leaving temporaries
behind), in the message printed about it, or in the interpreter's shutdown ("Exception ignored
in: <module 'threading'>"). So the first SIGINT or SIGTERM raises, and from then on both are
ignored: the process is ending anyway, and its clean-up takes milliseconds (SIGKILL still ends
it). The message then says what the export had done: nothing, or which files it wrote.

Ignored by the handler itself, not by switching to SIG_IGN: a signal that arrived before the
switch would still be dispatched after it, and CPython reports that one as an "ignored due to
race condition" traceback.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

#: the signals that stop a command: Ctrl-C and a polite kill
STOPS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def interrupts_held() -> Iterator[set | None]:
    """Ctrl-C and SIGTERM wait until the body is done; yields the signal mask from before (None
    where nothing is held: a thread other than the main one, which never receives signals, or a
    platform without signal masks such as Windows)."""
    if (threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "pthread_sigmask")):
        yield None
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # nothing changed if interrupted here
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPS))
    except BaseException:  # a Ctrl-C raised in the wrapper, after the block: undo it
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    try:
        yield before
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)




class StopOnce:
    """The signal handler of one command, and what it has to report when stopped."""

    def __init__(self) -> None:
        self.signum: int | None = None
        #: the files in place when the export finished publishing (see `briefing.export.job.DONE`)
        self.written: list[Path] = []

    def requested(self) -> bool:
        """Whether a stop came; an export polls it to catch one that could not be raised."""
        return self.signum is not None

    def exit_code(self) -> int:
        return 128 + (self.signum or signal.SIGINT)

    def message(self) -> str:
        if self.written:
            return ("briefing: interrupted after the export was written: "
                    + ", ".join(str(p) for p in self.written))
        return "briefing: interrupted; no file was changed"

    @contextmanager
    def installed(self) -> Iterator[StopOnce]:
        """Handle SIGINT and SIGTERM in the body. Once a stop came, they stay held back after
        the body (blocked: the interpreter's shutdown puts back the default actions, which would
        kill the process and lose its exit code); restored when no stop came; untouched when
        not on the main thread (which alone receives signals)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        before = {stop: signal.signal(stop, self._stop) for stop in STOPS}
        try:
            yield self
        finally:
            if self.signum is None:
                for stop, handler in before.items():
                    signal.signal(stop, handler)
            elif hasattr(signal, "pthread_sigmask"):
                signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPS))

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            return  # stopping already
        self.signum = signum
        if not _in_finalizer(frame):
            raise KeyboardInterrupt
        # raised in a __del__ or in the import machinery's own callbacks (a module lock's
        # weakref callback, while a renderer imports its libraries), it would be printed as
        # "Exception ignored" and lost: the export sees `requested()` at its next step instead


def _in_finalizer(frame: FrameType | None) -> bool:
    while frame is not None:
        code = frame.f_code
        if code.co_name == "__del__" or code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
