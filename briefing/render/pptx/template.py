"""Opening the presentation to draw into: python-pptx's blank one or an organisation's template.

A template is a stranger's file: python-pptx opens only the clean package `pptx_clean` makes of
it (no macros, links, DTDs or bombs, and none of its slides). Its layouts are chosen by what
placeholders they carry (cover: title and subtitle; section header: title and one body; title
only; none), never by name or position, since every organisation names and orders them its own
way. Its look (`template_look`) wins over the briefing's theme in every output of the export:
its colour scheme, and its fonts (`template_fonts`): its body font, Arial and its metric twins as
ever (measured in Liberation Sans), any other font where this machine has it and a PDF may embed
it (`briefing.text.mainfont`), which every output then measures with, the PDFs embed and the
deck names; and its heading font, by the same rules, for titles and headings. A font that
cannot be used is named in one warning with what stands in for it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
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
from briefing.render.pptx.masters import fit_to_slide, in_the_way_warning, size_warning
from briefing.text.mainfont import DEFAULT as DEFAULT_FONT
from briefing.text.mainfont import STAND_IN, MainFont, find_main_font

_IGNORED = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
#: families with Arial's advance widths, so our measurements hold for them
METRIC_COMPATIBLE = {"arial", "liberation sans", "arimo", "helvetica", "helvetica neue"}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


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
    """What a template decides for every output of an export: the theme (its colours, and the
    family the deck names), the main font every output measures and draws with, and what the
    user should be told about the choice."""

    theme: Theme
    warnings: tuple[str, ...] = ()
    main_font: MainFont = DEFAULT_FONT
    #: the font of titles and headings where it is not the main font (None: the main font's)
    heading_font: MainFont | None = None


def template_look(prs, requested: str | None = None, template_name: str = "") -> TemplateLook:
    """The template wins: its colour scheme over the default theme's, and its body font where
    it can be used (`template_font`), for the deck and every PDF of the export. A theme the
    briefing asks for (`requested`, e.g. high-contrast) is not mixed in (its yellow banners on a
    cream corporate deck would belong to neither) and a warning says so; so does a template font
    that cannot be used."""
    warnings: list[str] = []
    if requested and requested != DEFAULT_THEME:
        warnings.append(
            f"the briefing's theme {requested!r} is not used with a template: the template's "
            "colours apply to every output (export without --template for the "
            f"{requested} look)")
    fonts = template_fonts(prs)
    theme = template_theme(prs, load_theme(None), template_name, fonts.main, fonts.heading)
    warnings += fonts.warnings
    size = size_warning(prs, template_name)
    fit_to_slide(prs)  # the masters at the deck's size: what is in the deck's way is there
    hidden = in_the_way_warning(prs, template_name)
    warnings += [w for w in (size, hidden) if w]
    return TemplateLook(theme, tuple(warnings), fonts.main, fonts.heading)


def template_theme(prs, base: Theme, template_name: str = "",
                   main: MainFont | None = None, heading: MainFont | None = None) -> Theme:
    """The base theme with the template's colour scheme and fonts: `main`, the body font
    `template_fonts` found (the deck names it, and the theme says which faces measure it), else
    the template's own name for it when that has Arial's metrics; `heading`, the font of titles
    where it is another (None: the body font's)."""
    root = _theme_xml(prs)
    scheme = root.find(f".//{_A}clrScheme") if root is not None else None
    if scheme is None:
        return base
    col = {child.tag.replace(_A, ""): _scheme_color(child, template_name or "the template")
           for child in scheme if isinstance(child.tag, str)}
    accents = [col.get(f"accent{i}") for i in range(1, 7)]
    accents = [a for a in accents if a]
    changes: dict = {}
    mapped = _master_colors(prs, col)
    for key, role in (("text", "tx1"), ("muted", "tx2"), ("background", "bg1"),
                      ("surface", "bg2")):
        if mapped.get(role):
            changes[key] = mapped[role]
    if accents:
        changes["accent"] = accents[0]
        changes["accent_text"] = ink_on(accents[0])
        changes["chart_colors"] = tuple(accents)
    minor = _typeface(root, "minorFont")
    if main is not None and main != DEFAULT_FONT:
        changes["font"], changes["measure_font"] = main.family, main.faces.regular
    elif minor.lower() in METRIC_COMPATIBLE:
        changes["font"] = minor
    if heading is not None:
        changes["heading_font"] = heading.family
        changes["heading_measure_font"] = heading.faces.regular
    return replace(base, name=f"{base.name}+template", **changes)


#: what the slide's background, text and their second shades are, by the master's colour map
_CLR_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


def _master_colors(prs, col: dict[str, str | None]) -> dict[str, str | None]:
    """The colours of the slides' background and text (`bg1`, `tx1`, `bg2`, `tx2`) as the
    first master maps the scheme's (`p:clrMap`: a dark template maps the background to its
    dark colour, `bg1="dk1"`, and the text to its light one), and the master's own solid
    background where it sets one: what PowerPoint shows behind the deck's text, so every
    output draws on it."""
    master = prs.slide_master.element
    clr_map = master.find(f"{_P_NS}clrMap")
    names = {role: (clr_map.get(role) if clr_map is not None else None) or default
             for role, default in _CLR_MAP.items()}
    out = {role: col.get(name) for role, name in names.items()}
    fill = master.find(f"{_P_NS}cSld/{_P_NS}bg/{_P_NS}bgPr/{_A}solidFill")
    if fill is None:  # a reference to the theme's background fill, in a colour of its own
        fill = master.find(f"{_P_NS}cSld/{_P_NS}bg/{_P_NS}bgRef")
    if fill is not None:
        own = _fill_color(fill, col, names)
        if own:
            out["bg1"] = own
    return out


def _fill_color(fill, col: dict[str, str | None], names: dict[str, str]) -> str | None:
    """The RRGGBB colour of a solid fill: its own, or a scheme colour (`schemeClr`, through
    the colour map); None for any other kind (a gradient, a picture, a preset name)."""
    rgb = fill.find(f"{_A}srgbClr")
    if rgb is not None:
        value = (rgb.get("val") or "").upper()
        return value if _HEX_COLOR.fullmatch(value) else None
    scheme = fill.find(f"{_A}schemeClr")
    if scheme is None or len(scheme):  # a tint or shade of it: not the colour itself
        return None
    name = scheme.get("val") or ""
    return col.get(names.get(name, name))


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


@dataclass(frozen=True)
class TemplateFonts:
    """What an export does with a template's theme fonts: `main`, the font of every output's
    text; `heading`, the font of titles and headings where it is another (None: `main`); and
    what to tell the user."""

    main: MainFont = DEFAULT_FONT
    heading: MainFont | None = None
    warnings: tuple[str, ...] = ()


def template_fonts(prs) -> TemplateFonts:
    """The fonts of an export with this template, and what to say about them.

    The theme's body font ("minorFont") is used where it can be: Arial and its metric twins
    are measured in Liberation Sans as ever; another font this machine has, whose files parse
    and may be embedded (`briefing.text.mainfont`, then ReportLab itself), becomes the main
    font. The heading font ("majorFont"), where it is another, draws titles and headings by the
    same rules (`_heading_font`). One warning per font that is not used names it and what
    stands in."""
    root = _theme_xml(prs)
    minor, major = _typeface(root, "minorFont"), _typeface(root, "majorFont")
    main, warnings = DEFAULT_FONT, []
    if _named(minor) and minor.lower() not in METRIC_COMPATIBLE:
        found = find_main_font(minor)
        problem = _embed_problem(found.font) if found.font is not None else None
        if problem is not None:
            warnings.append(f"the template's font {minor!r} is installed but cannot be used: "
                            f"{problem}; every output uses {STAND_IN} instead, and the deck "
                            "names Arial")
        else:
            main = found.font or DEFAULT_FONT
            warnings += found.warnings
    heading = None
    if _named(major) and major.lower() != minor.lower():
        heading, said = _heading_font(major, main)
        warnings += said
    return TemplateFonts(main, heading, tuple(warnings))


def _heading_font(major: str, main: MainFont) -> tuple[MainFont | None, list[str]]:
    """The template's heading font `major`, other than its body font, for titles and
    headings: Liberation Sans for Arial and its twins (the deck names `major`), else the font
    this machine has and a PDF may embed; None when it draws as `main` does, or cannot be used
    (then one warning says so, and what draws titles instead)."""
    if major.lower() in METRIC_COMPATIBLE:
        font = MainFont(major, DEFAULT_FONT.faces)
        return (None if main.faces == font.faces else font), []
    found = find_main_font(major)
    problem = found.reason
    if found.font is not None:
        problem = _embed_problem(found.font)
        if problem is not None:
            problem = f"is installed but cannot be used: {problem}"
    if problem:
        body = (f"the body font {main.family!r}" if main != DEFAULT_FONT
                else f"{STAND_IN}, and the deck names Arial")
        return None, [f"the template's heading font {major!r} {problem}: titles are drawn "
                      f"in {body}, like the rest of the text"]
    assert found.font is not None
    if found.font.faces == main.faces:
        return None, []
    return found.font, list(found.warnings)


def _named(family: str) -> bool:
    """A font the theme names itself (not empty, not a "+mj-lt" reference to another)."""
    return bool(family) and not family.startswith("+")


def _embed_problem(font: MainFont) -> str | None:
    """Why the PDFs cannot embed `font` (ReportLab's own reading of its files), or None."""
    from briefing.charts.fonts import embed_problem

    return embed_problem(font.faces)
