"""The change list as a section of the new edition: "Changes since <old as-of date>".

An ordinary text section, placed after the bottom line, so the layout draws it like every other
slide (and continues it over as many slides as it needs) and the paper prints it like every
other section. It is built from a comparison of editions already filtered for the audience, so
it holds nothing the audience may not see; it is marked, like any slide, with the highest level
of what it shows: the changes it lists (each `Change.marking`), not all either edition holds.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from briefing.model import compare as c
from briefing.model import document as m
from briefing.model.ids import unique_slug
from briefing.model.markings import highest

from .present import line

OFF_SLIDE = c.SPEAKER_ONLY
"""Speaker notes are for the speaker: a change in them is not shown to the room."""

MAX_LINES = 40
"""More lines than fit on a few slides is a list for `briefing diff`, not for the meeting."""


SECTION_WORDS = {c.SECTION_ADDED: "New", c.SECTION_REMOVED: "Removed"}
"""How the room is told of a whole section come or gone (bold on the slide)."""


def said(change: c.Change) -> str:
    """One change in the room's words, the same on the change slide and in the desktop's
    Changes dock: 'New: Border closures', 'killed in Iran (18 Jan): 7 → at least 9'."""
    if change.kind in SECTION_WORDS:
        return f"{SECTION_WORDS[change.kind]}: {_plain(change.section_title)}"
    return _plain(line(change))


def group_title(change: c.Change) -> str:
    """What a change is listed under: its section's title, else "Sources" or "Briefing"."""
    if change.section is not None:
        return change.section_title or ""
    return "Sources" if change.kind.startswith("source-") else "Briefing"


def changes_title(result: c.Comparison) -> str:
    return f"Changes since {m.format_date(result.old_as_of)}"


def changes_text(result: c.Comparison) -> str:
    """Bullets per section (sub-bullets for its changes), in the text sections' markup."""
    return "".join(text + "\n" for text, _level in change_lines(result))


def change_lines(result: c.Comparison, order: Sequence[str] = ()
                 ) -> list[tuple[str, str | None]]:
    """The change list's lines (markup) with the level of what each tells: a change its
    `Change.marking`, a section's heading line the lowest of its changes' (`_head_level`).
    `order`: the levels, lowest first."""
    out: list[tuple[str, str | None]] = []
    current: str | None = None
    shown = 0
    changes = [ch for ch in result.changes if ch.field not in OFF_SLIDE]
    for change in changes:
        if shown >= MAX_LINES:
            break
        if change.kind in SECTION_WORDS:
            out.append((f"- **{SECTION_WORDS[change.kind]}:** {_plain(change.section_title)}",
                        change.marking))
            current = None
        else:
            group = change.section or group_title(change)
            if group != current:
                out.append((f"- **{_plain(group_title(change))}**",
                            _head_level(changes, change, order)))
                current = group
            out.append((f"  - {said(change)}", change.marking))
        shown += 1
    if len(changes) > shown:
        out.append((f"- … and {len(changes) - shown} more (the full list: briefing diff)",
                    None))
    if not out:
        out.append(("- No changes.", None))
    return out


def _head_level(changes: list[c.Change], first: c.Change, order: Sequence[str]
                ) -> str | None:
    """A heading line names a section (its title is the section's level, which every change
    under it includes, so the lowest of them is at least that); "Briefing" and "Sources" name
    nothing restricted."""
    if first.section is None:
        return None
    return min((ch.marking for ch in changes if ch.section == first.section),
               key=lambda level: order.index(level) if level in order else -1)


def with_changes(new: m.Document, result: c.Comparison,
                 marks: c.EditionMarks | None = None) -> m.Document:
    """`new` (filtered for the audience) with the change section after its bottom line (the
    first summary section; first of all when there is none).

    The section itself is marked with its title's level, the document's lowest (its title
    tells nothing restricted); each line's level goes into `marks.lines`, so each slide and
    page is marked with the highest of the lines it shows, and each line carries its own
    portion mark. Without `marks`, the section is marked with the highest of its lines."""
    doc = copy.copy(new)
    doc.sections = list(new.sections)
    lines = change_lines(result, doc.markings)
    levels = [level or (doc.markings[0] if doc.markings else None) for _t, level in lines]
    if not doc.markings:
        marking = None
    elif marks is None:
        marking = highest(doc, levels)
    else:
        marking = doc.markings[0]
    section = m.Section(kind="text", title=changes_title(result),
                        id=unique_slug("changes-since", {s.id for s in doc.sections}),
                        marking=marking, text="".join(t + "\n" for t, _l in lines),
                        notes=f"What changed since the edition of "
                              f"{m.format_date(result.old_as_of)}.")
    at = next((i + 1 for i, s in enumerate(doc.sections) if s.kind == "summary" and s.include),
              0)
    doc.sections.insert(at, section)
    if marks is not None and doc.markings:
        marks.lines[section.id] = tuple(levels)
    return doc


def _plain(text: str | None) -> str:
    """The briefing's own words without markup characters, and arrows for '->'."""
    return (text or "").replace("*", "").replace(" -> ", " → ")
