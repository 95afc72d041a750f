"""A template's master decides what its colours mean: a dark template maps the slide
background to its dark colour (`p:clrMap bg1="dk1"`, as PowerPoint's dark themes do) and the
text to its light one. Every output follows the master, so no output draws dark text on the
deck's dark background, and the slides PDF is as dark as the deck."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from test_template_look import CORPORATE, TEAL, export_all, pdf_colours

from briefing.format.themes import load_theme
from briefing.layout.colors import AA_NORMAL, contrast_ratio, legible
from briefing.render.pptx.template import open_presentation, template_look

MASTER = "ppt/slideMasters/slideMaster1.xml"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DARK, LIGHT = "17252E", "FBFAF7"  # the sample's dk1 and lt1
DARK2, LIGHT2 = "4A5A66", "E8E4DA"  # its dk2 and lt2


def with_master(tmp_path: Path, background: str, **color_map: str) -> Path:
    """The sample template with its master's colour map changed (`bg1="dk1"`...) and its
    background given as `background` (a `p:bg` element's inner XML)."""
    out = tmp_path / "master.pptx"
    with zipfile.ZipFile(CORPORATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == MASTER:
                text = data.decode()
                text = re.sub(r"<p:bg>.*?</p:bg>", f"<p:bg>{background}</p:bg>", text,
                              flags=re.S)
                root = etree.fromstring(text.encode())
                clr_map = root.find(f"{P}clrMap")
                for key, value in color_map.items():
                    clr_map.set(key, value)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    return out


SCHEME_BG = ('<p:bgRef idx="1001"><a:schemeClr '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" val="bg1"/>'
             '</p:bgRef>')
DARK_MAP = {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"}


@pytest.fixture
def dark_template(tmp_path) -> Path:
    return with_master(tmp_path, SCHEME_BG, **DARK_MAP)


def test_a_dark_masters_colour_map_gives_the_background_and_the_text(dark_template):
    theme = template_look(open_presentation(dark_template)).theme
    assert theme.background == DARK and theme.text == LIGHT
    assert theme.muted == LIGHT2 and theme.surface == DARK2


def test_the_masters_own_background_colour_is_the_background(tmp_path):
    solid = ('<p:bgPr><a:solidFill xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
             'main"><a:srgbClr val="102030"/></a:solidFill><a:effectLst xmlns:a="http://'
             'schemas.openxmlformats.org/drawingml/2006/main"/></p:bgPr>')
    theme = template_look(open_presentation(with_master(tmp_path, solid))).theme
    assert theme.background == "102030"
    drawn = legible(theme)  # as every layout takes it: dk1 would not read on it
    assert contrast_ratio(drawn.text, drawn.background) >= AA_NORMAL


def test_the_sample_templates_light_master_is_unchanged():
    theme = template_look(open_presentation(CORPORATE)).theme
    assert (theme.background, theme.text, theme.muted, theme.surface) == (
        LIGHT, DARK, DARK2, LIGHT2)


def _run_colours(pptx: Path) -> set[str]:
    prs = Presentation(str(pptx))
    xml = b"".join(s.part.blob for s in prs.slides).decode()
    return set(re.findall(r'<a:rPr[^>]*>(?:<a:solidFill>)?<a:srgbClr val="([0-9A-F]{6})"', xml))


def test_no_output_draws_dark_text_on_a_dark_templates_background(example_doc, tmp_path,
                                                                    dark_template):
    outputs, _ = export_all(example_doc, tmp_path, dark_template)
    # the deck's slides take the master's dark background: their body text is light
    assert DARK not in _run_colours(outputs["pptx"])
    assert LIGHT in _run_colours(outputs["pptx"])
    # the slides PDF and the handout are as dark as the deck
    for kind in ("pdf", "handout"):
        assert DARK in pdf_colours(outputs[kind]), kind
    # the paper stays white with dark text, in the template's colours, not the default blue
    paper = pdf_colours(outputs["report"])
    assert LIGHT not in paper and DARK not in paper
    assert TEAL in paper and load_theme(None).accent not in paper


def at_size(tmp_path: Path, width: int, height: int, logo: bool = False) -> Path:
    """The sample template made at another slide size, as PowerPoint would: every shape of
    its master and layouts moved and sized with the slide; with `logo`, a 2.5:1 picture in
    the master's top right corner."""
    prs = Presentation(str(CORPORATE))
    sx, sy = width / prs.slide_width, height / prs.slide_height
    for part in [prs.slide_master, *prs.slide_layouts]:
        for shape in part.shapes:
            if shape.left is not None:
                shape.left, shape.top = round(shape.left * sx), round(shape.top * sy)
                shape.width, shape.height = round(shape.width * sx), round(shape.height * sy)
    prs.slide_width, prs.slide_height = width, height
    if logo:
        picture = Image.new("RGB", (250, 100), "#E07A1F")
        stream = io.BytesIO()
        picture.save(stream, "PNG")
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        pic = slide.shapes.add_picture(io.BytesIO(stream.getvalue()), width - LOGO_W - 91440,
                                       91440, LOGO_W, LOGO_W * 2 // 5)
        pic.name = "Logo"
        _image, r_id = prs.slide_master.part.get_or_add_image_part(io.BytesIO(stream.getvalue()))
        pic._element.blipFill.blip.rEmbed = r_id
        prs.slide_master.shapes._spTree.append(pic._element)
    out = tmp_path / f"size-{width}x{height}.pptx"
    prs.save(str(out))
    return out


LOGO_W = 1371600  # 1.5 in


def _master_shape(pptx: Path, name: str):
    prs = Presentation(str(pptx))
    return prs, next(s for s in prs.slide_master.shapes if s.name == name)


def test_a_template_made_at_10_by_5_6_inches_fills_the_decks_slides(example_doc, tmp_path):
    template = at_size(tmp_path, 9144000, 5143500)  # Google Slides' and "On-screen Show"
    outputs, warnings = export_all(example_doc, tmp_path, template)
    assert warnings == []  # the same proportions: nothing to say
    prs, bar = _master_shape(outputs["pptx"], "Northwind bar")
    assert prs.slide_height == 6858000
    assert bar.height == prs.slide_height  # the master's bar runs down the whole slide
    assert abs(bar.width - 127000) <= 2  # 10 pt wide again
    title = next(ph for ph in prs.slide_master.placeholders
                 if ph.placeholder_format.type == 1)  # the master's title, scaled with it
    assert title.left + title.width <= prs.slide_width


def test_a_4_by_3_template_is_stretched_to_the_deck_its_logo_keeps_its_shape(
        example_doc, tmp_path):
    template = at_size(tmp_path, 9144000, 6858000, logo=True)
    outputs, warnings = export_all(example_doc, tmp_path, template)
    said = [w for w in warnings if "stretched" in w]
    assert len(said) == 1 and "10 x 7.5 in" in said[0] and "13.33 x 7.5 in" in said[0]
    prs, bar = _master_shape(outputs["pptx"], "Northwind bar")
    assert bar.height == prs.slide_height
    _, logo = _master_shape(outputs["pptx"], "Logo")
    assert (logo.width, logo.height) == (LOGO_W, LOGO_W * 2 // 5)  # not stretched
    assert logo.left + logo.width <= prs.slide_width and logo.top >= 0
    assert logo.left > prs.slide_width * 0.8  # still in the top right corner


def _hidden(pptx: Path) -> dict[str, bool]:
    prs = Presentation(str(pptx))
    return {shape.name: shape.element.find(f"./*/{P}cNvPr").get("hidden") == "1"
            for shape in prs.slide_master.shapes if not shape.is_placeholder}


def test_a_logo_where_the_deck_draws_is_hidden_on_its_slides_and_named_once(
        example_doc, tmp_path):
    template = at_size(tmp_path, 12192000, 6858000, logo=True)  # the top right corner
    outputs, warnings = export_all(example_doc, tmp_path, template)
    said = [w for w in warnings if "'Logo'" in w]
    assert len(said) == 1 and "hidden" in said[0] and "Slide Master" in said[0]
    assert "Northwind bar" not in said[0]
    # under the banner and beside the title it would collide; the bar at the edge stays
    assert _hidden(outputs["pptx"]) == {"Northwind bar": False, "Logo": True}


def test_a_logo_in_the_slides_side_margin_stays(example_doc, tmp_path):
    template = at_size(tmp_path, 12192000, 6858000, logo=True)
    prs = Presentation(str(template))
    logo = next(s for s in prs.slide_master.shapes if s.name == "Logo")
    logo.width, logo.height = 365760, 146304  # 0.4 in wide, in the right margin's 0.5 in
    logo.left, logo.top = prs.slide_width - 411480, 3000000
    prs.save(str(template))
    outputs, warnings = export_all(example_doc, tmp_path, template)
    assert warnings == []
    assert _hidden(outputs["pptx"]) == {"Northwind bar": False, "Logo": False}
