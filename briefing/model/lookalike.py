"""When two labels look the same: the rule that keeps marking levels visibly distinct.

A level that only looks like another ("PUBLIC" with a Cyrillic "С", a full-width "ＰＵＢＬＩＣ",
or "PUBLIC " with a trailing space) would let content marked with one pass for the other on
every banner. Compatibility forms are folded by NFKC; look-alike letters of other scripts by the
Unicode confusables data that `confusable_homoglyphs` ships (UTS #39), each character mapped to
the smallest code point among its look-alikes.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def skeleton(text: str) -> str:
    """A form in which labels that look alike are equal: NFKC, look-alikes folded, ends trimmed."""
    return "".join(_prototype(ch) for ch in unicodedata.normalize("NFKC", text).strip())


def look_alike(a: str, b: str) -> bool:
    """True when `a` and `b` differ but a reader could not tell them apart."""
    return a != b and skeleton(a) == skeleton(b)


@lru_cache(maxsize=4096)
def _prototype(ch: str) -> str:
    """The smallest code point among `ch` and its look-alikes, followed until it settles (the
    data lists Latin 'A' among the look-alikes of Cyrillic 'А', and 'A' has none smaller)."""
    from confusable_homoglyphs import confusables  # its data loads on import: only when needed

    seen = {ch}
    while True:
        found = confusables.is_confusable(ch, greedy=True, preferred_aliases=[]) or []
        alike = [h["c"] for entry in found for h in entry["homoglyphs"] if len(h["c"]) == 1]
        best = min([ch, *alike])
        if best in seen and best == ch:
            return ch
        if best in seen:
            return best
        seen.add(best)
        ch = best
