"""Autosave never loses work: recovery sets under hostile conditions.

Each test is one way a reviewer broke the recovery sets with real processes or file systems:
pids that repeat (containers), a full disk right after a recovery, two instances starting at
once, a start that names a file, file systems without locks or read-only, files that Windows
will not let go, a lock file replaced under our feet, and a kill in the middle of a write.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import test_ui_sources_autosave as multi  # noqa: E402
import test_ui_window as shared  # noqa: E402

data_dir, dialogs, window = shared.data_dir, shared.dialogs, shared.window
new_window = multi.new_window
retitle, crash, offered_on_start, saved_file = (
    multi.retitle, multi.crash, multi.offered_on_start, multi.saved_file)
ROOT = Path(__file__).resolve().parent.parent


def folder_names(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "autosave").iterdir())


# -- A. names that never repeat ----------------------------------------------------------------

SESSION = r"""
import os, signal, sys
real_pid = os.getpid()
os.getpid = lambda: 2  # a fresh pid namespace (Flatpak, Docker): every session is pid 2
from PySide6.QtWidgets import QApplication
from ui.commands import SetDocumentField
from ui.mainwindow import MainWindow
app = QApplication([])
win = MainWindow()
assert win.load_path(sys.argv[1])
win.ctrl.push(SetDocumentField(win.ctrl, "title", sys.argv[2], "title"))
assert win.autosaver.autosave_if_needed()
if sys.argv[3] == "crash":
    os.kill(real_pid, signal.SIGKILL)
win.ctrl.undo.setClean()
win.close()
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX process handling")
def test_a_session_with_the_same_pid_leaves_a_crashed_set_alone(window, dialogs, tmp_path,
                                                                  data_dir):
    import subprocess

    from ui.autosave import crashed

    path = saved_file(window, dialogs, tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRIEFING_DESK_DATA_DIR=str(data_dir),
               PYTHONPATH=str(ROOT))

    def session(title: str, end: str) -> int:
        return subprocess.run([sys.executable, "-c", SESSION, str(path), title, end], cwd=ROOT,
                              env=env, timeout=120).returncode

    assert session("Words of the crashed session", "crash") != 0
    assert session("Words of the next session", "close") == 0  # edits, autosaves, closes

    [rec] = crashed()
    assert "Words of the crashed session" in rec.data.read_text(encoding="utf-8")


def test_a_new_set_is_never_written_under_a_lock_someone_holds(window, data_dir):
    from ui.autosave import InstanceLock, find_recoverable

    data, _meta = window.autosaver.paths()
    data.parent.mkdir(parents=True, exist_ok=True)
    other = InstanceLock.acquire(data.with_suffix(".lock"))  # another instance has that name
    assert other is not None
    try:
        retitle(window, "Mine")
        assert window.autosaver.autosave_if_needed()
        written, _ = window.autosaver.paths()
        assert written != data and "Mine" in written.read_text(encoding="utf-8")
        assert not data.exists()
        assert [r.data for r in find_recoverable()] == [written]
    finally:
        other.release()


# -- B. a recovered set stays until its replacement is on disk ---------------------------------

