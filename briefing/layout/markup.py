"""The small text markup of summary and text sections, parsed into styled paragraphs.

- `- item` is a bullet, an indented `- item` (two or more spaces) a sub-bullet;
- other lines are body text; consecutive lines join into one paragraph, a blank line ends it;
- `**bold**` and `*italic*` (or `_italic_`) inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .geometry import Run

_BULLET = re.compile(r"^(\s*)[-*\u2022]\s+(.*)$")
_INLINE = re.compile(r"(\*\*.+?\*\*|(?<![\w*])\*(?!\s).+?(?<!\s)\*(?!\w)|(?<!\w)_(?!\s).+?(?<!\s)_(?!\w))")


@dataclass
class Block:
    """One parsed paragraph: its level (0 body, 1 bullet, 2 sub-bullet) and styled runs."""

    level: int
    runs: list[Run]


def parse_inline(text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        token = m.group(0)
        if token.startswith("**"):
            inner = parse_inline(token[2:-2])
            runs.extend(Run(r.text, bold=True, italic=r.italic) for r in inner)
        else:
            runs.append(Run(token[1:-1], italic=True))
        pos = m.end()
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
