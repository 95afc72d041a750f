"""Charts as ReportLab drawings (`briefing.charts.drawing`): what the PDFs print and the app previews.

Given a chart, when drawn, then these bars, wedges, points and labels: read back from the
drawing's shapes, as a reader would see them on the page."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Group, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import HexColor

from briefing.charts.cache import chart_drawing as cached_drawing
from briefing.charts.drawing import GAP_TEXT, chart_drawing
from briefing.format.themes import load_theme
from briefing.model import document as m
from briefing.text.shaping import visual

THEME = load_theme(None)
PAKISTAN, IRAN = (HexColor("#" + c) for c in THEME.chart_colors[:2])


def _chart(kind: str, unknown: bool = True, series: int = 2) -> m.Chart:
    names = ["Pakistan", "Iran"][:series]
    values = [
        [m.Value(2), m.Value(2), m.Value(3)],
        [m.Value(9, qualifier="at least"), m.Value(4), m.Value(None) if unknown else m.Value(1)],
    ]
    return m.Chart(type=kind, categories=["Killed", "Children", "Injured"], unit="people",
                   series=[m.Series(n, values[i]) for i, n in enumerate(names)])


def _shapes(node, kind):
    found = []
    for child in getattr(node, "contents", []):
        if isinstance(child, kind):
            found.append(child)
        if isinstance(child, Group):
            found += _shapes(child, kind)
    return found


def _texts(drawing) -> list[str]:
    return [s.text for s in _shapes(drawing, String)]


def _bars(drawing, color) -> list[Rect]:
    """Rectangles of a series' colour above the legend (whose swatches share the colour)."""
    legend = [g for g in _shapes(drawing, Group)
              if any(isinstance(c, String) and c.text in ("Pakistan", "Iran", "x", "y")
                     for c in g.contents)]
    floor = max((g.transform[5] for g in legend), default=0.0) + 8
    return [r for r in _shapes(drawing, Rect) if r.fillColor == color and r.y > floor]


@pytest.mark.parametrize("kind", m.CHART_TYPES)
def test_every_chart_type_draws_its_qualified_labels_in_the_shipped_font(kind):
    chart = _chart(kind)
    if kind == "pie":  # a pie shows its first series, as PowerPoint's does
        chart.series.reverse()
    drawing = chart_drawing(chart, None, 480, 270)
    assert (drawing.width, drawing.height) == (480, 270)
    fonts = {s.text: s.fontName for s in _shapes(drawing, String)}
    assert fonts["at least 9"] == "LiberationSans"


def test_an_unknown_value_is_a_gap_not_a_zero_bar_and_is_named():
    drawing = chart_drawing(_chart("column"), None, 480, 270)
    assert len(_bars(drawing, PAKISTAN)) == 3
    assert len(_bars(drawing, IRAN)) == 2  # no bar at all for Iran's injured, not a 0 bar
    assert GAP_TEXT in _texts(drawing)


def test_taller_values_draw_taller_columns():
    drawing = chart_drawing(_chart("column"), None, 480, 270)
    iran = sorted(_bars(drawing, IRAN), key=lambda r: r.x)
    assert iran[0].height == pytest.approx(iran[1].height * 9 / 4, rel=1e-6)


def test_a_pie_leaves_out_an_unknown_slice_and_says_so():
    chart = _chart("pie")
    chart.series.reverse()
    drawing = chart_drawing(chart, None, 480, 270)
    wedges = _shapes(drawing, Wedge)
    assert len(wedges) == 2
    sweeps = sorted(w.endangledegrees - w.startangledegrees for w in wedges)
    assert sweeps == pytest.approx([360 * 4 / 13, 360 * 9 / 13])
    assert "people; not reported: Injured" in _texts(drawing)


def test_a_pie_with_nothing_to_divide_says_so_instead_of_an_empty_frame():
    chart = m.Chart(type="pie", categories=["A", "B"], series=[
        m.Series("S", [m.Value(None), m.Value(None)])])
    drawing = chart_drawing(chart, None, 300, 200)
    assert _shapes(drawing, Wedge) == []
    assert "no values to show" in _texts(drawing)


def test_an_unknown_stacked_segment_is_left_out():
    drawing = chart_drawing(_chart("stacked-column"), None, 480, 270)
    assert len(_bars(drawing, PAKISTAN)) + len(_bars(drawing, IRAN)) == 5


