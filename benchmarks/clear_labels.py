"""How long the drawing of the largest chart the format allows (500 categories of 50 series,
drawn as horizontal bars at the paper's size) takes, and the share of it spent keeping the
labels of its bars apart (`chart_rules.clear_labels`). Run: python -m benchmarks.clear_labels"""

from __future__ import annotations

import time

from briefing.charts import drawing
from briefing.layout import chart_rules
from briefing.model.document import Chart, Series, Value


def main() -> None:
    cats = [f"District {i}" for i in range(500)]
    chart = Chart(type="bar", categories=cats,
                  series=[Series(f"s{k}", [Value(float((i * 7 + k * 13) % 97)) for i in
                                           range(500)]) for k in range(50)])
    spent = [0.0]
    clear = chart_rules.clear_labels

    def timed(boxes, height, fixed=None):
        t = time.perf_counter()
        try:
            return clear(boxes, height, fixed)
        finally:
            spent[0] += time.perf_counter() - t

    drawing.clear_labels = timed
    t = time.perf_counter()
    drawing.chart_drawing(chart, None, 451.3, 252.7)
    total = time.perf_counter() - t
    print(f"drawing of 500 x 50 bars: {total:.2f} s, of which clear_labels {spent[0]:.2f} s")


if __name__ == "__main__":
    main()
