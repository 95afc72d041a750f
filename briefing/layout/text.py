"""Building, measuring, fitting and splitting text paragraphs for the layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from briefing.text import metrics as tm

from .geometry import Box, Paragraph, Run, TextBlock
from .markup import Block


def para(text: str | list[Run], size: float, *, bold: bool = False, italic: bool = False,
         color: str | None = None, align: str = "left", space_before: float = 0.0,
         line_height: float = 1.2) -> Paragraph:
    runs = [Run(text, bold=bold, italic=italic)] if isinstance(text, str) else text
    return Paragraph(runs=runs, size=size, color=color, align=align,
                     space_before=space_before, line_height=line_height)


def from_blocks(blocks: Sequence[Block], size: float, color: str | None = None) -> list[Paragraph]:
    """Markup blocks as paragraphs at `size`: bullets hang, sub-bullets indent one step more."""
    out: list[Paragraph] = []
    for b in blocks:
        p = Paragraph(runs=[replace(r) for r in b.runs], level=b.level, bullet=b.level > 0,
                      size=size, color=color, space_before=size * (0.25 if b.level == 2 else 0.5))
        if b.level == 1:
            p.indent, p.bullet_offset = size * 1.0, 0.0
        elif b.level == 2:
            p.size = max(size - 2, 12.0)
            p.indent, p.bullet_offset, p.bullet_char = size * 2.2, size * 1.2, "\u2013"
        out.append(p)
    return out


def content_width(box_w: float, padding: float) -> float:
    return box_w - 2 * padding


def height_of(paragraphs: Sequence[Paragraph], box_w: float, padding: float) -> float:
    """Box height needed for these paragraphs: text plus top and bottom padding."""
    return tm.block_height(paragraphs, content_width(box_w, padding)) + 2 * padding


def block(box_x: float, box_y: float, box_w: float, paragraphs: list[Paragraph], role: str,
          padding: float = 4.0, min_h: float = 0.0, **kw) -> TextBlock:
    """A text block whose height is exactly what its paragraphs need (or `min_h`)."""
    h = max(height_of(paragraphs, box_w, padding), min_h)
    return TextBlock(Box(box_x, box_y, box_w, h), paragraphs, role, padding=padding, **kw)


def fit_size(build: Callable[[float], list[Paragraph]], box_w: float, max_h: float,
             sizes: Sequence[float], padding: float = 4.0) -> tuple[float, list[Paragraph]] | None:
    """The largest size in `sizes` whose paragraphs fit in max_h, or None when none does."""
    for size in sizes:
        paras = build(size)
        if height_of(paras, box_w, padding) <= max_h + 1e-6:
            return size, paras
    return None


def split_paragraph(p: Paragraph, content_w: float, keep_lines: int) -> tuple[Paragraph, Paragraph]:
    """The first `keep_lines` lines of p, and the rest as an un-bulleted continuation."""
    lines = tm.paragraph_lines(p, content_w)
    head = replace(p, runs=_runs_of(p, lines[:keep_lines]))
    tail = replace(p, runs=_runs_of(p, lines[keep_lines:]), bullet=False, space_before=0.0)
    return head, tail


def _runs_of(p: Paragraph, lines: Sequence[tm.Line]) -> list[Run]:
    runs: list[Run] = []
    for k, line in enumerate(lines):
        pieces = list(line.pieces)
        if k < len(lines) - 1 and not line.ends_in_word:
            last_i = pieces[-1][0] if pieces else 0
            pieces.append((last_i, " "))
        for i, text in pieces:
            src = p.runs[i]
            if runs and runs[-1].bold == src.bold and runs[-1].italic == src.italic \
                    and runs[-1].color == src.color:
                runs[-1].text += text
            else:
                runs.append(Run(text, src.bold, src.italic, src.color))
    return runs or [Run("")]


def paginate(paragraphs: list[Paragraph], box_w: float, heights: Callable[[int], float],
             padding: float = 4.0) -> list[list[Paragraph]]:
    """Distribute paragraphs over boxes; box k holds at most heights(k) points (with padding).

    A paragraph that does not fit is split between lines; a box always takes at least one line,
    so the loop ends even with a box too small for anything.
    """
    cw = content_width(box_w, padding)
    pages: list[list[Paragraph]] = []
    queue = list(paragraphs)
    while queue:
        limit = heights(len(pages)) - 2 * padding
        page: list[Paragraph] = []
        used = 0.0
        while queue:
            p = queue[0]
            first = not page
            need = tm.paragraph_height(p, cw, first=first)
            if used + need <= limit + 1e-6:
                page.append(queue.pop(0))
                used += need
                continue
            before = 0.0 if first else p.space_before
            pitch = p.size * p.line_height
            room_lines = int((limit - used - before + 1e-6) // pitch)
            n_lines = len(tm.paragraph_lines(p, cw))
            keep = min(room_lines, n_lines - 2)  # no lone first or last line on a page
            if keep >= 2 or (first and room_lines >= 1):
                head, tail = split_paragraph(p, cw, keep if keep >= 2 else room_lines)
                page.append(head)
                queue[0] = tail
            elif first:  # not even one line fits: take one anyway rather than loop
                head, tail = split_paragraph(p, cw, 1)
                page.append(head)
                if tm.paragraph_lines(tail, cw) and tail.text.strip():
                    queue[0] = tail
                else:
                    queue.pop(0)
            break
        pages.append(page)
    return pages
