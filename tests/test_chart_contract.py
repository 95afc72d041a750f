"""The layout's ChartFrame is the renderers' contract: one chart of each kind, drawn through the
deck's native chart and through the drawing the PDFs and previews use, shows the labels the
layout decided, in the colours it decided (issue 13, item 4)."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from reportlab.graphics.shapes import Group, String

from briefing import load_text
from briefing.charts.drawing import chart_drawing
from briefing.format.themes import load_theme
from briefing.layout import ChartFrame, layout_document
from briefing.layout.chart_rules import chart_as_drawn, contrast, point_labels
from briefing.render.pptx.deck import write_pptx

KINDS = ["column", "bar", "stacked-column", "stacked-bar", "line", "pie"]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def doc_with(kind: str, categories: int = 3):
    # five series, so the fifth takes the default palette's light orange (F79646), on which
    # white labels are unreadable
    cats = ", ".join(f"c{i}" for i in range(categories))
    series = "\n".join(
        f"        - {{name: s{k}, values: [{', '.join(str(10 + k + i) for i in range(categories))}]}}"
        for k in range(1 if kind == "pie" else 5))
    text = ("format: briefing/1\ntitle: Charts\nas_of: 2024-01-19\nsections:\n"
            f"  - kind: chart\n    title: A {kind} chart\n    chart:\n      type: {kind}\n"
            f"      categories: [{cats}]\n      series:\n{series}\n")
    text = text.replace("values: [10, ", "values: [{value: 10, qualifier: at least}, ", 1)
    return load_text(text)


def frame_of(doc) -> ChartFrame:
    deck = layout_document(doc)
    return next(e for p in deck.pages for e in p.elements if isinstance(e, ChartFrame))


def drawing_labels(drawing) -> set[tuple[str, str]]:
    """(text, colour) of every string in the drawing."""
    out = set()

    def walk(node) -> None:
        if isinstance(node, String):
            out.add((node.text, node.fillColor.hexval()[2:].upper()))
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)

    walk(drawing)
    return out


def deck_chart(doc) -> etree._Element:
    buf = io.BytesIO()
    write_pptx(doc, buf)
    with zipfile.ZipFile(buf) as zf:
        name = next(n for n in zf.namelist() if n.startswith("ppt/charts/chart"))
        return etree.fromstring(zf.read(name))


@pytest.mark.parametrize("kind", KINDS)
def test_the_frame_carries_the_labels_of_the_one_rule(kind):
    doc = doc_with(kind)
    frame = frame_of(doc)
    assert frame.labels == point_labels(frame.chart, frame.colors)
    assert frame.labels[0][0].text == "at least 10"


@pytest.mark.parametrize("kind", KINDS)
def test_the_drawing_shows_the_frames_labels_in_the_frames_colours(kind):
    doc = doc_with(kind)
    frame = frame_of(doc)
    theme = load_theme(None)
    shown = drawing_labels(chart_drawing(frame.chart, theme, frame.box.w, frame.box.h))
    texts = {t for t, _c in shown}
    for series in frame.labels:
        for label in series:
            if kind == "pie":
                assert any(label.text in t for t in texts), label
            elif label.color is not None:
                assert (label.text, label.color) in shown, label
            else:
                assert label.text in texts, label


@pytest.mark.parametrize("kind", KINDS)
def test_the_deck_shows_the_frames_labels_in_the_frames_colours(kind):
    doc = doc_with(kind)
    frame = frame_of(doc)
    chart = deck_chart(doc)
    custom = [t.text for t in chart.iter(f"{A}t")]
    assert "at least 10" in custom
    for rpr in chart.iter(f"{A}rPr"):
        assert rpr.get("b") != "1", "qualified labels are not bold in the deck alone"
    for ser, labels in zip(chart.iter(f"{C}ser"), frame.labels, strict=False):
        inside = {label.color for label in labels if label.color}
        dlbls = ser.find(f"{C}dLbls")
        colors = set() if dlbls is None else {
            c.get("val") for c in dlbls.iter(f"{A}srgbClr")}
        assert colors == inside, (kind, colors, inside)


def test_labels_inside_a_light_bar_are_black_in_every_output():
    assert contrast("4BACC6") == "000000" and contrast("1F4E79") == "FFFFFF"
    doc = doc_with("stacked-column")
    frame = frame_of(doc)
    assert frame.colors[4] == "F79646" and frame.labels[4][0].color == "000000"
    shown = drawing_labels(chart_drawing(frame.chart, load_theme(None), frame.box.w,
                                         frame.box.h))
    assert (frame.labels[4][0].text, "000000") in shown
    fifth = list(deck_chart(doc).iter(f"{C}ser"))[4]
    assert {c.get("val") for c in fifth.find(f"{C}dLbls").iter(f"{A}srgbClr")} == {"000000"}


def test_a_pie_of_many_categories_is_grouped_the_same_for_every_renderer():
    doc = doc_with("pie", categories=12)
    frame = frame_of(doc)
    grouped, note = chart_as_drawn(doc.sections[0].chart)
    assert len(grouped.categories) == len(frame.chart.categories) < 12
    assert note and frame.chart.categories == grouped.categories


# --- issue 14: deck and PDFs agree on ranges, unknowns, axis numbers; labels never slanted ---

RANGES = """format: briefing/1
title: Ranges
as_of: 2020-11-10
sections:
  - kind: chart
    title: Deaths by side
    chart:
      type: {kind}
      categories: [Armenia, Azerbaijan, Civilians, Volunteers]
      series:
        - name: Killed
          values: [{{value: 3800, qualifier: about, low: 2300, high: 3825}},
                   {{low: 2783, high: 2906}}, 85, null]
