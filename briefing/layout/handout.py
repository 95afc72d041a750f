"""Slides as a handout prints them: charts re-laid at their printed size.

A handout draws each slide scaled down (a quarter of its width, 6 to an A4 sheet), which would
print a chart's labels at 2.6 pt. Text blocks may shrink with their slide (the slide is there to
be recognised, and its text is in the deck and the paper), but a chart's numbers are what a
reader takes from the page: each chart is drawn again with a font large enough that its
smallest text prints at HANDOUT_MIN_TEXT points, the drawing fitting names and labels to that
size as it does on any small chart.
"""

from __future__ import annotations

from dataclasses import replace

from .chart_rules import GAP_SHARE, LABEL_SHARE
from .geometry import ChartFrame, Page

#: the smallest chart text a handout prints, in points (legible in print, as footnotes are)
HANDOUT_MIN_TEXT = 6.0


def printed_chart_font(font_size: float, scale: float) -> float:
    """The font size (slide points) at which a chart drawn on a slide printed at `scale` prints
    its smallest text at HANDOUT_MIN_TEXT points or more; never smaller than `font_size`."""
    if scale <= 0:
        return font_size
    needed = HANDOUT_MIN_TEXT / scale / (LABEL_SHARE * GAP_SHARE)  # above the labels' floor
    return max(font_size, round(needed + 0.005, 2))


def handout_page(page: Page, scale: float) -> Page:
    """`page` as a handout prints it at `scale`: its charts with `printed_chart_font`."""
    if not any(isinstance(e, ChartFrame) for e in page.elements):
        return page
    elements = [replace(e, font_size=printed_chart_font(e.font_size, scale))
                if isinstance(e, ChartFrame) else e for e in page.elements]
    return replace(page, elements=elements)
