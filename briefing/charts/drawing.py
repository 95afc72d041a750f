"""Charts as ReportLab vector drawings, for the PDFs and the desktop app's previews.

ReportLab is already loaded to write a PDF, so its graphics give a chart for a few
milliseconds: no plotting library to import (matplotlib cost most of a second of a cold
export) and no second layout engine. The value axis (nice ticks, tick labels, grid) is
ReportLab's `YValueAxis`/`XValueAxis`; bars, points, wedges and every label are shapes placed
here, so that labels can mix fonts: a Persian or Urdu category name is shaped and drawn with the
shipped fallback faces (`briefing.text.fonts.font_runs`), and stays selectable text in the PDF.

Unknown values (`Value.value is None`) are gaps, never zeros: no bar (with "not reported"
written where it would stand), no stacked segment, a break in a line, no pie wedge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

from reportlab.graphics.charts.axes import XValueAxis, YValueAxis
from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
    UserNode,
    Wedge,
)
from reportlab.lib.colors import Color, HexColor

from briefing.charts.fonts import ensure_face, register_fonts
from briefing.format.themes import Theme, load_theme
from briefing.layout.chart_rules import (
    BAR_LABEL_PAD,
    GAP_TEXT,
    LabelBox,
    LineStyle,
    bar_labels_inside,
    clear_labels,
    gap_size,
    has_legend,
    label_size,
    label_suffix,
    labels_inside,
    legend_size,
    line_styles,
    palette,
    pie_footer,
    point_labels,
    point_marks,
    series_colors,
    tick_text,
    unlabelled_segments,
    value_axis,
    without_labels,
)
from briefing.layout.line_labels import (
    ABOVE,
    BELOW,
    LEFT,
    MARKER_GAP,
    RIGHT,
    line_label_places,
    marker_radius,
)
from briefing.model import document as m
from briefing.text.bidi import paragraph_direction
from briefing.text.faces import width as face_width
from briefing.text.fonts import MAIN, font_runs, string_width

GRID = "D0D0D0"  # light but solid: still visible when a preview draws it at under a pixel
PAD = 4.0  # points of margin inside the drawing


def chart_drawing(chart: m.Chart, theme: Theme | None = None, width_pt: float = 460.8,
                  height_pt: float = 259.2, title: str | None = None,
                  font_size: float = 10.0, axis_max: float | None = None) -> Drawing:
    """The chart as a `Drawing` of exactly `width_pt` x `height_pt` points.

    `font_size` is the axis text size; data labels, legend and "not reported" take theirs from
    `chart_rules` (the same size, as the deck writes them), the title is larger.
    `axis_max` fixes the top of the value axis: the slices of a chart split over several
    slides share one scale, as in the deck."""
    register_fonts()  # the value axis measures its labels as it is built
    theme = theme or load_theme(None)
    ink = _Ink(theme, font_size)
    drawing = Drawing(width_pt, height_pt)
    drawing.initialFontName = MAIN.regular  # renderPDF would otherwise select Helvetica first
    drawing.add(Rect(0, 0, width_pt, height_pt, fillColor=_hex(theme.background),
                     strokeColor=None))
    top = height_pt - PAD
    if title:
        size = font_size * 1.2
        top -= size
        drawing.add(ink.text(PAD, top + 0.2 * size, title, size=size, bold=True))
        top -= size * 0.5
    bottom = PAD
    if has_legend(chart):
        bottom = _legend(drawing, ink, chart, width_pt, bottom)
    area = _Box(PAD, bottom, width_pt - 2 * PAD, top - bottom)
    if chart.type == "pie":
        _pie(drawing, ink, chart, area)
    elif chart.type == "line":
        _Plot(drawing, ink, chart, area, False, axis_max).line()
    elif chart.type in ("stacked-column", "stacked-bar"):
        _Plot(drawing, ink, chart, area, chart.type == "stacked-bar", axis_max).stacked()
    else:
        _Plot(drawing, ink, chart, area, chart.type == "bar", axis_max).grouped()
    return drawing


# --- drawing text and colours ------------------------------------------------------------------

def _hex(color: str) -> Color:
    return HexColor("#" + color.lstrip("#"))


@dataclass(frozen=True)
class _Box:
    """A rectangle in ReportLab's y-up points, so `top` is y + h; not `briefing.layout.Box`,
    whose y runs down the slide (there y + h is the bottom)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h


