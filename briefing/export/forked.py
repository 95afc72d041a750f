"""One part of an export written by a forked child process while this process writes the rest.

A cold export of the example spends a third of its time importing and running python-pptx; on
a machine with a second processor the deck can be written beside the PDFs. Best effort only:
the caller writes the part itself when no child could be started or the child did not finish
(which also gives the user the real error message, raised in this process).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable

from briefing.interrupts import STOPS, interrupts_held

#: "0" turns forking off (the same files are written either way)
ENV = "BRIEFING_PARALLEL"


def fork_safe() -> bool:
    """Forking a process with other threads can deadlock the child (a lock held by a thread
    that does not exist there): only from the main thread of a single-threaded process, never
    in the desktop app (Qt runs threads Python does not see), and only with a second processor.
    """
    if os.environ.get(ENV, "").strip() == "0" or not hasattr(os, "fork"):
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return ((cpus or 1) > 1
            and threading.active_count() == 1
            and threading.current_thread() is threading.main_thread()
            and not any(name == "PySide6" or name.startswith("PySide6.") for name in sys.modules))


class Child:
    """A forked child running one function; `wait` says whether it completed."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._status: int | None = None

    def wait(self) -> bool:
        if self._status is None:
            _pid, status = os.waitpid(self.pid, 0)
            self._status = status
        return os.WIFEXITED(self._status) and os.WEXITSTATUS(self._status) == 0

    def stop(self) -> None:
        """End the child if it still runs (the export failed or was interrupted)."""
        if self._status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait()


def start(work: Callable[[], None], keep: Callable[[Child], None]) -> None:
    """`work()` in a forked child, handed to `keep` as soon as it exists; `keep` is not called
    when no child could be started.

    Ctrl-C is held back from the fork until `keep` has the child, so an interrupted caller
    always knows its child to stop it (and never leaves one writing on its own)."""
    parent = os.getpid()
    with interrupts_held() as before:
        try:
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the child: never return into the caller's code (its `finally` blocks)
            status = 1
            try:
                _die_with(parent)
                for stop in STOPS:  # die quietly: the parent cleans up and reports
                    signal.signal(stop, signal.SIG_DFL)
                if before is not None:
                    signal.pthread_sigmask(signal.SIG_SETMASK, before)
                work()
                status = 0
            except BaseException:  # the parent writes this part again and reports the error
                pass
            finally:
                os._exit(status)
        keep(Child(pid))


#: the signals that ask a process to stop: Ctrl-C and `kill PID`


def _die_with(parent: int) -> None:
    """End this child when the parent dies (killed, not interrupted): nobody would publish or
    remove what it writes. Linux only; elsewhere the child finishes and exits."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
