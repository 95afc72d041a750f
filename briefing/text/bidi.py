"""Visual order of mixed-direction text (the Unicode Bidirectional Algorithm) for the PDFs.

ReportLab draws a string's characters left to right as given. A Persian phrase with Latin
digits ("روستا 2024 سراوان"), an acronym in parentheses ("سپاه (IRGC)") or an English sentence
with a Persian name in it must first be put in the order a reader sees it. The embedding levels
come from ICU's implementation of the algorithm (`ubidi`, through PyICU: `Bidi.setPara`,
`getLevels`; conformant, with bracket pairs and isolates), and mirrored brackets from ICU's
`u_charMirror`. The PDFs need to know where each character went (its font, whether to mirror
it), not only a reordered string, so the line rules L1-L4 are applied here to the levels: a few
lines, not an algorithm. (python-bidi, used before, returns only a reordered string; its
levels could be had only from the report its debug mode prints, and its pure-Python
algorithm predates bracket pairs and fails on isolates.)

One call is one line: paragraph direction from the first strong character (rule P2/P3) unless
`direction` says "ltr" or "rtl".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: bidi classes that make a text need reordering (right-to-left letters, Arabic numbers,
#: explicit embeddings, overrides and isolates)
RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI",
                         "PDF", "PDI"})
_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO",
                       "PDF"})  # reset to the paragraph level at a line's end (rule L1)
_BASE = {None: 0xFE, "ltr": 0, "rtl": 1}  # 0xFE: ICU's UBIDI_DEFAULT_LTR, rule P2/P3


def _one_paragraph(text: str) -> str:
    """`text` as one paragraph ICU takes whole: a paragraph separator inside a line (class B)
    counts as a space, a lone surrogate as U+FFFD; one character for one."""
    return "".join(" " if unicodedata.bidirectional(c) == "B"
                   else "\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def paragraph_direction(text: str) -> str:
    """The direction of a whole paragraph, label or cell, which each of its wrapped lines must
    share, in every PDF (slides, handout, paper, charts): "rtl" when it opens with a
    right-to-left letter and most of its letters are right to left, else "ltr".

    Not the first strong letter alone (rule P2): briefings are written left to right, and an
    English sentence that opens with a Persian place name is still an English sentence
    ("زنده‌جان (Zindajan)" reads as written, not "(Zindajan) زنده‌جان"). Not the majority
    alone: an English line quoting a long Persian title ("source added: “…”") is English."""
    rtl = ltr = 0
    first = None
    for char in text:
        cls = unicodedata.bidirectional(char)
        if cls in ("R", "AL"):
            rtl += 1
            first = first or "rtl"
        elif cls == "L":
            ltr += 1
            first = first or "ltr"
    return "rtl" if first == "rtl" and rtl > ltr else "ltr"


def needs_bidi(text: str) -> bool:
    """True when some character is right-to-left or an explicit direction control."""
    return any(unicodedata.bidirectional(c) in RTL_CLASSES for c in text)


def levels(text: str, direction: str | None = None) -> tuple[int, list[int]]:
    """(paragraph level, resolved embedding level of each character), from ICU (imported
    here: a document without right-to-left text never loads its 30 MB of data)."""
    from icu import Bidi, UnicodeString

    text = _one_paragraph(text)
    bidi = Bidi()
    bidi.setPara(UnicodeString(text), _BASE[direction])
    per_unit = bidi.getLevels()  # one per UTF-16 code unit: two for a character past U+FFFF
    out, unit = [], 0
    for char in text:
        out.append(per_unit[unit])
        unit += 2 if ord(char) > 0xFFFF else 1
    return bidi.getParaLevel(), out


@lru_cache(maxsize=20_000)
def visual_order(text: str, direction: str | None = None) -> tuple[tuple[int, ...],
                                                                   tuple[int, ...]]:
    """(logical indices in drawing order, left to right; level of each logical character).

    `text` is one line. Combining marks stay after the letter they sit on (rule L3)."""
    if not text:
        return (), ()
    base, lv = levels(text, direction)
    classes = [unicodedata.bidirectional(c) for c in text]
    end = len(text)  # L1: trailing whitespace, and whitespace before tabs, at base level
    for i in range(len(text) - 1, -1, -1):
        if classes[i] == "S":
            lv[i] = base
            end = i
        elif classes[i] in _TRAILING and i == end - 1:
            lv[i] = base
            end = i
        else:
            end = -1
    units: list[list[int]] = []  # a letter with the marks that follow it moves as one
    for i, cls in enumerate(classes):
        if cls == "NSM" and units:
            units[-1].append(i)
        else:
            units.append([i])
    unit_levels = [lv[u[0]] for u in units]
    order = list(range(len(units)))
    highest = max(unit_levels)
    lowest_odd = min((v for v in unit_levels if v % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):  # L2
        i = 0
        while i < len(order):
            if unit_levels[order[i]] >= level:
                j = i
                while j < len(order) and unit_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return tuple(k for u in order for k in units[u]), tuple(lv)


def visual_pieces(pieces: list[str], direction: str | None = None
                  ) -> list[tuple[int, str, str]]:
    """The pieces of one line (its style runs, in reading order) as drawn left to right:
    (piece index, the piece, the direction it is reordered in).

    Each piece is set apart as an isolate (UAX #9: a run of its own, a neutral to the line),
    so it is reordered on its own, in the paragraph's direction, and the pieces follow one
    another in that direction: right to left in a Persian paragraph, where a judgment's
    citation "[1]" ends the sentence at its left and a timeline's bold place stands right of
    its actor. (Drawn left to right whatever the direction, they stood the wrong way round.)
    In a left-to-right line "سراوان" then " [1]" keep that order."""
    way = direction or "ltr"
    out = [(k, piece, way) for k, piece in enumerate(pieces) if piece]
    return out[::-1] if way == "rtl" else out


def mirrored(char: str, level: int) -> str:
    """The character as drawn at `level`: brackets and the like mirrored when right to left
    (rule L4)."""
    if not level % 2:
        return char
    from icu import Char

    return Char.charMirror(char)


def display(text: str, direction: str | None = None) -> str:
    """`text` (one line) in drawing order, mirrored where right to left."""
    if not needs_bidi(text):
        return text
    order, lv = visual_order(text, direction)
    return "".join(mirrored(text[i], lv[i]) for i in order)
