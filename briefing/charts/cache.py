"""Chart drawings remembered by content, for every output and preview that draws one.

The slides PDF, the handout, the paper and the app's previews ask for the same chart again and
again; building it once serves them all. A drawing is shared between callers: draw it, never
change it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from briefing.charts import drawing as rlchart
from briefing.format.themes import Theme, load_theme
from briefing.model import document as m
from briefing.text.faces import main_faces


def chart_drawing(chart: m.Chart, theme: Theme | None = None, width_pt: float = 460.8,
                  height_pt: float = 259.2, title: str | None = None, font_size: float = 10.0,
                  axis_max: float | None = None):
    """`briefing.charts.drawing.chart_drawing`, remembered by content (shared: never change it)."""
    theme = theme or load_theme(None)
    key = _key(chart, theme, width_pt, height_pt, title, font_size, axis_max)
    drawing = _cached(key)
    if drawing is not None:
        return drawing
    drawing = rlchart.chart_drawing(chart, theme, width_pt, height_pt, title, font_size,
                                    axis_max)
    with _CACHE_LOCK:
        _CACHE[key] = drawing
        while len(_CACHE) > CHART_CACHE_SIZE:
            _CACHE.popitem(last=False)
    return drawing


def cached_chart_drawing(chart: m.Chart, theme: Theme | None = None,
                         width_pt: float = 460.8, height_pt: float = 259.2,
                         title: str | None = None, font_size: float = 10.0,
                         axis_max: float | None = None):
    """`chart_drawing` if it has been built already, else None: never builds (for a caller
    that must not wait, such as the window's own thread)."""
    return _cached(_key(chart, theme or load_theme(None), width_pt, height_pt, title,
                        font_size, axis_max))


def _key(chart, theme, width_pt, height_pt, title, font_size, axis_max) -> tuple:
    """By content, and by the main font it is measured and drawn in (`main_faces`)."""
    return (repr(chart), theme, round(width_pt, 3), round(height_pt, 3), title, font_size,
            axis_max, main_faces().regular)


def _cached(key: tuple):
    with _CACHE_LOCK:
        drawing = _CACHE.get(key)
        if drawing is not None:
            _CACHE.move_to_end(key)
        return drawing


CHART_CACHE_SIZE = 256
_CACHE: OrderedDict[tuple, object] = OrderedDict()
_CACHE_LOCK = threading.Lock()  # the desktop app draws previews and exports in threads
