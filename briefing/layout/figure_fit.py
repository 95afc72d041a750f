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
"""

from __future__ import annotations

from briefing.layout.geometry import MapFrame, TextBlock
from briefing.model.document import Chart

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
