"""Building, measuring, fitting and splitting text paragraphs for the layout."""

from __future__ import annotations

import re
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


def title_para(text: str | list[Run], size: float, *, color: str | None = None,
               line_height: float = 1.2) -> Paragraph:
    """A title's paragraph, the one rule of what is a heading on a slide: every page's title,
    the title slide's and a part's are bold and in the heading font (`Paragraph.heading`),
    which the layout measures them in and every renderer draws and names; all other text is
    in the body font."""
    p = para(text, size, bold=True, color=color, line_height=line_height)
    p.heading = True
    return p


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
    head, tail, _ = _split_lines(p, tm.paragraph_lines(p, content_w), keep_lines)
    return head, tail


def _split_lines(p: Paragraph, lines: Sequence[tm.Line], keep_lines: int
                 ) -> tuple[Paragraph, Paragraph, list[tm.Line]]:
    """Split p, whose lines are `lines`, after `keep_lines` lines; also the continuation's lines.

    Line breaking is greedy, so the continuation breaks exactly where the rest of p broke: its
    lines are p's remaining lines with their pieces renumbered to the continuation's runs. A long
    paragraph split over many pages is then broken once, not once per page."""
    head = replace(p, runs=_runs_of(p, lines[:keep_lines]))
    runs, owners = _runs_and_owners(p, lines[keep_lines:])
    tail = replace(p, runs=runs, bullet=False, space_before=0.0)
    tail_lines = [tm.merge_pieces(replace(line, pieces=tuple(
                      (owner, text) for owner, (_, text) in zip(line_owners, line.pieces,
                                                                strict=True))))
                  for line, line_owners in zip(lines[keep_lines:], owners, strict=True)]
    return head, tail, tail_lines


def line_groups(runs: list[Run], width: float, size: float, per_group: int) -> list[list[Run]]:
    """The runs of one long paragraph cut where its lines break, `per_group` lines a piece.

    For renderers whose own line breaker re-breaks the rest of a paragraph on every page it
    spans (ReportLab's): pieces of a page or less keep a very long paragraph linear."""
    p = Paragraph(runs=runs, size=size)
    lines = tm.wrap(runs, width, size)
    return [_runs_of(p, lines[k:k + per_group]) for k in range(0, len(lines), per_group)]


def _runs_of(p: Paragraph, lines: Sequence[tm.Line]) -> list[Run]:
    return _runs_and_owners(p, lines)[0]


def _runs_and_owners(p: Paragraph, lines: Sequence[tm.Line]) -> tuple[list[Run], list[list[int]]]:
    """The runs of these lines as one paragraph (a space where a line broke between words, none
    where it broke inside one: after a hyphen, at a soft hyphen, in an over-long word), and
    for each line the index of the run each of its pieces went into."""
    runs: list[Run] = []
    owners: list[list[int]] = []
    for k, line in enumerate(lines):
        pieces = list(line.pieces)
        line_owners: list[int] = []
        if k < len(lines) - 1 and not line.joined:
            last_i = pieces[-1][0] if pieces else 0
            pieces.append((last_i, " "))
        for n, (i, text) in enumerate(pieces):
            src = p.runs[i]
            if runs and runs[-1].bold == src.bold and runs[-1].italic == src.italic \
                    and runs[-1].color == src.color:
                runs[-1].text += text
            else:
                runs.append(Run(text, src.bold, src.italic, src.color))
            if n < len(line.pieces):
                line_owners.append(len(runs) - 1)
        owners.append(line_owners)
    return (runs or [Run("")]), owners


#: a page may end early at a paragraph or sentence boundary when it is at least this full
_FULL_ENOUGH = 0.5
#: a sentence may end inside a line (the rest of the paragraph is then broken again) when the
#: paragraph has no more lines than this left: a very long paragraph stays linear
_REWRAP_LINES = 200
#: the end of a sentence: . ! ? (or an ellipsis), perhaps a closing quote, bracket or citation
_SENTENCE_END = re.compile(r"(?:[.!?\u2026]|\.\.\.)[\"\'\u201d\u2019)\]]*"
                           r"(?:[ \u00a0]\[\d+(?:[,\u2013-][ \u00a0]?\d+)*\])*(?= |$)")


def _sentence_cut(lines: Sequence[tm.Line], keep: int, full: float, pitch: float,
                  limit: float) -> tuple[int, int | None] | None:
    """Where to end a page inside a paragraph so that it ends with a sentence: (lines kept,
    None) when a kept line ends one, (line index, offset in its text) when a sentence ends
    inside that line; None when no sentence ends in the `keep` lines that fit, or the
    last one leaves the page less than half full."""
    rewrap = len(lines) - keep <= _REWRAP_LINES
    for j in range(keep - 1, 0, -1):  # the head keeps two lines at least (no orphan)
        if full + (j + 1) * pitch < limit * _FULL_ENOUGH:
            return None  # the page would stay too empty
        text = lines[j].text.rstrip()
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        if not ends:
            continue
        if ends[-1] == len(text):
            return j + 1, None
        if rewrap:
            return j, ends[-1]
    return None


