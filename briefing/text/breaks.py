"""Where a line must not break (inside a date, inside a citation group, before a citation),
and where it may break inside a word (at a soft hyphen).

"18 / January" or "[1] / [2]" split over two lines, or a "[3]" alone at the start of a line,
reads as a typesetting error. The spaces these rules protect become no-break spaces (U+00A0),
which every line breaker honours: the layout's (`briefing.text.metrics.wrap`, which applies
these rules to whatever it is given), PowerPoint's and LibreOffice's when they wrap the deck's
text, and ReportLab's in the paper (its breaker splits at spaces but never at U+00A0). One
function, so every output keeps the same words together.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
#: a soft hyphen (U+00AD): where a word may break, showing a hyphen only if it does
SOFT_HYPHEN = "\u00ad"

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTH = ("(?:" + "|".join(_MONTH_NAMES) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
          r")\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"\d{4}"
#: a date written out: "18 January 2024", "18 Jan", "January 18, 2024", "November 2020"
_DATE = re.compile(
    rf"\b(?:{_DAY} {_MONTH}(?: {_YEAR})?|{_MONTH} {_DAY}(?:, {_YEAR})?|{_MONTH} {_YEAR})(?!\w)")
#: the spaces before a citation marker "[3]" (or "[1, 2]", "[2-4]"): a citation stays with the
#: word it follows, and the markers of one group stay together
_BEFORE_CITATION = re.compile(r"[ \t]+(?=\[\d+(?:[,\u2013-] ?\d+)*\])")
_CITATION_GROUP = re.compile(r"\[\d+(?:, \d+)+\]")  # "[1, 2]"


def keep_together(text: str) -> str:
    """`text` with no-break spaces where a line must not break (dates, citations).

    Only spaces change, one character for one, so offsets into the text stay valid."""
    if " " not in text and "\t" not in text:
        return text
    if "[" in text:
        text = _BEFORE_CITATION.sub(lambda m: NBSP * len(m.group()), text)
        text = _CITATION_GROUP.sub(lambda m: m.group().replace(" ", NBSP), text)
    if any(c.isdigit() for c in text):
        text = _DATE.sub(lambda m: m.group().replace(" ", NBSP), text)
    return text


def soft_parts(text: str) -> list[str]:
    """`text` cut after each soft hyphen with a letter or digit on both sides, each part but the
    last ending in its U+00AD: where a word may break with a visible hyphen, in every output
    (the layout's breaker, ReportLab's in the paper, and PowerPoint's and LibreOffice's, which
    break at a soft hyphen themselves). A soft hyphen elsewhere breaks nothing and shows nothing."""
    if SOFT_HYPHEN not in text:
        return [text]
    parts, start = [], 0
    for k, ch in enumerate(text):
        if ch == SOFT_HYPHEN and 0 < k < len(text) - 1 and text[k - 1].isalnum() \
                and text[k + 1].isalnum():
            parts.append(text[start:k + 1])
            start = k + 1
    parts.append(text[start:])
    return parts
