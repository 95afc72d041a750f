"""Fault injection: whatever fails during a save or an export, the user's files stay as they were.

Given a folder with a saved briefing (or a previous export), when a fault is injected at one
step (a write that runs out of space after N bytes, a disk full on fsync, a renderer that
raises, a rename that fails), then the previous files are byte-identical, no hidden temporary
(`.NAME.*.tmp`) is left behind, and the CLI says what happened in one line with exit 1.

A process killed with SIGKILL in the middle of saving leaves the old or the new document,
whole; only its hidden temporary may remain.

The faults are injected by replacing `os` (and `tempfile`) *inside briefing.atomic only*, so
every other module of the process keeps the real functions.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

import briefing.atomic as atomic
from briefing import load_file
from briefing.cli import main
from briefing.errors import ExportError
from briefing.export.job import ExportJob, run_export
from briefing.format.writer import dumps, save
from briefing.model import document as model

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("pptx", "pdf", "handout", "report")
RENDERERS = {  # module, function: what run_export calls for each output
    "pptx": ("briefing.render.pptx.deck", "write_pptx"),
    "pdf": ("briefing.render.pdf.slides", "write_slides_pdf"),
    "handout": ("briefing.render.pdf.slides", "write_handout_pdf"),
    "report": ("briefing.render.pdf.paper", "write_report_pdf"),
}
NAMES = {"pptx": "deck.pptx", "pdf": "slides.pdf", "handout": "handout.pdf",
         "report": "paper.pdf"}
TEMP = re.compile(r"^\.(?P<name>.+)\.[^.]+(\.bak)?\.tmp$")

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="finds which file a descriptor is through /proc")


# --- the fault injector ----------------------------------------------------------------------

def _no_space() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fd_name(fd: int) -> str:
    return os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))


class NoSpaceAfter:
    """A stream that accepts `limit` bytes in total, then fails like a full disk."""

    def __init__(self, real: io.BufferedWriter, limit: int):
        self._real, self._left = real, limit

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self._left:
            self._real.write(data[:self._left])
            self._left = 0
            raise _no_space()
        self._left -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def __enter__(self) -> NoSpaceAfter:
        return self

    def __exit__(self, *exc) -> None:
        self._real.close()


class FaultyOs:
    """Stands in for `os` inside briefing.atomic: the real module, except for one fault.

    `only` picks the file (by target name) the fault hits; temporaries are `.TARGET.xyz.tmp`.
    """

    def __init__(self, only: str, *, write_limit: int | None = None, fsync: bool = False,
                 replace: bool = False, link: bool = False):
        self.only, self.write_limit = only, write_limit
        self.fail_fsync, self.fail_replace, self.fail_link = fsync, replace, link
        self.hits: list[str] = []

    def _ours(self, name: str) -> bool:
        return os.path.basename(name).startswith(f".{self.only}.")

    def __getattr__(self, name: str):
        return getattr(os, name)

    def fdopen(self, fd: int, *args, **kw):
        stream = os.fdopen(fd, *args, **kw)
        if self.write_limit is not None and self._ours(_fd_name(fd)):
            self.hits.append("write")
            return NoSpaceAfter(stream, self.write_limit)
        return stream

    def fsync(self, fd: int) -> None:
        if self.fail_fsync and self._ours(_fd_name(fd)):
            self.hits.append("fsync")
            raise _no_space()
        os.fsync(fd)

    def replace(self, src, dst) -> None:
        if self.fail_replace and self._ours(str(src)) and not str(src).endswith(".bak.tmp"):
            self.hits.append("replace")
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(src), None, str(dst))
        os.replace(src, dst)

    def link(self, src, dst) -> None:
        if self.fail_link:
            self.hits.append("link")
            raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(src), None, str(dst))
        os.link(src, dst)


def inject(monkeypatch, faulty: FaultyOs) -> FaultyOs:
    monkeypatch.setattr(atomic, "os", faulty)
    return faulty


# --- helpers -----------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def the_one_message(capsys) -> str:
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and out == "", (out, err)
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="module")
def old_doc():
    from briefing.resources import example_path

    return load_file(example_path())


@pytest.fixture(scope="module")
def new_doc(old_doc):
    doc = copy.deepcopy(old_doc)
    doc.title = "Iran-Pakistan strikes: revised"
    doc.sections[0].title = "Bottom line, revised"
    return doc


def _job(folder: Path, kinds=KINDS) -> ExportJob:
    from briefing.resources import example_path

    return ExportJob(**{k: folder / NAMES[k] for k in kinds}, base_dir=example_path().parent)


@pytest.fixture(scope="module")
def previous_export(tmp_path_factory, old_doc) -> dict[str, bytes]:
    """The four files of an earlier export, as a user would have them on disk."""
    folder = tmp_path_factory.mktemp("previous")
    run_export(old_doc, _job(folder))
    return snapshot(folder)


@pytest.fixture
def out(tmp_path, previous_export) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name, data in previous_export.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def briefing_file(tmp_path, new_doc) -> Path:
    """The revised briefing saved beside the example's map, so the CLI can export it."""
    from briefing.resources import example_path

    folder = tmp_path / "src"
    shutil.copytree(example_path().parent, folder)
    path = folder / "briefing.yaml"
    save(new_doc, path)
    return path


