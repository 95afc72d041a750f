"""The PowerPoint deck: every layout Page drawn as an editable slide.

Text boxes, native charts and tables, pictures with alt text, speaker notes, a slide-number
field; all geometry comes from `briefing.layout`, which has already measured every text. The
package is made reproducible by `pptx_package` (same briefing -> same bytes).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.errors import ExportError
from briefing.format.themes import load_theme
from briefing.layout import (
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
from briefing.layout.alttext import alt_text, decorative
from briefing.layout.geometry import MapFrame, MapPath
from briefing.layout.reading import reading_order
from briefing.model.document import Document
from briefing.progress import Progress, pages_done  # absolute: survives a move of this module
from briefing.render.pptx.chart import add_chart
from briefing.render.pptx.clean import CleanTemplate
from briefing.render.pptx.drawingml import (
    add_xml,
    autoshape_xml,
    connector_xml,
    next_shape_id,
    textbox_xml,
)
from briefing.render.pptx.masters import fit_to_slide, hide_in_the_way
from briefing.render.pptx.package import (
    FinishedSlidePart,
    drop_thumbnail,
    fixed_time,
    normalize_zip,
    set_app_properties,
    set_core_properties,
    set_notes,
    speed_up_partnames,
)
from briefing.render.pptx.table import add_table
from briefing.render.pptx.template import open_presentation, pick_layouts, template_look
from briefing.render.pptx.text import emu, fill_text_frame
from briefing.text.faces import using_main

ROLE_NAMES = {"banner": "Classification banner", "title": "Title", "footer": "Footer",
              "number": "Slide number", "footnote": "Sources line", "tag": "Tag",
              "body": "Text", "caption": "Caption", "quote": "Quote", "agenda": "Agenda", "label": "Numbers"}


def write_pptx(doc: Document, stream: BinaryIO, *, template: Path | CleanTemplate | None = None,
               base_dir: Path | None = None, deck: Deck | None = None,
               progress: Progress | None = None) -> None:
    """Write the briefing as a .pptx to `stream` (a binary file object).

    `template` is a corporate .pptx, or the clean package `pptx_clean.clean_template` made of
    it (what an export does, to report what it removed); its look wins over the briefing's
    theme (`template_look`). `deck` is this document's layout when the caller already has it
    (an export writing the PDFs too); it is used when it was laid out in the same theme.
    `progress` hears of each slide written."""
    prs = open_presentation(template)
    name = template.path.name if isinstance(template, CleanTemplate) else \
        Path(template).name if template is not None else ""
    main = heading = None  # the main font (`briefing.text.faces.using_main`): Liberation
    if template is not None:  # Sans, or the template's font, measured with and named; and
        look = template_look(prs, doc.theme, name)  # its heading font, if another
        theme, main = look.theme, look.main_font.faces
        heading = look.heading_font.faces if look.heading_font is not None else None
    else:
        try:
            theme = load_theme(doc.theme)
        except KeyError as exc:
            raise ExportError(str(exc.args[0])) from exc
    with using_main(main, heading):
        _write_deck(doc, stream, prs, theme, template, base_dir, deck, progress)


def _write_deck(doc: Document, stream: BinaryIO, prs, theme, template, base_dir: Path | None,
                deck: Deck | None, progress: Progress | None) -> None:
    """`write_pptx` once the theme and the main font are known."""
    if deck is None or deck.theme != theme:
        deck = layout_document(doc, theme, base_dir=base_dir)
    if deck.problems:
        raise ExportError("cannot export the deck: " + "; ".join(deck.problems)
                          + ". Fix the path, or set include: false on the section.")
    speed_up_partnames(prs)
    if template is not None:  # its masters and layouts at the deck's size, then the deck's;
        fit_to_slide(prs)  # its shapes in the deck's
        hide_in_the_way(prs)  # way hidden (`template_look` said so)
    prs.slide_width = emu(SLIDE_WIDTH)
    prs.slide_height = emu(SLIDE_HEIGHT)
    draw_deck(prs, deck, paint_background=template is None, progress=progress)
    set_core_properties(prs, doc)
    set_app_properties(prs, len(deck.pages))
    drop_thumbnail(prs)
    raw = io.BytesIO()
    prs.save(raw)
    stream.write(normalize_zip(raw.getvalue(), fixed_time(doc)))


def draw_deck(prs, deck: Deck, paint_background: bool = True,
              progress: Progress | None = None) -> None:
    layouts = pick_layouts(prs)
    if paint_background:  # no corporate template: python-pptx's own "Section Header" (all
        # capitals, its own places) is no look of ours; the slide is drawn in the theme
        layouts = replace(layouts, section_header=None)
    add_slide = _SlideAdder(prs)
    for done, page in enumerate(deck.pages):
        pages_done(progress, done, len(deck.pages))
        slide = add_slide(layouts.for_page(page.kind))
        _clear_placeholders(slide, page)
        if paint_background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = RGBColor.from_string(page.background)
        draw_page(slide, page, deck)
        slide.part.finish()  # its XML as bytes from here: one slide's tree in memory at a time


class _SlideAdder:
    """`prs.slides.add_slide` without its rescan of every slide id for each new slide (that made
    a long deck quadratic): the same ids, counted on; each slide a `FinishedSlidePart`."""

    def __init__(self, prs) -> None:
        self.prs = prs
        self.ids = prs.slides.element
        self.next_id = self.ids._next_id

    def __call__(self, layout):
        part = self.prs.part  # as `PresentationPart.add_slide`, with our slide part class
        slide_part = FinishedSlidePart.new(part._next_slide_partname, part.package, layout.part)
        r_id = part.relate_to(slide_part, RT.SLIDE)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self.ids._add_sldId(id=self.next_id, rId=r_id)
        self.next_id += 1
        return slide


def _clear_placeholders(slide, page: Page | None = None) -> None:
    """Keep only the placeholders the page fills (its title, a cover's subtitle, a section
    header's body): an empty one would say "Click to add text"; what is not filled is removed
    again in `draw_page`."""
    filled = _FILLED | ({PP_PLACEHOLDER.BODY} if page is not None and
                        page.kind == "section_header" else set())
    for ph in list(slide.placeholders):
        if ph.placeholder_format.type not in filled:
            ph.element.getparent().remove(ph.element)


_FILLED = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE}


def draw_page(slide, page: Page, deck: Deck) -> None:
    """Every element of the page as a shape on `slide`, in reading order (`layout.reading`);
    text, shapes and tables are written as XML in one piece (`pptx_xml`), charts and pictures
    through python-pptx (they are parts). Charts, tables and pictures carry their alternative
    text (`layout.alttext`), rules and bars are marked decorative, every run its language."""
    font, text_color, lang = deck.theme.font, deck.theme.text, deck.language
    heading = deck.theme.heading_font  # titles' family, where the template has its own
    # what we add are never placeholders; the title (and a cover's subtitle) go into the
    # layout's own, so they show in PowerPoint's outline and take the template's place
    body = {_SUBTITLE, PP_PLACEHOLDER.BODY} if page.kind == "section_header" else {_SUBTITLE}
    free = {"title": _placeholder(slide, _TITLES), "body": _placeholder(slide, body)}
    for el in reading_order(page):
        if isinstance(el, TextBlock):
            number = el.role == "number"
            placeholder = free.pop(el.role, None) if el.role in free else None
            if placeholder is not None:
                _place(placeholder, el.box)
                placeholder.name = _name(el, page)
                fill_text_frame(placeholder.text_frame, el, font, text_color,
                                slide_number=number, lang=lang, heading_font=heading)
            elif el.fill or el.line:
                add_xml(slide, autoshape_xml(next_shape_id(slide), _name(el, page), el.shape,
                                             el.box, el.fill, el.line, 1.0, el, font,
                                             text_color, slide_number=number, lang=lang,
                                             heading_font=heading))
            else:
                add_xml(slide, textbox_xml(next_shape_id(slide), _name(el, page), el, font,
                                           text_color, slide_number=number, lang=lang,
                                           heading_font=heading))
        elif isinstance(el, ShapeBox):
            _draw_shape(slide, el)
        elif isinstance(el, ChartFrame):
            gf = add_chart(slide, el, font, deck.theme.rule)
            gf.element.nvGraphicFramePr.cNvPr.set("descr", alt_text(el, page.title))
        elif isinstance(el, TableFrame):
            add_table(slide, el, font, descr=alt_text(el, page.title), lang=lang)
        elif isinstance(el, ImageFrame):
            _draw_image(slide, el, alt_text(el, page.title))
        elif isinstance(el, MapFrame):
            _draw_map(slide, el, page, deck)
    for unused in free.values():  # empty, it would say "Click to add title"
        if unused is not None:
            unused.element.getparent().remove(unused.element)
    if page.notes:
        set_notes(slide, page.notes)


_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_SUBTITLE = PP_PLACEHOLDER.SUBTITLE


def _placeholder(slide, kinds: set):
    for ph in slide.placeholders:
        if ph.placeholder_format.type in kinds:
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


def _draw_shape(slide, el: ShapeBox) -> None:
    if el.shape == "line":
        add_xml(slide, connector_xml(next_shape_id(slide), el.box, el.line or "000000",
                                     el.line_width))
        return
    add_xml(slide, autoshape_xml(next_shape_id(slide), {"ellipse": "Marker"}.get(el.shape,
                                 "Decoration"), el.shape, el.box, el.fill, el.line,
                                 el.line_width, decorative=decorative(el)))


class _Into:
    """A group standing in for a slide: what `add_xml` and `_draw_shape` add goes into it."""

    def __init__(self, group) -> None:
        self.shapes = group.shapes


def _draw_map(slide, el: MapFrame, page: Page, deck: Deck) -> None:
    """The map as one group of native shapes: freeform countries, shapes, real text."""
    from briefing.render.pptx.freeform import add_outline, set_group_frame

    group = slide.shapes.add_group_shape()
    group.name = "Map"
    group.element.nvGrpSpPr.cNvPr.set("descr", el.alt)
    into = _Into(group)
    font, text_color = deck.theme.font, deck.theme.text
    for item in el.items:
        if isinstance(item, MapPath):
            add_outline(group.shapes, item)
        elif isinstance(item, ShapeBox):
            _draw_shape(into, item)
        elif item.fill or item.line:
            add_xml(into, autoshape_xml(next_shape_id(slide), _name(item, page), item.shape,
                                        item.box, item.fill, item.line, 1.0, item, font,
                                        text_color))
        else:
            add_xml(into, textbox_xml(next_shape_id(slide), _name(item, page), item, font,
                                      text_color))
    set_group_frame(group, el.box)


def _draw_image(slide, el: ImageFrame, descr: str) -> None:
    """The prepared picture (`briefing.layout.pictures`), never the file: no metadata goes into the
    deck, and a huge picture goes in at the size it is drawn."""
    from briefing.layout.pictures import load_picture

    b = el.box
    picture = el.picture or load_picture(el.path)
    if picture is None:
        raise ExportError(f"cannot read image {el.path.name}: the file is missing, damaged or "
                          "not an image")
    try:
        pic = slide.shapes.add_picture(picture.stream(), emu(b.x), emu(b.y), emu(b.w),
                                       emu(b.h))
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot read image {el.path.name}: {exc}") from exc
    c_nv_pr = pic.element.nvPicPr.cNvPr
    c_nv_pr.set("descr", descr)
    c_nv_pr.set("name", "Picture")


__all__ = ["write_pptx", "draw_deck", "draw_page"]
