"""Charts as matplotlib Figures, for the desktop app's previews until they draw
`briefing.rlchart`'s drawings (the PDFs do already).

Every chart type with matplotlib's object API (`Figure`, never pyplot: no global figure
registry, no Qt), using the shipped Liberation Sans.

Unknown values (`Value.value is None`) are gaps, never zeros: no bar, no stacked segment, a break
in a line, no pie wedge.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from . import model as m
from .themes import Theme, load_theme

FONT_FAMILY = "Liberation Sans"
FALLBACK_FAMILY = "DejaVu Sans"  # Arabic-script glyphs (Persian, Urdu names)
URDU_FAMILY = "Noto Naskh Arabic"  # Urdu letters DejaVu lacks (heh goal, yeh barree)
FAMILIES = [FONT_FAMILY, FALLBACK_FAMILY, URDU_FAMILY]  # matplotlib falls back glyph by glyph
_HASH_SALT = "briefing-desk"
GAP_TEXT = "not reported"
_LOCK = threading.RLock()  # rcParams are process-wide; build one chart at a time


@cache
def register_mpl_fonts() -> None:
    """Make the shipped TTFs known to matplotlib (once per process)."""
    from .resources import fonts_dir

    for path in sorted(fonts_dir().glob("*.ttf")):
        font_manager.fontManager.addfont(str(path))


def _hex(color: str) -> str:
    return "#" + color.lstrip("#")


def _rc(theme: Theme, font_size: float = 10.0) -> dict[str, object]:
    return {
        "font.family": FAMILIES,
        "font.size": font_size,
        "text.color": _hex(theme.text),
        "axes.labelcolor": _hex(theme.text),
        "axes.edgecolor": _hex(theme.muted),
        "xtick.color": _hex(theme.muted),
        "ytick.color": _hex(theme.muted),
        "xtick.labelcolor": _hex(theme.text),
        "ytick.labelcolor": _hex(theme.text),
        "svg.fonttype": "none",
        "svg.hashsalt": _HASH_SALT,
        "axes.unicode_minus": False,
    }


@contextmanager
def _chart_rc(theme: Theme, font_size: float = 10.0) -> Iterator[None]:
    register_mpl_fonts()
    with _LOCK, matplotlib.rc_context(_rc(theme, font_size)):
        yield


def _colors(theme: Theme, n: int) -> list[str]:
    palette = list(theme.chart_colors) or [theme.accent, theme.muted]
    return [_hex(palette[i % len(palette)]) for i in range(n)]


def _num(v: m.Value | None) -> float | None:
    return None if v is None or v.value is None else float(v.value)


def _values(series: m.Series, n: int) -> list[m.Value]:
    vals = [v if v is not None else m.Value() for v in series.values[:n]]
    return vals + [m.Value()] * (n - len(vals))


def chart_figure(
    chart: m.Chart, *, theme: Theme | None = None, width_in: float = 6.4,
    height_in: float = 3.6, title: str | None = None, font_size: float = 10.0,
) -> Figure:
    """A matplotlib Figure of `chart`, styled with `theme` (the default theme when None).

    `font_size` is the size of axis text in points; labels and legend scale from it.
    """
    theme = theme or load_theme(None)
    with _chart_rc(theme, font_size):
        fig = Figure(figsize=(width_in, height_in), layout="constrained")
        fig.set_facecolor(_hex(theme.background))
        fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72)
        ax = fig.add_subplot()
        ax.set_facecolor(_hex(theme.background))
        if title:
            ax.set_title(title, fontsize=font_size * 1.2, fontweight="bold", loc="left")
        if chart.type == "pie":
            _pie(ax, chart, theme)
        elif chart.type == "line":
            _line(ax, chart, theme)
        elif chart.type in ("stacked-column", "stacked-bar"):
            _stacked(ax, chart, theme, horizontal=chart.type == "stacked-bar")
        else:
            _grouped(ax, chart, theme, horizontal=chart.type == "bar")
        if chart.type != "pie" and len(chart.series) > 1:
            fig.legend(loc="outside lower center", ncols=min(len(chart.series), 3),
                       frameon=False, fontsize=font_size * 0.9)
        # ticks are created lazily (on resize in the GUI): pin their look to the theme
        for axis in ("x", "y"):
            ax.tick_params(axis=axis, labelfontfamily=FAMILIES,
                           labelcolor=_hex(theme.text), color=_hex(theme.muted))
    return fig


def _style_value_axis(ax, chart: m.Chart, horizontal: bool) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    grid_axis = "x" if horizontal else "y"
    ax.grid(axis=grid_axis, color="#BBBBBB", linewidth=0.5, alpha=0.6)
    ax.set_axisbelow(True)
    if chart.unit:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(chart.unit)


def _small(ax) -> float:
    """Data-label size: a little smaller than the axis text (rcParams are set while building)."""
    return max(matplotlib.rcParams["font.size"] * 0.85, 6.5)


def _label(ax, text: str, x: float, y: float, horizontal: bool, inside: bool = False,
           color: str | None = None) -> None:
    if not text:
        return
    if inside:
        ax.annotate(text, (x, y), ha="center", va="center", fontsize=_small(ax),
                    color=color, annotation_clip=False)
    elif horizontal:
        below = x < 0
        ax.annotate(text, (x, y), xytext=(-3 if below else 3, 0), textcoords="offset points",
                    ha="right" if below else "left", va="center", fontsize=_small(ax),
                    annotation_clip=False)
    else:
        below = y < 0
        ax.annotate(text, (x, y), xytext=(0, -2 if below else 2), textcoords="offset points",
                    ha="center", va="top" if below else "bottom", fontsize=_small(ax),
                    annotation_clip=False)


def _grouped(ax, chart: m.Chart, theme: Theme, horizontal: bool) -> None:
    n_cat, n_ser = len(chart.categories), max(len(chart.series), 1)
    colors = _colors(theme, n_ser)
    width = 0.8 / n_ser
    top = 0.0
    for si, series in enumerate(chart.series):
        offset = -0.4 + width * (si + 0.5)
        pos, heights = [], []
        for ci, v in enumerate(_values(series, n_cat)):
            num = _num(v)
            if num is None:
                continue  # a gap, not a zero
            pos.append(ci + offset)
            heights.append(num)
            top = max(top, num, v.high or 0)
        if horizontal:
            ax.barh(pos, heights, height=width * 0.95, color=colors[si],
                    label=series.name if pos else "_nolegend_")
        else:
            ax.bar(pos, heights, width=width * 0.95, color=colors[si],
                   label=series.name if pos else "_nolegend_")
        if not pos:
            _legend_swatch(ax, colors[si], series.name)
        for ci, v in enumerate(_values(series, n_cat)):
            num = _num(v)
            x = ci + offset
            if num is None:
                if v.low is not None and v.high is not None:
                    _range_mark(ax, x, v.low, v.high, colors[si], horizontal)
                    _label(ax, v.label(), *((v.high, x) if horizontal else (x, v.high)),
                           horizontal)
                else:
                    _gap_label(ax, x, horizontal, theme)
                continue
            if v.low is not None and v.high is not None:
                _range_mark(ax, x, v.low, v.high, theme.text, horizontal)
            end = max(num, v.high or num)
            _label(ax, v.label(), *((end, x) if horizontal else (x, end)), horizontal)
    _category_axis(ax, chart, horizontal)
    _style_value_axis(ax, chart, horizontal)
    _headroom(ax, top, horizontal, chart, _lowest(chart))


def _legend_swatch(ax, color: str, label: str) -> None:
    """A legend entry in the series' colour for a series with no bar drawn (all unknown):
    matplotlib would otherwise give the empty set of bars its default colour."""
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=color, edgecolor="none", label=label))


def _gap_label(ax, x: float, horizontal: bool, theme: Theme) -> None:
    """Say 'not reported' where a value is unknown, so the gap is not read as zero."""
    style = {"fontsize": _small(ax) * 0.9, "fontstyle": "italic", "color": _hex(theme.muted),
             "annotation_clip": False}
    if horizontal:
        ax.annotate(GAP_TEXT, (0, x), xytext=(3, 0), textcoords="offset points", ha="left",
                    va="center", **style)
    else:
        ax.annotate(GAP_TEXT, (x, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                    va="bottom", rotation=90, **style)


def _range_mark(ax, x: float, low: float, high: float, color: str, horizontal: bool) -> None:
    color = _hex(color.lstrip("#"))
    if horizontal:
        ax.errorbar([(low + high) / 2], [x], xerr=[[(high - low) / 2]], fmt="none",
                    ecolor=color, capsize=3, linewidth=1)
    else:
        ax.errorbar([x], [(low + high) / 2], yerr=[[(high - low) / 2]], fmt="none",
                    ecolor=color, capsize=3, linewidth=1)


def _category_axis(ax, chart: m.Chart, horizontal: bool) -> None:
    ticks = list(range(len(chart.categories)))
    # fixed limits: a trailing unknown value keeps its slot (and its "not reported" note)
    limits = (-0.5, max(len(ticks), 1) - 0.5)
    (ax.set_ylim if horizontal else ax.set_xlim)(*limits)
    if horizontal:
        ax.set_yticks(ticks, chart.categories)
        ax.invert_yaxis()  # first category on top, as read
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_xticks(ticks, chart.categories)
        ax.tick_params(axis="x", length=0)
        longest = max((len(c) for c in chart.categories), default=0)
        if longest * len(ticks) > 90:
            for label in ax.get_xticklabels():
                label.set_rotation(30)
                label.set_horizontalalignment("right")


def _headroom(ax, top: float, horizontal: bool, chart: m.Chart, bottom: float = 0.0) -> None:
    """Room beyond the longest bar for its label ('at least 9' must not hit the frame);
    negative values get room below zero the same way."""
    top, bottom = max(top, 0.0), min(bottom, 0.0)
    if top == bottom:
        top = 1.0
    span = top - bottom
    pad = 0.25 if horizontal else 0.15
    limits = (bottom - span * pad if bottom < 0 else 0.0, top + span * pad if top > 0 else 0.0)
    (ax.set_xlim if horizontal else ax.set_ylim)(*limits)


def _lowest(chart: m.Chart) -> float:
    nums = [_num(v) for s in chart.series for v in s.values if v is not None]
    nums += [v.low for s in chart.series for v in s.values if v is not None and v.low is not None]
    return min([n for n in nums if n is not None], default=0.0)


def _stacked(ax, chart: m.Chart, theme: Theme, horizontal: bool) -> None:
    """Positive values stack up from zero, negative ones down from it."""
    n_cat = len(chart.categories)
    colors = _colors(theme, len(chart.series))
    up, down = [0.0] * n_cat, [0.0] * n_cat
    for si, series in enumerate(chart.series):
        pos, size, start = [], [], []
        values = _values(series, n_cat)
        for ci, v in enumerate(values):
            num = _num(v)
            if num is None:
                continue  # skip the segment: unknown is not zero
            base = up if num >= 0 else down
            pos.append(ci)
            size.append(num)
            start.append(base[ci])
            base[ci] += num
        if horizontal:
            ax.barh(pos, size, left=start, height=0.6, color=colors[si],
                    label=series.name if pos else "_nolegend_")
        else:
            ax.bar(pos, size, bottom=start, width=0.6, color=colors[si],
                   label=series.name if pos else "_nolegend_")
        if not pos:
            _legend_swatch(ax, colors[si], series.name)
        for ci, s, b in zip(pos, size, start, strict=True):
            mid = b + s / 2
            _label(ax, values[ci].label(), *((mid, ci) if horizontal else (ci, mid)), horizontal,
                   inside=True, color=_contrast(colors[si]))
    _category_axis(ax, chart, horizontal)
    _style_value_axis(ax, chart, horizontal)
    _headroom(ax, max(up, default=0.0), horizontal, chart, min(down, default=0.0))


def _contrast(color: str) -> str:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""
    c = color.lstrip("#")

    def channel(i: int) -> float:
        v = int(c[i:i + 2], 16) / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def _line(ax, chart: m.Chart, theme: Theme) -> None:
    n_cat = len(chart.categories)
    colors = _colors(theme, len(chart.series))
    top = 0.0
    for si, series in enumerate(chart.series):
        vals = _values(series, n_cat)
        ys = [math.nan if _num(v) is None else _num(v) for v in vals]  # NaN breaks the line
        ax.plot(range(n_cat), ys, color=colors[si], marker="o", markersize=4, linewidth=2,
                label=series.name)
        for ci, v in enumerate(vals):
            num = _num(v)
            if num is not None:
                top = max(top, num)
                _label(ax, v.label(), ci, num, horizontal=False)
    _category_axis(ax, chart, horizontal=False)
    ax.set_xlim(-0.5, max(n_cat, 1) - 0.5)
    _style_value_axis(ax, chart, horizontal=False)
    _headroom(ax, top, False, chart, _lowest(chart))


def _pie(ax, chart: m.Chart, theme: Theme) -> None:
    """A pie shows the first series; unknown slices are left out and listed underneath."""
    series = chart.series[0] if chart.series else m.Series("", [])
    vals = _values(series, len(chart.categories))
    colors = _colors(theme, len(chart.categories))
    sizes, labels, wedge_colors, missing = [], [], [], []
    for ci, v in enumerate(vals):
        num = _num(v)
        if num is None or num <= 0:
            if num is None:
                missing.append(chart.categories[ci])
            continue
        sizes.append(num)
        text = v.label(chart.unit)
        labels.append(f"{chart.categories[ci]}\n{text}")
        wedge_colors.append(colors[ci])
    if sizes:
        ax.pie(sizes, labels=labels, colors=wedge_colors, startangle=90, counterclock=False,
               wedgeprops={"linewidth": 1, "edgecolor": _hex(theme.background)},
               textprops={"fontsize": _small(ax)})
    else:  # nothing to divide: say so, rather than an empty frame with 0-1 axis ticks
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.text(0.5, 0.5, "no values to show" if missing else "all values are zero",
                transform=ax.transAxes, ha="center", va="center", fontstyle="italic",
                fontsize=_small(ax) * 1.2, color=_hex(theme.muted))
    ax.set_aspect("equal")
    footer = []
    if chart.unit:
        footer.append(chart.unit)
    if missing:
        footer.append("not reported: " + ", ".join(missing))
    if footer:
        ax.set_xlabel("; ".join(footer), fontsize=_small(ax))
