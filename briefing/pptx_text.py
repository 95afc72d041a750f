"""Text boxes in the PPTX exactly as the layout measured them.

Word wrap on, autofit off, insets equal to the block's padding, line spacing fixed at
`size * line_height` points, bullets hanging at the paragraph's indent, fonts named explicitly
(a template's theme font would have other metrics than the ones we measured with).
"""

from __future__ import annotations

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from .layout import Paragraph, TextBlock

ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def emu(points: float) -> int:
    return int(round(points * 12700))


def fill_text_frame(tf, block: TextBlock, font: str, default_color: str,
                    slide_number: bool = False) -> None:
    """Replace the frame's text with the block's paragraphs and formatting."""
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    pad = emu(block.padding)
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = pad
    tf.vertical_anchor = ANCHOR.get(block.anchor, MSO_ANCHOR.TOP)
    paragraphs = block.paragraphs or [Paragraph(runs=[])]
    tf.text = ""
    for k, p in enumerate(paragraphs):
        para = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
        _format_paragraph(para, p, first=k == 0, font=font)
        color = p.color or default_color
        if slide_number and k == 0:
            _slide_number_field(para, p, font, color)
            continue
        for r in p.runs:
            if not r.text:
                continue
            run = para.add_run()
            run.text = r.text
            _format_font(run.font, p.size, r.bold, r.italic, r.color or color, font)
        # the end-of-paragraph mark sets the height of an empty line: same size as the text
        end = para._p.get_or_add_endParaRPr()
        end.set("sz", str(int(round(p.size * 100))))
        _set_latin(end, font)


def _format_paragraph(para, p: Paragraph, first: bool, font: str) -> None:
    para.alignment = ALIGN.get(p.align, PP_ALIGN.LEFT)
    para.line_spacing = Pt(p.size * p.line_height)
    para.space_before = Pt(0 if first else p.space_before)
    para.space_after = Pt(0)
    pPr = para._p.get_or_add_pPr()
    pPr.set("marL", str(emu(p.indent)))
    pPr.set("indent", str(emu(p.bullet_offset - p.indent) if p.bullet else 0))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont", "a:buClr", "a:buSzPct"):
        for el in pPr.findall(qn(tag)):
            pPr.remove(el)
    if p.bullet:
        bu_font = etree.SubElement(pPr, qn("a:buFont"))
        bu_font.set("typeface", font)
        bu = etree.SubElement(pPr, qn("a:buChar"))
        bu.set("char", p.bullet_char)
    else:
        etree.SubElement(pPr, qn("a:buNone"))


def _format_font(f, size: float, bold: bool, italic: bool, color: str, font: str) -> None:
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    f.name = font
    f.color.rgb = RGBColor.from_string(color)


def _set_latin(rPr, font: str) -> None:
    latin = rPr.find(qn("a:latin"))
    if latin is None:
        latin = etree.SubElement(rPr, qn("a:latin"))
    latin.set("typeface", font)


def _slide_number_field(para, p: Paragraph, font: str, color: str) -> None:
    """The slide number as a field, so it stays right when slides are moved in PowerPoint."""
    fld = etree.SubElement(para._p, qn("a:fld"))
    fld.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    fld.set("type", "slidenum")
    rPr = etree.SubElement(fld, qn("a:rPr"))
    rPr.set("lang", "en-GB")
    rPr.set("sz", str(int(round(p.size * 100))))
    rPr.set("b", "1" if any(r.bold for r in p.runs) else "0")
    solid = etree.SubElement(rPr, qn("a:solidFill"))
    clr = etree.SubElement(solid, qn("a:srgbClr"))
    clr.set("val", color)
    _set_latin(rPr, font)
    t = etree.SubElement(fld, qn("a:t"))
    t.text = p.text
    end = para._p.find(qn("a:endParaRPr"))
    if end is not None:  # endParaRPr must stay last
        para._p.remove(end)
        para._p.append(end)
