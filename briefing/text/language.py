"""The language of a run of text, for screen readers: one decision shared by every output.

A briefing is written in English; its Persian and Urdu names and quotes must be tagged as such
(`fa-IR`, `ur-PK`) so that a reader pronounces them rather than spelling them out letter by
letter. Both are written in Arabic script; Urdu is told apart by letters Persian does not use.
"""

from __future__ import annotations

import unicodedata

#: letters of Urdu that Persian does not use (retroflex tteh, ddal, rreh; noon ghunna, yeh
#: barree, heh doachashmee, heh goal, and heh goal with hamza)
_URDU_ONLY = frozenset("\u0679\u0688\u0691\u06ba\u06d2\u06be\u06c1\u06c2")


def _arabic_script(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFDFF \
        or 0xFE70 <= code <= 0xFEFF


def run_language(text: str, default: str) -> str:
    """`ur-PK` for a run in Arabic script with Urdu letters, `fa-IR` for one in Arabic script
    otherwise (the briefings' Arabic-script text is Persian unless it shows Urdu letters),
    `default` for a run without Arabic-script letters (punctuation and digits follow it)."""
    # shaped text (presentation forms, as the PDFs draw it) is read as its letters
    letters = [ch for ch in unicodedata.normalize("NFKC", text) if _arabic_script(ch)]
    if not letters:
        return default
    if any(ch in _URDU_ONLY for ch in letters):
        return "ur-PK"
    return "fa-IR"
