"""Opening the presentation to draw into: python-pptx's blank one or an organisation's template.

A template's own slides are removed; its layouts are chosen by what placeholders they carry
(title only, or none), never by position, since every organisation orders them differently. Its
colour scheme becomes the deck's theme colours; its body font too when that font has the metrics
we measure with (otherwise text could overflow, so the theme's font is kept).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.errors import ExportError
from briefing.format.themes import Theme

_IGNORED = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
#: families with Arial's advance widths, so our measurements hold for them
METRIC_COMPATIBLE = {"arial", "liberation sans", "arimo", "helvetica", "helvetica neue"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def open_presentation(template: Path | None):
    if template is None:
        return Presentation()
    template = Path(template)
    if not template.is_file():
        raise ExportError(f"template not found: {template} (give the path of a .pptx file)")
    try:
        prs = Presentation(str(template))
    except Exception as exc:  # python-pptx raises many kinds for a bad package
        raise ExportError(
            f"{template.name} is not a PowerPoint template python-pptx can open ({exc}); "
            "save it again as .pptx (not .potx or .ppt) and retry") from exc
    remove_slides(prs)
    return prs


def remove_slides(prs) -> None:
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)


def _kinds(layout) -> set:
    out = set()
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind not in _IGNORED:
            out.add("title" if kind in _TITLES else str(kind))
    return out


def pick_layouts(prs):
    """(title-only layout or None, blank layout or None), found by placeholder types."""
    title_only = blank = None
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            kinds = _kinds(layout)
            if title_only is None and kinds == {"title"}:
                title_only = layout
            if blank is None and not kinds:
                blank = layout
    if title_only is None and blank is None:
        raise ExportError("the template has neither a 'Title Only' nor a 'Blank' slide layout; "
                          "add one of them in PowerPoint's Slide Master view")
    return title_only, blank


def _scheme_color(el) -> str | None:
    if el is None:
        return None
    srgb = el.find(f"{_A}srgbClr")
    if srgb is not None:
        return srgb.get("val", "").upper() or None
    sys = el.find(f"{_A}sysClr")
    if sys is not None:
        return (sys.get("lastClr") or "").upper() or None
    return None


def template_theme(prs, base: Theme) -> Theme:
    """The base theme with the template's colour scheme (and body font, when compatible)."""
    try:
        theme_part = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme_part.blob)
    except (KeyError, etree.XMLSyntaxError):
        return base
    scheme = root.find(f".//{_A}clrScheme")
    if scheme is None:
        return base
    col = {child.tag.replace(_A, ""): _scheme_color(child) for child in scheme}
    accents = [col.get(f"accent{i}") for i in range(1, 7)]
    accents = [a for a in accents if a]
    changes: dict = {}
    if col.get("dk1"):
        changes["text"] = col["dk1"]
    if col.get("dk2"):
        changes["muted"] = col["dk2"]
    if col.get("lt1"):
        changes["background"] = col["lt1"]
    if col.get("lt2"):
        changes["surface"] = col["lt2"]
    if accents:
        changes["accent"] = accents[0]
        changes["chart_colors"] = tuple(accents)
    minor = root.find(f".//{_A}fontScheme/{_A}minorFont/{_A}latin")
    if minor is not None and (minor.get("typeface") or "").lower() in METRIC_COMPATIBLE:
        changes["font"] = minor.get("typeface")
    return replace(base, name=f"{base.name}+template", **changes)