def cli_export(briefing_file: Path, folder: Path, kinds=KINDS) -> int:
    args = ["export", str(briefing_file)]
    for k in kinds:
        args += [f"--{k}", str(folder / NAMES[k])]
    return main(args)


@pytest.fixture(scope="module")
def new_outputs(new_doc) -> dict[str, bytes]:
    """What the real renderers make of the revised document (for the fast stand-ins)."""
    import importlib

    from briefing.resources import example_path

    made = {}
    for kind, (module, func) in RENDERERS.items():
        buf = io.BytesIO()
        getattr(importlib.import_module(module), func)(new_doc, buf,
                                                        base_dir=example_path().parent)
        made[kind] = buf.getvalue()
    return made


@pytest.fixture
def fast_renderers(monkeypatch, new_outputs):
    """Renderers that write the real bytes in 16 KB pieces, without the cost of rendering."""
    import importlib

    for kind, (module, func) in RENDERERS.items():
        def fake(doc, stream, *, _data=new_outputs[kind], **kw):
            for i in range(0, len(_data), 16384):
                stream.write(_data[i:i + 16384])

        monkeypatch.setattr(importlib.import_module(module), func, fake)
    return new_outputs


# --- save ----------------------------------------------------------------------------------------

@pytest.fixture
def saved(tmp_path, old_doc) -> Path:
    target = tmp_path / "briefing.yaml"
    save(old_doc, target)
    return target


def test_the_injector_itself_lets_a_save_through(monkeypatch, saved, new_doc):
    """Guard: with the stand-in `os` but no fault, saving works (so failures below are real)."""
    faulty = inject(monkeypatch, FaultyOs("briefing.yaml"))
    save(new_doc, saved)
    assert load_file(saved) == new_doc
    assert temporaries(saved.parent) == [] and faulty.hits == []


@pytest.mark.parametrize("limit", [0, 1, 4096, -1], ids=["0B", "1B", "4KB", "all-but-1B"])
def test_a_save_that_runs_out_of_space_after_n_bytes_leaves_the_old_file(
        monkeypatch, saved, new_doc, limit):
    before = saved.read_bytes()
    size = len(dumps(new_doc).encode("utf-8"))
    faulty = inject(monkeypatch, FaultyOs("briefing.yaml",
                                          write_limit=limit if limit >= 0 else size - 1))
    with pytest.raises(OSError) as caught:
        save(new_doc, saved)
    assert caught.value.errno == errno.ENOSPC and faulty.hits == ["write"]
    assert saved.read_bytes() == before
    assert temporaries(saved.parent) == []


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_save_that_fails_on_fsync_or_rename_leaves_the_old_file(
        monkeypatch, saved, new_doc, step):
    before = saved.read_bytes()
    faulty = inject(monkeypatch, FaultyOs("briefing.yaml", **{step: True}))
    with pytest.raises(OSError):
        save(new_doc, saved)
    assert faulty.hits == [step]
    assert saved.read_bytes() == before
    assert temporaries(saved.parent) == []


