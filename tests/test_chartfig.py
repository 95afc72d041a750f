"""The shared chart drawing: one function for the GUI preview (a Figure) and the PDFs (vectors)."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap

import pytest
from reportlab.graphics.shapes import Group, String

from briefing import model as m
from briefing.chartfig import GAP_TEXT, chart_figure


def _chart(kind: str, unknown: bool = True, series: int = 2) -> m.Chart:
    names = ["Pakistan", "Iran"][:series]
    values = [
        [m.Value(2), m.Value(2), m.Value(3)],
        [m.Value(9, qualifier="at least"), m.Value(4), m.Value(None) if unknown else m.Value(1)],
    ]
    return m.Chart(type=kind, categories=["Killed", "Children", "Injured"], unit="people",
                   series=[m.Series(n, values[i]) for i, n in enumerate(names)])


def _texts(fig) -> list[str]:
    ax = fig.axes[0]
    found = [t.get_text() for t in ax.texts]
    found += [c.get_text() for c in ax.get_children() if hasattr(c, "get_text")]
    return found


def _strings(node) -> list[String]:
    out = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            out.append(child)
        elif isinstance(child, Group):
            out += _strings(child)
    return out


@pytest.mark.parametrize("kind", m.CHART_TYPES)
def test_every_chart_type_draws_with_qualified_labels(kind):
    chart = _chart(kind)
    if kind == "pie":  # a pie shows its first series, as PowerPoint's does
        chart.series.reverse()
    fig = chart_figure(chart, width_in=6.4, height_in=3.6)
    texts = " ".join(_texts(fig))
    assert "at least 9" in texts
    assert fig.get_size_inches().tolist() == [6.4, 3.6]


def test_an_unknown_value_is_a_gap_not_a_zero_bar():
    fig = chart_figure(_chart("column"))
    bars = [p for p in fig.axes[0].patches]
    assert len(bars) == 5  # six cells, one unknown: no bar at all, not a bar of height 0
    assert all(b.get_height() > 0 for b in bars)
    assert GAP_TEXT in _texts(fig)


def test_a_pie_leaves_out_an_unknown_slice_and_says_so():
    chart = _chart("pie")
    chart.series.reverse()
    ax = chart_figure(chart).axes[0]
    assert len(ax.patches) == 2
    assert "not reported: Injured" in ax.get_xlabel()


def test_an_unknown_stacked_segment_is_skipped():
    fig = chart_figure(_chart("stacked-column"))
    assert len(fig.axes[0].patches) == 5
    tops = sorted(b.get_y() + b.get_height() for b in fig.axes[0].patches)
    assert tops[-1] == 11  # 2 + at least 9 in the first column


def test_an_unknown_point_breaks_the_line():
    fig = chart_figure(_chart("line"))
    iran = fig.axes[0].lines[1]
    assert math.isnan(iran.get_ydata()[2])


def test_value_axis_carries_the_unit_and_category_axis_the_categories():
    column = chart_figure(_chart("column")).axes[0]
    assert column.get_ylabel() == "people"
    assert [t.get_text() for t in column.get_xticklabels()] == ["Killed", "Children", "Injured"]
    bar = chart_figure(_chart("bar")).axes[0]
    assert bar.get_xlabel() == "people"


def test_legend_only_when_there_is_more_than_one_series():
    assert chart_figure(_chart("column")).legends
    assert not chart_figure(_chart("column", series=1)).legends


def test_text_uses_the_shipped_liberation_sans():
    from matplotlib import font_manager

    fig = chart_figure(_chart("column"))
    label = fig.axes[0].texts[0]
    path = font_manager.findfont(label.get_fontproperties(), fallback_to_default=False)
    assert path.endswith("LiberationSans-Regular.ttf")


def test_the_chart_module_uses_neither_pyplot_nor_qt():
    code = textwrap.dedent("""
        import sys
        from briefing import model as m
        from briefing.chartfig import chart_figure
        chart = m.Chart(categories=["A"], series=[m.Series("S", [m.Value(1)])])
        chart_figure(chart)
        bad = [k for k in sys.modules if k == "matplotlib.pyplot" or k.startswith("PySide6")]
        print(bad)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_negative_values_stack_down_from_zero_and_stay_in_view():
    chart = m.Chart(type="stacked-column", categories=["A", "B"], series=[
        m.Series("x", [m.Value(-5), m.Value(3)]), m.Series("y", [m.Value(2), m.Value(-1)])])
    ax = chart_figure(chart).axes[0]
    segments = sorted((b.get_x(), b.get_y(), b.get_height()) for b in ax.patches)
    assert [(y, h) for _x, y, h in segments] == [(0, -5), (0, 2), (0, -1), (0, 3)]
    low, high = ax.get_ylim()
    assert low < -5 and high > 3
    chart.type = "column"
    low, _high = chart_figure(chart).axes[0].get_ylim()
    assert low < -5
