"""A template's masters and layouts at the deck's size, and out of the deck's way.

The deck's slides are 13.33 x 7.5 in (`briefing.layout.SLIDE_WIDTH`); a template made at
another size has its masters' and layouts' shapes moved and sized with the slide first
(`fit_to_slide`), as PowerPoint's "Scale" does. The template's own shapes where the deck
draws its banners, titles, text and footers (a logo in a top corner, a footer typed on the
master) are hidden on the deck's slides (`hide_in_the_way`); what is stretched or hidden is
said in one warning each, by `briefing.render.pptx.template.template_look`.
"""

from __future__ import annotations

from typing import Any

from briefing.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from briefing.layout.frame import MARGIN_X
from briefing.render.pptx.drawingml import emu

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
#: the deck's slide size in EMU
DECK_WIDTH, DECK_HEIGHT = emu(SLIDE_WIDTH), emu(SLIDE_HEIGHT)

#: slide sizes within this fraction of one another's proportions are the same shape
_SAME_SHAPE = 0.01
_TOP_XFRM = (f"{_P_NS}spPr/{_A}xfrm", f"{_P_NS}grpSpPr/{_A}xfrm", f"{_P_NS}xfrm")


def _scales(prs, width: int, height: int) -> tuple[float, float]:
    """How much the template's slides must grow (x, y) to be `width` x `height` EMU."""
    return width / (prs.slide_width or width), height / (prs.slide_height or height)


def size_warning(prs, template_name: str = "", width: int = DECK_WIDTH,
                 height: int = DECK_HEIGHT) -> str | None:
    """What to say when the template's slides have other proportions than the deck's (a 4:3
    template): its masters and layouts are stretched to fit (`fit_to_slide`)."""
    sx, sy = _scales(prs, width, height)
    if abs(sx - sy) <= _SAME_SHAPE * max(sx, sy):
        return None
    name = f"template {template_name}" if template_name else "the template"
    return (f"the slides of {name} are {_inches(prs.slide_width, prs.slide_height)}, the "
            f"deck's {_inches(width, height)}: its masters and layouts are stretched to the "
            "deck's size (pictures such as logos keep their proportions); for the template's "
            "exact look, give it the deck's size in PowerPoint (Design > Slide Size > "
            "Widescreen)")


def _inches(width: int, height: int) -> str:
    return f"{width / 914400:.4g} x {height / 914400:.4g} in"


def fit_to_slide(prs, width: int = DECK_WIDTH, height: int = DECK_HEIGHT) -> None:
    """The template's masters and layouts drawn for `width` x `height` EMU, the deck's size,
    before the deck takes that size: a template made at another size (10 x 5.625 in, Google
    Slides' and PowerPoint's "On-screen Show (16:9)"; 4:3) would otherwise leave its bars,
    logos and footers where they were, on a part of the slide. Every shape of theirs is
    moved and sized by the same factors, as PowerPoint's "Scale" does (text by the smaller
    one); a picture keeps its proportions, centred where it was."""
    sx, sy = _scales(prs, width, height)
    if sx == sy == 1:
        return
    if abs(sx - sy) <= _SAME_SHAPE * max(sx, sy):
        sx = sy = min(sx, sy)
    text = min(sx, sy)
    parts = [m for m in prs.slide_masters] + [lo for m in prs.slide_masters
                                               for lo in m.slide_layouts]
    for part in parts:
        for shape in _shapes(part):
            xfrm = _xfrm(shape)
            if xfrm is not None:
                _scale_xfrm(xfrm, sx, sy, keep_shape=shape.tag == f"{_P_NS}pic")
        for run in part.element.iter(f"{_A}rPr", f"{_A}defRPr", f"{_A}endParaRPr"):
            if run.get("sz", "").isdigit():
                run.set("sz", str(max(100, round(int(run.get("sz")) * text))))
    prs.slide_width, prs.slide_height = width, height  # done: fitting again changes nothing


