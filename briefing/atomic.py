"""Atomic file writing: the target is either the old file or the complete new one, never a mix.

`atomic_output` writes one file; `AtomicGroup` writes several (an export's deck and PDFs) and
publishes them together: if anything fails before the last one is in place, every target is
left as it was, and the folders made for them are removed again. Temporary files are hidden
and named `.NAME.<random>.tmp` beside their target, so a process killed mid-save can leave one
behind but it is never mistaken for the document.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from briefing.interrupts import interrupts_held


@dataclass
class _Staged:
    target: Path
    tmp: Path


@contextlib.contextmanager
def write_to(path: Path) -> Iterator[BinaryIO]:
    """`path` emptied and opened for writing; flushed and fsynced on a clean exit."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_TRUNC), "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


class AtomicGroup:
    """Files written to hidden temporaries, then renamed into place all together on `commit`.

    Use as a context manager: a clean exit commits, an exception (or `discard`) removes the
    temporaries and leaves every target untouched. If a rename fails half-way through the
    commit, the targets already replaced are put back from hard-link backups.
    """

    def __init__(self) -> None:
        self._staged: list[_Staged] = []
        self._made: list[Path] = []  # folders this group created, removed again by `discard`
        #: the target being published when `commit` failed (for the message), else None
        self.failed_target: Path | None = None
        #: after a failed commit, the targets that hold their new file because putting the old
        #: one back failed too (each old one stays in its hidden `.NAME.*.bak.tmp`)
        self.not_restored: list[Path] = []

    @contextlib.contextmanager
    def output(self, target: str | Path) -> Iterator[BinaryIO]:
        """A stream for `target`, flushed and fsynced on clean exit (but not yet published)."""
        with write_to(self.staged(target)) as stream:
            yield stream

    def staged(self, target: str | Path) -> Path:
        """An empty temporary for `target`, published with the others; for a writer that opens
        it itself (`write_to`), such as another process."""
        target = Path(target)
        # Ctrl-C waits until the new temporary is registered, so `discard` always knows it
        with interrupts_held():
            self._make_folders(target.parent)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=target.parent)
            self._staged.append(_Staged(target, Path(tmp_name)))
            os.close(fd)
        return Path(tmp_name)

    def commit(self) -> None:
        """Rename every temporary onto its target; on failure, restore the ones replaced.
        Ctrl-C (and SIGTERM) wait until it is done: all renamed, or all put back."""
        with interrupts_held():
            self._commit()

    def _commit(self) -> None:
        for staged in self._staged:
            _copy_mode(staged.target, staged.tmp)
        done: list[tuple[_Staged, Path | None]] = []
        backups: list[Path] = []
        try:
            for i, staged in enumerate(self._staged):
                self.failed_target = staged.target
                backup = None
                # the last rename either happens or not, so only the earlier ones need a way back
                if i < len(self._staged) - 1 and staged.target.exists():
                    backup = _backup(staged.target)
                    backups.append(backup)
                os.replace(staged.tmp, staged.target)
                done.append((staged, backup))
            self.failed_target = None
            self._made.clear()  # they hold the published files now
        except BaseException:
            for staged, backup in reversed(done):
                try:
                    if backup is not None:
                        os.replace(backup, staged.target)
                    else:
                        staged.target.unlink()
                except OSError:
                    self.not_restored.insert(0, staged.target)
                    if backup is not None:
                        backups.remove(backup)  # the only copy of the old file: kept
            raise
        finally:
            for path in backups:
                with contextlib.suppress(OSError):
                    path.unlink()
            self.discard()
        for folder in dict.fromkeys(s.target.parent for s, _b in done):
            _fsync_dir(folder)

    def discard(self) -> None:
        """Remove every temporary not yet renamed (after a commit there are none), then the
        folders this group made for them, newest first; a folder that something else has put a
        file into meanwhile stays."""
        for staged in self._staged:
            with contextlib.suppress(OSError):
                staged.tmp.unlink()
        self._staged.clear()
        for folder in reversed(self._made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._made.clear()

    def _make_folders(self, folder: Path) -> None:
        """`mkdir -p folder`, remembering each folder made here (and only those) for `discard`."""
        missing = []
        while not folder.exists() and folder.parent != folder:
            missing.append(folder)
            folder = folder.parent
        for each in reversed(missing):
            try:
                each.mkdir()
            except FileExistsError:
                if not each.is_dir():
                    raise
                continue  # made by someone else meanwhile: not ours to remove
            self._made.append(each)

    def __enter__(self) -> AtomicGroup:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[BinaryIO]:
    """Yield a binary stream; on clean exit it replaces `target`, on error nothing changes.

    The temporary file lives beside the target so that the final rename stays on one file
    system (and so is atomic); it is fsynced first so a power cut cannot leave an empty file.
    """
    with AtomicGroup() as group, group.output(target) as stream:
        yield stream


def write_atomic(target: str | Path, data: bytes) -> None:
    with atomic_output(target) as stream:
        stream.write(data)


def write_with(target: str | Path, produce: Callable[[BinaryIO], None]) -> None:
    """Run a renderer that writes to a stream, publishing the file only if it succeeds."""
    with atomic_output(target) as stream:
        produce(stream)


def _copy_mode(target: Path, tmp: Path) -> None:
    """The new file keeps the old one's permissions (mkstemp makes it 0600)."""
    with contextlib.suppress(OSError):
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)


def _backup(target: Path) -> Path:
    """A hidden second name for the current target (a hard link; a copy where links fail)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".bak.tmp", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    try:
        backup.unlink()
        os.link(target, backup)
    except OSError:
        try:
            shutil.copy2(target, backup)
        except BaseException:
            with contextlib.suppress(OSError):
                backup.unlink()
            raise
    return backup


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
