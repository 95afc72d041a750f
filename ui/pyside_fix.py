"""Work around a reference-count bug of PySide6 6.12 on Python 3.11 that kills the process.

PySide6 6.12.0 returns `None` from every void method (`painter.save()`, `setText()`,
`timer.start()`, ...) and `True` from `Signal.emit()` without taking a reference, as if they
were immortal -- which they are only from Python 3.12 (PEP 683). On 3.11 each call takes one
reference away, and after a few thousand calls (painting one slide makes hundreds) Python
aborts with "Fatal Python error: none_dealloc: deallocating None".

The fix here gives those singletons the immortality the binding assumes: a reference count so
large that no session can use it up. Nothing is ever freed by this (None, True and False are
static objects), and it is a no-op on Python 3.12+, on other interpreters and on PySide6 before
6.12. pyproject.toml pins PySide6 below 6.12, so this only guards a user who upgrades Qt by hand.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 48  # ~2.8e14 references: years of calls at a million per second
_done = [False]


AFFECTED = (6, 12)  # first PySide6 release seen with the bug; 6.11.3 counts correctly


def needed() -> bool:
    return (sys.implementation.name == "cpython" and sys.version_info < (3, 12)
            and not hasattr(sys, "gettotalrefcount")  # not on debug builds (other layout)
            and _pyside_version() >= AFFECTED)


def _pyside_version() -> tuple[int, ...]:
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return tuple(int(p) for p in version(dist).split(".")[:2])
        except (PackageNotFoundError, ValueError):
            continue
    return (0,)


def immortalize_singletons() -> bool:
    """Raise the reference counts of None, True and False once; True if it was applied."""
    if _done[0] or not needed():
        return False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is PyObject's first field
        if abs(refcnt.value - sys.getrefcount(obj)) > 64:  # not the layout we expect
            return False
        refcnt.value += HEADROOM
    _done[0] = True
    return True