def test_a_save_that_cannot_create_its_temporary_changes_nothing(monkeypatch, saved, new_doc):
    before = saved.read_bytes()

    def no_room(*args, **kw):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(saved.parent))

    monkeypatch.setattr(atomic, "tempfile", SimpleNamespace(mkstemp=no_room))
    with pytest.raises(PermissionError):
        save(new_doc, saved)
    assert snapshot(saved.parent) == {"briefing.yaml": before}


def test_an_interrupt_in_the_middle_of_a_save_leaves_the_old_file(monkeypatch, saved, new_doc):
    """Ctrl+C (a BaseException, not an Exception) is cleaned up too."""
    before = saved.read_bytes()

    class Stream:
        def __init__(self, real):
            self.real = real

        def write(self, data):
            self.real.write(bytes(data)[:100])
            raise KeyboardInterrupt

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.real.close()

    faulty = FaultyOs("briefing.yaml")
    faulty.fdopen = lambda fd, *a, **kw: Stream(os.fdopen(fd, *a, **kw))
    inject(monkeypatch, faulty)
    with pytest.raises(KeyboardInterrupt):
        save(new_doc, saved)
    assert saved.read_bytes() == before
    assert temporaries(saved.parent) == []


def test_a_first_save_that_fails_creates_no_file(monkeypatch, tmp_path, new_doc):
    inject(monkeypatch, FaultyOs("new.yaml", fsync=True))
    with pytest.raises(OSError):
        save(new_doc, tmp_path / "new.yaml")
    assert list(tmp_path.iterdir()) == []


# --- export: the stand-in renderers (every step of publishing) ---------------------------------

def test_an_export_without_faults_replaces_all_four_files(monkeypatch, out, new_doc,
                                                          fast_renderers):
    inject(monkeypatch, FaultyOs("nothing"))
    run_export(new_doc, _job(out))
    assert snapshot(out) == {NAMES[k]: fast_renderers[k] for k in KINDS}


