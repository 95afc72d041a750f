"""What a chart shows, decided once: its slices, its colours, its label texts and colours.

The deck's native chart, the ReportLab drawing of the PDFs and the app's previews all take
these decisions from here (through the layout's `ChartFrame`, or these functions where a
renderer draws a chart outside a slide, as the paper and the chart editor do) and make none of
them again: a rule changed here changes every output.
"""

from __future__ import annotations

import math
import sys
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from briefing.format.themes import Theme
from briefing.model.compare import value_text
from briefing.model.document import Chart, format_number
from briefing.text.metrics import measure

from .colors import contrast, lightness
from .pie import grouped_pie, pie_colors

#: kinds whose data labels sit inside the bars, on the series colour
INSIDE_LABELS = ("stacked-column", "stacked-bar")
#: kinds that draw a bar per value: an unknown one says so where its bar would stand
BAR_KINDS = ("column", "bar")
#: what an unknown value's label says, in every output (never an unexplained gap)
GAP_TEXT = "not reported"
#: a column chart whose category names do not fit level under their columns in the frame it
#: is drawn in is drawn as horizontal bars (names level, one under the other) rather than with
#: slanted or shortened names (`crowded`): the frame's width less the value axis's numbers and
#: title (AXIS_ROOM_EMS font sizes), shared by the columns; each name needs its width and
#: NAME_GAP_EMS font sizes of space to the next
AXIS_ROOM_EMS, NAME_GAP_EMS = 5.0, 0.5
#: the frame a chart is judged in when none is given: a slide's chart, the slide's content
#: width (960 pt less two 36-pt margins) at 12 pt (the app's previews, a slide's alt text)
SLIDE_CHART_WIDTH, SLIDE_CHART_FONT = 888.0, 12.0
#: the least difference of CIELAB lightness (L*) between series drawn next to each other, so
#: that they stay apart on a black-and-white printout and to a reader who does not see hue
MIN_GREY_STEP = 15.0
#: palettes up to this many colours are ordered by trying every order; longer ones greedily
_EXHAUSTIVE = 8
#: what tells a line chart's series apart besides colour, in every output: series k has the
#: k-th marker shape and the k-th dash pattern (round again past the last)
MARKERS = ("circle", "square", "triangle", "diamond", "x", "plus")
DASHES = ("solid", "dash", "dot", "dash-dot", "long-dash", "long-dash-dot")

#: room beyond the longest bar (and the deepest negative one) for its label, as a share of the
#: values' span: horizontal bars, whose labels run along the value axis, need more
LABEL_ROOM_HORIZONTAL, LABEL_ROOM_VERTICAL = 0.25, 0.15
#: points between a whisker's end and the label standing beyond it
WHISKER_GAP = 4.0
#: a chart's data labels are this share of its font size (the axis text), never under
#: LABEL_FLOOR points; "not reported" is GAP_SHARE of a label, the legend LEGEND_SHARE of the
#: font size. All one: a slide's chart is laid out at 12 pt, the least a reader sees on a
#: 13.3-inch slide, and a smaller label would fall under it (the slides PDF printed its labels
#: at 10.2 pt and "not reported" at 9.2 while the deck wrote 12). The deck's native chart and
#: the drawing of the PDFs and previews both take their sizes from the functions below.
LABEL_SHARE, LABEL_FLOOR, GAP_SHARE, LEGEND_SHARE = 1.0, 6.5, 1.0, 1.0


def label_size(font_size: float) -> float:
    """The size of a chart's data labels, in every output."""
    return max(font_size * LABEL_SHARE, LABEL_FLOOR)


def gap_size(font_size: float) -> float:
    """The size of an unknown value's "not reported", in every output."""
    return label_size(font_size) * GAP_SHARE


def has_legend(chart: Chart) -> bool:
    """Whether a chart's drawing names its series in a legend: where it has more than one. A
    pie's drawing names each slice beside it instead; the deck's pie keeps a legend
    (`deck_legend`)."""
    return len(chart.series) > 1 and chart.type != "pie"


def deck_legend(chart: Chart) -> bool:
    """Whether the deck's native chart has a legend: as the drawing, and for a pie, whose
    slices the drawing names beside each (spreading the names apart) while LibreOffice and
    PowerPoint would set such names over each other beside two thin slices."""
    return has_legend(chart) or chart.type == "pie"


def legend_size(font_size: float) -> float:
    """The size of a chart's legend entries, in every output."""
    return font_size * LEGEND_SHARE


