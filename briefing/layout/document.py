"""The whole deck: title slide, agenda, one or more pages per included section, sources."""

from __future__ import annotations

from pathlib import Path

from .. import textmetrics as tm
from ..model import Document, Section, Source, format_date
from ..themes import Theme
from .context import Ctx
from .frame import (
    CONT,
    CONTENT_W,
    MARGIN_X,
    Framer,
    banner_height,
    banners,
    chrome,
)
from .geometry import Box, Deck, Element, Page, Paragraph, Run, ShapeBox, TextBlock
from .sections import LAYOUTS
from .text import block, fit_size, height_of, paginate, para

AGENDA_SIZES = (22.0, 20.0, 18.0, 16.0)
SOURCE_SIZES = (15.0, 14.0, 13.0, 12.0)
SOURCE_FLOW_SIZE = 13.0


def layout_document(doc: Document, theme: Theme | None = None, *,
                    base_dir: Path | None = None) -> Deck:
    """Every page of the deck, numbered from 1, with the citation list for the sources slide."""
    ctx = Ctx.build(doc, theme, base_dir)
    pages: list[Page] = [title_page(ctx)]
    pages += agenda_pages(ctx, len(pages) + 1)
    for section in doc.included_sections:
        pages += layout_section(doc, section, ctx.theme, base_dir=base_dir,
                                start_number=len(pages) + 1, ctx=ctx)
    if ctx.citations:
        pages += sources_pages(ctx, len(pages) + 1)
    return Deck(pages=pages, theme=ctx.theme, citations=list(ctx.citations),
                problems=list(ctx.problems))


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
        return [para(doc.title, size, bold=True, color=accent, line_height=1.1)]

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
    y = band + 120
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


NUMBER_W = 44.0  # the agenda's number column


def agenda_pages(ctx: Ctx, start: int) -> list[Page]:
    """Numbered section titles; numbers sit in their own right-aligned box (a shared text box
    would misalign them: viewers kern "11" but not "10")."""
    t = ctx.theme
    sections = ctx.doc.included_sections
    if not sections:
        return []
    num_color = t.accent if t.name != "high-contrast" else t.text
    body = chrome(ctx, "Agenda").body
    gap = 24.0

    def entries(size: float, width: float) -> list[tuple[Paragraph, list[Paragraph], float]]:
        out = []
        tw = width - NUMBER_W - 8
        for k, s in enumerate(sections):
            sb = size * 0.45
            tp = Paragraph([Run(s.title)], size=size, color=t.text, space_before=sb)
            n_lines = len(tm.paragraph_lines(tp, tw - 8))
            nums = [Paragraph([Run(str(k + 1), bold=True)], size=size, color=num_color,
                              align="right", space_before=sb)]
            nums += [Paragraph([Run("")], size=size) for _ in range(n_lines - 1)]
            out.append((tp, nums, sb + n_lines * size * 1.2))
        return out

    def pack(es, limit: float) -> list[list]:
        cols, cur, used = [], [], 0.0
        for e in es:
            h = e[2] - (e[0].space_before if not cur else 0.0)
            if cur and used + h > limit:
                cols.append(cur)
                cur, used = [], 0.0
                h = e[2] - e[0].space_before
            cur.append(e)
            used += h
        return [*cols, cur] if cur else cols

    limit = body.h - 8
    columns = None
    for size in AGENDA_SIZES:
        packed = pack(entries(size, body.w), limit)
        if len(packed) == 1:
            columns, col_w = packed, body.w
            break
    if columns is None:  # two columns a page, continuing on further pages when needed
        col_w = (body.w - gap) / 2
        columns = pack(entries(AGENDA_SIZES[-1], col_w), limit)
    pages = []
    for k in range(0, len(columns), 1 if col_w == body.w else 2):
        page_no = len(pages)
        title = "Agenda" if page_no == 0 else "Agenda" + CONT
        ch = chrome(ctx, title, number=start + page_no)
        elements: list[Element] = list(ch.top)
        for j, col in enumerate(columns[k:k + (1 if col_w == body.w else 2)]):
            x = body.x + j * (col_w + gap)
            nums = [p for _tp, ns, _h in col for p in ns]
            titles = [tp for tp, _ns, _h in col]
            elements.append(TextBlock(Box(x, body.y, NUMBER_W, body.h), nums, "agenda",
                                      padding=4))
            elements.append(TextBlock(Box(x + NUMBER_W + 8, body.y, col_w - NUMBER_W - 8,
                                          body.h), titles, "agenda", padding=4))
        marking = ctx.highest(s.marking for s in sections)
        pages.append(_page(ctx, start + page_no, "agenda", title, elements, marking,
                           notes="Agenda: " + "; ".join(s.title for s in sections) + ".",
                           continued=page_no > 0))
    return pages


def source_text(src: Source) -> str:
    bits = [src.title.rstrip(".") + "."]
    tail = ", ".join(p for p in (src.publisher, format_date(src.date) if src.date else None)
                     if p)
    if tail:
        bits.append(tail + ".")
    if src.url:
        bits.append(src.url)
    grade = (src.reliability or "") + (str(src.credibility) if src.credibility else "")
    if grade:
        bits.append(f"Grade {grade}.")
    return " ".join(bits)


def sources_pages(ctx: Ctx, start: int) -> list[Page]:
    t = ctx.theme
    cites = ctx.citations

    def build(size: float) -> list[Paragraph]:
        out = []
        for k, src in enumerate(cites):
            runs = []
            prefix = ctx.portion(src.marking)
            runs.append(Run(f"[{k + 1}]  ", bold=True,
                            color=t.accent if t.name != "high-contrast" else t.text))
            if prefix:
                runs.append(Run(prefix, bold=True))
            runs.append(Run(source_text(src)))
            out.append(Paragraph(runs, size=size, color=t.text, space_before=size * 0.5))
        return out

    body0 = chrome(ctx, "Sources").body
    body1 = chrome(ctx, "Sources" + CONT).body
    fitted = fit_size(build, body0.w, body0.h, SOURCE_SIZES)
    chunks = [fitted[1]] if fitted else paginate(build(SOURCE_FLOW_SIZE), body0.w,
                                                 lambda k: (body0 if k == 0 else body1).h)
    pages = []
    index = 0
    for k, chunk in enumerate(chunks):
        title = "Sources" if k == 0 else "Sources" + CONT
        ch = chrome(ctx, title, number=start + k)
        srcs = []
        for p in chunk:
            if p.runs and p.runs[0].text.startswith("["):
                srcs.append(cites[index])
                index += 1
        marking = ctx.highest(s.marking for s in srcs)
        elements = [*ch.top, TextBlock(ch.body, chunk, "body", padding=4)]
        pages.append(_page(ctx, start + k, "sources", title, elements, marking,
                           notes="Sources cited in this briefing, numbered as in the slides' "
                                 "footnote markers.", continued=k > 0))
    return pages


__all__ = ["layout_document", "layout_section", "Framer", "height_of"]
