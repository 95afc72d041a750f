"""An export never destroys its own input, nor a file the user did not mean to replace.

Given a briefing folder (the briefing, an image it shows, a corporate template) and an output
path that is one of those files, however it is spelt (the same string, a `..` detour, a
symbolic link, a hard link), or two outputs that are one file, or a folder, a pipe, or a
read-only file, when the briefing is exported, then the export is refused before anything is
written: exit 1, one line naming the path and saying what to do, every file byte-identical, no
temporary and no new folder. `--force` replaces a read-only file. A failed export removes the
folders it made, and only those. The same check guards the desktop app's export.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import stat
from pathlib import Path

import pytest
from PIL import Image as PILImage

from briefing import load_file
from briefing.cli import main
from briefing.errors import ExportError
from briefing.export.job import ExportJob, run_export
from briefing.format.writer import save
from briefing.model import document as model

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
FLAGS = {"pptx": "--pptx", "pdf": "--pdf", "handout": "--handout", "report": "--report"}


def _png() -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (64, 40), (30, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def src(tmp_path) -> Path:
    """A briefing folder: briefing.yaml showing map.png, and a corporate template."""
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "map.png").write_bytes(_png())
    shutil.copy(TEMPLATE, folder / "corporate.pptx")
    doc = model.Document(
        title="Picture briefing", as_of=dt.date(2024, 1, 19),
        sections=[model.Section(kind="text", title="Bottom line", id="bl", text="Calm."),
                  model.Section(kind="image", title="The border area", id="map",
                                image=model.Image(path="map.png", caption="Border area",
                                                  alt="Map of the border area"))])
    save(doc, folder / "briefing.yaml")
    assert load_file(folder / "briefing.yaml") == doc
    return folder


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, links not followed."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            found[rel] = os.readlink(path).encode()
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = None
    return found


def export(*args: str | Path) -> int:
    return main(["export", *map(str, args)])


def one_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def refused(capsys, tmp_path: Path, *args: str | Path) -> str:
    """Export with `args`; assert it was refused with one line and changed nothing."""
    before = tree(tmp_path)
    assert export(*args) == 1
    line = one_line(capsys)
    assert tree(tmp_path) == before, "a file or folder was written, changed or removed"
    return line


# --- the briefing, the template and the images are never written over ------------------------

SPELLINGS = {
    "same string": lambda src, name: src / name,
    "dot-dot": lambda src, name: src / ".." / "src" / name,
    "symbolic link": lambda src, name: _link(src.parent / f"link-{name}", src / name),
    "hard link": lambda src, name: _hard(src.parent / f"hard-{name}", src / name),
    "linked folder": lambda src, name: _link(src.parent / "src-link", src) / name,
}


def _link(link: Path, to: Path) -> Path:
    link.symlink_to(to)
    return link


def _hard(link: Path, to: Path) -> Path:
    os.link(to, link)
    return link


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@pytest.mark.parametrize("kind", list(FLAGS))
def test_an_output_that_is_the_briefing_itself_is_refused(capsys, tmp_path, src, kind,
                                                           spelling):
    target = SPELLINGS[spelling](src, "briefing.yaml")
    line = refused(capsys, tmp_path, src / "briefing.yaml", FLAGS[kind], target)
    assert line.startswith(f"{src / 'briefing.yaml'}: error: ")
    assert "would replace the briefing being exported" in line and str(target) in line
    assert line.endswith("choose another file name; nothing was written")


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_a_deck_written_over_its_own_template_is_refused(capsys, tmp_path, src, spelling):
    target = SPELLINGS[spelling](src, "corporate.pptx")
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pptx", target,
                   "--template", src / "corporate.pptx")
    assert "the deck would replace the template" in line and str(target) in line


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@pytest.mark.parametrize("kind", ["pdf", "report"])
def test_an_output_that_is_an_image_of_the_briefing_is_refused(capsys, tmp_path, src, kind,
                                                               spelling):
    target = SPELLINGS[spelling](src, "map.png")
    line = refused(capsys, tmp_path, src / "briefing.yaml", FLAGS[kind], target)
    assert "would replace the image 'map.png' of section 'The border area'" in line


def test_an_image_is_protected_even_when_the_audience_leaves_it_out(tmp_path, src):
    doc = load_file(src / "briefing.yaml")
    doc.markings = ["PUBLIC", "SECRET"]
    doc.sections[1].marking = "SECRET"
    job = ExportJob(pdf=src / "map.png", base_dir=src, audience="PUBLIC")
    with pytest.raises(ExportError, match="would replace the image 'map.png'"):
        run_export(doc, job)
    assert (src / "map.png").read_bytes() == _png()


# --- two outputs, one file ---------------------------------------------------------------------

def test_two_outputs_given_the_same_path_are_refused(capsys, tmp_path, src):
    out = tmp_path / "out"
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pdf", out / "a.pdf",
                   "--handout", out / "a.pdf")
    assert line.endswith(f"the slides PDF and the handout are both to be written to "
                         f"{out / 'a.pdf'}: give each output its own file; nothing was written")


def test_two_outputs_that_are_one_file_by_another_name_are_refused(capsys, tmp_path, src):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.pdf").write_bytes(b"the user's old export")
    os.link(out / "old.pdf", out / "also-old.pdf")
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pdf", out / "old.pdf",
                   "--report", out / "also-old.pdf")
    assert "the slides PDF and the briefing paper are both to be written to" in line
    assert "which are the same file" in line
    refused(capsys, tmp_path, src / "briefing.yaml", "--pptx", out / "deck.pptx",
            "--handout", out / "sub" / ".." / "deck.pptx")


def test_with_o_dir_an_extra_output_onto_a_default_one_is_refused(capsys, tmp_path, src):
    out = tmp_path / "out"
    line = refused(capsys, tmp_path, src / "briefing.yaml", "-o", out,
                   "--report", out / "briefing.pdf")
    assert "the slides PDF and the briefing paper" in line


# --- folders, pipes, read-only files -----------------------------------------------------------

def test_a_folder_given_as_the_first_target_is_named(capsys, tmp_path, src):
    (tmp_path / "somedir").mkdir()
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pdf", tmp_path / "somedir",
                   "--handout", tmp_path / "h.pdf")
    assert line.endswith(f"{tmp_path / 'somedir'} is a folder: give a file name for the slides "
                         f"PDF inside it, such as {tmp_path / 'somedir' / 'briefing.pdf'}; "
                         "nothing was written")


@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing"])
def test_a_path_ending_in_a_slash_is_a_folder_not_a_file_name(capsys, tmp_path, src, exists):
    """`--pdf newdir/` used to write a file called newdir."""
    if exists:
        (tmp_path / "newdir").mkdir()
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--handout", tmp_path / "h.pdf",
                   "--pdf", f"{tmp_path / 'newdir'}/")
    assert line.endswith(f"{tmp_path / 'newdir'}/ names a folder: give a file name for the "
                         f"slides PDF inside it, such as {tmp_path / 'newdir'}/briefing.pdf; "
                         "nothing was written")


def test_a_pipe_is_never_replaced_by_a_file(capsys, tmp_path, src):
    os.mkfifo(tmp_path / "pipe.pdf")
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pdf", tmp_path / "pipe.pdf")
    assert "is not an ordinary file (a device, pipe or socket)" in line
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe.pdf").st_mode)


@pytest.fixture
def read_only(tmp_path) -> Path:
    target = tmp_path / "out" / "slides.pdf"
    target.parent.mkdir()
    target.write_bytes(b"kept on purpose")
    target.chmod(0o444)
    return target


def test_a_read_only_output_is_refused_not_replaced(capsys, tmp_path, src, read_only):
    line = refused(capsys, tmp_path, src / "briefing.yaml", "--pdf", read_only)
    assert line.endswith(f"{read_only} is read-only: make it writable, choose another file "
                         "name, or give --force to replace it; nothing was written")


def test_force_replaces_a_read_only_output_and_keeps_it_read_only(capsys, src, read_only):
    assert export(src / "briefing.yaml", "--pdf", read_only, "--force") == 0
    assert read_only.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o444


def test_the_core_refuses_a_read_only_output_unless_forced(src, read_only):
    from briefing.export.targets import ReadOnlyTarget

    doc = load_file(src / "briefing.yaml")
    with pytest.raises(ReadOnlyTarget) as caught:
        run_export(doc, ExportJob(pdf=read_only, base_dir=src))
    assert caught.value.path == read_only and read_only.read_bytes() == b"kept on purpose"
    run_export(doc, ExportJob(pdf=read_only, base_dir=src, force=True))
    assert read_only.read_bytes().startswith(b"%PDF")


# --- a failed export removes the folders it made, and only those ---------------------------------

def _raiser(*args, **kw):
    raise RuntimeError("renderer exploded")


@pytest.mark.parametrize("kind", ["pdf", "report"])
def test_a_failed_export_removes_the_folders_it_made_and_only_those(capsys, monkeypatch,
                                                                    tmp_path, src, kind):
    import briefing.render.pdf.paper
    import briefing.render.pdf.slides

    monkeypatch.setattr(briefing.render.pdf.slides, "write_handout_pdf", _raiser)
    monkeypatch.setattr(briefing.render.pdf.paper, "write_report_pdf", _raiser)
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("the user's")
    (kept / "empty").mkdir()
    before = tree(tmp_path)
    assert export(src / "briefing.yaml", FLAGS[kind], kept / "empty" / "new" / "x.pdf",
                  "--pptx", tmp_path / "a" / "b" / "deck.pptx",
                  "--handout", kept / "c" / "h.pdf") == 1
    assert "renderer exploded" in one_line(capsys)
    assert tree(tmp_path) == before


def test_a_successful_export_keeps_the_folders_it_made(tmp_path, src):
    doc = load_file(src / "briefing.yaml")
    run_export(doc, ExportJob(pdf=tmp_path / "a" / "b" / "x.pdf", base_dir=src))
    assert (tmp_path / "a" / "b" / "x.pdf").is_file()


# --- the desktop app: the same rules --------------------------------------------------------------

@pytest.fixture
def window(qtbot, monkeypatch, tmp_path, src):
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QMessageBox

    from ui.mainwindow import MainWindow

    monkeypatch.setenv("BRIEFING_DESK_DATA_DIR", str(tmp_path / "appdata"))
    shown: list[tuple[str, str]] = []
    answers: list[QMessageBox.StandardButton] = []

    def dialog(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, f"{title}\n{text}"))
            if kind == "question":
                return answers.pop(0)
            return QMessageBox.StandardButton.Ok
        return show

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(dialog(kind)))
    win = MainWindow()
    assert win.load_path(src / "briefing.yaml")
    win.shown, win.answers = shown, answers
    yield win
    win.ctrl.undo.setClean()
    win.close()
    win.deleteLater()


def test_the_app_refuses_to_export_over_the_open_briefing(window, src, tmp_path):
    before = tree(tmp_path)
    window.export_to("pdf", src / "briefing.yaml")
    assert window.export_runner is None  # no worker started
    kind, text = window.shown[-1]
    assert kind == "warning" and "would replace the briefing being exported" in text
    assert tree(tmp_path) == before


def test_the_app_asks_before_replacing_a_read_only_file(window, qtbot, read_only):
    from PySide6.QtWidgets import QMessageBox

    window.answers.append(QMessageBox.StandardButton.No)
    window.export_to("pdf", read_only)
    assert window.export_runner is None and read_only.read_bytes() == b"kept on purpose"
    assert window.shown[-1][0] == "question" and "read-only" in window.shown[-1][1]
    window.answers.append(QMessageBox.StandardButton.Yes)
    window.export_to("pdf", read_only)
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert read_only.read_bytes().startswith(b"%PDF")
