"""GUI responsiveness of Briefing Desk, offscreen: prints one JSON line.

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_bench.py [--edits 50] [--launches 3]

- startup: from launching `python -m ui.app`'s code path in a fresh process to the main window
  shown with the example (a zero-delay timer after `show()` fires once the event loop has
  processed the show; it prints a timestamp and quits);
- preview: a chart-cell edit in the chart editor's grid, timed from the moment the preview's
  debounce timer fires to the redrawn image painted (`redraw_ms`), and from the edit itself
  (`edit_to_shown_ms`, which includes the debounce, reported separately as `debounce_ms`);
- stall: a 10 ms QTimer heartbeat in the GUI thread while the export worker (`ExportRunner`, as
  the Export menu uses it) writes the example's deck, slides PDF and handout; the longest gap
  between beats is the longest the window could not react. Its first export starts ~0.4 s after
  the window is shown, as a user's might, so the app's warm-up has had a moment to load;
- both parts say whether the process imported matplotlib (the previews paint the ReportLab
  drawing the PDFs print, and must not);
- long documents (`--sections 50,1000`, made by `benchmarks/generate.py`), each size in its own
  process: `open`, from `MainWindow.load_path` called to the window answering input again with the
  first section in the editor (`interactive_s`), to its slides in the preview (`preview_s`)
  and to the problems counted (`validated_s`), and the longest heartbeat gap meanwhile;
  all three start from a window shown a moment before (its warm-up done: exporters loaded,
  worker processes started);
  `typing`, keystrokes posted to the section text editor as a user's would arrive (bursts of
  20 at 60 ms, a 0.7 s pause after each, so the preview and the validation run between and
  during bursts), the longest gap and whether every key arrived; `export`, the slides PDF of
  the document through `ExportRunner`, the longest gap, the export time and how many distinct
  progress values the bar showed; `save`, File ▸ Save of the document to a new file: the save's
  time and the longest gap meanwhile.

Each part runs in its own process with private settings and autosave folders, so nothing of the
user's is read or changed. Tests never assert on these numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"),
               BRIEFING_DESK_DATA_DIR=str(tmp / "appdata"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _child(part: str, tmp: Path, *extra: str) -> dict:
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--part", part, *extra],
                         capture_output=True, text=True, env=_env(tmp), cwd=str(ROOT),
                         timeout=600)
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    if res.returncode != 0 or not lines:
        tail = (res.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": f"{part}: {tail}"}
    return json.loads(lines[-1])


# --- part 1: start to window shown ---------------------------------------------------------------


def startup_once(tmp: Path) -> float:
    """Seconds from launching a fresh interpreter to the main window shown (example loaded)."""
    code = (
        "import sys, time\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import ui.app\n"
        "app = ui.app.make_app(sys.argv)\n"
        "def shown():\n"
        "    from ui.mainwindow import MainWindow\n"
        "    wins = [w for w in QApplication.topLevelWidgets()\n"
        "            if isinstance(w, MainWindow) and w.isVisible()]\n"
        "    if not wins:\n"
        "        QTimer.singleShot(0, shown); return\n"
        "    print('SHOWN', time.time(), flush=True)\n"
        "    wins[0].ctrl.undo.setClean(); wins[0].close(); app.quit()\n"
        "QTimer.singleShot(0, shown)\n"
        "sys.exit(ui.app.main([]))\n"
    )
    t0 = time.time()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=_env(tmp), cwd=str(ROOT), timeout=300)
    for line in res.stdout.splitlines():
        if line.startswith("SHOWN "):
            return float(line.split()[1]) - t0
    raise RuntimeError((res.stderr.strip().splitlines() or ["no window"])[-1])


# --- shared in-process helpers -------------------------------------------------------------------


def _window():
    from PySide6.QtWidgets import QApplication

    import ui.app
    from ui.mainwindow import MainWindow

    app = ui.app.make_app([sys.argv[0]])
    window = MainWindow()
    window.load_example()
    window.show()
    rows = [i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "chart"]
    window.select_row(rows[0])
    _settle(app, 0.3)
    return app, window, QApplication


def _matplotlib_imported() -> bool:
    """Whether this process imported matplotlib (the previews and exports should not)."""
    return any(name.split(".")[0] == "matplotlib" for name in sys.modules)


def _settle(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)


def _wait(app, condition, timeout: float = 30.0) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.0005)
    return False


# --- part 2: chart preview redraw after a cell edit -----------------------------------------------


def preview_part(edits: int) -> dict:
    app, window, _qapp = _window()
    editor = window.editor
    preview, grid = editor.preview, editor.grid
    marks: dict[str, float] = {}

    def fired() -> None:
        marks["fired"] = time.perf_counter()

    # measure from the debounce timer firing: our slot must run before the render starts
    timer = preview.timer
    timer.timeout.disconnect()
    timer.timeout.connect(fired)
    timer.timeout.connect(preview.start_render)
    start_count = preview.render_count
    _wait(app, lambda: preview.render_count > start_count, 60)
    redraw, total, debounce = [], [], []
    row, col = 1, 1
    for i in range(edits):
        marks.clear()
        before = preview.render_count
        t_edit = time.perf_counter()
        ok = grid.setData(grid.index(row, col), str(100 + i))
        if not ok:
            raise RuntimeError("the chart grid refused the edit")
        if not _wait(app, lambda b=before: preview.render_count > b, 60):
            raise RuntimeError("the preview did not redraw within 60 s")
        preview.image_label.repaint()  # the new image painted, not only handed over
        t_done = time.perf_counter()
        redraw.append((t_done - marks.get("fired", t_edit)) * 1000)
        total.append((t_done - t_edit) * 1000)
        debounce.append((marks.get("fired", t_edit) - t_edit) * 1000)
        _settle(app, 0.02)
    window.ctrl.undo.setClean()
    window.close()
    return {
        "edits": edits,
        "redraw_ms_median": round(statistics.median(redraw), 1),
        "redraw_ms_p95": round(_percentile(redraw, 95), 1),
        "redraw_ms_max": round(max(redraw), 1),
        "edit_to_shown_ms_median": round(statistics.median(total), 1),
        "edit_to_shown_ms_p95": round(_percentile(total, 95), 1),
        "debounce_ms": getattr(preview, "DELAY_MS", None),
        "debounce_measured_ms_median": round(statistics.median(debounce), 1),
        "matplotlib_imported": _matplotlib_imported(),
    }


# --- part 3: longest UI stall during an export -----------------------------------------------------


def stall_part(repeats: int) -> dict:
    from PySide6.QtCore import QTimer

    from briefing.export.job import default_job
    from ui.export_worker import ExportRunner

    app, window, _qapp = _window()
    out = Path(tempfile.mkdtemp(prefix="gui-bench-export-"))
    runs = []
    for k in range(repeats):
        beats: list[float] = []
        heartbeat = QTimer()
        heartbeat.setInterval(10)
        heartbeat.timeout.connect(lambda b=beats: b.append(time.perf_counter()))
        result: dict = {}
        runner = ExportRunner(window.ctrl.doc, default_job("example", out / str(k)), window)
        runner.done.connect(lambda ok, msg, _paths, r=result: r.update(
            ok=ok, msg=msg, end=time.perf_counter()))
        heartbeat.start()
        _settle(app, 0.1)
        t0 = time.perf_counter()
        beats.append(t0)
        runner.start()
        _wait(app, lambda r=result: "end" in r, 300)
        _settle(app, 0.05)
        heartbeat.stop()
        during = [b for b in beats if b >= t0]
        gaps = [(b - a) * 1000 for a, b in zip(during, during[1:], strict=False)]
        runs.append({"ok": result.get("ok"), "message": result.get("msg"),
                     "export_s": round(result.get("end", t0) - t0, 3),
                     "max_gap_ms": round(max(gaps, default=0.0), 1),
                     "p99_gap_ms": round(_percentile(gaps, 99), 1), "beats": len(during)})
    window.ctrl.undo.setClean()
    window.close()
    return {"runs": runs, "max_gap_ms": max(r["max_gap_ms"] for r in runs),
            "first_run_max_gap_ms": runs[0]["max_gap_ms"],
            "matplotlib_imported": _matplotlib_imported()}


# --- parts 4-6: a long document: open, typing, export ------------------------------------------------


class _Heartbeat:
    """A 10 ms timer in the GUI thread; the longest gap between beats is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))

    def start(self) -> None:
        self.beats = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        self.beats.append(time.perf_counter())
        gaps = [(b - a) * 1000 for a, b in zip(self.beats, self.beats[1:], strict=False)]
        return {"max_gap_ms": round(max(gaps, default=0.0), 1),
                "p99_gap_ms": round(_percentile(gaps, 99), 1),
                "gaps_over_100_ms": sum(1 for g in gaps if g > 100)}


