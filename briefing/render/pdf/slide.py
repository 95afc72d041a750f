"""Drawing one laid-out slide (`briefing.layout.Page`) on a ReportLab canvas.

The layout has placed and measured everything; this module only paints it, element by element,
at the boxes and sizes given, breaking lines exactly where `briefing.text.metrics` says, so the
PDF slide matches the PowerPoint slide. Geometry arrives top-left based in points; the canvas is
bottom-left based, so every y goes through `_y`.

The caller positions the slide with canvas transforms (translate/scale) before calling
`draw_page`: the handout draws the very same vectors, only smaller.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from briefing.charts.cache import chart_drawing
from briefing.charts.fonts import drawn_names, ensure_drawing_faces, register_fonts
from briefing.layout import ChartFrame, Deck, ImageFrame, Page, ShapeBox, TableFrame, TextBlock
from briefing.layout.alttext import alt_text
from briefing.layout.geometry import MapFrame, MapPath
from briefing.layout.markup import cell_runs
from briefing.render.pdf.common import color, draw_text
from briefing.render.pdf.tagging import Element, Tagger, artifact, element_language, tagged
from briefing.text import metrics as tm
from briefing.text.bidi import paragraph_direction, visual_pieces
from briefing.text.faces import as_heading

if TYPE_CHECKING:
    from briefing.layout.pictures import Picture


def draw_chart(drawing, canvas: Canvas, x: float, y: float) -> None:
    """`renderPDF.draw` of a cached chart drawing, one at a time: ReportLab's renderer marks
    each node of the drawing it walks (`_parent`), so two threads printing the same cached
    drawing at once (an export and a printed handout) would trip over each other."""
    register_fonts()
    names = ensure_drawing_faces(drawing)
    with _RENDER_LOCK, drawn_names(drawing, names):
        renderPDF.draw(drawing, canvas, x, y)


_RENDER_LOCK = threading.Lock()


#: what a text block of each layout role is to a screen reader; roles not named here are
#: page furniture (banner, footer, slide number), drawn as artifacts
_TEXT_ROLES = {"title": "H2", "body": "P", "caption": "Caption", "note": "P", "tag": "P",
               "footnote": "Note", "agenda": "P", "quote": "BlockQuote"}


ASCENT = 0.905  # Liberation Sans, in em: where the baseline sits below the top of a line
DESCENT = 0.212


@dataclass
class SlidePainter:
    """Paints pages of one deck, each element as the layout placed it (the slide number
    says "3 / 12" because the layout wrote it so: `layout.frame.with_total`)."""

    deck: Deck

    @property
    def height(self) -> float:
        return self.deck.height

    def _y(self, y: float) -> float:
        return self.height - y

    def draw_page(self, canvas: Canvas, page: Page,
                  parent: Element | None = None) -> Element | None:
        """Paint `page`; on a tagged canvas its content goes in a `Sect` under `parent` (the
        document by default), in the layout's order: title, content, then the furniture; the
        `Sect` is returned (a handout adds the slide's notes to it)."""
        tagger = Tagger.of(canvas)
        sect = None
        if tagger is not None:
            sect = (parent or tagger.root).add("Sect")
        canvas.saveState()
        with artifact(canvas):
            path = canvas.beginPath()
            path.rect(0, 0, self.deck.width, self.deck.height)
            canvas.clipPath(path, stroke=0, fill=0)
            canvas.setFillColor(color(page.background or self.deck.theme.background))
            canvas.rect(0, 0, self.deck.width, self.deck.height, stroke=0, fill=1)
        for element in page.elements:
            if isinstance(element, TextBlock):
                self._text(canvas, element, page, sect)
            elif isinstance(element, ShapeBox):
                with artifact(canvas):
                    self._shape(canvas, element)
            elif isinstance(element, ChartFrame):
                figure = sect.add("Figure", alt=alt_text(element, page.title)) if sect else None
                with tagged(canvas, figure):
                    self._chart(canvas, element)
            elif isinstance(element, TableFrame):
                self._table(canvas, element, sect)
            elif isinstance(element, ImageFrame):
                figure = sect.add("Figure", alt=alt_text(element, page.title)) if sect else None
                with tagged(canvas, figure):
                    self._image(canvas, element)
            elif isinstance(element, MapFrame):
                figure = sect.add("Figure", alt=element.alt) if sect else None
                with tagged(canvas, figure):
                    self.draw_map(canvas, element, page)
        canvas.restoreState()
        return sect

    def _paragraph_elements(self, block: TextBlock, page: Page,
                            sect: Element | None) -> list[Element | None]:
        """One structure element per paragraph of `block` (None: an artifact): a heading for
        the title (H1 on the title slide), list items grouped in a list, paragraphs."""
        if sect is None:
            return [None] * len(block.paragraphs)
        role = _TEXT_ROLES.get(block.role)
        if block.role == "title":
            role = "H1" if page.kind == "title" else "H2"
        if role is None:
            return [None] * len(block.paragraphs)
        if role.startswith("H"):
            text = " ".join(p.text for p in block.paragraphs)
            heading = sect.add(role, title=text, lang=element_language(text))
            return [heading] * len(block.paragraphs)
        out: list[Element | None] = []
        holder = sect.add(role) if role in ("BlockQuote", "Note") else sect
        current_list: Element | None = None
        for p in block.paragraphs:
            lang = element_language(p.text)
            if p.bullet:
                if current_list is None:
                    current_list = holder.add("L")
                item = current_list.add("LI")
                out.append(item.add("LBody", lang=lang))
            else:
                current_list = None
                out.append(holder.add("P", lang=lang))
        return out

    def draw_elements(self, canvas: Canvas, elements: list, page: Page) -> None:
        """Text blocks and shapes outside a slide (the paper's key-figures bands), in the
        deck's coordinates: the caller places and scales the canvas."""
        for element in elements:
            if isinstance(element, TextBlock):
                self._text(canvas, element, page)
            elif isinstance(element, ShapeBox):
                self._shape(canvas, element)

    def draw_map(self, canvas: Canvas, frame: MapFrame, page: Page) -> None:
        """The map's items in order, clipped to its frame: outlines as vector paths."""
        canvas.saveState()
        b = frame.box
        clip = canvas.beginPath()
        clip.rect(b.x, self._y(b.bottom), b.w, b.h)
        canvas.clipPath(clip, stroke=0, fill=0)
        for item in frame.items:
            if isinstance(item, MapPath):
                self._outline(canvas, item)
            elif isinstance(item, ShapeBox):
                self._shape(canvas, item)
            else:
                self._text(canvas, item, page)
        canvas.restoreState()

    def _outline(self, canvas: Canvas, outline: MapPath) -> None:
        path = canvas.beginPath()
        for ring in outline.rings:
            path.moveTo(ring[0][0], self._y(ring[0][1]))
            for x, y in ring[1:]:
                path.lineTo(x, self._y(y))
            path.close()
        if outline.fill:
            canvas.setFillColor(color(outline.fill))
        if outline.line:
            canvas.setStrokeColor(color(outline.line))
            canvas.setLineWidth(outline.line_width)
            canvas.setLineJoin(1)
        canvas.drawPath(path, stroke=1 if outline.line else 0, fill=1 if outline.fill else 0,
                        fillMode=0)

    # --- text ---------------------------------------------------------------------------------

    def _text(self, canvas: Canvas, block: TextBlock, page: Page,
              sect: Element | None = None) -> None:
        if sect is not None and block.role not in _TEXT_ROLES and block.role != "title":
            with artifact(canvas, "Pagination"):
                self._draw_text(canvas, block, page, [None] * len(block.paragraphs))
            return
        self._draw_text(canvas, block, page, self._paragraph_elements(block, page, sect))

    def _draw_text(self, canvas: Canvas, block: TextBlock, page: Page,
                   elements: list[Element | None]) -> None:
        box = block.box
        if block.fill or getattr(block, "line", None):
            with artifact(canvas):
                canvas.setFillColor(color(block.fill or "FFFFFF"))
                stroke = 0
                if getattr(block, "line", None):
                    canvas.setStrokeColor(color(block.line))
                    canvas.setLineWidth(1)
                    stroke = 1
                canvas.rect(box.x, self._y(box.bottom), box.w, box.h, stroke=stroke,
                            fill=1 if block.fill else 0)
        paragraphs = block.paragraphs
        cw = box.w - 2 * block.padding
        laid = [(p, tm.paragraph_lines(p, cw)) for p in paragraphs]
        text_h = sum((0.0 if k == 0 else p.space_before) + len(lines) * p.size * p.line_height
                     for k, (p, lines) in enumerate(laid))
        free = box.h - 2 * block.padding - text_h
        offset = {"middle": free / 2, "bottom": free}.get(block.anchor, 0.0)
        top = box.y + block.padding + max(offset, 0.0) if block.anchor != "top" else \
            box.y + block.padding
        left = box.x + block.padding
        for k, (p, lines) in enumerate(laid):
            if k:
                top += p.space_before
            with tagged(canvas, elements[k] if k < len(elements) else None):
                top = self._paragraph(canvas, p, lines, top, left, cw)

    def _paragraph(self, canvas: Canvas, p, lines, top: float, left: float,
                   cw: float) -> float:
        """Draw one laid-out paragraph whose first line's top is at `top`; the next top. A
        title's is drawn in the heading font, as the layout measured it."""
        if getattr(p, "heading", False):
            with as_heading():
                return self._lines(canvas, p, lines, top, left, cw)
        return self._lines(canvas, p, lines, top, left, cw)

    def _lines(self, canvas: Canvas, p, lines, top: float, left: float, cw: float) -> float:
        default = self.deck.theme.text
        pitch = p.size * p.line_height
        direction = p.reading_direction  # the layout's, if it says
        for li, line in enumerate(lines):
            baseline = top + (pitch - (ASCENT + DESCENT) * p.size) / 2 + ASCENT * p.size
            x0 = left + p.indent
            avail = cw - p.indent
            if p.align == "center":
                x0 += (avail - line.width) / 2
            elif p.align == "right":
                x0 += avail - line.width
            if li == 0 and p.bullet:
                canvas.setFillColor(color(p.color or default))
                draw_text(canvas, left + p.bullet_offset, self._y(baseline), p.bullet_char,
                          p.size)
            x = x0
            for run_index, piece, way in _drawn_pieces(line.shown_pieces, direction):
                run = p.runs[run_index]
                canvas.setFillColor(color(run.color or p.color or default))
                x += draw_text(canvas, x, self._y(baseline), piece, p.size, bold=run.bold,
                               italic=run.italic, direction=way)
            top += pitch
        return top

    # --- shapes, charts, tables, images -------------------------------------------------------

    def _shape(self, canvas: Canvas, shape: ShapeBox) -> None:
        b = shape.box
        fill = 1 if shape.fill else 0
        stroke = 1 if shape.line else 0
        if shape.fill:
            canvas.setFillColor(color(shape.fill))
        if shape.line:
            canvas.setStrokeColor(color(shape.line))
            canvas.setLineWidth(shape.line_width)
        if shape.shape == "line":
            canvas.setStrokeColor(color(shape.line or shape.fill or self.deck.theme.text))
            canvas.setLineWidth(shape.line_width)
            canvas.line(b.x, self._y(b.y), b.x + b.w, self._y(b.y + b.h))
        elif shape.shape == "ellipse":
            canvas.ellipse(b.x, self._y(b.bottom), b.right, self._y(b.y), stroke=stroke, fill=fill)
        elif shape.shape == "rounded":
            canvas.roundRect(b.x, self._y(b.bottom), b.w, b.h, min(b.w, b.h) * 0.2,
                             stroke=stroke, fill=fill)
        elif fill or stroke:
            canvas.rect(b.x, self._y(b.bottom), b.w, b.h, stroke=stroke, fill=fill)

    def _chart(self, canvas: Canvas, frame: ChartFrame) -> None:
        b = frame.box
        drawing = chart_drawing(frame.chart, self.deck.theme, b.w, b.h, frame.title,
                                font_size=frame.font_size, axis_max=frame.axis_max)
        draw_chart(drawing, canvas, b.x, self._y(b.bottom))

    def _table(self, canvas: Canvas, t: TableFrame, sect: Element | None = None) -> None:
        """Cells as TH (header row) and TD in rows (TR) of a Table; fills and rules are
        artifacts."""
        table = sect.add("Table") if sect is not None else None
        b = t.box
        size = t.font_size
        widths = t.col_widths
        rows = [(t.columns, t.header_height, True)]
        rows += [(r, h, False) for r, h in zip(t.rows, t.row_heights, strict=False)]
        y = b.y
        border = t.border
        for index, (cells, h, header) in enumerate(rows):
            fill = t.header_fill if header else (t.stripe_fill if index % 2 == 0 else None)
            if fill:
                with artifact(canvas):
                    canvas.setFillColor(color(fill))
                    canvas.rect(b.x, self._y(y + h), sum(widths), h, stroke=0, fill=1)
            row = table.add("TR") if table is not None else None
            x = b.x
            text_color = t.header_text_color if header else t.text_color
            for ci, width in enumerate(widths):
                text = cells[ci] if ci < len(cells) else ""
                runs = cell_runs(text, header)  # the cell's markup, as the layout measured it
                lines = tm.wrap(runs, (width - 2 * t.cell_padding_x) * tm.WIDTH_SAFETY, size)
                top = y + t.cell_padding_y
                cell = row.add("TH" if header else "TD", lang=element_language(text)) \
                    if row is not None else None
                with tagged(canvas, cell):
                    canvas.setFillColor(color(text_color))
                    top = self._cell_lines(canvas, lines, runs, x, top, t)
                x += width
            y += h
        if border:
            with artifact(canvas):
                self._table_rules(canvas, t, rows)

    def _cell_lines(self, canvas: Canvas, lines, runs, x: float, top: float,
                    t: TableFrame) -> float:
        size, lh = t.font_size, t.line_height
        # every line of a cell in the cell's direction, not each line its first letter's
        direction = paragraph_direction("".join(run.text for run in runs))
        for line in lines:
            base = top + (size * lh - (ASCENT + DESCENT) * size) / 2 + ASCENT * size
            lx = x + t.cell_padding_x
            for run_index, piece, way in _drawn_pieces(line.shown_pieces, direction):
                run = runs[run_index]
                lx += draw_text(canvas, lx, self._y(base), piece, size, bold=run.bold,
                                italic=run.italic, direction=way)
            top += size * lh
        return top

    def _table_rules(self, canvas: Canvas, t: TableFrame, rows) -> None:
        b, widths, border = t.box, t.col_widths, t.border
        canvas.setStrokeColor(color(border))
        canvas.setLineWidth(0.75)
        y = b.y
        for _cells, h, _header in rows:
            y += h
            canvas.line(b.x, self._y(y), b.x + sum(widths), self._y(y))
        canvas.rect(b.x, self._y(y), sum(widths), y - b.y, stroke=1, fill=0)
        x = b.x
        for width in widths[:-1]:
            x += width
            canvas.line(x, self._y(b.y), x, self._y(y))

    def _image(self, canvas: Canvas, frame: ImageFrame) -> None:
        """The prepared picture (`briefing.layout.pictures`): small, and without the file's metadata."""
        from briefing.layout.pictures import load_picture

        b = frame.box
        picture = frame.picture or load_picture(frame.path)
        reader = picture_reader(picture) if picture is not None else None
        if reader is None:  # unreadable file: say so on the slide rather than fail the export
            canvas.setFillColor(color(self.deck.theme.muted))
            draw_text(canvas, b.x + b.w / 2, self._y(b.y + b.h / 2),
                      f"Image not available: {frame.path.name}", 14, italic=True,
                      align="center")
            return
        canvas.drawImage(reader, b.x, self._y(b.bottom), b.w, b.h, preserveAspectRatio=True,
                         anchor="c", mask="auto")


@functools.lru_cache(maxsize=2)
def _drawn_pieces(shown: list[tuple[int, str]], direction: str
                  ) -> list[tuple[int, str, str]]:
    """A laid-out line's pieces ((run index, text), a soft hyphen's break shown) as drawn,
    left to right: (run index, text in reading order, its direction), the line reordered as
    a whole (`bidi.visual_pieces`)."""
    return [(shown[k][0], text, way)
            for k, text, way in visual_pieces([piece for _run, piece in shown], direction)]


def picture_reader(picture: Picture) -> ImageReader | None:
    """ReportLab's reader of a prepared picture, kept for the next draws: a reader decodes its
    pixels once, so a picture that ten slides show is decoded once per export, not thirty
    times (slides, handout, paper); two kept readers hold at most about 40 MB."""
    try:
        reader = ImageReader(picture.stream())
        reader.getRGBData()  # a picture ReportLab cannot read shows the placeholder
        return reader
    except Exception:  # noqa: BLE001 - ReportLab raises many types for a bad picture
        return None
