"""Every text on a 13.3-inch slide is at least 12 pt, in the slides PDF and in the deck (issue 14).

The layout lays a slide's charts out at 12 pt, but the slides PDF drew their data labels at a
share of it (10.2 pt, "not reported" at 9.2, the legend at 10.8) while the deck wrote 12: the
sizes of a chart's texts are one rule (`chart_rules.label_size`, `gap_size`, `legend_size`)
that both outputs follow. These tests read what was written, after every scaling, rather than
what the layout asked for. The handout prints slides smaller and has its own rule
(`layout.handout`, tested in `test_handout_charts.py`).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from briefing import load_file
from briefing.render.pdf.slides import write_slides_pdf
from briefing.render.pptx.deck import write_pptx
from briefing.resources import example_path

DATA = Path(__file__).parent / "data"
DOCS = {"example": example_path(), "nk": DATA / "nagorno-karabakh-typography.yaml",
        "nk-charts": DATA / "nagorno-karabakh-charts.yaml", "stress": DATA / "stress.yaml"}
MIN_PT = 12.0


def shown_sizes(pdf: bytes) -> list[tuple[int, str, float]]:
    """(page, text, size in points) of every text show, the font size times the text and
    graphics matrices' scale (a chart's labels are drawn under its own transforms)."""
    out: list[tuple[int, str, float]] = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, 1):
        def visit(text, cm, tm, _font, size, number=number):
            if text.strip():
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                out.append((number, text.strip(), size * math.sqrt(abs(a * d - b * c))))

        page.extract_text(visitor_text=visit)
    return out


@pytest.fixture(scope="module", params=sorted(DOCS))
def doc(request):
    return request.param, load_file(DOCS[request.param])


def test_every_text_of_the_slides_pdf_is_at_least_12_pt(doc):
    name, document = doc
    buf = io.BytesIO()
    write_slides_pdf(document, buf)
    sizes = shown_sizes(buf.getvalue())
    assert len(sizes) > 50
    small = [(page, text[:30], round(size, 2)) for page, text, size in sizes
             if size < MIN_PT - 0.01]
    assert not small, f"{name}: {len(small)} texts under {MIN_PT} pt, first {small[:5]}"


def test_the_chart_labels_of_the_slides_pdf_are_those_of_the_deck():
    from briefing.layout.chart_rules import gap_size, label_size, legend_size

    buf = io.BytesIO()
    write_slides_pdf(load_file(DOCS["nk-charts"]), buf)
    sizes = {(text, round(size, 2)) for _p, text, size in shown_sizes(buf.getvalue())}
    for text in ("about 3,800 (2,300\u20133,825)", "2,783\u20132,906", "not reported", "85",
                 "at least 41", "Armenia (claimed)"):
        found = {size for t, size in sizes if t == text}
        if found:
            assert found == {12.0}, (text, found)
    assert ("not reported", 12.0) in sizes and ("at least 41", 12.0) in sizes
    assert label_size(12.0) == gap_size(12.0) == legend_size(12.0) == 12.0


_SZ = re.compile(rb'<a:(?:rPr|defRPr|endParaRPr)\b[^>]*\bsz="(\d+)"')


def test_every_size_the_deck_writes_on_a_slide_or_chart_is_at_least_12_pt(doc):
    name, document = doc
    buf = io.BytesIO()
    write_pptx(document, buf)
    sizes = []
    with zipfile.ZipFile(buf) as zf:
        for part in zf.namelist():
            if re.fullmatch(r"ppt/(slides/slide|charts/chart)\d+\.xml", part):
                sizes += [(part, int(sz)) for sz in _SZ.findall(zf.read(part))]
    assert sizes
    small = [s for s in sizes if s[1] < MIN_PT * 100]
    assert not small, f"{name}: {small[:5]}"
