"""The section-header slide that opens a part of the briefing (`briefing.model.groups`).

Decided here once, drawn by every output: the part's title large (its text goes into a
corporate template's section-header title placeholder), and under it a body that says which
part of how many it is and lists its sections (the template's body placeholder). Both are
fitted like the cover's title: nothing validate accepts runs off the slide.
"""

from __future__ import annotations

from briefing.model.groups import Group

from .context import Ctx
from .frame import (
    CONTENT_W,
    MARGIN_X,
    TITLE_SIZES_2,
    banner_height,
    banners,
    chrome,
    footer_top,
    shortened_title,
)
from .geometry import Box, Element, Page, Paragraph, ShapeBox
from .text import block, fit_size, height_of, para, title_para

PART_TITLE_SIZES = (40.0, 36.0, 32.0)
PART_TITLE_SIZES_2 = (28.0, 24.0)
PART_BODY_SIZES = (20.0, 18.0, 16.0, 14.0)
BODY_GAP = 22.0


def part_label(number: int, count: int) -> str:
    """'Part 2 of 3': where the reader is, on the slide, in the notes and the agenda."""
    return f"Part {number} of {count}"


def part_notes(group: Group, number: int, count: int) -> str:
    titles = "; ".join(" ".join(s.title.split()) for s in group.sections)
    return f"{part_label(number, count)}: {' '.join((group.title or '').split())}. " \
           f"Sections: {titles}."


def part_page(ctx: Ctx, group: Group, number: int, count: int, page_number: int) -> Page:
    """The section-header slide of `group`, the `number`-th of `count` parts."""
    t = ctx.theme
    title = group.title or ""
    accent = t.accent if t.name != "high-contrast" else t.text
    x, w = MARGIN_X + 24, CONTENT_W - 48
    avail_top, avail_bottom = banner_height(ctx) + 12, footer_top(ctx) - 12

    def title_build(size: float, text: str = title) -> list[Paragraph]:
        return [title_para(text, size, color=accent, line_height=1.1)]

    fitted = (fit_size(title_build, w, PART_TITLE_SIZES[0] * 1.1 * 2 + 8, PART_TITLE_SIZES)
              or fit_size(title_build, w, PART_TITLE_SIZES_2[0] * 1.1 * 3 + 8,
                          PART_TITLE_SIZES_2))
    # a part title written for a document, not a slide: cut as section titles are, whole in
    # the notes, the agenda's outline and the paper
    title_paras = fitted[1] if fitted else title_build(TITLE_SIZES_2[-1], shortened_title(title))
    title_h = height_of(title_paras, w, 4)
    room = avail_bottom - avail_top - title_h - BODY_GAP

    def body_build(size: float) -> list[Paragraph]:
        out = [para(part_label(number, count), size, bold=True, color=t.muted)]
        out += [para(shortened_title(s.title), size, color=t.text, space_before=size * 0.35)
                for s in group.sections]
        return out

    body = fit_size(body_build, w, room, PART_BODY_SIZES)
    body_paras = body[1] if body else [para(
        f"{part_label(number, count)} \u00b7 {len(group.sections):,} sections",
        PART_BODY_SIZES[-1], bold=True, color=t.muted)]
    total = title_h + BODY_GAP + height_of(body_paras, w, 4)
    y = max(avail_top, avail_top + (avail_bottom - avail_top - total) / 2 - 16)
    tb = block(x, y, w, title_paras, "title", anchor="bottom")
    rule = ShapeBox(Box(x + 4, tb.box.bottom + 8, 96, 4), "rect", fill=t.accent)
    sub = block(x, tb.box.bottom + BODY_GAP, w, body_paras, "body")
    side = ShapeBox(Box(MARGIN_X, y, 6, sub.box.bottom - y), "rect", fill=t.accent)
    ch = chrome(ctx, None, number=page_number)
    elements: list[Element] = [side, tb, rule, sub, *ch.top]
    marking = ctx.highest([s.marking for s in group.sections])
    if marking is None and ctx.doc.markings:
        marking = ctx.doc.markings[0]
    return Page(number=page_number, kind="section_header", title=title,
                elements=[*banners(ctx, marking), *elements],
                notes=part_notes(group, number, count), marking=marking,
                background=t.background)

