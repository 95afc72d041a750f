"""The window on a real desk: a first size that fits the screen, and a narrow layout.

A fresh profile used to open at 1400x900 whatever the screen, so on a 1366x768 laptop (or at
1.5x scaling, where that screen is 910x512 device-independent pixels) the status bar and the
right edge were off the screen. The first window now takes the preferred size or the available
screen geometry, whichever is smaller, less room for the window frame, centred. Below
`NARROW_WIDTH` the slide preview leaves the right side to the editor: it docks under the
editor, hidden until its toolbar toggle shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

PREFERRED = QSize(1400, 900)
FRAME = QSize(16, 40)  # what a window manager's frame and title bar usually take
NARROW_WIDTH = 1200  # below this the preview no longer takes a column of its own


def fitted_geometry(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The window's first geometry (client area) inside `available`, centred."""
    width = min(preferred.width(), available.width() - FRAME.width())
    height = min(preferred.height(), available.height() - FRAME.height())
    left = available.x() + (available.width() - width) // 2
    top = available.y() + max((available.height() - height - FRAME.height()) // 2, 0) \
        + FRAME.height() - FRAME.width() // 2
    return QRect(left, top, width, height)


def available_geometry() -> QRect:
    """The primary screen's available geometry (without panels and docks), in the
    device-independent pixels Qt sizes windows in (so QT_SCALE_FACTOR is counted)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def is_narrow(width: int) -> bool:
    return width < NARROW_WIDTH
