"""The font faces text is measured and drawn with: their files, names and metrics.

Every output measures and draws with the same files, so what the layout decided fits, fits.
The shipped faces (`resources/fonts`): Liberation Sans, metric-compatible with the Arial the
deck names; DejaVu Sans for what it lacks (Arabic script, symbols); Noto Naskh Arabic for the
Urdu letters DejaVu lacks (heh goal U+06C1, yeh barree U+06D2). A face is known by its
ReportLab name ("LiberationSans-Bold"), which the PDFs register it under
(`briefing.render.pdf.fonts`); this module reads the files itself (fontTools), so the layout
measures without loading ReportLab or python-pptx.

The main family is Liberation Sans unless an export says otherwise (`using_main`): a corporate
template's font found on the machine (`briefing.text.mainfont`) measures and draws in its place,
for that export only; `MAIN` names the faces of the main family in force. Titles and headings
have a family of their own where the template's heading font differs from its body font and can
be used (`heading_faces`, `HEADING`); text measured or drawn inside `as_heading` is a heading's.

Widths are those ReportLab computes from the same tables (advance x 1000 / unitsPerEm), so
measuring here and drawing there agree to the last bit (a test compares them).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.resources import fonts_dir

FAMILY = "LiberationSans"
FALLBACK = "DejaVuSans"

_FILES: dict[str, str] = {
    "LiberationSans": "LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "LiberationSans-Bold.ttf",
    "LiberationSans-Italic": "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic": "LiberationSans-BoldItalic.ttf",
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "NotoNaskhArabic": "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold": "NotoNaskhArabic-Bold.ttf",
}


@dataclass(frozen=True)
class FontSet:
    """ReportLab names of one family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, bold: bool = False, italic: bool = False) -> str:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular

    @property
    def faces(self) -> tuple[str, str, str, str]:
        return (self.regular, self.bold, self.italic, self.bold_italic)


#: the shipped main family: Liberation Sans, with Arial's advance widths
LIBERATION = FontSet("LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic",
                     "LiberationSans-BoldItalic")
# DejaVu ships no italic: the upright faces stand in for it (better than a missing glyph).
ARABIC = FontSet("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans", "DejaVuSans-Bold")
# Urdu letters DejaVu lacks; Noto Naskh has no italic either. Its Latin is a few signs only.
URDU = FontSet("NotoNaskhArabic", "NotoNaskhArabic-Bold", "NotoNaskhArabic",
               "NotoNaskhArabic-Bold")
SHIPPED = (LIBERATION, ARABIC, URDU)

#: the main family of the export in progress in this thread (`using_main`): Liberation Sans,
#: or a corporate template's font (`briefing.text.mainfont`). A context variable, not a global:
#: the desktop app lays out previews in one thread while it exports in another.
_CURRENT: ContextVar[FontSet] = ContextVar("main_faces", default=LIBERATION)
#: the family of titles and headings in the export in progress (`using_main`); None: the main
#: family's
_HEADING: ContextVar[FontSet | None] = ContextVar("heading_faces", default=None)


def main_faces() -> FontSet:
    """The main family text is measured and drawn in now (Liberation Sans by default)."""
    return _CURRENT.get()


def heading_faces() -> FontSet:
    """The family titles and headings are measured and drawn in now: a template's heading
    font where it differs from its body font and can be used, else the main family."""
    return _HEADING.get() or _CURRENT.get()


@contextmanager
def using_main(faces: FontSet | None, heading: FontSet | None = None) -> Iterator[FontSet]:
    """Measure and draw with `faces` as the main family inside the block (None: Liberation
    Sans), and titles and headings with `heading` (None: the main family). Every cache of
    measured text is keyed by the family it measures in, so an export in one family never
    hands its line breaks to the next export in another."""
    main = faces or LIBERATION
    token = _CURRENT.set(main)
    heading_token = _HEADING.set(heading if heading not in (None, main) else None)
    try:
        yield main
    finally:
        _HEADING.reset(heading_token)
        _CURRENT.reset(token)


