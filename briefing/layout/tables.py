"""Table geometry: column widths from measured content, row heights from wrapped cells, and
pagination that repeats the header and prefers breaking between groups (timeline dates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefing.text import metrics as tm
from briefing.text.breaks import keep_together
from briefing.text.faces import main_faces

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


def _column_texts(columns: Sequence[str], rows: Sequence[Sequence[str]], c: int
                  ) -> list[tuple[str, bool]]:
    """Column `c`'s lines of text, each with whether it is drawn bold (the header's)."""
    texts = [(columns[c] if c < len(columns) else "", True)]
    texts += [(r[c] if c < len(r) else "", False) for r in rows]
    return [(line, bold) for t, bold in texts for line in t.split("\n")]


def _longest_word(lines: Sequence[tuple[str, bool]], size: float) -> float:
    """The widest stretch of a column no line may break: a word, or words bound together
    ("10 November 2020", "[1] [2]"), measured in the export's main font."""
    return max((_width(w, size, bold) for line, bold in lines
                for w in keep_together(line).split(" ") if w), default=0.0)


def _padded(width: float) -> float:
    """A cell's width that holds a line of `width` points as the layout wraps it."""
    return width / tm.WIDTH_SAFETY + 2 * PAD_X + 1


def word_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], size: float
                ) -> list[float]:
    """The least width of each column that breaks no word between letters: its longest word
    (header in bold, cells) with the cell's padding. The one rule for every table of every
    output; a word is broken only where it is longer than the whole table is wide."""
    key = (tuple(columns), tuple(tuple(r) for r in rows), main_faces().regular)
    return [_padded(units * size) for units in _longest_units(key)]


@lru_cache(maxsize=16)
def _longest_units(key: tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str]
                   ) -> tuple[float, ...]:
    """Each column's longest word at 1 pt (widths grow with the size in proportion), found
    once per table and main font: a table is tried at several sizes and in several parts."""
    columns, rows, _face = key
    return tuple(_longest_word(_column_texts(columns, rows, c), 1.0)
                 for c in range(max(len(columns), 1)))


def _needs(longest: Sequence[float], total: float) -> list[float]:
    """The room each column's words need side by side: none for a word wider than the whole
    table, which breaks at any size and in any part."""
    return [w if w <= total else 0.0 for w in longest]


def words_fit(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float,
              size: float) -> bool:
    """True when every column can hold its longest word side by side in `total` points at
    `size`: the sizes a table may be set at (a smaller size is tried before a word breaks)."""
    return sum(_needs(word_widths(columns, rows, size), total)) <= total + 1e-6


def word_parts(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float,
               size: float, parts: Sequence[Sequence[int]]) -> list[list[int]]:
    """`parts` (column groups, each starting with the first column, `column_groups`) cut
    further where a group's longest words do not fit side by side in `total` at `size` (the
    smallest size allowed): a table of many columns of long words is shown in more parts
    rather than with words broken between letters."""
    need = _needs(word_widths(columns, rows, size), total)
    out: list[list[int]] = []
    for part in parts:
        head, rest = part[0], list(part[1:])
        if sum(need[c] for c in part) <= total + 1e-6:
            out.append(list(part))
            continue
        cur, used = [head], need[head]
        for c in rest:
            if len(cur) > 1 and used + need[c] > total + 1e-6:
                out.append(cur)
                cur, used = [head], need[head]
            cur.append(c)
            used += need[c]
        out.append(cur)
    return out


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], total: float,
                  size: float) -> list[float]:
    """Narrow columns get their natural (one-line) width; the wide ones share the rest in
    proportion to theirs, so a short "Date" or "Count" column never wraps needlessly. No
    column is narrower than its longest word (`word_widths`) while the words fit side by
    side: the other columns give up their room first."""
    n = max(len(columns), 1)
    natural, mean = [], []
    longest_word = [min(w, total) for w in word_widths(columns, rows, size)]
    for c in range(n):
        lines = _column_texts(columns, rows, c)
        widths = [_width(line, size, bold) for line, bold in lines]
        pad = 2 * PAD_X + 1
        natural.append(max(max(widths, default=0.0) / tm.WIDTH_SAFETY + pad, 40.0,
                           longest_word[c]))
        mean.append(sum(widths) / max(len(widths), 1) + pad)
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
    out = [float(w) for w in widths_out if w is not None]
    over = sum(out) - total
    if over > 0:  # taken from every column wider than its longest word, by how much wider
        slack = sum(w - longest_word[c] for c, w in enumerate(out) if w > longest_word[c])
        if slack >= over:
            out = [w - over * (w - longest_word[c]) / slack if w > longest_word[c] else w
                   for c, w in enumerate(out)]
        else:  # the words do not fit side by side (no smaller size or more parts helped):
            out = _level(longest_word, total)  # only the widest columns' words break
    return out


def fixed_widths(preferred: Sequence[float | None], least: Sequence[float], total: float
                 ) -> list[float]:
    """Columns of `preferred` widths (None: shares what is left, as a timeline's event text),
    none narrower than its `least` (`word_widths`) while the words fit side by side: the
    columns wider than their least give way first; only a word wider than the table breaks."""
    least = [min(w, total) for w in least]
    out = [least[i] if p is None else max(p, least[i]) for i, p in enumerate(preferred)]
    free = [i for i, p in enumerate(preferred) if p is None] or list(range(len(out)))
    spare = total - sum(out)
    if spare >= 0:
        return [w + (spare / len(free) if i in free else 0.0) for i, w in enumerate(out)]
    slack = sum(w - lw for w, lw in zip(out, least, strict=True))
    if slack >= -spare:
        return [w + spare * (w - lw) / slack for w, lw in zip(out, least, strict=True)]
    return _level(least, total)


def _level(widths: Sequence[float], total: float) -> list[float]:
    """`widths` with the widest cut down to one level, so that they add up to `total`."""
    ordered = sorted(widths, reverse=True)
    below = sum(ordered)
    for k, w in enumerate(ordered):
        below -= w
        level = (total - below) / (k + 1)
        if level >= (ordered[k + 1] if k + 1 < len(ordered) else 0.0):
            return [min(x, level) for x in widths]
    return [total / len(widths)] * len(widths)


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
