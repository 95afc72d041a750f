"""A table of thousands of rows in the paper, laid out a page at a time.

ReportLab's `Table` measures every remaining row each time it is asked whether it fits and
again to split, and each split copies the remaining rows and their style commands into a new
table: a 10,000-row table took minutes, quadratic in its rows (its `LongTable` stops measuring
early only for tables with spanned cells). `LongGrid` hands ReportLab a window of rows at a
time, a few more than the tallest page holds: ReportLab splits the window where it would have
split the whole table (the split depends only on the rows that fit), the piece that fits is
drawn, and the rest of the table, header repeated, goes on as the next `LongGrid`. The work per
page is then bounded by the window, not by the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Table

#: tables with more data rows than this are laid out through `LongGrid`; shorter ones are
#: ReportLab's own `Table` (a few pages of rows: little to gain, and their bytes stay as ever)
LONG_TABLE_ROWS = 100
#: rows in a first window: one-line rows (20.5 pt in the paper) overfill the tallest page;
#: later windows are sized by the rows the page before held (`_next_window`)
WINDOW_ROWS = 50

#: makes the table of the header and data rows [start, stop), its `row_markings` set
MakeTable = Callable[[int, int], Table]


class LongGrid(Flowable):
    """Data rows `start`.. of a table with a repeated header, of which ReportLab sees a window.

    The window is made at least `min_height` points tall (the tallest frame), so whenever
    more rows follow, the height reported is over any page's room, as the whole table's would
    be: fitting, keeping with a heading and splitting decide as for the whole table."""

    def __init__(self, make: MakeTable, count: int, min_height: float,
                 levels: Sequence[str | None], start: int = 0,
                 window_rows: int = WINDOW_ROWS) -> None:
        super().__init__()
        self.make, self.count, self.min_height = make, count, min_height
        self.levels = levels
        self.start = start
        self.window_rows = window_rows
        self.hAlign = "LEFT"
        self.marking: str | None = None
        self._window: tuple[float, Table, tuple[float, float]] | None = None

    @property
    def row_markings(self) -> list[str | None]:
        """Markings of the header (None) and of every data row still to lay out."""
        return [None, *self.levels[self.start:]]

    def window(self, avail_w: float) -> tuple[Table, tuple[float, float]]:
        """The header and the next rows, wrapped at `avail_w`, and their size: at least
        `min_height` tall unless they are all the rows left."""
        if self._window is not None and self._window[0] == avail_w:
            return self._window[1], self._window[2]
        rows = self.window_rows
        while True:
            stop = min(self.start + rows, self.count)
            table = self.make(self.start, stop)
            size = table.wrapOn(self.canv, avail_w, self.min_height)
            if stop == self.count or size[1] > self.min_height:
                break
            rows *= 2  # rows so short that a window does not fill a page: look further
        self._window = (avail_w, table, size)
        return table, size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.window(avail_w)[1]

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        table, _size = self.window(avail_w)
        parts = table.splitOn(self.canv, avail_w, avail_h)
        if len(parts) == 2:  # the rows that fit, and the rest as the next LongGrid
            first = parts[0]
            shown = len(first._cellvalues) - 1  # data rows on this page, under the header
            first.row_markings = [None, *self.levels[self.start:self.start + shown]]
            parts = [first, LongGrid(self.make, self.count, self.min_height, self.levels,
                                     self.start + shown,
                                     _next_window(shown, avail_h, self.min_height))]
        for part in parts:  # otherwise nothing fits here, or the window is all that is left
            part.marking = self.marking
        return parts

    def draw(self) -> None:
        assert self._window is not None, "a flowable is wrapped before it is drawn"
        self._window[1].drawOn(self.canv, 0, 0)


def _next_window(shown: int, room: float, page: float) -> int:
    """Rows for the next window: what a whole page would hold at the rate of `shown` rows in
    `room` points, and a quarter more, so a window rarely has to grow (and the rows measured
    per page stay few: each window is measured to wrap it and again to split it)."""
    return max(int(shown * page / max(room, 1.0) * 1.25) + 2, 4)
