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
    # five series, so the fifth takes the default palette's light blue (4BACC6), on which
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
    assert frame.colors[4] == "4BACC6" and frame.labels[4][0].color == "000000"
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