def smallest_text(font_size: float) -> float:
    """The size of the smallest text a chart drawn at `font_size` prints."""
    return min(font_size, label_size(font_size), gap_size(font_size), legend_size(font_size))


@dataclass(frozen=True)
class PointLabel:
    """The data label of one value: its text ('' for none) and its colour (hex), or None for
    the chart's text colour (a label outside the bars). `gap`: the value is unknown and the
    text ("not reported") stands where its bar would, in italics and the muted colour."""

    text: str
    color: str | None = None
    gap: bool = False
    #: the label's own spreadsheet format where the chart's would print its value otherwise
    #: ("#,##0" for 30 in a chart whose "#,##0.0" prints 12.5: "30", as the PDFs say it)
    number_format: str | None = None
    #: the label stands inside its bar, at the bar's end, on the bar's contrast colour
    #: (`bar_labels_inside`), rather than beyond the end
    inside: bool = False


@dataclass(frozen=True)
class Mark:
    """What one value draws, in every output.

    `bar`: the bar's length or the line's point (None: none); `whisker`: a range (low, high)
    drawn as an error bar in the chart's text colour; `anchor`: the value at which the data
    label stands, beyond the whisker; `point`: what the deck's native chart stores (the bar,
    or the top of a range without one, on a hidden bar, so it keeps its whisker and label)."""

    bar: float | None = None
    whisker: tuple[float, float] | None = None

    @property
    def anchor(self) -> float | None:
        if self.whisker is None:
            return self.bar
        low, high = self.whisker
        if self.bar is None:
            return high
        return low if self.bar < 0 else max(self.bar, high)

    @property
    def point(self) -> float | None:
        """The value a native chart's point holds: the bar, else the top of the range (its
        whisker then hangs down from it, on a hidden bar)."""
        return self.bar if self.bar is not None else self.anchor

    @property
    def shown(self) -> bool:
        return self.bar is not None or self.whisker is not None


def chart_as_drawn(chart: Chart, width: float = SLIDE_CHART_WIDTH,
                   font_size: float = SLIDE_CHART_FONT,
                   per_frame: int | None = None) -> tuple[Chart, str | None]:
    """The chart an output draws in a frame `width` points wide at `font_size`, and a note of
    what was changed: a pie of many categories becomes its largest slices plus "Other" (see
    `pie.grouped_pie`); a column chart whose names do not fit level under their columns
    becomes a bar chart (`crowded`). `per_frame`: the most categories one frame shows (a
    slide shows a long chart in slices), else all of them."""
    chart, note = grouped_pie(chart)
    if crowded(chart, width, font_size, per_frame):
        chart = replace(chart, type="bar" if chart.type == "column" else "stacked-bar")
    return chart, note


def crowded(chart: Chart, width: float = SLIDE_CHART_WIDTH, font_size: float = SLIDE_CHART_FONT,
            per_frame: int | None = None) -> bool:
    """True for a column chart whose longest category name, at `font_size`, is wider than
    its column's share of a frame `width` points wide (`per_frame` columns to a frame, else
    all): the names would have to be slanted into each other or cut short; horizontal bars keep
    every name level and whole. Measured for each output's frame: a chart whose names fit
    under a slide's columns may be crowded in the narrower column of the paper."""
    if chart.type not in ("column", "stacked-column") or not chart.categories:
        return False
    n = min(per_frame or len(chart.categories), len(chart.categories))
    slot = (width - font_size * AXIS_ROOM_EMS) / n
    return max(measure(c, font_size) for c in chart.categories) + font_size * NAME_GAP_EMS > slot


def palette(theme: Theme) -> list[str]:
    """The series colours (hex, no '#'): the theme's chart colours, else its accent and muted,
    in the theme's order as far as neighbours stay apart in greyscale (`greyscale_order`)."""
    colors = [c.lstrip("#").upper() for c in theme.chart_colors] or \
        [theme.accent.lstrip("#").upper(), theme.muted.lstrip("#").upper()]
    return list(greyscale_order(tuple(colors)))


def grey_steps(colors: list[str] | tuple[str, ...]) -> list[float]:
    """The L* difference between each colour and the next, in drawing order."""
    return [abs(lightness(a) - lightness(b)) for a, b in zip(colors, colors[1:], strict=False)]


