"""What every PDF of a briefing shares: page furniture, metadata, colours, paper sizes.

Every page of every PDF carries the classification banner top and bottom (when the document has
one), the title and as-of date bottom left and "3 / 12" bottom right, so a single page that goes
astray still says what it is, how it is handled and where it belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from briefing.charts.fonts import ensure_faces, register_fonts
from briefing.format.themes import Theme, load_theme
from briefing.layout.colors import legible
from briefing.layout.context import also_consulted, citation_order
from briefing.layout.paper_ink import paper_ink
from briefing.model import document as m
from briefing.render.pdf.tagging import artifact, language_span
from briefing.text.faces import width as face_width
from briefing.text.fonts import MAIN, font_runs, string_width

PAPER_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
PRODUCER = "Briefing Desk"

BANNER_HEIGHT = 16.0
FOOTER_SIZE = 8.0


def color(hex_code: str | None, default: str = "000000") -> Color:
    return HexColor("#" + (hex_code or default).lstrip("#"))


def paper_size(name: str) -> tuple[float, float]:
    try:
        return PAPER_SIZES[name.lower()]
    except KeyError:
        known = ", ".join(PAPER_SIZES)
        from briefing.errors import ExportError

        raise ExportError(f"unknown paper size {name!r}: use one of {known}") from None


def paper_theme(doc: m.Document, theme: Theme | None = None) -> Theme:
    """The export's theme for paper (`theme`, a template's; else the document's), unless it is
    a dark projection theme: ink on white. Paper is white, so a light tint meant for a
    projected background (a template's cream) is not painted behind the paper's charts."""
    if theme is None:
        try:
            theme = load_theme(doc.theme)
        except KeyError:
            theme = load_theme(None)
    if _luminance(theme.background) < 128:
        base = load_theme(None)
        if not theme.name.endswith("+template"):  # high-contrast: the default look on paper
            return base
        # a dark template (`template_theme`): its accent and series colours, with the default
        # theme's dark ink where it has light text for its dark slides
        theme = replace(theme, text=base.text, muted=base.muted, surface=base.surface,
                        rule=base.rule)
    return legible(replace(theme, background="FFFFFF"))


def _luminance(hex_code: str) -> float:
    c = hex_code.lstrip("#")
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


@dataclass(frozen=True)
class Furniture:
    """What goes around every page's content."""

    classification: str | None
    footer_left: str  # "Title · as of 19 January 2024"
    banner_fill: str
    banner_text: str
    footer_color: str
    marked: bool = False  # the document declares handling levels: banners name the page's

    @classmethod
    def for_document(cls, doc: m.Document, theme: Theme) -> Furniture:
        as_of = m.format_date(doc.as_of)
        ink = paper_ink(theme)  # the page is white paper, whatever the slides' background
        return cls(
            classification=(doc.classification or "").strip() or None,
            footer_left=f"{doc.title} \u00b7 as of {as_of}" if as_of else doc.title,
            banner_fill=ink.banner, banner_text=ink.banner_text, footer_color=ink.muted,
            marked=bool(doc.markings),
        )

    def banner(self, marking: str | None = None) -> str | None:
        """Banner text for a page whose highest marking is `marking`: "CLASS — LEVEL", as the
        slides' banners; the classification alone for a document without markings."""
        parts = [p for p in (self.classification, marking if self.marked else None) if p]
        return " \u2014 ".join(parts) if parts else None

    def has_banner(self) -> bool:
        return bool(self.classification or self.marked)

    def reserved_top(self) -> float:
        return BANNER_HEIGHT if self.has_banner() else 0.0

    def reserved_bottom(self) -> float:
        return (BANNER_HEIGHT if self.has_banner() else 0.0) + 16.0


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, *,
              bold: bool = False, italic: bool = False, align: str = "left",
              direction: str | None = None) -> float:
    """Draw one line in the embedded fonts (fallback face for Arabic script); returns width.

    `direction` is the paragraph's ("ltr"/"rtl") when the line is part of a longer text."""
    runs = font_runs(text, bold, italic, direction=direction)
    names = ensure_faces(runs)
    widths = [face_width(piece, font, size) for piece, font in runs]
    width = sum(widths)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    with language_span(canvas, text):
        for (piece, _font), name, piece_width in zip(runs, names, widths, strict=True):
            canvas.setFont(name, size)
            canvas.drawString(x, y, piece)
            x += piece_width
    return width


