"""Every chart of the example and of a brief of ranges, unknowns and qualified values says the
same in the deck and in the slides PDF's drawing (issue 14, "Charts"): each label the layout
decided ("at least 9", "about 3,800 (2,300–3,825)", "not reported") is written by both, and the
deck's numbers carry thousands separators as the drawing prints them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing import load_file
from briefing.charts.drawing import chart_drawing
from briefing.layout import ChartFrame, layout_document
from briefing.layout.chart_rules import label_suffix
from briefing.model.document import format_number
from briefing.render.pptx.deck import write_pptx
from briefing.resources import example_path
from tests.test_chart_axes import deck_ticks, spreadsheet_text
from tests.test_chart_contract import text_boxes

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DOCS = {"example": example_path(),
        "nk-charts": Path(__file__).parent / "data" / "nagorno-karabakh-charts.yaml",
        "decimals": Path(__file__).parent / "data" / "decimals.yaml",
        "review-herat": Path(__file__).parent / "data" / "review-herat.yaml"}


@pytest.fixture(scope="module", params=sorted(DOCS))
def charts(request):
    """(frame, the deck's chart part, the drawing's texts) of every chart slide."""
    doc = load_file(DOCS[request.param])
    deck = layout_document(doc)
    frames = [e for p in deck.pages for e in p.elements if isinstance(e, ChartFrame)]
    buf = io.BytesIO()
    write_pptx(doc, buf)
    with zipfile.ZipFile(buf) as zf:
        parts = [etree.fromstring(zf.read(n)) for n in sorted(
            (n for n in zf.namelist() if n.startswith("ppt/charts/chart")),
            key=lambda n: (len(n), n))]
    assert len(parts) == len(frames) > 0
    out = []
    for frame, part in zip(frames, parts, strict=True):
        drawing = chart_drawing(frame.chart, deck.theme, frame.box.w, frame.box.h,
                                font_size=frame.font_size, axis_max=frame.axis_max)
        out.append((frame, part, " ".join(t for t, _box in text_boxes(drawing))))
    return out


def test_every_label_the_layout_decided_is_written_by_the_deck_and_the_drawing(charts):
    for frame, part, drawn in charts:
        deck_texts = {t.text for t in part.iter(f"{A}t")}
        for si, row in enumerate(frame.labels):
            for ci, label in enumerate(row):
                if not label.text:
                    continue
                assert label.text in drawn, label  # a label in two lines joins with a space
                point = frame.marks[si][ci].point if ci < len(frame.marks[si]) else None
                if label.gap or point is None or label.text != format_number(point):
                    assert label.text in deck_texts, label  # the deck's own text for it


def test_the_decks_numbers_are_printed_as_the_drawing_prints_them(charts):
    for frame, part, drawn in charts:
        for value, fmt in deck_values(part):
            assert spreadsheet_text(fmt, value) == format_number(value) + label_suffix(
                frame.chart), (fmt, value)
        if frame.chart.type != "pie":
            for tick in deck_ticks(part):
                assert tick in drawn.split(), tick


def deck_values(part) -> list[tuple[float, str]]:
    """Each labelled value of a chart part and the number format its label is printed in: the
    point's own (`c:dLbl`), else its series', else the plot's; labels the deck deleted or
    wrote as its own text are left out."""
    out = []
    plot_fmt = part.find(f".//{C}plotArea/*/{C}dLbls/{C}numFmt")
    for ser in part.iter(f"{C}ser"):
        ser_fmt = ser.find(f"{C}dLbls/{C}numFmt")
        fmt = (ser_fmt if ser_fmt is not None else plot_fmt).get("formatCode")
        points = {int(p.get("idx")): float(p.find(f"{C}v").text)
                  for p in ser.find(f"{C}val").iter(f"{C}pt")}
        for idx, value in sorted(points.items()):
            own = next((d for d in ser.iter(f"{C}dLbl")
                        if d.find(f"{C}idx").get("val") == str(idx)), None)
            if own is not None and (own.find(f"{C}delete") is not None
                                    or own.find(f"{C}tx") is not None):
                continue
            own_fmt = own.find(f"{C}numFmt") if own is not None else None
            out.append((value, own_fmt.get("formatCode") if own_fmt is not None else fmt))
    return out


def test_no_two_texts_of_a_chart_slide_overlap_in_the_drawing(charts):
    for frame, _part, _drawn in charts:
        drawing = chart_drawing(frame.chart, None, frame.box.w, frame.box.h,
                                font_size=frame.font_size, axis_max=frame.axis_max)
        boxes = text_boxes(drawing)
        for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
            for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
                assert not (min(ax1, bx1) - max(ax0, bx0) > 0.5
                            and min(ay1, by1) - max(ay0, by0) > 0.5), (frame.chart.type, a, b)
