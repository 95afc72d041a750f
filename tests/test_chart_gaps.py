"""Unknown and range-only values, and labels too big for their segments, are drawn and said the
same way in every output (issue 14, "Charts": "Deck and PDFs disagree", "A range-only value
vanishes", "Labels collide"): `chart_rules` decides, the layout's ChartFrame carries it, the
deck's native chart and the drawing of the PDFs only draw it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pptx import Presentation

from briefing import load_text
from briefing.charts.drawing import chart_drawing
from briefing.format.themes import load_theme
from briefing.layout import TextBlock, chart_rules, layout_document
from briefing.layout.chart_rules import Mark
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pptx.deck import write_pptx
from tests.test_chart_contract import (
    C,
    deck_chart,
    deck_error_bars,
    drawing_labels,
    frame_of,
    text_boxes,
)

DOC = """format: briefing/1
title: Gaps
as_of: 2020-11-10
sections:
  - kind: chart
    title: Deaths by side
    chart:
      type: {kind}
      categories: [Armenia, Azerbaijan, Volunteers]
      series:
        - name: Soldiers
          values: [3800, {{low: 2783, high: 2906}}, 40]
        - name: Civilians
          values: [85, 100, null]
"""

PIE = """format: briefing/1
title: Gaps
as_of: 2020-11-10
sections:
  - kind: chart
    title: Displaced by destination
    chart:
      type: pie
      unit: "%"
      categories: [Yerevan, Other Armenia, Russia, Abroad]
      series:
        - name: Share
          values: [47, 38, null, 4]
"""

LINE = """format: briefing/1
title: Gaps
as_of: 2020-11-10
sections:
  - kind: chart
    title: Deaths, cumulative
    chart:
      type: line
      categories: [27 Sep, 4 Oct, 11 Oct]
      series:
        - name: Azerbaijan
          values: [120, {low: 2783, high: 2906}, 3000]
"""

RANGE = "2,783\u20132,906"


def deck_texts(doc) -> list[str]:
    """Every text of the deck's slides outside its charts (text boxes, notes, captions)."""
    buf = io.BytesIO()
    write_pptx(doc, buf)
    return [shape.text_frame.text for slide in Presentation(buf).slides
            for shape in slide.shapes if shape.has_text_frame]


def deck_cache(chart, series: int = 0) -> dict[int, float]:
    ser = list(chart.iter(f"{C}ser"))[series]
    cache = ser.find(f"{C}val").find(f".//{C}numCache")
    return {int(p.get("idx")): float(p.find(f"{C}v").text) for p in cache.iter(f"{C}pt")}


def drawn(frame):
    return {t for t, _c in drawing_labels(chart_drawing(frame.chart, load_theme(None),
                                                        frame.box.w, frame.box.h,
                                                        font_size=frame.font_size))}


# --- 1. a pie's unknown slice is said under the pie in every output ----------------------------

def test_a_pies_unknown_value_is_said_under_the_pie_in_the_deck_as_in_the_pdfs():
    doc = load_text(PIE)
    frame = frame_of(doc)
    assert frame.footer == chart_rules.pie_footer(frame.chart) == "not reported: Russia"
    assert "not reported: Russia" in drawn(frame)
    assert "not reported: Russia" in deck_texts(doc)


def test_a_pies_zero_slice_has_no_wedge_and_no_label_and_is_named_under_the_pie():
    doc = load_text(PIE.replace("[47, 38, null, 4]", "[47, 38, 15, 0]"))
    frame = frame_of(doc)
    assert frame.footer == "zero: Abroad"
    assert frame.labels[0][3].text == ""
    assert "zero: Abroad" in drawn(frame) and "0%" not in drawn(frame)
    assert 3 in _deleted_labels(deck_chart(doc), 0)  # no "0" beside the other slices
    assert "zero: Abroad" in deck_texts(doc)


# --- 2. a stacked chart draws a range alone at its midpoint, labelled with the range -----------

@pytest.mark.parametrize("kind", ["stacked-column", "stacked-bar"])
def test_a_range_alone_is_a_stacked_segment_at_its_midpoint_labelled_with_the_range(kind):
    doc = load_text(DOC.format(kind=kind))
    frame = frame_of(doc)
    assert frame.marks[0][1] == Mark(2844.5)
    assert frame.labels[0][1].text == RANGE and not frame.labels[0][1].gap
    assert RANGE in drawn(frame) and "not reported" not in drawn(frame)
    chart = deck_chart(doc)
    assert deck_cache(chart)[1] == 2844.5
    texts = [t.text for t in chart.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                        "main}t")]
    assert RANGE in texts and "not reported" not in texts


