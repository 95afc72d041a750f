"""Paint a ReportLab `Drawing` (the chart the PDFs print) with QPainter.

The previews show `briefing.charts.cache.chart_drawing`, the very drawing the PDF embeds, so the
window shows exactly the chart the PDF prints. This walks the drawing's shapes onto a QPainter
instead of going through ReportLab's SVG output: that output rounds text positions and the page
offset to whole points, names fonts by their ReportLab names (which Qt does not know), and would
let Qt reorder the Persian and Urdu labels that `briefing.text.shaping` has already put in visual
order. Here strings are placed where ReportLab places them (anchored with its own string
widths), drawn with the same font files, bold where bold, left to right as given: the shipped
faces, and any other face the core measured with (a template's main font, a machine's font),
added to Qt's database from its file (`register_faces`) and asked for by its family and its
own style name, so Qt draws exactly the face the layout measured.

The drawing is only read, never changed (it is shared with the exports through a cache), so a
worker thread may paint it while an export writes it into a PDF.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FilePath

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from reportlab.graphics.shapes import (
    FILL_EVEN_ODD,
    Circle,
    Drawing,
    Ellipse,
    EmptyClipPath,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
    UserNode,
    Wedge,
    _renderPath,
)

from briefing.resources import fonts_dir

_SCALE = 64.0  # fonts are set in 1/64 unit pixels so fractional sizes stay exact
_CAPS = {0: Qt.PenCapStyle.FlatCap, 1: Qt.PenCapStyle.RoundCap, 2: Qt.PenCapStyle.SquareCap}
_JOINS = {0: Qt.PenJoinStyle.MiterJoin, 1: Qt.PenJoinStyle.RoundJoin,
          2: Qt.PenJoinStyle.BevelJoin}
_LRO, _PDF = "\u202d", "\u202c"  # left-to-right override: the text is already in visual order
_fonts_lock = threading.Lock()


@cache
def _families() -> dict[str, str]:
    """Register every shipped font with Qt once: file stem -> Qt family name."""
    families: dict[str, str] = {}
    with _fonts_lock:
        for path in sorted(fonts_dir().glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if names:
                families[path.stem] = names[0]
    return families


def register_fonts() -> dict[str, str]:
    """The shipped fonts, registered with Qt (call from the GUI thread first)."""
    return _families()


@dataclass(frozen=True)
class QtFace:
    """How Qt is asked for one face: its family and either the face's own style name (a face
    registered from its file, so Qt takes exactly that file's face) or bold and italic."""

    family: str
    style: str = ""
    bold: bool = False
    italic: bool = False

    def font(self) -> QFont:
        font = QFont(self.family)
        if self.style:
            font.setStyleName(self.style)  # Qt then matches the style name, not the weight
        else:
            font.setBold(self.bold)
            font.setItalic(self.italic)
        return font


#: faces outside the shipped ones (a template's font, a machine's fallback font), registered
#: with Qt from the very file the layout measured: face name -> how Qt is asked for it
_registered: dict[str, QtFace] = {}
_file_ids: dict[tuple[str, int], QtFace | None] = {}


def register_faces(names: Iterable[str]) -> None:
    """Make faces the core knows (`briefing.text.faces.face_file`) drawable by Qt, each file
    added to Qt's font database once. Call from the GUI thread (Qt adds application fonts
    there), before a worker paints in them."""
    from briefing.text.faces import face_file, is_shipped

    register_fonts()
    with _fonts_lock:
        for name in names:
            if name in _registered or is_shipped(name):
                continue
            try:
                file = face_file(name)
            except KeyError:
                continue  # not a face the core knows: drawn in Liberation Sans
            key = (str(file.path), file.index)
            if key not in _file_ids:
                _file_ids[key] = _add_file(file.path, file.index)
            face = _file_ids[key]
            if face is not None:
                _registered[name] = face


def _add_file(path: FilePath, index: int) -> QtFace | None:
    """Add a font file to Qt's database; the family and style of its face at `index`, as the
    file's own name table gives them (a collection holds several faces)."""
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    family, style = _names(path, index)
    if family not in families:  # Qt knows it by another of its names
        family, style = families[0], ""
    return QtFace(family, style)


