"""Autosave: the working copy goes to the app-data folder every 30 s while there are changes.

Each running instance writes its own recovery set, named from the document's path (or
"untitled") and a random token, so two windows or processes never share a set, not even when
process ids repeat (Flatpak and Docker give every session pid 2 or so):

    <key>-<token>.yaml   the working copy (written atomically)
    <key>-<token>.json   a note: which file it belongs to, when it was written, by which pid
    <key>-<token>.lock   held (an OS file lock) while the instance that wrote the set runs

A new set's lock file is created exclusively and locked before anything else is written, so a
set is never on disk without its instance marked running. The OS drops the lock when a process
dies, however it dies, so the next start can tell a crashed instance's set (offered for
recovery) from a live one's (left alone). Where the file system has no locks (some SMB or FUSE
mounts) the pid in the note stands in. A clean save or close removes the set; a recovered set
stays until the next autosave has written its replacement (or a save); a declined one goes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from briefing.atomic import write_atomic
from briefing.format.writer import dumps

from . import background, snapshot
from .controller import DocumentController

INTERVAL_MS = 30_000
ENV_DIR = "BRIEFING_DESK_DATA_DIR"  # overrides the app-data folder (tests, portable use)
_TRIES = 8  # new names tried before an autosave gives up
# the errors that mean "someone holds this lock"; any other means "no locks here"
_HELD = {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES} | (
    {errno.EDEADLK} if os.name == "nt" else set())
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
# sets owned by the autosavers of this process: live whatever the file system says
_owned_here: set[str] = set()
# a hidden temporary of write_atomic: .<stem>.yaml.<random>.tmp (or .bak.tmp)
_TEMP = re.compile(r"^\.(?P<stem>.+)\.(yaml|json)\.[^.]+(\.bak)?\.tmp$")


def data_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return base / "autosave"


def key_for(path: Path | None) -> str:
    """The first part of a set's name: which document it is the working copy of."""
    source = str(Path(path).resolve()) if path else "untitled"
    return hashlib.sha1(source.encode()).hexdigest()[:16]


# -- the lock that says "this set's instance is running" ------------------------------------------

class InstanceLock:
    """An exclusive, non-blocking OS lock on a small file; released by the OS if we die.

    POSIX `flock` locks belong to the open file, so a second lock on the same file fails even
    inside one process (two windows); Windows `msvcrt.locking` behaves the same per handle.
    `locked` is False where the file system offers no locks: the file is still ours (created
    exclusively, or claimed), and the pid in it and in the note tell whether we run.
    """

    def __init__(self, path: Path, fd: int | None, locked: bool):
        self.path, self._fd, self.locked = path, fd, locked
        self._active = True

    @classmethod
    def acquire(cls, path: Path, mode: str = "claim") -> InstanceLock | None:
        """The lock, or None if someone holds it or the file cannot be had. `mode`: "new"
        creates the file and fails if it exists; "claim" creates it if missing (read-only
        where the folder is); "probe" only opens an existing file, read-only."""
        for _attempt in range(3):
            fd = _open(path, mode)
            if fd is None:
                return None
            state = _try_lock(fd)
            if state == "held":
                os.close(fd)
                return None
            if not _same_file(fd, path):  # unlinked (and maybe re-created) by its last owner
                os.close(fd)
                if mode == "new":
                    return None
                continue
            if mode != "probe":  # who holds it, for a curious reader and the no-lock fallback
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode())
            return cls(path, fd, state == "locked")
        return None

    @property
    def held(self) -> bool:
        return self._active

    def release(self, remove: bool = False) -> None:
        """Let go of the lock; `remove` also deletes the lock file (the set is gone)."""
        if not self._active:
            return
        self._active = False
        fd, self._fd = self._fd, None
        if remove and os.name == "posix":
            _unlink(self.path)  # while still locked: nobody grabs it meanwhile
        if fd is not None:
            os.close(fd)
        if remove and os.name != "posix":
            _unlink(self.path)  # may fail while another instance looks at it: it finds no note


