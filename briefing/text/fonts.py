"""The shipped TrueType fonts, registered with ReportLab so every PDF embeds them.

The layout measures text with Liberation Sans (metric-compatible with the Arial the deck asks
for), so the PDFs draw with exactly that file: what the layout decided fits, fits. Liberation
Sans has no Arabic-script glyphs, so text in Persian or Urdu falls back to DejaVu Sans, run by
run (`font_runs`), instead of printing empty boxes, and is shaped by `briefing.text.shaping`.
DejaVu Sans lacks a few common Urdu letters (heh goal U+06C1, yeh barree U+06D2): a run with
one of them is drawn with Noto Naskh Arabic instead, which has them and their presentation
forms. No base-14 font is ever used.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

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


MAIN = FontSet("LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic",
               "LiberationSans-BoldItalic")
# DejaVu ships no italic: the upright faces stand in for it (better than a missing glyph).
ARABIC = FontSet("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans", "DejaVuSans-Bold")
# Urdu letters DejaVu lacks; Noto Naskh has no italic either. Its Latin is a few signs only.
URDU = FontSet("NotoNaskhArabic", "NotoNaskhArabic-Bold", "NotoNaskhArabic",
               "NotoNaskhArabic-Bold")


@cache
def register_fonts() -> FontSet:
    """Register the shipped fonts once per process; returns the main family.

    Liberation Sans is read now; the fallback faces (DejaVu Sans, Noto Naskh Arabic) when the
    first text needs one (`ensure_face`): reading a TrueType file takes tens of milliseconds,
    most documents need none of them, and the export worker would hold the window for it.
    Also declares the bold/italic mapping so platypus `<b>`/`<i>` pick the right file.
    """
    for name in (MAIN.regular, MAIN.bold, MAIN.italic, MAIN.bold_italic):
        ensure_face(name)
    for family in (MAIN, ARABIC, URDU):
        addMapping(family.regular, 0, 0, family.regular)
        addMapping(family.regular, 1, 0, family.bold)
        addMapping(family.regular, 0, 1, family.italic)
        addMapping(family.regular, 1, 1, family.bold_italic)
    pdfmetrics.registerFontFamily(MAIN.regular, normal=MAIN.regular, bold=MAIN.bold,
                                  italic=MAIN.italic, boldItalic=MAIN.bold_italic)
    pdfmetrics.registerFontFamily(ARABIC.regular, normal=ARABIC.regular, bold=ARABIC.bold,
                                  italic=ARABIC.italic, boldItalic=ARABIC.bold_italic)
    pdfmetrics.registerFontFamily(URDU.regular, normal=URDU.regular, bold=URDU.bold,
                                  italic=URDU.italic, boldItalic=URDU.bold_italic)
    return MAIN


_REGISTER_LOCK = threading.Lock()


def ensure_face(name: str) -> str:
    """Register the shipped face `name` with ReportLab unless it is already; returns `name`."""
    if name in _registered:
        return name
    with _REGISTER_LOCK:
        if name not in _registered:
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / _FILES[name])))
            _registered.add(name)
    return name


_registered: set[str] = set()


def face_for_file(file_name: str) -> str:
    """The shipped face stored in `file_name`, registered with ReportLab."""
    return ensure_face(next(name for name, file in _FILES.items() if file == file_name))


@cache
def cmap(name: str) -> frozenset[int]:
    """The code points a shipped face has glyphs for."""
    register_fonts()
    ensure_face(name)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph.keys())


def _main_cmap() -> frozenset[int]:
    return cmap(MAIN.regular)


@cache
def _main_chars() -> frozenset[str]:
    return frozenset(map(chr, _main_cmap()))


def needs_fallback(char: str) -> bool:
    """True when Liberation Sans has no glyph for `char` (Arabic script, for one)."""
    return ord(char) not in _main_cmap() and not char.isspace()


def _split_fallback(text: str, bold: bool, italic: bool) -> list[tuple[str, str]]:
    """A run Liberation Sans cannot draw, as (piece, face) runs: all DejaVu Sans when it has
    every character; else what Noto Naskh Arabic has goes to Noto (the whole Urdu word, so
    its letters join in one style), the rest (a dingbat) stays with DejaVu."""
    dejavu, noto = ARABIC.face(bold, italic), URDU.face(bold, italic)
    have, urdu = cmap(ARABIC.regular), cmap(URDU.regular)
    if all(ord(c) in have or c.isspace() for c in text) or not any(
            ord(c) in urdu and ord(c) not in have for c in text):
        return [(text, dejavu)]
    return _group_by_font(text, lambda char: noto if ord(char) in urdu else dejavu)


def _group_by_font(text: str, pick) -> list[tuple[str, str]]:
    """`text` as (piece, font) runs of neighbouring characters `pick` gives one font; a space
    stays with the run it is in, so words are not broken apart."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = runs[-1][1] if char.isspace() and runs else pick(char)
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + char, font)
        else:
            runs.append((char, font))
    return runs


