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

import pytest
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


# --- the line never crosses a label, as each output draws it (review-herat's line chart) -------

HERAT = Path(__file__).parent / "data" / "review-herat.yaml"


def _herat_line_doc():
    """review-herat with its line chart alone: "at least 165,000" on a point its line rises
    through, and a last point whose ranged label the drawing pulls inside the plot."""
    from dataclasses import replace

    doc = load_file(HERAT)
    return replace(doc, sections=[s for s in doc.sections
                                  if s.chart is not None and s.chart.type == "line"])


def _line_pixels_in_labels(pdf: Path, words: set[str], color: str, tmp: Path) -> list[str]:
    """The label words of `pdf`'s pages showing the chart (those with every word of `words`
    that has a digit) under which the series colour is drawn: a line or marker crossing them.
    A pixel counts where it is the series colour at least half laid over the white ground."""
    import re
    import subprocess

    from PIL import Image

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    rgb = [int(color[i:i + 2], 16) for i in (0, 2, 4)]
    dpi = 200
    found = []
    for k, page in enumerate(out.split("<page ")[1:], 1):
        boxes = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">'
            r'([^<]*)</word>', page)]
        numbers = {w for w in words if any(ch.isdigit() for ch in w)}
        if not numbers <= {w for *_b, w in boxes}:
            continue
        stem = tmp / f"{pdf.stem}-{k}"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(k),
                        "-l", str(k), str(pdf), str(stem)], check=True)
        image = Image.open(f"{stem}.png").convert("RGB")
        s = dpi / 72
        for x0, y0, x1, y1, w in boxes:
            if w not in words:
                continue
            trim = (y1 - y0) * 0.15
            hits = 0
            for px in range(int(x0 * s) + 1, int(x1 * s)):
                for py in range(int((y0 + trim) * s), int((y1 - trim) * s)):
                    p = image.getpixel((px, py))
                    share = [(255 - v) / ((255 - c) or 1) for v, c in zip(p, rgb, strict=True)]
                    if min(share) > 0.5 and max(share) - min(share) < 0.25:
                        hits += 1
            if hits > 2:
                found.append(f"{pdf.name} p{k}: {w} ({hits} px)")
    return found


def test_the_check_sees_a_line_drawn_through_a_label(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "crossed.pdf"
    canvas = Canvas(str(path), pagesize=(300, 200))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(50, 100, "at least 165,000")
    canvas.drawString(50, 50, "clear 82,500")
    canvas.setStrokeColorRGB(0x1F / 255, 0x4E / 255, 0x79 / 255)
    canvas.setLineWidth(2)
    canvas.line(40, 90, 200, 110)  # through the first label, nowhere near the second
    canvas.save()
    found = _line_pixels_in_labels(path, {"at", "least", "165,000", "clear", "82,500"},
                                   "1F4E79", tmp_path)
    assert found and all("82,500" not in f and "clear" not in f for f in found)


@pytest.mark.timeout(300)
def test_no_output_draws_a_line_through_a_label_of_its_line_chart(tmp_path):
    import shutil
    import subprocess

    from briefing.export.job import ExportJob, run_export

    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler reads the pages back")
    doc = _herat_line_doc()
    job = ExportJob(pptx=tmp_path / "deck.pptx", pdf=tmp_path / "slides.pdf",
                    handout=tmp_path / "handout.pdf", report=tmp_path / "paper.pdf")
    run_export(doc, job)
    pdfs = [job.pdf, job.handout, job.report]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is not None:  # the deck as LibreOffice draws it
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                        str(job.pptx)], check=True, capture_output=True, timeout=240)
        pdfs.append(tmp_path / "lo" / "deck.pdf")
    (frame,) = [e for p in layout_document(doc).pages for e in p.elements
                if isinstance(e, ChartFrame)]
    words = {w for row in frame.labels for label in row for w in label.text.split()}
    assert "165,000" in words
    found = [f for pdf in pdfs for f in _line_pixels_in_labels(pdf, words, frame.colors[0],
                                                                tmp_path)]
    assert found == []


def test_placing_a_long_line_charts_labels_weighs_each_against_its_neighbours_only(monkeypatch):
    """Four times the categories cost about four times the work, not sixteen: a label is
    weighed against what stands in the categories around it (counted: the line segments it is
    tried against)."""
    import random

    from briefing.layout import line_labels
    from briefing.model.document import Chart, Series, Value

    calls = []
    crosses = line_labels._crosses

    def counted(box, segment):
        calls.append(1)
        return crosses(box, segment)

    monkeypatch.setattr(line_labels, "_crosses", counted)

    def work(n: int) -> int:
        rng = random.Random(7)
        chart = Chart(type="line", categories=[f"C{i}" for i in range(n)],
                      series=[Series(f"S{j}", [Value(value=float(rng.randint(0, 1000)))
                                               for _ in range(n)]) for j in range(3)])
        calls.clear()
        line_labels.line_label_places(chart, 40.0 * n, 400.0, 12.0)
        return len(calls)

    small, large = work(30), work(120)
    assert small > 0 and large <= 5 * small