def _open(path: Path, mode: str) -> int | None:
    if mode == "probe":
        flags = [os.O_RDONLY]  # flock needs no write access
    elif mode == "new":
        flags = [os.O_RDWR | os.O_CREAT | os.O_EXCL]
    else:
        flags = [os.O_RDWR | os.O_CREAT, os.O_RDONLY]  # the second for a read-only folder
    for i, flag in enumerate(flags):
        try:
            return os.open(path, flag, 0o600)
        except OSError as exc:
            if i + 1 == len(flags) or exc.errno not in _READ_ONLY:
                return None
    return None


def _try_lock(fd: int) -> str:
    """"locked", "held" (someone else has it) or "unsupported" (no locks on this file system)."""
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        return "held" if exc.errno in _HELD else "unsupported"
    return "locked"


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _unlink(path: Path) -> bool:
    """Remove a file if we can; a file another process has open on Windows, or one in a
    read-only folder, stays (the next scan deals with it)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _lock_pid(lock: Path) -> int | None:
    try:
        return int(lock.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def is_live(lock: Path, pid: object = None) -> bool:
    """True if the instance that wrote this set still runs: it holds the lock, or, where there
    are no locks, its pid (from the note, else from the lock file) still runs."""
    if lock.stem in _owned_here:
        return True
    if not lock.exists():
        return _pid_running(pid)  # a set from before lock files
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        state = "unsupported"  # unreadable: the pid has to do
    else:
        try:
            state = _try_lock(fd)
        finally:
            os.close(fd)
    if state == "unsupported":
        return _pid_running(pid if pid is not None else _lock_pid(lock))
    return state == "held"


# -- recovery sets on disk ----------------------------------------------------------------------

@dataclass
class Recoverable:
    data: Path  # the autosaved YAML
    meta: Path  # its JSON note (missing for an orphan: a crash between the YAML and the note)
    original: Path | None  # the file it belongs to (None: never saved, or not known)
    saved_at: dt.datetime
    title: str = ""
    origin: Path | None = None  # template or example an unsaved document started from
    live: bool = False  # its instance is still running: not a crash, never offered
    has_note: bool = True

    @property
    def lock(self) -> Path:
        return self.data.with_suffix(".lock")

    @property
    def key(self) -> str:
        return self.data.stem.split("-", 1)[0]

    def belongs_to(self, path: Path) -> bool:
        """Is this the working copy of `path`? An orphan knows only its file's key."""
        wanted = Path(path).resolve()
        if self.has_note:
            return self.original == wanted
        return self.key == key_for(wanted)

    def describe(self) -> str:
        if self.original:
            name = self.original.name
        elif self.title:
            name = f"the unsaved briefing “{self.title}”"
        else:
            name = "an unsaved briefing"
        return f"{name}, autosaved {self.saved_at:%d %B %Y at %H:%M}"

    def claim(self) -> InstanceLock | None:
        """Take the set's lock while offering it, so a second starting instance does not offer
        it too; None if its instance runs, another instance claimed it first, or it is gone
        (recovered and removed by another instance since it was listed)."""
        claim = InstanceLock.acquire(self.lock)
        if claim is None:
            return None
        if not self.data.is_file() or (self.has_note and not self.meta.is_file()):
            claim.release(remove=True)  # the lock file we may just have re-created
            return None
        return claim

    def discard(self) -> None:
        """Remove the set (declined, or recovered and then saved). The caller holds its claim.
        A file that cannot be removed now stays for a later scan."""
        for p in (self.meta, self.data):
            _unlink(p)


def find_recoverable() -> list[Recoverable]:
    """Every recovery set in the folder, newest first, each with `live` set (see `crashed`).
    Leftovers of crashed instances without a set (temporaries, lock files) are removed."""
    folder = data_dir()
    if not folder.is_dir():
        return []
    found = []
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
            rec.live = is_live(rec.lock, note.get("pid"))
            found.append(rec)
    for data in sorted(folder.glob("*.yaml")):
        if not data.with_suffix(".json").exists():
            found.append(_orphan(data))
    _remove_leftovers(folder)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def crashed() -> list[Recoverable]:
    """The sets whose instance is no longer running: what the next start offers to recover."""
    return [r for r in find_recoverable() if not r.live]


