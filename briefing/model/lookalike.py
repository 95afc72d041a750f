"""When two labels look the same: the rule that keeps marking levels visibly distinct.

A level that only looks like another ("PUBLIC" with a Cyrillic "С", a full-width "ＰＵＢＬＩＣ",
or "PUBLIC " with a trailing space) would let content marked with one pass for the other on
every banner. Compatibility forms are folded by NFKC; look-alike letters by the Unicode
confusables data (UTS #39) that `confusable_homoglyphs` ships, each character replaced by one
representative of all the characters it can be confused with.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_MAX_GROUP = 500
"""Characters followed when gathering one character's look-alikes (the largest groups hold
a few dozen)."""


def skeletons(labels: list[str]) -> list[str]:
    """Forms in which labels that look alike are equal: NFKC, ends trimmed, look-alikes folded.

    When every label is plain ASCII the confusables data (0.15 s and 13 MB to load) is not
    needed: ASCII labels are compared as written.
    """
    folded = [unicodedata.normalize("NFKC", label).strip() for label in labels]
    if all(label.isascii() for label in folded):
        return folded
    return ["".join(_representative(ch) for ch in label) for label in folded]


def look_alike(a: str, b: str) -> bool:
    """True when `a` and `b` differ but a reader could not tell them apart."""
    first, second = skeletons([a, b])
    return a != b and first == second


@lru_cache(maxsize=4096)
def _representative(ch: str) -> str:
    """One character for all that `ch` can be confused with, directly or through others: the
    smallest ASCII one if there is any (Cyrillic 'А' -> 'A'), else the smallest."""
    from confusable_homoglyphs import confusables  # its data loads on import: only when needed

    group, todo = {ch}, [ch]
    while todo and len(group) < _MAX_GROUP:
        found = confusables.is_confusable(todo.pop(), greedy=True, preferred_aliases=[]) or []
        for entry in found:
            for alike in entry["homoglyphs"]:
                c = alike["c"]
                if len(c) == 1 and c not in group:
                    group.add(c)
                    todo.append(c)
    ascii_group = [c for c in group if c.isascii()]
    return min(ascii_group or group)
