"""Build `corporate-sample.pptx`, the sample organisation template used by `--template`.

Run from anywhere: `python templates/corporate/build_corporate.py`. It starts from python-pptx's
blank presentation and makes it look like a real organisation's file, with the traps real ones
have: its own colour scheme and fonts ("Northwind" teal and orange, Arial), a decorated master,
layouts renamed and re-ordered (so picking a layout by index would take the wrong one), and a
sample slide that an export must remove. The output is reproducible (fixed timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from briefing.render.pptx.package import normalize_zip  # noqa: E402

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SCHEME = {"dk1": "17252E", "lt1": "FBFAF7", "dk2": "4A5A66", "lt2": "E8E4DA",
          "accent1": "0F6E6E", "accent2": "E07A1F", "accent3": "6B8E23", "accent4": "8E3B46",
          "accent5": "3D5A80", "accent6": "A0A0A0"}
FONT = "Arial"
WHEN = dt.datetime(2024, 1, 1)


def _theme(prs) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "Northwind")
    scheme = root.find(f".//{A}clrScheme")
    scheme.set("name", "Northwind")
    for child in scheme:
        name = child.tag.replace(A, "")
        if name in SCHEME:
            for c in list(child):
                child.remove(c)
            etree.SubElement(child, f"{A}srgbClr").set("val", SCHEME[name])
    fonts = root.find(f".//{A}fontScheme")
    fonts.set("name", "Northwind")
    for which in ("majorFont", "minorFont"):
        fonts.find(f"{A}{which}/{A}latin").set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _decorate_master(prs) -> None:
    """A teal bar down the left edge on every slide, drawn by the master, and a warm white
    background. (python-pptx cannot add shapes to a master: build on a scratch slide, move.)"""
    master = prs.slide_master
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    bar = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Pt(10), prs.slide_height)
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string(SCHEME["accent1"])
    bar.line.fill.background()
    bar.name = "Northwind bar"
    element = bar._element
    element.getparent().remove(element)
    element.nvSpPr.cNvPr.set("id", "1000")
    master.shapes._spTree.insert(2, element)  # after the group properties: behind everything
    prs.part.drop_rel(prs.slides._sldIdLst[-1].rId)
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[-1])
    bg = master.background.fill
    bg.solid()
    bg.fore_color.rgb = RGBColor.from_string(SCHEME["lt1"])


def _reorder_layouts(prs) -> None:
    """Rename layouts and move 'Title Only' and 'Blank' away from their usual indexes."""
    names = {"Title Slide": "NW Cover", "Title and Content": "NW Text",
             "Title Only": "NW Heading only", "Blank": "NW Empty",
             "Section Header": "NW Divider"}
    layouts = prs.slide_master.slide_layouts
    for layout in layouts:
        layout.name = names.get(layout.name, "NW " + layout.name)
    id_lst = layouts._sldLayoutIdLst
    ids = list(id_lst)
    for el in ids:
        id_lst.remove(el)
    # the usual indexes 5 (Title Only) and 6 (Blank) now hold other layouts; those two go last
    for el in [*ids[:5], *ids[7:], ids[6], ids[5]]:
        id_lst.append(el)


def build(out: Path) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    _theme(prs)
    _decorate_master(prs)
    _reorder_layouts(prs)
    cover = next(lo for lo in prs.slide_layouts if lo.name == "NW Cover")
    slide = prs.slides.add_slide(cover)
    slide.shapes.title.text = "Template sample slide (removed on export)"
    cp = prs.core_properties
    cp.title, cp.author, cp.last_modified_by = "Northwind template", "Template Author", ""
    cp.created = cp.modified = WHEN
    cp.revision = 1
    buf = io.BytesIO()
    prs.save(buf)
    out.write_bytes(normalize_zip(buf.getvalue(), WHEN))
    return out


if __name__ == "__main__":
    print(build(HERE / "corporate-sample.pptx"))
