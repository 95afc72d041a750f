"""The change list as a section of the new edition: "Changes since <old as-of date>".

An ordinary text section, placed after the bottom line, so the layout draws it like every other
slide (and continues it over as many slides as it needs) and the paper prints it like every
other section. It is built from a comparison of editions already filtered for the audience, so
it holds nothing the audience may not see; its marking is the highest level either filtered
edition uses, never lower than anything it could mention.
"""

from __future__ import annotations

import copy

from briefing.model import compare as c
from briefing.model import document as m
from briefing.model.ids import unique_slug
from briefing.model.markings import document_marking, highest, resolve_markings

from .present import line

OFF_SLIDE = c.SPEAKER_ONLY
"""Speaker notes are for the speaker: a change in them is not shown to the room."""

MAX_LINES = 40
"""More lines than fit on a few slides is a list for `briefing diff`, not for the meeting."""


def changes_title(result: c.Comparison) -> str:
    return f"Changes since {m.format_date(result.old_as_of)}"


def changes_text(result: c.Comparison) -> str:
    """Bullets per section (sub-bullets for its changes), in the text sections' markup."""
    out: list[str] = []
    current: str | None = None
    shown = 0
    changes = [ch for ch in result.changes if ch.field not in OFF_SLIDE]
    for change in changes:
        if shown >= MAX_LINES:
            break
        if change.kind == c.SECTION_ADDED:
            out.append(f"- **New:** {_plain(change.section_title)}")
            current = None
        elif change.kind == c.SECTION_REMOVED:
            out.append(f"- **Removed:** {_plain(change.section_title)}")
            current = None
        else:
            group = change.section or ("\0sources" if change.kind.startswith("source-")
                                       else "\0document")
            if group != current:
                head = (change.section_title if change.section else
                        "Sources" if group == "\0sources" else "Briefing")
                out.append(f"- **{_plain(head)}**")
                current = group
            out.append(f"  - {_plain(line(change))}")
        shown += 1
    if len(changes) > shown:
        out.append(f"- … and {len(changes) - shown} more (the full list: briefing diff)")
    if not out:
        out.append("- No changes.")
    return "\n".join(out) + "\n"


def with_changes(new: m.Document, old: m.Document, result: c.Comparison) -> m.Document:
    """`new` (filtered) with the change section after its bottom line (the first summary
    section; first of all when there is none). `old` is the filtered old edition."""
    doc = copy.copy(new)
    doc.sections = list(new.sections)
    levels = [document_marking(resolve_markings(d)) for d in (old, new)]
    marking = highest(doc, levels) if doc.markings else None
    section = m.Section(kind="text", title=changes_title(result),
                        id=unique_slug("changes-since", {s.id for s in doc.sections}),
                        marking=marking, text=changes_text(result),
                        notes=f"What changed since the edition of "
                              f"{m.format_date(result.old_as_of)}.")
    at = next((i + 1 for i, s in enumerate(doc.sections) if s.kind == "summary" and s.include),
              0)
    doc.sections.insert(at, section)
    return doc


def _plain(text: str | None) -> str:
    """The briefing's own words without markup characters, and arrows for '->'."""
    return (text or "").replace("*", "").replace(" -> ", " → ")