class _Ink:
    """The theme's colours and the chart's text sizes, and text drawn in the shipped fonts."""

    def __init__(self, theme: Theme, font_size: float) -> None:
        self.theme = theme
        self.size = font_size
        self.small = label_size(font_size)  # data labels, at the deck's size (`chart_rules`)
        self.gap = gap_size(font_size)  # "not reported"
        self.legend = legend_size(font_size)
        self.color = _hex(theme.text)
        self.muted = _hex(theme.muted)
        self.theme_palette = palette(theme)
        self.palette = [_hex(c) for c in self.theme_palette]

    def series(self, i: int) -> Color:
        return self.palette[i % len(self.palette)]

    def width(self, text: str, size: float | None = None, bold: bool = False,
              italic: bool = False) -> float:
        return string_width(text, size or self.size, bold, italic)

    def text(self, x: float, y: float, text: str, *, size: float | None = None,
             anchor: str = "start", color: Color | None = None, bold: bool = False,
             italic: bool = False, angle: float = 0.0) -> Group:
        """`text` with its baseline at (x, y), anchored start/middle/end, turned by `angle`
        degrees about that point; runs in several faces where Liberation Sans lacks glyphs."""
        size = size or self.size
        runs = font_runs(text, bold, italic, direction=paragraph_direction(text))
        widths = [face_width(piece, font, size) for piece, font in runs]
        left = {"start": 0.0, "middle": -sum(widths) / 2, "end": -sum(widths)}[anchor]
        group = Group()
        for (piece, font), w in zip(runs, widths, strict=True):
            # every face a drawing names is registered with ReportLab before it is rendered
            group.add(String(left, 0, piece, fontName=ensure_face(font, piece), fontSize=size,
                             fillColor=color or self.color))
            left += w
        group.translate(x, y)
        if angle:
            group.rotate(angle)
        return group


def _num(v: m.Value | None) -> float | None:
    return None if v is None or v.value is None else float(v.value)


def _values(series: m.Series, n: int) -> list[m.Value]:
    vals = [v if v is not None else m.Value() for v in series.values[:n]]
    return vals + [m.Value()] * (n - len(vals))


# --- legend ------------------------------------------------------------------------------------

def _legend(drawing: Drawing, ink: _Ink, chart: m.Chart, width: float, bottom: float) -> float:
    """Series swatches centred under the plot, as many to a row as fit (a name too long for a
    row of its own is shortened with an ellipsis); returns the new bottom."""
    size = ink.legend
    swatch, gap = size * 1.4, size * 1.6
    room = width - 2 * PAD - swatch - size * 0.5
    entries = [(ink.series(i), _fit(ink, s.name, room, size)) for i, s in enumerate(chart.series)]
    styles = line_styles(chart)  # a line's legend shows its marker and dash, as drawn
    keys = {name: styles[i] for i, (_c, name) in enumerate(entries) if i < len(styles)}
    rows: list[list[tuple[Color, str, float]]] = []
    used = 0.0
    for color, name in entries:
        w = swatch + size * 0.5 + ink.width(name, size)
        if rows and used + gap + w <= width - 2 * PAD:
            rows[-1].append((color, name, w))
            used += gap + w
        else:
            rows.append([(color, name, w)])
            used = w
    y = bottom + (len(rows) - 1) * size * 1.5
    for row in rows:
        x = (width - sum(w for _c, _n, w in row) - gap * (len(row) - 1)) / 2
        for color, name, w in row:
            style = keys.get(name)
            if style is None:
                drawing.add(Rect(x, y, swatch, size * 0.7, fillColor=color, strokeColor=None))
            else:
                mid = y + size * 0.35
                drawing.add(Line(x, mid, x + swatch, mid, strokeColor=color, strokeWidth=1.5,
                                 strokeDashArray=_dash(style.dash)))
                drawing.add(_marker(style, x + swatch / 2, mid, color))
            drawing.add(ink.text(x + swatch + size * 0.5, y, name, size=size))
            x += w + gap
        y -= size * 1.5
    return bottom + len(rows) * size * 1.5 + size * 0.3


def _fit(ink: _Ink, text: str, room: float, size: float) -> str:
    """`text`, shortened to end in an ellipsis if it is wider than `room` points."""
    if ink.width(text, size) <= room:
        return text
    while text and ink.width(text + "\u2026", size) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026"


# --- bars and lines ----------------------------------------------------------------------------

