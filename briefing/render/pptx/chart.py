"""Native, editable PowerPoint charts from a layout ChartFrame.

The data goes into the chart's embedded workbook (it opens in PowerPoint's data sheet); unknown
values stay empty cells drawn as gaps; qualified values keep their words in the data label
("at least 9") while the bar shows the number. What each value draws and says is the layout's
(`ChartFrame.marks` and `.labels`, from `briefing.layout.chart_rules`), the same as in the PDFs:
a range is a native error bar with custom plus and minus values; a range without a value keeps
its whisker and label on a hidden bar that reaches its top (the cell holds the top of the range);
an unknown bar says "not reported" in a label on an empty point at zero (the chart's cached
values hold that zero, the workbook's cell stays empty).
"""

from __future__ import annotations

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from briefing.layout import Box, ChartFrame
from briefing.layout.chart_rules import (
    gap_size,
    label_size,
    legend_size,
    value_axis_side,
)
from briefing.model.document import format_number
from briefing.render.pptx.text import emu
from briefing.text.metrics import measure

CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
}


def chart_data(frame: ChartFrame) -> CategoryChartData:
    """The workbook's values: each point's `Mark.point` (the value, or the top of a range that
    has no value), empty where unknown."""
    c = frame.chart
    data = CategoryChartData(number_format=frame.number_format)
    data.categories = list(c.categories)
    n = len(c.categories)
    for si, s in enumerate(c.series):
        marks = frame.marks[si] if si < len(frame.marks) else []
        values = [m.point for m in marks[:n]] + [None] * (n - len(marks))
        data.add_series(s.name, values)
    return data


#: `chart_rules.MARKERS` and `DASHES` in DrawingML's words
MARKER_STYLES = {"circle": XL_MARKER_STYLE.CIRCLE, "square": XL_MARKER_STYLE.SQUARE,
                 "triangle": XL_MARKER_STYLE.TRIANGLE, "diamond": XL_MARKER_STYLE.DIAMOND,
                 "x": XL_MARKER_STYLE.X, "plus": XL_MARKER_STYLE.PLUS}
DASH_STYLES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dash": MSO_LINE_DASH_STYLE.DASH,
               "dot": MSO_LINE_DASH_STYLE.ROUND_DOT, "dash-dot": MSO_LINE_DASH_STYLE.DASH_DOT,
               "long-dash": MSO_LINE_DASH_STYLE.LONG_DASH,
               "long-dash-dot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT}


def add_chart(slide, frame: ChartFrame, font: str, grid_color: str) -> object:
    """Draw the frame's chart; returns the python-pptx graphic frame."""
    kind = frame.chart.type if frame.chart.type in CHART_TYPES else "column"
    b = frame.box
    if frame.footer:  # under the pie, as the drawing writes it
        b = _footer(slide, frame, font)
    own_legend = frame.legend and kind in OWN_LEGEND
    if own_legend:  # the series in their order in every renderer, as the PDFs list them
        b = _legend(slide, frame, font, b)
    gf = slide.shapes.add_chart(CHART_TYPES[kind], emu(b.x), emu(b.y), emu(b.w), emu(b.h),
                                chart_data(frame))
    chart = gf.chart
    chart.has_title = False
    chart.font.size = Pt(frame.font_size)
    chart.font.name = font
    chart.font.color.rgb = RGBColor.from_string(frame.text_color)
    chart.has_legend = frame.legend and not own_legend
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(legend_size(frame.font_size))
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
    if kind == "line":
        _line_sides(plot, frame)
    _shift_labels(chart, frame, kind)
    if kind != "pie":
        _hidden_points(chart, frame)
        _whiskers(chart, frame)
    _axis_ids(chart)
    gf.name = "Chart"
    return gf


def _footer(slide, frame: ChartFrame, font: str) -> Box:
    """The frame's footer line ("not reported: Russia") in a text box along the bottom of
    its box, at the data labels' size, centred, as the drawing writes it under its pie;
    returns the box left above it for the chart."""
    b, size = frame.box, label_size(frame.font_size)
    h = size * 1.6
    tb = slide.shapes.add_textbox(emu(b.x), emu(b.bottom - h), emu(b.w), emu(h))
    tb.name = "Chart footer"
    tf = tb.text_frame
    tf.word_wrap = True
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    tf.text = frame.footer or ""
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    p.line_spacing = Pt(size * 1.2)
    run = p.runs[0]
    run.font.size = Pt(size)
    run.font.name = font
    run.font.color.rgb = RGBColor.from_string(frame.text_color)
    return Box(b.x, b.y, b.w, max(b.h - h, 1.0))


