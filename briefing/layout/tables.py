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


def least_height(n_rows: int, size: float) -> float:
    """No table of `n_rows` rows and a header is shorter at `size`: each row holds at least
    one line. Lets a long table skip the sizes it cannot fit on one page without measuring."""
    return (n_rows + 1) * (size * LINE + 2 * PAD_Y)


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
              room: float, rest_room: float | None = None) -> list[list[str]]:
    """Cut a row too tall for any page into pieces: the lines that fit in `room`, then as many
    as fit in `rest_room` (default `room`) on each following page, each piece a part of the
    cell's own text (a word cut between lines gains no space). Each cell is wrapped once:
    cutting one piece at a time re-wrapped the rest of a 200,000-character cell per page."""
    pitch = size * LINE
    first = max(int((room - 2 * PAD_Y) // pitch), 1)
    then = max(int(((room if rest_room is None else rest_room) - 2 * PAD_Y) // pitch), 1)
    cells = [(text, _line_starts(text, [line.text for line in cell_lines(text, w, size)]))
             for text, w in zip(row, widths, strict=False)]
    longest = max((len(starts) for _t, starts in cells), default=0)
    cuts = [0, *range(first, longest, then)]
    pieces = []
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        piece = []
        for text, starts in cells:
            lo = starts[a] if a < len(starts) else len(text)
            hi = starts[b] if b is not None and b < len(starts) else len(text)
            piece.append(text[lo:hi].rstrip() if b is not None else text[lo:hi])
        pieces.append(piece)
    return pieces


def _line_starts(text: str, lines: Sequence[str]) -> list[int]:
    """Where each line of `text` begins in it. Lines are the text in order less the
    whitespace dropped at breaks (tabs are measured as spaces)."""
    flat = text.replace("\t", " ").replace("\r", " ")
    starts, pos = [], 0
    for line in (line.replace("\u00a0", " ") for line in lines):  # no-break spaces were spaces
        while pos < len(flat) and not flat.startswith(line, pos) and flat[pos] in " \n":
            pos += 1
        starts.append(pos)
        pos += len(line)
    return starts


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
            if not page:  # one row taller than a page: cut it into page-sized pieces
                cells, h, mk, grp = items[i]
                rest = room[-1] - geo.header_height
                pieces = [c for c in split_row(cells, geo.col_widths, geo.size, limit, rest)
                          if any(t.strip() for t in c)] or [cells]
                items[i:i + 1] = [
                    (c, max(cell_height(t, w, geo.size)
                            for t, w in zip(c, geo.col_widths, strict=False)), mk, grp)
                    for c in pieces]
                page.append(items[i][:3])
                i += 1
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


def column_groups(n: int, most: int) -> list[list[int]]:
    """The columns of an `n`-column table as groups of at most `most` columns (at least two),
    each starting with the first column, which names the row: a table too wide for a slide
    or a page is shown as several narrower tables of the same rows, one after the other."""
    most = max(most, 2)
    if n <= most:
        return [list(range(n))]
    rest = list(range(1, n))
    count = -(-len(rest) // (most - 1))
    size, extra = divmod(len(rest), count)
    groups, at = [], 0
    for k in range(count):
        take = size + (1 if k < extra else 0)
        groups.append([0, *rest[at:at + take]])
        at += take
    return groups
