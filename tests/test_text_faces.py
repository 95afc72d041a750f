"""The faces text is measured with are the faces the PDFs draw with, to the last bit.

The layout reads the font files itself (`briefing.text.faces`, fontTools) so that it needs no
ReportLab; the PDFs register the same files with ReportLab. Given every shipped face, when
both read it, then both know the same characters at the same widths, and a string measures the
same in both.
"""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.charts.fonts import ensure_face
from briefing.text import faces
from briefing.text.fonts import font_runs

SHIPPED = sorted({name for family in faces.SHIPPED for name in family.faces})


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_face_has_reportlabs_widths_for_every_character(name):
    reportlab = TTFontFace(str(faces.face_file(name).path))
    ours = faces.metrics(name)
    # ReportLab also lists U+FFFF, which the fonts map to no glyph (.notdef)
    assert ours.widths == {code: w for code, w in reportlab.charWidths.items() if code != 0xFFFF}
    assert ours.default == reportlab.defaultWidth


@pytest.mark.parametrize("text", ["Sistan-Baluchestan", "Łódź – Ærøskøbing", "سیستان و بلوچستان",
                                  "کراچی میں 12 افراد ہلاک", "✓ ★ → ∞", ""])
@pytest.mark.parametrize("size", [7.5, 10, 18.3])
def test_a_string_measures_the_same_as_reportlab_draws_it(text, size):
    for piece, font in font_runs(text, bold=False):
        ensure_face(font)
        assert faces.width(piece, font, size) == stringWidth(piece, font, size)
