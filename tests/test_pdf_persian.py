"""Persian and Urdu names in the PDFs: joined letters, right-to-left, in an embedded font.

ReportLab alone draws Arabic script unjoined and left to right; `briefing.text.shaping` shapes it
first. Given a document with Persian and Urdu names in titles, bullets and chart categories,
when it is exported, then the names are drawn with DejaVu Sans (embedded) in their contextual
forms, and a PDF reader gets the original spelling back.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.model import document as m
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import write_slides_pdf
from briefing.text.shaping import visual

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
    from briefing.text.fonts import font_runs

    drawn = "".join(piece for piece, _font in font_runs("روستا 2024 سراوان"))
    # correct visual order puts the last logical word (سراوان) leftmost
    assert drawn.startswith(visual("سراوان"))


# --- mixed directions: what a reader sees, left to right ------------------------------------


def _drawn(text: str, direction: str | None = None) -> str:
    from briefing.text.fonts import font_runs

    return "".join(piece for piece, _font in font_runs(text, direction=direction))


def _left_to_right(text: str, direction: str | None = None) -> list[str]:
    """The drawn line's words from left to right, each Arabic-script word read back in its
    plain spelling (its drawn letters reversed, presentation forms normalised)."""
    from briefing.text.shaping import has_arabic

    return [unicodedata.normalize("NFKC", word[::-1]) if has_arabic(word) else word
            for word in _drawn(text, direction).split()]


def test_a_persian_date_reads_day_month_year_from_the_right():
    # given "18 January 2024" in Persian, when drawn, then 18 is rightmost and 2024 leftmost
    assert _left_to_right("18 ژانویه 2024") == ["2024", "ژانویه", "18"]


def test_a_latin_acronym_in_parentheses_inside_a_persian_phrase_stays_at_its_end():
    # the phrase reads right to left, so its last piece "(IRGC)" is leftmost, brackets mirrored
    # back into place and the acronym itself left to right
    assert _left_to_right("سپاه پاسداران (IRGC)") == ["(IRGC)", "پاسداران", "سپاه"]
    assert _drawn("حمله (ساعت 4:30) به سراوان") == (
        f"{visual('سراوان')} {visual('به')} (4:30 {visual('ساعت')}) {visual('حمله')}")


def test_an_english_sentence_keeps_its_order_with_the_persian_name_reversed_inside_it():
    drawn = _drawn("The IRGC (سپاه پاسداران) said 12 died.")
    assert drawn == "The IRGC (" + visual("سپاه پاسداران") + ") said 12 died."
    # paired brackets: both belong to the name (a bracket-blind bidi draws "IRGC (و (سپاه")
    assert _drawn("IRGC (سپاه) و") == f"IRGC ({visual('سپاه')}) {visual('و')}"


def test_urdu_with_digits_reads_right_to_left_in_its_own_faces():
    from briefing.text.fonts import font_runs

    text = "کراچی میں 12 افراد ہلاک"  # "12 people killed in Karachi"
    assert _left_to_right(text) == ["ہلاک", "افراد", "12", "میں", "کراچی"]
    fonts = [font for _piece, font in font_runs(text)]
    assert fonts == ["NotoNaskhArabic", "LiberationSans", "DejaVuSans"]  # heh goal: Noto


def test_a_phrase_in_an_english_line_can_be_told_its_paragraph_direction():
    # a wrapped English line that starts with a Persian name still reads left to right
    assert _left_to_right("سراوان in the south", "ltr") == ["سراوان", "in", "the", "south"]
    assert _left_to_right("سراوان in the south") == ["in", "the", "south", "سراوان"]


def test_marks_stay_on_their_letter_after_reordering():
    drawn = _drawn("بَت")  # beh with fatha, then teh: teh drawn left, beh and its mark right
    assert drawn[0] == "\ufe96" and drawn[1:] == "\ufe91\u064e"


def test_latin_text_is_one_run_as_before():
    from briefing.text.fonts import font_runs

    assert font_runs("Killed (at least 9) on 18 January 2024") == [
        ("Killed (at least 9) on 18 January 2024", "LiberationSans")]


@given(st.lists(st.sampled_from(["سراوان", "ژانویه", "2024", "IRGC", "(", ")", "،", " ", "۱۸",
                                 "ہلاک", "said", ".", "«", "»", "بَت", "لا"]), max_size=12))
def test_reordering_only_moves_characters_so_the_width_is_the_same_either_way(words):
    # given any mix of Persian, Urdu, Latin, digits and brackets, when drawn as a left-to-right
    # or a right-to-left paragraph, then the same characters in the same faces are drawn
    # (brackets mirrored), in another order, to the same width
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefing.charts.fonts import ensure_faces
    from briefing.text.bidi import mirrored
    from briefing.text.fonts import font_runs, string_width

    text = "".join(words)
    drawn = {d: font_runs(text, direction=d) for d in (None, "ltr", "rtl")}

    def glyphs(runs):
        return sorted((min(c, mirrored(c, 1)), f) for p, f in runs for c in p)

    def width(runs):
        ensure_faces(runs)
        return sum(stringWidth(p, f, 10) for p, f in runs)

    assert glyphs(drawn["ltr"]) == glyphs(drawn["rtl"]) == glyphs(drawn[None])
    assert width(drawn["ltr"]) == pytest.approx(width(drawn["rtl"]))
    assert string_width(text, 10) == pytest.approx(width(drawn[None]))


@pytest.mark.parametrize("writer", ["slides", "report"])
def test_a_persian_date_bullet_is_drawn_year_month_day_from_the_left(writer):
    # given a bullet "18 ژانویه 2024", when exported, then the page draws 2024, the month and
    # 18 in that order (one after the other on the slide, further right each time)
    import datetime as dt

    section = m.empty_section("text", "Dates", "d")
    section.text = "- 18 ژانویه 2024"
    doc = m.Document(title="Mixed", as_of=dt.date(2024, 1, 19), sections=[section])
    out = io.BytesIO()
    (write_slides_pdf if writer == "slides" else write_report_pdf)(doc, out)
    names = {"2024": "2024", "18": "18", visual("ژانویه"): "month",
             visual("ژانویه")[::-1]: "month"}  # pypdf may hand it back in reading order
    drawn: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(out.getvalue())).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: drawn.append(
            (names[text.strip()], cm[4] + tm[4])) if text.strip() in names else None)
    assert [text for text, _x in drawn] == ["2024", "month", "18"]
    if writer == "slides":
        assert drawn[0][1] < drawn[1][1] < drawn[2][1]


def test_an_english_bullet_that_opens_with_a_persian_name_reads_left_to_right_on_the_slide():
    # given an English sentence that begins with "سراوان" (Saravan) and wraps over lines, when
    # the slides PDF is drawn, then the name stands at the left of its line, before "was",
    # and every wrapped line keeps the sentence's left-to-right order
    import datetime as dt

    from briefing.text.bidi import paragraph_direction

    sentence = ("سراوان was struck by drones and rockets on 18 January, according to Iranian "
                "state media, which said nine people were killed in the border village.")
    assert paragraph_direction(sentence) == "ltr"
    assert paragraph_direction("سپاه پاسداران (IRGC) حمله کرد") == "rtl"
    section = m.empty_section("text", "Saravan", "s")
    section.text = "- " + sentence
    doc = m.Document(title="Mixed", as_of=dt.date(2024, 1, 19), sections=[section])
    out = io.BytesIO()
    write_slides_pdf(doc, out)
    name = visual("سراوان")
    found: dict[str, float] = {}
    for page in PdfReader(io.BytesIO(out.getvalue())).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: found.setdefault(
            text.strip(), cm[4] + tm[4]) if text.strip() in (name, name[::-1]) or
            text.strip().startswith("was") else None)
    name_x = found.get(name, found.get(name[::-1]))
    was_x = next(x for t, x in found.items() if t.startswith("was"))
    assert name_x is not None and name_x < was_x


def test_text_that_looks_like_the_bidi_report_does_not_confuse_it():
    # python-bidi's debug report, once scraped for the levels, quoted the text before them; a
    # bullet quoting "levels: [3]" beside Persian made every PDF export fail
    from briefing.text.bidi import display, levels

    text = "Debug output showed levels: [3] for سپاه."
    base, lv = levels(text)
    assert base == 0 and len(lv) == len(text)
    assert display(text) == "Debug output showed levels: [3] for " + "سپاه"[::-1] + "."


def test_a_stray_paragraph_separator_or_surrogate_inside_a_line_is_drawn_not_fatal():
    from briefing.text.bidi import display

    for text in ("سلام\u2029abc", "ab \ud800 سلام", "x\x1cسلام"):
        assert sorted(display(text)) == sorted(text.replace("(", ")"))


def test_an_isolate_inside_a_line_is_ordered_by_the_current_algorithm():
    # given an English line with a Persian word in a right-to-left isolate (RLI ... PDI), when
    # drawn, then the isolate is reversed on its own and the line keeps its English order (an
    # algorithm older than Unicode 6.3 stops at the isolate); the isolate controls themselves,
    # default-ignorable, are not drawn
    assert _drawn("x \u2067abc سلام\u2069 y", "ltr") == f"x {visual('سلام')} abc y"


def test_a_character_beyond_the_basic_plane_keeps_the_levels_in_step():
    # ICU counts in UTF-16 units: an emoji is two of them, and the levels after it must still
    # belong to the right characters
    from briefing.text.bidi import levels

    base, lv = levels("\U0001F600 سلام (IRGC) \U0001F600")
    assert base == 1
    assert lv == [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1]


def test_the_order_needs_no_python_bidi():
    # the levels come from ICU's documented API; python-bidi (whose levels were scraped from
    # its debug report, which pinned it below 0.7) is no longer needed at all
    import subprocess
    import sys

    code = ("import sys; sys.modules['bidi'] = None\n"
            "from briefing.text.bidi import display\n"
            "print(display('IRGC (\u0633\u067e\u0627\u0647) \u0648') == "
            "'IRGC (\u0647\u0627\u067e\u0633) \u0648')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
