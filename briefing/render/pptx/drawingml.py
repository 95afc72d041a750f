"""DrawingML for text boxes, plain shapes, lines and tables, written as XML text.

python-pptx builds a shape one property at a time, each a search of the element's children in
schema order; a 700-slide deck spent most of its export there. The layout has decided every
value already, so this module writes each shape's XML in one piece and parses it once. The
markup is exactly what the python-pptx calls in `pptx_text` and `pptx_table` produce (same
elements, attribute order and unit rounding), so the saved deck is byte for byte the same.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from briefing.layout import Box, Paragraph, Run, TableFrame, TextBlock
from briefing.layout.markup import cell_runs
from briefing.text import metrics as tm
from briefing.text.breaks import SOFT_HYPHEN, keep_together
from briefing.text.faces import ARABIC, URDU
from briefing.text.fallback import office_fonts
from briefing.text.fonts import font_runs
from briefing.text.language import DEFAULT as DEFAULT_LANGUAGE
from briefing.text.language import split_by_language
from briefing.text.metrics import VISIBLE_HYPHEN
from briefing.text.shaping import has_arabic

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSDECLS = f'xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"'
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
SLIDENUM_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
ALIGN = {"left": "l", "center": "ctr", "right": "r"}
ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
PRESETS = {"rect": "rect", "rounded": "roundRect", "ellipse": "ellipse"}
#: a soft hyphen the layout broke a table cell's line at, while the cell's runs are split
_SOFT_BREAK = "\ue000"
_CTRL = re.compile(r"([\x00-\x08\x0B-\x1F])")


def emu(points: float) -> int:
    return int(round(points * 12700))


def pt_emu(points: float) -> int:
    """`pptx.util.Pt(points)`: python-pptx truncates, it does not round."""
    return int(points * 12700)


def centipoints(points: float) -> int:
    """A length in points as python-pptx writes it in hundredths of a point."""
    return pt_emu(points) // 127


def _text(s: str) -> str:
    """Run text as python-pptx stores it: control characters as _xHHHH_, then XML-escaped;
    the spaces no line may break at (dates, citations) as no-break spaces, so PowerPoint's own
    line breaker keeps together what the layout's did (`briefing.text.breaks`)."""
    return escape(_CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", keep_together(s)))


def _attr(s: str) -> str:
    return quoteattr(s)


def parse(xml: str):
    """Parse with python-pptx's parser, so the elements get its element classes."""
    from pptx.oxml import parse_xml

    return parse_xml(xml)


# --- paragraphs -------------------------------------------------------------------------------


def _latin(font: str) -> str:
    return f"<a:latin typeface={_attr(font)}/>"


def _machine_fonts(text: str, bold: bool = False, italic: bool = False, font: str = "") -> str:
    """The family of the machine's font the PDFs draw `text`'s CJK or other characters with
    that no shipped face has, named for PowerPoint (`a:ea`, `a:cs`); for Arabic-script text
    the family the PDFs draw it in (`_arabic_family`) as `a:cs`; "" for other text."""
    fonts = office_fonts(text)
    if "cs" not in fonts and has_arabic(text):
        fonts["cs"] = _arabic_family(text, bold, italic, font)
    return "".join(f"<a:{slot} typeface={_attr(fonts[slot])}/>" for slot in ("ea", "cs")
                   if slot in fonts)


#: the office family of each shipped face that draws Arabic script (`text.faces`)
_ARABIC_FAMILIES = {**dict.fromkeys(ARABIC.faces, "DejaVu Sans"),
                    **dict.fromkeys(URDU.faces, "Noto Naskh Arabic")}


def _arabic_family(text: str, bold: bool, italic: bool, font: str) -> str:
    """The complex-script font (`a:cs`) of a run of Arabic script: the family the PDFs draw
    its letters in (`text.fonts.font_runs`), Noto Naskh Arabic where it has a letter DejaVu
    Sans lacks (Urdu's heh goal, yeh barree), else DejaVu Sans, else `font` (a template's,
    with Arabic letters of its own). PowerPoint and LibreOffice draw Arabic script in a run's
    complex-script font, not its `a:latin`: a deck that named none had its Urdu letters drawn
    as boxes in LibreOffice's default, which lacks them."""
    faces = [face for piece, face in font_runs(text, bold, italic, shape=False)
             if has_arabic(piece)]
    named = [_ARABIC_FAMILIES[face] for face in faces if face in _ARABIC_FAMILIES]
    return "Noto Naskh Arabic" if "Noto Naskh Arabic" in named else \
        (named[0] if named else font or "DejaVu Sans")


def _fill(color: str, raw: bool = False) -> str:
    """A solid fill; python-pptx's RGBColor writes upper case, raw `set` calls do not."""
    return f'<a:solidFill><a:srgbClr val="{color if raw else color.upper()}"/></a:solidFill>'


def _spacing(p: Paragraph, first: bool) -> str:
    before = 0 if first else p.space_before
    return (f'<a:lnSpc><a:spcPts val="{centipoints(p.size * p.line_height)}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{centipoints(before)}"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="0"/></a:spcAft>')


def _numbering(p: Paragraph, font: str) -> str:
    """PowerPoint's automatic numbering ("3.", as the layout draws `bullet_char`) for an entry
    of a numbered list, starting at its own number: a viewer that continues the count from the
    paragraph before and one that restarts it show the same number. In the paragraph's colour
    and the named font, as the PDFs draw it."""
    colour = f'<a:buClr><a:srgbClr val="{p.color.upper()}"/></a:buClr>' if p.color else ""
    return (f"{colour}<a:buFont typeface={_attr(font)}/>"
            f'<a:buAutoNum type="arabicPeriod" startAt="{max(1, min(p.number or 1, 32767))}"/>')


def _broken_runs(text: str, rpr: str, br_rpr: str, soft: list[int]) -> str:
    """`text` as runs with properties `rpr`, with a hyphen and a line break in place of each
    soft hyphen at the offsets `soft`, where the layout broke the line (`tm.soft_breaks`):
    LibreOffice breaks at a soft hyphen but shows no hyphen there, so the deck writes it."""
    out, start = [], 0
    for at in sorted(soft):
        out.append(f"<a:r>{rpr}<a:t>{_text(text[start:at] + VISIBLE_HYPHEN)}</a:t></a:r>"
                   f"<a:br>{br_rpr}</a:br>")
        start = at + 1
    if start < len(text):
        out.append(f"<a:r>{rpr}<a:t>{_text(text[start:])}</a:t></a:r>")
    return "".join(out)


def _language_runs(text: str, lang: str, rpr_of, br_of, soft: list[int]) -> str:
    """`text` as runs tagged with their languages (`text.language.split_by_language`), with a
    visible hyphen and a break at the soft hyphens at offsets `soft` of `text`."""
    out, offset = [], 0
    for piece, run_lang in split_by_language(text, lang):
        local = [at - offset for at in soft if offset <= at < offset + len(piece)]
        out.append(_broken_runs(piece, rpr_of(run_lang, piece), br_of(run_lang), local))
        offset += len(piece)
    return "".join(out)


def paragraph_xml(p: Paragraph, first: bool, font: str, default_color: str,
                  slide_number: bool = False, lang: str = DEFAULT_LANGUAGE,
                  width: float | None = None, heading_font: str = "") -> str:
    """One `a:p` of a text box, as `pptx_text.fill_text_frame` formats it; each run tagged
    with its language (`text.language`: `lang` is the document's), split where it changes.
    `width`: the text's width in the box (points), where the layout broke its lines (soft
    hyphens are shown). A title's paragraph (`Paragraph.heading`) names `heading_font` (the
    theme's, when the template has one of its own) instead of `font`, as it was measured."""
    if p.heading and heading_font:
        font = heading_font
    indent = emu(p.bullet_offset - p.indent) if p.bullet else 0
    if p.bullet and p.number is not None:
        bullet = _numbering(p, font)
    elif p.bullet:
        bullet = f"<a:buFont typeface={_attr(font)}/><a:buChar char={_attr(p.bullet_char)}/>"
    else:
        bullet = "<a:buNone/>"
    # the layout's say only: a paragraph of Persian in a left-to-right briefing keeps its
    # bullet or number on the briefing's side (PowerPoint and LibreOffice move both with
    # rtl="1"); the viewer orders its words
    rtl = f' rtl="{int(p.direction == "rtl")}"' if p.direction else ""
    align = ALIGN.get(p.align, "l")
    right = _wrap_margin(p, align, width if not slide_number else None)
    out = [f'<a:p><a:pPr{rtl} algn="{align}" marL="{emu(p.indent)}"{right} '
           f'indent="{indent}">{_spacing(p, first)}{bullet}</a:pPr>']
    color = p.color or default_color
    size = int(round(p.size * 100))
    if slide_number:  # the first run is the number, a field; the rest (" / 21") as it is
        bold = "1" if any(r.bold for r in p.runs) else "0"
        rpr = (f'<a:rPr lang="{lang}" sz="{size}" b="{bold}">{_fill(color, raw=True)}'
               f'{_latin(font)}</a:rPr>')
        number, *rest = [r.text for r in p.runs] or [p.text]
        out.append(f'<a:fld id="{SLIDENUM_ID}" type="slidenum">{rpr}'
                   f"<a:t>{_text(number)}</a:t></a:fld>")
        out += [f"<a:r>{rpr}<a:t>{_text(text)}</a:t></a:r>" for text in rest if text]
        out.append("</a:p>")
        return "".join(out)
    sz = centipoints(p.size)
    breaks = (tm.soft_breaks(p.runs, tm.paragraph_lines(p, width))
              if width is not None and SOFT_HYPHEN in p.text else [])
    for ri, r in enumerate(p.runs):
        if not r.text:
            continue
        out.append(_language_runs(
            r.text, lang, lambda run_lang, text, r=r: (
                f'<a:rPr lang="{run_lang}" sz="{sz}" b="{int(bool(r.bold))}" '
                f'i="{int(bool(r.italic))}">{_fill(r.color or color)}{_latin(font)}'
                f"{_machine_fonts(text, bool(r.bold), bool(r.italic), font)}</a:rPr>"),
            lambda run_lang: f'<a:rPr lang="{run_lang}" sz="{sz}"/>',
            [at for i, at in breaks if i == ri]))
    out.append(f'<a:endParaRPr lang="{lang}" sz="{size}">{_latin(font)}</a:endParaRPr></a:p>')
    return "".join(out)


def _wrap_margin(p: Paragraph, align: str, width: float | None) -> str:
    """A left-aligned paragraph's right margin (`marR`), narrowing it to the width the layout
    broke its lines at (it wraps at `WIDTH_SAFETY` of its room, so a renderer measuring a hair
    wider keeps its lines), so PowerPoint and LibreOffice break the deck's lines where the
    PDFs do; the box keeps its size. Centred and right-aligned text, and right-to-left
    paragraphs (whose margins PowerPoint mirrors), are left as they were."""
    if width is None or align != "l" or p.direction == "rtl":
        return ""
    extra = emu((width - p.indent) * (1 - tm.WIDTH_SAFETY))
    return f' marR="{extra}"' if extra > 0 else ""


def paragraphs_xml(block: TextBlock, font: str, default_color: str,
                   slide_number: bool = False, lang: str = DEFAULT_LANGUAGE,
                   heading_font: str = "") -> str:
    paragraphs = block.paragraphs or [Paragraph(runs=[])]
    width = block.box.w - 2 * block.padding  # as the layout and the PDFs break the lines
    return "".join(paragraph_xml(p, k == 0, font, default_color, slide_number and k == 0,
                                 lang, width, heading_font)
                   for k, p in enumerate(paragraphs))


#: python-pptx drops an inset equal to the DrawingML default instead of writing it
_DEFAULT_INSET = {"lIns": 91440, "rIns": 91440, "tIns": 45720, "bIns": 45720}


def _insets(block: TextBlock) -> str:
    pad = emu(block.padding)
    return " ".join(f'{side}="{pad}"' for side, default in _DEFAULT_INSET.items()
                    if pad != default)


def fill_txbody(txBody, block: TextBlock, font: str, default_color: str,  # noqa: N803
                slide_number: bool = False, lang: str = DEFAULT_LANGUAGE,
                heading_font: str = "") -> None:
    """Give an existing `p:txBody` (a placeholder's) the block's text and text-frame settings,
    changing its body properties the way python-pptx's TextFrame setters would."""
    from pptx.oxml.ns import qn

    body_pr = txBody.find(qn("a:bodyPr"))
    body_pr.set("wrap", "square")
    for tag in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"):
        for el in body_pr.findall(qn(tag)):
            body_pr.remove(el)
    no_autofit = parse(f"<a:noAutofit {NSDECLS}/>")
    # a:noAutofit belongs before scene3d, sp3d, flatTx and extLst
    successor = next((c for c in body_pr if c.tag in {qn("a:scene3d"), qn("a:sp3d"),
                                                     qn("a:flatTx"), qn("a:extLst")}), None)
    if successor is None:
        body_pr.append(no_autofit)
    else:
        successor.addprevious(no_autofit)
    pad = emu(block.padding)
    for side, default in _DEFAULT_INSET.items():
        if pad != default:
            body_pr.set(side, str(pad))
        elif side in body_pr.attrib:
            del body_pr.attrib[side]
    body_pr.set("anchor", ANCHOR.get(block.anchor, "t"))
    for p in txBody.findall(qn("a:p")):
        txBody.remove(p)
    holder = parse(f"<p:txBody {NSDECLS}>"
                   f"{paragraphs_xml(block, font, default_color, slide_number, lang, heading_font)}"
                   "</p:txBody>")
    for p in list(holder):
        txBody.append(p)
    # a placeholder inherits its layout's text style; capitals (a section header's `cap="all"`)
    # are wider than the text the layout measured, so each run says it has none
    for r_pr in txBody.iter(qn("a:rPr"), qn("a:endParaRPr")):
        r_pr.set("cap", "none")


# --- shapes ------------------------------------------------------------------------------------


def _xfrm(box: Box, tag: str = "a:xfrm", flips: str = "") -> str:
    return (f"<{tag}{flips}><a:off x=\"{emu(box.x)}\" y=\"{emu(box.y)}\"/>"
            f"<a:ext cx=\"{emu(box.w)}\" cy=\"{emu(box.h)}\"/></{tag}>")


def _line(line: str | None, width: float) -> str:
    if line:
        return f'<a:ln w="{pt_emu(width)}">{_fill(line)}</a:ln>'
    return "<a:ln><a:noFill/></a:ln>"


def textbox_xml(shape_id: int, name: str, block: TextBlock, font: str,
                default_color: str, slide_number: bool = False,
                lang: str = DEFAULT_LANGUAGE, heading_font: str = "") -> str:
    """A text box (`add_textbox`) holding the block."""
    return (f"<p:sp {NSDECLS}><p:nvSpPr><p:cNvPr id=\"{shape_id}\" name={_attr(name)}/>"
            f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(block.box)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" {_insets(block)} '
            f'anchor="{ANCHOR.get(block.anchor, "t")}"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f"{paragraphs_xml(block, font, default_color, slide_number, lang, heading_font)}"
            "</p:txBody></p:sp>")


def autoshape_xml(shape_id: int, name: str, shape: str, box: Box, fill: str | None,
                  line: str | None, line_width: float, block: TextBlock | None = None,
                  font: str = "", default_color: str = "000000",
                  slide_number: bool = False, lang: str = DEFAULT_LANGUAGE,
                  decorative: bool = False, heading_font: str = "") -> str:
    """A preset shape (`add_shape`) with only the fill and outline asked for, and the block's
    text when it has one (a banner, a tag); `decorative`: marked so (`decorative_ext`)."""
    prst = PRESETS.get(shape, "rect")
    adjust = '<a:gd name="adj" fmla="val 25000"/>' if (block is not None and shape == "rounded") \
        else ""
    fill_xml = _fill(fill) if fill else "<a:noFill/>"
    if block is None:
        body = ('<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
                '<a:p><a:pPr algn="ctr"/></a:p></p:txBody>')
    else:
        body = (f'<p:txBody><a:bodyPr rtlCol="0" anchor="{ANCHOR.get(block.anchor, "t")}" '
                f'wrap="square" {_insets(block)}><a:noAutofit/></a:bodyPr><a:lstStyle/>'
                f"{paragraphs_xml(block, font, default_color, slide_number, lang, heading_font)}"
                "</p:txBody>")
    c_nv_pr = f"<p:cNvPr id=\"{shape_id}\" name={_attr(name)}"
    c_nv_pr += f">{decorative_ext()}</p:cNvPr>" if decorative else "/>"
    return (f"<p:sp {NSDECLS}><p:nvSpPr>{c_nv_pr}"
            f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box)}"
            f'<a:prstGeom prst="{prst}"><a:avLst>{adjust}</a:avLst></a:prstGeom>{fill_xml}'
            f"{_line(line, line_width)}</p:spPr>{body}</p:sp>")


