"""Slides PDF and printable handouts, both drawn from the same layout as the PowerPoint deck.

The slides PDF has one landscape page per layout page, so it matches the deck slide for slide.
The handout draws those same pages as scaled vector thumbnails, 1, 2, 3, 4 or 6 to a portrait
sheet, as PowerPoint prints handouts: 3 per page with ruled lines for notes beside each slide,
1 per page with the speaker notes under it. Every sheet carries the classification banner, the
title and as-of date, and "3 / 12".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefing.errors import ExportError
from briefing.layout import Deck, Page, layout_document
from briefing.layout.geometry import Box
from briefing.layout.handout import GRIDS, NOTE_PITCH, handout_grid, handout_page
from briefing.model import document as m
from briefing.model.markings import highest
from briefing.progress import Progress, pages_done  # absolute: survives a move of this module
from briefing.render.pdf.common import (
    Furniture,
    color,
    draw_furniture,
    draw_text,
    new_canvas,
    paper_size,
    set_metadata,
)
from briefing.render.pdf.fonts import fallback_markup, prepare_document_faces
from briefing.render.pdf.slide import SlidePainter
from briefing.render.pdf.tagging import Element, Tagger, artifact, element_language, finish, tagged
from briefing.text.faces import MAIN

PER_PAGE_CHOICES = tuple(GRIDS)
MARGIN = 36.0  # left and right, as the footer's text
#: between the banners or the footer and the slides
SPACE = 18.0


def write_slides_pdf(doc: m.Document, stream: BinaryIO, *, base_dir: Path | None = None,
                     deck: Deck | None = None, progress: Progress | None = None) -> None:
    """One landscape page per slide of the deck, drawn from `briefing.layout` (`deck`: the
    document's layout when the caller has it already; `progress` hears of each page)."""
    deck = deck if deck is not None else layout_document(doc, base_dir=base_dir)
    prepare_document_faces(doc)
    untagged = io.BytesIO()
    canvas = new_canvas(untagged, (deck.width, deck.height))
    tagger = Tagger().attach(canvas)
    set_metadata(canvas, doc, doc.subtitle or "Slides")
    painter = SlidePainter(deck)
    entries = outline_entries(deck)
    for done, page in enumerate(deck.pages):
        pages_done(progress, done, len(deck.pages))
        if page.number in entries:
            _bookmark(canvas, f"slide-{page.number}", entries[page.number])
        painter.draw_page(canvas, page)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    finish(untagged.getvalue(), tagger, stream)


def outline_entries(deck: Deck) -> dict[int, str]:
    """Page number -> outline title: the first page of every section (and title, agenda,
    sources); continuation pages get none."""
    entries: dict[int, str] = {}
    seen: set[str] = set()
    for page in deck.pages:
        key = page.section_id or f"{page.kind}:{page.number}"
        if key in seen or getattr(page, "continued", False):
            continue
        seen.add(key)
        title = page.title.removesuffix(" (cont.)")
        entries[page.number] = title
    return entries


def _bookmark(canvas: Canvas, key: str, title: str) -> None:
    canvas.bookmarkPage(key)
    canvas.addOutlineEntry(title, key, level=0)


# --- handout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """Where one slide goes on a handout sheet (bottom-left origin, points), and what is beside
    or under it: ruled note lines (3 per page) or the speaker notes (1 per page)."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[float, float, float, float] | None = None  # x, y, w, h of the ruled area
    notes: tuple[float, float, float, float] | None = None  # x, y, w, h of the notes area


def handout_slots(per_page: int, page_w: float, page_h: float, furniture: Furniture,
                  aspect: float = 540 / 960) -> list[Slot]:
    """The slide positions on one sheet, in reading order (left to right, top to bottom): the
    layout's grid (`briefing.layout.handout.handout_grid`) in the printable area inside the
    margins, the banners and the footer, turned to the PDF's bottom-left origin."""
    if per_page not in PER_PAGE_CHOICES:
        choices = ", ".join(str(n) for n in PER_PAGE_CHOICES)
        raise ExportError(f"handout: {per_page} slides per page is not possible; "
                          f"choose one of {choices}")
    top = furniture.reserved_top() + SPACE
    area = Box(MARGIN, top, page_w - 2 * MARGIN,
               page_h - top - furniture.reserved_bottom() - SPACE)

    def flipped(box: Box | None) -> tuple[float, float, float, float] | None:
        return None if box is None else (box.x, page_h - box.bottom, box.w, box.h)

    slots = []
    for slot in handout_grid(per_page, area, aspect):
        x, y, w, h = flipped(slot.slide)
        slots.append(Slot(x, y, w, h, lines=flipped(slot.lines), notes=flipped(slot.notes)))
    return slots


def write_handout_pdf(doc: m.Document, stream: BinaryIO, *, per_page: int = 6,
                      paper_size: str = "a4", base_dir: Path | None = None,
                      deck: Deck | None = None, progress: Progress | None = None) -> None:
    """Slides as vector thumbnails `per_page` to a portrait sheet of `paper_size` (`progress`
    hears of each sheet, counted in the slides on the sheets done)."""
    size = _paper(paper_size)
    deck = deck if deck is not None else layout_document(doc, base_dir=base_dir)
    furniture = Furniture.for_document(doc, deck.theme)
    slots = handout_slots(per_page, size[0], size[1], furniture, deck.height / deck.width)
    sheets = [deck.pages[i:i + per_page] for i in range(0, len(deck.pages), per_page)] or [[]]
    prepare_document_faces(doc)
    untagged = io.BytesIO()
    canvas = new_canvas(untagged, size)
    tagger = Tagger().attach(canvas)
    set_metadata(canvas, doc, doc.subtitle or f"Handout, {per_page} slides per page")
    painter = SlidePainter(deck)
    entries = outline_entries(deck)
    muted = _paper_muted(deck)
    for number, pages in enumerate(sheets, start=1):
        pages_done(progress, (number - 1) * per_page, len(deck.pages))
        for page in pages:
            if page.number in entries:
                _bookmark(canvas, f"slide-{page.number}", entries[page.number])
        for page, slot in zip(pages, slots, strict=False):
            slide = _thumbnail(canvas, painter, page, slot)  # then what is beside or under it
            if slot.lines:
                with artifact(canvas):
                    _ruled_lines(canvas, slot.lines, muted)
            if slot.notes:
                _notes(canvas, page.notes, slot.notes, muted, pointer=page.continued,
                       parent=slide)
        draw_furniture(canvas, furniture, number, len(sheets), size[0], size[1], margin=MARGIN,
                       marking=sheet_marking(doc, pages))
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    finish(untagged.getvalue(), tagger, stream)


def sheet_marking(doc: m.Document, pages: list[Page]) -> str | None:
    """The highest marking of the slides on one handout sheet (each slide's is its roll-up)."""
    return highest(doc, [page.marking for page in pages])


def _paper(name: str) -> tuple[float, float]:
    return paper_size(name)


def _paper_muted(deck: Deck) -> str:
    return "8A96A3"


def _thumbnail(canvas: Canvas, painter: SlidePainter, page: Page,
               slot: Slot) -> Element | None:
    scale = slot.w / painter.deck.width
    canvas.saveState()
    canvas.translate(slot.x, slot.y)
    canvas.scale(scale, scale)
    sect = painter.draw_page(canvas, handout_page(page, scale))  # charts legible printed
    canvas.restoreState()
    with artifact(canvas):
        canvas.saveState()
        canvas.setStrokeColor(color("9AA5B1"))
        canvas.setLineWidth(0.5)
        canvas.rect(slot.x, slot.y, slot.w, slot.h, stroke=1, fill=0)
        canvas.restoreState()
    return sect


def _ruled_lines(canvas: Canvas, area: tuple[float, float, float, float], muted: str) -> None:
    x, y, w, h = area
    canvas.saveState()
    canvas.setStrokeColor(color("B8C2CC"))
    canvas.setLineWidth(0.5)
    pitch = NOTE_PITCH
    count = int(h // pitch)
    top = y + h
    for i in range(1, count + 1):
        canvas.line(x, top - i * pitch, x + w, top - i * pitch)
    canvas.restoreState()


def _notes(canvas: Canvas, notes: str, area: tuple[float, float, float, float],
           muted: str, *, pointer: bool = False, parent: Element | None = None) -> None:
    """Speaker notes under the slide, shrunk to fit (down to 8 pt), cut with '…' past that.

    A continuation slide's notes are only the layout's pointer back to the section's first
    slide: drawn small and muted, with ruled lines below for the reader's own notes (as under
    a slide without notes), so the sheet does not look like a second copy of the notes."""
    x, y, w, h = area
    canvas.saveState()
    canvas.setFillColor(color("52606D"))
    text = (notes or "").strip()
    label = parent.add("P") if parent is not None and text else None
    lang = element_language(text)  # Persian notes: drawn shaped, so also given as written
    body = parent.add("P", lang=lang, actual=text if lang else None) \
        if parent is not None and text else None
    with artifact(canvas) if label is None else tagged(canvas, label):
        draw_text(canvas, x, y + h - 10, "Speaker notes", 10, bold=True)
    body_top = h - 22
    if not text or pointer:
        if text:
            para = _notes_paragraph(text, 10.0, italic=True, text_color="52606D")
            _pw, ph = para.wrap(w, body_top)
            with tagged(canvas, body):
                para.drawOn(canvas, x, y + body_top - ph)
            body_top -= ph
        with artifact(canvas):
            canvas.setStrokeColor(color("B8C2CC"))
            canvas.setLineWidth(0.5)
            for i in range(1, int(body_top // 22) + 1):
                canvas.line(x, y + body_top - i * 22, x + w, y + body_top - i * 22)
        canvas.restoreState()
        return
    for size in (11.0, 10.0, 9.0, 8.0):
        para = _notes_paragraph(text, size)
        _pw, ph = para.wrap(w, body_top)
        if ph <= body_top:
            break
    else:
        words = text.split()
        while words:
            words = words[:-max(1, len(words) // 20)]
            para = _notes_paragraph(" ".join(words) + " \u2026 (continued in the deck)", 8.0)
            _pw, ph = para.wrap(w, body_top)
            if ph <= body_top:
                break
    with tagged(canvas, body):
        para.drawOn(canvas, x, y + body_top - ph)
    canvas.restoreState()


def _notes_paragraph(text: str, size: float, *, italic: bool = False,
                    text_color: str = "1F2933") -> Paragraph:
    style = ParagraphStyle("notes", fontName=MAIN.italic if italic else MAIN.regular,
                           fontSize=size, leading=size * 1.35, textColor=color(text_color),
                           spaceAfter=size * 0.4)
    body = "<br/>".join(fallback_markup(line) for line in text.splitlines())
    return Paragraph(body, style)
