"""Paints the outline's rows with a handling-marking badge at the right ("PU", "PU+I"), and
before it "NEW" or "UPD." for a section new or changed since the previous edition (File ▸
Compare with Previous Edition…), in the slides' words.

The marking badge only appears when the document declares markings. Its colour follows the highest
level in the section (lowest green, highest red), so content marked above its section shows
even when the section itself is marked low. The title is elided before the badge, never under it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .outline_model import EditionRole, MarkingRole, PartRole, SectionMarking

_LOW, _MID, _HIGH = QColor("#2e7d32"), QColor("#a15c00"), QColor("#b00020")
_EDITION = QColor("#1f4e79")
EDITION_BADGES = {"new": "NEW", "updated": "UPD."}


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

    def badge_rect(self, option: QStyleOptionViewItem, text: str,
                   right: int | None = None) -> QRect:
        metrics = QFontMetrics(self._badge_font(option))
        width = metrics.horizontalAdvance(text) + 2 * self.PAD
        height = metrics.height() + 2
        rect = option.rect
        right = rect.right() if right is None else right
        return QRect(right - width - 4, rect.center().y() - height // 2 + 1, width, height)

    def edition_rect(self, option: QStyleOptionViewItem, index: QModelIndex) -> QRect | None:
        """Where the "NEW"/"UPD." badge stands: left of the marking badge, if any."""
        status = index.data(EditionRole)
        if status not in EDITION_BADGES:
            return None
        marking: SectionMarking | None = index.data(MarkingRole)
        right = self.badge_rect(option, marking.badge).left() - 2 if marking else None
        return self.badge_rect(option, EDITION_BADGES[status], right)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """The section that opens a part shows the part's name before its title ("The
        strikes ▸ Sequence of events"); the model's title itself is unchanged."""
        super().initStyleOption(option, index)
        part = index.data(PartRole)
        if part is not None and part[1]:
            option.text = f"{part[0]} \u25b8 {option.text}"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        marking: SectionMarking | None = index.data(MarkingRole)
        status = index.data(EditionRole)
        if marking is None and status not in EDITION_BADGES:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        edition = self.edition_rect(opt, index)
        badge = self.badge_rect(opt, marking.badge) if marking is not None else edition
        if edition is not None:
            badge = edition
        if style is not None:
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
            room = max(badge.left() - text_rect.left() - 6, 10)
            opt.text = QFontMetrics(opt.font).elidedText(opt.text, Qt.TextElideMode.ElideRight,
                                                         room)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        else:  # pragma: no cover - views always have a style
            super().paint(painter, option, index)
        if edition is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(_EDITION, 1))
            painter.setBrush(_EDITION)
            painter.drawRoundedRect(edition, 4, 4)
            painter.setFont(self._badge_font(opt))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(edition, Qt.AlignmentFlag.AlignCenter, EDITION_BADGES[status])
            painter.restore()
        if marking is None:
            return
        badge = self.badge_rect(opt, marking.badge)
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