"""


def ranges_doc(kind: str):
    return load_text(RANGES.format(kind=kind))


def deck_error_bars(chart) -> dict[int, tuple[float, float]]:
    """Point index -> (plus, minus) of the deck's custom error bars."""
    err = chart.find(f".//{C}errBars")
    if err is None:
        return {}
    plus = {int(p.get("idx")): float(p.find(f"{C}v").text)
            for p in err.find(f"{C}plus").iter(f"{C}pt")}
    minus = {int(p.get("idx")): float(p.find(f"{C}v").text)
             for p in err.find(f"{C}minus").iter(f"{C}pt")}
    return {i: (plus[i], minus[i]) for i in plus}


@pytest.mark.parametrize("kind", ["column", "bar"])
def test_ranges_are_whiskers_in_the_deck_as_in_the_drawing(kind):
    frame = frame_of(ranges_doc(kind))
    marks = frame.marks[0]
    assert marks[0].whisker == (2300, 3825) and marks[1].whisker == (2783, 2906)
    bars = deck_error_bars(deck_chart(ranges_doc(kind)))
    expected = {i: (m.whisker[1] - m.point, m.point - m.whisker[0])
                for i, m in enumerate(marks) if m.whisker}
    assert bars == expected == {0: (25.0, 1500.0), 1: (0.0, 123.0)}


def test_a_range_without_a_value_is_drawn_in_the_deck_with_its_label():
    chart = deck_chart(ranges_doc("column"))
    cache = chart.find(f".//{C}val").find(f".//{C}numCache")
    values = {int(p.get("idx")): p.find(f"{C}v").text for p in cache.iter(f"{C}pt")}
    assert float(values[1]) == 2906  # the top of the range, where the label stands
    hidden = [d for d in chart.iter(f"{C}dPt") if d.find(f"{C}idx").get("val") == "1"]
    assert hidden and hidden[0].find(f".//{A}noFill") is not None  # no bar: only the whisker
    assert "2,783\u20132,906" in [t.text for t in chart.iter(f"{A}t")]


@pytest.mark.parametrize("kind", ["column", "bar", "stacked-column"])
def test_unknown_bars_say_not_reported_in_the_deck_and_the_drawing(kind):
    doc = ranges_doc(kind)
    frame = frame_of(doc)
    assert frame.labels[0][3].gap and frame.labels[0][3].text == "not reported"
    assert "not reported" in [t.text for t in deck_chart(doc).iter(f"{A}t")]
    shown = drawing_labels(chart_drawing(frame.chart, load_theme(None), frame.box.w,
                                         frame.box.h))
    assert ("not reported", frame.muted_color) in shown


def test_the_decks_value_axis_has_thousands_separators():
    chart = deck_chart(ranges_doc("column"))
    fmt = chart.find(f".//{C}valAx").find(f"{C}numFmt")
    assert fmt.get("formatCode") == "#,##0" and fmt.get("sourceLinked") == "0"  # "3,500"


def test_a_crowded_column_chart_is_drawn_as_bars_in_every_output():
    doc = doc_with("column", categories=30)
    assert frame_of(doc).chart.type == "column"  # 30 short names fit level under columns

    def districts(name: str):
        names = ", ".join(f"{name} {i}" for i in range(30))
        values = ", ".join(str(100 + i) for i in range(30))
        return load_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                         "  - kind: chart\n    title: Districts\n    chart:\n      type: column\n"
                         f"      categories: [{names}]\n      series:\n"
                         f"        - {{name: Displaced, values: [{values}]}}\n")

    # ten to a slide, "District 9" fits level under a slide's column, not under the paper's
    doc = districts("District")
    assert frame_of(doc).chart.type == "column"
    assert chart_as_drawn(doc.sections[0].chart, 483.0, 10.0)[0].type == "bar"  # the paper
    doc = districts("Administrative district")  # too long for a slide's column as well
    frame = frame_of(doc)
    assert frame.chart.type == "bar"
    assert chart_as_drawn(doc.sections[0].chart, 483.0, 10.0)[0].type == "bar"
    assert deck_chart(doc).find(f".//{C}barDir").get("val") == "bar"