def _names(path: FilePath, index: int) -> tuple[str, str]:
    """The typographic family and style of the face at `index` in `path` ("DejaVu Serif",
    "Bold"), which Qt's database lists it under."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1) or ""
            style = names.getDebugName(17) or names.getDebugName(2) or ""
    except Exception:  # noqa: BLE001 - read by the core already; names are only a hint
        return "", ""
    return str(family), str(style)


def qt_face(rl_name: str) -> QtFace:
    """How Qt draws the face the core calls `rl_name`: a shipped face ("LiberationSans-Bold"
    is Liberation Sans, bold), a face registered from its file (`register_faces`: a
    template's font, a machine font), else Liberation Sans."""
    from briefing.text.faces import is_shipped

    known = _registered.get(rl_name)
    if known is None and not is_shipped(rl_name) \
            and threading.current_thread() is threading.main_thread():
        register_faces([rl_name])
        known = _registered.get(rl_name)
    if known is not None:
        return known
    base, _, style = rl_name.partition("-")
    families = _families()
    family = (families.get(rl_name) or families.get(f"{base}-Regular") or families.get(base)
              or families.get("LiberationSans-Regular", "Liberation Sans"))
    return QtFace(family, "", "Bold" in style, "Italic" in style or "Oblique" in style)


def qt_font(rl_name: str, size: float) -> QFont:
    """The Qt font for a face name of the core ("LiberationSans-Bold", "DejaVuSans", a
    template font's "Main-DejaVuSerif", ...) at `size` points."""
    return _sized(qt_face(rl_name), size)


@cache
def _sized(face: QtFace, size: float) -> QFont:
    font = face.font()
    font.setPixelSize(max(1, round(size * _SCALE)))
    font.setKerning(False)  # ReportLab places glyphs by their advances, unkerned
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _string_width(text: str, font_name: str, size: float, font: QFont) -> float:
    from briefing.text.faces import width

    try:
        return width(text, font_name, size)
    except Exception:  # a face the core does not know: measure with Qt's font
        from PySide6.QtGui import QFontMetricsF

        return QFontMetricsF(font).horizontalAdvance(text) / _SCALE


def _color(color, opacity: float | None = None) -> QColor | None:
    if color is None:
        return None
    try:
        r, g, b = float(color.red), float(color.green), float(color.blue)
    except AttributeError:
        return None
    alpha = float(getattr(color, "alpha", 1.0) or 0.0) if hasattr(color, "alpha") else 1.0
    if opacity is not None:
        alpha *= float(opacity)
    if alpha <= 0:
        return None
    return QColor.fromRgbF(min(max(r, 0.0), 1.0), min(max(g, 0.0), 1.0),
                           min(max(b, 0.0), 1.0), min(alpha, 1.0))


def _pen(node) -> QPen | Qt.PenStyle:
    color = _color(getattr(node, "strokeColor", None), getattr(node, "strokeOpacity", None))
    width = float(getattr(node, "strokeWidth", 1) or 0)
    if color is None:
        return Qt.PenStyle.NoPen
    pen = QPen(color, width)
    pen.setCapStyle(_CAPS.get(getattr(node, "strokeLineCap", 0), Qt.PenCapStyle.FlatCap))
    pen.setJoinStyle(_JOINS.get(getattr(node, "strokeLineJoin", 0), Qt.PenJoinStyle.MiterJoin))
    pen.setMiterLimit(float(getattr(node, "strokeMiterLimit", 10) or 10))
    dashes = getattr(node, "strokeDashArray", None)
    if dashes and width > 0:
        phase = 0.0
        if len(dashes) == 2 and isinstance(dashes[1], list | tuple):
            phase, dashes = float(dashes[0]), dashes[1]
        pattern = [max(float(d) / width, 0.01) for d in dashes]
        if len(pattern) % 2:
            pattern *= 2
        pen.setDashPattern(pattern)
        pen.setDashOffset(phase / width)
    return pen


def _brush(node):
    color = _color(getattr(node, "fillColor", None), getattr(node, "fillOpacity", None))
    return Qt.BrushStyle.NoBrush if color is None else color


def _qpath(path: Path) -> QPainterPath:
    qpath = QPainterPath()
    _renderPath(path, (qpath.moveTo, qpath.lineTo,
                       lambda x1, y1, x2, y2, x3, y3: qpath.cubicTo(x1, y1, x2, y2, x3, y3),
                       qpath.closeSubpath))
    if getattr(path, "fillMode", None) == FILL_EVEN_ODD:
        qpath.setFillRule(Qt.FillRule.OddEvenFill)
    else:
        qpath.setFillRule(Qt.FillRule.WindingFill)
    return qpath


def _points(flat) -> QPolygonF:
    return QPolygonF([QPointF(flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)])


def _string(painter: QPainter, node: String) -> None:
    color = _color(getattr(node, "fillColor", None), getattr(node, "fillOpacity", None))
    text = node.text or ""
    if color is None or not text:
        return
    name, size = node.fontName, float(node.fontSize)
    font = qt_font(name, size)
    x = float(node.x)
    anchor = getattr(node, "textAnchor", "start")
    if anchor in ("middle", "end", "numeric"):
        width = _string_width(text, name, size, font)
        x -= width / 2 if anchor == "middle" else width
    painter.save()
    painter.translate(x, float(node.y))
    painter.scale(1 / _SCALE, -1 / _SCALE)  # the drawing's y axis points up; text's down
    outline = QPainterPath()
    outline.addText(0, 0, font, _LRO + text + _PDF)
    painter.fillPath(outline, color)
    painter.restore()


def _node(painter: QPainter, node) -> None:
    if isinstance(node, UserNode):  # a widget (e.g. a chart) draws itself into shapes
        node = node.provideNode()
    if isinstance(node, Group):  # Drawing too
        painter.save()
        transform = getattr(node, "transform", None)
        if transform and tuple(transform) != (1, 0, 0, 1, 0, 0):
            painter.setTransform(QTransform(*transform), combine=True)
        for child in node.contents:  # a clip path clips what follows it in its group
            _node(painter, child)
        painter.restore()
    elif isinstance(node, String):
        _string(painter, node)
    elif isinstance(node, Path):
        if node is EmptyClipPath:
            return
        qpath = _qpath(node)
        painter.setPen(_pen(node))
        painter.setBrush(_brush(node))
        painter.drawPath(qpath)
        if getattr(node, "isClipPath", 0):
            painter.setClipPath(qpath, Qt.ClipOperation.IntersectClip)
    elif isinstance(node, Rect):
        painter.setPen(_pen(node))
        painter.setBrush(_brush(node))
        rect = QRectF(node.x, node.y, node.width, node.height).normalized()
        if node.rx or node.ry:
            painter.drawRoundedRect(rect, node.rx or node.ry, node.ry or node.rx)
        else:
            painter.drawRect(rect)
    elif isinstance(node, Line):
        painter.setPen(_pen(node))
        painter.drawLine(QPointF(node.x1, node.y1), QPointF(node.x2, node.y2))
    elif isinstance(node, Circle | Ellipse):
        painter.setPen(_pen(node))
        painter.setBrush(_brush(node))
        rx = node.r if isinstance(node, Circle) else node.rx
        ry = node.r if isinstance(node, Circle) else node.ry
        painter.drawEllipse(QPointF(node.cx, node.cy), rx, ry)
    elif isinstance(node, Wedge):  # its outline, in the wedge's own colours
        outline = node.asPolygon()
        painter.setPen(_pen(node))
        painter.setBrush(_brush(node))
        if isinstance(outline, Path):
            painter.drawPath(_qpath(outline))
        else:
            painter.drawPolygon(_points(outline.points))
    elif isinstance(node, Polygon):
        painter.setPen(_pen(node))
        painter.setBrush(_brush(node))
        painter.drawPolygon(_points(node.points))
    elif isinstance(node, PolyLine):
        painter.setPen(_pen(node))
        painter.drawPolyline(_points(node.points))
    # Image, DirectDraw: charts have none


def paint_drawing(painter: QPainter, drawing: Drawing, target: QRectF) -> None:
    """Paint `drawing` scaled into `target` (the painter's coordinates, y down)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(target.left(), target.bottom())
    painter.scale(target.width() / float(drawing.width), -target.height() / float(drawing.height))
    painter.setClipRect(QRectF(0, 0, float(drawing.width), float(drawing.height)),
                        Qt.ClipOperation.IntersectClip)
    try:
        _node(painter, drawing)
    finally:
        painter.restore()


def drawing_image(drawing: Drawing, width_px: int, height_px: int,
                  ratio: float = 1.0) -> QImage:
    """The drawing rasterised to `width_px` x `height_px` logical pixels (x `ratio` device
    pixels, for HiDPI screens) on white. Safe in a worker thread (QImage, not QPixmap)."""
    w, h = max(1, round(width_px * ratio)), max(1, round(height_px * ratio))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_drawing(painter, drawing, QRectF(0, 0, w, h))
    finally:
        painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def drawing_strings(drawing: Drawing) -> list[str]:
    """Every text in the drawing, in drawing order (what a reader of the preview sees)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, UserNode):
            node = node.provideNode()
        if isinstance(node, Group):
            for child in node.contents:
                walk(child)
        elif isinstance(node, String):
            found.append(node.text)

    walk(drawing)
    return found