@cache
def greyscale_order(colors: tuple[str, ...]) -> tuple[str, ...]:
    """`colors` reordered so that every colour differs from the next by `MIN_GREY_STEP` of
    lightness: the first order that does, trying the theme's own order first (the first colour,
    the theme's accent, always leads, so a chart of one or two series keeps the theme's look
    where it can); a palette no order of which does is ordered greedily, each next colour the
    one furthest in lightness from the last (line charts still differ by marker and dash)."""
    if len(colors) <= 2 or len(colors) > _EXHAUSTIVE:
        return colors if len(colors) <= 2 else _greedy(colors)
    found = _first_order(colors[:1], colors[1:])
    return found if found is not None else _greedy(colors)


def _first_order(done: tuple[str, ...], rest: tuple[str, ...]) -> tuple[str, ...] | None:
    if not rest:
        return done
    for i, c in enumerate(rest):
        if abs(lightness(done[-1]) - lightness(c)) >= MIN_GREY_STEP:
            found = _first_order(done + (c,), rest[:i] + rest[i + 1:])
            if found is not None:
                return found
    return None


def _greedy(colors: tuple[str, ...]) -> tuple[str, ...]:
    done, rest = [colors[0]], list(colors[1:])
    while rest:
        last = lightness(done[-1])
        best = max(rest, key=lambda c: abs(lightness(c) - last))
        done.append(best)
        rest.remove(best)
    return tuple(done)


@dataclass(frozen=True)
class LineStyle:
    """How one series of a line chart is drawn besides its colour: its markers' shape and
    size (points across) and its line's dash pattern."""

    marker: str = "circle"
    dash: str = "solid"
    marker_size: float = 5.0


def line_styles(chart: Chart) -> list[LineStyle]:
    """One style per series of a line chart (none for other kinds): a single line keeps round
    markers and a solid line; several differ in marker shape and dash, so that they stay
    apart in greyscale and where two colours look alike, and the legend shows which is which."""
    if chart.type != "line":
        return []
    if len(chart.series) <= 1:
        return [LineStyle() for _ in chart.series]
    return [LineStyle(MARKERS[i % len(MARKERS)], DASHES[i % len(DASHES)], 7.0)
            for i in range(len(chart.series))]


def series_colors(chart: Chart, colors: list[str]) -> list[str]:
    """One colour per series, or per slice for a pie."""
    if chart.type == "pie":
        return pie_colors(colors, chart.categories)
    colors = colors or ["1F4E79"]
    return [colors[i % len(colors)] for i in range(len(chart.series))]


def point_labels(chart: Chart, colors: list[str]) -> list[list[PointLabel]]:
    """Each series' labels, one per category: the value as a reader says it ('at least 9',
    '2,783–2,906'), on the series colour where the label sits inside it; an unknown value of
    a column or bar chart says "not reported" (a stacked column only when none of its segments
    is known); elsewhere '' (a line breaks, a pie names it under the pie, as it names a zero
    slice: no wedge, no "0" beside it). A plain value the chart's number format would print
    otherwise than `format_number` gets its own format (`PointLabel.number_format`)."""
    n = len(chart.categories)
    fills = series_colors(chart, colors) if chart.type != "pie" else []
    marks = point_marks(chart)
    chart_format = excel_number_format(chart)
    known = [any(row[ci].shown for row in marks) for ci in range(n)]
    out = []
    for si, series in enumerate(chart.series):
        color = contrast(fills[si]) if chart.type in INSIDE_LABELS else None
        row = []
        for ci, v in enumerate(_padded(series.values, n)):
            if chart.type == "pie" and marks[si][ci].bar is not None \
                    and marks[si][ci].bar <= 0:
                row.append(PointLabel(""))  # named in the footer (`pie_footer`)
            elif marks[si][ci].shown:
                own = excel_format(fraction_digits(v.value), label_suffix(chart)) \
                    if v is not None and v.value is not None and v.label() == format_number(
                        v.value) else chart_format
                row.append(PointLabel(v.label() if v is not None else "", color,
                                      number_format=own if own != chart_format else None))
            elif chart.type in BAR_KINDS or (chart.type in INSIDE_LABELS and not known[ci]
                                             and si == 0):
                row.append(PointLabel(GAP_TEXT, None, gap=True))
            else:
                row.append(PointLabel(""))
        out.append(row)
    return out


