"""The language of a run of text, decided once for every output that tags it.

A screen reader picks its voice from the language a run is tagged with: an untagged Persian
name in an English slide is spelled out letter by letter, or read with English rules. The deck
writes the result as `a:rPr lang`, a tagged PDF as `/Lang`; both ask here.

The rule: text in the Arabic script is Persian (`fa-IR`) unless it has a letter Urdu writes and
Persian does not (then `ur-PK`), or the section or document says which of the two it is; any
other text is in the document's language (`en-GB` unless the briefing says `language: en-US`).
"""

from __future__ import annotations

import unicodedata

from briefing.text.shaping import is_arabic

PERSIAN = "fa-IR"
URDU = "ur-PK"
DEFAULT = "en-GB"
#: the languages a briefing may name, for its text in the Latin script
BASE_LANGUAGES = ("en-GB", "en-US")
#: the languages of text in the Arabic script the desk handles
ARABIC_SCRIPT = (PERSIAN, URDU)

#: letters Urdu writes and Persian does not: tteh, ddeh, rreh, noon ghunna, heh goal,
#: heh doachashmee, yeh barree (and its hamza form)
_URDU_ONLY = frozenset("\u0679\u0688\u0691\u06ba\u06c1\u06be\u06d2\u06d3")


def run_language(text: str, base: str | None = DEFAULT, hint: str | None = None) -> str:
    """The language of `text` (one run, in one script): `base` (the document's language) for
    Latin or other text; for Arabic-script text `hint` (a section's or document's Arabic-script
    language) when it names one, else Urdu when a letter only Urdu has shows it, else Persian."""
    base = base if base in BASE_LANGUAGES else DEFAULT
    if not any(is_arabic(c) for c in text):
        return base
    if hint in ARABIC_SCRIPT:
        return hint
    # shaped text (presentation forms, as the PDFs draw it) is read as its letters
    letters = unicodedata.normalize("NFKC", text)
    return URDU if any(c in _URDU_ONLY for c in letters) else PERSIAN


def split_by_language(text: str, base: str | None = DEFAULT,
                      hint: str | None = None) -> list[tuple[str, str]]:
    """`text` as (piece, language) runs: each stretch of Arabic-script words its own piece,
    the spaces and punctuation between two of them kept with them, so a Persian phrase inside
    an English sentence is one run, tagged as Persian, and the sentence around it English."""
    pieces: list[tuple[str, bool]] = []  # (piece, Arabic script)
    for char in text:
        arabic = is_arabic(char)
        neutral = not arabic and not char.isalnum()
        if pieces and (pieces[-1][1] == arabic or neutral):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
        else:
            pieces.append((char, arabic))
    # neutral characters after an Arabic stretch belong to it only when Arabic follows them
    out: list[tuple[str, bool]] = []
    for piece, arabic in pieces:
        if out and out[-1][1] and not arabic:
            head = out[-1][0]
            stripped = head.rstrip(" \t.,;:!?()\"'\u00bb\u00ab-\u2013\u2014\u060c\u061b\u061f")
            tail = head[len(stripped):]
            if tail and stripped:
                out[-1] = (stripped, True)
                piece = tail + piece
        out.append((piece, arabic))
    merged: list[tuple[str, str]] = []
    for piece, _arabic in out:
        lang = run_language(piece, base, hint)
        if merged and merged[-1][1] == lang:
            merged[-1] = (merged[-1][0] + piece, lang)
        else:
            merged.append((piece, lang))
    return merged