def connector_xml(shape_id: int, box: Box, line: str, width: float) -> str:
    """A straight line from (x, y) to (x + w, y + h), as `add_connector` draws it; a rule,
    marked decorative (`decorative_ext`)."""
    x0, y0 = emu(box.x), emu(box.y)
    x1, y1 = emu(box.right), emu(box.bottom)
    flips = (' flipH="1"' if x0 > x1 else "") + (' flipV="1"' if y0 > y1 else "")
    x, y, cx, cy = min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)
    return (f"<p:cxnSp {NSDECLS}><p:nvCxnSpPr><p:cNvPr id=\"{shape_id}\" name=\"Line\">"
            f"{decorative_ext()}</p:cNvPr>"
            f"<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{flips}>"
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f'<a:ln w="{pt_emu(width)}">{_fill(line)}</a:ln></p:spPr></p:cxnSp>')


DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
NS_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def decorative_ext() -> str:
    """Office's mark of a purely decorative shape (a rule, an accent bar): PowerPoint's
    accessibility checker and screen readers skip it. An `a:extLst` inside `p:cNvPr`, which
    other readers ignore (it is an extension)."""
    return (f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{NS_ADEC}" '
            f'val="1"/></a:ext></a:extLst>')


# --- tables ------------------------------------------------------------------------------------


