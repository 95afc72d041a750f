"""The colours of what is printed on white paper, decided once (the briefing paper, and the
handout's page banners and footers): the paper draws with these and the contrast test
checks these, so what is tested is what is printed.

The paper is white (`render.pdf.common.paper_theme`); its text takes the theme's colours,
and text on a fill (a confidence tag, a table header, the classification line) takes the
theme's text colour where it reads, else black or white (`colors.readable`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from briefing.format.themes import Theme

from .colors import AA_NORMAL, contrast, readable
from .legibility import Ink

PAPER = "FFFFFF"


@dataclass(frozen=True)
class PaperInk:
    text: str
    heading: str  # cover title, contents title, section headings
    muted: str  # captions, citations, the cover's details
    banner: str
    banner_text: str
    header_fill: str  # table header row
    header_text: str
    stripe: str  # every other table row
    grid: str  # table lines
    caveat_fill: str
    caveat_line: str
    caveat_text: str
    placeholder_fill: str  # an empty section's box
    placeholder_line: str
    missing: str  # "Image not available"

    def tag_text(self, fill: str) -> str:
        """A confidence tag's words on its colour."""
        return contrast(fill)


def paper_ink(theme: Theme) -> PaperInk:
    """The paper's colours for `theme` (already the paper's theme: white background)."""
    header = theme.accent.lstrip("#").upper()
    banner = theme.banner.lstrip("#").upper()
    caveat_fill = "FFF4E0"
    placeholder = "EEF2F6"
    return PaperInk(
        text=readable(theme.text, PAPER), heading=readable(theme.accent, PAPER),
        muted=readable(theme.muted, PAPER), banner=banner,
        banner_text=readable(theme.banner_text, banner), header_fill=header,
        header_text=readable(theme.accent_text, header), stripe="F2F4F6", grid="C4CBD2",
        caveat_fill=caveat_fill, caveat_line="E3A21A",
        caveat_text=readable("7A4B00", caveat_fill), placeholder_fill=placeholder,
        placeholder_line="B8C2CC", missing=readable("666666", PAPER, AA_NORMAL))


def paper_inks(theme: Theme) -> Iterator[Ink]:
    """Every text colour of the paper on what it is drawn on, at the smallest size it is
    drawn at (the sizes of `render.pdf.paper`'s styles)."""
    ink = paper_ink(theme)
    yield Ink("paper body", ink.text, PAPER, 9.0)
    yield Ink("paper body on a stripe", ink.text, ink.stripe, 9.0)
    yield Ink("paper heading", ink.heading, PAPER, 16.0, True)
    yield Ink("paper muted text", ink.muted, PAPER, 8.5)
    yield Ink("paper classification line", ink.banner_text, ink.banner, 12.0, True)
    yield Ink("paper table header", ink.header_text, ink.header_fill, 9.0, True)
    yield Ink("paper caveat", ink.caveat_text, ink.caveat_fill, 9.5, True)
    yield Ink("paper empty section", ink.text, ink.placeholder_fill, 9.0)
    yield Ink("paper missing image", ink.missing, PAPER, 10.0)
    for level, fill in theme.confidence:
        yield Ink(f"paper {level} confidence tag", ink.tag_text(fill), fill.upper(), 8.5, True)
    yield Ink("page banner (paper and handout)", ink.banner_text, ink.banner, 9.0, True)
    yield Ink("page footer (paper and handout)", ink.muted, PAPER, 8.0)
