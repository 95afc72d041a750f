"""A pie is one pie: never split over slides, since each piece would sum to 100% of a subset.

Given a pie with forty categories, when it is exported, then it is drawn on one slide as the
seven largest slices and one "Other (33 categories)" slice whose value is the sum of the rest,
in the deck's native chart, in the slides PDF and in the paper; unknown values are left out and
the note says so. The document itself keeps all forty.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing.export.job import ExportJob, run_export
from briefing.layout import ChartFrame, layout_document
from briefing.layout.pie import grouped_pie
from briefing.model import document as m

VALUES = [(i * 37) % 101 + 1 for i in range(40)]  # 40 distinct-ish positive values
CATS = [f"District {i + 1}" for i in range(40)]
TOP7 = sorted(sorted(range(40), key=lambda i: -VALUES[i])[:7])
OTHER = sum(v for i, v in enumerate(VALUES) if i not in TOP7)


def _pie_doc(values: list[float | None]) -> m.Document:
    s = m.empty_section("chart", "Reported displaced by district", "pie")
    s.chart = m.Chart("pie", list(CATS), [m.Series("Displaced", [m.Value(v) for v in values])],
                      unit="people")
    return m.Document(title="Pie", as_of=dt.date(2024, 1, 19), classification="UNCLASSIFIED",
                      sections=[s])


def _pdf_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pie")
    paths = {"pptx": folder / "d.pptx", "pdf": folder / "d.pdf", "report": folder / "r.pdf"}
    doc = _pie_doc(VALUES)
    run_export(doc, ExportJob(**paths))
    return doc, paths


def test_a_forty_category_pie_is_one_slide_of_eight_slices(exported):
    doc, _paths = exported
    pages = [p for p in layout_document(doc).pages
             if any(isinstance(e, ChartFrame) for e in p.elements)]
    assert len(pages) == 1
    (frame,) = [e for e in pages[0].elements if isinstance(e, ChartFrame)]
    assert frame.chart.categories == [CATS[i] for i in TOP7] + ["Other (33 categories)"]
    assert [v.value for v in frame.chart.series[0].values] == [VALUES[i] for i in TOP7] + [OTHER]
    assert len(doc.sections[0].chart.categories) == 40  # the document keeps the full data


def test_the_decks_native_pie_carries_the_grouped_values(exported):
    _doc, paths = exported
    deck = Presentation(str(paths["pptx"]))
    charts = [sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 1
    plot = charts[0].plots[0]
    assert list(plot.categories) == [CATS[i] for i in TOP7] + ["Other (33 categories)"]
    values = list(plot.series[0].values)
    assert len(values) == 8
    assert values[-1] == OTHER == sum(VALUES) - sum(values[:-1])


def test_the_pdfs_show_the_other_slice_and_say_what_it_sums(exported):
    _doc, paths = exported
    for kind in ("pdf", "report"):
        text = _pdf_text(paths[kind])
        assert "Other (33 categories)" in text, kind
        assert f"{OTHER:,}" in text, kind
        assert "sums the 33 smallest of 40 categories" in text, kind
        assert "(cont.)" not in text and "Categories 1" not in text, kind
        hidden = [c for i, c in enumerate(CATS) if i not in TOP7]
        assert not any(f"{c}\n" in text or f"{c} " in text for c in hidden[:3]), kind


def test_unknown_values_are_left_out_of_other_and_said_so():
    values: list[float | None] = list(VALUES)
    values[0] = values[5] = None
    chart, note = grouped_pie(_pie_doc(values).sections[0].chart)
    assert len(chart.categories) == 8 and "District 1" not in chart.categories
    known = [v for v in values if v is not None]
    assert sum(v.value for v in chart.series[0].values) == sum(known)
    assert chart.categories[-1] == "Other (31 categories)"
    assert "Left out, value unknown: 2 categories (District 1, District 6)" in note


def test_other_is_qualified_when_a_part_is_a_lower_bound():
    chart = _pie_doc(VALUES).sections[0].chart
    smallest = min(range(40), key=lambda i: VALUES[i])
    chart.series[0].values[smallest] = m.Value(VALUES[smallest], qualifier="at least")
    grouped, _note = grouped_pie(chart)
    assert grouped.series[0].values[-1].label() == f"at least {OTHER:,}"


def test_a_pie_of_eight_or_fewer_and_other_charts_are_left_alone():
    eight = m.Chart("pie", CATS[:8], [m.Series("s", [m.Value(v) for v in VALUES[:8]])])
    assert grouped_pie(eight) == (eight, None)
    bars = m.Chart("column", CATS, [m.Series("s", [m.Value(v) for v in VALUES])])
    assert grouped_pie(bars) == (bars, None)


def test_other_is_grey_and_no_two_touching_slices_share_a_colour(exported):
    from briefing.layout.pie import OTHER_COLOR

    _doc, paths = exported
    chart = next(sh.chart for slide in Presentation(str(paths["pptx"])).slides
                 for sh in slide.shapes if sh.has_chart)
    fills = [str(p.format.fill.fore_color.rgb) for p in chart.plots[0].series[0].points]
    assert len(fills) == 8 and fills[-1] == OTHER_COLOR
    assert all(fills[i] != fills[(i + 1) % 8] for i in range(8))  # the last touches the first


def test_the_pdf_pie_uses_the_decks_slice_colours():
    from reportlab.graphics.shapes import Wedge

    from briefing.charts.drawing import chart_drawing
    from briefing.format.themes import load_theme
    from briefing.layout.pie import pie_colors

    chart, _note = grouped_pie(_pie_doc(VALUES).sections[0].chart)
    theme = load_theme(None)
    wedges = [w for w in chart_drawing(chart, theme, 480, 270).contents
              if isinstance(w, Wedge)]
    drawn = [w.fillColor.hexval()[2:].upper() for w in wedges]
    assert drawn == pie_colors(list(theme.chart_colors), chart.categories)


def test_a_short_palette_never_puts_one_colour_on_touching_slices():
    from briefing.layout.pie import pie_colors

    for n in range(2, 9):
        colors = pie_colors(["1F4E79"], [f"c{i}" for i in range(n)])
        assert all(colors[i] != colors[(i + 1) % n] for i in range(n)), (n, colors)