def point_marks(chart: Chart) -> list[list[Mark]]:
    """Each series' marks, one per category: the bar and the range's whisker.

    A range without a value (`{low: 2783, high: 2906}`) is reported, as a range, and every
    output draws it: in column and bar charts as its whisker (no bar); in a line chart as a
    point at the range's midpoint with its whisker from low to high; in a stacked chart and a
    pie, whose marks stack or share a whole, as a segment or slice of the midpoint. Its label
    says the range ("2,783–2,906"), never the midpoint. Stacks and pies draw no whiskers."""
    n = len(chart.categories)
    out = []
    for series in chart.series:
        row = []
        for v in _padded(series.values, n):
            if v is None:
                row.append(Mark())
                continue
            ranged = v.low is not None and v.high is not None
            bar = v.value
            if bar is None and ranged and chart.type not in BAR_KINDS:
                bar = range_midpoint(v.low, v.high)
            whisker = (v.low, v.high) if ranged and chart.type in BAR_KINDS + ("line",) \
                else None
            row.append(Mark(bar, whisker))
        out.append(row)
    return out


def range_midpoint(low: float, high: float) -> float:
    """Where a range without a value stands in a line, a stack or a pie."""
    return (low + high) / 2


#: the share of a category's slot a stacked bar fills across (the drawing's; the deck's gap
#: width of 60 gives 0.625), and the share of a slot a label across it may take (its
#: neighbours' labels stand in the rest)
STACK_THICKNESS, LABEL_ACROSS = 0.6, 0.95


def unlabelled_segments(chart: Chart, width: float, height: float,
                        font_size: float) -> frozenset[tuple[int, int]]:
    """(series, category) of each stacked segment too small to hold its label: a label inside
    a segment must fit along it (a 40 on a stack of 3,900 is a sliver) and across its slot, or
    it would be invisible or print over a neighbour or a category name. Such a label is left
    out of every output's chart and its value said in the chart's note (`unlabelled_note`).
    Measured on `plot_length`'s estimate of the plot in a chart of `width` x `height` points,
    the same for the deck and the drawing of one frame."""
    if chart.type not in INSIDE_LABELS or not chart.categories:
        return frozenset()
    marks = point_marks(chart)
    n = len(chart.categories)
    ups = [sum(max(row[ci].bar or 0.0, 0.0) for row in marks) for ci in range(n)]
    downs = [sum(min(row[ci].bar or 0.0, 0.0) for row in marks) for ci in range(n)]
    horizontal = chart.type == "stacked-bar"
    vmin, vmax = value_range(min(downs, default=0.0), max(ups, default=0.0), horizontal)
    legend = len(chart.series) > 1
    along = plot_length(chart, width, height, font_size, legend) / ((vmax - vmin) or 1.0)
    slot = _category_length(chart, width, height, font_size, legend) / n
    size = label_size(font_size)
    out = set()
    for si, row in enumerate(point_labels(chart, [])):
        for ci, label in enumerate(row):
            bar = marks[si][ci].bar
            if not label.text or label.gap or bar is None:
                continue
            wide, tall = _label_extent(label.text, size, slot * STACK_THICKNESS)
            length = abs(bar) * along
            if horizontal:
                fits = wide <= length and tall <= slot * LABEL_ACROSS
            else:
                fits = tall <= length and wide <= slot * LABEL_ACROSS
            if not fits:
                out.add((si, ci))
    return frozenset(out)


def _label_extent(text: str, size: float, room: float) -> tuple[float, float]:
    """Width and height of a label inside a segment: one line, or a ranged one in two ("about
    3,800" over "(2,300–3,825)") where one is wider than `room`, as the drawing sets it."""
    lines = [text]
    if measure(text, size) > room and " (" in text:
        head, tail = text.split(" (", 1)
        lines = [head, "(" + tail]
    return max(measure(line, size) for line in lines), size * (1.1 * len(lines) + 0.1)


def _category_length(chart: Chart, width: float, height: float, font_size: float,
                     legend: bool) -> float:
    """An estimate, in points, of the category axis's length (see `plot_length`)."""
    margins = 2 * 7.0
    unit = font_size * 1.3 if chart.unit else 0.0
    if chart.type in ("bar", "stacked-bar"):
        return max(height - margins - font_size * 1.4 - unit
                   - (font_size * 2 if legend else 0.0), 1.0)
    ticks = measure("0,000,000", font_size)
    return max(width - margins - ticks - unit, 1.0)


def unlabelled_note(chart: Chart, hidden: frozenset[tuple[int, int]]) -> str | None:
    """The values whose labels were left out of the chart (`unlabelled_segments`), for its
    note in every output: "Too small to label: Volunteers / Soldiers 40." (None for none)."""
    if not hidden:
        return None
    labels = point_labels(chart, [])
    items = []
    for ci, category in enumerate(chart.categories):
        for si, series in enumerate(chart.series):
            if (si, ci) in hidden:
                where = f"{category} / {series.name}" if len(chart.series) > 1 else category
                items.append(f"{where} {labels[si][ci].text}")
    return f"Too small to label: {'; '.join(items)}."


