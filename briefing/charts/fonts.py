"""The faces of `briefing.text.faces`, registered with ReportLab, for whatever ReportLab draws.

Only what draws needs ReportLab to know a face: the layout measures from the files itself. The
chart drawings need it first (their axis labels measure themselves when the drawing is built),
then the PDFs, which embed every face they draw with; so the registration lives here, below
both, and not in `briefing.render.pdf`, which the charts may not import. The
main family is registered once per process (`register_fonts`); any other face when something
is about to be drawn in it (`ensure_face`): reading a TrueType file takes tens of
milliseconds, most documents need no fallback face, and the export worker would hold the
window for it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator
from functools import cache

from reportlab.graphics.shapes import Group, String
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.text.faces import BLOCK, MAIN, SHIPPED, FontSet, face_file
from briefing.text.outlines import truetype_block


@cache
def register_fonts() -> FontSet:
    """Register the main family once per process; returns it.

    Also declares the bold/italic mapping so platypus `<b>`/`<i>` pick the right file."""
    for name in MAIN.faces:
        ensure_face(name)
    for family in SHIPPED:
        addMapping(family.regular, 0, 0, family.regular)
        addMapping(family.regular, 1, 0, family.bold)
        addMapping(family.regular, 0, 1, family.italic)
        addMapping(family.regular, 1, 1, family.bold_italic)
        pdfmetrics.registerFontFamily(family.regular, normal=family.regular, bold=family.bold,
                                      italic=family.italic, boldItalic=family.bold_italic)
    return MAIN


_REGISTER_LOCK = threading.Lock()
_registered: set[str] = set()


def ensure_face(name: str) -> str:
    """Register face `name` with ReportLab unless it is already; returns `name`."""
    if name in _registered:
        return name
    with _REGISTER_LOCK:
        if name not in _registered:
            file = face_file(name)
            if file.block is None:
                font = TTFont(name, str(file.path), subfontIndex=file.index)
            else:  # a block of a font with PostScript outlines, as TrueType
                first = file.block * BLOCK
                font = TTFont(name, io.BytesIO(truetype_block(
                    file.path, file.index, first, first + BLOCK - 1, name)))
            pdfmetrics.registerFont(font)
            _registered.add(name)
    return name


def ensure_faces(runs: Iterable[tuple[str, str]]) -> None:
    """Register the face of every (piece, face) run about to be drawn."""
    for _piece, font in runs:
        ensure_face(font)


def ensure_drawing_faces(drawing: Group) -> None:
    """Register every face a chart drawing's text is in, before ReportLab renders it."""
    for name in {node.fontName for node in _strings(drawing)}:
        ensure_face(name)


def _strings(group: Group) -> Iterator[String]:
    for node in group.contents:
        if isinstance(node, String):
            yield node
        elif isinstance(node, Group):
            yield from _strings(node)
