"""Re-measuring the text of an exported .pptx with briefing.text.metrics (test helper).

Reads what the file says (box size, insets, font sizes, bold/italic, indents, fixed line
spacing) independently of the layout objects, so a renderer bug that draws text bigger or boxes
smaller than the layout planned shows up as an overflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pptx.oxml.ns import qn

from briefing.text import metrics as tm

EMU_PER_PT = 12700.0


@dataclass
class MRun:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class MParagraph:
    runs: list[MRun] = field(default_factory=list)
    size: float = 18.0
    line_height: float = 1.2
    space_before: float = 0.0
    indent: float = 0.0
    heading: bool = False  # measured in the heading font (`briefing.text.faces.as_heading`)


def _paragraph(p_el, heading_family: str | None = None) -> MParagraph:
    """The paragraph as the file says it; one whose runs name `heading_family` (a template's
    heading font) is measured as a heading, in that font."""
    mp = MParagraph()
    sizes = []
    for child in p_el:
        if child.tag in (qn("a:r"), qn("a:fld")):
            rpr = child.find(qn("a:rPr"))
            t = child.find(qn("a:t"))
            bold = rpr is not None and rpr.get("b") == "1"
            italic = rpr is not None and rpr.get("i") == "1"
            latin = rpr.find(qn("a:latin")) if rpr is not None else None
            if heading_family and latin is not None and latin.get("typeface") == heading_family:
                mp.heading = True
            if rpr is not None and rpr.get("sz"):
                sizes.append(int(rpr.get("sz")) / 100)
            mp.runs.append(MRun(t.text or "" if t is not None else "", bold, italic))
        elif child.tag == qn("a:br"):
            mp.runs.append(MRun("\n"))
    end = p_el.find(qn("a:endParaRPr"))
    if not sizes and end is not None and end.get("sz"):
        sizes.append(int(end.get("sz")) / 100)
    mp.size = max(sizes) if sizes else 18.0
    ppr = p_el.find(qn("a:pPr"))
    if ppr is not None:
        mp.indent = int(ppr.get("marL", "0")) / EMU_PER_PT
        ln = ppr.find(qn("a:lnSpc"))
        pts = ln.find(qn("a:spcPts")) if ln is not None else None
        if pts is not None:
            mp.line_height = int(pts.get("val")) / 100 / mp.size
        else:
            raise AssertionError("paragraph without fixed line spacing: height unknown")
        sb = ppr.find(qn("a:spcBef"))
        sbp = sb.find(qn("a:spcPts")) if sb is not None else None
        if sbp is not None:
            mp.space_before = int(sbp.get("val")) / 100
    if not mp.runs:
        mp.runs.append(MRun(""))
    return mp


def text_frame_need(tx_body, width_pt: float,
                    heading_family: str | None = None) -> tuple[float, float]:
    """(measured text height, insets top+bottom) of a txBody in a box `width_pt` wide (runs
    named `heading_family` measured in the heading font)."""
    body_pr = tx_body.find(qn("a:bodyPr"))
    l_ins = int(body_pr.get("lIns", 91440)) / EMU_PER_PT
    r_ins = int(body_pr.get("rIns", 91440)) / EMU_PER_PT
    t_ins = int(body_pr.get("tIns", 45720)) / EMU_PER_PT
    b_ins = int(body_pr.get("bIns", 45720)) / EMU_PER_PT
    paras = [_paragraph(p, heading_family) for p in tx_body.findall(qn("a:p"))]
    return tm.block_height(paras, width_pt - l_ins - r_ins), t_ins + b_ins


def overflowing_text_boxes(prs, heading_family: str | None = None) -> list[str]:
    """Every text box (and table cell) whose measured text is taller than its box; runs
    named `heading_family` (a template's heading font) are measured in the heading font."""
    problems = []
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                tx = shape.text_frame._txBody
                need, ins = text_frame_need(tx, shape.width / EMU_PER_PT, heading_family)
                box = shape.height / EMU_PER_PT
                if need + ins > box + 0.01:
                    problems.append(f"slide {n} {shape.name!r}: text {need + ins:.1f} pt in a "
                                    f"{box:.1f} pt box: {shape.text_frame.text[:40]!r}")
            if shape.has_table:
                table = shape.table
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        width = table.columns[c].width / EMU_PER_PT
                        tc = cell._tc
                        tx = tc.find(qn("a:txBody"))
                        tcpr = tc.find(qn("a:tcPr"))
                        l_ins = int(tcpr.get("marL", 91440)) / EMU_PER_PT
                        r_ins = int(tcpr.get("marR", 91440)) / EMU_PER_PT
                        t_ins = int(tcpr.get("marT", 45720)) / EMU_PER_PT
                        b_ins = int(tcpr.get("marB", 45720)) / EMU_PER_PT
                        paras = [_paragraph(p) for p in tx.findall(qn("a:p"))]
                        need = tm.block_height(paras, width - l_ins - r_ins) + t_ins + b_ins
                        if need > row.height / EMU_PER_PT + 0.01:
                            problems.append(f"slide {n} table cell ({r}, {c}): {need:.1f} pt "
                                            f"in a {row.height / EMU_PER_PT:.1f} pt row")
    return problems
