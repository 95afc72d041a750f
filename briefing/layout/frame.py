"""Slide furniture shared by every page: banners, title, caveat tag, source line, footer, number.

`Framer` hands a section layout the body box of its first and continuation pages, then wraps
the body elements it produced into numbered Pages with the furniture around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefing.model.document import Section, format_date
from briefing.text import metrics as tm

from .context import Ctx
from .geometry import SLIDE_HEIGHT, SLIDE_WIDTH, Box, Element, Page, Run, ShapeBox, TextBlock
from .markup import parse_inline
from .text import block, fit_size, height_of, para, title_para

MARGIN_X = 36.0
BANNER_H = 20.0
BANNER_SIZE = 12.0  # nothing on a 13.3-inch slide smaller than 12 pt: legible from a seat
FOOTER_SIZE = 12.0
TITLE_SIZES = (28.0, 26.0, 24.0)
TITLE_SIZES_2 = (24.0, 22.0, 20.0)
TAG_SIZE = 12.0
CONT = " (cont.)"
#: the widest continuation title a section gets, measured for every continuation page so that
#: all of them keep one title height and hence one body box (`continued_title`)
_WIDEST_CONT = " (cont. 9999)"
CONTENT_W = SLIDE_WIDTH - 2 * MARGIN_X


def banner_height(ctx: Ctx) -> float:
    return BANNER_H if ctx.doc.classification or ctx.doc.markings else 0.0


def continued_title(title: str, k: int) -> str:
    """The title of page k (0 = first) of a section or list: "Timeline", "Timeline (cont.)",
    "Timeline (cont. 2)", ... Every slide's title is its own, so a screen reader's list of
    slides (and PowerPoint's accessibility checker) can tell the continuation slides apart."""
    if k <= 0:
        return title
    return title + CONT if k == 1 else f"{title} (cont. {k})"


def continuation_sizing(title: str) -> str:
    """The text every continuation title of `title` is sized by: the widest any gets."""
    return title + _WIDEST_CONT


def _title_block(ctx: Ctx, title: str, y: float, sized_as: str | None = None) -> TextBlock:
    """The title, at the largest size that fits on one line, else two. A continuation title is
    sized as the widest continuation title would be, so that every continuation page of a
    section has the same title height and the same body box, whatever its number."""
    color = ctx.theme.accent if ctx.theme.name != "high-contrast" else ctx.theme.text
    measured = sized_as or title

    def build(size: float, text: str = measured) -> list:
        return [title_para(text, size, color=color)]

    one = fit_size(build, CONTENT_W, TITLE_SIZES[0] * 1.2 + 8, TITLE_SIZES)
    two = one or fit_size(build, CONTENT_W, TITLE_TWO_LINES_H, TITLE_SIZES_2)
    if two is None:  # wrapped at the smallest size, up to six lines, then shortened
        title, measured = shortened_title(title), shortened_title(measured)
        size, paras = TITLE_SIZES_2[-1], build(TITLE_SIZES_2[-1], measured)
    else:
        size, paras = two
    if measured == title:
        return block(MARGIN_X, y, CONTENT_W, paras, "title", anchor="bottom")
    return block(MARGIN_X, y, CONTENT_W, build(size, title), "title", anchor="bottom",
                 min_h=height_of(paras, CONTENT_W, 4.0))


TITLE_TWO_LINES_H = 2 * TITLE_SIZES_2[0] * 1.2 + 8
TITLE_MOST_H = 6 * TITLE_SIZES_2[-1] * 1.2 + 8  # six lines at the smallest size, at most


def shortened_title(title: str) -> str:
    """The longest start of `title`, cut at a space and ending in an ellipsis, that fits six lines
    at the smallest title size: a title written for a document, not a slide, never runs off it.
    The full title stays in the outline, the notes and the paper."""
    def fits(n: int, ellipsis: str = "\u2026") -> bool:
        text = title[:n].rstrip() + ellipsis
        return height_of([title_para(text, TITLE_SIZES_2[-1])], CONTENT_W, 4.0) \
            <= TITLE_MOST_H + 1e-6

    if len(title) < 40 or fits(len(title), ""):
        return title
    low, high = 0, len(title)  # fits(low) holds; binary search: the title is measured log n times
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid) else (low, mid - 1)
    cut = title.rfind(" ", 0, low + 1)
    return title[:cut if cut > low // 2 else low].rstrip() + "\u2026"


def tag_block(x: float, y: float, runs: list[Run], size: float, fill: str, color: str,
              role: str = "tag", max_w: float = CONTENT_W, align: str = "left") -> TextBlock:
    """A filled label sized to its text (wrapping only when wider than max_w)."""
    pad = 5.0
    natural = sum(tm.measure(r.text, size, r.bold, r.italic) for r in runs)
    w = min(max_w, natural / tm.WIDTH_SAFETY + 2 * pad + 4)
    p = para([Run(r.text, r.bold, r.italic, r.color) for r in runs], size, color=color,
             align=align)
    return block(x, y, w, [p], role, padding=pad, fill=fill, anchor="middle")


EDITION_TAGS = {"new": "NEW", "updated": "UPDATED"}
"""The tag of a section new or changed since the previous edition (`Ctx.status`)."""


def edition_tag(ctx: Ctx, status: str, x: float, y: float) -> TextBlock:
    """'NEW' or 'UPDATED' in the accent colour, beside the caveat under the title."""
    t = ctx.theme
    return tag_block(x, y, [Run(EDITION_TAGS[status], bold=True)], TAG_SIZE, t.accent,
                     t.accent_text)


def caveat_tag(ctx: Ctx, caveat: str, x: float, y: float, max_w: float = CONTENT_W) -> TextBlock:
    t = ctx.theme
    return tag_block(x, y, [Run("CAVEAT  ", bold=True), *parse_inline(caveat)], TAG_SIZE,
                     t.warning, t.warning_text, max_w=max_w)


@dataclass
class Chrome:
    """The furniture of one page and the body box left for content."""

    body: Box
    top: list[Element] = field(default_factory=list)


def _footer_blocks(ctx: Ctx, number: int | None, band: float) -> list[TextBlock]:
    t = ctx.theme
    y = SLIDE_HEIGHT - band - 6 - (FOOTER_SIZE * 1.2 + 6)
    left = f"{ctx.doc.title} \u00b7 as of {format_date(ctx.doc.as_of)}"
    width = 760.0
    cw = width - 6
    while len(tm.wrap_text(left, cw * tm.WIDTH_SAFETY, FOOTER_SIZE)) > 1 and len(left) > 4:
        left = left[: max(1, int(len(left) * 0.9))].rstrip() + "\u2026"
    out = [block(MARGIN_X, y, width, [para(left, FOOTER_SIZE, color=t.muted)], "footer",
                 padding=3)]
    if number is not None:
        out.append(number_block(ctx, number))
    return out


def number_block(ctx: Ctx, number: int, total: int | None = None) -> TextBlock:
    """The slide number in the footer's right corner, "6 / 21" once the deck's length is known
    (`with_total`): its first run is the number, which the deck writes as a slide-number field,
    the rest (" / 21") plain text, so every output prints the same."""
    runs = [Run(str(number), bold=True)]
    if total is not None:
        runs.append(Run(f" / {total}", bold=True))
    return block(SLIDE_WIDTH - MARGIN_X - 80, footer_top(ctx), 80,
                 [para(runs, FOOTER_SIZE, color=ctx.theme.muted, align="right")], "number",
                 padding=3)


def with_total(ctx: Ctx, pages: list[Page]) -> list[Page]:
    """`pages` with each slide number saying the deck's length too ("6 / 21")."""
    total = len(pages)
    return [replace(page, elements=[number_block(ctx, page.number, total)
                                    if isinstance(e, TextBlock) and e.role == "number" else e
                                    for e in page.elements]) for page in pages]


def _footnote_block(ctx: Ctx, text: str, bottom: float) -> TextBlock:
    p = para(text, FOOTER_SIZE, color=ctx.theme.muted)
    h = height_of([p], CONTENT_W, 3)
    return block(MARGIN_X, bottom - h, CONTENT_W, [p], "footnote", padding=3)


def footer_top(ctx: Ctx) -> float:
    return SLIDE_HEIGHT - banner_height(ctx) - 6 - (FOOTER_SIZE * 1.2 + 6)


def chrome(ctx: Ctx, title: str | None, *, caveat: str | None = None,
           footnote: str | None = None, number: int | None = None,
           sized_as: str | None = None, status: str | None = None) -> Chrome:
    """Title (and its accent rule), edition and caveat tags, source line and footer around a
    body box. `sized_as`: the text the title is sized by, when not itself
    (`continuation_sizing`); `status`: 'new' or 'updated' since the previous edition."""
    band = banner_height(ctx)
    top: list[Element] = []
    y = band + 12
    if title is not None:
        tb = _title_block(ctx, title, y, sized_as)
        top.append(tb)
        top.append(ShapeBox(Box(MARGIN_X + 4, tb.box.bottom + 2, 64, 3), "rect",
                            fill=ctx.theme.accent))
        y = tb.box.bottom + 14
    x, row_bottom = MARGIN_X, y
    if status in EDITION_TAGS:
        tag = edition_tag(ctx, status, x, y)
        top.append(tag)
        x, row_bottom = tag.box.right + 8, tag.box.bottom
    if caveat:
        tag = caveat_tag(ctx, caveat, x, y, max_w=MARGIN_X + CONTENT_W - x)
        top.append(tag)
        row_bottom = max(row_bottom, tag.box.bottom)
    if row_bottom > y:
        y = row_bottom + 10
    bottom = footer_top(ctx) - 4
    if footnote:
        fn = _footnote_block(ctx, footnote, bottom)
        top.append(fn)
        bottom = fn.box.y - 6
    top.extend(_footer_blocks(ctx, number, band))
    return Chrome(Box(MARGIN_X, y, CONTENT_W, max(bottom - y, 40.0)), top)


def banners(ctx: Ctx, marking: str | None) -> list[Element]:
    text = ctx.banner_text(marking)
    if not text:
        return []
    t = ctx.theme
    out: list[Element] = []
    for y in (0.0, SLIDE_HEIGHT - BANNER_H):
        size = BANNER_SIZE
        while size > 7 and len(tm.wrap_text(text, (SLIDE_WIDTH - 8) * tm.WIDTH_SAFETY, size)) > 1:
            size -= 1
        p = para(text, size, bold=True, color=t.banner_text, align="center")
        out.append(TextBlock(Box(0, y, SLIDE_WIDTH, BANNER_H), [p], "banner", fill=t.banner,
                             anchor="middle", padding=2.0, marking=marking))
    return out


def page_notes(notes: str | None, k: int, first_number: int, title: str) -> str:
    """Speaker notes for page k (0 = first) of a section that starts on slide first_number.

    The full notes go on the first page only. A continuation page gets a short pointer back
    ("(continued from slide 7: Timeline)"): repeated in full, a presenter reads the same text
    again on every "(cont.)" slide and cannot tell where the section began. A section without
    notes gets none on any page. The deck's notes pages, the 1-per-page handout and the GUI
    preview all read `Page.notes`, so this is the one place the choice is made.
    """
    text = (notes or "").strip()
    if k == 0 or not text:
        return text
    return f"(continued from slide {first_number}: {title})"


def source_line(ctx: Ctx, ids: list[str]) -> str | None:
    marks = ctx.markers(ids)
    return f"Sources: {marks}" if marks else None


@dataclass
class Framer:
    """Page furniture for one section: body boxes per page index, then the finished pages."""

    ctx: Ctx
    section: Section
    footnote_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.footnote_ids:
            self.footnote_ids = list(self.section.sources)

    def title(self, k: int) -> str:
        return continued_title(self.section.title, k)

    def chrome(self, k: int, number: int | None = None) -> Chrome:
        return chrome(self.ctx, self.title(k), caveat=self.section.caveat,
                      footnote=source_line(self.ctx, self.footnote_ids), number=number,
                      sized_as=continuation_sizing(self.section.title) if k else None,
                      status=self.ctx.status(self.section))

    def body(self, k: int) -> Box:
        return self.chrome(min(k, 1)).body

    def renumber(self, pages: list[Page], start_number: int) -> list[Page]:
        """This section's `pages`, laid out from any first slide number, as `finish` makes them
        from `start_number`: the numbers, the number block and the continuation notes are the
        only parts that depend on it, so a cached layout moves without being laid out again."""
        if not pages or pages[0].number == start_number:
            return pages
        out = []
        for k, page in enumerate(pages):
            number = start_number + k
            elements = [number_block(self.ctx, number)
                        if isinstance(e, TextBlock) and e.role == "number" else e
                        for e in page.elements]
            out.append(replace(page, number=number, elements=elements,
                               notes=page_notes(self.section.notes, k, start_number,
                                                self.section.title)))
        return out

    def finish(self, bodies: list[tuple[list[Element], list[str | None]]],
               start_number: int) -> list[Page]:
        pages = []
        for k, (elements, markings) in enumerate(bodies):
            number = start_number + k
            marking = self.ctx.highest([self.section.marking, *markings])
            if marking is None and self.ctx.doc.markings:
                marking = self.ctx.effective(None, self.section)
            ch = self.chrome(k, number)
            notes = page_notes(self.section.notes, k, start_number, self.section.title)
            pages.append(Page(
                number=number, kind="section", title=self.title(k),
                elements=[*banners(self.ctx, marking), *ch.top, *elements], notes=notes,
                section_id=self.section.id or None, marking=marking,
                background=self.ctx.theme.background, section_kind=self.section.kind,
                continued=k > 0))
        return pages