#: kinds whose legend the deck writes itself, under the chart: LibreOffice lists a clustered
#: horizontal bar chart's series last first (to match bars it would draw bottom up; the deck
#: draws the first at the top), PowerPoint first first, as the PDFs do; no native legend
#: agrees in both, a text box of the series in their order does
OWN_LEGEND = ("bar",)
#: the swatch before each series' name in the deck's own legend, and the room between entries
SWATCH, ENTRY_GAP = "\u25a0", "\u2003\u2003"


def _legend(slide, frame: ChartFrame, font: str, b: Box) -> Box:
    """The series in their order, each a swatch of its colour and its name, centred in a text
    box along the bottom of `b` at the legend's size, as the drawing lists them under its plot
    (as many to a row as fit); returns the box left above it for the chart."""
    size = legend_size(frame.font_size)
    names = [s.name for s in frame.chart.series]
    colors = frame.colors or ["1F4E79"]
    widths = [measure(f"{SWATCH}\u00a0{name}", size) for name in names]
    gap, rows, used = measure(ENTRY_GAP, size), 1, 0.0
    for w in widths:  # as many to a row as fit, as the text box will wrap them
        if used and used + gap + w > b.w:
            rows, used = rows + 1, w
        else:
            used += (gap if used else 0.0) + w
    h = rows * size * 1.2 + size * 0.6
    tb = slide.shapes.add_textbox(emu(b.x), emu(b.bottom - h), emu(b.w), emu(h))
    tb.name = "Chart legend"
    tf = tb.text_frame
    tf.word_wrap = True
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    p.line_spacing = Pt(size * 1.2)
    for i, name in enumerate(names):
        for text, color in ((ENTRY_GAP if i else "", None),
                            (SWATCH, colors[i % len(colors)]), ("\u00a0" + name, None)):
            if not text:
                continue
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.name = font
            run.font.color.rgb = RGBColor.from_string(color or frame.text_color)
    return Box(b.x, b.y, b.w, max(b.h - h, 1.0))


def _axis_ids(chart) -> None:
    """python-pptx writes negative axis ids, which the schema forbids (`c:axId` is an unsigned
    int; PowerPoint may offer to repair the file): number the axes 1, 2, ... in document order,
    so every export of one briefing writes the same ids."""
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    ids: dict[str, str] = {}
    for el in plot_area.iter(qn("c:axId"), qn("c:crossAx")):
        ids.setdefault(el.get("val"), str(len(ids) + 1))
    for el in plot_area.iter(qn("c:axId"), qn("c:crossAx")):
        el.set("val", ids[el.get("val")])


def _hidden_points(chart, frame: ChartFrame) -> None:
    """A range without a value draws no bar (its point, at the top of the range, is unfilled);
    an unknown bar that says "not reported" gets an unfilled point at zero in the chart's cache,
    so that its label has a place (the workbook's cell stays empty: the data is unknown)."""
    for si, series in enumerate(chart.plots[0].series):
        marks = frame.marks[si] if si < len(frame.marks) else []
        labels = frame.labels[si] if si < len(frame.labels) else []
        for ci, mark in enumerate(marks):
            gap = ci < len(labels) and labels[ci].gap
            if gap:
                _cache_zero(series._element, ci)
            if (mark.bar is None and mark.whisker is not None) or gap:
                series.points[ci].format.fill.background()
                series.points[ci].format.line.fill.background()


def _cache_zero(ser, index: int) -> None:
    cache = ser.find(qn("c:val")).find(".//" + qn("c:numCache"))
    points = cache.findall(qn("c:pt"))
    pt = etree.Element(qn("c:pt"), idx=str(index))
    etree.SubElement(pt, qn("c:v")).text = "0"
    after = [p for p in points if int(p.get("idx")) < index]
    if after:
        after[-1].addnext(pt)
    else:
        cache.find(qn("c:ptCount")).addnext(pt)