def test_a_full_disk_after_a_recovery_keeps_the_recovered_copy(window, new_window, monkeypatch):
    from ui import autosave

    retitle(window, "Only copy of the work")
    window.autosaver.autosave_if_needed()
    crash(window)
    second, offered = offered_on_start(new_window, monkeypatch)
    assert len(offered) == 1 and second.ctrl.doc.title == "Only copy of the work"
    recovered = offered[0].data

    def disk_full(target, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(autosave, "write_atomic", disk_full)
    retitle(second, "Only copy of the work, edited")
    assert not second.autosaver.autosave_if_needed()
    assert "Only copy of the work" in recovered.read_text(encoding="utf-8")
    monkeypatch.undo()

    assert second.autosaver.autosave_if_needed()  # the disk has room again: now it is replaced
    assert not recovered.exists()
    written, _ = second.autosaver.paths()
    assert "Only copy of the work, edited" in written.read_text(encoding="utf-8")


def test_a_set_of_the_old_name_stays_until_the_new_one_is_written(window, dialogs, tmp_path,
                                                                    monkeypatch):
    from ui import autosave

    path = saved_file(window, dialogs, tmp_path)
    retitle(window, "Work under the old name")
    assert window.autosaver.autosave_if_needed()
    old, _ = window.autosaver.paths()
    window.ctrl.path = tmp_path / "renamed.yaml"
    monkeypatch.setattr(autosave, "write_atomic", lambda target, data: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    retitle(window, "Work under the new name")
    assert not window.autosaver.autosave_if_needed()
    assert "Work under the old name" in old.read_text(encoding="utf-8")
    assert path.exists()


# -- C. a set is offered once, by whoever claims it first --------------------------------------

def test_a_set_recovered_elsewhere_is_not_offered_again_from_a_stale_list(
        window, new_window, monkeypatch, dialogs, data_dir):
    from ui import autosave

    retitle(window, "Recovered by B")
    window.autosaver.autosave_if_needed()
    crash(window)
    listed = autosave.crashed()  # instance C starts and lists the set ...
    b, offered = offered_on_start(new_window, monkeypatch)  # ... B recovers it meanwhile
    assert len(offered) == 1
    retitle(b, "B edits")
    assert b.autosaver.autosave_if_needed()  # B's own set replaces the recovered one

    [stale] = listed
    assert stale.claim() is None
    assert not stale.lock.exists()  # no lock file re-created and left behind
    monkeypatch.setattr(autosave, "crashed", lambda: listed)
    c, offered_to_c = offered_on_start(new_window, monkeypatch)
    assert offered_to_c == [] and c.ctrl.doc.title != "Recovered by B"
    assert not any("kept at" in str(m) for m in dialogs.shown)
    assert len(folder_names(data_dir)) == 3  # B's set: .yaml, .json, .lock


# -- D. a start that names a file offers the other crashed work too ----------------------------

def test_starting_with_a_file_also_offers_crashed_untitled_work(window, new_window, monkeypatch,
                                                                tmp_path, example_doc):
    from briefing.format.writer import save

    other = tmp_path / "other.yaml"
    save(example_doc, other)
    retitle(window, "Untitled crashed work")
    window.autosaver.autosave_if_needed()
    crash(window)

    second, offered = offered_on_start(new_window, monkeypatch, answer="later", path=other)
    assert [r.title for r in offered] == ["Untitled crashed work"]
    assert second.ctrl.path == other  # the file asked for is open
    third, offered = offered_on_start(new_window, monkeypatch, path=other)
    assert len(offered) == 1 and third.ctrl.doc.title == "Untitled crashed work"


def test_opening_a_file_offers_its_crashed_work(window, dialogs, tmp_path, new_window,
                                                monkeypatch):
    from ui.mainwindow import MainWindow

    path = saved_file(window, dialogs, tmp_path)
    retitle(window, "Crashed work on the file")
    window.autosaver.autosave_if_needed()
    crash(window)
    later = new_window()
    later.load_example()
    offered = []
    monkeypatch.setattr(MainWindow, "ask_recover", lambda self, rec: offered.append(rec)
                        or "recover")
    assert later.open_file(path)
    assert len(offered) == 1 and later.ctrl.doc.title == "Crashed work on the file"
    assert later.ctrl.path == path.resolve() and later.isWindowModified()


# -- E. file systems without locks, read-only folders -------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_without_file_locks_a_crashed_set_is_offered_and_a_live_one_is_not(
        window, new_window, monkeypatch, data_dir):
    import fcntl

    def no_locks(fd, op):  # some SMB and FUSE mounts
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    retitle(window, "Crashed without locks")
    assert window.autosaver.autosave_if_needed()
    live = new_window()
    live.load_example()
    retitle(live, "Still running")
    assert live.autosaver.autosave_if_needed()
    crash(window)

    second, offered = offered_on_start(new_window, monkeypatch)
    assert [r.title for r in offered] == ["Crashed without locks"]
    assert second.ctrl.doc.title == "Crashed without locks"
    second.ctrl.undo.setClean()  # recovered and then saved: gone, lock file and all
    live.ctrl.undo.setClean()
    assert folder_names(data_dir) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX error numbers")
def test_a_read_only_folder_offers_the_set_and_keeps_it(window, new_window, monkeypatch,
                                                       data_dir):
    retitle(window, "On a read-only disk")
    window.autosaver.autosave_if_needed()
    crash(window)
    before = folder_names(data_dir)
    folder = str(data_dir / "autosave")
    real_open, real_unlink = os.open, Path.unlink
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).startswith(folder) and flags & writes:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_unlink(self, missing_ok=False):
        if str(self).startswith(folder):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(Path, "unlink", read_only_unlink)
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(
        OSError(errno.EROFS, "Read-only file system")))

    second, offered = offered_on_start(new_window, monkeypatch)
    assert len(offered) == 1 and second.ctrl.doc.title == "On a read-only disk"
    retitle(second, "Edited on a read-only disk")
    assert not second.autosaver.autosave_if_needed()
    second.ctrl.undo.setClean()
    monkeypatch.undo()
    assert folder_names(data_dir) == before  # nothing could be deleted, nothing was lost


