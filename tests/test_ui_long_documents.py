"""Long documents in the window: the GUI thread never lays out, checks or copies a whole
document; an edit lays out only its section; an export shows how far it has got.

Nothing here measures time (`benchmarks/gui_bench.py` does): each spec counts the work done,
and where it ran.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import make_document  # noqa: E402

from briefing import dumps  # noqa: E402

SECTIONS = 30


@pytest.fixture
def long_file(tmp_path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(dumps(make_document(SECTIONS, seed=5)), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DESK_DATA_DIR", str(tmp_path / "appdata"))
    from ui.mainwindow import MainWindow

    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.ctrl.undo.setClean()
    win.close()
    win.deleteLater()


def settled(window) -> bool:
    """The preview shows the document as it is and the problems are counted."""
    return (not window.slide_preview.busy() and not window.checker.busy()
            and window.problems is not None)


def open_long(window, qtbot, path: Path) -> None:
    assert window.load_path(path)
    qtbot.waitUntil(lambda: settled(window) and window.slide_preview.render_count > 0,
                    timeout=120000)


def test_opening_a_long_document_lays_out_and_checks_nothing_in_the_gui_process(
        window, qtbot, long_file, monkeypatch):
    """Given a 30-section briefing, when it is opened and its first section previewed and
    checked, then no section was laid out, and the document was neither checked nor written
    out, in the window's process: the workers did it (1,000 sections froze the window for
    seconds when the GUI thread did)."""
    import briefing.layout.document as document
    import briefing.layout.incremental as incremental
    import ui.problems as problems

    calls: list[str] = []
    real_section, real_find = document.layout_section, problems.find_problems

    def section_here(*args, **kwargs):
        calls.append("layout_section")
        return real_section(*args, **kwargs)

    def find_here(*args, **kwargs):
        calls.append("find_problems")
        return real_find(*args, **kwargs)

    monkeypatch.setattr(document, "layout_section", section_here)
    monkeypatch.setattr(incremental, "layout_section", section_here)
    monkeypatch.setattr(problems, "find_problems", find_here)  # the window's own modules
    open_long(window, qtbot, long_file)
    assert window.slide_preview.pages and window.slide_preview.pages[0].section_id == "sec-1"
    assert window.problems.count == 0
    assert calls == []


def test_an_edit_to_one_section_lays_out_only_that_section(window, qtbot, long_file):
    open_long(window, qtbot, long_file)
    row = next(i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "text"
               and i > 3)
    window.select_row(row)
    section = window.ctrl.doc.sections[row]
    qtbot.waitUntil(lambda: settled(window)
                    and window.slide_preview.pages[0].section_id == section.id,
                    timeout=60000)
    shown = window.slide_preview.render_count
    edit = window.editor.text_edit
    edit.setFocus()
    qtbot.keyClicks(edit, " More.")
    qtbot.waitUntil(lambda: settled(window) and window.slide_preview.render_count > shown,
                    timeout=60000)
    assert section.text.startswith(" More.")
    assert window.slide_preview.last_laid_out == [section.id]


def test_typing_pickles_only_the_section_typed_in(window, qtbot, long_file):
    """A snapshot for the workers is taken after every pause in typing: it pickles again only
    the sections edited since the last one, not the whole document."""
    open_long(window, qtbot, long_file)
    window.ctrl.snapshot()
    before = window.ctrl.snapshots.pickled
    row = next(i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "text")
    window.select_row(row)
    qtbot.keyClicks(window.editor.text_edit, "abc")
    window.ctrl.snapshot()
    assert window.ctrl.snapshots.pickled == before + 1
    window.ctrl.doc.title = "Changed behind the controller's back"
    window.ctrl.notify_structure()  # a change that does not say which section
    window.ctrl.snapshot()
    assert window.ctrl.snapshots.pickled == before + 1 + SECTIONS


def test_export_progress_moves_by_pages(window, qtbot, long_file, tmp_path):
    """Given a long document, when its slides PDF is exported through the export worker, then
    the progress bar gets many values between 0 and 100%, rising, and ends at 100% (it
    stayed at 0% until the end)."""
    from briefing.export.job import ExportJob
    from ui.export_worker import ExportRunner

    open_long(window, qtbot, long_file)
    values: list[float] = []
    results: list[bool] = []
    runner = ExportRunner(window.ctrl.doc, ExportJob(pdf=tmp_path / "long.pdf",
                                                     base_dir=long_file.parent), window)
    runner.progress.connect(lambda _text, fraction: values.append(fraction))
    runner.done.connect(lambda ok, _msg, _paths: results.append(ok))
    runner.start()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    assert results == [True]
    between = [v for v in values if 0 < v < 1]
    assert len(set(between)) >= 20
    assert values == sorted(values) and values[-1] == 1.0