@contextmanager
def as_heading(heading: bool = True) -> Iterator[FontSet]:
    """Inside the block (when `heading`), what is measured and drawn is a title's or a
    heading's: the main family is the heading family (`heading_faces`), so every measurement
    and every renderer's choice of face follows it, and every cache keyed by the main family
    keeps the two apart. Outside, or without `heading`, nothing changes."""
    if not heading or _HEADING.get() is None:
        yield _CURRENT.get()
        return
    token = _CURRENT.set(heading_faces())
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


class _Faces:
    """A family's faces as its context variable gives them now, for the renderers that name
    them (`MAIN.regular`, `HEADING.bold`), so they follow the export's fonts."""

    __slots__ = ("_get",)

    def __init__(self, get) -> None:
        self._get = get

    @property
    def regular(self) -> str:
        return self._get().regular

    @property
    def bold(self) -> str:
        return self._get().bold

    @property
    def italic(self) -> str:
        return self._get().italic

    @property
    def bold_italic(self) -> str:
        return self._get().bold_italic

    @property
    def faces(self) -> tuple[str, str, str, str]:
        return self._get().faces

    def face(self, bold: bool = False, italic: bool = False) -> str:
        return self._get().face(bold, italic)


#: the main family's faces (`main_faces`), as they are now
MAIN = _Faces(main_faces)
#: the faces of titles and headings (`heading_faces`), as they are now
HEADING = _Faces(heading_faces)


@dataclass(frozen=True)
class FaceFile:
    """Where a face's glyphs are: a TrueType or OpenType file, and the font's index in a
    collection. `postscript` is set for a font with PostScript (CFF) outlines, which is drawn
    through TrueType faces converted from it (`briefing.text.outlines`), one per set of
    characters a document uses."""

    path: Path
    index: int = 0
    family: str = ""  # the family name an office application knows it by
    postscript: bool = False


@dataclass(frozen=True)
class Metrics:
    """A face's advance widths in 1/1000 em by code point, and the width of a missing glyph."""

    widths: dict[int, float]
    default: float

    @property
    def cmap(self) -> frozenset[int]:
        return frozenset(self.widths)


_EXTRA: dict[str, FaceFile] = {}  # faces found on the machine (`briefing.text.fallback`)
_EXTRA_LOCK = threading.Lock()


def add_face(name: str, file: FaceFile) -> str:
    """Make a face outside the shipped ones known under `name` (a system fallback font)."""
    with _EXTRA_LOCK:
        _EXTRA.setdefault(name, file)
    return name


def face_file(name: str) -> FaceFile:
    """The file a face's glyphs are in; KeyError for a name no one made known."""
    if name in _FILES:
        return FaceFile(fonts_dir() / _FILES[name], 0, "")
    return _EXTRA[name]


def is_shipped(name: str) -> bool:
    return name in _FILES


def metrics(name: str) -> Metrics:
    """The widths of face `name`, read once per process (per file, for faces cut from one)."""
    file = face_file(name)
    return file_metrics(file.path, file.index)


@cache
def file_metrics(path: Path, index: int) -> Metrics:
    """The widths of the font at `index` in file `path`."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    try:
        units = font["head"].unitsPerEm
        scale = 1.0 if units == 1000 else 1000 / units  # as ReportLab scales, bit for bit
        advances = font["hmtx"].metrics
        default = advances[font.getGlyphOrder()[0]][0] * scale
        widths = {code: advances[glyph][0] * scale
                  for code, glyph in (font.getBestCmap() or {}).items()}
    finally:
        font.close()
    if 0x20 in widths:  # ReportLab draws a no-break space with the space's glyph
        widths[0xA0] = widths[0x20]
    return Metrics(widths, default)


def cmap(name: str) -> frozenset[int]:
    """The code points face `name` has glyphs for."""
    return _cmap(name)


@cache
def _cmap(name: str) -> frozenset[int]:
    return metrics(name).cmap


def width(text: str, font: str, size: float) -> float:
    """Width in points of `text` drawn in face `font`: ReportLab's `stringWidth`, the same sum
    in the same order (a plain loop: `sum` of floats compensates from Python 3.12 on)."""
    face = metrics(font)
    get, default = face.widths.get, face.default
    total = 0.0
    for char in text:
        total += get(ord(char), default)
    return 0.001 * size * total
