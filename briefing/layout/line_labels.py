"""Where a line chart's data labels stand: above or below each point, decided once.

A native chart puts a line's labels to the right of their points unless told otherwise, where
"at least 41" runs into the next stretch of line; above every point, two lines close together
print their labels over each other's markers. Each label goes above its point or below it,
whichever side crosses less (other labels, markers, the lines and whiskers, the plot's edges),
above when both are clear; beside it (left or right) only where both cross something. The deck writes the side as the label's native position
(`c:dLblPos` t, b, l or r), the drawing of the PDFs and previews stands it there: both ask this
module, with the chart's size and font, so both decide the same.

The plot is estimated, as `chart_rules.plot_length` estimates the value axis: the chart's box
less the axis texts, the legend and the margins, on the value axis `chart_rules.value_range`
gives (which the deck then fixes, so both outputs scale the values alike). The estimate is not
what every output draws: LibreOffice sizes the deck's plot itself (on review-herat's line chart
4% narrower and 10% lower than the estimate), so a side counts as clear only where it is clear
in each of the plots `PLOT_SPREAD` spans, with `CLEARANCE` points of air round the label; a
label above a drawing's first or last point may be pulled inside the plot, so its box is where
it may stand either way. Where no side is clear near the point (a line rising through a point
crosses a label above, below and beside it), the label is lifted away from its point along its
side (`line_label_lifts`) until it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.model.document import Chart, format_number
from briefing.text.metrics import measure

from .chart_rules import (
    Mark,
    chart_value_axis,
    label_shifts,
    label_size,
    line_styles,
    plot_length,
    point_labels,
    point_marks,
)

ABOVE, BELOW, LEFT, RIGHT = "above", "below", "left", "right"
#: a box (x0, y0, x1, y1) or a segment (x0, y0, x1, y1) in the plot's points
Box4 = tuple[float, float, float, float]
#: the sides tried, in order of preference: beside the point only where above and below both
#: cross something (a steep line leaving a point on the axis crosses a label above it)
SIDES = (ABOVE, BELOW, LEFT, RIGHT)
#: what standing beside the point costs, against a label above or below it
_BESIDE = 0.5
#: points between a marker's edge and its label
MARKER_GAP = 2.0
#: a label's height as a share of its size (the drawing's line of text)
LINE = 1.2
#: how much each kind of collision counts when the sides are weighed: a label crossed by a
#: line is as unreadable as one on a marker
_WEIGHTS = {"label": 8.0, "marker": 4.0, "edge": 4.0, "line": 4.0}
#: the plots a label must be clear in, as shares of the estimate's width and height: the
#: drawing's (within a few points of the estimate) and LibreOffice's (4% narrower, 10% lower)
#: with room to spare either way
PLOT_SPREAD = ((1.0, 1.0), (0.92, 0.85), (1.05, 1.05))
#: points of air kept between a label and a line or marker (half the deck's 2.5-point line,
#: and the glyphs' side bearings)
CLEARANCE = 2.0
#: how far a label may be lifted from its point along its side, in label heights, and what each
#: height costs against a crossing (`line_label_lifts`)
LIFTS, _LIFT_COST = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5), 0.6


@dataclass(frozen=True)
class PlotEstimate:
    """The plot of a line chart in points, y up from the value axis's low end."""

    width: float
    height: float
    low: float
    high: float
    n: int

    def x(self, category: int) -> float:
        return (category + 0.5) / self.n * self.width

    def y(self, value: float) -> float:
        return (value - self.low) / ((self.high - self.low) or 1.0) * self.height


def plot_estimate(chart: Chart, width: float, height: float, font_size: float,
                  axis_max: float | None = None) -> PlotEstimate:
    """The plot of a line chart `width` x `height` points drawn at `font_size`."""
    axis = chart_value_axis(chart, axis_max)
    low, high = axis.low, axis.high
    legend = len(chart.series) > 1
    ticks = max(measure(format_number(round(v, 10)), font_size) for v in (low, high)) + 5
    plot_w = width - 2 * 7.0 - ticks - (font_size * 1.3 if chart.unit else 0.0)
    return PlotEstimate(max(plot_w, 1.0), plot_length(chart, width, height, font_size, legend),
                        low, high, max(len(chart.categories), 1))


def scaled(plot: PlotEstimate, width: float, height: float) -> PlotEstimate:
    """`plot` `width` and `height` times as wide and high, on the same axis."""
    return PlotEstimate(plot.width * width, plot.height * height, plot.low, plot.high, plot.n)


