"""One block of a PostScript-outline font, as a small TrueType font a PDF can embed.

The CJK fonts desktops carry (Noto Sans CJK, Source Han Sans) have PostScript (CFF) outlines,
which ReportLab cannot embed; the whole font has 65,000 glyphs, too many to convert for a few
names. So a fallback font of that kind becomes one face per block of `faces.BLOCK` code points,
each converted when first drawn (about 11 ms a character), with fontTools' public pens
(cubic curves to quadratic ones, `Cu2QuPen`) and `FontBuilder`. A block holds every character
of its range the font has, whatever the document, so the same text gives the same bytes.
Advance widths are the font's own: what the layout measured is what is drawn.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from pathlib import Path

MAX_ERROR = 1.0  # font units: the conversion's largest distance from the original curves


@cache
def _source(path: Path, index: int):
    """The source font, opened once: reading its tables takes about a second, a block's
    glyphs a twentieth of that. With a lock: a font object is not for two threads at once."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    return font, font.getBestCmap() or {}, threading.Lock()


@cache
def truetype_block(path: Path, index: int, first: int, last: int, name: str) -> bytes:
    """The glyphs for code points `first`..`last` of font `index` in `path`, as TrueType."""
    source, best, lock = _source(path, index)
    with lock:
        return _block(source, best, first, last, name)


def _block(source, best: dict[int, str], first: int, last: int, name: str) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    cmap = {code: best[code] for code in range(first, last + 1) if code in best}
    order = [source.getGlyphOrder()[0]]
    for glyph in cmap.values():
        if glyph not in order:
            order.append(glyph)
    shapes = source.getGlyphSet()
    glyphs = {}
    for glyph in order:
        pen = TTGlyphPen(None)
        shapes[glyph].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[glyph] = pen.glyph()
    head, hhea, os2 = source["head"], source["hhea"], source["OS/2"]
    advances = source["hmtx"].metrics
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