def split_evenly(total: int, parts: list[float]) -> list[int]:
    """Integer EMU widths that sum exactly to `total` (PowerPoint checks the sum)."""
    s = sum(parts) or 1.0
    out = [int(total * p / s) for p in parts]
    out[-1] += total - sum(out)
    return out


def _cell_xml(text: str, frame: TableFrame, font: str, fill: str | None, color: str,
              bold: bool, lang: str = DEFAULT_LANGUAGE, width: float | None = None) -> str:
    spacing = (f'<a:pPr><a:lnSpc><a:spcPts val="{centipoints(frame.font_size * frame.line_height)}'
               f'"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
               f'<a:spcAft><a:spcPts val="0"/></a:spcAft></a:pPr>')
    sz, end_sz = centipoints(frame.font_size), int(round(frame.font_size * 100))

    def run_xml(run: Run) -> str:  # a cell's markup (`markup.cell_runs`), as the layout measured
        italic = ' i="1"' if run.italic else ""
        soft = [k for k, ch in enumerate(run.text) if ch == _SOFT_BREAK]
        return _language_runs(
            run.text.replace(_SOFT_BREAK, SOFT_HYPHEN), lang,
            lambda run_lang, text: (f'<a:rPr lang="{run_lang}" sz="{sz}" b="{int(run.bold)}"'
                                    f"{italic}>{_fill(color)}{_latin(font)}"
                                    f"{_machine_fonts(text, run.bold, run.italic, font)}"
                                    "</a:rPr>"),
            lambda run_lang: f'<a:rPr lang="{run_lang}" sz="{sz}"/>', soft)

    runs = cell_runs(text, bold)
    if width is not None and SOFT_HYPHEN in text:  # where the layout broke at a soft hyphen
        inner = (width - 2 * frame.cell_padding_x) * tm.WIDTH_SAFETY
        breaks = tm.soft_breaks(runs, tm.wrap(runs, inner, frame.font_size))
        runs = [Run("".join(_SOFT_BREAK if (ri, k) in breaks else ch
                            for k, ch in enumerate(r.text)), r.bold, r.italic, r.color)
                for ri, r in enumerate(runs)] if breaks else runs
    lines: list[list[Run]] = [[]]  # one paragraph per line of the cell
    for run in runs:
        for k, piece in enumerate(run.text.split("\n")):
            if k:
                lines.append([])
            if piece:
                lines[-1].append(Run(piece, run.bold, run.italic))
    paras = "".join(f"<a:p>{spacing}{''.join(run_xml(r) for r in line)}"
                    f'<a:endParaRPr lang="{lang}" sz="{end_sz}">{_latin(font)}</a:endParaRPr></a:p>'
                    for line in lines)
    if frame.border:
        edge = f'w="{emu(0.75)}">{_fill(frame.border, raw=True)}'
        borders = "".join(f"<a:{t} {edge}</a:{t}>" for t in ("lnL", "lnR", "lnT", "lnB"))
    else:
        borders = "".join(f"<a:{t}><a:noFill/></a:{t}>" for t in ("lnL", "lnR", "lnT", "lnB"))
    px, py = emu(frame.cell_padding_x), emu(frame.cell_padding_y)
    return (f'<a:tc><a:txBody><a:bodyPr wrap="square"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f'{paras}</a:txBody><a:tcPr marL="{px}" marR="{px}" marT="{py}" marB="{py}" '
            f'anchor="t">{borders}{_fill(fill) if fill else "<a:noFill/>"}</a:tcPr></a:tc>')


