"""The PowerPoint deck: every layout Page drawn as an editable slide.

Text boxes, native charts and tables, pictures with alt text, speaker notes, a slide-number
field; all geometry comes from `briefing.layout`, which has already measured every text. The
package is made reproducible by `pptx_package` (same briefing -> same bytes).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from .errors import ExportError
from .layout import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    ChartFrame,
    Deck,
    ImageFrame,
    Page,
    ShapeBox,
    TableFrame,
    TextBlock,
    layout_document,
)
from .model import Document
from .pptx_chart import add_chart
from .pptx_package import (
    drop_thumbnail,
    fixed_time,
    normalize_zip,
    set_app_properties,
    set_core_properties,
    speed_up_partnames,
)
from .pptx_table import add_table
from .pptx_template import open_presentation, pick_layouts, template_theme
from .pptx_text import emu, fill_text_frame
from .themes import load_theme

SHAPES = {"rect": MSO_SHAPE.RECTANGLE, "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
          "ellipse": MSO_SHAPE.OVAL}
ROLE_NAMES = {"banner": "Classification banner", "title": "Title", "footer": "Footer",
              "number": "Slide number", "footnote": "Sources line", "tag": "Tag",
              "body": "Text", "caption": "Caption", "quote": "Quote", "agenda": "Agenda", "label": "Numbers"}


def write_pptx(doc: Document, stream: BinaryIO, *, template: Path | None = None,
               base_dir: Path | None = None, deck: Deck | None = None) -> None:
    """Write the briefing as a .pptx to `stream` (a binary file object).

    `deck` is this document's layout when the caller already has it (an export writing the
    slides PDF too); it is used only without a template, whose theme changes the layout."""
    prs = open_presentation(template)
    try:
        base = load_theme(doc.theme)
    except KeyError as exc:
        raise ExportError(str(exc.args[0])) from exc
    theme = template_theme(prs, base) if template is not None else base
    if deck is None or template is not None:
        deck = layout_document(doc, theme, base_dir=base_dir)
    if deck.problems:
        raise ExportError("cannot export the deck: " + "; ".join(deck.problems)
                          + ". Fix the path, or set include: false on the section.")
    speed_up_partnames(prs)
    prs.slide_width = emu(SLIDE_WIDTH)
    prs.slide_height = emu(SLIDE_HEIGHT)
    draw_deck(prs, deck, paint_background=template is None)
    set_core_properties(prs, doc)
    set_app_properties(prs, len(deck.pages))
    drop_thumbnail(prs)
    raw = io.BytesIO()
    prs.save(raw)
    stream.write(normalize_zip(raw.getvalue(), fixed_time(doc)))


def draw_deck(prs, deck: Deck, paint_background: bool = True) -> None:
    title_only, blank = pick_layouts(prs)
    for page in deck.pages:
        layout = title_only or blank
        slide = prs.slides.add_slide(layout)
        _clear_placeholders(slide, keep_title=title_only is not None)
        if paint_background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = RGBColor.from_string(page.background)
        draw_page(slide, page, deck)


def _clear_placeholders(slide, keep_title: bool) -> None:
    for ph in list(slide.placeholders):
        if keep_title and ph.placeholder_format.idx == 0:
            continue
        ph._element.getparent().remove(ph._element)


def draw_page(slide, page: Page, deck: Deck) -> None:
    font = deck.theme.font
    title_done = False
    for el in page.elements:
        if isinstance(el, TextBlock):
            if el.role == "title" and not title_done and _title_placeholder(slide) is not None:
                shape = _title_placeholder(slide)
                _place(shape, el.box)
                title_done = True
            elif el.fill or el.line:
                shape = slide.shapes.add_shape(SHAPES.get(el.shape, MSO_SHAPE.RECTANGLE),
                                               emu(el.box.x), emu(el.box.y), emu(el.box.w),
                                               emu(el.box.h))
                _plain_shape(shape, el.fill, el.line, 1.0)
                if el.shape == "rounded":
                    shape.adjustments[0] = 0.25
            else:
                shape = slide.shapes.add_textbox(emu(el.box.x), emu(el.box.y), emu(el.box.w),
                                                 emu(el.box.h))
            shape.name = _name(el, page)
            fill_text_frame(shape.text_frame, el, font, deck.theme.text,
                            slide_number=el.role == "number")
        elif isinstance(el, ShapeBox):
            _draw_shape(slide, el)
        elif isinstance(el, ChartFrame):
            add_chart(slide, el, font, deck.theme.rule)
        elif isinstance(el, TableFrame):
            add_table(slide, el, font)
        elif isinstance(el, ImageFrame):
            _draw_image(slide, el)
    if not title_done:
        ph = _title_placeholder(slide)
        if ph is not None:  # an empty placeholder would show "Click to add title"
            ph._element.getparent().remove(ph._element)
    if page.notes:
        slide.notes_slide.notes_text_frame.text = page.notes


def _title_placeholder(slide):
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == 0:
            return ph
    return None


def _place(shape, box) -> None:
    shape.left, shape.top = emu(box.x), emu(box.y)
    shape.width, shape.height = emu(box.w), emu(box.h)


def _name(el: TextBlock, page: Page) -> str:
    name = ROLE_NAMES.get(el.role, el.role.title())
    if el.role == "banner":
        name += " (top)" if el.box.y < SLIDE_HEIGHT / 2 else " (bottom)"
    return name


def _plain_shape(shape, fill: str | None, line: str | None, width: float) -> None:
    """An autoshape with only the fill and outline asked for (no theme style, no shadow)."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    else:
        shape.fill.background()
    if line:
        shape.line.color.rgb = RGBColor.from_string(line)
        shape.line.width = Pt(width)
    else:
        shape.line.fill.background()


def _draw_shape(slide, el: ShapeBox) -> None:
    b = el.box
    if el.shape == "line":
        conn = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(b.x), emu(b.y),
                                          emu(b.right), emu(b.bottom))
        style = conn._element.find(qn("p:style"))
        if style is not None:
            conn._element.remove(style)
        conn.line.color.rgb = RGBColor.from_string(el.line or "000000")
        conn.line.width = Pt(el.line_width)
        conn.name = "Line"
        return
    shape = slide.shapes.add_shape(SHAPES.get(el.shape, MSO_SHAPE.RECTANGLE), emu(b.x),
                                   emu(b.y), emu(b.w), emu(b.h))
    _plain_shape(shape, el.fill, el.line, el.line_width)
    shape.name = {"ellipse": "Marker"}.get(el.shape, "Decoration")


def _draw_image(slide, el: ImageFrame) -> None:
    b = el.box
    try:
        pic = slide.shapes.add_picture(str(el.path), emu(b.x), emu(b.y), emu(b.w), emu(b.h))
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot read image {el.path.name}: {exc}") from exc
    c_nv_pr = pic._element.nvPicPr.cNvPr
    c_nv_pr.set("descr", el.alt)
    c_nv_pr.set("name", "Picture")


__all__ = ["write_pptx", "draw_deck", "draw_page"]
