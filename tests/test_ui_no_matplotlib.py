"""The desktop app draws its chart previews without matplotlib.

The previews paint the ReportLab drawing the PDFs print; importing matplotlib would cost most of
a second and hold the window. Run in a fresh interpreter, so other tests' imports don't count.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import sys
from PySide6.QtWidgets import QApplication
import ui.app
from ui import background
from ui.mainwindow import MainWindow

app = ui.app.make_app([sys.argv[0]])
window = MainWindow()
window.load_example()
window.show()
row = next(i for i, s in enumerate(window.ctrl.doc.sections) if s.kind == "chart")
window.select_row(row)
editor = window.editor
editor.preview.render_now()
window.slide_preview.wait_for_charts = True
window.slide_preview.refresh_now()
background.run(lambda: None)  # the warm-up and every queued chart job have run
app.processEvents()
labels = []
from ui.drawing_painter import drawing_strings
labels = drawing_strings(editor.preview.drawing)
print("LABELS", "|".join(labels))
print("CHARTS", sum(1 for p in window.slide_preview.pages for e in p.elements
                    if type(e).__name__ == "ChartFrame"))
print("MATPLOTLIB", sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")[:5])
window.ctrl.undo.setClean()
window.close()
"""


def test_showing_a_chart_preview_never_imports_matplotlib(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               BRIEFING_DESK_DATA_DIR=str(tmp_path / "appdata"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         env=env, cwd=str(ROOT), timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    out = dict(line.split(" ", 1) for line in res.stdout.splitlines() if " " in line)
    # the chart editor and the slide preview both drew the casualty chart ...
    labels = out["LABELS"].split("|")  # a label wider than its column takes two lines
    assert "at least 9" in labels or "at least|9" in out["LABELS"]
    assert int(out["CHARTS"]) >= 1
    # ... and nothing imported matplotlib to do it
    assert out["MATPLOTLIB"] == "[]"
