"""Autosave: the working copy goes to the app-data folder every 30 s while there are changes.

Each running instance writes its own recovery set, named from the document's path (or
"untitled"), the process id and an instance number, so two windows on one file never overwrite
each other's work:

    <key>-<pid>-<n>.yaml   the working copy (written atomically)
    <key>-<pid>-<n>.json   a note: which file it belongs to, when it was written, by which pid
    <key>-<pid>-<n>.lock   held (an OS file lock) while the instance that wrote the set runs

The OS drops the lock when a process dies, however it dies, so the next start can tell a
crashed instance's set (offered for recovery) from a live one's (left alone), without trusting
process ids that may have been reused. A clean save or close removes the set; so does
recovering it (it becomes the new instance's until the next autosave or save) or declining it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from briefing.atomic import write_atomic
from briefing.writer import dumps

from .controller import DocumentController

INTERVAL_MS = 30_000
ENV_DIR = "BRIEFING_DESK_DATA_DIR"  # overrides the app-data folder (tests, portable use)
_instances = itertools.count(1)  # several windows in one process each get their own set


def data_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return base / "autosave"


# -- the lock that says "this set's instance is running" ------------------------------------------

class InstanceLock:
    """An exclusive, non-blocking OS lock on a small file; released by the OS if we die.

    POSIX `flock` locks belong to the open file, so a second lock on the same file fails even
    inside one process (two windows); Windows `msvcrt.locking` behaves the same per handle.
    """

    def __init__(self, path: Path, fd: int):
        self.path, self._fd = path, fd

    @classmethod
    def acquire(cls, path: Path, create: bool = True) -> InstanceLock | None:
        """The lock, or None if someone holds it (or, with create=False, there is no file)."""
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        try:
            fd = os.open(path, flags, 0o600)
        except OSError:
            return None
        if not _try_lock(fd):
            os.close(fd)
            return None
        if create:  # who holds it, for a curious reader; the lock itself is what counts
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, remove: bool = False) -> None:
        """Let go of the lock; `remove` also deletes the lock file (the set is gone)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if remove and os.name == "posix":
            self.path.unlink(missing_ok=True)  # while still locked: nobody grabs it meanwhile
        os.close(fd)
        if remove and os.name != "posix":
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass  # another instance is looking at it; it finds no note and moves on


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def is_live(lock: Path) -> bool:
    """True if the instance that wrote this set still runs (holds its lock)."""
    probe = InstanceLock.acquire(lock, create=False)
    if probe is None:
        return lock.exists()  # held by someone; a missing file means nobody
    probe.release()
    return False


# -- recovery sets on disk ----------------------------------------------------------------------

@dataclass
class Recoverable:
    data: Path  # the autosaved YAML
    meta: Path  # its JSON note
    original: Path | None  # the file it belongs to (None: never saved)
    saved_at: dt.datetime
    title: str = ""
    origin: Path | None = None  # template or example an unsaved document started from
    live: bool = False  # its instance is still running: not a crash, never offered

    @property
    def lock(self) -> Path:
        return self.meta.with_suffix(".lock")

    def describe(self) -> str:
        if self.original:
            name = self.original.name
        else:
            name = f"the unsaved briefing “{self.title}”" if self.title else "an unsaved briefing"
        return f"{name}, autosaved {self.saved_at:%d %B %Y at %H:%M}"

    def claim(self) -> InstanceLock | None:
        """Take the set's lock while offering it, so a second starting instance does not offer
        it too; None if its instance runs or another instance claimed it first."""
        return InstanceLock.acquire(self.lock)

    def discard(self) -> None:
        """Remove the set (declined, or recovered and then saved). The caller holds its claim."""
        for p in (self.meta, self.data):
            p.unlink(missing_ok=True)