class _Plot:
    """A category axis against a value axis: columns, bars (categories top to bottom), lines.

    Geometry works in category slots (slot i spans [i - 0.5, i + 0.5]) along the category axis
    and data units along the value axis; `_xy` turns the pair into points on the drawing."""

    def __init__(self, drawing: Drawing, ink: _Ink, chart: m.Chart, area: _Box,
                 horizontal: bool, axis_max: float | None = None) -> None:
        self.d, self.ink, self.chart, self.horizontal = drawing, ink, chart, horizontal
        self.axis_max = axis_max
        self.n = max(len(chart.categories), 1)
        self.labels = point_labels(chart, ink.theme_palette)  # texts and colours, decided once
        self.labels = labels_inside(self.labels, bar_labels_inside(  # inside, as in the deck
            chart, drawing.width, drawing.height, ink.size, axis_max),
            series_colors(chart, ink.theme_palette))
        self.marks = point_marks(chart)  # bars and whiskers, decided once
        self.area = area

    # value range and axes

    def _frame(self, low: float, high: float) -> None:
        """Fix the value range (room beyond the longest bar for its label), place the plot
        inside `area` leaving room for the axis texts, and draw the axes and grid."""
        ink, chart = self.ink, self.chart
        scale = value_axis(low, high, self.horizontal, self.axis_max)  # as the deck's
        self.vmin, self.vmax = scale.low, scale.high
        self.axis_step = scale.step
        axis = XValueAxis() if self.horizontal else YValueAxis()
        axis.valueMin, axis.valueMax = self.vmin, self.vmax
        axis.valueStep = scale.step
        axis.rangeRound = "none"
        axis.avoidBoundFrac = 0
        axis.labelTextFormat = partial(tick_text, step=scale.step)  # as the deck's axis
        axis.labels.fontName, axis.labels.fontSize = MAIN.regular, ink.size
        axis.labels.fillColor = ink.color
        axis.strokeColor, axis.strokeWidth = ink.muted, 0.8
        axis.visibleGrid = 1
        axis.gridStrokeColor = _hex(GRID)
        axis.gridStrokeWidth = 0.75
        a = self.area
        unit = chart.unit or ""
        if self.horizontal:
            names = [ink.width(c) for c in chart.categories] or [0.0]
            left = a.x + min(max(names) + 6, a.w * 0.4)
            self.label_room = left - a.x - 6
            bottom = a.y + ink.size * 1.4 + (ink.size * 1.3 if unit else 0)
            self.plot = _Box(left, bottom, a.right - left - ink.size, a.top - bottom)
            axis.labels.dy = -3
            axis.tickDown = axis.tickUp = 0
            if unit:
                self.d.add(ink.text(self.plot.x + self.plot.w / 2, a.y + ink.size * 0.25,
                                    _fit(ink, unit, self.plot.w, ink.size), anchor="middle"))
        else:
            rotated = self._rotated()
            if rotated:  # names longer than this are shortened, not the plot squashed
                self.label_room = min(max(ink.width(c) for c in chart.categories), a.h * 0.7)
                label_h = self.label_room * 0.5 + ink.size
            else:
                label_h = ink.size * 1.4
            tick_w = max(ink.width(tick_text(v, scale.step)) for v in (self.vmin, self.vmax)) + 5
            left = a.x + tick_w + (ink.size * 1.3 if unit else 0)
            if rotated:  # the first name leans left, past the start of the axis
                first = min(ink.width(chart.categories[0]), self.label_room) * math.cos(
                    math.radians(30))
                slot = (a.right - left) / self.n
                left = max(left, a.x + first - slot / 2 + ink.size * 0.3)
            bottom = a.y + label_h
            self.plot = _Box(left, bottom, a.right - left, a.top - bottom - ink.size * 0.4)
            if not rotated:
                self.label_room = self.plot.w / self.n - 4
            self.plot = self._under_labels(self.plot, a.top)
            axis.labels.dx = -4
            axis.tickLeft = axis.tickRight = 0
            if unit:
                self.d.add(ink.text(a.x + ink.size * 0.9, self.plot.y + self.plot.h / 2,
                                    _fit(ink, unit, self.plot.h, ink.size), anchor="middle",
                                    angle=90))
        p = self.plot
        axis.setPosition(p.x, p.y, p.w if self.horizontal else p.h)
        axis.configure([(self.vmin, self.vmax)])
        axis.gridStart, axis.gridEnd = (p.y, p.top) if self.horizontal else (p.x, p.right)
        self.axis = axis
        axis.joinAxisPos = None
        grid = Group()
        axis.makeGrid(grid)
        self.d.add(grid)  # under the bars
        group = _plain(axis.draw())  # labels are widgets that need the axis alive: expand
        axis_line = self._axis_line()
        self.d.add(group)
        self.d.add(axis_line)
        if self.vmin < 0:  # a zero line where bars start
            self.d.add(self._value_line(0.0, self.ink.muted, 0.6))

    def _under_labels(self, plot: _Box, top: float) -> _Box:
        """`plot` made lower, its axis the same, so that each column's label (in one line or
        two, `_lines`) stands under `top`: in the handout's larger text "2,445 (2,053–2,445)"
        over the highest column ran up into the slide's caveat."""
        if self.chart.type != "column" or self.vmax <= self.vmin:
            return plot
        ink = self.ink
        room = plot.w / self.n * 0.8 / max(len(self.chart.series), 1) * 1.2  # as `grouped`
        height, span = plot.h, self.vmax - self.vmin
        for si, row in enumerate(self.marks):
            for ci, mark in enumerate(row):
                text = self.labels[si][ci].text if ci < len(self.labels[si]) else ""
                if mark.anchor is None or mark.anchor <= 0 or not text:
                    continue
                lines = len(_lines(ink, text, room, qualifier=True))  # at most
                # to the top of its first line, and a little air under what is above the chart
                need = 2 + ink.small * 0.2 + ink.small * 1.1 * (lines - 1) + ink.small * 1.2
                share = (mark.anchor - self.vmin) / span
                if share > 0:
                    height = min(height, (top - plot.y - need) / share)
        ticks = span / self.axis_step if self.axis_step else 1.0
        # never squashed past half, nor till the axis's numbers touch
        height = max(height, plot.h * 0.5, min(plot.h, ticks * ink.size * 1.0))
        return _Box(plot.x, plot.y, plot.w, height)

    def _axis_line(self) -> Line:
        p = self.plot
        if self.horizontal:  # the category axis on the left
            return Line(p.x, p.y, p.x, p.top, strokeColor=self.ink.muted, strokeWidth=0.8)
        return Line(p.x, p.y, p.right, p.y, strokeColor=self.ink.muted, strokeWidth=0.8)

    def _value_line(self, v: float, color: Color, width: float) -> Line:
        (x0, y0), (x1, y1) = self._xy(-0.5, v), self._xy(self.n - 0.5, v)
        return Line(x0, y0, x1, y1, strokeColor=color, strokeWidth=width)

    def _rotated(self) -> bool:
        """Never: names stay level (a crowded column chart is drawn as bars,
        `chart_rules.crowded`), shortened with an ellipsis to their slot if need be."""
        return False

    def _v(self, v: float) -> float:
        return self.axis.scale(v)

    def _c(self, c: float) -> float:
        """Slot position to points: left to right, or top to bottom for horizontal bars."""
        p = self.plot
        if self.horizontal:
            return p.top - (c + 0.5) / self.n * p.h
        return p.x + (c + 0.5) / self.n * p.w

    def _xy(self, c: float, v: float) -> tuple[float, float]:
        return (self._v(v), self._c(c)) if self.horizontal else (self._c(c), self._v(v))

    def _slot(self) -> float:
        return (self.plot.h if self.horizontal else self.plot.w) / self.n

    def _categories(self) -> None:
        ink = self.ink
        p = self.plot
        for i, name in enumerate(self.chart.categories):
            if self.horizontal:
                # a long name wraps when its row has the height, else it is shortened: the
                # paper cut "Kushk/Rabat-e-Sangai (as spelt in..." beside rows of two bars
                lines = _wrapped(ink, name, self.label_room, ink.size)
                pitch = ink.size * 1.15
                if len(lines) < 2 or len(lines) * pitch > self._slot() or any(
                        ink.width(line) > self.label_room for line in lines):
                    lines = [_fit(ink, name, self.label_room, ink.size)]
                top = self._c(i) - ink.size * 0.35 + (len(lines) - 1) * pitch / 2
                for k, line in enumerate(lines):
                    self.d.add(ink.text(p.x - 5, top - k * pitch, line, anchor="end"))
                continue
            name = _fit(ink, name, self.label_room, ink.size)
            if self._rotated():
                self.d.add(ink.text(self._c(i) + ink.size * 0.3, p.y - ink.size * 0.9, name,
                                    anchor="end", angle=30))
            else:
                self.d.add(ink.text(self._c(i), p.y - ink.size * 1.1, name, anchor="middle"))

    # marks

    def _bar(self, c: float, thickness: float, start: float, end: float, color: Color) -> None:
        half = thickness * self._slot() / 2
        a, b = self._v(start), self._v(end)
        mid = self._c(c)
        if self.horizontal:
            rect = Rect(min(a, b), mid - half, abs(b - a), 2 * half)
        else:
            rect = Rect(mid - half, min(a, b), 2 * half, abs(b - a))
        rect.fillColor, rect.strokeColor = color, None
        self.d.add(rect)

    def _end_label(self, c: float, v: float, text: str, room: float | None = None,
                   move: float = 0.0) -> None:
        """A data label just beyond the end of a bar (or point) at value `v`. Above a column
        narrower than the label, a ranged label takes two lines ("about 3,800" over
        "(2,300–3,825)") rather than run over its neighbours; a label wider than the first or
        last column moves inwards rather than over the axis's numbers."""
        if not text:
            return
        x, y = self._xy(c, v)
        ink = self.ink
        if self.horizontal:
            below = v < 0
            self.d.add(ink.text(x + (-3 if below else 3 + move), y - ink.small * 0.35, text,
                                size=ink.small, anchor="end" if below else "start"))
            return
        below = v < 0
        lines = _lines(ink, text, room, qualifier=not below)
        step = ink.small * 1.1
        y += -(2 + ink.small * 0.8) if below else 2 + ink.small * 0.2 + step * (len(lines) - 1)
        half = max(ink.width(line, ink.small) for line in lines) / 2
        # kept inside the plot: never over the value axis's numbers or past the right edge
        x = min(max(x, self.plot.x + half + 1), self.plot.right - half)
        for k, line in enumerate(lines):
            self.d.add(ink.text(x, y - k * step, line, size=ink.small, anchor="middle"))

    def _range(self, c: float, low: float, high: float, color: Color) -> None:
        cap = 3.0
        (x0, y0), (x1, y1) = self._xy(c, low), self._xy(c, high)
        self.d.add(Line(x0, y0, x1, y1, strokeColor=color, strokeWidth=1))
        for x, y in ((x0, y0), (x1, y1)):
            if self.horizontal:
                self.d.add(Line(x, y - cap, x, y + cap, strokeColor=color, strokeWidth=1))
            else:
                self.d.add(Line(x - cap, y, x + cap, y, strokeColor=color, strokeWidth=1))

    def _gap(self, c: float, text: str = GAP_TEXT, move: float = 0.0) -> None:
        """'not reported' where an unknown value's bar would stand, so it is not read as 0
        (the label `chart_rules.point_labels` gives, as the deck writes it)."""
        ink = self.ink
        size = ink.gap
        x, y = self._xy(c, 0.0)
        if self.horizontal:
            self.d.add(ink.text(x + 3 + move, y - size * 0.35, text, size=size, italic=True,
                                color=ink.muted))
        else:
            self.d.add(ink.text(x + size * 0.35, y + 3, text, size=size, italic=True,
                                color=ink.muted, angle=90))

    # chart types

    def grouped(self) -> None:
        chart, ink = self.chart, self.ink
        n_ser = max(len(chart.series), 1)
        width = 0.8 / n_ser
        top = max([m.anchor for row in self.marks for m in row if m.anchor is not None]
                  + [0.0])
        self._frame(_lowest(chart), top)
        for si, row in enumerate(self.marks):
            offset = -0.4 + width * (si + 0.5)
            for ci, mark in enumerate(row):
                if mark.bar is not None:
                    self._bar(ci + offset, width * 0.95, 0.0, mark.bar, ink.series(si))
        room = self._slot() * width * 1.2
        moves = self._bar_label_moves(width)
        for si, row in enumerate(self.marks):
            offset = -0.4 + width * (si + 0.5)
            for ci, mark in enumerate(row):
                c, label = ci + offset, self.labels[si][ci]
                move = moves.get((si, ci), 0.0)
                if label.gap:
                    self._gap(c, label.text, move)
                if mark.whisker is not None:
                    self._range(c, *mark.whisker, ink.color)
                if label.inside and label.text:  # at the bar's end, on a tab of its colour
                    x, y = self._xy(c, mark.anchor)
                    wide = ink.width(label.text, ink.small) + 2 * BAR_LABEL_PAD
                    self.d.add(Rect(x - wide, y - ink.small * 0.6, wide, ink.small * 1.2,
                                    fillColor=ink.series(si), strokeColor=None))
                    self.d.add(ink.text(x - BAR_LABEL_PAD, y - ink.small * 0.35, label.text,
                                        size=ink.small, anchor="end",
                                        color=_hex(label.color or "FFFFFF")))
                elif mark.anchor is not None:
                    self._end_label(c, mark.anchor, label.text, room, move)
        self._categories()

    def _bar_label_moves(self, width: float) -> dict[tuple[int, int], float]:
        """(series, category) -> points a horizontal bar's label moves outward so that it
        covers no other label (`chart_rules.clear_labels`): where bars are thinner than a line
        of text, the labels of neighbouring bars of about the same length would print over
        each other. Labels of negative bars stay where they are."""
        if not self.horizontal:
            return {}
        ink, keys, boxes, fixed = self.ink, [], [], []
        for ci in range(len(self.chart.categories)):
            for si, row in enumerate(self.marks):
                if ci >= len(row):
                    continue
                mark, label = row[ci], self.labels[si][ci]
                across = self._c(ci - 0.4 + width * (si + 0.5))
                if label.inside and label.text and mark.anchor is not None:  # stays put
                    wide = ink.width(label.text, ink.small)
                    fixed.append(LabelBox(self._v(mark.anchor) - BAR_LABEL_PAD - wide, across,
                                          wide))
                    continue
                if label.inside:
                    continue
                if label.gap:
                    start, wide = self._v(0.0) + 3, ink.width(label.text, ink.gap, italic=True)
                elif mark.anchor is not None and label.text and mark.anchor >= 0:
                    start, wide = self._v(mark.anchor) + 3, ink.width(label.text, ink.small)
                else:
                    continue
                keys.append((si, ci))
                boxes.append(LabelBox(start, across, wide))
        moves = clear_labels(boxes, max(ink.small, ink.gap) * 0.95, fixed)
        return dict(zip(keys, moves, strict=True))

    def stacked(self) -> None:
        """Positive values stack up from zero, negative ones down from it; unknown segments
        are left out."""
        chart, ink = self.chart, self.ink
        n_cat = len(chart.categories)
        up, down = [0.0] * n_cat, [0.0] * n_cat
        segments = []
        for si, row in enumerate(self.marks):  # a range without a value: its midpoint
            for ci, mark in enumerate(row):
                num = mark.bar
                if num is None:
                    continue
                base = up if num >= 0 else down
                segments.append((si, ci, base[ci], num))
                base[ci] += num
        self._frame(min(down, default=0.0), max(up, default=0.0))
        # a segment too small for its label goes unlabelled, as in the deck (the note says it)
        self.labels = without_labels(self.labels, unlabelled_segments(
            chart, self.d.width, self.d.height, ink.size))
        for ci in range(n_cat):
            for row in self.labels:  # no segment at all: say so, it is not zero
                if row[ci].gap:
                    self._gap(ci, row[ci].text)
        for si, ci, start, num in segments:
            color = ink.series(si)
            self._bar(ci, 0.6, start, start + num, color)
            label = self.labels[si][ci]
            if label.text:
                x, y = self._xy(ci, start + num / 2)
                lines = _lines(ink, label.text, self._slot() * 0.6)
                step = ink.small * 1.1
                half = max(ink.width(line, ink.small) for line in lines) / 2
                if not self.horizontal:  # inside the plot, never over the axis's numbers
                    x = min(max(x, self.plot.x + half + 1), self.plot.right - half)
                y += step * (len(lines) - 1) / 2
                if not self.horizontal:  # a thin segment's label stays above the names
                    last = y - ink.small * 0.35 - step * (len(lines) - 1)
                    y += max(self.plot.y + ink.small * 0.25 - last, 0.0)
                for k, line in enumerate(lines):
                    self.d.add(ink.text(x, y - ink.small * 0.35 - k * step, line,
                                        size=ink.small, anchor="middle",
                                        color=_hex(label.color or "000000")))
        self._categories()

    def line(self) -> None:
        chart, ink = self.chart, self.ink
        self.places = line_label_places(chart, self.d.width, self.d.height, ink.size,
                                        self.axis_max)
        tops = [m.anchor for row in self.marks for m in row if m.anchor is not None]
        self._frame(_lowest(chart), max(tops, default=0.0))
        styles = line_styles(chart)
        for si in range(len(chart.series)):
            color = ink.series(si)
            style = styles[si]
            run: list[float] = []
            points = []
            for ci, mark in enumerate(self.marks[si]):  # a range alone: at its midpoint
                num = mark.bar
                if num is None:  # a break in the line, not a drop to zero
                    self._polyline(run, color, style)
                    run = []
                    continue
                x, y = self._xy(ci, num)
                run += [x, y]
                points.append((x, y))
            self._polyline(run, color, style)
            for ci, mark in enumerate(self.marks[si]):
                if mark.whisker is not None and mark.bar is not None:
                    self._range(ci, *mark.whisker, ink.color)
            for x, y in points:
                self.d.add(_marker(style, x, y, color))
        for si in range(len(chart.series)):  # labels over every line and marker
            for ci, mark in enumerate(self.marks[si]):
                if mark.bar is not None:
                    self._line_label(si, ci, self.labels[si][ci].text,
                                     *(self.places[si][ci] if si < len(self.places)
                                       else (ABOVE, 0.0)))
        self._categories()

    def _line_label(self, si: int, ci: int, text: str, side: str, lift: float = 0.0) -> None:
        """A line's label above or below its point (`line_labels.line_label_places`), clear of
        its marker and beyond its whisker's end on that side, `lift` points further out, as the
        deck places it."""
        if not text:
            return
        ink, mark = self.ink, self.marks[si][ci]
        gap = marker_radius(self.chart, si) + MARKER_GAP + lift
        if side in (LEFT, RIGHT):
            x = self._c(ci) + (gap if side == RIGHT else -gap)
            self.d.add(ink.text(x, self._v(mark.bar) - ink.small * 0.35, text, size=ink.small,
                                anchor="start" if side == RIGHT else "end"))
            return
        if side == BELOW:
            end = min(mark.bar, mark.whisker[0]) if mark.whisker else mark.bar
            baseline = self._v(end) - gap - ink.small * 0.95
        else:
            end = max(mark.bar, mark.whisker[1]) if mark.whisker else mark.bar
            baseline = self._v(end) + gap + ink.small * 0.25
        half = ink.width(text, ink.small) / 2
        x = min(max(self._c(ci), self.plot.x + half + 1), self.plot.right - half)
        self.d.add(ink.text(x, baseline, text, size=ink.small, anchor="middle"))

    def _polyline(self, points: list[float], color: Color, style: LineStyle) -> None:
        if len(points) >= 4:
            self.d.add(PolyLine(points, strokeColor=color, strokeWidth=2,
                                strokeLineJoin=1, strokeLineCap=1,
                                strokeDashArray=_dash(style.dash)))