def _long_document(sections: int) -> Path:
    sys.path.insert(0, str(HERE))
    from generate import make_document

    from briefing import dumps

    folder = Path(tempfile.mkdtemp(prefix="gui-bench-doc-"))
    path = folder / f"long-{sections}.yaml"
    path.write_text(dumps(make_document(sections)), encoding="utf-8")
    return path


def _empty_window():
    import ui.app
    from ui.mainwindow import MainWindow

    app = ui.app.make_app([sys.argv[0]])
    window = MainWindow()
    window.show()
    _settle(app, 0.5)
    # a window the user has had for a moment: the warm-up has loaded the exporters and
    # started the worker processes (a cold start is the startup part's business)
    from ui import background

    for lane in (background.LAYOUT, background.CHECK):
        _wait(app, background.submit_to(lane, background.load_worker).done, 120)
    loading = background._exporters_loading
    _wait(app, lambda: loading is None or not loading.is_alive(), 120)
    _settle(app, 0.3)
    return app, window


def _preview_busy(window) -> bool:
    busy = getattr(window.slide_preview, "busy", None)
    return bool(busy()) if callable(busy) else window.slide_preview.timer.isActive()


def _validation_busy(window) -> bool:
    busy = getattr(window, "validation_busy", None)
    if callable(busy):
        return bool(busy())
    checker = getattr(window, "checker", None)
    if checker is not None:
        return checker.busy()
    return window.validate_timer.isActive()