def without_labels(labels: list[list[PointLabel]],
                   hidden: frozenset[tuple[int, int]]) -> list[list[PointLabel]]:
    """`labels` with those of `hidden` (series, category) left out ('')."""
    return [[PointLabel("", lab.color) if (si, ci) in hidden else lab
             for ci, lab in enumerate(row)] for si, row in enumerate(labels)]


@dataclass(frozen=True)
class LabelBox:
    """A data label beside the end of a horizontal bar, in points: where it starts along the
    value axis, the middle of its line across it, and its width."""

    start: float
    across: float
    width: float


#: the share of a category's slot the bars of a grouped chart fill across together, and the share
#: of its own share each bar fills (the drawing's; the deck's gap width 60 and overlap -10 give
#: about the same); points between a bar's end and a label beyond or inside it
GROUP_THICKNESS, BAR_FILL, BAR_LABEL_PAD = 0.8, 0.95, 3.0


def bar_labels_inside(chart: Chart, width: float, height: float, font_size: float,
                      axis_max: float | None = None) -> frozenset[tuple[int, int]]:
    """(series, category) of each horizontal bar whose label stands inside the bar, at its
    end, in every output. A label stands beyond its bar's end where it fits within its row:
    it covers no other bar of its category (a label taller than its bar spills across the bars
    beside it, and one of them longer than this one ran under it: "1,320" over the longer
    "1,398" in the handout's small charts; labels of neighbouring categories are kept apart
    by `clear_labels`). Where it does not, it goes inside its bar if it fits along it, in
    the bar's contrast colour on a tab of the bar's colour as tall as the label (the bar may be
    thinner than the text), as a stacked bar's labels stand inside their segments, and clear of
    the tabs of the bars before it; else it stays beyond the end. A ranged value's label stays beyond its whisker. Measured on
    `plot_length` and the category axis's estimate in a chart of `width` x `height` points at
    `font_size`, the same for the deck and the drawing of one frame."""
    if chart.type != "bar" or not chart.categories or not chart.series:
        return frozenset()
    n, n_ser = len(chart.categories), len(chart.series)
    axis = chart_value_axis(chart, axis_max)
    legend = has_legend(chart)
    along = plot_length(chart, width, height, font_size, legend) / ((axis.high - axis.low)
                                                                    or 1.0)
    slot = _category_length(chart, width, height, font_size, legend) / n
    share = GROUP_THICKNESS / n_ser
    half_bar = share * BAR_FILL * slot / 2
    size = label_size(font_size)
    marks = point_marks(chart)
    # the bars of a category a label's line of text can reach across, either side of its own
    reach = int(math.ceil((size * 0.6 + half_bar) / ((share * slot) or 1.0)))

    def across(si: int, ci: int) -> float:
        return (ci - GROUP_THICKNESS / 2 + share * (si + 0.5)) * slot

    def end(si: int, ci: int) -> float:  # points from zero to the bar's end (0: none)
        bar = marks[si][ci].bar
        return max(bar or 0.0, 0.0) * along

    inside, tabs = set(), []  # tabs: (across low, across high, along start, along end)
    labels = point_labels(chart, [])
    for ci in range(n):  # in order across, so a tab is weighed against those before it
        for si in range(n_ser):
            label, mark = labels[si][ci], marks[si][ci]
            if not label.text or label.gap or mark.bar is None or mark.bar <= 0 \
                    or mark.whisker is not None:
                continue
            start, wide = end(si, ci) + BAR_LABEL_PAD, measure(label.text, size)
            low, high = across(si, ci) - size * 0.6, across(si, ci) + size * 0.6
            covers = any(end(sj, ci) > start and min(high, across(sj, ci) + half_bar)
                         > max(low, across(sj, ci) - half_bar)
                         for sj in range(max(si - reach, 0), min(si + reach + 1, n_ser))
                         if sj != si)
            tab = (low, high, end(si, ci) - wide - 2 * BAR_LABEL_PAD, end(si, ci))
            if covers and tab[2] >= 0 and not any(  # never on another's tab (thin rows)
                    min(tab[1], t[1]) > max(tab[0], t[0]) and min(tab[3], t[3])
                    > max(tab[2], t[2]) for t in tabs[-CLEAR_WINDOW:]):
                inside.add((si, ci))
                tabs.append(tab)
    return frozenset(inside)


