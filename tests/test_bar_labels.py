"""A horizontal bar's label never runs over a longer bar beside it (issue 14, "never let two
texts overlap"): in the handout's small charts, review-herat's "1,320" stood beyond its bar and
over the longer "1,398" under it. The rule is decided once (`chart_rules.bar_labels_inside`):
beyond the bar's end where the label covers no other bar, else inside the bar, at its end, in
the bar's contrast colour on a tab of the bar's colour; the deck and the PDFs both ask it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree
from reportlab.graphics.shapes import Rect

from briefing import load_file, load_text
from briefing.charts.drawing import chart_drawing
from briefing.format.themes import load_theme
from briefing.layout import ChartFrame, layout_document
from briefing.layout.chart_rules import bar_labels_inside
from briefing.layout.handout import handout_page
from briefing.render.pptx.deck import write_pptx
from tests.test_chart_contract import text_boxes

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HERAT = Path(__file__).parent / "data" / "review-herat.yaml"
#: four series of seven districts: on a slide, bars thinner than their 12-point labels
DENSE = """format: briefing/1
title: Dense bars
as_of: 2024-03-01
sections:
  - kind: chart
    title: Families by district
    chart:
      type: bar
      categories: [Zindajan, Injil, Kushk, Gulran, Herat, Kohsan, Ghoryan]
      series:
        - name: OCHA
          values: [1320, 150, 30, 95, 400, 60, 700]
        - name: WHO
          values: [1398, 914, 385, 360, 121, 19, 750]
        - name: IOM
          values: [900, 100, 30, 95, 400, 60, 700]
        - name: UNHCR
          values: [1100, 914, 385, 360, 121, 19, 750]
