"""Colour rules every output shares."""

from __future__ import annotations


def contrast(fill: str) -> str:
    """Black or white, whichever has the higher contrast ratio on `fill` (WCAG 2 relative
    luminance), for text drawn on that colour: a bar, a slice, a tag."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    fill = fill.lstrip("#")
    r, g, b = (int(fill[i:i + 2], 16) for i in (0, 2, 4))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "FFFFFF"
