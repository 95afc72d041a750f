"""Persian and Urdu names in the PDFs: joined letters, right-to-left, in an embedded font.

ReportLab alone draws Arabic script unjoined and left to right; `briefing.pdf_arabic` shapes it
first. Given a document with Persian and Urdu names in titles, bullets and chart categories,
when it is exported, then the names are drawn with DejaVu Sans (embedded) in their contextual
forms, and a PDF reader gets the original spelling back.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from briefing import model as m
from briefing.pdf_arabic import visual
from briefing.pdf_report import write_report_pdf
from briefing.pdf_slides import write_slides_pdf

PERSIAN = "سیستان و بلوچستان"
URDU = "بلوچستان، پاکستان"


def test_a_persian_word_takes_its_joined_forms_in_drawing_order():
    # س initial, ی medial (Farsi yeh), س medial, ت medial, ا final, ن isolated; drawn reversed
    assert visual("سیستان") == "\ufee5\ufe8e\ufe98\ufeb4\ufbff\ufeb3"


def test_lam_alef_becomes_its_ligature():
    assert visual("لا") == "\ufefb"
    assert visual("سلام") == "\ufee1\ufefc\ufeb3"  # final lam-alef after a joining seen


def test_urdu_letters_join_too():
    shaped = visual("پاکستان")
    assert shaped[-1] == "\ufb58"  # peh, initial form, drawn rightmost
    assert unicodedata.normalize("NFKC", shaped[::-1]) == "پاکستان"


def test_latin_text_and_surrounding_spaces_are_left_alone():
    assert visual("Sistan-Baluchestan") == "Sistan-Baluchestan"
    assert visual(" سراوان ").startswith(" ") and visual(" سراوان ").endswith(" ")


def _doc() -> m.Document:
    text = m.empty_section("text", f"Sistan-Baluchestan / {PERSIAN}", "fa")
    text.text = f"- Persian: **{PERSIAN}**\n- Urdu: {URDU}"
    chart = m.empty_section("chart", "Killed by province", "ch")
    chart.chart = m.Chart(type="bar", categories=["Balochistan", PERSIAN], unit="people",
                          series=[m.Series("Killed", [m.Value(2), m.Value(9, "at least")])])
    import datetime as dt

    return m.Document(title="Persian names", as_of=dt.date(2024, 1, 19),
                      sections=[text, chart], classification="UNCLASSIFIED")


@pytest.fixture(scope="module", params=["slides", "report"])
def pdf(request) -> PdfReader:
    out = io.BytesIO()
    (write_slides_pdf if request.param == "slides" else write_report_pdf)(_doc(), out)
    return PdfReader(io.BytesIO(out.getvalue()))


def test_names_are_drawn_joined_and_read_back_in_their_original_spelling(pdf):
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "\ufeb3\ufbff\ufeb4" in text  # contextual forms were drawn, not bare letters
    plain = unicodedata.normalize("NFKC", text)
    assert PERSIAN in plain and URDU in plain
    assert plain.count(PERSIAN) >= 3  # title, bullet, chart category


def test_arabic_script_is_in_embedded_dejavu_sans(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert "DejaVuSans" in fonts and "DejaVuSans-Bold" in fonts


def test_latin_digits_inside_a_persian_phrase_follow_right_to_left_order():
    from briefing.pdf_fonts import font_runs

    drawn = "".join(piece for piece, _font in font_runs("روستا 2024 سراوان"))
    # correct visual order puts the last logical word (سراوان) leftmost
    assert drawn.startswith(visual("سراوان"))
