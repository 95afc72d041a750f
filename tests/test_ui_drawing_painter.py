"""The window paints a chart exactly as the PDF prints it.

Given the ReportLab drawing of a chart (`briefing.charts.cache.chart_drawing`), when the app paints
it (`ui.drawing_painter`) and when ReportLab prints it into a PDF that poppler rasterises at the
same resolution, then the two pictures have their ink in the same places: bars, axes, labels
where ReportLab put them, bold where bold, Persian and Urdu letters joined and right to left.
"""

from __future__ import annotations

import copy
import shutil
import subprocess

import pytest

pytest.importorskip("PySide6")

from briefing.charts.cache import chart_drawing  # noqa: E402
from briefing.format.themes import load_theme  # noqa: E402
from briefing.model import document as m  # noqa: E402

SCALE = 2  # pixels per point: 144 dpi
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")


@pytest.fixture(scope="module")
def app():
    from PySide6.QtWidgets import QApplication

    from ui.drawing_painter import register_fonts

    application = QApplication.instance() or QApplication([])
    register_fonts()
    return application


def painted(drawing):
    from ui.drawing_painter import drawing_image

    return drawing_image(drawing, round(drawing.width * SCALE), round(drawing.height * SCALE))


def printed(drawing, tmp_path):
    from PySide6.QtGui import QImage
    from reportlab.graphics import renderPDF

    renderPDF.drawToFile(drawing, str(tmp_path / "chart.pdf"))
    subprocess.run(["pdftoppm", "-r", str(72 * SCALE), "-png", "-singlefile",
                    str(tmp_path / "chart.pdf"), str(tmp_path / "chart")], check=True)
    return QImage(str(tmp_path / "chart.png"))


def ink_overlap(a, b, top: int = 0, bottom: int | None = None) -> float:
    """Pixels dark in both / pixels dark in either (1.0: the same ink), rows top..bottom."""
    width = min(a.width(), b.width())
    bottom = min(a.height(), b.height()) if bottom is None else bottom
    both = either = 0
    for y in range(top, bottom):
        for x in range(width):
            da = sum(a.pixelColor(x, y).getRgb()[:3]) < 384
            db = sum(b.pixelColor(x, y).getRgb()[:3]) < 384
            both += da and db
            either += da or db
    return both / max(either, 1)


def casualties(example_doc) -> m.Chart:
    return copy.deepcopy(next(s for s in example_doc.sections if s.kind == "chart").chart)


@needs_poppler
@pytest.mark.parametrize("kind", ["column", "bar", "stacked-column", "line", "pie"])
def test_each_chart_type_paints_as_the_pdf_prints_it(app, example_doc, tmp_path, kind):
    chart = casualties(example_doc)
    chart.type = kind
    if kind == "pie":
        chart.series = chart.series[:1]
    drawing = chart_drawing(chart, load_theme(example_doc.theme), 360, 200,
                            title="Reported casualties")
    assert painted(drawing).size() == printed(drawing, tmp_path).size()
    # text is most of a line chart's ink: its edges antialias differently (~0.85 when right,
    # ~0.55 with every string 1 pt off)
    assert ink_overlap(painted(drawing), printed(drawing, tmp_path)) > 0.8


@needs_poppler
def test_persian_and_urdu_labels_and_a_bold_title_paint_as_printed(app, example_doc,
                                                                   tmp_path):
    chart = casualties(example_doc)
    chart.categories = ["سیستان و بلوچستان", "پنجگور", "ہلاکتیں"]  # Urdu: heh goal, yeh barree
    drawing = chart_drawing(chart, load_theme(example_doc.theme), 360, 200,
                            title="Casualties بلوچستان", font_size=14)
    shown, pdf = painted(drawing), printed(drawing, tmp_path)
    assert ink_overlap(shown, pdf) > 0.88
    # the title alone (~0.73): in a regular face ~0.27, its Persian word reversed ~0.47
    assert ink_overlap(shown, pdf, 0, 25 * SCALE) > 0.6
    # the category names alone (~0.93): letters reversed (Qt reordering them again) ~0.6
    assert ink_overlap(shown, pdf, 150 * SCALE, 175 * SCALE) > 0.85


def test_the_drawing_is_read_never_changed(app, example_doc):
    from ui.drawing_painter import drawing_strings

    drawing = chart_drawing(casualties(example_doc), load_theme(example_doc.theme))
    before = repr(drawing.getProperties())
    painted(drawing)
    assert repr(drawing.getProperties()) == before
    assert "at least 9" in drawing_strings(drawing)