def font_runs(text: str, bold: bool = False, italic: bool = False,
              shape: bool = True, direction: str | None = None) -> list[tuple[str, str]]:
    """Split `text` into (piece, font name) runs: Liberation Sans, DejaVu Sans where it lacks
    glyphs (Noto Naskh Arabic for Urdu letters DejaVu lacks). Spaces stay with the run they are
    in, so words are not broken apart.

    With `shape`, the runs come back ready to draw left to right as one line: Arabic-script
    pieces in contextual forms (`briefing.text.shaping`), and the whole line in visual order by
    the Unicode Bidirectional Algorithm (`briefing.text.bidi`), so digits and Latin words inside
    a Persian phrase, and a Persian name inside an English sentence, sit where a reader expects.
    `direction` ("ltr", "rtl") is the paragraph's; by default its first strong letter's."""
    register_fonts()
    return list(_font_runs(text, bool(bold), bool(italic), bool(shape), direction))


@cache
def _plain_chars() -> frozenset[str]:
    """Characters Liberation Sans draws that never need reordering: a text made only of
    these is drawn as it is, in one run."""
    from briefing.text.bidi import RTL_CLASSES

    return frozenset(c for c in _main_chars() if unicodedata.bidirectional(c) not in RTL_CLASSES)


def _logical_runs(text: str, bold: bool, italic: bool) -> list[tuple[str, str]]:
    main, other = MAIN.face(bold, italic), ARABIC.face(bold, italic)
    runs = _group_by_font(text, lambda char: other if needs_fallback(char) else main)
    return [split for piece, font in runs
            for split in ([(piece, font)] if font == main
                          else _split_fallback(piece, bold, italic))]


@lru_cache(maxsize=100_000)
def _font_runs(text: str, bold: bool, italic: bool, shape: bool,
               direction: str | None = None) -> tuple[tuple[str, str], ...]:
    """`font_runs`, remembered: footers, banners and labels repeat on every page."""
    main = MAIN.face(bold, italic)
    if _plain_chars().issuperset(text):  # most text: one run, no character-by-character look
        return ((text, main),) if text else ()
    runs = _logical_runs(text, bold, italic)
    if shape:
        runs = _visual_runs(runs, main, direction)
    for _piece, font in runs:
        if font != main:
            ensure_face(font)
    return tuple(runs)


def _visual_runs(runs: list[tuple[str, str]], main: str,
                 direction: str | None) -> list[tuple[str, str]]:
    """Logical runs shaped (each with its own face's forms), then the line reordered."""
    from briefing.text.bidi import mirrored, needs_bidi, visual_order
    from briefing.text.shaping import shape

    shaped = [(piece if font == main else shape(piece, font), font) for piece, font in runs]
    line = "".join(piece for piece, _font in shaped)
    if not needs_bidi(line):
        return shaped
    fonts = [font for piece, font in shaped for _char in piece]
    order, levels = visual_order(line, direction)
    out: list[tuple[str, str]] = []
    for i in order:
        char, font = mirrored(line[i], levels[i]), fonts[i]
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + char, font)
        else:
            out.append((char, font))
    return out


def fallback_markup(text: str, bold: bool = False, italic: bool = False) -> str:
    """`text` escaped for a platypus Paragraph, with fallback-font spans where needed.

    `bold`/`italic` say what the surrounding style is, so the fallback face matches it."""
    parts = []
    for piece, font in font_runs(text, bold, italic):
        if font in (MAIN.regular, MAIN.bold, MAIN.italic, MAIN.bold_italic):
            parts.append(escape(piece))
        else:
            parts.append(f'<font name="{font}">{escape(piece)}</font>')
    return "".join(parts)


def string_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points as drawn, fallback runs included."""
    return sum(pdfmetrics.stringWidth(piece, font, size)
               for piece, font in font_runs(text, bold, italic))