def marker_radius(chart: Chart, series: int) -> float:
    """Half a marker of series `series` across, in points, as the drawing draws it."""
    styles = line_styles(chart)
    size = styles[series].marker_size if series < len(styles) else 5.0
    return 2.0 if size <= 5 else size / 2


def label_box(plot: PlotEstimate, chart: Chart, series: int, category: int, text: str,
              side: str, font_size: float, lift: float = 0.0,
              mark: Mark | None = None) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the label of one point on `side`, beyond the point's marker and
    its whisker's end on that side, `lift` points further out. A label above or below its point
    that would stand past the plot's left or right edge is pulled inside it by the drawing
    (not by the deck): its box covers both places."""
    mark = mark if mark is not None else point_marks(chart)[series][category]
    size = label_size(font_size)
    w, h = measure(text, size), size * LINE
    gap = marker_radius(chart, series) + MARKER_GAP + lift
    x = plot.x(category)
    value = mark.bar if mark.bar is not None else 0.0
    if side in (LEFT, RIGHT):
        y = plot.y(value)
        x0 = x + gap if side == RIGHT else x - gap - w
        return x0, y - h / 2, x0 + w, y + h / 2
    inside = min(max(x - w / 2, 1.0), plot.width - w)  # as the drawing pulls it in
    x0, x1 = min(x - w / 2, inside), max(x + w / 2, inside + w)
    if side == ABOVE:
        end = max(value, mark.whisker[1]) if mark.whisker else value
        y0 = plot.y(end) + gap
        return x0, y0, x1, y0 + h
    end = min(value, mark.whisker[0]) if mark.whisker else value
    y1 = plot.y(end) - gap
    return x0, y1 - h, x1, y1


def line_label_sides(chart: Chart, width: float, height: float, font_size: float,
                     axis_max: float | None = None) -> list[list[str]]:
    """Per series, per category: ABOVE, BELOW, LEFT or RIGHT, where the point's label stands
    (ABOVE where there is no label). Categories left to right; at each, the higher points
    first, each on the side that crosses least of what is already there."""
    return [[side for side, _lift in row]
            for row in line_label_places(chart, width, height, font_size, axis_max)]


def line_label_lifts(chart: Chart, width: float, height: float, font_size: float,
                     axis_max: float | None = None) -> list[list[float]]:
    """Per series, per category: how many points the label stands further from its point,
    along its side (`line_label_sides`), than a label next to its marker: 0 mostly; more where
    the line runs through every place next to the point ("at least 165,000" on a point the line
    rises through, above it from the left and away to the right)."""
    return [[lift for _side, lift in row]
            for row in line_label_places(chart, width, height, font_size, axis_max)]


def line_label_places(chart: Chart, width: float, height: float, font_size: float,
                      axis_max: float | None = None) -> list[list[tuple[str, float]]]:
    """Per series, per category: (side, lift), see `line_label_sides` and `line_label_lifts`.
    A place is weighed in every plot of `PLOT_SPREAD` and costs what it crosses in the worst of
    them; the cheapest wins, the first of equals (above, below, left, right; nearer first).
    Lifts are weighed only where no side next to the point is clear; what a label may cross is
    kept by category (`_Scene`), so each label is weighed against its neighbours only."""
    if chart.type != "line":
        return []
    base = plot_estimate(chart, width, height, font_size, axis_max)
    labels = point_labels(chart, [])
    marks = point_marks(chart)
    scenes = [_Scene(scaled(base, w, h), chart, marks) for w, h in PLOT_SPREAD]
    places = [[(ABOVE, 0.0)] * len(chart.categories) for _ in chart.series]
    step = label_size(font_size) * LINE
    near = [(side, 0) for side in SIDES]
    lifted = [(side, k) for k in LIFTS[1:] for side in (ABOVE, BELOW)]
    for ci in range(len(chart.categories)):
        points = sorted((si for si, row in enumerate(marks)
                         if row[ci].bar is not None and labels[si][ci].text),
                        key=lambda si: -(marks[si][ci].bar or 0.0))
        for si in points:
            text, mark = labels[si][ci].text, marks[si][ci]

            def weigh(side: str, k: float, text: str = text, si: int = si, ci: int = ci,
                      mark: Mark = mark) -> float:
                return max(scene.cost(label_box(scene.plot, chart, si, ci, text, side,
                                                font_size, k * step, mark),
                                      side in (LEFT, RIGHT)) for scene in scenes) \
                    + (_BESIDE if side in (LEFT, RIGHT) else 0.0) + _LIFT_COST * k

            costs = [(weigh(side, k), i) for i, (side, k) in enumerate(near)]
            options = near
            if min(costs)[0] > _BESIDE + 1e-9:  # every side next to the point crosses
                options = near + lifted
                costs += [(weigh(side, k), len(near) + i) for i, (side, k) in enumerate(lifted)]
            side, k = options[min(costs)[1]]
            places[si][ci] = (side, k * step)
            for scene in scenes:
                scene.place(label_box(scene.plot, chart, si, ci, text, side, font_size,
                                      k * step, mark))
    return places


class _Scene:
    """What a label may cross in one plot (the labels placed so far, the markers, the lines
    and whiskers), kept by category, so that a label is weighed against what stands near it."""

    def __init__(self, plot: PlotEstimate, chart: Chart, marks: list[list[Mark]]) -> None:
        self.plot = plot
        n = plot.n
        self.placed: list[list[Box4]] = [[] for _ in range(n)]
        self.markers: list[list[Box4]] = [[] for _ in range(n)]
        self.segments: list[list[Box4]] = [[] for _ in range(n)]
        for si, row in enumerate(marks):
            r, last = marker_radius(chart, si), None
            for ci, m in enumerate(row):
                if m.bar is None:
                    last = None
                    continue
                x, y = plot.x(ci), plot.y(m.bar)
                self.markers[ci].append((x - r, y - r, x + r, y + r))
                if last is not None:  # the line from the previous point, under both
                    self.segments[ci - 1].append((*last, x, y))
                    self.segments[ci].append((*last, x, y))
                if m.whisker is not None:
                    self.segments[ci].append((x, plot.y(m.whisker[0]), x, plot.y(m.whisker[1])))
                last = (x, y)

    def _near(self, box: Box4) -> range:
        slot = self.plot.width / self.plot.n
        return range(max(int(box[0] // slot) - 1, 0),
                     min(int(box[2] // slot) + 2, self.plot.n))

    def place(self, box: Box4) -> None:
        for ci in self._near(box):
            self.placed[ci].append(box)

    def cost(self, box: Box4, beside: bool) -> float:
        near = self._near(box)
        return _cost(box, self.plot, {b for ci in near for b in self.placed[ci]},
                     [b for ci in near for b in self.markers[ci]],
                     {s for ci in near for s in self.segments[ci]}, beside)


def line_label_shifts(chart: Chart, width: float, height: float, font_size: float,
                      axis_max: float | None = None,
                      places: list[list[tuple[str, float]]] | None = None) -> list[list[float]]:
    """Per series, per category: points a native chart's label moves away from its point,
    beyond the whisker (`chart_rules.label_shifts`) and by its lift (`line_label_lifts`).
    `places`: `line_label_places` of the same chart and size, where already found."""
    if places is None:
        places = line_label_places(chart, width, height, font_size, axis_max)
    sides = [[side for side, _lift in row] for row in places]
    axis = chart_value_axis(chart, axis_max)
    plot = plot_estimate(chart, width, height, font_size, axis_max)
    beyond = label_shifts(chart, (axis.low, axis.high), plot.height, sides)
    return [[shift + lift for shift, (_side, lift) in zip(srow, prow, strict=True)]
            for srow, prow in zip(beyond, places, strict=True)]


def _cost(box: Box4, plot: PlotEstimate, placed: Iterable[Box4], markers: Iterable[Box4],
          segments: Iterable[Box4], beside: bool) -> float:
    cost = 0.0
    if box[1] < 0 or box[3] > plot.height or (beside and (box[0] < 0 or box[2] > plot.width)):
        # over an axis, or out of the plot (a label above or below is pulled in sideways)
        cost += _WEIGHTS["edge"]
    box = (box[0] - CLEARANCE, box[1] - CLEARANCE, box[2] + CLEARANCE, box[3] + CLEARANCE)
    cost += _WEIGHTS["label"] * sum(_overlap(box, b) for b in placed)
    cost += _WEIGHTS["marker"] * sum(_overlap(box, b) for b in markers)
    cost += _WEIGHTS["line"] * sum(_crosses(box, s) for s in segments)
    return cost


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _crosses(box: tuple[float, float, float, float],
             segment: tuple[float, float, float, float]) -> bool:
    """True if the segment passes through the box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True
