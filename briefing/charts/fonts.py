"""The faces of `briefing.text.faces`, registered with ReportLab, for whatever ReportLab draws.

Only what draws needs ReportLab to know a face: the layout measures from the files itself. The
chart drawings need it first (their axis labels measure themselves when the drawing is built),
then the PDFs, which embed every face they draw with; so the registration lives here, below
both, and not in `briefing.render.pdf`, which the charts may not import. The
main family is registered once per process (`register_fonts`); any other face when something
is about to be drawn in it (`ensure_face`): reading a TrueType file takes tens of
milliseconds, most documents need no fallback face, and the export worker would hold the
window for it.

A font of the machine's with PostScript outlines (Noto Sans CJK) is registered as one TrueType
face converted from it (`briefing.text.outlines`): before a PDF is drawn, `prepare_faces` is
given the text it will draw and registers a face holding exactly the characters that text takes
from that font, so its bytes depend only on the document, never on what was drawn before.
ReportLab never replaces a registered font, so each such face has a name of its own (the
layout's name and a digest of its characters), which `ensure_face` returns for drawing. A
character drawn that was not in that text (made up by a renderer) makes a face with it added.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from reportlab.graphics.shapes import Group, String
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.text.faces import SHIPPED, FontSet, face_file, heading_faces, main_faces
from briefing.text.fallback import face_for, shipped_has
from briefing.text.outlines import truetype_face


def register_fonts() -> FontSet:
    """Register the main family of the export in progress (`briefing.text.faces.main_faces`:
    Liberation Sans, or a template's font), and its titles' family where that is another
    (`heading_faces`), once per process; returns the main family.

    Also declares the bold/italic mapping so platypus `<b>`/`<i>` pick the right file."""
    heading = heading_faces()
    if heading != main_faces():
        _register_family(heading)
    return _register_family(main_faces())


@cache
def _register_family(main: FontSet) -> FontSet:
    for name in main.faces:
        ensure_face(name)
    for family in dict.fromkeys((main, *SHIPPED)):
        addMapping(family.regular, 0, 0, family.regular)
        addMapping(family.regular, 1, 0, family.bold)
        addMapping(family.regular, 0, 1, family.italic)
        addMapping(family.regular, 1, 1, family.bold_italic)
        pdfmetrics.registerFontFamily(family.regular, normal=family.regular, bold=family.bold,
                                      italic=family.italic, boldItalic=family.bold_italic)
    return main


def embed_problem(faces: FontSet) -> str | None:
    """Why ReportLab cannot embed a face of `faces` (a template's font, checked with fontTools
    first: `briefing.text.mainfont`); None when every face is registered and can be drawn."""
    for name in dict.fromkeys(faces.faces):
        try:
            ensure_face(name)
        except Exception as exc:  # noqa: BLE001 - ReportLab raises many kinds for a bad file
            return (f"{face_file(name).path.name} cannot be embedded in a PDF "
                    f"({' '.join(str(exc).split())[:160]})")
    return None


_REGISTER_LOCK = threading.Lock()
_registered: set[str] = set()
#: a face converted from PostScript outlines -> the code points of the face registered for it
#: now, and the name that face is registered (and drawn) under
_converted: dict[str, tuple[frozenset[int], str]] = {}


def ensure_face(name: str, text: str = "") -> str:
    """Register face `name` with ReportLab unless it is already; returns the name to draw
    `text` with: `name` itself, except for a face converted from PostScript outlines, which is
    registered once per set of characters (ReportLab never replaces a registered font), under
    `name` and a digest of the set; one that lacks some of `text` is made again with it."""
    if name in _registered:
        return name
    with _REGISTER_LOCK:
        if name in _registered:
            return name
        file = face_file(name)
        if not file.postscript:
            pdfmetrics.registerFont(TTFont(name, str(file.path), subfontIndex=file.index))
            _registered.add(name)
            return name
        codes = frozenset(map(ord, text))
        have, drawn = _converted.get(name, (None, ""))
        if have is None or not codes <= have:
            drawn = _register_converted(name, codes | (have or frozenset()))
        return drawn


def prepare_faces(texts: Iterable[str]) -> None:
    """Before a PDF is drawn: register, for each font with PostScript outlines that `texts`
    need, one face with exactly the characters they take from it (one conversion per export
    instead of one per character; the same texts give the same bytes, whatever was drawn
    before)."""
    chars: set[str] = set()
    for text in texts:
        chars.update(text)
    wanted: dict[str, set[int]] = {}
    for char in chars:
        if shipped_has(char):
            continue
        name = face_for(char)
        if name is not None and face_file(name).postscript:
            wanted.setdefault(name, set()).add(ord(char))
    with _REGISTER_LOCK:
        for name in set(_converted) - set(wanted):
            del _converted[name]  # made from what is drawn, should any of it be
        for name, codes in sorted(wanted.items()):
            if _converted.get(name, (None,))[0] != codes:
                _register_converted(name, frozenset(codes))


def _register_converted(name: str, codes: frozenset[int]) -> str:
    """Register the face of `codes` converted from `name` (once per process); its name."""
    digest = hashlib.sha256(",".join(map(str, sorted(codes))).encode()).hexdigest()[:12]
    drawn = f"{name}-{digest}"
    if drawn not in _registered:
        file = face_file(name)
        data = truetype_face(file.path, file.index, codes, drawn)
        pdfmetrics.registerFont(TTFont(drawn, io.BytesIO(data)))
        _registered.add(drawn)
    _converted[name] = (codes, drawn)
    return drawn


def ensure_faces(runs: Iterable[tuple[str, str]]) -> list[str]:
    """Register the face of every (piece, face) run about to be drawn; the names to draw
    the runs with (`ensure_face`)."""
    return [ensure_face(font, piece) for piece, font in runs]


def ensure_drawing_faces(drawing: Group) -> dict[str, str]:
    """Register every face a chart drawing's text is in, before ReportLab renders it; the
    faces to be drawn under another name (`ensure_face`), with that name."""
    texts: dict[str, list[str]] = {}
    for node in _strings(drawing):
        texts.setdefault(node.fontName, []).append(node.text)
    drawn = {name: ensure_face(name, "".join(pieces)) for name, pieces in texts.items()}
    return {name: other for name, other in drawn.items() if other != name}


@contextmanager
def drawn_names(drawing: Group, names: dict[str, str]) -> Iterator[None]:
    """The drawing's text in the faces `names` gives while ReportLab renders it, as it was
    after (a cached drawing is shared: the caller holds the lock that renders it)."""
    changed = [node for node in _strings(drawing) if node.fontName in names] if names else []
    for node in changed:
        node.fontName = names[node.fontName]
    try:
        yield
    finally:
        reverse = {v: k for k, v in names.items()}
        for node in changed:
            node.fontName = reverse[node.fontName]


def _strings(group: Group) -> Iterator[String]:
    for node in group.contents:
        if isinstance(node, String):
            yield node
        elif isinstance(node, Group):
            yield from _strings(node)