def _split_inside_line(p: Paragraph, lines: Sequence[tm.Line], j: int, offset: int
                       ) -> tuple[Paragraph, Paragraph]:
    """p cut after character `offset` of line j (where a sentence ends): the head is lines
    0..j-1 and that line's start; the tail the rest, broken into lines again when drawn."""
    head_pieces: list[tuple[int, str]] = []
    tail_pieces: list[tuple[int, str]] = []
    at = 0
    for i, text in lines[j].pieces:
        if at + len(text) <= offset:
            head_pieces.append((i, text))
        elif at >= offset:
            tail_pieces.append((i, text))
        else:
            head_pieces.append((i, text[:offset - at]))
            tail_pieces.append((i, text[offset - at:]))
        at += len(text)
    while tail_pieces and not tail_pieces[0][1].strip():
        tail_pieces.pop(0)
    if tail_pieces:
        i, text = tail_pieces[0]
        tail_pieces[0] = (i, text.lstrip(" \u00a0"))
    head_line = tm.Line(tuple(head_pieces), lines[j].width, False)
    tail_line = replace(lines[j], pieces=tuple(tail_pieces))
    head = replace(p, runs=_runs_of(p, [*lines[:j], head_line]))
    tail = replace(p, runs=_runs_of(p, [tail_line, *lines[j + 1:]]), bullet=False,
                   space_before=0.0)
    return head, tail


def paginate(paragraphs: list[Paragraph], box_w: float, heights: Callable[[int], float],
             padding: float = 4.0) -> list[list[Paragraph]]:
    """Distribute paragraphs over boxes; box k holds at most heights(k) points (with padding).

    A paragraph that does not fit is split where a sentence ends, if one ends in the lines that
    fit; else it starts the next box, if this one is at least half full; else it is split
    between lines. A short paragraph that introduces deeper items (a bullet over sub-bullets)
    never ends a box without the first two of them, where it has more (`_leads_into`). A box always takes at least
    one line, so the loop ends even with a box too small for anything.
    """
    cw = content_width(box_w, padding)
    pages: list[list[Paragraph]] = []
    queue = list(paragraphs)
    # a continuation's lines, already broken (the paragraph is kept too, so its id stays its own)
    known: dict[int, tuple[Paragraph, list[tm.Line]]] = {}

    def lines_of(q: Paragraph) -> list[tm.Line]:
        entry = known.get(id(q))
        return entry[1] if entry is not None and entry[0] is q else tm.paragraph_lines(q, cw)

    def split(q: Paragraph, keep: int) -> tuple[Paragraph, Paragraph]:
        head, tail, tail_lines = _split_lines(q, lines_of(q), keep)
        known[id(tail)] = (tail, tail_lines)
        return head, tail

    while queue:
        limit = heights(len(pages)) - 2 * padding
        page: list[Paragraph] = []
        used = 0.0
        while queue:
            p = queue[0]
            first = not page
            before = 0.0 if first else p.space_before
            pitch = p.size * p.line_height
            n_lines = len(lines_of(p))
            need = before + n_lines * p.size * p.line_height
            if used + need <= limit + 1e-6:
                page.append(queue.pop(0))
                used += need
                continue
            room_lines = int((limit - used - before + 1e-6) // pitch)
            keep = min(room_lines, n_lines - 2)  # no lone first or last line on a page
            cut = _sentence_cut(lines_of(p), keep, full=used + before, pitch=pitch,
                                limit=limit) if keep >= 2 else None
            if cut is not None and cut[1] is not None:  # a sentence ends inside a line
                head, tail = _split_inside_line(p, lines_of(p), *cut)
                page.append(head)
                queue[0] = tail
            elif cut is not None:
                head, tail = split(p, cut[0])
                page.append(head)
                queue[0] = tail
            elif page and used >= limit * _FULL_ENOUGH:
                pass  # the paragraph starts the next page: a paragraph boundary, page full enough
            elif keep >= 2 or (first and room_lines >= 1):
                head, tail = split(p, keep if keep >= 2 else room_lines)
                page.append(head)
                queue[0] = tail
            elif first:  # not even one line fits: take one anyway rather than loop
                head, tail = split(p, 1)
                page.append(head)
                if lines_of(tail) and tail.text.strip():
                    queue[0] = tail
                else:
                    queue.pop(0)
            break
        if queue and _leads_into(page, queue[0], lines_of):
            queue.insert(0, page.pop())  # a list's lead-in goes over with its first item
        elif (queue and len(page) > 2 and _leads_into(page[:-1], page[-1], lines_of)
              and queue[0].bullet and queue[0].level == page[-1].level):
            # nor with its first item alone ("Sources" and one source, the rest overleaf
            # under no heading): the lead-in and that item go over together
            queue[0:0] = page[-2:]
            del page[-2:]
        pages.append(page)
    return pages


LEAD_IN_LINES = 2
"""A paragraph this short that opens deeper items (a bullet over its sub-bullets: the change
list's section names) is never the last thing on a page: it goes with what it introduces."""


def _leads_into(page: list[Paragraph], following: Paragraph,
                lines_of: Callable[[Paragraph], list[tm.Line]]) -> bool:
    """True when `page` ends with a short lead-in of `following` and has more than it."""
    if len(page) < 2:
        return False
    last = page[-1]
    return (following.level > last.level and following.bullet
            and len(lines_of(last)) <= LEAD_IN_LINES)