#: `chart_rules.DASHES` as ReportLab dash arrays (points on, off, ...) for a 2-point line
_DASH_ARRAYS: dict[str, list[float] | None] = {
    "solid": None, "dash": [6, 4], "dot": [0.5, 4], "dash-dot": [6, 3, 0.5, 3],
    "long-dash": [12, 4], "long-dash-dot": [12, 3, 0.5, 3]}


def _dash(dash: str) -> list[float] | None:
    return _DASH_ARRAYS.get(dash)


def _marker(style: LineStyle, x: float, y: float, color: Color) -> Circle | Polygon | Group:
    """A series' marker centred on (x, y): its shape at `style.marker_size` points across
    (a single line's small round dot as before: 4 points)."""
    r = 2.0 if style.marker_size <= 5 else style.marker_size / 2
    if style.marker == "circle":
        return Circle(x, y, r, fillColor=color, strokeColor=color, strokeWidth=0.5)
    if style.marker in ("x", "plus"):
        d = r * (0.8 if style.marker == "x" else 1.0)
        ends = [(-d, -d, d, d), (-d, d, d, -d)] if style.marker == "x" else \
            [(-d, 0, d, 0), (0, -d, 0, d)]
        group = Group()
        for x0, y0, x1, y1 in ends:
            group.add(Line(x + x0, y + y0, x + x1, y + y1, strokeColor=color, strokeWidth=1.5))
        return group
    corners = {"square": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
               "triangle": [(-1.0, -0.8), (1.0, -0.8), (0.0, 1.0)],
               "diamond": [(0.0, -1.15), (1.15, 0.0), (0.0, 1.15), (-1.15, 0.0)]}[style.marker]
    points = [v for cx, cy in corners for v in (x + cx * r, y + cy * r)]
    return Polygon(points, fillColor=color, strokeColor=color, strokeWidth=0.5)