def _whiskers(chart, frame: ChartFrame) -> None:
    """Ranges as native error bars: custom plus and minus values from each point's anchor, in
    the chart's text colour, as the PDFs draw them."""
    for si, series in enumerate(chart.plots[0].series):
        marks = frame.marks[si] if si < len(frame.marks) else []
        spans = {ci: (m.whisker[1] - m.point, m.point - m.whisker[0])
                 for ci, m in enumerate(marks) if m.whisker is not None}
        if not spans:
            continue
        ser = series._element
        err = etree.Element(qn("c:errBars"))
        if frame.chart.type == "line":
            etree.SubElement(err, qn("c:errDir"), val="y")
        etree.SubElement(err, qn("c:errBarType"), val="both")
        etree.SubElement(err, qn("c:errValType"), val="cust")
        etree.SubElement(err, qn("c:noEndCap"), val="0")
        for tag, k in (("c:plus", 0), ("c:minus", 1)):
            lit = etree.SubElement(etree.SubElement(err, qn(tag)), qn("c:numLit"))
            etree.SubElement(lit, qn("c:formatCode")).text = "General"
            etree.SubElement(lit, qn("c:ptCount"), val=str(len(frame.chart.categories)))
            for ci in sorted(spans):
                pt = etree.SubElement(lit, qn("c:pt"), idx=str(ci))
                etree.SubElement(pt, qn("c:v")).text = repr(float(spans[ci][k]))
        sp = etree.SubElement(err, qn("c:spPr"))
        ln = etree.SubElement(sp, qn("a:ln"), w="12700")
        fill = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=frame.text_color)
        ser.find(qn("c:cat")).addprevious(err)


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
    va.tick_labels.number_format = frame.axis_format  # "3,500", as the PDFs print it
    va.tick_labels.number_format_is_linked = False
    if frame.axis_range is not None:  # the layout's scale and ticks, as the PDFs draw them
        va.minimum_scale, va.maximum_scale = frame.axis_range
    elif frame.axis_max is not None:  # continuation slides of one chart share its scale
        va.maximum_scale = frame.axis_max
        va.minimum_scale = min(0.0, *(v.value for s in frame.chart.series for v in s.values
                                      if v is not None and v.value is not None))
    if frame.axis_step is not None:  # else LibreOffice draws about twice as many
        va.major_unit = frame.axis_step
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
        _value_axis_side(chart, value_axis_side(frame.chart))
    ca.format.line.color.rgb = RGBColor.from_string(grid_color)
    ca.has_major_gridlines = False


def _value_axis_side(chart, side: str) -> None:
    """The value axis's numbers under the bars (`side` 'bottom') or over them ('top'), said
    outright: with the categories reversed (first at the top) a native chart crosses the value
    axis at the first category, so LibreOffice drew it at the top while the PDFs draw it at the
    bottom. It crosses at the last category (at the bottom) and is placed there."""
    bottom = side == "bottom"
    # python-pptx's `crosses` sets where the category axis crosses the value axis only: the
    # value axis's own `c:crosses` says at which category it crosses (schema order: after
    # `c:crossAx`, where python-pptx's template puts it)
    val_ax = chart.value_axis._element
    val_ax.find(qn("c:crosses")).set("val", "max" if bottom else "min")
    val_ax.find(qn("c:axPos")).set("val", "b" if bottom else "t")


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
            if i < len(frame.line_styles):  # shape and dash tell the lines apart, not hue alone
                style = frame.line_styles[i]
                series.marker.style = MARKER_STYLES[style.marker]
                series.marker.size = int(round(style.marker_size))
                series.marker.format.line.color.rgb = color  # an x or + is all outline
                series.format.line.dash_style = DASH_STYLES[style.dash]
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False


