"""PySide6 6.12 on Python 3.11 drops a reference to None on every void call and to True on
every signal emission; `import ui` must keep a long session from aborting on that."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parent.parent

SESSION = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    {prelude}
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    image = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    class Ping(QObject):
        ping = Signal(object)
    ping = Ping()
    ping.ping.connect(lambda value: None)
    for _ in range(60_000):  # far more than None's and True's reference counts at start
        painter.translate(0, 0)  # a void method
        ping.ping.emit(None)  # returns True
    painter.end()
    print("survived")
""")


def run_session(prelude: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SESSION.format(prelude=prelude)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_a_long_session_survives_once_ui_is_imported():
    result = run_session("import ui")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


def test_the_fix_is_applied_only_where_it_is_needed():
    from ui import pyside_fix

    if pyside_fix.needed():
        assert sys.getrefcount(None) > pyside_fix.HEADROOM // 2
    else:
        assert not pyside_fix.immortalize_singletons()