def _orphan(data: Path) -> Recoverable:
    """A working copy whose note was never written (killed in between): offered as well."""
    try:
        saved_at = dt.datetime.fromtimestamp(data.stat().st_mtime)
    except OSError:
        saved_at = dt.datetime.now()
    rec = Recoverable(data, data.with_suffix(".json"), None, saved_at, _title_of(data),
                      has_note=False)
    rec.live = is_live(rec.lock) if rec.lock.exists() else False
    return rec


def _title_of(data: Path) -> str:
    try:
        import yaml

        doc = yaml.safe_load(data.read_text(encoding="utf-8"))
        return str(doc.get("title", "")) if isinstance(doc, dict) else ""
    except Exception:  # noqa: BLE001 - a title is a nicety; the file is offered regardless
        return ""


def _remove_leftovers(folder: Path) -> None:
    """A lock file without its set (a crash between the two) and the hidden temporaries of a
    write that was killed half-way go, once their instance no longer runs."""
    for lock in folder.glob("*.lock"):
        if lock.stem in _owned_here or lock.with_suffix(".json").exists() \
                or lock.with_suffix(".yaml").exists():
            continue
        probe = InstanceLock.acquire(lock, "probe")
        if probe is None:
            continue
        if not probe.locked and _pid_running(_lock_pid(lock)):
            probe.release()
            continue
        probe.release(remove=True)
    for tmp in folder.glob(".*.tmp"):
        match = _TEMP.match(tmp.name)
        if match and not is_live(folder / f"{match['stem']}.lock"):
            _unlink(tmp)


def _pid_running(pid: object) -> bool:
    """Where there is no lock to go by: is the set's process alive? Our own pid is not (our
    live sets are in `_owned_here`): a set with it comes from an earlier run that had it."""
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
    """A recovery set this instance owns, and the lock that says it is running."""

    data: Path
    meta: Path
    lock: InstanceLock | None
    adopted: bool = False  # recovered from a crash: replaced by our own at the next autosave

    @property
    def stem(self) -> str:
        return self.data.stem

    def remove(self) -> None:
        for p in (self.meta, self.data):
            _unlink(p)
        self.forget(remove_lock=True)

    def forget(self, remove_lock: bool = False) -> None:
        _owned_here.discard(self.stem)
        if self.lock:
            self.lock.release(remove=remove_lock)


class _TextReady(QObject):
    done = Signal(int, object)  # (edits counted when the snapshot was taken, the job)