# -- F. a file that cannot be removed now -------------------------------------------------------

def test_discarding_survives_files_that_cannot_be_removed(window, monkeypatch, data_dir):
    from ui.autosave import find_recoverable

    retitle(window, "Open elsewhere")
    assert window.autosaver.autosave_if_needed()

    def in_use(self, missing_ok=False):  # Windows: another instance reads the note right now
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(self))

    monkeypatch.setattr(Path, "unlink", in_use)
    window.autosaver.discard()  # no exception
    [rec] = find_recoverable()
    rec.discard()
    window.ctrl.undo.setClean()
    assert window.close()
    monkeypatch.undo()
    assert not rec.live  # left for a later start to offer or clean


# -- G. a lock file replaced while we lock it ---------------------------------------------------

def test_a_claim_on_a_lock_file_replaced_meanwhile_is_refused(window, monkeypatch):
    from ui import autosave

    retitle(window, "Claimed by another")
    window.autosaver.autosave_if_needed()
    crash(window)
    [rec] = autosave.crashed()
    real_try_lock = autosave._try_lock
    others: list = []

    def replaced_meanwhile(fd):
        # between our open and our lock, the last owner unlinks the file and another instance
        # creates a new one at that path and locks it
        if not others:
            others.append(None)
            rec.lock.unlink()
            others[0] = autosave.InstanceLock.acquire(rec.lock)
        return real_try_lock(fd)

    monkeypatch.setattr(autosave, "_try_lock", replaced_meanwhile)
    try:
        assert rec.claim() is None
    finally:
        if others and others[0] is not None:
            others[0].release()


# -- H. a kill in the middle of a write ----------------------------------------------------------

def test_temporaries_of_crashed_sets_are_removed_and_live_ones_kept(window, new_window,
                                                                   data_dir):
    from ui.autosave import crashed

    retitle(window, "Crashed mid-write")
    window.autosaver.autosave_if_needed()
    dead, _ = window.autosaver.paths()
    crash(window)
    live = new_window()
    live.load_example()
    retitle(live, "Running")
    live.autosaver.autosave_if_needed()
    running, _ = live.autosaver.paths()
    temps = []
    for target in (dead, running):
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        temps.append(Path(name))

    assert len(crashed()) == 1
    assert not temps[0].exists() and temps[1].exists()


def test_a_working_copy_without_its_note_is_offered(window, dialogs, tmp_path, new_window,
                                                    monkeypatch):
    path = saved_file(window, dialogs, tmp_path)
    retitle(window, "Killed before the note")
    window.autosaver.autosave_if_needed()
    _data, meta = window.autosaver.paths()
    crash(window)
    meta.unlink()  # the kill came between the working copy and its note

    second, offered = offered_on_start(new_window, monkeypatch, path=path)
    assert [r.title for r in offered] == ["Killed before the note"]
    assert second.ctrl.doc.title == "Killed before the note"
    assert second.ctrl.path == path.resolve() and second.isWindowModified()