def open_part(sections: int) -> dict:
    from PySide6.QtCore import QTimer

    path = _long_document(sections)
    app, window = _empty_window()
    preview = window.slide_preview
    beat = _Heartbeat()
    marks: dict[str, float] = {}
    beat.start()
    _settle(app, 0.1)
    renders = preview.render_count
    t0 = time.perf_counter()
    if not window.load_path(path):
        raise RuntimeError("the document did not open")
    QTimer.singleShot(0, lambda: marks.setdefault("interactive", time.perf_counter()))

    def done() -> bool:
        now = time.perf_counter()
        if window.editor is not None and "interactive" in marks:
            if preview.render_count > renders and not _preview_busy(window):
                marks.setdefault("preview", now)
            if window.problems is not None and not _validation_busy(window):
                marks.setdefault("validated", now)
        return "preview" in marks and "validated" in marks

    _wait(app, done, 300)
    _settle(app, 0.2)
    out = beat.stop()
    out.update({"sections": sections, "interactive_s": round(marks.get("interactive", t0) - t0, 3),
                "preview_s": round(marks.get("preview", t0) - t0, 3),
                "validated_s": round(marks.get("validated", t0) - t0, 3)})
    window.ctrl.undo.setClean()
    window.close()
    return out


def typing_part(sections: int, bursts: int = 5, burst: int = 20) -> dict:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    path = _long_document(sections)
    app, window = _empty_window()
    window.load_path(path)
    rows = [i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "text"]
    window.select_row(rows[len(rows) // 2])
    _wait(app, lambda: not _preview_busy(window) and not _validation_busy(window), 300)
    _settle(app, 0.5)
    edit = window.editor.text_edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    _settle(app, 0.1)
    before = edit.toPlainText()
    typed = []
    beat = _Heartbeat()
    beat.start()
    for b in range(bursts):
        for k in range(burst):
            ch = "abcdefghij"[(b * burst + k) % 10]
            typed.append(ch)
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.postEvent(edit, QKeyEvent(kind, Qt.Key.Key_A + ord(ch) - ord("a"),
                                              Qt.KeyboardModifier.NoModifier, ch))
            _settle(app, 0.06)
        _settle(app, 0.7)
    _wait(app, lambda: not _preview_busy(window) and not _validation_busy(window), 300)
    out = beat.stop()
    after = edit.toPlainText()
    out.update({"sections": sections, "keys": len(typed),
                "keys_arrived": after == before + "".join(typed),
                "section_text_saved": window.editor.section.text == after})
    window.ctrl.undo.setClean()
    window.close()
    return out


def export_part(sections: int) -> dict:
    from briefing.export.job import ExportJob
    from ui.export_worker import ExportRunner

    path = _long_document(sections)
    app, window = _empty_window()
    window.load_path(path)
    _wait(app, lambda: not _preview_busy(window) and not _validation_busy(window), 300)
    _settle(app, 0.5)
    out_dir = Path(tempfile.mkdtemp(prefix="gui-bench-export-"))
    job = ExportJob(pdf=out_dir / "long.pdf", base_dir=path.parent)
    result: dict = {}
    values: list[float] = []
    beat = _Heartbeat()
    beat.start()
    _settle(app, 0.1)
    t0 = time.perf_counter()
    runner = ExportRunner(window.ctrl.doc, job, window)
    runner.progress.connect(lambda _text, f: values.append(f))
    runner.done.connect(lambda ok, msg, _paths: result.update(ok=ok, msg=msg,
                                                              end=time.perf_counter()))
    runner.start()
    _wait(app, lambda: "end" in result, 900)
    _settle(app, 0.05)
    out = beat.stop()
    out.update({"sections": sections, "ok": result.get("ok"), "message": result.get("msg"),
                "export_s": round(result.get("end", t0) - t0, 2),
                "progress_values": len({round(v, 3) for v in values}),
                "progress_before_end": sorted({round(v, 2) for v in values if 0 < v < 1})[:3]})
    window.ctrl.undo.setClean()
    window.close()
    return out


def save_part(sections: int) -> dict:
    """File > Save of a long document: how long it takes and the longest stall of the window."""
    path = _long_document(sections)
    app, window = _empty_window()
    window.load_path(path)
    _wait(app, lambda: not _preview_busy(window) and not _validation_busy(window), 300)
    _settle(app, 0.5)
    target = path.with_name("saved.yaml")
    beat = _Heartbeat()
    beat.start()
    _settle(app, 0.1)
    t0 = time.perf_counter()
    ok = window.save_to(target)
    elapsed = time.perf_counter() - t0
    _settle(app, 0.1)
    out = beat.stop()
    out.update({"sections": sections, "ok": ok, "save_s": round(elapsed, 2),
                "bytes": target.stat().st_size if target.exists() else 0})
    window.close()
    return out


# --- driver ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3, help="exports timed for the stall")
    parser.add_argument("--sections", default="50,1000",
                        help="long-document sizes for open, typing and export ('' for none)")
    parser.add_argument("--part", choices=("preview", "stall", "open", "typing", "export", "save"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--only", default="startup,preview,stall,open,typing,export,save",
                        help="the parts to run, separated by commas")
    args = parser.parse_args()
    long_parts = {"open": open_part, "typing": typing_part, "export": export_part,
                  "save": save_part}
    if args.part in long_parts:
        print(json.dumps(long_parts[args.part](int(args.sections))))
        return
    if args.part == "preview":
        print(json.dumps(preview_part(args.edits)))
        return
    if args.part == "stall":
        print(json.dumps(stall_part(args.repeats)))
        return
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="gui-bench-") as tmpdir:
        tmp = Path(tmpdir)
        only = set(args.only.split(","))
        if "startup" in only:
            try:
                startup_once(tmp)  # first launch fills caches (fonts, bytecode): not counted
                times = [startup_once(tmp) for _ in range(args.launches)]
                result["startup_s"] = {"median": round(statistics.median(times), 3),
                                       "min": round(min(times), 3),
                                       "max": round(max(times), 3)}
            except Exception as exc:  # report, do not hide the other parts
                result["startup_s"] = {"error": str(exc)}
        if "preview" in only:
            result["preview"] = _child("preview", tmp, "--edits", str(args.edits))
        if "stall" in only:
            result["stall"] = _child("stall", tmp, "--repeats", str(args.repeats))
        sizes = [int(n) for n in args.sections.split(",") if n.strip()]
        for part in ("open", "typing", "export", "save"):
            if part in only:
                result[part] = {str(n): _child(part, tmp, "--sections", str(n)) for n in sizes}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
