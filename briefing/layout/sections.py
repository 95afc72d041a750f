"""One layout function per section kind: body elements per page, continuation pages included.

Each takes the shared context, the section and the first slide number, and returns Pages. Font
sizes are tried from large to small down to a set minimum; content that still does not fit
continues on "(cont.)" pages rather than shrinking further.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from briefing.format.images import image_file
from briefing.model.document import Chart, Event, Section, Series, format_date
from briefing.model.places import place_numbers

from . import keyfigures, tables
from .chart_rules import (
    BAR_KINDS,
    axis_number_format,
    bar_labels_inside,
    chart_as_drawn,
    chart_value_axis,
    deck_legend,
    excel_number_format,
    label_shifts,
    labels_inside,
    line_styles,
    palette,
    pie_footer,
    plot_length,
    point_labels,
    point_marks,
    series_colors,
    unlabelled_note,
    unlabelled_segments,
    was_note,
    without_labels,
)
from .colors import contrast
from .context import Ctx
from .frame import Framer, tag_block
from .geometry import (
    Box,
    ChartFrame,
    Element,
    ImageFrame,
    Page,
    Paragraph,
    Run,
    ShapeBox,
    TableFrame,
    TextBlock,
)
from .line_labels import line_label_places, line_label_shifts
from .markup import Block, parse_inline, parse_markup
from .text import block, fit_size, from_blocks, height_of, paginate, para
from .wording import TIMELINE_COLUMNS, place_and_actor

BODY_PAD = 4.0
TEXT_SIZES = (22.0, 20.0, 18.0, 16.0)
SUMMARY_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0)
TEXT_FLOW_SIZE = 18.0  # long text continues at this size instead of shrinking to the minimum
TABLE_SIZES = (20.0, 18.0, 16.0, 14.0, 12.0)  # the largest that fits: a short table fills its slide
TABLE_FLOW_SIZE = 14.0
MIN_SIZE = 12.0  # the smallest text on a slide (tags, footers, captions, table cells)
MIN_TABLE_SIZE = MIN_SIZE
MIN_COLUMN_WIDTH = 40.0  # narrower columns than this go to another slide (`column_groups`)
JUDGMENT_SIZES = (20.0, 18.0, 16.0)
JUDGMENT_FLOW_SIZE = 16.0
TIMELINE_AXIS_MAX = 6  # more events than this become a dated table
TIMELINE_SIZES = (17.0, 16.0, 15.0, 14.0, 13.0, 12.0)
TIMELINE_TABLE_SIZE = 13.0
CHART_MAX_CATEGORIES = {"pie": 8}
CHART_DEFAULT_MAX_CATEGORIES = 12
QUOTE_SIZES = (32.0, 28.0, 24.0, 20.0)

Body = tuple[list[Element], list[str | None]]


def _placeholder(ctx: Ctx, section: Section, what: str, start: int) -> list[Page]:
    """A slide for a section with nothing in it yet: says so, rather than showing a blank."""
    return _flow_text(ctx, section, lambda s: [para(f"No {what} yet.", s, italic=True,
                                                    color=ctx.theme.muted)],
                      (18.0,), 18.0, start)


def _text_paragraphs(ctx: Ctx, section: Section, size: float) -> list[Paragraph]:
    blocks = parse_markup(section.text)
    levels = ctx.line_levels(section, len(blocks))
    marks = [ctx.portion(level, section) for level in levels]
    blocks = [Block(b.level, [Run(mark, bold=True), *b.runs]) if mark else b
              for b, mark in zip(blocks, marks, strict=True)]
    paragraphs = from_blocks(blocks, size, ctx.theme.text)
    for p, level in zip(paragraphs, levels, strict=True):
        p.marking = level
    return paragraphs


def _flow_text(ctx: Ctx, section: Section, build: Callable[[float], list[Paragraph]],
               sizes: tuple[float, ...], flow_size: float, start: int) -> list[Page]:
    fr = Framer(ctx, section)
    body0 = fr.body(0)
    fitted = fit_size(build, body0.w, body0.h, sizes, BODY_PAD)
    if fitted:
        chunks = [fitted[1]]
    else:
        chunks = paginate(build(flow_size), body0.w, lambda k: fr.body(k).h, BODY_PAD)
    bodies: list[Body] = []
    for k, chunk in enumerate(chunks):
        b = fr.body(k)
        levels = [p.marking for p in chunk]
        tb = TextBlock(b, chunk, "body", padding=BODY_PAD,
                       marking=ctx.highest([section.marking, *levels]))
        bodies.append(([tb], levels))
    return fr.finish(bodies, start)


def layout_text(ctx: Ctx, section: Section, start: int) -> list[Page]:
    if not parse_markup(section.text):
        return _placeholder(ctx, section, "text", start)
    sizes = SUMMARY_SIZES if section.kind == "summary" else TEXT_SIZES
    return _flow_text(ctx, section, lambda s: _text_paragraphs(ctx, section, s), sizes,
                      TEXT_FLOW_SIZE, start)


# --- judgments -----------------------------------------------------------------------------

TAG_W = 176.0
TAG_GAP = 14.0


def _judgment_rows(ctx: Ctx, section: Section, size: float, width: float
                   ) -> list[tuple[list[Element], float, str | None]]:
    """(elements placed at y=0, row height, marking) per judgment."""
    rows = []
    text_w = width - TAG_W - TAG_GAP
    for item in section.items:
        color = ctx.theme.confidence_color(item.confidence)
        tag = tag_block(0, 0, [Run(f"{item.confidence.upper()} CONFIDENCE", bold=True)], MIN_SIZE,
                        color, contrast(color), max_w=TAG_W)
        tag = replace(tag, box=Box(0, 0, TAG_W, tag.box.h), shape="rounded",
                      paragraphs=[replace(tag.paragraphs[0], align="center")])
        runs = []
        prefix = ctx.portion(item.marking, section)
        if prefix:
            runs.append(Run(prefix, bold=True))
        runs.extend(parse_inline(item.text))
        marks = ctx.markers(item.sources)
        if marks:
            runs.append(Run(" " + marks, color=ctx.theme.muted))
        p = para(runs, size, color=ctx.theme.text)
        tb = block(TAG_W + TAG_GAP, 0, text_w, [p], "body", padding=BODY_PAD,
                   marking=ctx.effective(item.marking, section))
        rows.append(([tag, tb], max(tag.box.h, tb.box.h), item.marking))
    return rows


def _shift(e: Element, dx: float, dy: float) -> Element:
    b = e.box
    return replace(e, box=Box(b.x + dx, b.y + dy, b.w, b.h))


def layout_judgments(ctx: Ctx, section: Section, start: int) -> list[Page]:
    if not section.items:
        return _placeholder(ctx, section, "judgments", start)
    fr = Framer(ctx, section)
    body0 = fr.body(0)
    gap = 14.0
    chosen = None
    for size in JUDGMENT_SIZES:
        rows = _judgment_rows(ctx, section, size, body0.w)
        if sum(h for _e, h, _m in rows) + gap * max(len(rows) - 1, 0) <= body0.h:
            chosen = rows
            break
    if chosen is None:
        chosen = _judgment_rows(ctx, section, JUDGMENT_FLOW_SIZE, body0.w)
    bodies: list[Body] = []
    elements: list[Element] = []
    markings: list[str | None] = []
    y = 0.0
    for els, h, mk in chosen:
        b = fr.body(len(bodies))
        if elements and y + h > b.h:
            bodies.append((elements, markings))
            elements, markings, y = [], [], 0.0
            b = fr.body(len(bodies))
        elements += [_shift(e, b.x, b.y + y) for e in els]
        markings.append(mk)
        y += h + gap
    if elements or not bodies:
        bodies.append((elements, markings))
    return fr.finish(bodies, start)


# --- timeline ------------------------------------------------------------------------------

def _event_who(ev) -> str:
    return "; ".join(place_and_actor(ev.place, ev.actor))


def _map_number(ev: Event, numbers: dict[str, int]) -> str:
    """'Map 2 · ' before the place of an event shown on a map (its marker's number)."""
    number = numbers.get(ev.place_ref or "")
    return f"Map {number} \u00b7 " if number is not None else ""


def _timeline_axis(ctx: Ctx, section: Section, body: Box) -> list[Element] | None:
    """Dated markers on a drawn axis, one column per event; None when the text will not fit."""
    events = section.events
    n = len(events)
    col = body.w / n
    t = ctx.theme
    for size in TIMELINE_SIZES:
        dates, texts = [], []
        for ev in events:
            dparas = [para(format_date(ev.date), size, bold=True, color=t.accent
                           if t.name != "high-contrast" else t.text, align="center")]
            if ev.time:
                dparas.append(para(ev.time, size - 2, italic=True, color=t.muted,
                                   align="center"))
            dates.append(dparas)
            tparas = []
            who = _event_who(ev)
            if who:
                tparas.append(para(who, size - 1, bold=True, color=t.muted))
            runs = []
            prefix = ctx.portion(ev.marking, section)
            if prefix:
                runs.append(Run(prefix, bold=True))
            runs.extend(parse_inline(ev.text))
            marks = ctx.markers(ev.sources)
            if marks:
                runs.append(Run(" " + marks, color=t.muted))
            tparas.append(para(runs, size, color=t.text, space_before=size * 0.3))
            texts.append(tparas)
        inner = col - 8
        date_h = max(height_of(d, inner, 3) for d in dates)
        axis_y = body.y + date_h + 14
        text_y = axis_y + 16
        text_h = max(height_of(x, inner, 4) for x in texts)
        if text_y + text_h > body.bottom:
            continue
        out: list[Element] = [ShapeBox(Box(body.x, axis_y, body.w, 0), "line", line=t.rule,
                                       line_width=2.5)]
        numbers = place_numbers(ctx.doc)
        for k in range(n):
            x = body.x + k * col
            cx = x + col / 2
            out.append(TextBlock(Box(x + 4, body.y, inner, date_h), dates[k], "caption",
                                 padding=3, anchor="bottom"))
            number = numbers.get(events[k].place_ref or "")
            if number is None:
                out.append(ShapeBox(Box(cx - 7, axis_y - 7, 14, 14), "ellipse",
                                    fill=t.accent, line=t.background, line_width=1.5))
            else:  # the map's marker, with its number
                dot = Box(cx - 10, axis_y - 10, 20, 20)
                out.append(ShapeBox(dot, "ellipse", fill=t.accent, line=t.background,
                                    line_width=1.5))
                out.append(TextBlock(dot, [para([Run(str(number), bold=True)], MIN_SIZE,
                                                color=t.accent_text, align="center")],
                                     "map-number", anchor="middle", padding=0))
            out.append(TextBlock(Box(x + 4, text_y, inner, body.bottom - text_y), texts[k],
                                 "body", padding=4,
                                 marking=ctx.effective(events[k].marking, section)))
        return out
    return None


def _table_pages(ctx: Ctx, section: Section, fr: Framer, columns: list[str],
                 rows: list[list[str]], markings: list[str | None], start: int,
                 groups: list[object] | None = None, sizes=TABLE_SIZES,
                 flow_size: float = TABLE_FLOW_SIZE) -> list[Page]:
    """The table on as many slides as it needs: by rows, and by columns when it has more
    than a slide can show side by side (each part repeats the first column)."""
    parts = tables.column_groups(len(columns), int(fr.body(0).w // MIN_COLUMN_WIDTH))
    # more parts where the columns' longest words do not fit side by side at the least size
    parts = tables.word_parts(columns, rows, fr.body(0).w, MIN_TABLE_SIZE, parts)
    bodies: list[Body] = []
    for cols in parts:
        bodies += _table_bodies(ctx, section, fr, [columns[c] for c in cols],
                                [[r[c] for c in cols] for r in rows], markings, groups, sizes,
                                flow_size, len(bodies), [c + 1 for c in cols])
    return fr.finish(bodies, start)


def _table_bodies(ctx: Ctx, section: Section, fr: Framer, columns: list[str],
                  rows: list[list[str]], markings: list[str | None],
                  groups: list[object] | None, sizes: tuple[float, ...], flow_size: float,
                  first: int, numbers: list[int]) -> list[Body]:
    t = ctx.theme
    body0, body1 = fr.body(first), fr.body(first + 1)
    geo = None
    for size in sizes:
        if tables.least_height(len(rows), size) > body0.h + 1e-6:
            continue  # too many rows for one page at this size, whatever they hold
        if not tables.words_fit(columns, rows, body0.w, size):
            continue  # a word would break between letters: a smaller size first
        g = tables.geometry(columns, rows, body0.w, size)
        if g.header_height + sum(g.row_heights) <= body0.h:
            geo = g
            break
    if geo is None:  # across slides at the flow size, or the largest below it words fit at
        flow = max(flow_size, MIN_TABLE_SIZE)
        smaller = [z for z in sorted({*sizes, MIN_TABLE_SIZE}, reverse=True)
                   if MIN_TABLE_SIZE <= z < flow]
        size = next((z for z in (flow, *smaller)
                     if tables.words_fit(columns, rows, body0.w, z)), MIN_TABLE_SIZE)
        geo = tables.geometry(columns, rows, body0.w, size)
    if geo.header_height > body1.h / 3:
        # headings too long to repeat on every slide: numbered columns, the headings a row
        columns, rows = [str(n) for n in numbers], [columns, *rows]
        markings, groups = [None, *markings], (None if groups is None else [None, *groups])
        geo = tables.geometry(columns, rows, body0.w, geo.size)
    pages = tables.paginate_rows(rows, geo, [body0.h, body1.h], groups, markings)
    bodies: list[Body] = []
    for k, page_rows in enumerate(pages, start=first):
        b = fr.body(k)
        heights = [h for _c, h, _m in page_rows]
        frame = TableFrame(
            box=Box(b.x, b.y, b.w, geo.header_height + sum(heights)), columns=list(columns),
            rows=[c for c, _h, _m in page_rows], col_widths=list(geo.col_widths),
            row_heights=heights, font_size=geo.size, header_fill=t.accent,
            marking=ctx.highest([m for _c, _h, m in page_rows]) or section.marking,
            header_height=geo.header_height, cell_padding_x=tables.PAD_X,
            cell_padding_y=tables.PAD_Y, line_height=tables.LINE, text_color=t.text,
            header_text_color=t.accent_text, stripe_fill=t.surface, border=t.rule,
            row_markings=[m for _c, _h, m in page_rows])
        bodies.append(([frame], [m for _c, _h, m in page_rows]))
    return bodies


def layout_timeline(ctx: Ctx, section: Section, start: int) -> list[Page]:
    fr = Framer(ctx, section)
    events = section.events
    if 0 < len(events) <= TIMELINE_AXIS_MAX:
        drawn = _timeline_axis(ctx, section, fr.body(0))
        if drawn is not None:
            return fr.finish([(drawn, [e.marking for e in events])], start)
    rows, groups, markings = [], [], []
    numbers = place_numbers(ctx.doc)
    for ev in events:
        when = format_date(ev.date) + (f"\n{ev.time}" if ev.time else "")
        what = ctx.portion(ev.marking, section) + ev.text
        marks = ctx.markers(ev.sources)
        rows.append([when, _map_number(ev, numbers) + _event_who(ev),
                     what + (f" {marks}" if marks else "")])
        groups.append(ev.date.date() if hasattr(ev.date, "date") else ev.date)
        markings.append(ev.marking)
    if not rows:
        return _placeholder(ctx, section, "events", start)
    return _table_pages(ctx, section, fr, list(TIMELINE_COLUMNS), rows,
                        markings, start, groups, sizes=(18.0, 16.0, 14.0, TIMELINE_TABLE_SIZE, 12.0),
                        flow_size=TIMELINE_TABLE_SIZE)


# --- chart ---------------------------------------------------------------------------------

def chart_slices(chart: Chart, limit: int | None = None) -> list[Chart]:
    """The chart cut into even runs of at most `limit` categories, by default small enough to
    read on one slide."""
    limit = limit or CHART_MAX_CATEGORIES.get(chart.type, CHART_DEFAULT_MAX_CATEGORIES)
    n = len(chart.categories)
    if n <= limit:
        return [chart]
    count = -(-n // limit)
    per = -(-n // count)  # even slices: 30 categories -> 10 + 10 + 10
    out = []
    for a in range(0, n, per):
        series = [Series(s.name, s.values[a:a + per], s.marking) for s in chart.series]
        out.append(Chart(chart.type, chart.categories[a:a + per], series, chart.unit, chart.note))
    return out


def nice_ceiling(x: float) -> float:
    """The next 'round' number above x (1, 2, 2.5, 5 times a power of ten)."""
    if x <= 0:
        return 1.0
    import math

    power = 10 ** math.floor(math.log10(x))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= x:
            return step * power
    return 10 * power


def shared_axis_max(chart: Chart) -> float:
    """One value-axis maximum for all slices of a chart (with room for the labels)."""
    if chart.type.startswith("stacked"):
        marks = point_marks(chart)  # a range without a value stacks its midpoint
        tops = [sum(max(row[i].bar or 0, 0) for row in marks)
                for i in range(len(chart.categories))]
    else:
        tops = [v.value for s in chart.series for v in s.values
                if v is not None and v.value is not None]
    return nice_ceiling(max(tops, default=0.0) * 1.08)


def layout_chart(ctx: Ctx, section: Section, start: int) -> list[Page]:
    fr = Framer(ctx, section, footnote_ids=_chart_source_ids(section))
    # columns or bars, judged by the slide's chart frame and the categories one slide shows
    per_slide = max(len(s.categories) for s in chart_slices(section.chart or Chart()))
    chart, grouping = chart_as_drawn(section.chart or Chart(), fr.body(0).w, 12.0,
                                     per_slide)  # a pie is never split
    t = ctx.theme
    bodies: list[Body] = []
    slices = chart_slices(chart)
    for k, piece in enumerate(slices):
        b = fr.body(k)
        elements: list[Element] = []
        bottom = b.bottom
        note_bits = []
        if chart.note:
            note_bits.append(chart.note)
        if grouping:
            note_bits.append(grouping)
        if len(slices) > 1:
            note_bits.append(f"Categories {_range_label(slices, k)} of {len(chart.categories)}.")
        markings = [s.marking for s in piece.series]
        changed = was_note(section.chart if chart.type == "pie" and section.chart else piece,
                           ctx.was(section), format_date(ctx.edition.since)) \
            if ctx.was(section) and ctx.edition is not None else None
        hidden: frozenset[tuple[int, int]] = frozenset()
        for _ in range(3):  # the note takes room from the chart, which may hide another label
            paras = []
            if changed:  # what changed since the previous edition, first: the room asks that
                paras.append(para([Run(changed, bold=True)], 12.0, color=t.text))
            bits = note_bits + [x for x in (unlabelled_note(piece, hidden),) if x]
            if bits:
                paras.append(para([Run("Note: ", bold=True), Run(" ".join(bits))], 12.0,
                                  color=t.muted, space_before=2 if paras else 0.0))
            bottom, h = b.bottom, 0.0
            if paras:
                h = height_of(paras, b.w, 3)
                bottom = b.bottom - h - 6
            box = Box(b.x, b.y, b.w, max(bottom - b.y, 60.0))
            found = unlabelled_segments(piece, box.w, box.h, 12.0)
            if found == hidden:
                break
            hidden = found
        if paras:
            elements.append(TextBlock(Box(b.x, b.bottom - h, b.w, h), paras, "caption",
                                      padding=3, marking=ctx.highest(markings) or section.marking
                                      if changed else None))
        colors = palette(t)
        markings = [s.marking for s in piece.series]
        legend = deck_legend(piece)
        axis_max = shared_axis_max(chart) if len(slices) > 1 and chart.type != "pie" else None
        frame = ChartFrame(box, piece,
                           title=None, marking=ctx.highest(markings) or section.marking,
                           colors=colors, text_color=t.text, font_size=12.0,
                           legend=legend, axis_max=axis_max,
                           labels=labels_inside(  # a bar's label inside it where it must
                               without_labels(point_labels(piece, colors), hidden),
                               bar_labels_inside(piece, box.w, box.h, 12.0, axis_max),
                               series_colors(piece, colors)),
                           number_format=excel_number_format(piece),
                           marks=point_marks(piece), muted_color=t.muted.lstrip("#").upper(),
                           line_styles=line_styles(piece), footer=pie_footer(piece))
        if piece.type != "pie":  # every output's ticks: the deck is given them, not left to guess
            axis = chart_value_axis(piece, axis_max)
            frame.axis_range, frame.axis_step = (axis.low, axis.high), axis.step
            frame.axis_format = axis_number_format(axis.step)
        _place_ranged_labels(frame)
        bodies.append(([frame, *elements], markings))
    return fr.finish(bodies, start)


def _place_ranged_labels(frame: ChartFrame) -> None:
    """A label beyond its whisker in the deck, as in the drawing: the value axis fixed on the
    drawing's scale and each ranged label's outward move, where a column or bar chart has
    whiskers (a native chart puts a label at the end of its bar, where the whisker crosses it),
    or a line chart (its label above the point, where the whisker rises through it)."""
    chart = frame.chart
    if chart.type == "line":  # each label above or below its point, on the drawing's axis,
        # moved beyond its whisker and lifted off the line where it must be
        places = line_label_places(chart, frame.box.w, frame.box.h, frame.font_size,
                                   frame.axis_max)
        frame.label_sides = [[side for side, _lift in row] for row in places]
        frame.label_shifts = line_label_shifts(chart, frame.box.w, frame.box.h,
                                               frame.font_size, frame.axis_max, places)
        return
    if chart.type not in (*BAR_KINDS, "line") or \
            not any(m.whisker for row in frame.marks for m in row):
        return
    length = plot_length(chart, frame.box.w, frame.box.h, frame.font_size, frame.legend)
    frame.label_shifts = label_shifts(chart, frame.axis_range or (0.0, 1.0), length,
                                      frame.label_sides)


def _range_label(slices: list[Chart], k: int) -> str:
    first = sum(len(s.categories) for s in slices[:k]) + 1
    return f"{first}\u2013{first + len(slices[k].categories) - 1}"


def _chart_source_ids(section: Section) -> list[str]:
    ids = list(section.sources)
    if section.chart:
        for s in section.chart.series:
            ids += [v.source for v in s.values if v is not None and v.source]
    return ids


# --- table ---------------------------------------------------------------------------------

def layout_table(ctx: Ctx, section: Section, start: int) -> list[Page]:
    fr = Framer(ctx, section)
    table = section.table
    columns = list(table.columns) if table else []
    if not columns or not table.rows:
        return _placeholder(ctx, section, "table rows", start)
    rows, markings = [], []
    for row in table.rows:
        cells = [str(c) for c in row.cells] + [""] * (len(columns) - len(row.cells))
        cells = cells[: len(columns)]
        cells[0] = ctx.portion(row.marking, section) + cells[0]
        rows.append(cells)
        markings.append(row.marking)
    return _table_pages(ctx, section, fr, columns, rows, markings, start)


# --- quote ---------------------------------------------------------------------------------

def layout_quote(ctx: Ctx, section: Section, start: int) -> list[Page]:
    q = section.quote
    t = ctx.theme
    text = (q.text if q else "").strip()
    if not text:
        return _placeholder(ctx, section, "quotation", start)
    attribution = ", ".join(p for p in ((q.speaker if q else None),
                                        format_date(q.date) if q and q.date else None) if p)

    def build(size: float) -> list[Paragraph]:
        runs = []
        prefix = ctx.portion(None, section)
        if prefix:
            runs.append(Run(prefix, bold=True))
        runs.append(Run(f"\u201c{text}\u201d", italic=True))
        paras = [para(runs, size, color=t.text, align="center", line_height=1.25)]
        if attribution:
            paras.append(para(f"\u2014 {attribution}", max(size * 0.6, 16.0), color=t.muted,
                              align="center", space_before=size * 0.8))
        return paras

    fr = Framer(ctx, section)
    body0 = fr.body(0)
    inset = 60.0
    fitted = fit_size(build, body0.w - 2 * inset, body0.h, QUOTE_SIZES, BODY_PAD)
    if fitted is None:
        return _flow_text(ctx, section, build, (18.0,), 18.0, start)
    b = Box(body0.x + inset, body0.y, body0.w - 2 * inset, body0.h)
    text_h = height_of(fitted[1], b.w, BODY_PAD)
    bar_h = min(text_h + 16, body0.h)
    bar = ShapeBox(Box(body0.x + inset - 18, body0.y + (body0.h - bar_h) / 2, 5, bar_h), "rect",
                   fill=t.accent)
    return fr.finish([([bar, TextBlock(b, fitted[1], "quote", anchor="middle",
                                       padding=BODY_PAD, marking=section.marking)], [])], start)


# --- image ---------------------------------------------------------------------------------

def resolve_image(ctx: Ctx, raw: str) -> Path:
    return image_file(ctx.base_dir, raw)


def layout_image(ctx: Ctx, section: Section, start: int) -> list[Page]:
    from briefing.layout.pictures import load_picture  # Pillow, only for briefings with pictures

    img = section.image
    t = ctx.theme
    fr = Framer(ctx, section)
    b = fr.body(0)
    elements: list[Element] = []
    bottom = b.bottom
    caption = []
    if img and img.caption:
        caption.append(para(ctx.portion(None, section) + img.caption, 14.0, color=t.text,
                            align="center"))
    if img and img.credit:
        caption.append(para(f"Credit: {img.credit}", MIN_SIZE, italic=True, color=t.muted,
                            align="center", space_before=2))
    if caption:
        h = height_of(caption, b.w, 3)
        elements.append(TextBlock(Box(b.x, b.bottom - h, b.w, h), caption, "caption",
                                  padding=3))
        bottom = b.bottom - h - 6
    area = Box(b.x, b.y, b.w, max(bottom - b.y, 40.0))
    path = resolve_image(ctx, img.path) if img and img.path else None
    picture = load_picture(path) if path else None
    if path is None or picture is None:
        where = f"section '{section.id or section.title}'"
        ctx.problems.append(f"{where}: image file not found or unreadable: "
                            f"{img.path if img and img.path else '(no path)'}")
        msg = para(f"Image not available: {img.path if img and img.path else 'no file set'}",
                   16.0, italic=True, color=t.muted, align="center")
        elements.insert(0, TextBlock(area, [msg], "caption", fill=t.surface, anchor="middle",
                                     padding=8))
    else:
        w_px, h_px = picture.size
        scale = min(area.w / w_px, area.h / h_px)
        w, h = w_px * scale, h_px * scale
        box = Box(area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h)
        alt = (img.alt or img.caption or section.title or "").strip()
        elements.insert(0, ImageFrame(box, path, alt, marking=section.marking,
                                      picture=picture))
    return fr.finish([(elements, [])], start)


# --- key figures ---------------------------------------------------------------------------

def key_figures(ctx: Ctx, section: Section) -> list[keyfigures.Figure]:
    """The section's figures as every output words them (citations, portion marks)."""
    out = []
    for item in section.items:
        qualifier, number, unknown = keyfigures.figure_words(item.value)
        ids = [*item.sources, *([item.value.source] if item.value.source else [])]
        out.append(keyfigures.Figure(qualifier, number, item.label, ctx.markers(ids),
                                     ctx.portion(item.marking, section),
                                     ctx.effective(item.marking, section), unknown))
    return out


def figure_style(ctx: Ctx) -> keyfigures.Style:
    t = ctx.theme
    return keyfigures.Style(number=t.accent if t.name != "high-contrast" else t.text,
                            text=t.text, muted=t.muted, rule=t.accent)


def layout_key_figures(ctx: Ctx, section: Section, start: int) -> list[Page]:
    if not section.items:
        return _placeholder(ctx, section, "key figures", start)
    fr = Framer(ctx, section)
    figures, style = key_figures(ctx, section), figure_style(ctx)
    plan = keyfigures.plan(figures, fr.body(0).w, lambda k: fr.body(k).h, style)
    bodies: list[Body] = []
    for k, bands in enumerate(plan.pages):
        markings = [section.items[i].marking for j in bands for i in plan.bands[j]]
        bodies.append((keyfigures.page_elements(figures, plan, k, fr.body(k), style), markings))
    return fr.finish(bodies, start)


# --- map -----------------------------------------------------------------------------------

def layout_map(ctx: Ctx, section: Section, start: int) -> list[Page]:
    from briefing.layout.maps import layout_map as lay  # map data and code: only for maps

    return lay(ctx, section, start)


# --- dispatch ------------------------------------------------------------------------------

LAYOUTS: dict[str, Callable[[Ctx, Section, int], list[Page]]] = {
    "summary": layout_text, "text": layout_text, "judgments": layout_judgments,
    "timeline": layout_timeline, "chart": layout_chart, "table": layout_table,
    "quote": layout_quote, "image": layout_image, "key_figures": layout_key_figures,
    "map": layout_map,
}

