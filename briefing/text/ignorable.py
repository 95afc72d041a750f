"""Default-ignorable characters: format controls that shape or order text but are never drawn.

The zero-width non-joiner (U+200C) sits inside most Persian words ("می‌شود"), the joiner (U+200D),
the direction marks (LRM, RLM, ALM), the word joiner, the byte-order mark and the soft hyphen turn
up in text pasted from the web. Unicode (chapter 5.21, property Default_Ignorable_Code_Point,
read here from ICU) says such a character is rendered invisibly: it has done its work (joining
in the shaper, ordering in the bidi algorithm) before glyphs are drawn. DejaVu Sans draws the
joiners and marks as visible dashed boxes, and every face draws the soft hyphen as a hyphen, so
the PDFs drop them after shaping and reordering, and the layout measures them as zero wide.
The deck keeps them: PowerPoint and LibreOffice handle them themselves. A soft hyphen is also
a place a word may break (`briefing.text.breaks.soft_parts`): a line broken there ends in a
visible hyphen in every output.
"""

from __future__ import annotations

from functools import cache


@cache
def is_ignorable(char: str) -> bool:
    """True for a Default_Ignorable_Code_Point (ZWNJ, ZWJ, LRM, RLM, soft hyphen, ...)."""
    from icu import Char, UProperty

    return bool(Char.hasBinaryProperty(char, UProperty.DEFAULT_IGNORABLE_CODE_POINT))


def has_ignorable(text: str) -> bool:
    return any(is_ignorable(c) for c in text)


def drop_ignorable(text: str) -> str:
    """`text` without its default-ignorable characters: what is drawn, once shaped and ordered."""
    if text.isascii():
        return text
    return "".join(c for c in text if not is_ignorable(c))
