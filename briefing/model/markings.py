"""Handling markings: inheritance, roll-up and audience-safe filtering.

Filtering happens on the model, before layout, so that no exporter can leak what was removed:
what is not in the filtered document cannot reach a slide, a note, a chart sheet or metadata.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from briefing.model import document as m
from briefing.model.groups import carry_parts, group_sections


def level_index(doc: m.Document, level: str | None) -> int:
    """Position of `level` in the document's ordered levels; -1 for unmarked content."""
    if level is None or level not in doc.markings:
        return -1
    return doc.markings.index(level)


def highest(doc: m.Document, levels: Iterable[str | None]) -> str | None:
    """The highest of `levels` by the document's order (None when none is marked)."""
    best: str | None = None
    for level in levels:
        if level is not None and level_index(doc, level) > level_index(doc, best):
            best = level
    return best


def resolve_markings(doc: m.Document) -> m.Document:
    """A copy in which every markable thing carries its effective marking explicitly.

    Children inherit their section's level (a section its document's lowest), so exporters can
    read `.marking` anywhere without knowing the inheritance rules.
    """
    doc = copy.deepcopy(doc)
    if not doc.markings:
        return doc
    lowest = doc.markings[0]
    for source in doc.sources:
        source.marking = source.marking or lowest
    for section in doc.sections:
        section.marking = section.marking or lowest
        parent = section.marking
        for item in section.items:
            item.marking = item.marking or parent
        for event in section.events:
            event.marking = event.marking or parent
        if section.chart:
            for series in section.chart.series:
                series.marking = series.marking or parent
        if section.table:
            for row in section.table.rows:
                row.marking = row.marking or parent
        for place in section.places:
            place.marking = place.marking or parent
    return doc


def section_marking(doc: m.Document, section: m.Section) -> str | None:
    """The highest level actually present in a (resolved) section: the roll-up for its slides."""
    if not doc.markings:
        return None
    levels: list[str | None] = [section.marking]
    levels += [i.marking for i in section.items] + [e.marking for e in section.events]
    levels += [p.marking for p in section.places]
    if section.chart:
        levels += [s.marking for s in section.chart.series]
    if section.table:
        levels += [r.marking for r in section.table.rows]
    return highest(doc, levels)


def document_marking(doc: m.Document) -> str | None:
    """The highest level in the whole (resolved) document: for the title slide and the cover."""
    if not doc.markings:
        return None
    return highest(doc, [section_marking(doc, s) for s in doc.included_sections]
                   + [s.marking for s in doc.sources])


def portion_abbreviations(levels: list[str]) -> dict[str, str]:
    """Shortest unique prefixes: PUBLIC/PARTNERS/INTERNAL -> PU/PA/I."""
    result: dict[str, str] = {}
    for level in levels:
        for n in range(1, len(level) + 1):
            prefix = level[:n].upper()
            if not any(o != level and o[:n].upper() == prefix for o in levels):
                result[level] = prefix
                break
        else:
            result[level] = level.upper()
    return result


def portion_mark(doc: m.Document, level: str | None) -> str:
    """'(P) ' before a paragraph when the document asks for portion marks, else ''."""
    if not doc.portion_marks or not doc.markings or level is None:
        return ""
    return f"({portion_abbreviations(doc.markings)[level]}) "


def filter_for_audience(doc: m.Document, audience: str) -> m.Document:
    """The document as `audience` may see it: everything marked above it removed.

    Sections left empty by the removal are dropped (no blank slide), sources cited only by
    removed content disappear, and the declared levels stop at the audience's. A part whose
    sections are all removed is gone with them (its title too); a part keeps its title on its
    first section left (the validator makes sure that section may see it: `part_rules`).
    """
    if audience not in doc.markings:
        raise ValueError(f"{audience!r} is not one of the document's levels "
                         f"({', '.join(doc.markings) or 'none declared'})")
    limit = doc.markings.index(audience)
    doc = resolve_markings(doc)

    def allowed(level: str | None) -> bool:
        return level_index(doc, level) <= limit

    kept_sources = {s.id for s in doc.sources if allowed(s.marking)}
    groups = group_sections(doc.sections)
    sections: list[m.Section] = []
    for section in doc.sections:
        if not allowed(section.marking):
            continue
        had_content = _has_content(section)
        section.items = [i for i in section.items if allowed(i.marking)]
        section.events = [e for e in section.events if allowed(e.marking)]
        if section.chart:
            keep = [i for i, s in enumerate(section.chart.series) if allowed(s.marking)]
            section.chart.series = [section.chart.series[i] for i in keep]
        if section.table:
            section.table.rows = [r for r in section.table.rows if allowed(r.marking)]
        section.places = [p for p in section.places if allowed(p.marking)]
        if had_content and not _has_content(section):
            continue
        sections.append(section)

    cited: set[str] = set()
    for section in sections:
        section.sources = [s for s in section.sources if s in kept_sources]
        cited.update(section.sources)
        for item in section.items:
            item.sources = [s for s in item.sources if s in kept_sources]
            cited.update(item.sources)
            if isinstance(item, m.KeyFigure):
                _keep_value_source(item.value, kept_sources, cited)
        for event in section.events:
            event.sources = [s for s in event.sources if s in kept_sources]
            cited.update(event.sources)
        for place in section.places:
            place.sources = [s for s in place.sources if s in kept_sources]
            cited.update(place.sources)
        if section.chart:
            for series in section.chart.series:
                for value in series.values:
                    _keep_value_source(value, kept_sources, cited)
    places = {p.key for s in sections for p in s.places}
    for section in sections:
        for event in section.events:
            if event.place_ref not in places:
                event.place_ref = None  # a place the audience may not see: no number either
    carry_parts(sections, groups)  # a part's title moves to its first section left
    doc.sections = sections
    doc.sources = [s for s in doc.sources if s.id in cited]
    doc.markings = doc.markings[: limit + 1]
    return doc


def _keep_value_source(value: m.Value, kept: set[str], cited: set[str]) -> None:
    """A chart cell's (or key figure's) own source: dropped when the audience may not see it."""
    if value.source is not None and value.source not in kept:
        value.source = None
    if value.source:
        cited.add(value.source)


def _has_content(section: m.Section) -> bool:
    if section.kind in ("judgments", "key_figures"):
        return bool(section.items)
    if section.kind == "timeline":
        return bool(section.events)
    if section.kind == "chart":
        return bool(section.chart and section.chart.series)
    if section.kind == "table":
        return bool(section.table and section.table.rows)
    if section.kind == "map":
        return bool(section.places)
    return True
