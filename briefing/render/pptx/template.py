"""Opening the presentation to draw into: python-pptx's blank one or an organisation's template.

A template is a stranger's file: python-pptx opens only the clean package `pptx_clean` makes of
it (no macros, links, DTDs or bombs, and none of its slides). Its layouts are chosen by what
placeholders they carry (cover: title and subtitle; section header: title and one body; title
only; none), never by name or position, since every organisation names and orders them its own
way. Its look (`template_look`) wins over the briefing's theme in every output of the export:
its colour scheme, and its body font when that font has the metrics we measure with (otherwise
text could overflow, so the font is named in a warning and Arial's metrics kept).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.errors import ExportError
from briefing.format.themes import DEFAULT_THEME, Theme, load_theme
from briefing.layout.colors import contrast
from briefing.render.pptx.clean import XML_PARSER, CleanTemplate, clean_template
from briefing.text.fallback import ENV_SWITCH

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
    """The layout's placeholder kinds ("title" for either kind of title; date, footer and
    slide number left out); a vertical placeholder counts as its own kind, so "Title and
    Vertical Text" is never taken for a section header."""
    out = set()
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in _IGNORED:
            continue
        name = "title" if kind in _TITLES else str(kind)
        body_pr = ph._element.find(f".//{_A}bodyPr")
        if body_pr is not None and body_pr.get("vert", "horz") != "horz":
            name += " vertical"
        out.add(name)
    return out


_SUBTITLE = str(PP_PLACEHOLDER.SUBTITLE)
_BODY = str(PP_PLACEHOLDER.BODY)


@dataclass(frozen=True)
class Layouts:
    """The template's layouts the deck uses, each found by the placeholders it carries:
    `title_slide` a title and a subtitle (the cover), `section_header` a title and one body
    (a divider), `title_only` a title alone, `blank` nothing. Any may be None."""

    title_slide: Any = None
    section_header: Any = None
    title_only: Any = None
    blank: Any = None

    def for_page(self, kind: str):
        """The layout for a page of `kind` ("title", "section_header", anything else)."""
        if kind == "title" and self.title_slide is not None:
            return self.title_slide
        if kind == "section_header" and self.section_header is not None:
            return self.section_header
        return self.title_only or self.blank


def pick_layouts(prs) -> Layouts:
    """The template's layouts by placeholder types (never names or positions, which every
    organisation sets its own way); the first of each kind in master order. A section header
    is first looked for by the layout's type (`secHead`, what PowerPoint's own "Section
    Header" declares) with a title and a body among its placeholders, then by placeholders
    alone; without one the deck draws its own (`Layouts.for_page`)."""
    wanted = {"title_slide": {"title", _SUBTITLE}, "section_header": {"title", _BODY},
              "title_only": {"title"}, "blank": set()}
    found: dict[str, Any] = {}
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            kinds = _kinds(layout)
            # the layout's declared type is the clearest sign of a section header, when it
            # still carries a title and a horizontal body to fill
            if "section_header" not in found and layout.element.get("type") == "secHead" \
                    and {"title", _BODY} <= kinds:
                found["section_header"] = layout
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            kinds = _kinds(layout)
            for role, shape in wanted.items():
                if role not in found and kinds == shape:
                    found[role] = layout
    layouts = Layouts(**found)
    if layouts.title_only is None and layouts.blank is None:
        raise ExportError("the template has neither a 'Title Only' nor a 'Blank' slide layout; "
                          "add one of them in PowerPoint's Slide Master view")
    return layouts


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


@dataclass(frozen=True)
class TemplateLook:
    """What a template decides for every output of an export: the theme (its colours, and its
    font where we can measure with it), and what the user should be told about the choice."""

    theme: Theme
    warnings: tuple[str, ...] = ()


def template_look(prs, requested: str | None = None, template_name: str = "") -> TemplateLook:
    """The template wins: its colour scheme over the default theme's, for the deck and every
    PDF of the export. A theme the briefing asks for (`requested`, e.g. high-contrast) is not
    mixed in (its yellow banners on a cream corporate deck would belong to neither) and a
    warning says so; so does a template font we cannot measure with."""
    warnings: list[str] = []
    if requested and requested != DEFAULT_THEME:
        warnings.append(
            f"the briefing's theme {requested!r} is not used with a template: the template's "
            "colours apply to every output (export without --template for the "
            f"{requested} look)")
    theme = template_theme(prs, load_theme(None), template_name)
    warnings += _font_warnings(prs)
    return TemplateLook(theme, tuple(warnings))


def template_theme(prs, base: Theme, template_name: str = "") -> Theme:
    """The base theme with the template's colour scheme (and body font, when compatible)."""
    root = _theme_xml(prs)
    scheme = root.find(f".//{_A}clrScheme") if root is not None else None
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
        changes["accent_text"] = ink_on(accents[0])
        changes["chart_colors"] = tuple(accents)
    minor = _typeface(root, "minorFont")
    if minor.lower() in METRIC_COMPATIBLE:
        changes["font"] = minor
    return replace(base, name=f"{base.name}+template", **changes)


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (the layout's one rule)."""
    return contrast(fill)


def _theme_xml(prs):
    try:
        theme_part = prs.slide_master.part.part_related_by(RT.THEME)
        return etree.fromstring(theme_part.blob, XML_PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None


def _typeface(root, which: str) -> str:
    """The Latin typeface of the theme's heading ("majorFont") or body ("minorFont") font."""
    if root is None:
        return ""
    found = root.find(f".//{_A}fontScheme/{_A}{which}/{_A}latin")
    return (found.get("typeface") or "").strip() if found is not None else ""


def _font_warnings(prs) -> list[str]:
    """One warning per template font the outputs do not use, naming it and what stands in."""
    root = _theme_xml(prs)
    out: list[str] = []
    for family in dict.fromkeys(_typeface(root, w) for w in ("majorFont", "minorFont")):
        if not family or family.startswith("+") or family.lower() in METRIC_COMPATIBLE:
            continue
        where = ("is installed, but the layout measures only with Arial's metrics"
                 if font_installed(family) else "is not installed on this machine")
        out.append(f"the template's font {family!r} {where}: the deck names Arial and the PDFs "
                   "are drawn in Liberation Sans (Arial's metrics), so the text fits as laid "
                   "out; use Arial in the template's theme fonts to avoid this")
    return out


_FC_SPECIAL = re.compile(r"([\\\-:,])")


@cache
def font_installed(family: str) -> bool:
    """fontconfig knows a font of exactly this family (as `briefing.text.fallback` asks it;
    False without fontconfig, or where machine fonts are switched off)."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return False
    exe = shutil.which("fc-list")
    if exe is None:
        return False
    pattern = ":family=" + _FC_SPECIAL.sub(r"\\\1", family)
    try:
        done = subprocess.run([exe, "--format", "%{family}\\n", pattern], capture_output=True,
                              timeout=20.0, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    names = {n.strip().lower() for line in done.stdout.decode("utf-8", "replace").splitlines()
             for n in line.split(",")}
    return done.returncode == 0 and family.lower() in names