def fit_text(text: str, size: float, width: float, bold: bool = False) -> str:
    """`text` cut with an ellipsis so it fits `width` (for one-line footers): its longest
    prefix that fits with the ellipsis, found by halving (a 2,000-character title measured
    once per character took minutes), and remembered (per main font), since every page has
    the same footer."""
    return _fit_text(text, size, width, bold, MAIN.regular)


@lru_cache(maxsize=256)
def _fit_text(text: str, size: float, width: float, bold: bool, _main: str) -> str:
    if string_width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)  # text[:lo] + ellipsis fits (or lo == 0); text[:hi] + ellipsis not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if string_width(text[:mid] + "\u2026", size, bold) <= width:
            lo = mid
        else:
            hi = mid
    return text[:lo].rstrip() + "\u2026"


def draw_furniture(canvas: Canvas, furniture: Furniture, page: int, total: int,
                   page_w: float, page_h: float, margin: float = 36.0,
                   marking: str | None = None) -> None:
    """Banner top and bottom, footer line with title/as-of and 'page / total'; `marking` is
    the highest handling level present on the page (ignored without declared levels)."""
    register_fonts()
    with artifact(canvas, "Pagination"):
        _draw_furniture(canvas, furniture, page, total, page_w, page_h, margin, marking)


def _draw_furniture(canvas: Canvas, furniture: Furniture, page: int, total: int,
                    page_w: float, page_h: float, margin: float, marking: str | None) -> None:
    canvas.saveState()
    banner = furniture.banner(marking)
    if banner:
        for y in (page_h - BANNER_HEIGHT, 0.0):
            canvas.setFillColor(color(furniture.banner_fill))
            canvas.rect(0, y, page_w, BANNER_HEIGHT, stroke=0, fill=1)
            canvas.setFillColor(color(furniture.banner_text))
            draw_text(canvas, page_w / 2, y + 4.5, fit_text(banner, 9, page_w - 8, bold=True),
                      9, bold=True, align="center")
    footer_y = (BANNER_HEIGHT if furniture.has_banner() else 0.0) + 6.0
    canvas.setFillColor(color(furniture.footer_color))
    number = f"{page} / {total}" if total else str(page)
    num_w = draw_text(canvas, page_w - margin, footer_y, number, FOOTER_SIZE, align="right")
    room = page_w - 2 * margin - num_w - 12
    draw_text(canvas, margin, footer_y, fit_text(furniture.footer_left, FOOTER_SIZE, room),
              FOOTER_SIZE)
    canvas.restoreState()


def set_metadata(canvas: Canvas, doc: m.Document, subject: str) -> None:
    canvas.setTitle(doc.title)
    canvas.setAuthor(doc.author or "")
    canvas.setSubject(subject)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)


def new_canvas(stream, pagesize: tuple[float, float]) -> Canvas:
    """A deterministic canvas (fixed dates and IDs) whose default font is an embedded one."""
    register_fonts()
    return Canvas(stream, pagesize=pagesize, invariant=1, initialFontName=MAIN.regular,
                  initialFontSize=10, pageCompression=1)


def citation_numbers(doc: m.Document) -> dict[str, int]:
    """Source id -> endnote number: the layout's numbering of cited sources
    (`layout.citation_order`, by first citation: the deck's footnote numbers, so [3] means the
    same source on a slide and in the paper, a map's places included), then the uncited ones
    ("Also consulted", `layout.context.also_consulted`), as on the deck's sources slide."""
    order = [s.id for s in citation_order(doc)] + [s.id for s in also_consulted(doc)]
    return {sid: i + 1 for i, sid in enumerate(order)}