def labels_inside(labels: list[list[PointLabel]], inside: frozenset[tuple[int, int]],
                  colors: list[str]) -> list[list[PointLabel]]:
    """`labels` with those of `inside` (series, category) set inside their bars
    (`bar_labels_inside`), in the contrast colour of the series' fill (`colors`, as
    `series_colors` gives them)."""
    return [[replace(lab, inside=True, color=contrast(colors[si % len(colors)] if colors
                                                      else "1F4E79"))
             if (si, ci) in inside else lab for ci, lab in enumerate(row)]
            for si, row in enumerate(labels)]


#: points kept between two labels moved apart, and how many earlier labels each is kept
#: clear of at most (`clear_labels`)
LABEL_GAP, CLEAR_WINDOW = 3.0, 16


def clear_labels(boxes: list[LabelBox], height: float,
                 fixed: list[LabelBox] | None = None) -> list[float]:
    """How far (points) each label moves outward along the value axis so that it covers no
    earlier one: bars thinner than a line of text (30 districts in the paper, or a handout's
    larger labels) would print the labels of neighbours of about the same length over each
    other ("29" over "30", "not reported" over "6"). In order (`boxes` run along the category
    axis, one way), each label moves just past every earlier label whose line it shares
    (`height` points of text); most move by nothing. Only the CLEAR_WINDOW nearest earlier
    labels within `height` across are compared, so a label costs a few neighbours however
    large the chart (more labels to one line of text than that are past reading anyway).
    `fixed`: labels that stay where they are (inside their bars, `bar_labels_inside`), which
    each label is kept clear of too (the CLEAR_WINDOW nearest within `height` across)."""
    near: deque[tuple[float, float, float]] = deque(maxlen=CLEAR_WINDOW)  # (across, l, r)
    still = list(fixed or [])
    still.sort(key=lambda b: b.across)
    acrosses = [b.across for b in still]
    out = []
    for box in boxes:
        while near and abs(near[0][0] - box.across) >= height:
            near.popleft()  # `boxes` are in order across: the rest stay apart from this one
        start = box.start
        lo = bisect_left(acrosses, box.across - height)
        hi = min(bisect_right(acrosses, box.across + height), lo + CLEAR_WINDOW)
        others = [(lf, rt) for _a, lf, rt in near] + [
            (b.start, b.start + b.width) for b in still[lo:hi]
            if abs(b.across - box.across) < height]
        for left, right in sorted(others):
            if left < start + box.width + LABEL_GAP and start < right + LABEL_GAP:
                start = right + LABEL_GAP  # past it; the ones further right come next
        near.append((box.across, start, start + box.width))
        out.append(start - box.start)
    return out


def pie_footer(chart: Chart) -> str | None:
    """The line every output writes under a pie (None for none, and for other kinds): its
    unit unless "%", the categories whose value is unknown ("not reported: Russia") and, where
    other slices are drawn, those at zero ("zero: Abroad"): a pie has no place for them, and a
    missing slice must never go unexplained (the deck said nothing while the PDFs said it)."""
    if chart.type != "pie":
        return None
    marks = point_marks(chart)[0] if chart.series else [Mark()] * len(chart.categories)
    missing = [c for c, mk in zip(chart.categories, marks, strict=False) if mk.bar is None]
    zero = [c for c, mk in zip(chart.categories, marks, strict=False)
            if mk.bar is not None and mk.bar <= 0]
    drawn = any(mk.bar is not None and mk.bar > 0 for mk in marks)
    unit = chart.unit if (chart.unit or "").strip() != "%" else ""
    bits = [t for t in (unit, f"{GAP_TEXT}: " + ", ".join(missing) if missing else "",
                        "zero: " + ", ".join(zero) if zero and drawn else "") if t]
    return "; ".join(bits) or None


def value_extent(chart: Chart) -> tuple[float, float]:
    """The lowest and highest value a column, bar or line chart must show: every value, every
    range's low end and every label's anchor (the label stands beyond its whisker)."""
    marks = [m for row in point_marks(chart) for m in row]
    nums = [v.value for s in chart.series for v in s.values if v is not None]
    nums += [v.low for s in chart.series for v in s.values if v is not None]
    low = min([n for n in nums if n is not None], default=0.0)
    high = max([m.anchor for m in marks if m.anchor is not None]
               + [n for n in nums if n is not None], default=0.0)
    return low, high