def find_recoverable() -> list[Recoverable]:
    """Every recovery set in the folder, newest first, each with `live` set (see `crashed`)."""
    found = []
    folder = data_dir()
    if not folder.is_dir():
        return []
    for meta in sorted(folder.glob("*.json")):
        data = meta.with_suffix(".yaml")
        try:
            note = json.loads(meta.read_text(encoding="utf-8"))
            saved_at = dt.datetime.fromisoformat(note["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if data.is_file():
            original = Path(note["original"]) if note.get("original") else None
            origin = Path(note["origin"]) if note.get("origin") else None
            rec = Recoverable(data, meta, original, saved_at, str(note.get("title", "")), origin)
            rec.live = is_live(rec.lock) if rec.lock.exists() else _pid_running(note.get("pid"))
            found.append(rec)
    _remove_stray_locks(folder)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def crashed() -> list[Recoverable]:
    """The sets whose instance is no longer running: what the next start offers to recover."""
    return [r for r in find_recoverable() if not r.live]


def _remove_stray_locks(folder: Path) -> None:
    """A lock file left without its note by a crash between the two is removed once free."""
    for lock in folder.glob("*.lock"):
        if not lock.with_suffix(".json").exists():
            probe = InstanceLock.acquire(lock, create=False)
            if probe is not None:
                probe.release(remove=True)


def _pid_running(pid: object) -> bool:
    """For a set without a lock file (written by an older version): is its process alive?"""
    try:
        pid = int(pid or 0)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
    if os.name != "posix" or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- the autosaver of one window ----------------------------------------------------------------

@dataclass
class _Owned:
    """The recovery set this instance owns, and the lock that says it is running."""

    data: Path
    meta: Path
    lock: InstanceLock | None


class Autosaver(QObject):
    def __init__(self, ctrl: DocumentController, interval_ms: int = INTERVAL_MS):
        super().__init__(ctrl)
        self.ctrl = ctrl
        self.instance = f"{os.getpid()}-{next(_instances)}"
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_if_needed)
        self.timer.start()
        self._saved_state: int | None = None  # undo index at the last autosave
        self._owned: _Owned | None = None
        ctrl.undo.cleanChanged.connect(self._clean_changed)
        ctrl.documentReplaced.connect(self._replaced)

    def _key(self) -> str:
        source = str(self.ctrl.path.resolve()) if self.ctrl.path else "untitled"
        return f"{hashlib.sha1(source.encode()).hexdigest()[:16]}-{self.instance}"

    def paths(self) -> tuple[Path, Path]:
        """This instance's (working copy, note) for the current document."""
        folder = data_dir()
        key = self._key()
        return folder / f"{key}.yaml", folder / f"{key}.json"

    @property
    def _files(self) -> tuple[Path, Path] | None:
        """The set this instance owns. Setting None forgets it WITHOUT removing it, as a crash
        would (the lock goes, the files stay): the tests' way to simulate one."""
        return (self._owned.data, self._owned.meta) if self._owned else None

    @_files.setter
    def _files(self, files: None) -> None:
        if files is not None:
            raise ValueError("use adopt() to take over a recovered set")
        if self._owned and self._owned.lock:
            self._owned.lock.release()
        self._owned = None
        self._saved_state = None

    def autosave_if_needed(self) -> bool:
        """Write the working copy if it changed since the last autosave; True if written."""
        if not self.ctrl.dirty or self._saved_state == self.ctrl.undo.index():
            return False
        data, meta = self.paths()
        if self._files and self._files != (data, meta):
            self.discard()  # saved under a new name, or a recovered set: ours replaces it
        try:
            data.parent.mkdir(parents=True, exist_ok=True)
            if self._owned is None:
                # the lock first: the set is never on disk without its instance marked running
                self._owned = _Owned(data, meta, InstanceLock.acquire(meta.with_suffix(".lock")))
            write_atomic(data, dumps(self.ctrl.doc).encode("utf-8"))
            note = {"original": str(self.ctrl.path.resolve()) if self.ctrl.path else None,
                    "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
                    "title": self.ctrl.doc.title,
                    "origin": str(self.ctrl.origin) if self.ctrl.origin else None,
                    "pid": os.getpid()}
            write_atomic(meta, json.dumps(note, indent=1).encode("utf-8"))
        except OSError:
            return False  # autosave is best effort; the status bar is not the place to nag
        self._saved_state = self.ctrl.undo.index()
        return True

    def adopt(self, rec: Recoverable, claim: InstanceLock) -> None:
        """Own a recovered set (its claim kept): removed at the next autosave, save or close."""
        self.discard()
        self._owned = _Owned(rec.data, rec.meta, claim)

    def discard(self) -> None:
        """Remove this instance's set (after a save, or when the user discards the changes)."""
        owned, self._owned = self._owned, None
        if owned:
            for p in (owned.meta, owned.data):
                p.unlink(missing_ok=True)
            if owned.lock:
                owned.lock.release(remove=True)
        self._saved_state = None

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def _replaced(self) -> None:
        self.discard()
