"""Chart series stay apart in greyscale (issue 17, item 4): colour is never the only carrier.

Bars, columns and stacked segments are told apart by lightness: neighbours in drawing order
differ by at least `MIN_GREY_STEP` of CIELAB L*, in every theme (a new theme is checked by
being in templates/themes) and the corporate template's colours. Lines also differ by marker
shape and dash in every output. A pie names every slice beside it.
"""

from __future__ import annotations

import pytest
from lxml import etree
from pptx import Presentation
from test_colour_contrast import IDS, THEMES

from briefing.format.reader import load_text
from briefing.format.themes import load_theme
from briefing.layout.chart_rules import (
    MIN_GREY_STEP,
    grey_steps,
    greyscale_order,
    line_styles,
    palette,
    series_colors,
)

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def chart_text(kind: str, n: int) -> str:
    series = "\n".join(f"        - {{name: s{k}, values: [{10 + k}, {12 + k}, {11 + k}]}}"
                       for k in range(n))
    return ("format: briefing/1\ntitle: Charts\nas_of: 2024-01-19\nsections:\n"
            f"  - kind: chart\n    title: A {kind} chart\n    chart:\n      type: {kind}\n"
            f"      categories: [a, b, c]\n      series:\n{series}\n")


def chart_doc(kind: str, n: int):
    return load_text(chart_text(kind, n))


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
def test_neighbouring_series_differ_in_lightness_in_every_theme(theme):
    colors = palette(theme)
    for n in range(2, len(colors) + 1):
        chart = chart_doc("stacked-column", n).sections[0].chart
        drawn = series_colors(chart, colors)
        steps = grey_steps(drawn)
        assert min(steps) >= MIN_GREY_STEP, (theme.name, n, drawn, [round(s) for s in steps])


def test_a_palette_is_reordered_only_as_far_as_greyscale_needs():
    # the shipped themes are already in a good order: kept as they are
    assert palette(load_theme(None))[:2] == ["1F4E79", "C0504D"]
    assert palette(load_theme(None)) == list(load_theme(None).chart_colors)
    # three light colours together: the dark ones go between them, the first stays first
    assert greyscale_order(("1F4E79", "9BBB59", "F79646", "4BACC6", "C0504D", "8064A2")) == \
        ("1F4E79", "9BBB59", "C0504D", "F79646", "8064A2", "4BACC6")
    assert min(grey_steps(greyscale_order(("1F4E79", "9BBB59", "F79646", "4BACC6", "C0504D",
                                           "8064A2")))) >= MIN_GREY_STEP


def test_lines_differ_by_marker_and_dash_not_colour_alone():
    chart = chart_doc("line", 4).sections[0].chart
    styles = line_styles(chart)
    assert len({s.marker for s in styles}) == 4 and len({s.dash for s in styles}) == 4
    assert [s.marker for s in line_styles(chart_doc("line", 1).sections[0].chart)] == ["circle"]
    assert line_styles(chart_doc("column", 3).sections[0].chart) == []


def test_every_output_draws_the_lines_markers_and_dashes(tmp_path):
    from reportlab.graphics.shapes import Polygon, PolyLine

    from briefing.charts.drawing import chart_drawing
    from briefing.layout.document import layout_document
    from briefing.layout.geometry import ChartFrame

    doc = chart_doc("line", 3)
    frame = next(e for p in layout_document(doc).pages for e in p.elements
                 if isinstance(e, ChartFrame))
    assert [s.marker for s in frame.line_styles] == ["circle", "square", "triangle"]
    # the PDFs and the app's preview: dashed polylines and polygon markers
    drawing = chart_drawing(frame.chart, load_theme(None), frame.box.w, frame.box.h)
    nodes = list(_walk(drawing))
    assert sum(1 for n in nodes if isinstance(n, PolyLine) and n.strokeDashArray) >= 2
    assert any(isinstance(n, Polygon) for n in nodes)
    # the deck's native chart: a marker symbol and a dash per series
    from briefing.cli import main
    out = tmp_path / "out"
    src = tmp_path / "lines.yaml"
    src.write_text(chart_text("line", 3), encoding="utf-8")
    assert main(["export", str(src), "-o", str(out)]) == 0
    prs = Presentation(str(out / "lines.pptx"))
    chart = next(s.chart for slide in prs.slides for s in slide.shapes if s.has_chart)
    xml = etree.fromstring(chart.part.blob)
    symbols = [e.get("val") for e in xml.iter(f"{C}symbol")]
    assert symbols[:3] == ["circle", "square", "triangle"]
    dashes = [e.get("val") for e in xml.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}prstDash")]
    assert {"dash", "sysDot"} <= set(dashes)


def _walk(node):
    yield node
    for child in getattr(node, "contents", []):
        yield from _walk(child)
