"""Icons for section kinds (SVGs in resources/icons), optionally with a warning badge."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from briefing.resources import icons_dir

SIZE = 48


def _render(name: str, size: int = SIZE) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    path = icons_dir() / f"{name}.svg"
    if path.is_file():
        renderer = QSvgRenderer(str(path))
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
    return pixmap


@cache
def icon(name: str) -> QIcon:
    return QIcon(_render(name))


@cache
def kind_icon(kind: str, warning: bool = False) -> QIcon:
    """The icon of a section kind; with `warning`, a small warning triangle in the corner."""
    pixmap = _render(kind)
    if warning:
        badge = _render("warning", SIZE // 2 + 4)
        painter = QPainter(pixmap)
        painter.drawPixmap(SIZE - badge.width(), SIZE - badge.height(), badge)
        painter.end()
    return QIcon(pixmap)