def value_range(low: float, high: float, horizontal: bool,
                axis_max: float | None = None) -> tuple[float, float]:
    """The value axis's ends, from zero to beyond the values with room for the outer labels
    (the drawing's axis, and the deck's where a label must be placed beyond a whisker)."""
    high, low = max(high, 0.0), min(low, 0.0)
    if high - low < sys.float_info.min:  # no span, or a subnormal one (5e-324), which
        high = 1.0  # no axis can divide into ticks
    span = high - low
    pad = LABEL_ROOM_HORIZONTAL if horizontal else LABEL_ROOM_VERTICAL
    vmin = low - span * pad if low < 0 else 0.0
    vmax = high + span * pad if high > 0 else 0.0
    if axis_max is not None and axis_max >= high:
        vmax = axis_max
    return vmin, vmax


#: the most intervals a value axis is divided into, in every output: LibreOffice and PowerPoint
#: choose their own (finer) steps unless the deck is given the layout's
MAX_TICK_INTERVALS = 6
#: where a horizontal bar chart's value axis (its numbers) stands, in every output: under the
#: bars, where a reader of a table of rows looks for the scale (`value_axis_side`)
BAR_VALUE_AXIS_SIDE = "bottom"


@dataclass(frozen=True)
class ValueAxis:
    """A value axis as every output draws it: its ends and the step between its ticks
    (gridlines and numbers at every multiple of `step` from `low` up to `high`)."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = int(math.floor((self.high - self.low) / self.step + 1e-9))
        return [self.low + k * self.step for k in range(count + 1)]


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least `raw`."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for k in (1.0, 2.0, 5.0, 10.0):
        if k * power >= raw * (1 - 1e-12):
            return k * power
    return 10.0 * power


def value_axis(low: float, high: float, horizontal: bool,
               axis_max: float | None = None) -> ValueAxis:
    """The value axis of a chart whose values run from `low` to `high` (`value_range`'s ends),
    divided into at most `MAX_TICK_INTERVALS` round steps; an axis below zero starts at a
    multiple of the step, so that its ticks fall on round numbers in every output (a native
    chart counts its ticks from the axis's start)."""
    vmin, vmax = value_range(low, high, horizontal, axis_max)
    step = nice_step((vmax - vmin) / MAX_TICK_INTERVALS)
    if vmin < 0:
        vmin = math.floor(vmin / step + 1e-9) * step
    return ValueAxis(vmin, vmax, step)


def axis_extent(chart: Chart) -> tuple[float, float]:
    """The lowest and highest value a chart's value axis must show: a stacked chart's highest
    stack and deepest negative one, other kinds' `value_extent`."""
    if not chart.type.startswith("stacked"):
        return value_extent(chart)
    n = len(chart.categories)
    up, down = [0.0] * n, [0.0] * n
    for series in chart.series:
        for ci, v in enumerate(_padded(series.values, n)):
            if v is not None and v.value is not None:
                if v.value >= 0:
                    up[ci] += v.value
                else:
                    down[ci] += v.value
    return min(down, default=0.0), max(up, default=0.0)


def chart_value_axis(chart: Chart, axis_max: float | None = None) -> ValueAxis:
    """The value axis of a column, bar or line chart as drawn, in every output."""
    return value_axis(*axis_extent(chart), chart.type in ("bar", "stacked-bar"), axis_max)


def value_axis_side(chart: Chart) -> str:
    """Where the value axis's numbers stand: 'left' of columns and lines, under horizontal
    bars (`BAR_VALUE_AXIS_SIDE`), in every output."""
    return BAR_VALUE_AXIS_SIDE if chart.type in ("bar", "stacked-bar") else "left"


def plot_length(chart: Chart, width: float, height: float, font_size: float,
                legend: bool) -> float:
    """An upper estimate, in points, of the value axis's length in a native chart of this size
    (the frame less the category names, the tick numbers, the legend and the chart's margins):
    a label moved by a share of it lands beyond its whisker, never on it."""
    margins = 2 * 7.0
    if chart.type in ("bar", "stacked-bar"):
        names = max((measure(c, font_size) for c in chart.categories), default=0.0)
        return max(width - margins - min(names, width * 0.4) - font_size, 1.0)
    return max(height - margins - font_size * 1.4 - (font_size * 2 if legend else 0.0), 1.0)


def label_shifts(chart: Chart, axis: tuple[float, float], length: float,
                 sides: list[list[str]] | None = None) -> list[list[float]]:
    """Per series, per category: how many points a native chart's data label must move outward
    from the end of its point (where PowerPoint and LibreOffice put it) to stand beyond the
    point's whisker, as the drawing puts it at `Mark.anchor`; 0 where there is no whisker.
    `axis`: the value axis's ends; `length`: its length in points (`plot_length`). A line's
    label stands above or below its point (`sides`, from `line_labels`), so it moves up past
    the whisker's top or down past its bottom."""
    span = (axis[1] - axis[0]) or 1.0
    out = []
    for si, row in enumerate(point_marks(chart)):
        shifts = []
        for ci, m in enumerate(row):
            if m.whisker is None or m.point is None:
                shifts.append(0.0)
                continue
            if chart.type == "line":
                side = sides[si][ci] if sides is not None else "above"
                if side in ("left", "right"):  # beside the point, clear of its whisker
                    shifts.append(0.0)
                    continue
                below = side == "below"
                beyond = m.point - m.whisker[0] if below else m.whisker[1] - m.point
            else:
                beyond = abs(m.anchor - m.point)
            shifts.append(beyond / span * length + WHISKER_GAP)
        out.append(shifts)
    return out


def _padded(values: list, n: int) -> list:
    return list(values[:n]) + [None] * (n - len(values))


def was_note(chart: Chart, was: Mapping[tuple[str, str], str], since: str) -> str | None:
    """The values of `chart` changed since the previous edition, new and old, for the note
    under the chart in every output: "Changed since 18 June 2025: Killed / Iran 11, was at
    least 9." (None when none changed). `was`: (category, series) -> the old reading
    (`model.compare.EditionMarks`)."""
    if not was:
        return None
    items = []
    for ci, category in enumerate(chart.categories):
        for series in chart.series:
            old = was.get((category, series.name))
            if old is None or ci >= len(series.values) or series.values[ci] is None:
                continue
            where = f"{category} / {series.name}" if len(chart.series) > 1 else category
            items.append(f"{where} {value_text(series.values[ci])}, was {old}")
    return f"Changed since {since}: {'; '.join(items)}." if items else None


def fraction_digits(x: float) -> int | None:
    """How many decimals `model.format_number` prints for `x`: 0, 1 or 2; None below a
    hundredth, where it prints two significant digits instead."""
    if float(x).is_integer():
        return 0
    if round(abs(x), 2) == 0:
        return None
    return len(f"{abs(x):.2f}".rstrip("0").partition(".")[2])


def excel_format(digits: int | None, suffix: str = "") -> str:
    """A spreadsheet number format printing `digits` decimals with thousands separators, as
    `format_number` does ("#,##0" never "#,##0.##", which prints 4000 as "4,000." in Excel and
    PowerPoint); "General" for a value below a hundredth. `suffix`: a literal after the number
    (a percent pie's "%", quoted: a bare % would multiply by a hundred)."""
    quoted = f'"{suffix}"' if suffix else ""
    if digits is None:
        return "General" + quoted
    return "#,##0" + ("." + "0" * digits if digits else "") + quoted


def label_suffix(chart: Chart) -> str:
    """What follows every data label's number: "%" on a pie whose unit is "%" (its footer
    leaves the unit out), nothing elsewhere (the axis title says the unit)."""
    return "%" if chart.type == "pie" and (chart.unit or "").strip() == "%" else ""


def excel_number_format(chart: Chart) -> str:
    """`model.format_number`'s rule in a spreadsheet's words, for a native chart's values and
    labels: thousands separators and as many decimals as its most precise value needs (up to
    two); General where a value is below a hundredth. A label whose value needs fewer decimals
    is given its own (`point_labels`)."""
    nums = [n for s in chart.series for v in s.values if v is not None
            for n in (v.value, v.low, v.high) if n is not None]
    digits = [fraction_digits(n) for n in nums]
    return excel_format(None if None in digits else max(digits, default=0), label_suffix(chart))


def axis_number_format(step: float) -> str:
    """The value axis's format: every tick with the decimals of the step between them
    ("0.0, 0.5, 1.0"), in every output (`tick_text`)."""
    return excel_format(fraction_digits(step))


def tick_text(value: float, step: float) -> str:
    """A value axis's number as `axis_number_format` prints it ("1,500"; "1.0" beside "0.5")."""
    value, digits = round(value, 10) + 0.0, fraction_digits(step)  # + 0.0: never "-0"
    return format_number(value) if digits is None else f"{value:,.{digits}f}"
