"""Handout chart labels are legible in print (issue 14): a handout draws slides scaled down, 6 to
an A4 sheet at a quarter of their width, which printed a chart's labels at 2.6 pt; the layout
re-lays each chart for the handout at its printed size, so its smallest text prints at 6 pt."""

from __future__ import annotations

import io
import math

import pypdf
import pytest

from briefing import load_file
from briefing.layout import ChartFrame, layout_document
from briefing.layout.chart_rules import smallest_text
from briefing.layout.handout import HANDOUT_MIN_TEXT, handout_page, printed_chart_font
from briefing.render.pdf.slides import write_handout_pdf
from briefing.resources import example_path


def printed_sizes(pdf: bytes) -> list[tuple[str, float]]:
    """(text, printed size in points) of every text the PDF shows, after all its scalings."""
    out: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            out.append((text.strip(), size * math.hypot(a, b)))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 6])
def test_a_handouts_chart_labels_print_at_six_points_or_more(per_page):
    doc = load_file(example_path())
    buf = io.BytesIO()
    write_handout_pdf(doc, buf, per_page=per_page)
    chart = next(s.chart for s in doc.sections if s.chart is not None)
    texts = {"at least 9", "not reported", *chart.categories[:1], *(s.name for s in chart.series)}
    sizes = [size for text, size in printed_sizes(buf.getvalue()) if text in texts]
    assert {text for text, _ in printed_sizes(buf.getvalue())} >= {"at least 9", "not reported"}
    assert sizes and min(sizes) >= HANDOUT_MIN_TEXT - 0.01


@pytest.mark.parametrize("scale", [0.263, 0.46, 0.545, 1.0, 2.0])
def test_the_printed_font_is_the_smallest_that_reaches_the_minimum(scale):
    size = printed_chart_font(12.0, scale)
    assert smallest_text(size) * scale >= HANDOUT_MIN_TEXT - 1e-6
    assert size == 12.0 or smallest_text(size - 0.05) * scale < HANDOUT_MIN_TEXT


def test_only_charts_are_re_laid_and_the_slide_is_left_alone():
    deck = layout_document(load_file(example_path()))
    page = next(p for p in deck.pages if any(isinstance(e, ChartFrame) for e in p.elements))
    printed = handout_page(page, 0.263)
    for before, after in zip(page.elements, printed.elements, strict=True):
        if isinstance(before, ChartFrame):
            assert after.font_size == printed_chart_font(before.font_size, 0.263) > 12
            assert before.font_size == 12.0  # the deck's own layout is not changed
        else:
            assert after is before
