"""Tagging the briefing paper's platypus flowables (see `tagging` for the marked content).

Each flowable says what it is with attributes set when the story is built (`tag_role`:
"H1", "P", "LI", "Caption", "Figure"…; `tag_alt` for a figure; `tag_group` for the items of
one list) and the frame wraps what it draws in marked content (`draw_tagged`). A paragraph or
table split across pages stays one structure element: the pieces share `tag_key`, or the
table's `TableTags`, which ReportLab hands to every piece of a split table (`renderCB`).
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from briefing.render.pdf.tagging import Element, Tagger, element_language


def _keyed(tagger: Tagger, key: object, make) -> Element:
    """The element for `key` in this tagger (one per pass: each pass has its own canvas)."""
    found = tagger.keyed.get(key)
    if found is None:
        found = tagger.keyed[key] = make()
    return found


def element_for(flowable: Flowable, tagger: Tagger) -> Element | None:
    """The structure element that owns what `flowable` draws; None for one that draws nothing
    a reader needs (spacers, anchors) or tags itself (tables)."""
    role = getattr(flowable, "tag_role", None)
    if role is None:
        return None
    key = flowable.__dict__.setdefault("tag_key", object())

    def make() -> Element:
        drawn = _plain_text(flowable)
        actual = tagger.reading_order(drawn)
        text = actual or drawn
        lang = element_language(text) if text else None
        if role == "LI":
            group = getattr(flowable, "tag_group", None) or key
            lst = _keyed(tagger, group, lambda: tagger.root.add("L"))
            return lst.add("LI").add("LBody", lang=lang, actual=actual)
        if role == "TOC":
            return tagger.root.add("TOC").add("TOCI")
        if role == "Figure":
            return tagger.root.add("Figure", alt=getattr(flowable, "tag_alt", None) or "Figure")
        title = (getattr(flowable, "outline_text", None) or getattr(flowable, "tag_text", None)
                 or text) if role.startswith("H") else None
        return tagger.root.add(role, lang=lang, title=title, actual=actual)

    return _keyed(tagger, key, make)


def _plain_text(flowable: Flowable) -> str:
    get = getattr(flowable, "getPlainText", None)
    return get() if callable(get) else ""


def draw_tagged(flowable: Flowable, canv, draw) -> None:
    """`draw()` (the flowable's own drawing) inside the marked content of its element."""
    tagger = Tagger.of(canv)
    element = element_for(flowable, tagger) if tagger is not None else None
    if element is None:
        draw()
        return
    tagger.begin(canv, element)
    try:
        draw()
    finally:
        tagger.end(canv)


class TableTags:
    """ReportLab's table render callback (`Table(renderCB=…)`): a Table element with a TR per
    row and TH/TD per cell; backgrounds and rules are artifacts, and the header row repeated on
    a continuation page is a pagination artifact (a reader hears it once).

    A grid that only lays things out says what it is with `roles` (whole, row, first cell,
    other cells): `LIST` for the judgments (each a list item: its confidence the label, its
    text the body), `LAYOUT` for a box of text (each cell a paragraph)."""

    TABLE = ("Table", "TR", "TD", "TD")
    LIST = ("L", "LI", "Lbl", "LBody")
    LAYOUT = (None, None, "P", "P")

    def __init__(self, header_rows: int = 1,
                 roles: tuple[str | None, str | None, str, str] = TABLE) -> None:
        self.header_rows = header_rows
        self.roles = roles
        self._tagger: Tagger | None = None
        self._table: Element | None = None
        self._row: Element | None = None
        self._head_done = False
        self._header = False

    def __call__(self, table, event: str, *args) -> None:
        canv = table.canv
        tagger = Tagger.of(canv)
        if tagger is None:
            return
        if tagger is not self._tagger:  # a new layout pass, a new canvas
            self._tagger, self._table, self._head_done = tagger, None, False
        if event in ("startBG", "startLines"):
            tagger.begin_artifact(canv)
        elif event in ("endBG", "endLines"):
            tagger.end(canv)
        elif event == "startRow":
            row = args[0]
            repeat = table.repeatRows if isinstance(table.repeatRows, int) \
                else len(table.repeatRows)
            whole, row_role = self.roles[0], self.roles[1]
            if self._table is None:
                self._table = tagger.root.add(whole) if whole else tagger.root
            self._header = not self._head_done and row < self.header_rows
            if self._head_done and row < repeat:  # the header again, atop a continuation
                self._row = None
                tagger.begin_artifact(canv, "Pagination")
            else:
                self._row = self._table.add(row_role) if row_role else self._table
                if self._header and row == self.header_rows - 1:
                    self._head_done = True
        elif event == "endRow":
            if self._row is None:
                tagger.end(canv)
        elif event == "startCell":
            _row, _col, value = args[0], args[1], args[2]
            if self._row is None:
                tagger.begin_artifact(canv, "Pagination")
                return
            drawn = _cell_text(value)
            actual = tagger.reading_order(drawn)
            role = "TH" if self._header else self.roles[2 if _col == 0 else 3]
            cell = self._row.add(role, lang=element_language(actual or drawn), actual=actual)
            tagger.begin(canv, cell)
        elif event == "endCell":
            tagger.end(canv)


def _cell_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_cell_text(v) for v in value)
    if isinstance(value, Flowable):
        return _plain_text(value)
    return "" if value is None else str(value)
