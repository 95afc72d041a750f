"""Markup written where it is not drawn: located advice, so no asterisk prints by surprise.

Inline markup (`**bold**`, `*italic*`, `_italic_`) is drawn in the prose fields of
`markup.MARKUP_FIELDS` (text and summary sections, judgments, timeline events, caveats; table
cells through `markup.cell_runs`). Everywhere else (titles, column headers, chart categories,
series names, quotations, captions, sources, an event's place and actor) a text prints as
written, marks and all: a title "The **ceasefire**" shows its asterisks on the slide. The
briefing stays valid (a title may quote a `*` on purpose), but `validate`, `export` and the
window's problems list say where, once per field, as `format.advice` says what a reader misses.

The fields are found through the format's own description (`model.fields`), so a new text
field is checked without an edit here; what counts as markup is the parser's
(`markup.parse_inline`), so `5*`, `snake_case` or `2 * 3` are never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefing.format.advice import Advice
from briefing.model import document as m
from briefing.model import fields as f

from .markup import MARKUP_FIELDS, parse_inline

#: text fields that are not prose a reader sees styled: addresses, file names, references
_NOT_PROSE = frozenset({"url", "path", "since", "place_ref"})
_ONE_LABEL = {"categories": "category", "columns": "column heading"}

NOT_DRAWN = ("markup is not drawn in the {noun}: its `*` or `_` marks print as written; remove "
             "them, or put the emphasis where markup works (summary and text sections, "
             "judgments, timeline events, table cells, caveats)")


def has_markup(text: str) -> bool:
    """True when the markup parser would style some of `text` (line by line, as it reads)."""
    return any(run.bold or run.italic
               for line in text.splitlines() for run in parse_inline(line))


def _texts(part: f.Part, obj: Any, path: str,
           kind: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(path, nearest written path, what the field is called, its text) of every text of
    `obj` (of part `part`; a section of kind `kind`) that prints as written."""
    for field in part.fields_for(kind):
        value = getattr(obj, field.name, None)
        here = f"{path}.{field.name}" if path else field.name
        noun = f"{part.name.replace('_', ' ')} {_ONE_LABEL.get(field.name, field.noun)}"
        if value is None or field.name in _NOT_PROSE:
            continue
        if field.kind in ("line", "text"):
            if (part.name, field.name) not in MARKUP_FIELDS and isinstance(value, str):
                yield here, path, noun, value
        elif field.kind == "labels":
            for k, label in enumerate(value):
                if isinstance(label, str):
                    yield f"{here}[{k}]", here, noun, label
        elif field.kind == "list":
            for k, item in enumerate(value):
                sub_kind = item.kind if isinstance(item, m.Section) else None
                yield from _texts(f.part_of(field), item, f"{here}[{k}]", sub_kind)
        elif field.kind == "part":
            yield from _texts(f.part_of(field), value, here)


def markup_advice(doc: m.Document) -> list[Advice]:
    """One piece of advice per field whose markup would print as written, in document order."""
    return [Advice(path, written, NOT_DRAWN.format(noun=noun))
            for path, written, noun, text in _texts(f.DOCUMENT, doc, "")
            if ("*" in text or "_" in text) and has_markup(text)]
