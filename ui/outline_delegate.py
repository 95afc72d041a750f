"""Paints the outline's rows with a handling-marking badge at the right ("PU", "PU+I").

The badge only appears when the document declares markings. Its colour follows the highest
level in the section (lowest green, highest red), so content marked above its section shows
even when the section itself is marked low. The title is elided before the badge, never under it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .outline_model import MarkingRole, SectionMarking

_LOW, _MID, _HIGH = QColor("#2e7d32"), QColor("#a15c00"), QColor("#b00020")


def badge_colour(marking: SectionMarking) -> QColor:
    """Lowest level green, highest red, the ones between amber."""
    if marking.rank <= 0:
        return _LOW
    if marking.rank >= marking.count - 1:
        return _HIGH
    return _MID


class OutlineDelegate(QStyledItemDelegate):
    PAD = 5

    def _badge_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 7.0))
        font.setBold(True)
        return font

    def badge_rect(self, option: QStyleOptionViewItem, text: str) -> QRect:
        metrics = QFontMetrics(self._badge_font(option))
        width = metrics.horizontalAdvance(text) + 2 * self.PAD
        height = metrics.height() + 2
        rect = option.rect
        return QRect(rect.right() - width - 4, rect.center().y() - height // 2 + 1, width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        marking: SectionMarking | None = index.data(MarkingRole)
        if marking is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        badge = self.badge_rect(opt, marking.badge)
        if style is not None:
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
            room = max(badge.left() - text_rect.left() - 6, 10)
            opt.text = QFontMetrics(opt.font).elidedText(opt.text, Qt.TextElideMode.ElideRight,
                                                         room)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        else:  # pragma: no cover - views always have a style
            super().paint(painter, option, index)
        colour = badge_colour(marking)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if marking.excluded_for:
            colour = QColor("#8a8a8a")
        painter.setPen(QPen(colour.darker(115), 1))
        painter.setBrush(colour.lighter(185) if not marking.excluded_for else QColor("#eeeeee"))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setFont(self._badge_font(opt))
        painter.setPen(colour.darker(140))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, marking.badge)
        painter.restore()
