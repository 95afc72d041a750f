"""The characters a document uses from a PostScript-outline font, as one small TrueType font.

The CJK fonts desktops carry (Noto Sans CJK, Source Han Sans) have PostScript (CFF) outlines,
which ReportLab cannot embed; the whole font has 65,000 glyphs, too many to convert for a few
pages. So a fallback font of that kind is drawn through one TrueType face per set of
characters: those a document uses (`briefing.charts.fonts.prepare_faces`), built in one go with
fontTools' public pens (cubic curves to quadratic ones, `Cu2QuPen`) and `FontBuilder`. Each
glyph is converted once per process (well under a millisecond) and kept; the face holds exactly the
characters asked for, in code point order, so the same set gives the same bytes whatever the
process built before. Advance widths are the font's own: what the layout measured is drawn.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MAX_ERROR = 1.0  # font units: the conversion's largest distance from the original curves


class _Source:
    """A source font opened once (reading its tables takes about a second), with the glyphs
    converted so far. With a lock: a font object is not for two threads at once."""

    def __init__(self, path: Path, index: int) -> None:
        from fontTools.ttLib import TTFont

        self.font = TTFont(str(path), fontNumber=index, lazy=True)
        self.best = self.font.getBestCmap() or {}
        self.shapes = self.font.getGlyphSet()
        self.converted: dict[str, object] = {}
        self.lock = threading.Lock()

    def glyph(self, name: str):
        """Glyph `name` as a TrueType glyph (converted on first use, then remembered)."""
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        done = self.converted.get(name)
        if done is None:
            pen = TTGlyphPen(None)
            self.shapes[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
            done = self.converted[name] = pen.glyph()
        return done


@cache
def _source(path: Path, index: int) -> _Source:
    return _Source(path, index)


def truetype_face(path: Path, index: int, codes: Iterable[int], name: str) -> bytes:
    """The glyphs for code points `codes` of font `index` in `path`, as a TrueType font named
    `name`; code points the font lacks are left out."""
    source = _source(path, index)
    with source.lock:
        return _build(source, sorted(set(codes)), name)


def _build(source: _Source, codes: list[int], name: str) -> bytes:
    from fontTools.fontBuilder import FontBuilder

    font = source.font
    cmap = {code: source.best[code] for code in codes if code in source.best}
    order = [font.getGlyphOrder()[0]]
    seen = set(order)
    for glyph in cmap.values():
        if glyph not in seen:
            seen.add(glyph)
            order.append(glyph)
    glyphs = {glyph: source.glyph(glyph) for glyph in order}
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    advances = font["hmtx"].metrics
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.setupHead(unitsPerEm=head.unitsPerEm, created=head.created,
                      modified=head.created)  # the source's dates: same font, same bytes
    builder.font.recalcTimestamp = False
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    table = builder.font["glyf"]
    builder.setupHorizontalMetrics({
        glyph: (advances[glyph][0], getattr(table[glyph], "xMin", 0)) for glyph in order})
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
    builder.setupNameTable({"familyName": name, "styleName": "Regular", "psName": name})
    builder.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                     usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
                     fsType=os2.fsType)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