def _lines(ink: _Ink, text: str, room: float | None, qualifier: bool = False) -> list[str]:
    """A data label in one line, or a ranged one in two ("about 3,800" over "(2,300–3,825)")
    where it is wider than `room` points."""
    if room is not None and ink.width(text, ink.small) > room and " (" in text:
        head, tail = text.split(" (", 1)
        return [head, "(" + tail]
    if qualifier and room is not None and ink.width(text, ink.small) > room:
        # "at least" over "1,240": in one line it ran over the neighbouring, taller column
        for q in m.QUALIFIERS:
            if text.startswith(q + " "):
                return [q, text[len(q) + 1:]]
    return [text]


def _plain(group: Group) -> Group:
    """`group` with its widgets (the axis labels) turned into the shapes they draw now."""
    out = Group(transform=group.transform)
    for node in group.contents:
        if isinstance(node, Group):
            node = _plain(node)
        elif isinstance(node, UserNode):
            node = _plain(Group(node.provideNode()))
        out.add(node)
    return out


def _lowest(chart: m.Chart) -> float:
    nums = [_num(v) for s in chart.series for v in s.values if v is not None]
    nums += [v.low for s in chart.series for v in s.values if v is not None and v.low is not None]
    return min([n for n in nums if n is not None], default=0.0)