def _shapes(part) -> list:
    """The top-level shapes of a master or layout (a group's members move with it)."""
    tree = part.element.find(f"{_P_NS}cSld/{_P_NS}spTree")
    return [el for el in (tree if tree is not None else ()) if isinstance(el.tag, str)
            and el.tag.rsplit("}", 1)[-1] in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp")]


def _xfrm(shape):
    return next((x for x in map(shape.find, _TOP_XFRM) if x is not None), None)


def in_the_way(prs) -> list[tuple[str, Any]]:
    """The template's own shapes on its masters and layouts (its logo, a footer typed on the
    master, a band behind the title; not its placeholders, which the deck fills or leaves
    out) that lie where the deck draws its banners, titles, text, figures and footers: the
    whole slide but its side margins (`MARGIN_X`). Shown, they would sit under or over the
    deck's text, and no PDF draws them. As (name, element), once each, in master order;
    at the deck's size (after `fit_to_slide`)."""
    scale = DECK_WIDTH / (prs.slide_width or DECK_WIDTH)
    left, right = emu(MARGIN_X) / scale, emu(SLIDE_WIDTH - MARGIN_X) / scale
    bottom = emu(SLIDE_HEIGHT) / scale
    found = []
    parts = [m for m in prs.slide_masters] + [lo for m in prs.slide_masters
                                               for lo in m.slide_layouts]
    for part in parts:
        for shape in _shapes(part):
            if shape.find(f".//{_P_NS}nvPr/{_P_NS}ph") is not None:
                continue
            c_nv_pr = shape.find(f"./*/{_P_NS}cNvPr")
            if c_nv_pr is None or c_nv_pr.get("hidden") in ("1", "true"):
                continue
            xfrm = _xfrm(shape)
            off = xfrm.find(f"{_A}off") if xfrm is not None else None
            ext = xfrm.find(f"{_A}ext") if xfrm is not None else None
            if off is None or ext is None:
                continue
            x, y = int(off.get("x", 0)), int(off.get("y", 0))
            w, h = int(ext.get("cx", 0)), int(ext.get("cy", 0))
            if x < right and x + w > left and y < bottom and y + h > 0 and w > 0 and h > 0:
                found.append((c_nv_pr.get("name") or "a shape", shape))
    return found


def hide_in_the_way(prs) -> None:
    """Hide the template's shapes `in_the_way` (`hidden` on the shape, as PowerPoint's
    Selection Pane does: the organisation's file keeps them, one click shows them again)."""
    for _name, shape in in_the_way(prs):
        shape.find(f"./*/{_P_NS}cNvPr").set("hidden", "1")


def in_the_way_warning(prs, template_name: str = "") -> str | None:
    """One sentence naming the template's shapes the deck hides (`in_the_way`), and how to
    keep them."""
    names = list(dict.fromkeys(name for name, _shape in in_the_way(prs)))
    if not names:
        return None
    shown = [repr(n) for n in names[:5]] + ([f"{len(names) - 5} more"] if len(names) > 5 else [])
    named = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    where = f"template {template_name}" if template_name else "the template"
    return (f"{where} draws {named} on its masters or layouts where the deck puts its "
            "banners, titles, text and footers: hidden on the deck's slides (no PDF draws "
            "them); to show them, move them into the outer "
            f"{MARGIN_X / 72:.2g} in at the slide's left or right edge in Slide Master view")


def _scale_xfrm(xfrm, sx: float, sy: float, keep_shape: bool) -> None:
    off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if off is None or ext is None:
        return
    x, y = int(off.get("x", 0)), int(off.get("y", 0))
    w, h = int(ext.get("cx", 0)), int(ext.get("cy", 0))
    if keep_shape and sx != sy:
        k = min(sx, sy)
        nw, nh = w * k, h * k
        nx, ny = (x + w / 2) * sx - nw / 2, (y + h / 2) * sy - nh / 2
    else:
        nw, nh, nx, ny = w * sx, h * sy, x * sx, y * sy
    off.set("x", str(round(nx)))
    off.set("y", str(round(ny)))
    ext.set("cx", str(round(nw)))
    ext.set("cy", str(round(nh)))
