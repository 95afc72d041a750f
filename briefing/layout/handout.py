"""Slides as a handout prints them: where each goes on the sheet, charts re-laid at their
printed size.

A handout draws each slide scaled down (a quarter of its width, 6 to an A4 sheet), which would
print a chart's labels at 2.6 pt. Text blocks may shrink with their slide (the slide is there to
be recognised, and its text is in the deck and the paper), but a chart's numbers are what a
reader takes from the page: each chart is drawn again with a font large enough that its
smallest text prints at HANDOUT_MIN_TEXT points, the drawing fitting names and labels to that
size as it does on any small chart.

The sheet's grid (`handout_grid`) is decided here too, so every renderer of a handout places
the slides, and the notes beside or under them, alike.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, replace

from .chart_rules import GAP_SHARE, LABEL_SHARE, unlabelled_note, unlabelled_segments
from .geometry import Box, ChartFrame, Page, Run, TextBlock
from .text import height_of, para

#: the smallest chart text a handout prints, in points (legible in print, as footnotes are)
HANDOUT_MIN_TEXT = 6.0


def printed_chart_font(font_size: float, scale: float) -> float:
    """The font size (slide points) at which a chart drawn on a slide printed at `scale` prints
    its smallest text at HANDOUT_MIN_TEXT points or more; never smaller than `font_size`."""
    if scale <= 0:
        return font_size
    needed = HANDOUT_MIN_TEXT / scale / (LABEL_SHARE * GAP_SHARE)  # above the labels' floor
    return max(font_size, round(needed + 0.005, 2))


def handout_page(page: Page, scale: float) -> Page:
    """`page` as a handout prints it at `scale`: its charts with `printed_chart_font`, and the
    note under each saying the values of the stacked segments too small for their labels at
    that size (`chart_rules.unlabelled_segments`: a larger label leaves more out)."""
    if not any(isinstance(e, ChartFrame) for e in page.elements):
        return page
    elements = list(page.elements)
    for i, e in enumerate(page.elements):
        if isinstance(e, ChartFrame):
            elements[i] = replace(e, font_size=printed_chart_font(e.font_size, scale))
            _renote(elements, i, _sliver_note(e))
    return replace(page, elements=elements)


def _sliver_note(frame: ChartFrame) -> str | None:
    return unlabelled_note(frame.chart, unlabelled_segments(frame.chart, frame.box.w,
                                                            frame.box.h, frame.font_size))


def _renote(elements: list, i: int, said: str | None) -> None:
    """Make the note under the chart `elements[i]` say what its printed size leaves unlabelled
    instead of `said` (what the slide's note says): the sentence replaced, or added to the
    note (a new note under the chart where it had none), the chart giving up the room."""
    for _ in range(3):
        frame = elements[i]
        now = _sliver_note(frame)
        if now == said:
            return
        below = [k for k, e in enumerate(elements) if isinstance(e, TextBlock)
                 and e.role == "caption" and e.box.y >= frame.box.bottom - 0.5
                 and e.box.x < frame.box.right and frame.box.x < e.box.right]
        k = below[0] if below else None
        block = elements[k] if k is not None else TextBlock(
            Box(frame.box.x, frame.box.bottom, frame.box.w, 0.0), [], "caption", padding=3)
        paras = [copy(p) for p in block.paragraphs]
        note = next((p for p in paras if p.runs and p.runs[0].text == "Note: "), None)
        if note is None:
            color = "#" + frame.muted_color
            note = para([Run("Note: ", bold=True), Run("")], 12.0, color=color,
                        space_before=2 if paras else 0.0)
            paras.append(note)
        body = note.runs[-1].text
        body = body.replace(said, now or "") if said and said in body else \
            " ".join(t for t in (body, now) if t)
        note.runs = [*note.runs[:-1], replace(note.runs[-1], text=" ".join(body.split()))]
        h = height_of(paras, block.box.w, block.padding)
        grow = max(h - block.box.h, 0.0) + (0.0 if k is not None else 6.0)
        block = replace(block, paragraphs=paras,
                        box=Box(block.box.x, block.box.y - grow + (6.0 if k is None else 0.0),
                                block.box.w, max(h, block.box.h)))
        if k is None:
            elements.append(block)
        else:
            elements[k] = block
        elements[i] = replace(frame, box=Box(frame.box.x, frame.box.y, frame.box.w,
                                             max(frame.box.h - grow, 30.0)))
        said = now


# --- the sheet's grid ---------------------------------------------------------------------------

#: slides per sheet a handout offers, and how they are arranged: columns x rows, read left to
#: right, then down (PowerPoint's handouts)
GRIDS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3)}
#: between neighbouring slides, and between a slide and the notes beside or under it (points)
HANDOUT_GUTTER = 18.0
#: the pitch of ruled note lines, and the fewest worth ruling under a slide
NOTE_PITCH = 20.0
MIN_NOTE_LINES = 3
#: on 3 per page, the share of the width the note lines beside each slide keep
SIDE_NOTES_SHARE = 0.34


@dataclass(frozen=True)
class HandoutSlot:
    """Where one slide goes on a handout sheet (points, origin top-left, as the slides' own
    geometry), and what goes with it: ruled note lines (`lines`) or the speaker notes
    (`notes`, 1 per page)."""

    slide: Box
    lines: Box | None = None
    notes: Box | None = None


def handout_grid(per_page: int, area: Box, aspect: float) -> list[HandoutSlot]:
    """The slots of one sheet whose printable `area` (inside its margins and furniture) holds
    `per_page` slides of `aspect` (height / width), in reading order.

    Every slide is as large as its cell allows, the cells splitting the area with
    HANDOUT_GUTTER between them, so the sheet's margins are the area's. Room a slide leaves in
    its cell is not spread between the slides as wide gaps: with a 16:9 slide the width is what
    binds (two across a portrait sheet), and what is left under each slide becomes ruled lines
    for notes when MIN_NOTE_LINES fit; otherwise the rows close up to the gutter and the grid
    is centred. 1 per page: the speaker notes under the slide; 3 per page: lines beside each."""
    cols, rows = GRIDS[per_page]
    gutter = HANDOUT_GUTTER
    if per_page == 1:
        h = min(area.w * aspect, area.h * 0.6)
        w = h / aspect
        notes = Box(area.x, area.y + h + gutter, area.w, area.h - h - gutter)
        return [HandoutSlot(Box(area.x + (area.w - w) / 2, area.y, w, h), notes=notes)]
    cell_w = (area.w - (cols - 1) * gutter) / cols
    cell_h = (area.h - (rows - 1) * gutter) / rows
    if per_page == 3:  # lines beside: the slide keeps the rest of the width
        w = min((area.w - gutter) * (1 - SIDE_NOTES_SHARE), cell_h / aspect)
        h = w * aspect
        out = []
        for row in range(rows):
            y = area.y + row * (cell_h + gutter) + (cell_h - h) / 2
            lx = area.x + w + gutter
            out.append(HandoutSlot(Box(area.x, y, w, h), lines=Box(lx, y, area.right - lx, h)))
        return out
    w = min(cell_w, cell_h / aspect)
    h = w * aspect
    under = cell_h - h - gutter / 2  # room for lines under each slide
    ruled = per_page > 2 and under >= MIN_NOTE_LINES * NOTE_PITCH
    if ruled:
        pitch_y, top = cell_h + gutter, area.y
    else:  # rows closed up to the gutter, the grid centred on the sheet
        pitch_y = h + gutter
        top = area.y + (area.h - rows * h - (rows - 1) * gutter) / 2
    left = area.x + (area.w - cols * w - (cols - 1) * gutter) / 2
    out = []
    for row in range(rows):
        for col in range(cols):
            box = Box(left + col * (w + gutter), top + row * pitch_y, w, h)
            lines = Box(box.x, box.bottom + gutter / 2, w, under) if ruled else None
            out.append(HandoutSlot(box, lines=lines))
    return out


def slide_share(slots: list[HandoutSlot], area: Box) -> float:
    """The share of the printable `area` the slides of one sheet cover."""
    return sum(s.slide.w * s.slide.h for s in slots) / (area.w * area.h)