def test_category_names_of_a_column_chart_stay_level():
    doc = load_text(RANGES.format(kind="column").replace(
        "[Armenia, Azerbaijan, Civilians, Volunteers]",
        "[Armenia's armed forces, Azerbaijan's armed forces, Civilians on both sides, "
        "Volunteers from abroad]"))
    frame = frame_of(doc)
    drawing = chart_drawing(frame.chart, load_theme(None), 200, 150)

    def transforms(node, out):
        if isinstance(node, Group):
            if node.transform[1] or node.transform[2]:  # rotated or skewed
                out.extend(s.text for s in node.contents if isinstance(s, String))
            for child in node.contents:
                transforms(child, out)
        return out

    slanted = transforms(drawing, [])
    assert not any(name.startswith(("Arm", "Aze", "Civ", "Vol")) for name in slanted)


def text_boxes(drawing) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every string of the drawing with its box on the page (x0, y0, x1, y1)."""
    from reportlab.graphics.shapes import mmult
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = []

    def walk(node, m) -> None:
        if isinstance(node, Group):
            m2 = mmult(m, node.transform)
            for child in node.contents:
                walk(child, m2)
        elif isinstance(node, String):
            w = stringWidth(node.text, node.fontName, node.fontSize)
            x0 = node.x - {"start": 0, "middle": w / 2, "end": w}[node.textAnchor]
            corners = [(x, y) for x in (x0, x0 + w)
                       for y in (node.y - 0.2 * node.fontSize, node.y + 0.75 * node.fontSize)]
            pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]) for x, y in corners]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append((node.text, (min(xs), min(ys), max(xs), max(ys))))

    walk(drawing, (1, 0, 0, 1, 0, 0))
    return out


@pytest.mark.parametrize("kind", ["column", "bar", "stacked-column", "line"])
@pytest.mark.parametrize("size", [(460.8, 259.2), (240.0, 150.0)])
def test_no_two_texts_of_a_chart_overlap(kind, size):
    frame = frame_of(ranges_doc(kind))
    boxes = text_boxes(chart_drawing(frame.chart, load_theme(None), *size))
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
            overlap = min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5
            assert not overlap, (a, b)


def deck_label_moves(chart) -> dict[int, tuple[float, float]]:
    """Point index -> the (x, y) manual offset of its data label, in shares of the chart."""
    out = {}
    for d in chart.iter(f"{C}dLbl"):
        manual = d.find(f"{C}layout/{C}manualLayout")
        if manual is not None:
            out[int(d.find(f"{C}idx").get("val"))] = (float(manual.find(f"{C}x").get("val")),
                                                      float(manual.find(f"{C}y").get("val")))
    return out


@pytest.mark.parametrize("kind", ["column", "bar"])
def test_a_ranged_label_stands_beyond_its_whisker_in_the_deck(kind):
    """A native chart puts a label at the end of its bar, where the error bar crosses it: the
    layout moves it beyond the whisker's end, on an axis it fixes, as the drawing places it."""
    from briefing.layout.chart_rules import plot_length, value_extent, value_range

    frame = frame_of(ranges_doc(kind))
    chart = deck_chart(ranges_doc(kind))
    axis = value_range(*value_extent(frame.chart), kind == "bar")
    assert frame.axis_range == axis
    scaling = chart.find(f".//{C}valAx/{C}scaling")
    assert (float(scaling.find(f"{C}min").get("val")),
            float(scaling.find(f"{C}max").get("val"))) == axis
    moves = deck_label_moves(chart)
    assert set(moves) == {0, 1}  # the two ranged values; the plain ones stay where they are
    length = plot_length(frame.chart, frame.box.w, frame.box.h, frame.font_size, frame.legend)
    beyond = (3825 - 3800) / (axis[1] - axis[0]) * length  # the whisker past the bar's end
    dx, dy = moves[0]
    moved = dx * frame.box.w if kind == "bar" else -dy * frame.box.h
    assert moved > beyond and (dy if kind == "bar" else dx) == 0
    assert moves[1] != (0.0, 0.0)  # a range alone: clear of the whisker's cap at its top
    leaders = chart.findall(".//{http://schemas.microsoft.com/office/drawing/2012/chart}"
                            "showLeaderLines")
    assert leaders and all(e.get("val") == "0" for e in leaders)  # no line back over the whisker


def test_a_ranged_line_label_moves_up_past_the_whisker_in_the_deck():
    frame = frame_of(ranges_doc("line"))
    moves = deck_label_moves(deck_chart(ranges_doc("line")))
    # the ranged value and the range alone (at its midpoint): each label up, past its whisker
    # (and 85's, at the foot of the line falling to it, lifted off the line: `line_labels`)
    assert set(moves) >= {0, 1} and all(dx == 0 and dy < 0 for dx, dy in moves.values())
    assert set(moves) == {ci for ci, shift in enumerate(frame.label_shifts[0]) if shift}
    assert frame.label_shifts[0][0] > 0 and frame.axis_range is not None
