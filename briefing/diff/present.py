"""A comparison as a change list for a person and as JSON for scripts.

The text groups changes by section, one short line each, old -> new. The JSON shape is
documented in docs/editions.md and versioned by its `format` key: keys are never removed or
renamed within a version, and every key is always present (null where it does not apply).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefing.model import compare as c
from briefing.model import document as m

JSON_FORMAT = "briefing-diff/1"

NOTHING_MATCHED = ("note: the two editions share no section and no source; they look like "
                   "different briefings, so everything is listed as removed and added")

_SYMBOL = {c.SECTION_ADDED: "+", c.SECTION_REMOVED: "-"}


def as_text(result: c.Comparison) -> str:
    """The change list: a heading, document changes, then one block per section."""
    lines = [f"Changes since {m.format_date(result.old_as_of)} "
             f"(to {m.format_date(result.new_as_of)}): {result.new_title}"]
    if result.nothing_matched:
        lines.append(NOTHING_MATCHED)
    if not result.changes:
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    current: tuple[str | None, str] | None = None
    for change in result.changes:
        if change.kind in (c.SECTION_ADDED, c.SECTION_REMOVED):
            status = "new section" if change.kind == c.SECTION_ADDED else "section removed"
            lines.append(f"{_SYMBOL[change.kind]} {change.section_title} [{change.section}]: "
                         f"{status}")
            current = None
            continue
        group = _group(change)
        if group != current:
            lines.append(group[1])
            current = group
        lines.append("    " + line(change))
    return "\n".join(lines) + "\n"


def _group(change: c.Change) -> tuple[str | None, str]:
    if change.section is not None:
        return change.section, f"~ {change.section_title} [{change.section}]"
    if change.kind.startswith("source-"):
        return "\0sources", "Sources"
    return "\0document", "Briefing"


def line(change: c.Change) -> str:
    """One change in a few words: 'Killed: at least 9 -> 11'."""
    k = change.kind
    if k == c.SECTION_MOVED:
        return "moved"
    if k in (c.JUDGMENT_ADDED, c.EVENT_ADDED, c.ROW_ADDED, c.SERIES_ADDED,
             c.CATEGORY_ADDED, c.SOURCE_ADDED, c.FIGURE_ADDED, c.PLACE_ADDED):
        return f"{change.field} added: {_q(change.new)}"
    if k in (c.JUDGMENT_REMOVED, c.EVENT_REMOVED, c.ROW_REMOVED, c.SERIES_REMOVED,
             c.CATEGORY_REMOVED, c.SOURCE_REMOVED, c.FIGURE_REMOVED,
             c.PLACE_REMOVED):
        return f"{change.field} removed: {_q(change.old)}"
    if k == c.TEXT_CHANGED:
        old, new = change.old, change.new
        if old and new:
            return f"{change.field}: {_q(c.short(old, 40))} -> {_q(c.short(new, 40))}"
        if new:
            return f"{change.field}: added {_q(c.short(new, 60))}"
        return f"{change.field}: removed {_q(c.short(old or '', 60))}"
    if k == c.CONFIDENCE_CHANGED:
        return f"confidence {change.old} -> {change.new}: {change.field}"
    return f"{change.field}: {change.old or 'none'} -> {change.new or 'none'}"


def _q(text: str | None) -> str:
    return f"“{text}”" if text is not None else "none"


def as_json(result: c.Comparison) -> dict[str, Any]:
    """The documented shape (docs/editions.md); JSON-ready (dates as ISO text)."""
    return {
        "format": JSON_FORMAT,
        "old": {"title": result.old_title, "as_of": _iso(result.old_as_of)},
        "new": {"title": result.new_title, "as_of": _iso(result.new_as_of)},
        "changed": result.changed,
        "nothing_matched": result.nothing_matched,
        "changes": [
            {"kind": ch.kind, "section": ch.section, "section_title": ch.section_title,
             "field": ch.field, "old": ch.old, "new": ch.new,
             "removed_words": list(ch.removed), "added_words": list(ch.added),
             "marking": ch.marking}
            for ch in result.changes
        ],
    }


def _iso(value: m.DateLike) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)
