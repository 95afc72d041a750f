"""Native, editable PowerPoint charts from a layout ChartFrame.

The data goes into the chart's embedded workbook (it opens in PowerPoint's data sheet); unknown
values stay empty cells drawn as gaps; qualified values keep their words in the data label
("at least 9") while the bar shows the number.
"""

from __future__ import annotations

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from briefing.layout import ChartFrame
from briefing.render.pptx.text import emu

CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


def chart_data(frame: ChartFrame) -> CategoryChartData:
    c = frame.chart
    data = CategoryChartData(number_format=frame.number_format)
    data.categories = list(c.categories)
    for s in c.series:
        values = [v.value if v is not None else None for v in s.values]
        values += [None] * (len(c.categories) - len(values))
        data.add_series(s.name, values[: len(c.categories)])
    return data


def add_chart(slide, frame: ChartFrame, font: str, grid_color: str) -> object:
    """Draw the frame's chart; returns the python-pptx graphic frame."""
    kind = frame.chart.type if frame.chart.type in CHART_TYPES else "column"
    b = frame.box
    gf = slide.shapes.add_chart(CHART_TYPES[kind], emu(b.x), emu(b.y), emu(b.w), emu(b.h),
                                chart_data(frame))
    chart = gf.chart
    chart.has_title = False
    chart.font.size = Pt(frame.font_size)
    chart.font.name = font
    chart.font.color.rgb = RGBColor.from_string(frame.text_color)
    chart.has_legend = frame.legend
    if frame.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(frame.font_size)
    _gaps(chart)
    plot = chart.plots[0]
    if kind != "pie":
        plot_vary = getattr(plot, "vary_by_categories", None)
        if plot_vary is not None:
            plot.vary_by_categories = False
        if kind in ("column", "bar"):
            plot.gap_width = 60
            plot.overlap = -10 if len(frame.chart.series) > 1 else 0
        elif kind.startswith("stacked"):
            plot.gap_width = 60
            plot.overlap = 100
        _axes(chart, frame, grid_color)
    _colors(chart, frame, kind)
    _labels(plot, frame, kind)
    gf.name = "Chart"
    return gf


def _gaps(chart) -> None:
    """Unknown values are gaps, never zeros (some chart types default to zero)."""
    c_chart = chart.element.find(qn("c:chart"))
    el = c_chart.find(qn("c:dispBlanksAs"))
    if el is None:
        el = etree.SubElement(c_chart, qn("c:dispBlanksAs"))
        # keep schema order: dispBlanksAs comes after plotVisOnly
        pvo = c_chart.find(qn("c:plotVisOnly"))
        if pvo is not None:
            pvo.addnext(el)
    el.set("val", "gap")


def _axes(chart, frame: ChartFrame, grid_color: str) -> None:
    va = chart.value_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RGBColor.from_string(grid_color)
    va.major_gridlines.format.line.width = Pt(0.75)
    va.format.line.fill.background()
    va.tick_labels.font.size = Pt(frame.font_size)
    if frame.axis_max is not None:  # continuation slides of one chart share its scale
        va.maximum_scale = frame.axis_max
        va.minimum_scale = min(0.0, *(v.value for s in frame.chart.series for v in s.values
                                      if v is not None and v.value is not None))
    if frame.chart.unit:
        va.has_title = True
        tf = va.axis_title.text_frame
        tf.text = frame.chart.unit
        f = tf.paragraphs[0].runs[0].font
        f.size = Pt(frame.font_size)
        f.bold = False
        f.color.rgb = RGBColor.from_string(frame.text_color)
    ca = chart.category_axis
    ca.tick_labels.font.size = Pt(frame.font_size)
    if frame.chart.type in ("bar", "stacked-bar"):
        ca.reverse_order = True  # first category at the top, as it is read
    ca.format.line.color.rgb = RGBColor.from_string(grid_color)
    ca.has_major_gridlines = False


def _colors(chart, frame: ChartFrame, kind: str) -> None:
    colors = frame.colors or ["1F4E79"]
    plot = chart.plots[0]
    if kind == "pie":
        series = plot.series[0] if plot.series else None
        if series is not None:
            from briefing.layout.pie import pie_colors

            for i, color in enumerate(pie_colors(colors, frame.chart.categories)):
                fill = series.points[i].format.fill
                fill.solid()
                fill.fore_color.rgb = RGBColor.from_string(color)
        return
    for i, series in enumerate(plot.series):
        color = RGBColor.from_string(colors[i % len(colors)])
        if kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False


def _labels(plot, frame: ChartFrame, kind: str) -> None:
    """Values on the bars, as the layout decided them (`ChartFrame.labels`): a qualified or
    ranged value gets its own label text ('at least 9'), a label inside a bar its colour."""
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.font.size = Pt(frame.font_size)
    dl.number_format = frame.number_format
    dl.number_format_is_linked = False
    dl.show_value = True
    if kind in ("column", "bar"):
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
    elif kind == "line":
        dl.position = XL_LABEL_POSITION.ABOVE
    elif kind == "pie":
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
    for s_index, series in enumerate(plot.series):
        labels = frame.labels[s_index] if s_index < len(frame.labels) else []
        color = next((label.color for label in labels if label.color), None)
        values = frame.chart.series[s_index].values
        custom = [(i, v) for i, v in enumerate(values)
                  if v is not None and v.value is not None
                  and (v.qualifier or (v.low is not None and v.high is not None))]
        if color is None and not custom:
            continue
        # a series-level label block replaces the plot's, so it must show values too
        sdl = series.data_labels
        sdl.show_value = True
        sdl.number_format = frame.number_format
        sdl.number_format_is_linked = False
        _style_label(sdl, sdl.font, frame, kind, color)
        for i, _v in custom:
            label = series.points[i].data_label
            label.has_text_frame = True
            label.text_frame.text = labels[i].text
            _style_label(label, label.text_frame.paragraphs[0].runs[0].font, frame, kind, color)


def _style_label(label, font, frame: ChartFrame, kind: str, color: str | None) -> None:
    """A series' labels or one point's: the frame's size and colour, beyond the end of a bar or
    in the middle of a stacked segment."""
    font.size = Pt(frame.font_size)
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    if kind in ("column", "bar"):
        label.position = XL_LABEL_POSITION.OUTSIDE_END
    elif kind.startswith("stacked"):
        label.position = XL_LABEL_POSITION.CENTER

__all__ = ["add_chart", "chart_data", "CHART_TYPES"]
