"""What a chart shows, decided once: its slices, its colours, its label texts and colours.

The deck's native chart, the ReportLab drawing of the PDFs and the app's previews all take
these decisions from here (through the layout's `ChartFrame`, or these functions where a
renderer draws a chart outside a slide, as the paper and the chart editor do) and make none of
them again: a rule changed here changes every output.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.format.themes import Theme
from briefing.model.document import Chart

from .colors import contrast
from .pie import grouped_pie, pie_colors

#: kinds whose data labels sit inside the bars, on the series colour
INSIDE_LABELS = ("stacked-column", "stacked-bar")


@dataclass(frozen=True)
class PointLabel:
    """The data label of one value: its text ('' for none) and its colour (hex), or None for
    the chart's text colour (a label outside the bars)."""

    text: str
    color: str | None = None


def chart_as_drawn(chart: Chart) -> tuple[Chart, str | None]:
    """The chart every output draws, and a note of what was changed: a pie of many categories
    becomes its largest slices plus "Other" (see `pie.grouped_pie`)."""
    return grouped_pie(chart)


def palette(theme: Theme) -> list[str]:
    """The series colours (hex, no '#'): the theme's chart colours, else its accent and muted."""
    return [c.lstrip("#").upper() for c in theme.chart_colors] or \
        [theme.accent.lstrip("#").upper(), theme.muted.lstrip("#").upper()]


def series_colors(chart: Chart, colors: list[str]) -> list[str]:
    """One colour per series, or per slice for a pie."""
    if chart.type == "pie":
        return pie_colors(colors, chart.categories)
    colors = colors or ["1F4E79"]
    return [colors[i % len(colors)] for i in range(len(chart.series))]


def point_labels(chart: Chart, colors: list[str]) -> list[list[PointLabel]]:
    """Each series' labels, one per category: the value as a reader says it ('at least 9',
    '2,783–2,906', '' when unknown), on the series colour where the label sits inside it."""
    n = len(chart.categories)
    fills = series_colors(chart, colors) if chart.type != "pie" else []
    out = []
    for si, series in enumerate(chart.series):
        color = contrast(fills[si]) if chart.type in INSIDE_LABELS else None
        values = list(series.values[:n]) + [None] * (n - len(series.values))
        out.append([PointLabel(v.label() if v is not None else "", color) for v in values])
    return out


def excel_number_format(chart: Chart) -> str:
    """`model.format_number`'s rule in a spreadsheet's words, for a native chart's values:
    thousands separators and up to two decimals; General where a value is below a hundredth
    (the two-decimal format would print 0.001 as 0)."""
    small = any(v is not None and v.value and abs(v.value) < 0.01
                for s in chart.series for v in s.values)
    return "General" if small else "#,##0.##"
