"""Colour rules every output shares: WCAG 2.1 contrast, the text colour readable on a fill, and
CIELAB lightness (what a colour keeps when printed or viewed in greyscale)."""

from __future__ import annotations

from dataclasses import replace

from briefing.format.themes import Theme

#: WCAG 2.1 AA: the least contrast ratio of normal text, and of large text (>= 18 pt, or
#: >= 14 pt bold), against what it is drawn on
AA_NORMAL = 4.5
AA_LARGE = 3.0


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a hex colour ('1F4E79' or '#1F4E79'), 0 (black) to 1."""
    r, g, b = (_linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two hex colours, 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_large(size: float, bold: bool) -> bool:
    """WCAG's large text: at least 18 pt, or 14 pt bold (3:1 suffices)."""
    return size >= 18.0 or (bold and size >= 14.0)


def required_ratio(size: float, bold: bool) -> float:
    """The least contrast ratio WCAG AA asks of text of this size and weight."""
    return AA_LARGE if is_large(size, bold) else AA_NORMAL


def contrast(fill: str) -> str:
    """Black or white, whichever has the higher contrast ratio on `fill` (WCAG 2 relative
    luminance), for text drawn on that colour: a bar, a slice, a tag."""
    return "000000" if contrast_ratio("000000", fill) >= contrast_ratio("FFFFFF", fill) \
        else "FFFFFF"


def readable(color: str, fill: str, ratio: float = AA_NORMAL) -> str:
    """`color` where it reads on `fill` with at least `ratio`, else black or white, whichever
    reads better: a theme's chosen text colour is kept wherever it is legible."""
    color = color.lstrip("#").upper()
    return color if contrast_ratio(color, fill) >= ratio else contrast(fill)


def lightness(color: str) -> float:
    """CIELAB L* (0 black to 100 white, D65) of a hex colour: what tells two colours apart
    in greyscale, on a black-and-white printer or to a reader who does not see hue."""
    y = luminance(color)  # the same linear-light Y as CIE XYZ for sRGB
    f = y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


def legible(theme: Theme) -> Theme:
    """`theme` with every text colour readable on what the layout draws it on (WCAG AA), each
    kept where it already reads: body and muted text on the background (4.5:1), the accent
    as a heading's colour (3:1, headings are large), and the words on the accent, the banner
    and the caveat tag on their fills. Every layout and the paper take their theme through
    here, so a theme or a template's colour scheme cannot make a text unreadable."""
    bg = theme.background
    accent = readable(theme.accent, bg, AA_LARGE)
    banner = theme.banner.lstrip("#").upper()
    warning = theme.warning.lstrip("#").upper()
    changed = replace(
        theme, text=readable(theme.text, bg), muted=readable(theme.muted, bg), accent=accent,
        accent_text=readable(theme.accent_text, accent),
        banner_text=readable(theme.banner_text, banner),
        warning_text=readable(theme.warning_text, warning))
    return theme if _same(changed, theme) else changed


def _same(a: Theme, b: Theme) -> bool:
    fields = ("text", "muted", "accent", "accent_text", "banner_text", "warning_text")
    return all(getattr(a, f).lstrip("#").upper() == getattr(b, f).lstrip("#").upper()
               for f in fields)
