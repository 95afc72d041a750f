"""A line chart's labels stand above or below their points, the same in every output (issue 14).

The deck's native line chart put a custom label ("at least 41") to the right of its point, over
the next stretch of line; the drawing put every label above its point, where two close lines
printed their labels over each other's markers. `layout/line_labels.py` decides each label's
side once; the deck writes it as the label's position, the drawing stands the label there.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from briefing import load_file
from briefing.charts.drawing import chart_drawing
from briefing.format.themes import load_theme
from briefing.layout import ChartFrame, layout_document
from briefing.layout.line_labels import ABOVE, BELOW, line_label_sides
from briefing.render.pptx.deck import write_pptx
from tests.test_chart_contract import text_boxes

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
NK = Path(__file__).parent / "data" / "nagorno-karabakh-charts.yaml"
#: `c:dLblPos` values for each side
POS = {ABOVE: "t", BELOW: "b", "left": "l", "right": "r"}


def _line_frames():
    doc = load_file(NK)
    return doc, [e for p in layout_document(doc).pages for e in p.elements
                 if isinstance(e, ChartFrame) and e.chart.type == "line"]


def _deck_line_charts(doc) -> list[etree._Element]:
    buf = io.BytesIO()
    write_pptx(doc, buf)
    with zipfile.ZipFile(buf) as zf:
        charts = [etree.fromstring(zf.read(n)) for n in sorted(
            zf.namelist(), key=lambda n: (len(n), n)) if n.startswith("ppt/charts/chart")]
    return [c for c in charts if c.find(f".//{C}lineChart") is not None]


def test_two_close_lines_put_their_labels_on_opposite_sides():
    _doc, frames = _line_frames()
    weekly = frames[0]
    sides = weekly.label_sides
    assert sides[0][2] == ABOVE and sides[1][2] == BELOW  # at least 41 over at least 35
    assert sides[0][1] == ABOVE and sides[1][1] == BELOW  # 24 over 22


def test_the_deck_places_each_label_on_the_side_the_layout_decided():
    doc, frames = _line_frames()
    for frame, chart in zip(frames, _deck_line_charts(doc), strict=True):
        for si, ser in enumerate(chart.iter(f"{C}ser")):
            dlbls = ser.find(f"{C}dLbls")
            assert dlbls.find(f"{C}dLblPos").get("val") == "t"  # never to the right
            own = {int(d.find(f"{C}idx").get("val")): d.find(f"{C}dLblPos")
                   for d in dlbls.iter(f"{C}dLbl")}
            for ci, side in enumerate(frame.label_sides[si]):
                if not frame.labels[si][ci].text:
                    continue
                pos = own[ci].get("val") if ci in own and own[ci] is not None else "t"
                assert pos == POS[side], (si, ci, side, pos)


def test_the_drawing_asks_the_same_rule_with_the_frames_size():
    _doc, frames = _line_frames()
    for frame in frames:
        assert frame.label_sides == line_label_sides(frame.chart, frame.box.w, frame.box.h,
                                                     frame.font_size, frame.axis_max)
        assert frame.axis_range is not None  # the deck's axis is the drawing's


def test_no_label_of_a_line_chart_overlaps_another_text_or_a_marker():
    _doc, frames = _line_frames()
    from reportlab.graphics.shapes import Circle, Group, Polygon

    for frame in frames:
        drawing = chart_drawing(frame.chart, load_theme(None), frame.box.w, frame.box.h,
                                font_size=frame.font_size, axis_max=frame.axis_max)
        boxes = text_boxes(drawing)
        for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
            for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
                assert not (min(ax1, bx1) - max(ax0, bx0) > 0.5
                            and min(ay1, by1) - max(ay0, by0) > 0.5), (a, b)
        markers = []

        def walk(node, markers=markers):
            if isinstance(node, Circle):
                markers.append((node.cx - node.r, node.cy - node.r, node.cx + node.r,
                                node.cy + node.r))
            elif isinstance(node, Polygon):
                xs, ys = node.points[0::2], node.points[1::2]
                markers.append((min(xs), min(ys), max(xs), max(ys)))
            elif isinstance(node, Group):
                for child in node.contents:
                    walk(child)

        walk(drawing)
        labels = {label.text for row in frame.labels for label in row if label.text}
        for text, (x0, y0, x1, y1) in boxes:
            if text not in labels:
                continue
            for mx0, my0, mx1, my1 in markers:
                assert not (min(x1, mx1) - max(x0, mx0) > 0.5
                            and min(y1, my1) - max(y0, my0) > 0.5), text