"""


def _bar_page(doc):
    return next(p for p in layout_document(doc).pages for e in p.elements
                if isinstance(e, ChartFrame) and e.chart.type == "bar")


def _herat_bars():
    doc = load_file(HERAT)
    return replace(doc, sections=[s for s in doc.sections
                                  if s.chart is not None and s.chart.type == "bar"])


def test_a_label_that_would_cover_a_longer_bar_goes_inside_its_own():
    page = _bar_page(_herat_bars())
    (slide,) = [e for e in page.elements if isinstance(e, ChartFrame)]
    (printed,) = [e for e in handout_page(page, 0.263).elements if isinstance(e, ChartFrame)]
    # on the slide every label fits beside its bar; at the handout's larger text "1,320"
    # (OCHA, Zindajan) would run over WHO's longer 1,398 under it
    assert bar_labels_inside(slide.chart, slide.box.w, slide.box.h, slide.font_size) == set()
    inside = bar_labels_inside(printed.chart, printed.box.w, printed.box.h, printed.font_size)
    assert (0, 0) in inside


def test_the_handouts_drawing_sets_1320_inside_its_bar_in_its_contrast_colour():
    page = _bar_page(_herat_bars())
    (frame,) = [e for e in handout_page(page, 0.263).elements if isinstance(e, ChartFrame)]
    drawing = chart_drawing(frame.chart, load_theme(None), frame.box.w, frame.box.h,
                            font_size=frame.font_size)
    ((x0, y0, x1, y1),) = [box for text, box in text_boxes(drawing) if text == "1,320"]
    blue = frame.colors[0].upper()
    tabs = [r for r in _rects(drawing) if r.fillColor is not None
            and r.fillColor.hexval()[2:].upper() == blue
            and r.x <= x0 and x1 <= r.x + r.width + 0.5
            and r.y <= (y0 + y1) / 2 <= r.y + r.height]
    assert tabs  # on the bar's colour, not over the white ground or WHO's bar
    longer = [r for r in _rects(drawing) if r.fillColor is not None
              and r.fillColor.hexval()[2:].upper() == frame.colors[1].upper()
              and r.width > 0 and r.x + r.width > x1 + 1]
    assert longer  # 1,398's bar runs on past the label's end: the label ends inside its own


def test_the_deck_and_the_drawing_set_the_same_labels_inside_their_bars():
    doc = load_text(DENSE)
    (frame,) = [e for e in _bar_page(doc).elements if isinstance(e, ChartFrame)]
    inside = {(si, ci) for si, row in enumerate(frame.labels)
              for ci, label in enumerate(row) if label.inside}
    assert inside == bar_labels_inside(frame.chart, frame.box.w, frame.box.h,
                                       frame.font_size) != set()
    assert all(frame.labels[si][ci].color == "FFFFFF" for si, ci in inside if si == 0)
    buf = io.BytesIO()
    write_pptx(doc, buf)
    with zipfile.ZipFile(buf) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("ppt/charts/chart")]
        chart = etree.fromstring(zf.read(name))
    for si, ser in enumerate(chart.iter(f"{C}ser")):
        for d in ser.iter(f"{C}dLbl"):
            ci = int(d.find(f"{C}idx").get("val"))
            pos = d.find(f"{C}dLblPos")
            fill = d.find(f"{C}spPr/{A}solidFill/{A}srgbClr")
            if (si, ci) in inside:
                assert pos.get("val") == "inEnd"
                assert fill.get("val") == frame.colors[si % len(frame.colors)]
            else:
                assert pos is None or pos.get("val") == "outEnd"
                assert fill is None
    drawing = chart_drawing(frame.chart, load_theme(None), frame.box.w, frame.box.h,
                            font_size=frame.font_size)
    white = {text for text, _box in _strings(drawing, "FFFFFF")}
    assert {frame.labels[si][ci].text for si, ci in inside if si == 0} <= white


def _rects(drawing) -> list[Rect]:
    from reportlab.graphics.shapes import Group

    out = []

    def walk(node):
        if isinstance(node, Rect):
            out.append(node)
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)

    walk(drawing)
    return out


def _strings(drawing, color: str):
    from reportlab.graphics.shapes import Group, String

    out = []

    def walk(node):
        if isinstance(node, String) and node.fillColor is not None \
                and node.fillColor.hexval()[2:].upper() == color:
            out.append((node.text, None))
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)

    walk(drawing)
    return out


# --- a bar chart's legend lists its series in their order in every renderer -------------------

def _legend_order(pdf: Path, names: list[str]) -> list[str] | None:
    """The series names in the order the legend line of `pdf` prints them (its first word of
    each: "OCHA,", "WHO,"), read on the page that has them all on one line."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    firsts = {name.split()[0]: name for name in names}
    for page in out.split("<page ")[1:]:
        words = [(float(x0), float(y0), w) for x0, y0, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="[-\d.]+" yMax="[-\d.]+">'
            r'([^<]*)</word>', page)]
        for _x, y, _w in words:
            line = sorted((x, w) for x, wy, w in words if abs(wy - y) < 2 and w in firsts)
            if len({w for _x, w in line}) == len(firsts):
                return [firsts[w] for _x, w in line]
    return None


def test_a_bar_charts_legend_lists_the_series_in_their_order_in_the_deck(tmp_path):
    """LibreOffice lists a clustered horizontal bar chart's native legend last series first
    (PowerPoint and the PDFs first first): the deck writes the legend itself, in order."""
    import shutil
    import subprocess

    from briefing.export.job import ExportJob, run_export

    doc = _herat_bars()
    names = [s.name for s in doc.sections[0].chart.series]
    assert names == ["OCHA, 9 October", "WHO, 13 October"]
    job = ExportJob(pptx=tmp_path / "deck.pptx", pdf=tmp_path / "slides.pdf")
    run_export(doc, job)
    with zipfile.ZipFile(job.pptx) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("ppt/charts/chart")]
        chart = etree.fromstring(zf.read(name))
    assert chart.find(f".//{C}legend") is None  # no native legend to be read in reverse
    from pptx import Presentation

    boxes = [sh for slide in Presentation(str(job.pptx)).slides for sh in slide.shapes
             if sh.name == "Chart legend"]
    assert len(boxes) == 1
    text = boxes[0].text_frame.text
    assert text.index(names[0]) < text.index(names[1])
    assert _legend_order(job.pdf, names) == names
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is not None and shutil.which("pdftotext") is not None:
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                        str(job.pptx)], check=True, capture_output=True, timeout=240)
        assert _legend_order(tmp_path / "lo" / "deck.pdf", names) == names
