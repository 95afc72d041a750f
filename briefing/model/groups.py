"""Parts of a briefing: sections grouped under a title by the `part:` of their first section.

One rule, read by the layout (section-header slides, the agenda), the paper (level-1
headings), the audience filter and the validator: a section whose `part` is set opens a part
with that title, and the sections after it belong to it until the next section that names
another `part`. Naming the current part again continues it, so writing `part:` on every
section of a part reads the same. Sections before the first `part:` belong to no part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.model import document as m


@dataclass(frozen=True)
class Group:
    """A run of sections under one part title (None: the sections before the first part)."""

    title: str | None
    sections: tuple[m.Section, ...]


def group_sections(sections: Sequence[m.Section]) -> list[Group]:
    """`sections` cut into parts, in order; every section in exactly one group."""
    groups: list[Group] = []
    title: str | None = None
    run: list[m.Section] = []
    for section in sections:
        named = section.part.strip() if section.part and section.part.strip() else None
        if named is not None and (title is None or named != title.strip()):
            if run:
                groups.append(Group(title, tuple(run)))
            title, run = section.part, []
        run.append(section)
    if run:
        groups.append(Group(title, tuple(run)))
    return groups


def included_groups(doc: m.Document) -> list[Group]:
    """The parts as exported: grouped over every section (a part named on a section with
    `include: false` still holds the sections after it), then only included sections kept;
    a part with none left is gone, title and all."""
    out: list[Group] = []
    for group in group_sections(doc.sections):
        kept = tuple(s for s in group.sections if s.include)
        if kept:
            out.append(Group(group.title, kept))
    return out


def has_parts(doc: m.Document) -> bool:
    return any(g.title is not None for g in included_groups(doc))


def part_of_each(doc: m.Document) -> dict[int, str | None]:
    """Each included section's part title, by `id()` of the section."""
    return {id(s): g.title for g in included_groups(doc) for s in g.sections}


def carry_parts(sections: list[m.Section], groups: list[Group]) -> None:
    """After sections were dropped (`markings.filter_for_audience`): the first section left of
    each part carries its title, the others none, so the part survives the loss of the
    section that named it."""
    group_of = {id(s): k for k, g in enumerate(groups) for s in g.sections}
    current: int | None = None
    for section in sections:
        k = group_of.get(id(section))
        if k is None:
            continue
        section.part = groups[k].title if k != current else None
        current = k
