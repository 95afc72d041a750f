"""A corporate template's body font that has Arabic-script letters (DejaVu Sans has) draws
Persian and Urdu joined in the PDFs, exactly as the shipped fallback does; a font with the
letters but not the presentation forms our shaper joins them with leaves them to the shipped
fallback, never printing them as unjoined letters."""

from __future__ import annotations

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from briefing.text import mainfont
from briefing.text import metrics as tm
from briefing.text.faces import (
    ARABIC,
    FaceFile,
    FontSet,
    add_face,
    face_file,
    using_main,
    width,
)
from briefing.text.fonts import font_runs
from briefing.text.shaping import is_arabic

WORD = "آذربایجان شرقی"  # East Azerbaijan
SENTENCE = f"Iran's border provinces ({WORD}) saw stray shells; officials said می‌شود کنترل کرد."

SANS = mainfont.find_main_font("DejaVu Sans").font
needs_sans = pytest.mark.skipif(SANS is None, reason="DejaVu Sans is not installed")


def drawn(text: str, **kw) -> str:
    """The characters a PDF draws for `text`, left to right."""
    return "".join(piece for piece, _font in font_runs(text, **kw))


def unjoined(text: str) -> list[str]:
    """Arabic-script letters drawn in their plain (not presentation) form: a PDF prints them
    as isolated letters, since ReportLab does not shape."""
    return [c for c in text if is_arabic(c) and 0x0620 <= ord(c) <= 0x06FF]


@needs_sans
@pytest.mark.parametrize("bold", [False, True])
def test_persian_in_a_template_font_with_arabic_letters_is_drawn_joined(bold):
    with using_main(SANS.faces):
        in_template = drawn(SENTENCE, bold=bold)
        faces = {font for _piece, font in font_runs(WORD, bold=bold)}
    assert unjoined(in_template) == []
    # the same letters as the shipped fallback (DejaVu Sans too) draws them, in the same order
    assert in_template == drawn(SENTENCE, bold=bold)
    assert faces == {SANS.faces.face(bold)}  # drawn in the template's own face, as measured


@needs_sans
def test_persian_in_a_template_font_is_measured_as_drawn():
    with using_main(SANS.faces):
        measured = tm.measure(WORD, 20)
        runs = font_runs(WORD)
    assert measured == pytest.approx(sum(width(piece, font, 20) for piece, font in runs))
    assert measured < width(WORD, SANS.faces.regular, 20)  # joined forms: narrower


@pytest.fixture(scope="module")
def letters_only(tmp_path_factory) -> FontSet:
    """DejaVu Sans without the Arabic presentation forms: the letters, but nothing our shaper
    can join them with (as a font that relies on OpenType shaping alone)."""
    out = tmp_path_factory.mktemp("font") / "letters-only.ttf"
    source = face_file(ARABIC.regular).path
    keep = [c for c in TTFont(str(source), lazy=True).getBestCmap()
            if not 0xFB50 <= c <= 0xFEFF]
    options = subset.Options()
    options.layout_features = []
    font = TTFont(str(source))
    sub = subset.Subsetter(options)
    sub.populate(unicodes=keep)
    sub.subset(font)
    font.save(str(out))
    name = add_face("TestLettersOnly", FaceFile(out, 0, "Letters Only"))
    return FontSet(name, name, name, name)


def test_a_template_font_without_presentation_forms_leaves_arabic_to_the_fallback(
        letters_only):
    with using_main(letters_only):
        runs = font_runs(SENTENCE)
    text = "".join(piece for piece, _font in runs)
    assert unjoined(text) == []
    assert text == drawn(SENTENCE)  # as with Liberation Sans: the shipped fallback joins them
    arabic_fonts = {font for piece, font in runs if any(is_arabic(c) for c in piece)}
    assert arabic_fonts == {ARABIC.regular}
    latin = {font for piece, font in runs if "Iran" in piece}
    assert latin == {letters_only.regular}
