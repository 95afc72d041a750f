"""Table geometry: column widths from measured content, row heights from wrapped cells, and
pagination that repeats the header and prefers breaking between groups (timeline dates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.text import metrics as tm
from briefing.text.breaks import keep_together

from .markup import cell_runs

PAD_X = 6.0
PAD_Y = 3.0
LINE = 1.2


@dataclass
class TableGeometry:
    col_widths: list[float]
    header_height: float
    row_heights: list[float]
    size: float


def cell_lines(text: str, width: float, size: float, bold: bool = False) -> list[tm.Line]:
    """The lines of a cell, its inline markup (`**bold**`, `_italic_`) parsed, as every
    renderer draws them (`markup.cell_runs`)."""
    return tm.wrap(cell_runs(text, bold), (width - 2 * PAD_X) * tm.WIDTH_SAFETY, size)


def cell_height(text: str, width: float, size: float, bold: bool = False) -> float:
    return len(cell_lines(text, width, size, bold)) * size * LINE + 2 * PAD_Y


def _width(text: str, size: float, bold: bool) -> float:
    """A cell line's or word's width as drawn: its markup parsed, the markers not drawn."""
    return sum(tm.measure(r.text, size, r.bold or bold, r.italic)
               for r in cell_runs(text, bold))


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float,
                  size: float) -> list[float]:
    """Narrow columns get their natural (one-line) width; the wide ones share the rest in
    proportion to theirs, so a short "Date" or "Count" column never wraps needlessly."""
    n = max(len(columns), 1)
    natural, mean, longest_word = [], [], []
    for c in range(n):
        texts = [(columns[c] if c < len(columns) else "", True)]
        texts += [(r[c] if c < len(r) else "", False) for r in rows]
        lines = [(line, bold) for t, bold in texts for line in t.split("\n")]
        widths = [_width(line, size, bold) for line, bold in lines]
        words = [_width(w, size, bold) for line, bold in lines  # what no line may break
                 for w in keep_together(line).split(" ") if w]  # ("10 November 2020")
        pad = 2 * PAD_X + 1
        natural.append(max(max(widths, default=0.0) / tm.WIDTH_SAFETY + pad, 40.0))
        mean.append(sum(widths) / max(len(widths), 1) + pad)
        longest_word.append(min(max(words, default=0.0) / tm.WIDTH_SAFETY + pad, total / n))
    if sum(natural) <= total:  # everything fits on one line: spread the slack evenly
        extra = (total - sum(natural)) / n
        return [w + extra for w in natural]
    widths_out: list[float | None] = [None] * n
    remaining = total
    while True:
        open_cols = [c for c in range(n) if widths_out[c] is None]
        fair = remaining / len(open_cols)
        small = [c for c in open_cols if natural[c] <= min(fair, total * 0.2)]
        if not small or len(small) == len(open_cols):
            break
        for c in small:
            widths_out[c] = natural[c]
            remaining -= natural[c]
    # wide columns share the rest by how much text they hold on average, but none is made
    # narrower than its longest word
    open_cols = [c for c in range(n) if widths_out[c] is None]
    weight = sum(mean[c] for c in open_cols)
    for c in open_cols:
        widths_out[c] = max(remaining * mean[c] / weight, longest_word[c])
    over = sum(w for w in widths_out if w is not None) - total
    if over > 0:
        flexible = [c for c in open_cols if widths_out[c] > longest_word[c]]
        slack = sum(widths_out[c] - longest_word[c] for c in flexible) or 1.0
        for c in flexible:
            widths_out[c] -= over * (widths_out[c] - longest_word[c]) / slack
    return [float(w) for w in widths_out]


def geometry(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float,
             size: float, widths: list[float] | None = None) -> TableGeometry:
    widths = widths or column_widths(columns, rows, total, size)
    header = max(cell_height(c, w, size, True) for c, w in zip(columns, widths, strict=False))
    heights = [max((cell_height(t, w, size) for t, w in zip(r, widths, strict=False)),
                   default=size * LINE + 2 * PAD_Y) for r in rows]
    return TableGeometry(widths, header, heights, size)


def split_row(row: Sequence[str], widths: Sequence[float], size: float,
              room: float) -> tuple[list[str], list[str]]:
    """Cut a row too tall for any page: the lines that fit in `room`, and the rest."""
    keep = max(int((room - 2 * PAD_Y) // (size * LINE)), 1)
    head, tail = [], []
    for text, w in zip(row, widths, strict=False):
        lines = [line.text for line in cell_lines(text, w, size)]
        head.append(" ".join(lines[:keep]))
        tail.append(" ".join(lines[keep:]))
    return head, tail


def paginate_rows(rows: list[list[str]], geo: TableGeometry, room: Sequence[float],
                  groups: Sequence[object] | None = None,
                  markings: Sequence[str | None] | None = None,
                  ) -> list[list[tuple[list[str], float, str | None]]]:
    """Rows per page as (cells, height, marking); page k holds at most room[min(k, -1)] points
    including the repeated header. With `groups`, a page break moves back to the start of the
    group (e.g. a date) it would split, unless that group began the page."""
    items = [(list(r), h, (markings[i] if markings else None), (groups[i] if groups else i))
             for i, (r, h) in enumerate(zip(rows, geo.row_heights, strict=True))]
    pages: list[list[tuple[list[str], float, str | None]]] = []
    i = 0
    while i < len(items):
        limit = room[min(len(pages), len(room) - 1)] - geo.header_height
        page: list[tuple[list[str], float, str | None]] = []
        used = 0.0
        start = i
        while i < len(items) and used + items[i][1] <= limit + 1e-6:
            page.append(items[i][:3])
            used += items[i][1]
            i += 1
        if i < len(items):
            if not page:  # one row taller than a page: cut it
                cells, h, mk, grp = items[i]
                head, tail = split_row(cells, geo.col_widths, geo.size, limit)
                hh = max(cell_height(t, w, geo.size) for t, w in zip(head, geo.col_widths,
                                                                      strict=False))
                th = max(cell_height(t, w, geo.size) for t, w in zip(tail, geo.col_widths,
                                                                      strict=False))
                page.append((head, hh, mk))
                items[i] = (tail, th, mk, grp)
            elif groups is not None:
                g = items[i][3]
                first_of_group = i
                while first_of_group > start and items[first_of_group - 1][3] == g:
                    first_of_group -= 1
                if first_of_group > start:
                    page = page[: first_of_group - start]
                    i = first_of_group
        pages.append(page)
    return pages or [[]]