# --- pie ---------------------------------------------------------------------------------------

def _pie(drawing: Drawing, ink: _Ink, chart: m.Chart, area: _Box) -> None:
    """The first series; unknown and zero slices are left out and named underneath."""
    series = chart.series[0] if chart.series else m.Series("", [])
    vals = _values(series, len(chart.categories))
    marks = point_marks(chart)[0] if chart.series else []
    slices = [(ci, mk.bar, vals[ci]) for ci, mk in enumerate(marks)
              if mk.bar is not None and mk.bar > 0]
    missing = any(mk.bar is None for mk in marks)
    footer = pie_footer(chart)  # the deck writes the same line under its pie
    bottom = area.y
    if footer:
        drawing.add(ink.text(area.x + area.w / 2, bottom + ink.small * 0.3,
                             _fit(ink, footer, area.w, ink.small), size=ink.small,
                             anchor="middle"))
        bottom += ink.small * 1.6
    cx, cy = area.x + area.w / 2, (bottom + area.top) / 2
    if not slices:
        text = "no values to show" if missing else "all values are zero"
        drawing.add(ink.text(cx, cy, text, size=ink.small * 1.2, anchor="middle", italic=True,
                             color=ink.muted))
        return
    line = ink.small * 1.2
    half_h = (area.top - bottom) / 2
    tallest = max((half_h - 2 * line) / 1.12, 10.0)  # the radius the height allows
    # a name wider than the room beside a pie at least half that size wraps there: a long
    # category ("Kushk/Rabat-e-Sangai (as spelt in the WHO report)") shrank the pie to a dot
    room = max(area.w / 2 - tallest * 0.5 * 1.12 - 8, ink.width("M" * 8, ink.small))
    labels = [(ci, _wrapped(ink, chart.categories[ci], room),
               v.label() + label_suffix(chart)) for ci, _n, v in slices]
    widest = max(max(max(ink.width(n, ink.small) for n in names), ink.width(value, ink.small))
                 for _ci, names, value in labels)
    radius = max(min(tallest, (area.w / 2 - widest - 8) / 1.12), 10.0)
    total = sum(n for _ci, n, _v in slices)
    colors = [_hex(c) for c in series_colors(chart, ink.theme_palette)]
    outline = _hex(ink.theme.background) if len(slices) > 1 else None  # no seam in a whole pie
    angle = 90.0  # clockwise from twelve o'clock, as PowerPoint draws a pie
    placed = []
    for (ci, num, _v), (_ci, names, value) in zip(slices, labels, strict=True):
        sweep = 360.0 * num / total
        start = angle - sweep
        drawing.add(Wedge(cx, cy, radius, start, angle, fillColor=colors[ci],
                          strokeColor=outline, strokeWidth=1))
        mid = math.radians(angle - sweep / 2)
        x = cx + math.cos(mid) * radius * 1.12
        y = cy + math.sin(mid) * radius * 1.12  # the label's last line's baseline, set below
        if math.sin(mid) < -0.2:  # under the pie: the label hangs from its point
            y -= len(names) * line
        elif math.sin(mid) <= 0.2:  # beside it: centred on its point
            y -= len(names) * line / 2
        # each label hangs to its slice's side, even at twelve o'clock: one centred there
        # printed over its neighbours' on both sides
        anchor = "start" if math.cos(mid) >= 0 else "end"
        placed.append([x, y, anchor, names, value])
        angle = start
    for _round in range(2):  # a label slid to the other side is spread among its labels
        _spread(placed, line, bottom, area.top)
        _clear_of_pie(placed, line, cx, cy, radius * 1.06, ink.small)
    for x, y, anchor, names, value in placed:
        for k, name in enumerate(names):
            drawing.add(ink.text(x, y + (len(names) - k) * line, name, size=ink.small,
                                 anchor=anchor))
        drawing.add(ink.text(x, y, value, size=ink.small, anchor=anchor))


