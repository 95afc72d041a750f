"""How far a chart may be flattened to finish a page of the briefing paper.

A chart section that does not fit the rest of a page would move whole to the next one and
leave the page part-empty. The paper may instead lay the chart out again, lower, at the height
that fits: the chart layout fits axis, labels and legend to any box at the same font size, so
its text stays as legible as ever and only the plot gets lower. How low is decided here, for
the chart as drawn (`chart_rules.chart_as_drawn`):

- column, stacked-column and line charts: down to a third of their width (a 483-pt figure of an
  A4 page to 161 pt, from 271): the values are still read off a plot of two thirds its height;
- bar charts keep their height, which is their categories' rows; pies keep theirs, which is
  their diameter and the room of the labels around it;
- a map keeps its layout (every label where it was placed, the same captions under it) and is
  drawn smaller as a whole, down to where its smallest text prints at the paper's caption size.

A bar chart is as tall as its rows need (`bar_chart_height`); one with more rows than a page
holds is split into figures of as many rows as fit (`bar_rows_per_figure`).
"""

from __future__ import annotations

from dataclasses import replace

from briefing.layout.geometry import MapFrame, TextBlock
from briefing.model.document import Chart
from briefing.text.metrics import measure

from .chart_rules import label_size, legend_size

#: the flattest (width over height) a column or line chart is drawn to finish a page
FLATTEST = 3.0
#: chart types drawn lower to finish a page; the others keep their height
FLATTENABLE = ("column", "stacked-column", "line")


def least_chart_height(chart: Chart, width: float, height: float) -> float:
    """The least height (points) `chart` (as drawn), `width` wide and at most `height` tall,
    may be laid out at to finish a page: `height` itself when it may not be flattened."""
    if chart.type not in FLATTENABLE:
        return height
    return min(height, width / FLATTEST)


#: the smallest text (points) a map drawn smaller to finish a page may print: the caption's
MAP_LEAST_TEXT = 9.0


def least_map_scale(frame: MapFrame) -> float:
    """The least scale `frame` may be drawn at to finish a page: its smallest text (names,
    labels, numbers, scale bar) no smaller than `MAP_LEAST_TEXT`; 1 when it is already."""
    sizes = [p.size for item in frame.items if isinstance(item, TextBlock)
             for p in item.paragraphs]
    return min(1.0, MAP_LEAST_TEXT / min(sizes)) if sizes else 1.0


#: the paper's charts are drawn at this size (axis text; labels and legend follow `chart_rules`)
PAPER_CHART_FONT = 10.0
#: a horizontal bar chart's row per category: the drawing gives its bars BAR_GROUP_SHARE of the
#: row, one bar per series, each as thick as its label's line (LINE font sizes) so that the
#: labels at the bars' ends never run into each other (30 districts of two series in a 271-pt
#: figure printed their labels over each other); a stacked bar is one bar of STACK_SHARE of
#: the row, its labels inside it
BAR_GROUP_SHARE, STACK_SHARE, LINE = 0.8, 0.6, 1.3
#: points of the drawing's margin (`charts.drawing.PAD`) top and bottom
_MARGINS = 2 * 4.0


def bar_row(chart: Chart, font_size: float) -> float:
    """The least height (points) of one category's row in a horizontal bar chart."""
    if chart.type == "stacked-bar":
        bars = label_size(font_size) * LINE / STACK_SHARE
    else:
        bars = max(len(chart.series), 1) * label_size(font_size) * LINE / BAR_GROUP_SHARE
    return max(font_size * LINE, bars)


def bar_chart_height(chart: Chart, width: float, font_size: float) -> float:
    """The least height of a horizontal bar chart `width` points wide: its rows, the value
    axis's numbers and title, and the legend's rows under it."""
    axis = font_size * 1.4 + (font_size * 1.3 if chart.unit else 0.0)
    legend = 0.0
    if len(chart.series) > 1:
        size = legend_size(font_size)
        rows, used = 1, 0.0
        for s in chart.series:
            w = size * 3.5 + measure(s.name, size)
            rows, used = (rows, used + w) if used + w <= width - _MARGINS else (rows + 1, w)
        legend = rows * size * 1.5 + size * 0.3
    return len(chart.categories) * bar_row(chart, font_size) + axis + legend + _MARGINS


def bar_rows_per_figure(chart: Chart, width: float, most_height: float,
                        font_size: float) -> int:
    """How many categories of a horizontal bar chart one figure at most `most_height` tall
    shows: all of them where they fit, else as many rows as fit (the rest in further figures,
    on one scale)."""
    extra = bar_chart_height(replace(chart, categories=[]), width, font_size)
    return max(1, min(len(chart.categories),
                      int((most_height - extra) // bar_row(chart, font_size))))
