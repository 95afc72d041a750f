"""Opening the presentation to draw into: python-pptx's blank one or an organisation's template.

A template is a stranger's file: python-pptx opens only the clean package `pptx_clean` makes of
it (no macros, links, DTDs or bombs, and none of its slides). Its layouts are chosen by what
placeholders they carry (title only, or none), never by position, since every organisation
orders them differently. Its colour scheme becomes the deck's theme colours; its body font too
when that font has the metrics we measure with (otherwise text could overflow, so the theme's
font is kept).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.errors import ExportError
from briefing.format.themes import Theme
from briefing.render.pptx.clean import XML_PARSER, CleanTemplate, clean_template

_IGNORED = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
#: families with Arial's advance widths, so our measurements hold for them
METRIC_COMPATIBLE = {"arial", "liberation sans", "arimo", "helvetica", "helvetica neue"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def open_presentation(template: Path | CleanTemplate | None):
    """python-pptx's blank presentation, or the template's clean package (`pptx_clean`: only
    its masters, layouts, themes and pictures, without its slides); python-pptx never sees
    the file itself."""
    if template is None:
        return Presentation()
    clean = template if isinstance(template, CleanTemplate) else clean_template(Path(template))
    try:
        return Presentation(io.BytesIO(clean.data))
    except Exception as exc:  # python-pptx raises many kinds for a bad package
        raise ExportError(
            f"{clean.path.name} is not a PowerPoint template python-pptx can open "
            f"({type(exc).__name__}: {exc}); save it again as .pptx (not .ppt) and retry"
        ) from exc


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


_HEX_COLOR = re.compile(r"[0-9A-F]{6}")


def _scheme_color(el, template_name: str) -> str | None:
    """The colour of one scheme entry as RRGGBB (None: a kind we do not read, such as a preset
    name); a value that is no colour at all is the template's mistake, said in words."""
    name = el.tag.replace(_A, "")
    for kind, attr in (("srgbClr", "val"), ("sysClr", "lastClr")):
        found = el.find(f"{_A}{kind}")
        if found is None:
            continue
        value = (found.get(attr) or "").upper()
        if not value:
            return None
        if not _HEX_COLOR.fullmatch(value):
            raise ExportError(
                f"the colour scheme of template {template_name} gives {name} the value "
                f"{value[:40]!r}, which is not a colour (six hexadecimal digits, such as "
                "0F6E6E); set the colour again in PowerPoint (Design > Variants > Colors > "
                "Customize Colors) or choose another template")
        return value
    return None


def template_theme(prs, base: Theme, template_name: str = "") -> Theme:
    """The base theme with the template's colour scheme (and body font, when compatible)."""
    try:
        theme_part = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme_part.blob, XML_PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return base
    scheme = root.find(f".//{_A}clrScheme")
    if scheme is None:
        return base
    col = {child.tag.replace(_A, ""): _scheme_color(child, template_name or "the template")
           for child in scheme if isinstance(child.tag, str)}
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
