"""Persian and Urdu names in the PDFs: contextual letter forms, before bidi reordering.

ReportLab draws characters one by one, left to right, with no shaping (its HarfBuzz and bidi
support needs the optional `uharfbuzz` and `rlbidi` packages; the latter is not on PyPI), so
"سیستان" would print as unjoined letters. This module does what a shaper does for the Arabic
script, with the standard library only: each letter takes its isolated, initial, medial or final
presentation form (Unicode's Arabic Presentation Forms, which DejaVu Sans and Noto Naskh Arabic
draw; only forms the font drawing the run has are used), and lam + alef become their ligature.
The result is still in reading order: `briefing.text.bidi` then puts the whole line in visual
order (`visual` does both, for one run).

Not handled (see docs/pdf.md): Nastaliq (Urdu prints in the Naskh style of DejaVu Sans, or of
Noto Naskh Arabic for words with heh goal or yeh barree). The PDF's text layer holds presentation
forms: PDF readers (poppler, pypdf) put them back in reading order, and Unicode NFKC
normalisation turns them into the original letters; whether a viewer's search finds the plain
spelling depends on that viewer normalising.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from briefing.text.bidi import display
from briefing.text.faces import ARABIC, cmap

_FORMS = ("ISOLATED", "INITIAL", "MEDIAL", "FINAL")
_LAM = "\u0644"
_LAM_ALEF = {  # alef variant -> (isolated, final) ligature with a preceding lam
    "\u0622": ("\ufef5", "\ufef6"),
    "\u0623": ("\ufef7", "\ufef8"),
    "\u0625": ("\ufef9", "\ufefa"),
    "\u0627": ("\ufefb", "\ufefc"),
}
_TATWEEL = "\u0640"
_ZWJ = "\u200d"  # the zero-width non-joiner (U+200C) is non-joining ("U"), as Unicode says


def is_arabic(char: str) -> bool:
    """An Arabic-script letter, mark or sign (the blocks Persian and Urdu use)."""
    code = ord(char)
    return (0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF
            or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF)


def has_arabic(text: str) -> bool:
    return any(is_arabic(c) for c in text)


def _covered(font: str | None = None) -> frozenset[int]:
    """Code points the face drawing the run (by default the fallback, DejaVu Sans) has."""
    return cmap(font or ARABIC.regular)


@cache
def _forms(char: str, font: str | None = None) -> dict[str, str]:
    """The presentation forms of a letter that exist in Unicode and in the font."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return {}
    found = {}
    for form in _FORMS:
        try:
            glyph = unicodedata.lookup(f"{name} {form} FORM")
        except KeyError:
            continue
        if ord(glyph) in _covered(font):
            found[form] = glyph
    return found


@cache
def _joining(char: str) -> str:
    """Joining type: D (dual), R (right only), T (transparent mark), U (non-joining)."""
    if char in (_TATWEEL, _ZWJ):  # the joiner is join-causing: its neighbours join to it
        return "D"
    if unicodedata.category(char) in ("Mn", "Me", "Cf") and is_arabic(char):
        return "T"
    if not is_arabic(char):
        return "U"
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "U"
    for form in ("INITIAL", "MEDIAL"):
        try:
            unicodedata.lookup(f"{name} {form} FORM")
            return "D"
        except KeyError:
            pass
    try:
        unicodedata.lookup(f"{name} FINAL FORM")
        return "R"
    except KeyError:
        return "U"


def _contextual(text: str, font: str | None = None) -> list[str]:
    """Logical-order clusters (a letter and its marks) in their contextual forms."""
    chars = list(text)
    types = [_joining(c) for c in chars]
    out: list[str] = []
    i = 0
    n = len(chars)

    def neighbour(start: int, step: int) -> int | None:
        k = start + step
        while 0 <= k < n and types[k] == "T":
            k += step
        return k if 0 <= k < n else None

    while i < n:
        c, t = chars[i], types[i]
        if t == "T" and out:
            out[-1] += c
            i += 1
            continue
        prev = neighbour(i, -1)
        joins_prev = t in ("D", "R") and prev is not None and types[prev] == "D"
        nxt = neighbour(i, 1)
        if c == _LAM and nxt is not None and chars[nxt] in _LAM_ALEF:
            isolated, final = _LAM_ALEF[chars[nxt]]
            glyph = final if joins_prev else isolated
            if ord(glyph) in _covered(font):
                marks = "".join(chars[i + 1:nxt])
                out.append(glyph + marks)
                i = nxt + 1
                continue
        joins_next = t == "D" and nxt is not None and types[nxt] in ("D", "R")
        form = {(True, True): "MEDIAL", (True, False): "FINAL", (False, True): "INITIAL",
                (False, False): "ISOLATED"}[(joins_prev, joins_next)]
        forms = _forms(c, font) if t in ("D", "R") else {}
        out.append(forms.get(form) or forms.get("ISOLATED") or c)
        i += 1
    return out


@cache
def joins(font: str) -> bool:
    """True when face `font` has Arabic-script letters and every presentation form Unicode
    gives them: our shaper can join its letters. A font that has the letters but leaves
    joining to OpenType (GSUB) tables, which ReportLab does not apply, would print them as
    isolated letters: its Arabic script is drawn by the shipped fallback instead."""
    have = _covered(font)
    letters = [chr(c) for c in range(0x0620, 0x0700) if c in have]
    if not letters:
        return False
    for char in letters:
        try:
            name = unicodedata.name(char)
        except ValueError:
            continue
        for form in _FORMS:
            try:
                glyph = unicodedata.lookup(f"{name} {form} FORM")
            except KeyError:
                continue
            if ord(glyph) not in have:
                return False
    return True


def shape(text: str, font: str | None = None) -> str:
    """An Arabic-script run in contextual forms (with the forms registered face `font` has;
    DejaVu Sans by default), still in logical (reading) order: the forms stay Arabic letters
    to the bidi algorithm, which then puts them in drawing order (`briefing.text.bidi`)."""
    if not has_arabic(text):
        return text
    return "".join(_contextual(text, font))


def visual(text: str, font: str | None = None, direction: str | None = None) -> str:
    """A run in drawing order, left to right: shaped, then reordered by the Unicode
    Bidirectional Algorithm (right-to-left words reversed, digits and Latin words inside them
    kept left to right, brackets mirrored)."""
    return display(shape(text, font), direction)
