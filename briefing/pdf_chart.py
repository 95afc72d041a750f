"""A matplotlib renderer that draws a Figure straight into a ReportLab `Drawing`.

The PDFs used to get their charts as SVG (matplotlib's SVG backend, text kept as text) parsed
back by svglib. This renderer paints the same figure with the same text metrics as the SVG
backend (the base renderer's, unhinted), and makes the same choices the SVG backend makes
(text anchored at its alignment point, clipping to the axes, opacity), so the chart looks as
before; it skips writing and parsing the SVG and the second layout pass `savefig` makes, and
so draws a chart in about a third of the time. Strings keep the embedded TrueType fonts: the
labels stay selectable and searchable.

Coordinates: the figure is drawn at 72 dpi, so matplotlib's display units are points, with the
origin bottom left, as in a ReportLab drawing.
"""

from __future__ import annotations

import math

from matplotlib import font_manager
from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from reportlab.graphics.shapes import FILL_NON_ZERO, Drawing, Group, Path, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from .pdf_fonts import ARABIC, MAIN, URDU, font_runs, needs_fallback

_JOIN = {"miter": 0, "round": 1, "bevel": 2}
_CAP = {"butt": 0, "round": 1, "projecting": 2}
_ANCHOR = {"left": "start", "right": "end", "center": "middle"}


class _Canvas(FigureCanvasBase):
    """Lets the layout engine measure text with the renderer that will draw it."""

    def __init__(self, figure, renderer: DrawingRenderer) -> None:
        super().__init__(figure)
        self._renderer = renderer

    def get_renderer(self) -> DrawingRenderer:
        return self._renderer