def _clear_of_pie(labels: list[list], line: float, cx: float, cy: float, reach: float,
                  size: float) -> None:
    """Slide each label (moved up or down by `_spread`) out sideways until it clears the
    pie's disc (`reach` from its centre): two small slices side by side at twelve o'clock
    printed the lower one's label over the slices."""
    for lab in labels:
        x, y, anchor, names = lab[0], lab[1], lab[2], lab[3]
        low, high = y - 0.25 * size, y + len(names) * line + 0.8 * size
        dy = 0.0 if low <= cy <= high else min(abs(low - cy), abs(high - cy))
        if dy >= reach:
            continue
        side = math.sqrt(reach * reach - dy * dy) + 2.0
        if anchor == "start":
            lab[0] = max(x, cx + side)
        else:
            lab[0] = min(x, cx - side)


def _wrapped(ink: _Ink, text: str, room: float, size: float | None = None) -> list[str]:
    """`text` in lines at most `room` points wide at `size` (the data labels' by default),
    broken between words (a word wider than `room` stands alone on its line)."""
    size = size or ink.small
    lines: list[str] = []
    for word in text.split(" "):
        if lines and ink.width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [text]


def _spread(labels: list[list], line: float, low: float, high: float) -> None:
    """Move pie labels (x, last baseline, anchor, name lines, value) apart vertically, each
    side of the pie on its own, so small neighbouring slices do not print their labels over
    each other; keep them between `low` and `high` (their top line under it)."""
    for side in ("end", "start"):
        group = sorted((lab for lab in labels if (lab[2] == "end") == (side == "end")),
                       key=lambda lab: -lab[1])
        for lab in group:  # under the top first, then apart: never back over each other
            lab[1] = min(lab[1], high - (len(lab[3]) + 1) * line)
        for above, lab in zip(group, group[1:], strict=False):
            lab[1] = min(lab[1], above[1] - (len(lab[3]) + 1) * line)
        if group and group[-1][1] < low:  # pushed out at the bottom: shift the side up
            shift = low - group[-1][1]
            for lab in group:
                lab[1] += shift
