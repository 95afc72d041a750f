"""The small text markup of summary and text sections, parsed into styled paragraphs.

- `- item` is a bullet, an indented `- item` (two or more spaces) a sub-bullet;
- other lines are body text; consecutive lines join into one paragraph, a blank line ends it;
- `**bold**` and `*italic*` (or `_italic_`) inside a line.

Inline markup (`parse_inline`) also styles judgments, timeline events, table cells and caveats:
wherever a briefing's prose is shown (docs/format.md says where).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .geometry import Run

_BULLET = re.compile(r"^(\s*)[-*\u2022]\s+(.*)$")

#: (part, field) of the format (`model.fields`) whose text is drawn with its inline markup;
#: table cells too (`cell_runs`). Everywhere else a text prints as written (`markup_advice`).
MARKUP_FIELDS = frozenset({("section", "text"), ("section", "caveat"), ("judgment", "text"),
                           ("event", "text")})


@dataclass
class Block:
    """One parsed paragraph: its level (0 body, 1 bullet, 2 sub-bullet) and styled runs."""

    level: int
    runs: list[Run]


def _word(c: str) -> bool:
    """What a regular expression's \\w is: letters, digits, underscore (Unicode)."""
    return c.isalnum() or c == "_"


class _Closers:
    """Positions where a closing delimiter may stand, found in one pass, so each opener finds its
    closer by bisection instead of scanning the rest of the text (which made text such as
    " _a" repeated 20,000 times take over a minute)."""

    def __init__(self, text: str) -> None:
        n = len(text)
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.bold = [i for i in range(n - 1) if text[i] == "*" and text[i + 1] == "*"]
        self.star = [j for j in range(1, n) if text[j] == "*" and not text[j - 1].isspace()
                     and not (j + 1 < n and _word(text[j + 1]))]
        self.under = [j for j in range(1, n) if text[j] == "_" and not text[j - 1].isspace()
                      and not (j + 1 < n and _word(text[j + 1]))]

    def first(self, positions: list[int], start: int) -> int | None:
        """The first closer at or after `start` on the same line, as a lazy `.+?` finds it."""
        k = bisect_left(positions, start)
        if k == len(positions):
            return None
        j = positions[k]
        line_end = bisect_left(self.newlines, start)
        if line_end < len(self.newlines) and self.newlines[line_end] < j:
            return None
        return j


def _next_token(text: str, pos: int, closers: _Closers) -> tuple[int, int] | None:
    """The leftmost markup token at or after `pos`: `**bold**`, `*italic*` or `_italic_`.

    The rules are those of one regular expression, tried in order at each position: bold with
    the nearest `**`; `*` not after a letter or `*`, not before a space, closed by a `*` not after
    a space nor before a letter; the same for `_` (which may follow `*`)."""
    n = len(text)
    i = pos
    while i < n:
        c = text[i]
        if c == "*":
            if i + 1 < n and text[i + 1] == "*" and text[i + 2:i + 3] not in ("", "\n"):
                j = closers.first(closers.bold, i + 3)
                if j is not None:
                    return i, j + 2
            before = text[i - 1] if i else ""
            if not (before and (_word(before) or before == "*")) and i + 1 < n \
                    and not text[i + 1].isspace():
                j = closers.first(closers.star, i + 2)
                if j is not None:
                    return i, j + 1
        elif c == "_":
            before = text[i - 1] if i else ""
            if not (before and _word(before)) and i + 1 < n and not text[i + 1].isspace():
                j = closers.first(closers.under, i + 2)
                if j is not None:
                    return i, j + 1
        i += 1
    return None


def parse_inline(text: str) -> list[Run]:
    """Styled runs of one paragraph's text, in time linear in its length."""
    runs: list[Run] = []
    pos = 0
    closers = _Closers(text)
    while (token := _next_token(text, pos, closers)) is not None:
        start, end = token
        if start > pos:
            runs.append(Run(text[pos:start]))
        token = text[start:end]
        if token.startswith("**"):
            inner = parse_inline(token[2:-2])
            runs.extend(Run(r.text, bold=True, italic=r.italic) for r in inner)
        else:
            runs.append(Run(token[1:-1], italic=True))
        pos = end
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return [r for r in runs if r.text] or [Run("")]


def parse_markup(text: str | None) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(Block(0, parse_inline(" ".join(pending))))
            pending.clear()

    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        m = _BULLET.match(line)
        if m:
            flush()
            level = 2 if len(m.group(1).expandtabs(4)) >= 2 else 1
            blocks.append(Block(level, parse_inline(m.group(2).strip())))
        elif blocks and blocks[-1].level > 0 and raw[:1].isspace() and not pending:
            # an indented continuation line of a bullet
            blocks[-1].runs.extend(parse_inline(" " + line.strip()))
        else:
            pending.append(line.strip())
    flush()
    return blocks


def cell_runs(text: str, bold: bool = False) -> list[Run]:
    """A table cell's runs: each of its lines ("\\n" kept between them) with inline markup
    parsed; a header cell (`bold`) is a column name, printed as written."""
    if bold:
        return [Run(text, bold=True)]
    runs: list[Run] = []
    for k, line in enumerate(text.split("\n")):
        if k:
            runs.append(Run("\n"))
        runs.extend(parse_inline(line) if line else [])
    return runs or [Run("")]