class DrawingRenderer(RendererBase):
    """Collects what a Figure draws as ReportLab shapes, in drawing order."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.root = Group()
        self._clip_key: object = None
        self._clip_group: Group = self.root

    # --- what matplotlib asks of a renderer -------------------------------------------------

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points):
        return points  # 72 dpi

    def new_gc(self) -> GraphicsContextBase:
        return GraphicsContextBase()

    def option_image_nocomposite(self) -> bool:
        return True

    # --- clipping -------------------------------------------------------------------------------

    def _target(self, gc: GraphicsContextBase) -> Group:
        """The group a shape goes into: one per run of shapes with the same clip region."""
        rect = gc.get_clip_rectangle()
        clip_path, clip_affine = gc.get_clip_path()
        key = (tuple(rect.bounds) if rect is not None else None,
               id(clip_path) if clip_path is not None else None)
        if key == self._clip_key:
            return self._clip_group
        self._clip_key = key
        if key == (None, None):
            self._clip_group = self.root
            return self.root
        group = Group()
        if rect is not None:
            x, y, w, h = rect.bounds
            group.add(_clip_shape([(MplPath.MOVETO, (x, y)), (MplPath.LINETO, (x + w, y)),
                                   (MplPath.LINETO, (x + w, y + h)),
                                   (MplPath.LINETO, (x, y + h)), (MplPath.CLOSEPOLY, (x, y))]))
        if clip_path is not None:
            segments = clip_path.iter_segments(clip_affine, remove_nans=True, simplify=False)
            group.add(_clip_shape(_pairs(segments)))
        self.root.add(group)
        self._clip_group = group
        return group

    # --- paths ----------------------------------------------------------------------------------

    def draw_path(self, gc, path, transform, rgbFace=None) -> None:  # noqa: N803 (matplotlib)
        no_fill = rgbFace is None
        clip = (0.0, 0.0, self.width, self.height) if no_fill and gc.get_hatch() is None \
            else None
        segments = path.iter_segments(transform, remove_nans=True, clip=clip,
                                      simplify=bool(path.should_simplify and clip),
                                      curves=True)
        shape = _path_shape(_pairs(segments))
        if shape is None:
            return
        forced = gc.get_forced_alpha()
        alpha = gc.get_alpha() if forced else None
        if no_fill:
            shape.fillColor = None
        else:
            shape.fillColor, opacity = _color(rgbFace, alpha)
            if opacity < 1:
                shape.fillOpacity = opacity
        width = gc.get_linewidth()
        rgb = gc.get_rgb()
        if width and (len(rgb) < 4 or rgb[3] > 0 or forced):
            shape.strokeColor, opacity = _color(rgb, alpha)
            if opacity < 1:
                shape.strokeOpacity = opacity
            shape.strokeWidth = width
            shape.strokeLineJoin = _JOIN.get(gc.get_joinstyle(), 0)
            shape.strokeLineCap = _CAP.get(gc.get_capstyle(), 0)
            offset, dashes = gc.get_dashes()
            if dashes is not None and len(dashes):
                shape.strokeDashArray = (float(offset or 0.0), [float(d) for d in dashes])
        else:
            shape.strokeColor = None
        if shape.fillColor is None and shape.strokeColor is None:
            return
        self._target(gc).add(shape)

    # --- text -------------------------------------------------------------------------------

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:
        if not s:
            return
        weight = font_manager.weight_dict.get(prop.get_weight(), prop.get_weight())
        bold = isinstance(weight, int | float) and weight >= 600
        italic = prop.get_style() != "normal"
        font = MAIN.face(bold, italic)
        runs = None  # several faces in one string: Urdu letters DejaVu lacks (Noto Naskh)
        if any(needs_fallback(c) for c in s):  # Arabic script: DejaVu, shaped, as matplotlib
            font = ARABIC.face(bold, italic)
            runs = font_runs(s, bold, italic)
            s = "".join(piece for piece, _f in runs)
            if not any(f in (URDU.regular, URDU.bold) for _p, f in runs):
                runs = None
        alpha = gc.get_alpha() if gc.get_forced_alpha() else None
        fill, _opacity = _color(gc.get_rgb(), alpha)  # chart text is opaque
        size = prop.get_size_in_points()
        anchor = "start"
        if mtext is not None and (angle == 0 or mtext.get_rotation_mode() == "anchor"):
            # as the SVG backend: the string sits at its alignment point, anchored there
            ax, ay = mtext.get_transform().transform(mtext.get_unitless_position())
            fy, fay = self.height - y, self.height - ay  # the SVG backend's y-down terms
            rad = math.radians(angle)
            dx, dy = math.sin(rad), math.cos(rad)
            offset = dx * (x - ax) + dy * (fy - fay)
            x, y = ax + offset * dx, self.height - (fay + offset * dy)
            anchor = _ANCHOR[mtext.get_ha()]
        target = self._target(gc)
        if runs is not None:
            group = _run_strings(runs, size, fill, anchor)
            group.translate(x, y)
            if angle:
                group.rotate(angle)
            target.add(group)
        elif angle:
            string = String(0, 0, s, fontName=font, fontSize=size, fillColor=fill,
                            textAnchor=anchor)
            group = Group(string)
            group.translate(x, y)
            group.rotate(angle)
            target.add(group)
        else:
            target.add(String(x, y, s, fontName=font, fontSize=size, fillColor=fill,
                              textAnchor=anchor))


def _run_strings(runs: list[tuple[str, str]], size: float, fill: Color, anchor: str) -> Group:
    """(piece, face) runs side by side as one string anchored at the origin."""
    widths = [stringWidth(piece, font, size) for piece, font in runs]
    x = {"start": 0.0, "middle": -sum(widths) / 2, "end": -sum(widths)}[anchor]
    group = Group()
    for (piece, font), w in zip(runs, widths, strict=True):
        group.add(String(x, 0, piece, fontName=font, fontSize=size, fillColor=fill))
        x += w
    return group


def _pairs(segments) -> list[tuple[int, tuple[float, ...]]]:
    return [(int(code), tuple(float(v) for v in verts)) for verts, code in segments]


def _path_shape(segments: list[tuple[int, tuple[float, ...]]]) -> Path | None:
    path = Path(autoclose="svg", fillMode=FILL_NON_ZERO)
    current = start = (0.0, 0.0)
    drawn = False
    for code, v in segments:
        if code == MplPath.MOVETO:
            path.moveTo(*v[-2:])
            current = start = v[-2:]
        elif code == MplPath.LINETO:
            path.lineTo(*v[-2:])
            current = v[-2:]
            drawn = True
        elif code == MplPath.CURVE3:  # quadratic: raise to a cubic
            (cx, cy, x, y), (x0, y0) = v, current
            path.curveTo(x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0),
                         x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y), x, y)
            current = (x, y)
            drawn = True
        elif code == MplPath.CURVE4:
            path.curveTo(*v)
            current = v[-2:]
            drawn = True
        elif code == MplPath.CLOSEPOLY:
            path.closePath()
            current = start
    return path if drawn else None


def _clip_shape(segments: list[tuple[int, tuple[float, ...]]]) -> Path:
    path = _path_shape(segments) or Path()
    path.isClipPath = 1
    path.fillColor = path.strokeColor = None
    return path


def _color(rgba, alpha: float | None) -> tuple[Color, float]:
    """The colour and its opacity (the gc's forced alpha, else the colour's own)."""
    r, g, b = (float(c) for c in rgba[:3])
    a = float(alpha) if alpha is not None else (float(rgba[3]) if len(rgba) > 3 else 1.0)
    return Color(r, g, b), a


def figure_drawing(figure, width: float, height: float) -> Drawing:
    """Draw `figure` (its layout engine runs once, measuring as it draws) into a Drawing of
    `width` x `height` points. Call inside the rc context the figure was built in."""
    figure.set_dpi(72)
    renderer = DrawingRenderer(width, height)
    _Canvas(figure, renderer)
    figure.draw(renderer)
    drawing = Drawing(width, height)
    drawing.add(renderer.root)
    drawing.initialFontName = MAIN.regular  # renderPDF would otherwise select Helvetica first
    return drawing
