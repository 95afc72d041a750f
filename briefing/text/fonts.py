"""Which face draws each character of a text, and in which order the pieces are drawn.

Liberation Sans draws most text. Liberation Sans has no Arabic-script glyphs, so text in Persian
or Urdu falls back to DejaVu Sans, run by run (`font_runs`), instead of printing empty boxes,
and is shaped by `briefing.text.shaping`. DejaVu Sans lacks a few common Urdu letters (heh
goal U+06C1, yeh barree U+06D2): a run with one of them is drawn with Noto Naskh Arabic
instead, which has them and their presentation forms. No base-14 font is ever used. The faces
themselves (files, names, widths) are `briefing.text.faces`; registering them with ReportLab is
the PDF renderer's business (`briefing.render.pdf.fonts`).
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from briefing.text.bidi import RTL_CLASSES, mirrored, needs_bidi, visual_order
from briefing.text.faces import (  # noqa: F401  (FAMILY, FALLBACK, FontSet: re-exported)
    ARABIC,
    FALLBACK,
    FAMILY,
    LIBERATION,
    MAIN,
    URDU,
    FontSet,
    cmap,
    is_shipped,
    main_faces,
    width,
)
from briefing.text.fallback import face_for, shipped_has
from briefing.text.ignorable import drop_ignorable, has_ignorable
from briefing.text.shaping import is_arabic, joins
from briefing.text.shaping import shape as shape_run


def _main_cmap(main: FontSet | None = None) -> frozenset[int]:
    return cmap((main or main_faces()).regular)


@cache
def _main_chars(main: FontSet) -> frozenset[str]:
    return frozenset(map(chr, _main_cmap(main)))


def needs_fallback(char: str, main: FontSet | None = None) -> bool:
    """True when the main family (Liberation Sans, or a template's font) has no glyph for
    `char` (Arabic script, for one)."""
    return ord(char) not in _main_cmap(main) and not char.isspace()


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
    stays with the run it is in, so words are not broken apart, unless that run is in a
    machine's font (a block of CJK has no space glyph; the layout measured the main one)."""
    runs: list[tuple[str, str]] = []
    for char in text:
        joins = char.isspace() and runs and is_shipped(runs[-1][1])
        font = runs[-1][1] if joins else pick(char)
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

    With `shape`, the runs come back ready to draw left to right as one line, without the
    default-ignorable characters (`briefing.text.ignorable`): Arabic-script
    pieces in contextual forms (`briefing.text.shaping`), and the whole line in visual order by
    the Unicode Bidirectional Algorithm (`briefing.text.bidi`), so digits and Latin words inside
    a Persian phrase, and a Persian name inside an English sentence, sit where a reader expects.
    `direction` ("ltr", "rtl") is the paragraph's; by default its first strong letter's."""
    return list(_font_runs(text, bool(bold), bool(italic), bool(shape), direction,
                           main_faces()))


@cache
def _plain_chars(main: FontSet) -> frozenset[str]:
    """Characters the main family draws that never need reordering: a text made only of
    these is drawn as it is, in one run."""
    return frozenset(c for c in _main_chars(main)
                     if unicodedata.bidirectional(c) not in RTL_CLASSES)


def _logical_runs(text: str, bold: bool, italic: bool,
                  faces: FontSet) -> list[tuple[str, str]]:
    main, other = faces.face(bold, italic), ARABIC.face(bold, italic)
    # a template's font lacks what Liberation Sans has (Greek, Cyrillic, signs): Liberation
    # Sans draws that, before the fallback faces
    shipped_main = LIBERATION.face(bold, italic) if faces != LIBERATION else None
    have_main = _main_cmap(faces)
    # a template's font with Arabic letters draws them only when our shaper can join them
    main_joins = joins(main)

    def pick(char: str) -> str:
        if char.isspace() or (ord(char) in have_main and (main_joins or not is_arabic(char))):
            return main
        if shipped_main is not None and ord(char) in cmap(LIBERATION.regular):
            return shipped_main
        if shipped_has(char):
            return other
        return face_for(char) or other  # a font of the machine's, else a box (and a warning)

    runs = _group_by_font(text, pick)
    return [split for piece, font in runs
            for split in ([(piece, font)] if font != other
                          else _split_fallback(piece, bold, italic))]


@lru_cache(maxsize=100_000)
def _font_runs(text: str, bold: bool, italic: bool, shape: bool,
               direction: str | None, faces: FontSet) -> tuple[tuple[str, str], ...]:
    """`font_runs`, remembered (by main family too): footers, banners and labels repeat on
    every page."""
    main = faces.face(bold, italic)
    if _plain_chars(faces).issuperset(text) and (text.isascii() or not has_ignorable(text)):
        return ((text, main),) if text else ()  # most text: one run, no per-character look
    runs = _logical_runs(text, bold, italic, faces)
    if shape:
        runs = _visual_runs(runs, direction)
        # joiners, direction marks and soft hyphens have done their work: never drawn
        runs = [(drop_ignorable(piece), font) for piece, font in runs]
    return tuple((piece, font) for piece, font in runs if piece)


def _visual_runs(runs: list[tuple[str, str]],
                 direction: str | None) -> list[tuple[str, str]]:
    """Logical runs shaped (each with its own face's forms), then the line reordered."""
    shaped = [(shape_run(piece, font), font) for piece, font in runs]  # Latin: as it is
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


def string_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points as drawn, fallback runs included."""
    return sum(width(piece, font, size) for piece, font in font_runs(text, bold, italic))
