"""What every page of one document shares: theme, citation numbers, markings, problems."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.format.themes import Theme, load_theme
from briefing.model.compare import EditionMarks
from briefing.model.document import Document, Section, Source

from .colors import legible


def cited_ids(section: Section) -> list[str]:
    """Source ids a section cites, in reading order: its own list, then items, events, values."""
    ids = list(section.sources)
    for item in section.items:
        ids += item.sources
        value = getattr(item, "value", None)  # a key figure's value may name its own source
        if value is not None and value.source:
            ids.append(value.source)
    for event in section.events:
        ids += event.sources
    for place in section.places:
        ids += place.sources
    if section.chart:
        for series in section.chart.series:
            ids += [v.source for v in series.values if v is not None and v.source]
    return ids


def citation_order(doc: Document) -> list[Source]:
    """Every source cited by an included section, numbered by first citation."""
    seen: dict[str, Source] = {}
    for section in doc.included_sections:
        for sid in cited_ids(section):
            src = doc.source_by_id(sid)
            if src is not None and sid not in seen:
                seen[sid] = src
    return list(seen.values())


ALSO_CONSULTED = "Also consulted"


def also_consulted(doc: Document) -> list[Source]:
    """The sources no included section cites, in the order the briefing lists them.

    The one rule of every output's list of sources (the deck's sources slide, the slides
    PDF's, the paper's endnotes): the cited sources first, numbered by first citation
    (`citation_order`, the numbers of the footnote markers), then these under the heading
    "Also consulted", numbered on from there. A filtered export (`--audience`) has none: its
    briefing keeps only the sources its visible parts cite (`model.markings`)."""
    cited = {s.id for s in citation_order(doc)}
    return [s for s in doc.sources if s.id not in cited]


@dataclass
class Ctx:
    doc: Document
    theme: Theme
    citations: list[Source]
    base_dir: Path | None = None
    problems: list[str] = field(default_factory=list)
    #: what changed since the previous edition: "new"/"updated" tags, "was" readings
    edition: EditionMarks | None = None

    @classmethod
    def build(cls, doc: Document, theme: Theme | None = None,
              base_dir: Path | None = None, edition: EditionMarks | None = None) -> Ctx:
        if theme is None:
            try:
                theme = load_theme(doc.theme)
            except KeyError:
                theme = load_theme(None)
        return cls(doc, legible(theme), citation_order(doc), base_dir, edition=edition)

    def status(self, section: Section) -> str | None:
        """'new' or 'updated' since the previous edition (None without one, or unchanged)."""
        return self.edition.status(section.id) if self.edition is not None else None

    def was(self, section: Section) -> dict[tuple[str, str], str]:
        """The old reading of each changed value of `section`'s chart, by (category, series)."""
        if self.edition is None or not section.id:
            return {}
        return self.edition.was.get(section.id, {})

    def number(self, source_id: str) -> int | None:
        for k, src in enumerate(self.citations):
            if src.id == source_id:
                return k + 1
        return None

    def numbers(self, ids: Iterable[str]) -> list[int]:
        found = {self.number(i) for i in ids}
        return sorted(n for n in found if n is not None)

    def markers(self, ids: Iterable[str]) -> str:
        """Footnote markers for inline use: '[1] [4]' (empty when nothing is cited)."""
        return " ".join(f"[{n}]" for n in self.numbers(ids))

    def line_levels(self, section: Section, count: int) -> list[str | None]:
        """The level of each of a text section's `count` lines: their own where the edition
        gives them (the change list's, `EditionMarks.lines`), else the section's."""
        if self.edition is None:
            return [section.marking] * count
        return self.edition.line_levels(section.id, count, section.marking)

    def rank(self, marking: str | None) -> int:
        if marking is None or marking not in self.doc.markings:
            return -1
        return self.doc.markings.index(marking)

    def highest(self, markings: Iterable[str | None]) -> str | None:
        best: str | None = None
        for m in markings:
            if m is not None and self.rank(m) > self.rank(best):
                best = m
        return best

    def effective(self, marking: str | None, section: Section | None = None) -> str | None:
        """A portion's marking: its own, else its section's, else the lowest declared level."""
        if marking:
            return marking
        if section is not None and section.marking:
            return section.marking
        return self.doc.markings[0] if self.doc.markings else None

    def portion(self, marking: str | None, section: Section | None = None) -> str:
        """'(PU) ' before a portion when the document asks for portion marks, else ''."""
        from briefing.model.markings import portion_mark  # shared with the PDF report: PU / PA / I

        level = self.effective(marking, section)
        if level not in self.doc.markings:
            return ""
        return portion_mark(self.doc, level)

    def banner_text(self, page_marking: str | None) -> str | None:
        parts = [p for p in (self.doc.classification,
                             page_marking if self.doc.markings else None) if p]
        return " \u2014 ".join(parts) if parts else None
