"""Draw a laid-out page (`briefing.layout.Page`) with QPainter: the preview and printing.

The layout has already broken the text into lines with `briefing.text.metrics`; this renderer
asks textmetrics for the same lines and places each piece at the measured x, so what the window
shows wraps exactly as the PDF and the deck do. It measures and draws in the main font in force
(`briefing.text.faces.using_main`: the caller sets the export's, `ui.look.Look.drawn`), with a Qt
font made from the very file the layout measured. Coordinates are the layout's points; the
caller scales the painter to the target size.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from reportlab.graphics.shapes import Drawing

from briefing.format.themes import Theme
from briefing.layout import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    ChartFrame,
    ImageFrame,
    Page,
    ShapeBox,
    TableFrame,
    TextBlock,
)
from briefing.layout.geometry import MapFrame, MapPath
from briefing.layout.pictures import Picture, load_picture
from briefing.text import metrics as tm
from briefing.text.faces import as_heading, main_faces

from .drawing_painter import paint_drawing, qt_face, register_fonts

_SCALE = 64.0  # fonts are set in 1/64 pt pixels so fractional sizes stay exact
ChartPictures = Callable[[ChartFrame, Theme], Drawing | None]


def font_family() -> str:
    """The Qt family of the main font the layout measured with now (`main_faces`: Liberation
    Sans, or the export's template font), its file registered with Qt."""
    register_fonts()
    return qt_face(main_faces().regular).family


def _color(hex_color: str | None, fallback: str = "000000") -> QColor:
    return QColor("#" + (hex_color or fallback).lstrip("#"))


def _font(size: float, bold: bool, italic: bool) -> QFont:
    """The main font's face the layout measured this text in (`main_faces`), as a Qt font."""
    font = qt_face(main_faces().face(bold, italic)).font()
    font.setPixelSize(max(1, round(size * _SCALE)))
    font.setKerning(False)
    return font


def _text(painter: QPainter, x: float, baseline: float, text: str, size: float, bold: bool,
          italic: bool, color: QColor) -> None:
    painter.save()
    painter.translate(x, baseline)
    painter.scale(1 / _SCALE, 1 / _SCALE)
    painter.setFont(_font(size, bold, italic))
    painter.setPen(color)
    painter.drawText(QPointF(0, 0), text)
    painter.restore()


def paint_page(painter: QPainter, page: Page, theme: Theme, width: float = SLIDE_WIDTH,
               height: float = SLIDE_HEIGHT, charts: ChartPictures | None = None) -> None:
    """Paint `page` into the rectangle (0, 0, width, height) of the painter's coordinates.

    `charts` gives each chart's drawing; the default builds it now (printing), the preview
    passes a lookup that answers from a cache and builds missing charts in the background.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.scale(width / SLIDE_WIDTH, height / SLIDE_HEIGHT)
    painter.fillRect(QRectF(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT), _color(page.background, "FFFFFF"))
    painter.setClipRect(QRectF(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT))
    try:
        for element in page.elements:
            painter.save()
            try:
                _element(painter, element, theme, charts or chart_picture)
            finally:
                painter.restore()
    finally:
        painter.restore()


def _element(painter: QPainter, element: object, theme: Theme, charts: ChartPictures) -> None:
    if isinstance(element, TextBlock):
        _text_block(painter, element, theme)
    elif isinstance(element, ShapeBox):
        _shape(painter, element)
    elif isinstance(element, ChartFrame):
        _chart(painter, element, theme, charts)
    elif isinstance(element, TableFrame):
        _table(painter, element)
    elif isinstance(element, ImageFrame):
        _image(painter, element)
    elif isinstance(element, MapFrame):
        paint_map(painter, element, theme)


def paint_map(painter: QPainter, frame: MapFrame, theme: Theme) -> None:
    """The map's items as the exports draw them: outlines as paths, clipped to the frame."""
    b = frame.box
    painter.save()
    painter.setClipRect(QRectF(b.x, b.y, b.w, b.h))
    for item in frame.items:
        if isinstance(item, MapPath):
            _map_path(painter, item)
        elif isinstance(item, ShapeBox):
            _shape(painter, item)
        else:
            _text_block(painter, item, theme)
    painter.restore()


def _map_path(painter: QPainter, outline: MapPath) -> None:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in outline.rings:
        path.moveTo(*ring[0])
        for x, y in ring[1:]:
            path.lineTo(x, y)
        path.closeSubpath()
    painter.setBrush(_color(outline.fill) if outline.fill else Qt.BrushStyle.NoBrush)
    if outline.line:
        pen = QPen(_color(outline.line))
        pen.setWidthF(outline.line_width)
        painter.setPen(pen)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
    painter.drawPath(path)


def render_page(page: Page, theme: Theme, width_px: int,
                charts: ChartPictures | None = None, ratio: float = 1.0) -> QImage:
    """The slide `width_px` logical pixels wide, drawn with `ratio` device pixels per logical
    pixel so that it is sharp on a high-density screen."""
    height_px = max(1, round(width_px * SLIDE_HEIGHT / SLIDE_WIDTH))
    ratio = max(float(ratio), 1.0)
    image = QImage(max(1, round(width_px * ratio)), max(1, round(height_px * ratio)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_page(painter, page, theme, width_px, height_px, charts)
    finally:
        painter.end()
    return image


# -- elements ------------------------------------------------------------------------------------

def _outline(painter: QPainter, rect: QRectF, shape: str, fill: str | None, line: str | None,
             line_width: float = 1.0) -> None:
    painter.setBrush(_color(fill) if fill else Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(_color(line), line_width) if line else Qt.PenStyle.NoPen)
    if shape == "rounded":
        radius = min(rect.width(), rect.height()) * 0.2
        painter.drawRoundedRect(rect, radius, radius)
    elif shape == "ellipse":
        painter.drawEllipse(rect)
    else:
        painter.drawRect(rect)


def _text_block(painter: QPainter, block: TextBlock, theme: Theme) -> None:
    b = block.box
    rect = QRectF(b.x, b.y, b.w, b.h)
    if block.fill or block.line:
        _outline(painter, rect, block.shape, block.fill, block.line)
    pad = block.padding
    content_w = max(b.w - 2 * pad, 1.0)
    laid = [(p, tm.paragraph_lines(p, content_w)) for p in block.paragraphs]
    total = sum((0.0 if k == 0 else p.space_before) + len(lines) * p.size * p.line_height
                for k, (p, lines) in enumerate(laid))
    top = b.y + pad
    if block.anchor == "middle":
        top = b.y + (b.h - total) / 2
    elif block.anchor == "bottom":
        top = b.y + b.h - pad - total
    y = top
    for k, (p, lines) in enumerate(laid):
        if k:
            y += p.space_before
        with as_heading(p.heading):  # a title in the heading font, as measured
            pitch = p.size * p.line_height
            base_color = p.color or theme.text
            for n, line in enumerate(lines):
                baseline = y + (pitch - p.size) / 2 + p.size * 0.86
                left = b.x + pad + p.indent
                avail = content_w - p.indent
                if p.align == "center":
                    left += (avail - line.width) / 2
                elif p.align == "right":
                    left += avail - line.width
                if n == 0 and p.bullet:
                    run0 = p.runs[0] if p.runs else None
                    _text(painter, b.x + pad + p.bullet_offset, baseline, p.bullet_char, p.size,
                          False, False, _color(run0.color if run0 and run0.color else base_color))
                x = left
                for run_index, piece in line.shown_pieces:  # a soft hyphen's break shows
                    run = p.runs[run_index]
                    color = _color(run.color or base_color)
                    _text(painter, x, baseline, piece, p.size, run.bold, run.italic, color)
                    x += tm.measure(piece, p.size, run.bold, run.italic)
                y += pitch


def _shape(painter: QPainter, shape: ShapeBox) -> None:
    b = shape.box
    if shape.shape == "line":
        painter.setPen(QPen(_color(shape.line or shape.fill or "000000"), shape.line_width))
        painter.drawLine(QPointF(b.x, b.y), QPointF(b.x + b.w, b.y + b.h))
        return
    _outline(painter, QRectF(b.x, b.y, b.w, b.h), shape.shape, shape.fill, shape.line,
             shape.line_width)


def _chart(painter: QPainter, frame: ChartFrame, theme: Theme, charts: ChartPictures) -> None:
    b = frame.box
    drawing = charts(frame, theme)
    if drawing is None:
        painter.setPen(QPen(_color("999999"), 1))
        painter.setBrush(_color("F4F4F4"))
        painter.drawRect(QRectF(b.x, b.y, b.w, b.h))
        _text(painter, b.x + 8, b.y + 20, "drawing the chart…", 12, False, True,
              _color("777777"))
        return
    paint_drawing(painter, drawing, QRectF(b.x, b.y, b.w, b.h))  # vectors: sharp at any size


def chart_key(frame: ChartFrame, theme: Theme) -> str:
    return hashlib.sha1(repr((frame.chart, frame.title, frame.box.w, frame.box.h,
                              frame.font_size, frame.axis_max, theme.name)).encode()).hexdigest()


def cached_chart_picture(frame: ChartFrame, theme: Theme) -> Drawing | None:
    """The chart's drawing if it has been built, else None (never builds: GUI thread)."""
    from briefing.charts.cache import cached_chart_drawing

    return cached_chart_drawing(frame.chart, theme, frame.box.w, frame.box.h, frame.title,
                                frame.font_size, axis_max=frame.axis_max)


def chart_picture(frame: ChartFrame, theme: Theme) -> Drawing | None:
    """The chart the PDFs print (`briefing.charts.cache.chart_drawing`, same size and font size,
    so the very drawing the export uses, from the same cache); None if it cannot be drawn.

    Building it may take a while: the slide preview calls this on the worker thread and paints
    the result as vectors when it is ready."""
    from briefing.charts.cache import chart_drawing

    try:
        return chart_drawing(frame.chart, theme, frame.box.w, frame.box.h, frame.title,
                             frame.font_size, axis_max=frame.axis_max)
    except Exception:  # a preview must not fail because one chart cannot be drawn
        return None


def _table(painter: QPainter, table: TableFrame) -> None:
    b = table.box
    x0, y = b.x, b.y
    border = QPen(_color(table.border or "BFC5CC"), 0.75)

    def row(cells: list[str], top: float, height: float, fill: str | None, color: str,
            bold: bool) -> None:
        x = x0
        for i, cell in enumerate(cells):
            w = table.col_widths[i] if i < len(table.col_widths) else 0
            rect = QRectF(x, top, w, height)
            painter.setBrush(_color(fill) if fill else Qt.BrushStyle.NoBrush)
            painter.setPen(border)
            painter.drawRect(rect)
            inner = w - 2 * table.cell_padding_x
            lines = tm.wrap_text(cell, inner * tm.WIDTH_SAFETY, table.font_size, bold=bold)
            ty = top + table.cell_padding_y
            pitch = table.font_size * table.line_height
            for line in lines:
                baseline = ty + (pitch - table.font_size) / 2 + table.font_size * 0.86
                _text(painter, x + table.cell_padding_x, baseline, line, table.font_size,
                      bold, False, _color(color))
                ty += pitch
            x += w

    if table.columns:
        header_h = table.header_height or (table.font_size * table.line_height
                                           + 2 * table.cell_padding_y)
        row(table.columns, y, header_h, table.header_fill, table.header_text_color, True)
        y += header_h
    for i, cells in enumerate(table.rows):
        h = table.row_heights[i] if i < len(table.row_heights) else table.font_size * 2
        fill = table.stripe_fill if (table.stripe_fill and i % 2 == 1) else None
        row(cells, y, h, fill, table.text_color, False)
        y += h


def _image(painter: QPainter, frame: ImageFrame) -> None:
    b = frame.box
    image = picture_image(frame.picture or load_picture(frame.path))
    rect = QRectF(b.x, b.y, b.w, b.h)
    if image.isNull():
        painter.setBrush(_color("EEEEEE"))
        painter.setPen(QPen(_color("999999"), 1))
        painter.drawRect(rect)
        _text(painter, b.x + 8, b.y + 20, f"image missing: {frame.path.name}", 11, False, True,
              _color("666666"))
        return
    scale = min(b.w / image.width(), b.h / image.height())
    w, h = image.width() * scale, image.height() * scale
    painter.drawImage(QRectF(b.x + (b.w - w) / 2, b.y + (b.h - h) / 2, w, h), image)


@functools.lru_cache(maxsize=4)
def picture_image(picture: Picture | None) -> QImage:
    """The prepared picture (`briefing.layout.pictures`: at most the slide at 220 dpi) as a QImage,
    decoded once for every repaint of the slides that show it; a null image when missing."""
    image = QImage()
    if picture is not None:
        image.loadFromData(picture.data)
    return image
