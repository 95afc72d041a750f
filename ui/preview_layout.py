"""What the slide preview shows, worked out away from the GUI thread.

The preview asks for the slides of the selected section (or of the whole deck) for the chosen
audience. Laying out a 1,000-section briefing takes seconds, so `lay_out` runs in the layout
worker process (`ui.background.LAYOUT`) on a snapshot of the document, and `briefing.layout.
incremental.SectionCache` lays out again only the sections an edit changed. The worker keeps one
`PreviewLayouter` (its cache) between requests and handles one request at a time. With an
export template (`ui.look`) the worker lays out in its theme and under its main font, as the
export does, and says which font the pages were measured in, for the painter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefing.format.themes import Theme
from briefing.layout import Deck, Page
from briefing.layout.incremental import SectionCache
from briefing.model import document as m
from briefing.text.faces import FontSet

from . import snapshot
from .look import Look, look_of


@dataclass(frozen=True)
class PreviewRequest:
    """Everything the layout needs, taken in the GUI thread when the request is made."""

    document: bytes  # `ui.snapshot.take` of the document
    row: int | None  # the selected section's index in the document, None for none
    audience: str | None
    base_dir: Path | None
    all_slides: bool
    #: the export's template: its colours and main font are the preview's (`ui.look`)
    template: Path | None = None


@dataclass
class PreviewResult:
    pages: list[Page]
    note: str  # the caption above the slides
    theme: Theme | None
    excluded: bool = False  # the selected section is not in the audience's export
    problems: list[str] = field(default_factory=list)
    deck_size: int = 0  # slides in the audience's whole deck
    laid_out: list[str] = field(default_factory=list)  # sections laid out, not from the cache
    faces: FontSet | None = None  # the main font the pages were measured in (paint in it)
    heading: FontSet | None = None  # and their titles' font, where it is another


_layouter: PreviewLayouter | None = None


def lay_out(request: PreviewRequest) -> PreviewResult:
    """The worker's entry point: lays `request` out with the worker's own cache."""
    global _layouter
    if _layouter is None:
        _layouter = PreviewLayouter()
    return _layouter.run(request)


def whole_deck(document: bytes, base_dir: Path | None, template: Path | None = None) -> Deck:
    """The deck of a snapshot, as the handout export lays it out (in `template`'s look), with
    the worker's cache (Print Handout: the sections the preview laid out already are not laid
    out again)."""
    global _layouter
    if _layouter is None:
        _layouter = PreviewLayouter()
    doc = snapshot.restore(document)
    look = look_of(template)
    with look.drawn():
        return _layouter.cache.layout(doc, look.theme_for(doc.theme), base_dir=base_dir)


class PreviewLayouter:
    """Lays out preview requests, keeping the section layouts of the last one."""

    def __init__(self) -> None:
        self.cache = SectionCache()

    def run(self, request: PreviewRequest) -> PreviewResult:
        """The request's slides, laid out in the template's look when it names one: its
        theme, and its main font, which this worker measures in as the export does."""
        look = look_of(request.template)
        with look.drawn():
            result = self._run(request, look)
        result.faces, result.heading = look.faces, look.heading
        result.problems[:0] = look.notes  # a refused template, a font not used: said here
        return result

    def _run(self, request: PreviewRequest, look: Look) -> PreviewResult:
        doc = snapshot.restore(request.document)
        theme = look.theme_for(doc.theme)
        section = doc.sections[request.row] if request.row is not None and \
            0 <= request.row < len(doc.sections) else None
        audience = request.audience
        try:
            view = audience_view(doc, audience)
            shown = next((s for s in view.sections if section is not None
                          and s.id == section.id), None)
            deck = self.cache.layout(view, theme, base_dir=request.base_dir)
            total = len(deck.pages)
            excluded = False
            if request.all_slides:
                pages, note = deck.pages, f"The whole deck: {total} slides"
            elif section is None:
                pages, note = deck.pages[:1], "Title slide (select a section to see its slides)"
            elif shown is None:
                pages, excluded = [], True
                note = (f"Not in the {audience} export: " + why_excluded(doc, section, audience)
                        + f". The {audience} deck has {total} slides.")
            elif shown.include:
                pages = [p for p in deck.pages if p.section_id == section.id]
                note = count_note(pages, total)
            else:
                from briefing.layout import layout_section

                pages = layout_section(view, shown, theme, base_dir=request.base_dir)
                note = (count_note(pages, total)
                        + " — left out of the export (its box is unchecked)")
            return PreviewResult(pages, note, theme, excluded, list(deck.problems), total,
                                 list(self.cache.laid_out))
        except Exception as exc:  # half-edited documents must not break the window
            return PreviewResult([], "", theme,
                                 problems=[f"The slides cannot be laid out yet: {exc}"])


def audience_view(doc: m.Document, audience: str | None) -> m.Document:
    """`doc` as `audience` sees it: a filtered copy, or `doc` itself for all content (None, or a
    level the document no longer declares)."""
    if audience is None or audience not in doc.markings:
        return doc
    from briefing.model.markings import filter_for_audience

    return filter_for_audience(doc, audience)


def why_excluded(doc: m.Document, section: m.Section, audience: str | None) -> str:
    """Why the audience's export has no slide for `section`, in the user's words."""
    from briefing.model.markings import level_index

    level = section.marking or (doc.markings[0] if doc.markings else None)
    if level_index(doc, level) > level_index(doc, audience):
        return f"the section is marked {level}"
    return f"everything in it is marked above {audience}"


def count_note(pages: list, total: int) -> str:
    if not pages:
        return "This section makes no slide"
    numbers = [p.number for p in pages]
    if len(pages) == 1:
        return f"Slide {numbers[0]} of {total}, as it will be exported"
    return (f"Slides {numbers[0]}–{numbers[-1]} of {total}: the content continues over "
            f"{len(pages)} slides")