def table_xml(shape_id: int, frame: TableFrame, font: str, descr: str = "",
              lang: str = DEFAULT_LANGUAGE) -> str:
    """A native table (`add_table`) with the measured widths and heights and every cell's
    fill, borders, insets and fixed line spacing set, as `pptx_table.add_table` sets them."""
    b = frame.box
    widths = split_evenly(emu(b.w), frame.col_widths)
    n_rows, n_cols = len(frame.rows) + 1, len(frame.columns)
    height = emu(b.h)
    default = [height // n_rows] * (n_rows - 1) + [height - (n_rows - 1) * (height // n_rows)]
    heights = [emu(h) for h in (frame.header_height, *frame.row_heights)][:n_rows]
    heights += default[len(heights):]
    rows: list[str] = []
    for r, h in enumerate(heights):
        cells: list[str] = list(frame.columns if r == 0 else frame.rows[r - 1])
        if r == 0:
            fill, color, bold = frame.header_fill, frame.header_text_color, True
        else:
            fill = frame.stripe_fill if r % 2 == 0 else None
            color, bold = frame.text_color, False
        tcs = "".join(_cell_xml(cells[c] if c < len(cells) else "", frame, font, fill, color,
                                bold, lang,
                                frame.col_widths[c] if c < len(frame.col_widths) else None)
                      for c in range(n_cols))
        rows.append(f'<a:tr h="{h}">{tcs}</a:tr>')
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    return (f"<p:graphicFrame {NSDECLS}><p:nvGraphicFramePr>"
            f'<p:cNvPr id="{shape_id}" name="Table" descr={_attr(descr)}/><p:cNvGraphicFramePr>'
            f'<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
            f"</p:nvGraphicFramePr>{_xfrm(b, 'p:xfrm')}<a:graphic>"
            f'<a:graphicData uri="{TABLE_URI}"><a:tbl><a:tblPr firstRow="1">'
            f"<a:tableStyleId>{TABLE_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}"
            f"</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>")


# --- placing -----------------------------------------------------------------------------------


def next_shape_id(slide) -> int:
    """The id python-pptx would give the next shape: one more than the largest in the slide."""
    ids = [int(v) for v in slide.shapes.element.xpath("//@id") if v.isdigit()]
    return max(ids) + 1 if ids else 1


def add_xml(slide, xml: str):
    """Parse one shape's XML and put it on top of the slide, where python-pptx adds shapes."""
    element = parse(xml)
    for t in element.iter(f"{{{NS_A}}}t"):
        if t.text is None:  # python-pptx stores "" (written <a:t></a:t>), not no text
            t.text = ""
    slide.shapes.element.insert_element_before(element, "p:extLst")
    return element