def _labels(plot, frame: ChartFrame, kind: str) -> None:
    """Values on the bars, as the layout decided them (`ChartFrame.labels`): a qualified or
    ranged value gets its own label text ('at least 9'), a label inside a bar its colour."""
    plot.has_data_labels = True
    dl = plot.data_labels
    dl.font.size = Pt(label_size(frame.font_size))
    dl.number_format = frame.number_format
    dl.number_format_is_linked = False
    dl.show_value = True
    if kind in _POSITIONS and not kind.startswith("stacked"):
        dl.position = _POSITIONS[kind]
    for s_index, series in enumerate(plot.series):
        labels = frame.labels[s_index] if s_index < len(frame.labels) else []
        # the series' labels' colour (inside a stack); one inside its bar has its own
        color = next((label.color for label in labels if label.color and not label.inside),
                     None)
        inside = [i for i, label in enumerate(labels) if label.inside and label.text]
        marks = frame.marks[s_index] if s_index < len(frame.marks) else []
        # the label's own text where it says more than the number the point holds
        custom = [(i, label) for i, label in enumerate(labels)
                  if label.gap or (label.text and (
                      i >= len(marks) or marks[i].point is None
                      or label.text != format_number(marks[i].point)))]
        # a drawn point the layout left unlabelled (too small a segment: the note says it)
        unlabelled = [i for i, label in enumerate(labels) if not label.text and not label.gap
                      and i < len(marks) and marks[i].point is not None]
        # a plain value the chart's number format would print otherwise ("30.0" for "30")
        written = {i for i, _label in custom} | set(unlabelled)
        own = [(i, label.number_format) for i, label in enumerate(labels)
               if label.number_format and i not in written]
        if color is None and not custom and not unlabelled and not own and not inside:
            continue
        # a series-level label block replaces the plot's, so it must show values too
        sdl = series.data_labels
        sdl.show_value = True
        sdl.number_format = frame.number_format
        sdl.number_format_is_linked = False
        sdl.font.size = Pt(label_size(frame.font_size))
        if color is not None:
            sdl.font.color.rgb = RGBColor.from_string(color)
        if kind in _POSITIONS:  # a series' labels stand where the plot's would
            sdl.position = _POSITIONS[kind]
        for i in unlabelled:
            _no_label(series.points[i].data_label)
        for i, number_format in own:
            label = series.points[i].data_label
            label.font.size = Pt(label_size(frame.font_size))
            if color is not None:
                label.font.color.rgb = RGBColor.from_string(color)
            _own_format(label, number_format)
            if kind in _POSITIONS:
                label.position = _POSITIONS[kind]
        palette = frame.colors or ["1F4E79"]
        fill = palette[s_index % len(palette)]
        for i in inside:  # at the bar's end, on a tab of the bar's colour, as the PDFs draw it
            label = series.points[i].data_label
            label.position = XL_LABEL_POSITION.INSIDE_END
            label.font.size = Pt(label_size(frame.font_size))
            label.font.color.rgb = RGBColor.from_string(labels[i].color or "FFFFFF")
            d_lbl = label._get_or_add_dLbl()
            if not label.has_text_frame and d_lbl.find(qn("c:numFmt")) is None:
                _own_format(label, labels[i].number_format or frame.number_format)
            sp = d_lbl.find(qn("c:spPr"))
            for child in list(sp):
                sp.remove(child)
            etree.SubElement(etree.SubElement(sp, qn("a:solidFill")), qn("a:srgbClr"), val=fill)
        for i, point_label in custom:
            label = series.points[i].data_label
            label.has_text_frame = True
            label.text_frame.text = point_label.text
            label.text_frame.word_wrap = False  # "2,300–3,825" whole: never wrapped at the dash
            for run in (r for para in label.text_frame.paragraphs for r in para.runs):
                run.font.size = Pt(gap_size(frame.font_size) if point_label.gap
                                   else label_size(frame.font_size))
                if point_label.gap:  # as the PDFs write it: italic, muted, up from the axis
                    run.font.italic = True
                    run.font.color.rgb = RGBColor.from_string(frame.muted_color)
                elif point_label.inside or color is not None:
                    run.font.color.rgb = RGBColor.from_string(point_label.color or color)
            if point_label.gap and kind in ("column", "stacked-column"):
                label.text_frame._bodyPr.set("rot", "-5400000")
                label.text_frame._bodyPr.set("vert", "horz")
            if point_label.inside:
                label.position = XL_LABEL_POSITION.INSIDE_END
            elif kind in ("column", "bar", "pie"):
                label.position = XL_LABEL_POSITION.OUTSIDE_END
            elif kind.startswith("stacked"):  # a gap's label stands on the axis, not across it
                label.position = XL_LABEL_POSITION.INSIDE_BASE if point_label.gap \
                    else XL_LABEL_POSITION.CENTER


#: where a chart kind's data labels stand (a pie's outside its slices, as the PDFs put them)
_POSITIONS = {"column": XL_LABEL_POSITION.OUTSIDE_END, "bar": XL_LABEL_POSITION.OUTSIDE_END,
              "pie": XL_LABEL_POSITION.OUTSIDE_END, "line": XL_LABEL_POSITION.ABOVE,
              "stacked-column": XL_LABEL_POSITION.CENTER,
              "stacked-bar": XL_LABEL_POSITION.CENTER}


def _own_format(label, number_format: str) -> None:
    """The point's data label printed in `number_format` (its `c:numFmt`, before `c:spPr` as
    the schema orders a label's parts)."""
    d_lbl = label._get_or_add_dLbl()
    for old in d_lbl.findall(qn("c:numFmt")):
        d_lbl.remove(old)
    fmt = etree.Element(qn("c:numFmt"), formatCode=number_format, sourceLinked="0")
    d_lbl.find(qn("c:spPr")).addprevious(fmt)


def _no_label(label) -> None:
    """The point's data label deleted (`c:dLbl` holding only its index and `c:delete`)."""
    d_lbl = label._get_or_add_dLbl()
    for child in list(d_lbl):
        if child.tag != qn("c:idx"):
            d_lbl.remove(child)
    etree.SubElement(d_lbl, qn("c:delete"), val="1")


