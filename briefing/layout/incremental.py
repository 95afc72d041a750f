"""Laying a document out again after an edit: only the sections whose inputs changed.

A section's pages depend on the section itself, on the document's own fields and sources (not
on its other sections), the theme, the folder images are read from, the citation numbers of
the sources it cites, and its first slide number. `SectionCache` keys each section's pages by
all of these but the number; pages laid out from another first number are moved with
`Framer.renumber`. An image section is laid out every time: its file may change on disk.

The deck is put together by `layout_document` itself (title, agenda, sections, sources), so a
deck from the cache is the deck `layout_document` makes, page for page: an export that lays out
through a cache writes the same bytes.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.format.themes import Theme
from briefing.model.compare import EditionMarks
from briefing.model.document import Document, Section

from .context import Ctx, cited_ids
from .document import layout_document, layout_section
from .frame import Framer
from .geometry import Deck, Page

#: (sections laid out or taken from the cache so far, included sections in all)
SectionsDone = Callable[[int, int], None]


@dataclass(frozen=True)
class _Entry:
    pages: list[Page]
    problems: list[str]  # what laying the section out added to the deck's problems


class SectionCache:
    """Each included section's pages from the last `layout`, reused when nothing they depend on
    changed. Holds one deck's worth: entries the last layout did not use are dropped."""

    def __init__(self) -> None:
        self._entries: dict[bytes, _Entry] = {}
        #: the sections the last `layout` laid out (not taken from the cache), by id or title
        self.laid_out: list[str] = []

    def layout(self, doc: Document, theme: Theme | None = None, *,
               base_dir: Path | None = None, progress: SectionsDone | None = None,
               edition: EditionMarks | None = None) -> Deck:
        """`layout_document(doc, theme, base_dir=base_dir, edition=edition)`, laying out only
        what changed."""
        used: dict[bytes, _Entry] = {}
        laid_out: list[str] = []
        total = len(doc.included_sections)
        shared: list[bytes] = []  # the context's part of every key, made once per layout
        done = [0]

        def section_pages(ctx: Ctx, section: Section, start: int) -> list[Page]:
            if not shared:
                shared.append(_context_key(ctx))
            key = _section_key(ctx, section, shared[0])
            entry = self._entries.get(key) if key is not None else None
            if entry is None:
                before = len(ctx.problems)
                pages = layout_section(ctx.doc, section, ctx.theme, base_dir=ctx.base_dir,
                                       start_number=start, ctx=ctx)
                entry = _Entry(pages, ctx.problems[before:])
                laid_out.append(section.id or section.title)
            else:
                ctx.problems.extend(entry.problems)
                pages = Framer(ctx, section).renumber(entry.pages, start)
            if key is not None:
                used[key] = replace(entry, pages=pages)
            done[0] += 1
            if progress is not None:
                progress(done[0], total)
            return pages

        deck = layout_document(doc, theme, base_dir=base_dir, section_pages=section_pages,
                               edition=edition)
        self._entries = used
        self.laid_out = laid_out
        return deck


def _context_key(ctx: Ctx) -> bytes:
    """What every section's pages depend on besides the section: the document without its
    sections (its fields and sources), the theme, the image folder and the edition's marks."""
    return pickle.dumps((replace(ctx.doc, sections=[]), ctx.theme, str(ctx.base_dir),
                         ctx.edition), protocol=pickle.HIGHEST_PROTOCOL)


def _section_key(ctx: Ctx, section: Section, context: bytes) -> bytes | None:
    """The cache key of `section`'s pages in `ctx` (None: never cached)."""
    if section.kind == "image":
        return None
    numbers = tuple(ctx.number(i) for i in cited_ids(section))
    return pickle.dumps((context, numbers, section), protocol=pickle.HIGHEST_PROTOCOL)
