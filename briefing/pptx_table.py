"""Native PowerPoint tables from a layout TableFrame, with the measured widths and heights.

Every cell gets explicit fill, borders, insets and fixed line spacing, so the table looks the
same whatever table style a template defines, and rows keep the heights the layout measured.
"""

from __future__ import annotations

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Pt

from .layout import TableFrame
from .pptx_text import _set_latin, emu


def _split_evenly(total: int, parts: list[float]) -> list[int]:
    """Integer EMU widths that sum exactly to `total` (PowerPoint checks the sum)."""
    s = sum(parts) or 1.0
    out = [int(total * p / s) for p in parts]
    out[-1] += total - sum(out)
    return out


def add_table(slide, frame: TableFrame, font: str) -> object:
    b = frame.box
    n_rows, n_cols = len(frame.rows) + 1, len(frame.columns)
    gf = slide.shapes.add_table(n_rows, n_cols, emu(b.x), emu(b.y), emu(b.w), emu(b.h))
    gf.name = "Table"
    table = gf.table
    table.first_row = True
    table.horz_banding = False
    for c, w in enumerate(_split_evenly(emu(b.w), frame.col_widths)):
        table.columns[c].width = w
    heights = [frame.header_height, *frame.row_heights]
    for r, h in enumerate(heights):
        table.rows[r].height = emu(h)
    for r in range(n_rows):
        cells = frame.columns if r == 0 else frame.rows[r - 1]
        for c in range(n_cols):
            text = cells[c] if c < len(cells) else ""
            cell = table.cell(r, c)
            if r == 0:
                fill, color, bold = frame.header_fill, frame.header_text_color, True
            else:
                fill = frame.stripe_fill if r % 2 == 0 else None
                color, bold = frame.text_color, False
            _cell(cell, text, frame, font, fill, color, bold)
    return gf


def _cell(cell, text: str, frame: TableFrame, font: str, fill: str | None, color: str,
          bold: bool) -> None:
    cell.margin_left = cell.margin_right = emu(frame.cell_padding_x)
    cell.margin_top = cell.margin_bottom = emu(frame.cell_padding_y)
    cell.vertical_anchor = MSO_ANCHOR.TOP
    tf = cell.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    lines = text.split("\n")
    tf.text = ""
    for k, line in enumerate(lines):
        para = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
        para.line_spacing = Pt(frame.font_size * frame.line_height)
        para.space_before = Pt(0)
        para.space_after = Pt(0)
        run = para.add_run()
        run.text = line
        f = run.font
        f.size = Pt(frame.font_size)
        f.bold = bold
        f.name = font
        f.color.rgb = RGBColor.from_string(color)
        end = para._p.get_or_add_endParaRPr()
        end.set("sz", str(int(round(frame.font_size * 100))))
        _set_latin(end, font)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    else:
        cell.fill.background()
    _borders(cell, frame.border)


def _borders(cell, color: str | None) -> None:
    """Thin explicit borders (the schema wants lnL, lnR, lnT, lnB before the fill)."""
    tcPr = cell._tc.get_or_add_tcPr()
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        for el in tcPr.findall(qn(tag)):
            tcPr.remove(el)
    for k, tag in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
        ln = etree.Element(qn(tag))
        if color:
            ln.set("w", str(emu(0.75)))
            solid = etree.SubElement(ln, qn("a:solidFill"))
            etree.SubElement(solid, qn("a:srgbClr")).set("val", color)
        else:
            etree.SubElement(ln, qn("a:noFill"))
        tcPr.insert(k, ln)