#: `line_labels`' sides as native label positions
_SIDES = {"above": XL_LABEL_POSITION.ABOVE, "below": XL_LABEL_POSITION.BELOW,
          "left": XL_LABEL_POSITION.LEFT, "right": XL_LABEL_POSITION.RIGHT}


def _line_sides(plot, frame: ChartFrame) -> None:
    """Each line label above or below its point, as the layout decided (`ChartFrame.
    label_sides`): every series' labels above (a native chart would put them to the right,
    over the next stretch of line), a point's own label below or beside it where it was put
    there, or lifted off its point (`ChartFrame.label_shifts`, moved by `_shift_labels`)."""
    for si, series in enumerate(plot.series):
        sides = frame.label_sides[si] if si < len(frame.label_sides) else []
        labels = frame.labels[si] if si < len(frame.labels) else []
        sdl = series.data_labels
        sdl.show_value = True
        sdl.number_format = frame.number_format
        sdl.number_format_is_linked = False
        sdl.font.size = Pt(label_size(frame.font_size))
        sdl.position = XL_LABEL_POSITION.ABOVE
        shifts = frame.label_shifts[si] if si < len(frame.label_shifts) else []
        for ci, side in enumerate(sides):
            moved = ci < len(shifts) and shifts[ci] > 0  # its own label (`_shift_labels`)
            if (side == "above" and not moved) or ci >= len(labels) or not labels[ci].text:
                continue
            label = series.points[ci].data_label
            label.position = _SIDES[side]
            if not label.has_text_frame:  # the value itself: its size and format, as above
                label.font.size = Pt(label_size(frame.font_size))
                if label._dLbl.find(qn("c:numFmt")) is None:
                    _own_format(label, labels[ci].number_format or frame.number_format)


def _shift_labels(chart, frame: ChartFrame, kind: str) -> None:
    """Each ranged label moved outward by the layout's `label_shifts` (points), from the end of
    its bar to beyond its error bar, so the whisker never crosses it: the point's own label gets
    a manual layout, whose x and y are offsets from the label's usual place in shares of the
    chart's width and height (the drawing stands the label at the same place, `Mark.anchor`)."""
    for si, series in enumerate(chart.plots[0].series):
        shifts = frame.label_shifts[si] if si < len(frame.label_shifts) else []
        marks = frame.marks[si] if si < len(frame.marks) else []
        for ci, shift in enumerate(shifts):
            if not shift or ci >= len(marks) or marks[ci].point is None:
                continue
            below = kind == "line" and si < len(frame.label_sides) and \
                frame.label_sides[si][ci] == "below"
            series.points[ci].data_label.position = (
                XL_LABEL_POSITION.BELOW if below else XL_LABEL_POSITION.ABOVE if kind == "line"
                else XL_LABEL_POSITION.OUTSIDE_END)
            d_lbl = next(d for d in series._element.iter(qn("c:dLbl"))
                         if d.find(qn("c:idx")).get("val") == str(ci))
            sign = -1.0 if (marks[ci].point < 0 and kind != "line") or below else 1.0
            dx, dy = ((sign * shift / frame.box.w, 0.0) if kind == "bar"
                      else (0.0, -sign * shift / frame.box.h))
            layout = d_lbl.find(qn("c:layout"))
            if layout is None:
                layout = etree.Element(qn("c:layout"))
                d_lbl.find(qn("c:idx")).addnext(layout)
            for child in list(layout):
                layout.remove(child)
            _no_leader_lines(series._element.find(qn("c:dLbls")))
            manual = etree.SubElement(layout, qn("c:manualLayout"))
            etree.SubElement(manual, qn("c:x"), val=repr(dx))
            etree.SubElement(manual, qn("c:y"), val=repr(dy))

_C15 = "http://schemas.microsoft.com/office/drawing/2012/chart"
_LEADER_EXT = "{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"


def _no_leader_lines(d_lbls) -> None:
    """No leader line from a moved label back to its point (LibreOffice draws one by default,
    which would run over the whisker the move keeps the label clear of)."""
    if d_lbls is None or any(e.get("uri") == _LEADER_EXT for e in d_lbls.iter(qn("c:ext"))):
        return
    ext_lst = d_lbls.find(qn("c:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(d_lbls, qn("c:extLst"))
    ext = etree.SubElement(ext_lst, qn("c:ext"), uri=_LEADER_EXT, nsmap={"c15": _C15})
    etree.SubElement(ext, f"{{{_C15}}}showLeaderLines", val="0")


__all__ = ["add_chart", "chart_data", "CHART_TYPES"]
