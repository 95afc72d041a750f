"""A corporate template's heading font (theme majorFont), where it differs from its body font
and this machine has it and a PDF may embed it, draws every title and heading of the export:
the layout measures titles in it, the slides PDF, the handout and the paper embed it, the deck
names it in its titles' runs; body text, tables and charts stay in the body font. Where it
cannot be used, one warning names it and what draws titles instead. A default export after a
heading-font one in the same process is the same bytes as in a fresh process."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from test_layout import STRESS, _assert_nothing_overflows
from test_pptx_support import overflowing_text_boxes
from test_template_fonts import _pdf_fonts, _postscript
from test_template_look import export_all, with_fonts

from briefing import load_file
from briefing.export.job import default_job, run_export
from briefing.layout import TextBlock, layout_document
from briefing.layout.frame import CONTENT_W, TITLE_SIZES
from briefing.render.pptx.template import open_presentation, template_look
from briefing.text import mainfont
from briefing.text import metrics as tm
from briefing.text.faces import (
    LIBERATION,
    as_heading,
    face_file,
    heading_faces,
    main_faces,
    using_main,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


def _usable(*families: str) -> mainfont.MainFont | None:
    """The first of `families` this machine has, whole (every style) and usable."""
    for family in families:
        found = mainfont.find_main_font(family)
        if found.font is not None and not found.warnings:
            return found.font
    return None


#: a serif heading over a sans body, as corporate templates often pair them
HEAD = _usable("DejaVu Serif", "Liberation Serif", "Noto Serif")
BODY = _usable("DejaVu Sans", "Noto Sans", "Open Sans")
needs_pair = pytest.mark.skipif(HEAD is None or BODY is None,
                                reason="no installed serif and sans pair (fc-list : family)")


def _typefaces(shape) -> set[str]:
    from lxml import etree

    xml = etree.tostring(shape._element).decode()
    return set(re.findall(r'<a:latin typeface="([^"]*)"', xml))


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory) -> Path:
    assert HEAD is not None and BODY is not None
    return with_fonts(tmp_path_factory.mktemp("pair"), HEAD.family, BODY.family)


@pytest.fixture(scope="module")
def pair_export(pair_template, tmp_path_factory):
    return export_all(load_file(EXAMPLE), tmp_path_factory.mktemp("out"), pair_template)


@pytest.fixture(scope="module")
def pair_look(pair_template):
    return template_look(open_presentation(pair_template), None, pair_template.name)


@needs_pair
def test_the_heading_font_is_the_titles_font_and_the_body_font_the_rest(pair_look, pair_export):
    assert pair_look.main_font == BODY and pair_look.heading_font == HEAD
    assert pair_look.theme.font == BODY.family and pair_look.theme.heading_font == HEAD.family
    _outputs, warnings = pair_export
    assert warnings == []


@needs_pair
def test_the_decks_titles_name_the_heading_font_and_everything_else_the_body_font(pair_export):
    outputs, _warnings = pair_export
    prs = Presentation(str(outputs["pptx"]))
    titles = 0
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            named = _typefaces(shape)
            if not named:
                continue
            is_title = shape.is_placeholder and shape.placeholder_format.type in _TITLES
            titles += is_title
            assert named == ({HEAD.family} if is_title else {BODY.family}), (n, shape.name)
    assert titles == len(prs.slides)  # every slide's title, the cover's and the parts' too


@needs_pair
def test_every_pdf_embeds_the_heading_font_and_the_body_font(pair_export):
    outputs, _warnings = pair_export
    heading, body = _postscript(HEAD.faces.bold), _postscript(BODY.faces.regular)
    for kind in ("pdf", "handout", "report"):
        fonts = _pdf_fonts(outputs[kind])
        assert heading in fonts and body in fonts, (kind, fonts)
        assert not any(name.startswith("LiberationSans") for name in fonts), (kind, fonts)


def _one_line_in_one_font_only(heading, body) -> str:
    """A title that fits one line at the largest title size in exactly one of the two
    families: the start of a long sentence, in capitals (where a serif and a sans differ
    most: DejaVu Serif's are a tenth wider than DejaVu Sans's) or as it is."""
    sentence = ("Iran and Pakistan exchange missile and drone strikes against militant camps "
                "across the Balochistan border while both capitals insist they hit only "
                "militants")
    usable = (CONTENT_W - 8) * tm.WIDTH_SAFETY
    for words in (sentence.upper().split(), sentence.split()):
        for k in range(2, len(words) + 1):
            text = " ".join(words[:k])
            with using_main(body):
                in_body = tm.measure(text, TITLE_SIZES[0], bold=True)
            with using_main(heading):
                in_heading = tm.measure(text, TITLE_SIZES[0], bold=True)
            if min(in_body, in_heading) <= usable < max(in_body, in_heading):
                return text
    pytest.skip("no prefix fits one family's line and not the other's")


def _title(deck, title: str) -> TextBlock:
    page = next(p for p in deck.pages if p.title == title)
    return next(el for el in page.elements if isinstance(el, TextBlock) and el.role == "title")


@needs_pair
def test_titles_are_laid_out_by_the_heading_fonts_metrics(example_doc, pair_look):
    title = _one_line_in_one_font_only(HEAD.faces, BODY.faces)
    doc = copy.deepcopy(example_doc)
    doc.sections[0].title = title
    with using_main(BODY.faces):  # the body font for titles too: the old way
        flat = _title(layout_document(doc, pair_look.theme), title)
    with using_main(BODY.faces, HEAD.faces):
        block = _title(layout_document(doc, pair_look.theme), title)
        para = block.paragraphs[0]
        assert para.heading and heading_faces() == HEAD.faces
        with as_heading():
            one_line = len(tm.wrap_text(title, (CONTENT_W - 8) * tm.WIDTH_SAFETY,
                                        TITLE_SIZES[0], bold=True)) == 1
        # the size and lines the heading font needs: one line at the largest size where it
        # fits; a smaller size (or two lines) where only the body font would have fitted
        assert (para.size == TITLE_SIZES[0]) == one_line
        lines = tm.paragraph_lines(para, block.box.w - 2 * block.padding)
        assert block.box.h == pytest.approx(len(lines) * para.size * para.line_height
                                            + 2 * block.padding)
    assert (flat.paragraphs[0].size, flat.box.h) != (para.size, block.box.h)


@needs_pair
def test_nothing_overflows_with_a_heading_font(pair_export, pair_look, example_doc):
    outputs, _warnings = pair_export
    with using_main(BODY.faces, HEAD.faces):
        prs = Presentation(str(outputs["pptx"]))
        assert overflowing_text_boxes(prs, HEAD.family) == []
        _assert_nothing_overflows(layout_document(example_doc, pair_look.theme))
        _assert_nothing_overflows(layout_document(load_file(STRESS), pair_look.theme))


@needs_pair
def test_a_default_export_after_a_heading_font_one_equals_a_fresh_processs(
        pair_export, example_doc, tmp_path):
    outputs, _warnings = pair_export
    assert _postscript(HEAD.faces.bold) in _pdf_fonts(outputs["pdf"])  # it did use it
    job = default_job("iran-pakistan-2024", tmp_path / "here")
    job.report = tmp_path / "here" / "iran-pakistan-2024-report.pdf"
    run_export(example_doc, job)
    assert main_faces() == LIBERATION and heading_faces() == LIBERATION
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "briefing", "export", str(EXAMPLE),
                    "-o", str(fresh), "--report"], cwd=ROOT, check=True, capture_output=True)
    here = {p.name: p.read_bytes() for _k, p in job.targets()}
    assert here == {p.name: p.read_bytes() for p in sorted(fresh.iterdir())}
    assert len(here) == 4


# ---- a heading font that cannot be used: one warning, titles in the body font ------------


@needs_pair
def test_a_heading_font_not_installed_is_one_warning_and_titles_in_the_body_font(
        example_doc, tmp_path):
    template = with_fonts(tmp_path, "Northwind Display", BODY.family)
    outputs, warnings = export_all(example_doc, tmp_path, template)
    assert len(warnings) == 1, warnings
    said = warnings[0]
    assert "heading font 'Northwind Display' is not installed" in said
    assert f"titles are drawn in the body font {BODY.family!r}" in said
    prs = Presentation(str(outputs["pptx"]))
    assert set().union(*(_typefaces(s) for slide in prs.slides for s in slide.shapes)) \
        == {BODY.family}


@needs_pair
def test_a_heading_font_whose_licence_forbids_embedding_is_one_warning(
        example_doc, tmp_path, monkeypatch):
    restricted = tmp_path / "Restricted.ttf"
    with TTFont(str(face_file(HEAD.faces.regular).path)) as font:
        font["OS/2"].fsType = 0x0002
        font.save(str(restricted))
    real = mainfont._style_files

    def style_files(family: str):
        if family != "Restricted Display":
            return real(family)
        return {style: mainfont._File(restricted, 0) if style == "regular" else None
                for style in ("regular", "bold", "italic", "bold italic")}

    mainfont._find.cache_clear()
    monkeypatch.setattr(mainfont, "_style_files", style_files)
    try:
        template = with_fonts(tmp_path, "Restricted Display", BODY.family)
        outputs, warnings = export_all(example_doc, tmp_path, template)
    finally:
        mainfont._find.cache_clear()
    assert len(warnings) == 1, warnings
    assert "heading font 'Restricted Display' is installed but cannot be used" in warnings[0]
    assert "licence" in warnings[0] and BODY.family in warnings[0]
    assert not any("Restricted" in name for name in _pdf_fonts(outputs["report"]))


@needs_pair
def test_an_arial_heading_over_another_body_font_is_measured_in_liberation_sans(tmp_path):
    """Arial's metric twins stand for Arial in titles as in body text: measured and drawn in
    Liberation Sans, named as the template names them."""
    look = template_look(open_presentation(with_fonts(tmp_path, "Arial", BODY.family)))
    assert look.warnings == ()
    assert look.heading_font is not None and look.heading_font.faces == LIBERATION
    assert look.theme.heading_font == "Arial" and look.theme.font == BODY.family


def test_without_a_heading_font_of_its_own_headings_are_in_the_main_font():
    assert heading_faces() == main_faces() == LIBERATION
    with using_main(None, LIBERATION):
        assert heading_faces() == LIBERATION
    if BODY is not None:
        with using_main(BODY.faces), as_heading():
            assert main_faces() == heading_faces() == BODY.faces