# --- 3. a line draws a range alone at its midpoint, with its whisker and range label -----------

def test_a_range_alone_is_a_line_point_at_its_midpoint_with_its_whisker_in_every_output():
    doc = load_text(LINE)
    frame = frame_of(doc)
    assert frame.marks[0][1] == Mark(2844.5, (2783, 2906))
    assert frame.labels[0][1].text == RANGE
    assert RANGE in drawn(frame)
    chart = deck_chart(doc)
    assert deck_cache(chart)[1] == 2844.5
    assert deck_error_bars(chart)[1] == (61.5, 61.5)
    assert RANGE in [t.text for t in chart.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}t")]


# --- 4. a segment too small for its label: no label in the chart, its value in the note --------

def _deleted_labels(chart, series: int) -> set[int]:
    ser = list(chart.iter(f"{C}ser"))[series]
    return {int(d.find(f"{C}idx").get("val")) for d in ser.iter(f"{C}dLbl")
            if d.find(f"{C}delete") is not None and d.find(f"{C}delete").get("val") == "1"}


@pytest.mark.parametrize("kind", ["stacked-column", "stacked-bar"])
def test_a_sliver_keeps_no_label_and_the_note_says_its_value_in_every_output(kind):
    doc = load_text(DOC.format(kind=kind))
    frame = frame_of(doc)
    assert frame.labels[0][2].text == ""  # Volunteers / Soldiers 40, on a stack of 3,885
    assert frame.labels[0][0].text == "3,800"  # a segment with room keeps its label
    note = "Too small to label: "
    page = next(p for p in layout_document(doc).pages if frame in p.elements)
    said = " ".join(r.text for e in page.elements if isinstance(e, TextBlock)
                    for p in e.paragraphs for r in p.runs)
    assert note in said and "Volunteers / Soldiers 40" in said
    labels = drawn(frame)
    assert "40" not in labels and "3,800" in labels
    assert 2 in _deleted_labels(deck_chart(doc), 0)
    assert any("Volunteers / Soldiers 40" in t for t in deck_texts(doc))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler reads the paper back")
def test_the_paper_says_the_value_of_an_unlabelled_sliver(tmp_path):
    doc = load_text(DOC.format(kind="stacked-bar"))
    path = tmp_path / "paper.pdf"
    with path.open("wb") as f:
        write_report_pdf(doc, f)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Volunteers / Soldiers 40" in text


@pytest.mark.parametrize("kind", ["stacked-column", "stacked-bar"])
@pytest.mark.parametrize("size", [(460.8, 259.2), (240.0, 150.0)])
def test_no_segment_label_overlaps_a_category_name_or_another_label(kind, size):
    doc = load_text(DOC.format(kind=kind))
    frame = frame_of(doc)
    boxes = text_boxes(chart_drawing(frame.chart, load_theme(None), *size))
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
            overlap = min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5
            assert not overlap, (a, b)


@pytest.mark.parametrize("kind", ["stacked-column", "stacked-bar"])
def test_the_handouts_note_says_every_value_its_larger_labels_leave_out(kind):
    from briefing.layout.chart_rules import unlabelled_segments
    from briefing.layout.handout import handout_page

    doc = load_text(DOC.format(kind=kind))
    deck = layout_document(doc)
    page = next(p for p in deck.pages if any(e is frame_of(doc) or e == frame_of(doc)
                                             for e in p.elements))
    printed = handout_page(page, 0.26)  # six slides to an A4 sheet
    frame = next(e for e in printed.elements if e.__class__.__name__ == "ChartFrame")
    left_out = unlabelled_segments(frame.chart, frame.box.w, frame.box.h, frame.font_size)
    assert (1, 0) in left_out  # Armenia / Civilians 85: labelled on the slide, not at 23 pt
    said = " ".join(r.text for e in printed.elements if isinstance(e, TextBlock)
                    for p in e.paragraphs for r in p.runs)
    labels = drawn(frame)
    for si, ci in left_out:
        value = frame.labels[si][ci].text
        assert f"{frame.chart.categories[ci]} / {frame.chart.series[si].name} {value}" in said
    notes = [e for e in printed.elements if isinstance(e, TextBlock) and e.role == "caption"]
    assert all(n.box.y >= frame.box.bottom - 0.5 for n in notes)  # under the chart, not on it
    assert "85" not in labels


# --- labels of bars thinner than a line of text move apart, never over each other -------------