class Autosaver(QObject):
    def __init__(self, ctrl: DocumentController, interval_ms: int = INTERVAL_MS):
        super().__init__(ctrl)
        self.ctrl = ctrl
        self.instance = uuid.uuid4().hex[:16]  # never a pid: those repeat across containers
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_soon)
        self.timer.start()
        self._saved_state: int | None = None  # undo index at the last autosave
        self._edits = 0  # every edit, typing merged into one undo step included
        self._writing: object | None = None  # the text being written out in the background
        self.text_ready = _TextReady(self)
        self.text_ready.done.connect(self._text_done)
        ctrl.documentEdited.connect(self._edited)
        self._owned: _Owned | None = None
        ctrl.undo.cleanChanged.connect(self._clean_changed)
        ctrl.documentReplaced.connect(self._replaced)

    def paths(self) -> tuple[Path, Path]:
        """This instance's (working copy, note) for the current document."""
        owned = self._owned
        if owned and not owned.adopted and owned.stem.split("-", 1)[0] == key_for(
                self.ctrl.path):
            return owned.data, owned.meta
        stem = f"{key_for(self.ctrl.path)}-{self.instance}"
        folder = data_dir()
        return folder / f"{stem}.yaml", folder / f"{stem}.json"

    @property
    def _files(self) -> tuple[Path, Path] | None:
        """The set this instance owns. Setting None forgets it WITHOUT removing it, as a crash
        would (the lock goes, the files stay): the tests' way to simulate one."""
        return (self._owned.data, self._owned.meta) if self._owned else None

    @_files.setter
    def _files(self, files: None) -> None:
        if files is not None:
            raise ValueError("use adopt() to take over a recovered set")
        if self._owned:
            self._owned.forget()
        self._owned = None
        self._saved_state = None

    def _edited(self) -> None:
        self._edits += 1

    def autosave_soon(self) -> None:
        """The timer's autosave: the document is turned into text in the background (1.2 s
        for 1,000 sections, which held the window), then written here if nothing changed
        meanwhile; else the next tick writes the newer state."""
        if self._writing is not None or not self.ctrl.dirty or \
                self._saved_state == self.ctrl.undo.index():
            return
        edits, ready = self._edits, self.text_ready
        self._writing = job = background.submit_to(background.CHECK, snapshot.text_of,
                                                   self.ctrl.snapshot())
        job.add_done_callback(lambda f: background.emit_safely(lambda: ready.done, edits, f))

    def _text_done(self, edits: int, job) -> None:
        self._writing = None
        if edits != self._edits:
            return
        try:
            text = job.result()
        except Exception:
            return  # best effort: the next tick tries again
        self.autosave_if_needed(text)

    def autosave_if_needed(self, text: str | None = None) -> bool:
        """Write the working copy if it changed since the last autosave; True if written.
        `text`: the document as YAML, when the caller has it (written out in the background).

        A set of another name (a recovered one, or one of the document's old name) is removed
        only once its replacement is completely on disk."""
        if not self.ctrl.dirty or self._saved_state == self.ctrl.undo.index():
            return False
        target = self._owned if self._owned and (self._owned.data, self._owned.meta) == \
            self.paths() else self._new_set()
        if target is None:
            return False  # autosave is best effort; the status bar is not the place to nag
        try:
            write_atomic(target.data, (text if text is not None
                                       else dumps(self.ctrl.doc)).encode("utf-8"))
            note = {"original": str(self.ctrl.path.resolve()) if self.ctrl.path else None,
                    "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
                    "title": self.ctrl.doc.title,
                    "origin": str(self.ctrl.origin) if self.ctrl.origin else None,
                    "pid": os.getpid()}
            write_atomic(target.meta, json.dumps(note, indent=1).encode("utf-8"))
        except OSError:
            if target is not self._owned:
                target.remove()  # the old set, if any, is still whole
            return False
        if target is not self._owned:
            old, self._owned = self._owned, target
            if old:
                old.remove()
        self._saved_state = self.ctrl.undo.index()
        return True

    def _new_set(self) -> _Owned | None:
        """A set of a name nobody uses, its lock taken before anything is written."""
        for _attempt in range(_TRIES):
            data, meta = self.paths()
            try:
                data.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                return None
            lock = InstanceLock.acquire(data.with_suffix(".lock"), "new")
            if lock is not None:
                _owned_here.add(data.stem)
                return _Owned(data, meta, lock)
            if not data.parent.is_dir() or not os.access(data.parent, os.W_OK):
                return None
            self.instance = uuid.uuid4().hex[:16]  # taken (or just lost): another name
        return None

    def adopt(self, rec: Recoverable, claim: InstanceLock) -> None:
        """Own a recovered set (its claim kept): replaced at the next autosave, removed by a
        save or close."""
        self.discard()
        self._owned = _Owned(rec.data, rec.meta, claim, adopted=True)
        _owned_here.add(rec.data.stem)

    def discard(self) -> None:
        """Remove this instance's set (after a save, or when the user discards the changes)."""
        owned, self._owned = self._owned, None
        if owned:
            owned.remove()
        self._saved_state = None

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def _replaced(self) -> None:
        self.discard()
