"""The whole deck: title slide, agenda, a header slide opening each part, one or more pages per
included section, sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.format.themes import Theme
from briefing.model.compare import EditionMarks
from briefing.model.document import Document, Section, Source, format_date
from briefing.model.groups import included_groups
from briefing.text import metrics as tm

from .context import ALSO_CONSULTED, Ctx, also_consulted
from .frame import (
    CONTENT_W,
    MARGIN_X,
    Framer,
    banner_height,
    banners,
    chrome,
    continuation_sizing,
    continued_title,
    footer_top,
    page_notes,
    shortened_title,
    with_total,
)
from .geometry import Box, Deck, Element, Page, Paragraph, Run, ShapeBox, TextBlock
from .parts import part_label, part_page
from .sections import LAYOUTS
from .text import block, fit_size, height_of, para, title_para
from .wording import entry_direction, source_text  # source_text: re-exported

AGENDA_SIZES = (22.0, 20.0, 18.0, 16.0)
SOURCE_SIZES = (15.0, 14.0, 13.0, 12.0)
SOURCE_FLOW_SIZE = 13.0


#: lays out one section in a document's context from a first slide number (see `layout_document`)
SectionPages = Callable[[Ctx, Section, int], list[Page]]


def layout_document(doc: Document, theme: Theme | None = None, *,
                    base_dir: Path | None = None,
                    section_pages: SectionPages | None = None,
                    edition: EditionMarks | None = None) -> Deck:
    """Every page of the deck, numbered from 1, with the citation list for the sources slide.

    `section_pages` lays out each included section in place of `layout_section` (a cache, a
    progress count: `briefing.layout.incremental`); it must give the same pages. `edition`:
    what changed since the previous edition (tags on sections, "was" readings on charts)."""
    ctx = Ctx.build(doc, theme, base_dir, edition)
    pages: list[Page] = [title_page(ctx)]
    pages += agenda_pages(ctx, len(pages) + 1)
    groups = included_groups(doc)
    count, part = sum(1 for g in groups if g.title is not None), 0
    for group in groups:
        if group.title is not None:  # a part opens with its section-header slide
            part += 1
            pages.append(part_page(ctx, group, part, count, len(pages) + 1))
        for section in group.sections:
            if section_pages is not None:
                pages += section_pages(ctx, section, len(pages) + 1)
            else:
                pages += layout_section(doc, section, ctx.theme, base_dir=base_dir,
                                        start_number=len(pages) + 1, ctx=ctx)
    if ctx.citations or also_consulted(doc):
        pages += sources_pages(ctx, len(pages) + 1)
    return Deck(pages=with_total(ctx, pages), theme=ctx.theme, citations=list(ctx.citations),
                problems=list(ctx.problems), language=doc.language)


def layout_section(doc: Document, section: Section, theme: Theme | None = None, *,
                   base_dir: Path | None = None, start_number: int = 1,
                   ctx: Ctx | None = None) -> list[Page]:
    """The page(s) of one section, as in the full deck (same citation numbers)."""
    ctx = ctx or Ctx.build(doc, theme, base_dir)
    layout = LAYOUTS.get(section.kind, LAYOUTS["text"])
    return layout(ctx, section, start_number)


def _page(ctx: Ctx, number: int, kind: str, title: str, elements: list[Element],
          marking: str | None, notes: str = "", continued: bool = False) -> Page:
    if marking is None and ctx.doc.markings:
        marking = ctx.doc.markings[0]
    return Page(number=number, kind=kind, title=title,
                elements=[*banners(ctx, marking), *elements], notes=notes, marking=marking,
                background=ctx.theme.background, continued=continued)


def title_page(ctx: Ctx) -> Page:
    doc, t = ctx.doc, ctx.theme
    band = banner_height(ctx)
    ch = chrome(ctx, None, number=1)
    x, w = MARGIN_X + 24, CONTENT_W - 48
    accent = t.accent if t.name != "high-contrast" else t.text

    def title_build(size: float) -> list[Paragraph]:
        return [title_para(doc.title, size, color=accent, line_height=1.1)]

    fitted = (fit_size(title_build, w, 40 * 1.1 * 2 + 8, (40.0, 36.0, 32.0))
              or fit_size(title_build, w, 28 * 1.1 * 3 + 8, (28.0, 24.0)))
    title_paras = fitted[1] if fitted else title_build(24.0)
    below: list[Paragraph] = []
    if doc.subtitle:
        below.append(para(doc.subtitle, 22.0, color=t.text))
    info = [f"As of {format_date(doc.as_of)}"]
    if doc.author:
        info.append(doc.author)
    below.append(para(" \u00b7 ".join(info[:1]), 18.0, bold=True, color=t.text,
                      space_before=18))
    if doc.author:
        below.append(para(doc.author, 16.0, color=t.muted, space_before=4))
    if doc.classification:
        below.append(para(doc.classification, 14.0, bold=True, color=t.muted, space_before=14))
    # centred in the space between the banners and the footer, a little above the middle
    total = height_of(title_paras, w, 4) + 22 + height_of(below, w, 4)
    avail_top, avail_bottom = band + 12, footer_top(ctx) - 12
    y = max(avail_top, avail_top + (avail_bottom - avail_top - total) / 2 - 16)
    tb = block(x, y, w, title_paras, "title", anchor="bottom")
    rule = ShapeBox(Box(x + 4, tb.box.bottom + 8, 96, 4), "rect", fill=t.accent)
    sub = block(x, tb.box.bottom + 22, w, below, "body")
    side = ShapeBox(Box(MARGIN_X, y, 6, sub.box.bottom - y), "rect", fill=t.accent)
    elements: list[Element] = [side, tb, rule, sub, *ch.top]
    marking = ctx.highest(_all_markings(doc))
    return _page(ctx, 1, "title", doc.title, elements, marking,
                 notes=f"{doc.title}. As of {format_date(doc.as_of)}.")


def _all_markings(doc: Document) -> list[str | None]:
    out: list[str | None] = []
    for s in doc.included_sections:
        out.append(s.marking)
        out += [i.marking for i in s.items] + [e.marking for e in s.events]
        if s.table:
            out += [r.marking for r in s.table.rows]
        if s.chart:
            out += [x.marking for x in s.chart.series]
    return out


NUMBER_GAP = 8.0


def numbered_pages(ctx: Ctx, start: int, title: str, kind: str, texts: list[list[Run]],
                   markings: list[str | None], sizes: tuple[float, ...], notes: str,
                   two_columns: bool, role: str, heads: frozenset[int] = frozenset(),
                   direction: str | None = None) -> list[Page]:
    """A numbered list ("1.", "2.", ...) over as many pages as it needs, entries never split.

    Each entry is one paragraph that carries its number in its hanging indent (PowerPoint's
    own numbering in the deck, `Paragraph.number`): a number in a box of its own, kept level
    with its entry by blank lines, drifted off its entry in viewers that space lines
    differently. Entries in `heads` are unnumbered headings (the agenda's parts), in bold,
    never the last line of a column. `direction`: every entry's, where the caller decides it
    (the sources' entries read in the briefing's direction).
    """
    t = ctx.theme
    num_color = t.accent if t.name != "high-contrast" else t.text
    body0 = chrome(ctx, title).body
    body1 = chrome(ctx, continued_title(title, 1), sized_as=continuation_sizing(title)).body
    gap = 24.0
    numbers: list[int | None] = []
    for k in range(len(texts)):
        numbers.append(None if k in heads else
                       1 + sum(1 for n in numbers if n is not None))
    labels = [f"{n}." if n is not None else "" for n in numbers]
    widest = max((tm.measure(lab, sizes[0]) for lab in labels if lab), default=0.0)
    # room for the widest number and a gap of half an em (viewers that substitute a wider
    # font for Arial still keep "10." off its text)
    hang = widest / tm.WIDTH_SAFETY + max(NUMBER_GAP, sizes[0] * 0.5)

    def entries(size: float, width: float) -> list[tuple[Paragraph, float, float]]:
        out = []
        scale = size / sizes[0]
        for k, runs in enumerate(texts):
            sb = size * 0.45
            if numbers[k] is None:
                tp = Paragraph([Run(r.text, True, r.italic, r.color or num_color)
                                for r in runs], size=size, color=num_color,
                               space_before=size * 0.8)
                n_lines = len(tm.paragraph_lines(tp, width - 8))
                out.append((tp, tp.space_before, n_lines * size * tp.line_height))
                continue
            tp = Paragraph([Run(r.text, r.bold, r.italic, r.color or t.text) for r in runs],
                           size=size, color=num_color, space_before=sb, bullet=True,
                           bullet_char=labels[k], bullet_offset=0.0, indent=hang * scale,
                           number=numbers[k], direction=direction)
            n_lines = len(tm.paragraph_lines(tp, width - 8))
            out.append((tp, sb, n_lines * size * tp.line_height))
        return out

    def pack(es, limits: list[float]) -> list[list]:
        cols, cur, used = [], [], 0.0
        for e in es:
            limit = limits[min(len(cols), len(limits) - 1)] - 8
            h = e[2] + (e[1] if cur else 0.0)
            if cur and used + h > limit:
                carried = []  # a heading goes on with its first entry
                while cur and cur[-1][0].number is None and not cur[-1][0].bullet:
                    carried.insert(0, cur.pop())
                if cur:
                    cols.append(cur)
                cur = carried
                used = sum(c[2] + (c[1] if j else 0.0) for j, c in enumerate(cur))
                h = e[2] + (e[1] if cur else 0.0)
            cur.append(e)
            used += h
        return [*cols, cur] if cur else cols

    per_page, col_w, columns = 1, body0.w, None
    for size in sizes:
        packed = pack(entries(size, body0.w), [body0.h])
        if len(packed) == 1:
            columns = packed
            break
    if columns is None and two_columns:
        per_page, col_w = 2, (body0.w - gap) / 2
        columns = pack(entries(sizes[-1], col_w), [body0.h, body0.h, body1.h])
    elif columns is None:
        columns = pack(entries(sizes[-1], body0.w), [body0.h, body1.h])
    pages = []
    index = 0
    for k in range(0, len(columns), per_page):
        page_no = len(pages)
        page_title = continued_title(title, page_no)
        ch = chrome(ctx, page_title, number=start + page_no,
                    sized_as=continuation_sizing(title) if page_no else None)
        elements: list[Element] = list(ch.top)
        page_markings: list[str | None] = []
        for j, col in enumerate(columns[k:k + per_page]):
            x = ch.body.x + j * (col_w + gap)
            elements.append(TextBlock(Box(x, ch.body.y, col_w, ch.body.h),
                                      [tp for tp, _sb, _h in col], role, padding=4))
            page_markings += markings[index:index + len(col)]
            index += len(col)
        pages.append(_page(ctx, start + page_no, kind, page_title, elements,
                           ctx.highest(page_markings),
                           notes=page_notes(notes, page_no, start, title),
                           continued=page_no > 0))
    return pages


def agenda_pages(ctx: Ctx, start: int) -> list[Page]:
    """The numbered sections; in a briefing of parts, each part's title above its sections, or
    (when that takes more than one slide) the parts alone, numbered, with their section counts."""
    sections = ctx.doc.included_sections
    if not sections:
        return []
    groups = included_groups(ctx.doc)
    notes = "Agenda: " + "; ".join(s.title for s in sections) + "."
    if all(g.title is None for g in groups):
        return numbered_pages(
            ctx, start, "Agenda", "agenda", [[Run(shortened_title(s.title))] for s in sections],
            [s.marking for s in sections], AGENDA_SIZES, notes, True, "agenda")
    texts: list[list[Run]] = []
    levels: list[str | None] = []
    heads: set[int] = set()
    for group in groups:
        shown = [s.marking for s in group.sections]
        if group.title is not None:
            heads.add(len(texts))
            texts.append([Run(shortened_title(group.title))])
            levels.append(ctx.highest(shown))
        texts += [[Run(shortened_title(s.title))] for s in group.sections]
        levels += shown
    notes = "Agenda: " + " ".join(
        (f"{g.title}: " if g.title is not None else "")
        + "; ".join(s.title for s in g.sections) + "." for g in groups)
    pages = numbered_pages(ctx, start, "Agenda", "agenda", texts, levels, AGENDA_SIZES, notes,
                           True, "agenda", frozenset(heads))
    if len(pages) == 1:
        return pages
    titled = [g for g in groups if g.title is not None]
    count = len(titled)
    parts_only = [[Run(f"{shortened_title(g.title or '')} ({part_label(k + 1, count)}, "
                       f"{len(g.sections):,} section{'s' if len(g.sections) != 1 else ''})")]
                  for k, g in enumerate(titled)]
    untitled = [g for g in groups if g.title is None]
    if untitled:  # the sections before the first part, as one entry
        n = len(untitled[0].sections)
        parts_only.insert(0, [Run(f"Opening ({n:,} section{'s' if n != 1 else ''})")])
    return numbered_pages(
        ctx, start, "Agenda", "agenda", parts_only,
        [ctx.highest([s.marking for s in g.sections]) for g in groups], AGENDA_SIZES, notes,
        True, "agenda")


def sources_pages(ctx: Ctx, start: int) -> list[Page]:
    """The cited sources by number, then those no section cites under "Also consulted",
    numbered on (`context.also_consulted`: the paper lists the same, with the same numbers)."""
    cites = ctx.citations
    consulted = also_consulted(ctx.doc)
    texts: list[list[Run]] = []
    markings: list[str | None] = []
    for src in cites:
        texts.append(_source_runs(ctx, src))
        markings.append(src.marking)
    heads = frozenset({len(texts)} if consulted else ())
    if consulted:
        texts.append([Run(ALSO_CONSULTED)])
        markings.append(None)
    for src in consulted:
        texts.append(_source_runs(ctx, src))
        markings.append(src.marking)
    return numbered_pages(
        ctx, start, "Sources", "sources", texts, markings, SOURCE_SIZES,
        "Sources cited in this briefing, numbered as in the slides' footnote markers"
        + ("; then sources consulted but not cited." if consulted else "."),
        False, "body", heads, entry_direction(ctx.doc.language))


def _source_runs(ctx: Ctx, src: Source) -> list[Run]:
    prefix = ctx.portion(src.marking)
    return ([Run(prefix, bold=True)] if prefix else []) + [Run(source_text(src,
                                                                           ctx.doc.language))]


__all__ = ["layout_document", "layout_section", "Framer", "height_of"]