def test_labels_of_thin_neighbouring_bars_move_apart_instead_of_overlapping():
    from briefing.format.reader import load_file

    doc = load_file("tests/data/stress.yaml")
    chart, _note = chart_rules.chart_as_drawn(next(s.chart for s in doc.sections if s.chart))
    assert chart.type == "bar" and len(chart.categories) == 30  # as the paper draws it
    boxes = text_boxes(chart_drawing(chart, load_theme(None), 451.3, 420.0))
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
            overlap = min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5
            assert not overlap, (a, b)


def test_clear_labels_moves_a_label_just_past_the_one_it_would_cover():
    from briefing.layout.chart_rules import LABEL_GAP, LabelBox, clear_labels

    boxes = [LabelBox(100, 10, 20), LabelBox(105, 15, 20), LabelBox(105, 40, 20)]
    assert clear_labels(boxes, 12) == [0.0, 120 + LABEL_GAP - 105, 0.0]


# --- 5. every label of a handout's chart stays inside the chart's box -------------------------

@pytest.mark.parametrize("brief", ["resources/examples/iran-pakistan-2024.yaml",
                                   "tests/data/nagorno-karabakh-charts.yaml",
                                   "tests/data/stress.yaml", "tests/data/chart-gaps.yaml"])
def test_every_chart_text_of_a_handout_stays_inside_its_chart(brief):
    """At the printed size of every handout layout (1 to 6 slides to an A4 or Letter sheet),
    no label, ranged or not, runs past the chart's box onto the slide's edge."""
    from briefing.format.reader import load_file
    from briefing.layout import ChartFrame
    from briefing.layout.handout import handout_page
    from briefing.render.pdf.common import PAPER_SIZES
    from briefing.render.pdf.slides import Furniture, handout_slots

    doc = load_file(brief)
    deck = layout_document(doc)
    furniture = Furniture.for_document(doc, deck.theme)
    scales = {slots[0].w / deck.width for per in (1, 2, 3, 4, 6) for w, h in PAPER_SIZES.values()
              for slots in [handout_slots(per, w, h, furniture, deck.height / deck.width)]}
    for page in deck.pages:
        for scale in sorted(scales):
            for e in handout_page(page, scale).elements:
                if not isinstance(e, ChartFrame):
                    continue
                drawing = chart_drawing(e.chart, deck.theme, e.box.w, e.box.h, e.title,
                                        font_size=e.font_size, axis_max=e.axis_max)
                for text, (x0, y0, x1, y1) in text_boxes(drawing):
                    slack = e.font_size * 0.2  # the estimated descent under a baseline
                    assert x0 >= -0.5 and x1 <= e.box.w + 0.5, (page.number, scale, text)
                    assert y0 >= -slack and y1 <= e.box.h + 0.5, (page.number, scale, text)


@pytest.mark.timeout(60)
def test_keeping_labels_apart_stays_cheap_on_the_largest_chart_the_format_allows(monkeypatch):
    """500 categories of 50 series of bars thinner than a hair: each label is kept clear of a
    bounded number of neighbours (`CLEAR_WINDOW`), never of every other label."""
    from briefing.layout.chart_rules import CLEAR_WINDOW, LabelBox, clear_labels

    looked_at = []

    def counted(items):  # the neighbours each label is compared with
        items = list(items)
        looked_at.append(len(items))
        return sorted(items)

    monkeypatch.setattr(chart_rules, "sorted", counted, raising=False)
    boxes = [LabelBox((i * 37) % 300, 1000 - i * 0.01, 12.0) for i in range(25000)]
    clear_labels(boxes, 9.5)
    assert len(looked_at) == 25000 and max(looked_at) <= CLEAR_WINDOW


def test_a_pies_slices_are_named_beside_it_in_the_pdfs_and_in_a_legend_in_the_deck():
    """LibreOffice and PowerPoint set a native pie's outside labels where they fall, over each
    other beside two thin slices, so the deck names slices in its legend; the drawing spreads
    its names apart beside the pie."""
    doc = load_text(PIE)
    frame = frame_of(doc)
    assert frame.legend and not chart_rules.has_legend(frame.chart)
    chart = deck_chart(doc)
    assert chart.find(f".//{C}legend") is not None
    assert all(b.find(f"{C}showCatName") is None or b.find(f"{C}showCatName").get("val") == "0"
               for b in list(chart.iter(f"{C}dLbls")) + list(chart.iter(f"{C}dLbl")))
    assert {"Yerevan", "47%", "Other Armenia", "38%"} <= drawn(frame)