@pytest.mark.parametrize("step", ["fsync", "replace"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_failing_on_fsync_or_rename_of_any_output_changes_none(
        monkeypatch, out, previous_export, new_doc, fast_renderers, kind, step):
    faulty = inject(monkeypatch, FaultyOs(NAMES[kind], **{step: True}))
    with pytest.raises(ExportError) as caught:
        run_export(new_doc, _job(out))
    assert faulty.hits == [step]
    assert "no file was changed" in str(caught.value)
    assert snapshot(out) == previous_export
    assert temporaries(out) == []


def test_when_the_last_rename_fails_the_three_already_renamed_are_put_back(
        monkeypatch, out, previous_export, new_doc, fast_renderers):
    """The renames happen in order; the report is last, so three files were already new."""
    renamed = []

    class Watching(FaultyOs):
        def replace(self, src, dst):
            if not str(src).endswith(".bak.tmp"):
                renamed.append(Path(dst).name)
            super().replace(src, dst)

    inject(monkeypatch, Watching(NAMES["report"], replace=True))
    with pytest.raises(ExportError):
        run_export(new_doc, _job(out))
    assert renamed == [NAMES[k] for k in KINDS]
    assert snapshot(out) == previous_export and temporaries(out) == []


def test_without_hard_links_the_backups_are_copies_and_still_restore(
        monkeypatch, out, previous_export, new_doc, fast_renderers):
    """On a file system without hard links (FAT, some network shares) rollback still works."""
    faulty = inject(monkeypatch, FaultyOs(NAMES["report"], replace=True, link=True))
    with pytest.raises(ExportError):
        run_export(new_doc, _job(out))
    assert "link" in faulty.hits
    assert snapshot(out) == previous_export and temporaries(out) == []


def test_without_hard_links_an_export_still_succeeds(monkeypatch, out, new_doc,
                                                     fast_renderers):
    inject(monkeypatch, FaultyOs("nothing", link=True))
    run_export(new_doc, _job(out))
    assert snapshot(out) == {NAMES[k]: fast_renderers[k] for k in KINDS}


def test_a_failed_first_export_creates_no_file(monkeypatch, tmp_path, new_doc, fast_renderers):
    inject(monkeypatch, FaultyOs(NAMES["report"], replace=True))
    with pytest.raises(ExportError):
        run_export(new_doc, _job(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_after_the_last_output_changes_nothing(out, previous_export, new_doc,
                                                         fast_renderers):
    from briefing.export.job import Cancelled

    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > len(KINDS)  # every output rendered, then the user cancels

    with pytest.raises(Cancelled):
        run_export(new_doc, _job(out), cancelled=cancelled)
    assert snapshot(out) == previous_export and temporaries(out) == []


# --- export: the real renderers ------------------------------------------------------------------

@pytest.mark.parametrize("limit", [0, 5000])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_that_runs_out_of_space_in_any_output_changes_none(
        monkeypatch, out, previous_export, new_doc, kind, limit):
    faulty = inject(monkeypatch, FaultyOs(NAMES[kind], write_limit=limit))
    with pytest.raises(ExportError) as caught:
        run_export(new_doc, _job(out))
    assert faulty.hits == ["write"]
    assert str(caught.value).startswith(f"could not write {out / NAMES[kind]}: "
                                        "No space left on device")
    assert snapshot(out) == previous_export
    assert temporaries(out) == []


def _raiser(*args, **kw):
    raise RuntimeError("renderer exploded")


@pytest.mark.parametrize("kind", KINDS)
def test_a_renderer_that_raises_in_any_output_changes_none(monkeypatch, out, previous_export,
                                                          new_doc, kind):
    import importlib

    module, func = RENDERERS[kind]
    monkeypatch.setattr(importlib.import_module(module), func, _raiser)
    with pytest.raises(ExportError, match=f"writing {NAMES[kind]} .RuntimeError: renderer "
                                          "exploded.; no file was changed"):
        run_export(new_doc, _job(out))
    assert snapshot(out) == previous_export and temporaries(out) == []


@pytest.mark.parametrize("where", ["briefing.render.pptx.deck.add_chart",
                                   "briefing.render.pdf.slide.chart_drawing",
                                   "briefing.render.pdf.paper.chart_drawing"])
def test_a_chart_that_cannot_be_drawn_fails_the_export_cleanly(monkeypatch, out,
                                                               previous_export, new_doc, where):
    import importlib

    module, func = where.rsplit(".", 1)
    mod = importlib.import_module(module)
    assert hasattr(mod, func), f"{where} moved: update the fault target"
    monkeypatch.setattr(mod, func, _raiser)
    with pytest.raises(ExportError, match="renderer exploded"):
        run_export(new_doc, _job(out))
    assert snapshot(out) == previous_export and temporaries(out) == []


# --- the CLI: one line, exit 1 ---------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["write", "fsync", "replace", "renderer"])
@pytest.mark.parametrize("kind", ["pptx", "report"])
def test_the_cli_reports_a_failed_export_in_one_line_and_exits_1(
        monkeypatch, capsys, out, previous_export, briefing_file, fault, kind):
    if fault == "renderer":
        import importlib

        module, func = RENDERERS[kind]
        monkeypatch.setattr(importlib.import_module(module), func, _raiser)
        reason = "RuntimeError: renderer exploded"
    else:
        spec = {"write": {"write_limit": 500}, "fsync": {"fsync": True},
                "replace": {"replace": True}}[fault]
        inject(monkeypatch, FaultyOs(NAMES[kind], **spec))
        reason = os.strerror(errno.EIO if fault == "replace" else errno.ENOSPC)
    capsys.readouterr()
    assert cli_export(briefing_file, out) == 1
    line = the_one_message(capsys)
    assert line.startswith(f"{briefing_file}: error: export failed: ")
    assert reason in line and line.endswith("no file was changed")
    assert snapshot(out) == previous_export and temporaries(out) == []


# --- images that went bad after validation -----------------------------------------------------

def _png(width: int = 320, height: int = 200) -> bytes:
    im = PILImage.new("RGB", (width, height), (30, 90, 160))
    for x in range(0, width, 7):
        for y in range(height):
            im.putpixel((x, y), (x % 256, y % 256, 80))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _jpeg() -> bytes:
    buf = io.BytesIO()
    PILImage.open(io.BytesIO(_png())).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _bomb_png(side: int = 100_000) -> bytes:
    """A tiny PNG whose header claims side x side pixels (Pillow refuses to open it)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))

    ihdr = side.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


SPOILERS: dict[str, Callable[[Path], None]] = {
    "text-file": lambda p: p.write_bytes(b"this is not a picture\n" * 40),
    "empty": lambda p: p.write_bytes(b""),
    "png-cut-in-half": lambda p: p.write_bytes(_png()[:len(_png()) // 2]),
    "png-header-only": lambda p: p.write_bytes(_png()[:40]),
    "jpeg-cut-in-half": lambda p: p.write_bytes(_jpeg()[:len(_jpeg()) // 2]),
    "decompression-bomb": lambda p: p.write_bytes(_bomb_png()),
    "deleted": lambda p: p.unlink(),
    "now-a-folder": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.fixture
def picture_briefing(tmp_path) -> Path:
    folder = tmp_path / "pic"
    folder.mkdir()
    (folder / "map.png").write_bytes(_png())
    doc = model.Document(
        title="Picture briefing", as_of=dt.date(2024, 1, 19),
        sections=[model.Section(kind="image", title="The border area", id="map",
                                image=model.Image(path="map.png", caption="Border area",
                                                  alt="Map of the border area"))])
    path = folder / "briefing.yaml"
    save(doc, path)
    assert load_file(path) == doc  # validation passes while the picture is good
    return path


@pytest.mark.parametrize("spoil", list(SPOILERS))
@pytest.mark.parametrize("kind", KINDS)
def test_a_picture_spoiled_after_validation_gives_a_message_or_a_placeholder(
        capsys, tmp_path, picture_briefing, spoil, kind):
    doc = load_file(picture_briefing)
    SPOILERS[spoil](picture_briefing.parent / "map.png")
    target = tmp_path / NAMES[kind]
    job = ExportJob(**{kind: target}, base_dir=picture_briefing.parent)
    try:
        run_export(doc, job)
    except ExportError as exc:
        message = str(exc)
        assert "\n" not in message and "map.png" in message, message
        assert "0x" not in message, message  # no object addresses
        assert not target.exists()
    else:
        if kind != "pptx":
            text = "".join(page.extract_text() for page in PdfReader(target).pages)
            assert "Image not available" in " ".join(text.split()), text[:300]
        else:
            pytest.fail("the deck was written with a broken picture in it")
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("spoil", list(SPOILERS))
def test_the_cli_exports_a_spoiled_picture_without_a_traceback(capsys, tmp_path,
                                                              picture_briefing, spoil):
    SPOILERS[spoil](picture_briefing.parent / "map.png")
    code = cli_export(picture_briefing, tmp_path / "out")
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code == 1:  # the CLI validates first, so this is the reader's one problem (+ count)
        lines = err.splitlines()
        assert "map.png" in lines[0] and lines[1:] in ([], ["1 error"]), err
        assert not (tmp_path / "out").exists()
    else:
        assert code == 0 and len(out.splitlines()) == len(KINDS)


# --- a process killed in the middle of saving ------------------------------------------------------

CHILD = r"""
import sys
from pathlib import Path
root, target, a_text, b_text = sys.argv[1:5]
sys.path[:0] = [root, root + "/benchmarks"]
from generate import make_document
from briefing.format import writer

a, b = make_document(300, seed=1), make_document(300, seed=2)
# the parent checked these are writer.dumps of the same documents; memoised here so that the
# time between kills is spent writing, syncing and renaming rather than in the YAML emitter
texts = {id(a): Path(a_text).read_text("utf-8"), id(b): Path(b_text).read_text("utf-8")}
writer.dumps = lambda doc: texts[id(doc)]
writer.save(a, target)
print("ready", flush=True)
while True:
    writer.save(b, target)
    writer.save(a, target)
"""


def test_a_save_killed_at_random_moments_leaves_a_whole_document(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import make_document
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    docs = {"a": make_document(300, seed=1), "b": make_document(300, seed=2)}
    texts = {k: dumps(d) for k, d in docs.items()}
    assert texts["a"] != texts["b"]
    for k, text in texts.items():
        (tmp_path / f"{k}.txt").write_text(text, "utf-8")
    whole = {text.encode("utf-8"): k for k, text in texts.items()}
    folder = tmp_path / "desk"
    folder.mkdir()
    target = folder / "briefing.yaml"
    rng = random.Random(8)
    seen = []
    for _kill in range(10):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(ROOT), str(target), str(tmp_path / "a.txt"),
             str(tmp_path / "b.txt")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            ready = child.stdout.readline()
            assert ready == b"ready\n", child.stderr.read().decode()
            try:
                child.wait(timeout=rng.uniform(0.0, 0.4))
            except subprocess.TimeoutExpired:
                pass
            assert child.poll() is None, child.stderr.read().decode()
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        data = target.read_bytes()
        assert data in whole, f"after kill {_kill + 1}: a mix of {len(data)} bytes"
        assert load_file(target) == docs[whole[data]]
        seen.append(whole[data])
        for name in os.listdir(folder):
            if name != target.name:
                match = TEMP.match(name)
                assert match and match["name"] == target.name, name
        assert sorted(p.name for p in folder.glob("*.yaml")) == [target.name]
    print(f"after 10 kills: documents {seen}, temporaries left {temporaries(folder)}")


# --- temp files never end up in the way --------------------------------------------------------

def test_temporaries_are_hidden_and_named_after_their_target(monkeypatch, tmp_path, new_doc):
    made = []
    real = tempfile.mkstemp

    def watch(*args, **kw):
        fd, name = real(*args, **kw)
        made.append(os.path.basename(name))
        return fd, name

    monkeypatch.setattr(atomic, "tempfile", SimpleNamespace(mkstemp=watch))
    save(new_doc, tmp_path / "b.yaml")
    assert len(made) == 1 and TEMP.match(made[0])["name"] == "b.yaml"


def test_when_putting_a_file_back_fails_too_the_message_names_it_and_its_old_version_stays(
        monkeypatch, out, previous_export, new_doc, fast_renderers):
    """A double fault: the last rename fails, then so does restoring the first file. The
    message must not say "no file was changed"; it names the file that is new, and that
    file's old version is kept, not deleted with the other backups."""
    deck = out / NAMES["pptx"]

    class RestoreFails(FaultyOs):
        def replace(self, src, dst):
            if str(src).endswith(".bak.tmp") and Path(dst) == deck:
                self.hits.append("restore")
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(src), None, str(dst))
            super().replace(src, dst)

    faulty = inject(monkeypatch, RestoreFails(NAMES["report"], replace=True))
    with pytest.raises(ExportError) as caught:
        run_export(new_doc, _job(out))
    assert faulty.hits == ["replace", "restore"]
    message = str(caught.value)
    assert "no file was changed" not in message
    assert message.endswith(f"{deck} already hold the new export and could not be put back (an "
                            "old version is kept beside its file as a hidden .NAME.*.bak.tmp); "
                            "no other file was changed")
    now = snapshot(out)
    assert now.pop(NAMES["pptx"]) == fast_renderers["pptx"]
    kept = [now.pop(name) for name in temporaries(out)]
    assert kept == [previous_export[NAMES["pptx"]]]  # the old deck, in its .bak.tmp
    assert now == {k: v for k, v in previous_export.items() if k != NAMES["pptx"]}