def test_negative_values_stack_down_from_zero():
    chart = m.Chart(type="stacked-column", categories=["A", "B"], series=[
        m.Series("x", [m.Value(-5), m.Value(3)]), m.Series("y", [m.Value(2), m.Value(-1)])])
    drawing = chart_drawing(chart, None, 400, 240)
    x_bars = sorted(_bars(drawing, PAKISTAN), key=lambda r: r.x)
    y_bars = sorted(_bars(drawing, IRAN), key=lambda r: r.x)
    zero = x_bars[0].y + x_bars[0].height  # -5 hangs from zero
    assert y_bars[0].y == pytest.approx(zero)  # +2 stands on zero
    assert x_bars[1].y == pytest.approx(zero)  # +3 stands on zero
    assert y_bars[1].y + y_bars[1].height == pytest.approx(zero)  # -1 hangs from zero
    assert x_bars[0].height == pytest.approx(5 / 3 * x_bars[1].height)


def test_an_unknown_point_breaks_the_line():
    chart = m.Chart(type="line", categories=["Mon", "Tue", "Wed", "Thu"], series=[
        m.Series("Reports", [m.Value(1), m.Value(2), m.Value(None), m.Value(4)])])
    drawing = chart_drawing(chart, None, 400, 240)
    lines = [p for p in _shapes(drawing, PolyLine) if p.strokeColor == PAKISTAN]
    assert [len(p.points) // 2 for p in lines] == [2]  # Mon-Tue joined; Thu stands alone
    assert len([c for c in _shapes(drawing, Circle) if c.fillColor == PAKISTAN]) == 3


def test_axes_carry_the_unit_the_categories_and_a_range():
    drawing = chart_drawing(_chart("bar"), None, 480, 270)
    texts = _texts(drawing)
    assert {"people", "Killed", "Children", "Injured", "0"} <= set(texts)
    ranged = m.Chart(type="column", categories=["Killed"], series=[
        m.Series("S", [m.Value(None, low=3, high=7)])])
    assert "3–7" in _texts(chart_drawing(ranged, None, 300, 200))


def test_a_legend_only_when_there_is_more_than_one_series():
    assert "Pakistan" in _texts(chart_drawing(_chart("column"), None, 480, 270))
    assert "Pakistan" not in _texts(chart_drawing(_chart("column", series=1), None, 480, 270))


def test_persian_labels_are_shaped_and_drawn_with_the_fallback_font():
    chart = m.Chart(type="column", categories=["Sistan-Baluchestan", "سیستان و بلوچستان"],
                    series=[m.Series("Killed", [m.Value(9), m.Value(4)])])
    fonts = {s.text: s.fontName for s in _shapes(chart_drawing(chart, None, 400, 240), String)}
    assert fonts["Sistan-Baluchestan"] == "LiberationSans"
    assert fonts[visual("سیستان و بلوچستان")] == "DejaVuSans"  # joined, right to left


def test_a_chart_prints_the_same_bytes_every_time():
    def pdf() -> bytes:
        from reportlab.pdfgen.canvas import Canvas

        buf = io.BytesIO()
        canvas = Canvas(buf, invariant=1)
        renderPDF.draw(chart_drawing(_chart("column"), None, 480, 270), canvas, 0, 0)
        canvas.save()
        return buf.getvalue()

    assert pdf() == pdf()


def test_drawings_are_remembered_by_content():
    first = cached_drawing(_chart("bar"), None, 300, 200)
    assert cached_drawing(_chart("bar"), None, 300, 200) is first  # equal content
    assert cached_drawing(_chart("bar"), None, 300, 201) is not first
    changed = _chart("bar")
    changed.series[0].values[0] = m.Value(5)
    assert cached_drawing(changed, None, 300, 200) is not first


def test_drawing_a_chart_needs_neither_matplotlib_nor_qt():
    code = textwrap.dedent("""
        import sys
        from briefing.model import document as m
        from briefing.charts.drawing import chart_drawing
        chart_drawing(m.Chart(categories=["A"], series=[m.Series("S", [m.Value(1)])]))
        print([k for k in sys.modules if k.split(".")[0] in ("matplotlib", "PySide6")])
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_slices_of_a_split_chart_share_the_decks_value_scale():
    """Given a long chart split over slides, when its slices are drawn for the slides PDF,
    then each reaches the same axis top the deck uses, so bars compare across slides."""
    from briefing.layout import ChartFrame, layout_document

    chart = m.Chart(type="column", categories=[f"District {i}" for i in range(30)], series=[
        m.Series("Displaced", [m.Value(i * 10 if i < 15 else 3) for i in range(30)])])
    doc = m.Document(title="Split", as_of=__import__("datetime").date(2024, 1, 19),
                     sections=[m.Section(kind="chart", title="Displaced", id="c", chart=chart)])
    frames = [e for p in layout_document(doc).pages for e in p.elements
              if isinstance(e, ChartFrame)]
    assert len(frames) > 1 and len({f.axis_max for f in frames}) == 1
    tops = []
    for f in frames:
        drawing = cached_drawing(f.chart, None, f.box.w, f.box.h, f.title, f.font_size,
                                 axis_max=f.axis_max)
        ticks = [float(t.replace(",", "")) for t in _texts(drawing)
                 if t.replace(",", "").replace(".", "").isdigit()]
        tops.append(max(ticks))
    assert len(set(tops)) == 1


def test_legend_entries_stay_inside_the_drawing_at_a_large_font():
    chart = _chart("column")
    chart.series[1].name = "Iran (Pakistani strike, 18 Jan)"
    chart.series[0].name = "Pakistan (Iranian strike, 16 Jan)"
    drawing = chart_drawing(chart, None, 360, 200, font_size=14)
    from briefing.text.fonts import string_width

    for group in _shapes(drawing, Group):
        for s in group.contents:
            if isinstance(s, String) and s.text.startswith(("Iran", "Pakistan")):
                left = group.transform[4] + s.x
                assert left >= 0
                assert left + string_width(s.text, s.fontSize) <= 360 + 0.01, s.text


@pytest.mark.parametrize("kind", ["bar", "column"])
def test_a_category_name_too_long_for_its_room_is_shortened_not_drawn_off_the_chart(kind):
    name = "A very long category name that goes on and on, well past any sensible width"
    chart = m.Chart(type=kind, categories=[name, "B"], series=[
        m.Series("S", [m.Value(1), m.Value(2)])])
    drawing = chart_drawing(chart, None, 300, 180)
    texts = _texts(drawing)
    assert name not in texts
    if kind == "bar":  # a bar's row of this height takes the name in lines, each in room
        assert name in " ".join(texts)
        return
    assert any(t.startswith("A very long") and t.endswith("\u2026") for t in texts)


def test_value_axis_has_grid_lines_under_the_bars():
    drawing = chart_drawing(_chart("column"), None, 480, 270)
    from reportlab.graphics.shapes import Line

    grid = [ln for ln in _shapes(drawing, Line) if ln.y1 == ln.y2 and ln.x2 - ln.x1 > 300]
    assert len(grid) >= 4  # 0, 2, 4, 6, 8, 10: one line per tick across the plot


def test_values_below_a_hundredth_are_not_printed_as_zero():
    chart = m.Chart(type="column", categories=["a", "b"], series=[
        m.Series("S", [m.Value(0.001), m.Value(0.004)])])
    texts = _texts(chart_drawing(chart, None, 400, 240))
    assert {"0.001", "0.004"} <= set(texts)
    assert texts.count("0") <= 1  # the axis origin only


def test_a_stacked_category_with_no_known_segment_says_not_reported():
    chart = m.Chart(type="stacked-column", categories=["A", "B"], series=[
        m.Series("x", [m.Value(3), m.Value(None)]), m.Series("y", [m.Value(2), m.Value(None)])])
    assert _texts(chart_drawing(chart, None, 400, 240)).count(GAP_TEXT) == 1


def test_labels_of_small_neighbouring_pie_slices_do_not_overlap_and_zero_is_named():
    chart = m.Chart(type="pie", categories=["Aa", "Bb", "Dd", "Ee", "Ff", "Zero"], unit="%",
                    series=[m.Series("S", [m.Value(v) for v in (40, 20, 0.5, 0.5, 39, 0)])])
    drawing = chart_drawing(chart, None, 480, 270)
    texts = _texts(drawing)
    assert "zero: Zero" in texts and "0.5%" in texts
    groups = [g for g in _shapes(drawing, Group)
              if any(isinstance(c, String) and c.text in ("Dd", "Ee") for c in g.contents)]
    (dd,), (ee,) = ([g.transform[5] for g in groups if g.contents[0].text == n]
                    for n in ("Dd", "Ee"))
    assert abs(dd - ee) >= 2 * 0.85 * 10 * 1.2 - 0.01  # two lines apart at least
