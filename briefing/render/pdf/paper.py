"""The portrait briefing paper: a document to read, not to present.

ReportLab platypus flows the prose, so paragraphs split across pages, tables repeat their header
row and figures are scaled to the frame: nothing can run off a page. Layout of a cover, a table of
contents, every included section as headed prose, and the sources as numbered endnotes. Charts
are the same vector drawings as in the slides PDF (`briefing.charts.drawing`).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, unescape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _RLParagraph
from reportlab.platypus.doctemplate import (
    ActionFlowable,
    BaseDocTemplate,
    FrameBreak,
    NullActionFlowable,
    PageTemplate,
)
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.tableofcontents import TableOfContents

from briefing.charts.cache import chart_drawing
from briefing.charts.fonts import register_fonts
from briefing.format.images import image_file
from briefing.format.themes import Theme
from briefing.layout import keyfigures, tables
from briefing.layout.alttext import chart_summary
from briefing.layout.chart_rules import (
    chart_as_drawn,
    unlabelled_note,
    unlabelled_segments,
    was_note,
)
from briefing.layout.context import ALSO_CONSULTED, also_consulted
from briefing.layout.figure_fit import (
    PAPER_CHART_FONT,
    bar_chart_height,
    bar_rows_per_figure,
    least_chart_height,
    least_map_scale,
)
from briefing.layout.frame import EDITION_TAGS
from briefing.layout.geometry import Deck, Page, TextBlock
from briefing.layout.markup import parse_inline, parse_markup
from briefing.layout.paper_ink import paper_ink
from briefing.layout.pictures import load_picture
from briefing.layout.sections import chart_slices, shared_axis_max
from briefing.layout.tables import column_groups
from briefing.layout.text import line_groups
from briefing.layout.wording import (
    TIMELINE_COLUMNS,
    entry_direction,
    place_and_actor,
    source_words,
)
from briefing.model import document as m
from briefing.model.compare import EditionMarks
from briefing.model.groups import Group, included_groups
from briefing.model.markings import document_marking, highest, portion_mark, resolve_markings
from briefing.model.places import place_numbers
from briefing.progress import Progress, pages_done  # absolute: survives a move of this module
from briefing.render.pdf.common import (
    Furniture,
    citation_numbers,
    color,
    draw_furniture,
    draw_text,
    paper_theme,
    set_metadata,
)
from briefing.render.pdf.common import paper_size as page_size_for
from briefing.render.pdf.flowtags import TableTags, draw_tagged
from briefing.render.pdf.fonts import bind_rtl_phrases, fallback_markup, prepare_document_faces
from briefing.render.pdf.longtable import LONG_TABLE_ROWS, LongGrid
from briefing.render.pdf.slide import SlidePainter, draw_chart, picture_reader
from briefing.render.pdf.tagging import Tagger, finish
from briefing.text import metrics as tm
from briefing.text.bidi import needs_bidi, paragraph_direction, visual_pieces
from briefing.text.faces import HEADING, MAIN, as_heading
from briefing.text.fonts import string_width
from briefing.text.shaping import has_arabic

_LINKABLE = re.compile(r"\A(?:https?://|mailto:)[\x21-\x7e]+\Z")

MARGIN_X = 56.0
#: a table column is never narrower than this: 12 pt of padding and three characters or so;
#: a table with more columns than fit is printed in parts (`column_groups`)
MIN_COLUMN_WIDTH = 30.0
#: the size a table's cells are set at when its longest words do not fit side by side at the
#: cells' 9 pt: smaller first, then more parts (`column_groups`, `tables.word_parts`)
SMALL_CELL = 8.0
# what an empty section of each kind lacks, in the slides' words (briefing.layout.sections)
_EMPTY_WORDS = {"summary": "text", "text": "text", "judgments": "judgments",
                "key_figures": "key figures",
                "timeline": "events", "table": "table rows", "quote": "quotation"}
SUBJECT = "Briefing paper"
#: the paper's headings: its title, the contents' heading, a part's heading (H1) and a
#: section's (H2, "Sources" too), drawn in the heading font (`briefing.text.faces.HEADING`:
#: a template's, where it has one of its own besides its body font), as the slides' titles
HEADING_STYLES = ("cover_title", "toc_title", "part", "h1")


def write_report_pdf(doc: m.Document, stream: BinaryIO, *, base_dir: Path | None = None,
                     paper_size: str = "a4", theme: Theme | None = None,
                     progress: Progress | None = None,
                     edition: EditionMarks | None = None) -> None:
    """Write the briefing paper of `doc` to `stream` (a binary file object), portrait
    `paper_size` ("a4" or "letter"); `theme` is the export's (a template's), else the
    document's own for paper. `progress`: the first (dry) layout pass is its first half,
    counted in sections placed; the pass that is written the second, counted in pages.
    `edition`: what changed since the previous edition ("new"/"updated" beside a section's
    heading, changed figures under their chart), as on the slides."""
    prepare_document_faces(doc)
    ReportRenderer(doc, base_dir=base_dir, paper_size=paper_size, theme=theme,
                   progress=progress, edition=edition).build(stream)


#: characters above which a prose paragraph is handed to ReportLab in pieces (see `_prose`)
_LONG_PARAGRAPH = 4_000
_LINES_PER_PIECE = 30

#: what a flowable says about itself to the tagger (`flowtags`), kept by its split pieces
_TAG_ATTRIBUTES = ("tag_key", "tag_role", "tag_group", "tag_alt", "tag_text")

_WRAP_STATE = ("width", "_wrapWidths", "blPara", "height", "_width_max",
               "_splitLongWordCount", "_hyphenations")


class Paragraph(_RLParagraph):
    """ReportLab's Paragraph, remembering its line breaks for the last width it was wrapped to.

    A paragraph is wrapped several times at the same width (to fit a table row, a kept-together
    group, then to place it) and again in the second layout pass; breaking lines is most of
    the paper's time, and the breaks depend on the width only.

    A paragraph is a `P` of the tagged PDF unless it says otherwise (`tag_role`); its pieces,
    when it is split across pages, stay that one element."""

    tag_role = "P"
    #: for text that may hold right-to-left script: its markup set line by line for a text
    #: width, and the number of lines, or None where ReportLab may break it (`_Setter`)
    set_lines: Callable[[float], tuple[str, int] | None] | None = None
    one_line = ""  # its markup as made, for a width `set_lines` leaves to ReportLab

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        memo = self.__dict__.get("_wrap_memo")
        if memo is not None and memo[0] == availWidth:
            self.__dict__.update(memo[1])
            return memo[2]
        if self.set_lines is None:
            result = super().wrap(availWidth, availHeight)
        else:
            result = self._wrap_set(availWidth, availHeight)
        state = {k: self.__dict__[k] for k in (*_WRAP_STATE, "text", "frags")
                 if k in self.__dict__}
        self._wrap_memo = (availWidth, state, result)
        return result

    def _wrap_set(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        """Wrapped as `set_lines` sets it for this width: its lines broken by the layout's
        breaker a little short of the width, so ReportLab breaks none again; should ReportLab
        measure one wider all the same, they are broken shorter."""
        style = self.style
        width = avail_w - style.leftIndent - style.rightIndent
        for safety in _SET_SAFETY:
            made = self.set_lines(width * safety)
            if made is None:  # as it was made (set in lines for another width before)
                text, count = self.one_line, 1 << 30
            else:
                text, count = made
            self._setup(text, style, self.bulletText, None, cleanBlockQuotedText)
            result = super().wrap(avail_w, avail_h)
            if len(self.blPara.lines) <= count:
                break
        return result

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        if len(parts) > 1:
            self.__dict__.setdefault("tag_key", object())
            for part in parts:
                part.__dict__.update({k: self.__dict__[k] for k in _TAG_ATTRIBUTES
                                      if k in self.__dict__})
        return parts


#: points a contents line leaves for the dots and page number after its last line
_PAGE_NUMBER_ROOM = 36.0
#: the share of a paragraph's width its right-to-left lines are broken at, tried in turn
_SET_SAFETY = (tm.WIDTH_SAFETY, 0.92, 0.85)


@dataclasses.dataclass(frozen=True)
class _Piece:
    """A stretch of a paragraph in one style, as the layout's line breaker measures it
    (`text.metrics.RunLike`). `around`: the markup it sits in (a link, a superscript);
    `direction`: its own, where it is not part of the paragraph's text (a portion mark, a
    citation, a heading's number), or reads its own way (a heading's Persian title)."""

    text: str
    bold: bool = False
    italic: bool = False
    around: tuple[str, str] = ("", "")
    direction: str | None = None


def _pieces(runs) -> list[_Piece]:
    """The runs of the layout's markup (`parse_inline`) as pieces."""
    return [_Piece(r.text, bool(r.bold), bool(r.italic)) for r in runs]


def _direction(block: list[_Piece], way: str | None) -> str:
    """A block's direction: `way`, else its own text's (`bidi.paragraph_direction`), without
    the pieces that read their own way (a portion mark, citations)."""
    return way or paragraph_direction("".join(p.text for p in block if p.direction is None))


def _phrase_too_long(block: list[_Piece], width: float, size: float) -> bool:
    """True when a right-to-left phrase of a left-to-right block, kept on one line as
    ReportLab is given it (`fonts.bind_rtl_phrases`), is longer than a line."""
    bound = [dataclasses.replace(p, text=bind_rtl_phrases(p.text)) if needs_bidi(p.text)
             else p for p in block]
    return any(line.ends_in_word and needs_bidi(line.text)
               for line in tm.wrap(bound, width, size))


class _Heading(Paragraph):
    """A section heading: becomes a bookmark, an outline entry and a contents line.

    A heading taller than the room left (a 2,000-character title) is split like any paragraph;
    ReportLab makes the pieces with Paragraph's own arguments, and only the first piece is
    the bookmark and the contents line."""

    tag_role = "H2"  # under the cover's title, the document's one H1

    def __init__(self, text: str | None, style: ParagraphStyle, outline: str | None = None,
                 key: str | None = None, toc: bool = True, **paragraph_kw):
        super().__init__(text, style, **paragraph_kw)
        self.outline_text = outline
        self.outline_key = key
        self.in_toc = toc
        #: 0 for a part (and a section outside parts), 1 for a section under a part: the
        #: bookmarks' and the contents' level
        self.outline_level = 0

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        if len(parts) > 1:
            first = parts[0]
            first.outline_text, first.outline_key, first.in_toc = \
                self.outline_text, self.outline_key, self.in_toc
            first.outline_level = self.outline_level
        return parts


class _Anchor(Flowable):
    """An invisible outline entry (for the cover and the contents page)."""

    def __init__(self, outline: str, key: str):
        super().__init__()
        self.outline_text = outline
        self.outline_key = key
        self.in_toc = False

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class _Figure(Flowable):
    """A shared (cached) chart drawing placed as a flowable, without copying or changing it.

    The drawing is asked for only when the figure is drawn (`make`, exactly `width` x
    `height`): the first layout pass places it by its size while worker processes draw it."""

    tag_role = "Figure"

    def __init__(self, make: Callable[[], object], width: float, height: float,
                 alt: str = "Chart", least: float | None = None,
                 lower: Callable[[float], _Figure] | None = None) -> None:
        super().__init__()
        self.make = make
        self.width, self.height = width, height
        self.tag_alt = alt
        self.hAlign = "CENTER"
        #: the least height the figure may be laid out at to finish a page, and how
        #: (`_lowered`); a figure that cannot be laid out again keeps its height
        self.least = height if least is None or lower is None else least
        self.lower = lower

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return (self.width, self.height)

    def draw(self) -> None:
        draw_chart(self.make(), self.canv, 0, 0)


class _PageTotal(Flowable):
    """The page count for "3 / 12": an indexing flowable, so `multiBuild` runs another pass
    until the total drawn in the footers is the number of pages the pass produced."""

    def __init__(self) -> None:
        super().__init__()
        self.used = 0  # the total the current pass draws
        self.counted = -1  # the pages the last pass produced
        self.template: BaseDocTemplate | None = None

    def isIndexing(self) -> int:  # noqa: N802 (ReportLab's protocol)
        return 1

    def beforeBuild(self) -> None:  # noqa: N802
        if self.counted >= 0:
            self.used = self.counted

    def afterBuild(self) -> None:  # noqa: N802
        self.counted = self.template.page if self.template is not None else 0

    def isSatisfied(self) -> bool:  # noqa: N802
        if self.template is not None and self.template.last_pass_dry:
            return False  # a pass that drew nothing is never the one saved
        return self.used == self.counted

    def notify(self, kind: str, stuff: object) -> None:
        pass  # contents entries are for the TableOfContents, not for us

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class _Grid(Table):
    """A table whose rows move whole to the next page, except a row taller than a whole page
    (a 5,000-character word in a cell, a 2,000-character place in a timeline), which is cut
    between lines there, as ReportLab's `splitInRow` does, instead of failing the export.

    `page_room` is the frame height; a row is only ever cut when it could never fit."""

    page_room: float | None = None

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        if not parts and self._first_row_never_fits():
            self.splitInRow = 1
            try:
                parts = super().split(availWidth, availHeight)
            finally:
                self.splitInRow = 0
        for part in parts:
            if part is not self:
                part.splitInRow = 0
                part.page_room = self.page_room
        return parts

    def _first_row_never_fits(self) -> bool:
        if self.page_room is None:
            return False
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        heights = self._rowHeights
        if head >= len(heights):
            return False
        return heights[head] > self.page_room - sum(heights[:head]) + 1e-6


def _marked(flowable: Flowable, level: str | None) -> Flowable:
    """`flowable` tagged with the handling level of the portion it shows."""
    flowable.marking = level
    return flowable


def _rows_marked(table: Table, levels: list[str | None]) -> Table:
    """`table` tagged with one level per row (None for header rows)."""
    table.row_markings = list(levels)
    return table


def _levels_of(flowable: Flowable) -> list[str | None]:
    return [getattr(flowable, "marking", None), *getattr(flowable, "row_markings", ())]


def _no_draw(*_args, **_kwargs) -> None:
    pass


class _MarkingFrame(Frame):
    """A frame whose split pieces keep their portions' markings: a paragraph continued on the
    next page is still that portion, and each piece of a split table keeps its own rows'.

    While `dry`, flowables are placed but not drawn: the first layout pass only finds where
    everything goes (pages of headings, the page count), and its canvas is thrown away."""

    dry = False

    def _add(self, flowable: Flowable, canv, trySplit: int = 0) -> int:  # noqa: N803
        if not self.dry:
            if Tagger.of(canv) is None:
                return super()._add(flowable, canv, trySplit)
            draw_on = type(flowable).drawOn

            def tagged_draw_on(*args, **kwargs) -> None:  # inside its marked content
                draw_tagged(flowable, canv, lambda: draw_on(flowable, *args, **kwargs))

            flowable.drawOn = tagged_draw_on  # as below: the instance attribute, this call only
            try:
                return super()._add(flowable, canv, trySplit)
            finally:
                flowable.__dict__.pop("drawOn", None)
        flowable.drawOn = _no_draw  # this pass only: the instance attribute hides the method
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add

    def split(self, flowable: Flowable, canv) -> list[Flowable]:
        return _marked_parts(flowable, super().split(flowable, canv))


def _marked_parts(flowable: Flowable, parts: list[Flowable]) -> list[Flowable]:
    """The pieces a flowable split into, each marked as the portions it shows."""
    if isinstance(flowable, LongGrid):  # it marks its own pieces
        return parts
    level = getattr(flowable, "marking", None)
    rows = getattr(flowable, "row_markings", None)
    for part in parts:
        if level is not None and getattr(part, "marking", None) is None:
            part.marking = level
    if rows is not None:
        sizes = [len(getattr(p, "_cellvalues", ())) for p in parts]
        head = getattr(flowable, "repeatRows", 0) or 0
        head = head if isinstance(head, int) else len(head)
        if len(parts) == 2 and sizes[0] + sizes[1] == len(rows) + head:
            parts[0].row_markings = rows[:sizes[0]]
            parts[1].row_markings = rows[:head] + rows[sizes[0]:]
        elif len(parts) == 2 and sizes[0] + sizes[1] == len(rows) + head + 1:
            # a row cut between lines (`_Grid`): both pieces show part of that row
            parts[0].row_markings = rows[:sizes[0]]
            parts[1].row_markings = rows[:head] + rows[sizes[0] - 1:]
        else:  # an unusual split: every piece counts as the whole (never under-marked)
            for part in parts:
                part.row_markings = list(rows)
    return parts


#: the least of a block that may start at the foot of a page under its heading, or end at
#: the head of one above its "Sources:" line: two table rows or three lines of text
_LEAST_PIECE = 40.0
#: a block shorter than this (a short table, a few lines: about a fifth of a page) is never
#: split across pages: it moves on whole, leaving little room behind
_SHORT_BLOCK = 150.0
#: points a lowered chart leaves spare at the foot of its page (the frame rounds)
_FIT_SLACK = 1.0


def _height(flowables: list[Flowable], width: float, canv) -> float:
    """The height `flowables` take one under another in a frame `width` wide: ReportLab's
    frame puts the larger of one's space after and the next one's space before between them."""
    total, after = 0.0, None
    for f in flowables:
        if isinstance(f, KeepTogether):  # it reports a huge height, to be asked to split
            inner = f._content
            total += _height(inner, width, canv) + (max(after, inner[0].getSpaceBefore())
                                                    if after is not None and inner else 0.0)
            after = inner[-1].getSpaceAfter() if inner else after
            continue
        total += f.wrapOn(canv, width, 0xFFFFFF)[1]
        if after is not None:
            total += max(after, f.getSpaceBefore())
        after = f.getSpaceAfter()
    return total


def _gap(above: Flowable, below: Flowable) -> float:
    return max(above.getSpaceAfter(), below.getSpaceBefore())


def _at_top(flowable: Flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    return bool(getattr(frame, "_atTop", False))


def _split_piece(body: Flowable, width: float, height: float, canv) -> list[Flowable]:
    """`body` split to fill `height`, marked, when the piece that fits is worth a page's foot
    (`_LEAST_PIECE`) and so is the rest; [] otherwise (a figure, a kept group, a short block,
    too little room)."""
    if isinstance(body, KeepTogether) or height < _LEAST_PIECE \
            or _height([body], width, canv) < _SHORT_BLOCK:
        return []
    parts = body.splitOn(canv, width, height)
    if len(parts) != 2 or any(isinstance(p, ActionFlowable) for p in parts):
        return []
    first, rest = (_height([p], width, canv) for p in parts)
    if first < _LEAST_PIECE or rest < min(_LEAST_PIECE, first):
        return []
    return _marked_parts(body, parts)


def _lowered(block: Flowable, excess: float) -> Flowable | None:
    """`block` with its chart laid out `excess` points lower, when the chart may be that low
    (`briefing.layout.figure_fit`); None otherwise. The block is a chart's kept group (figure
    and caption), perhaps with its "Sources:" line (`_Tail`)."""
    if isinstance(block, _Tail):
        body = _lowered(block.body, excess)
        return None if body is None else _Tail(body, block.tail)
    if not isinstance(block, KeepTogether):
        return None
    content = list(block._content)
    for k, figure in enumerate(content):
        if isinstance(figure, (_Figure, _MapDrawing)) and figure.lower is not None:
            height = figure.height - excess
            if height < figure.least:
                return None
            content[k] = figure.lower(height)
            group = KeepTogether(content)
            group.__dict__.update({key: block.__dict__[key] for key in ("marking",)
                                   if key in block.__dict__})
            return group
    return None


def _spare(block: Flowable) -> float:
    """How many points lower `block`'s chart or map may be laid out (`_lowered`): 0 for a
    block without one."""
    if isinstance(block, _Tail):
        return _spare(block.body)
    for figure in block._content if isinstance(block, KeepTogether) else []:
        if isinstance(figure, (_Figure, _MapDrawing)) and figure.lower is not None:
            return max(0.0, figure.height - figure.least)
    return 0.0


def _unpacked(body: Flowable) -> tuple[Flowable, list[Flowable]]:
    """A section's first block and the "Sources:" line kept with it (`_Tail`), if any."""
    return (body.body, body.tail) if isinstance(body, _Tail) else (body, [])


def _requeue(flowables: list[Flowable]) -> list[Flowable]:
    """Split pieces handed back to be laid out one by one, as KeepTogether hands its own (the
    first piece of a split must otherwise fit where the frame is, and a group does not say so)."""
    return [NullActionFlowable(), *flowables]


class _Lead(Flowable):
    """A heading (and a caveat) kept with the start of the block under it, not with all of it.

    ReportLab's KeepTogether moves a heading and its whole table to the next page when they do
    not fit, leaving most of a page empty; this keeps them where they are when the first rows
    or lines fit under them, and moves them on together otherwise: a heading never ends a page."""

    def __init__(self, heads: list[Flowable], body: Flowable) -> None:
        super().__init__()
        self.heads, self.body = heads, body
        #: the next section's lead, when it follows this section's one block directly (set
        #: by `ReportRenderer.story`): this section's chart makes room for it (`_room_for_next`)
        self.following: _Lead | None = None

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return avail_w, 0xFFFFFF  # always asked to split, as KeepTogether is

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        whole = [*self.heads, self.body]
        # a block with its "Sources:" line: the line's own keeping decides where that goes
        block, tail = _unpacked(self.body)
        height = _height([*self.heads, block, *tail], avail_w, self.canv)
        above = 0.0 if _at_top(self) else self.heads[0].getSpaceBefore()  # the frame adds it
        if _at_top(self) or height + above <= avail_h:
            return _requeue([*self.heads,
                             self._room_for_next(avail_w, avail_h - above - height)])
        room = avail_h - _height(self.heads, avail_w, self.canv) - _gap(self.heads[-1], block)
        if _split_piece(block, avail_w, room, self.canv):
            return _requeue(whole)  # the frame splits the block where it would: the same place
        # a chart that does not fit the rest of the page is laid out lower to finish it, as
        # far as `figure_fit` allows; past that it goes on whole
        excess = _height([*self.heads, block, *tail], avail_w, self.canv) - avail_h \
            + self.heads[0].getSpaceBefore()  # the frame adds it below what is placed
        lowered = _lowered(self.body, excess + _FIT_SLACK)
        if lowered is not None:
            return _requeue([*self.heads, lowered])
        again = _Lead(self.heads, self.body)  # at the top of the next page, making room there
        again.following = self.following
        return [FrameBreak(), again]

    def _room_for_next(self, avail_w: float, room: float) -> Flowable:
        """This section's block, its chart laid out lower when that lets the next section
        start on this page: `room` points are left under this section, and the next one (a
        chart, a map, a short block: nothing that splits) does not fit them even with its own
        chart as low as `figure_fit` allows. The two charts are lowered in proportion to how
        far each may go. Without it a chart that fitted a page at its full height left the
        next chart section no room, and that page half empty (the Herat review's page 6)."""
        following, canv = self.following, self.canv
        mine = _spare(self.body)
        if following is None or mine <= 0.0:
            return self.body
        block, tail = _unpacked(following.body)
        if not isinstance(block, KeepTogether) and _height([block], avail_w, canv) >= _SHORT_BLOCK:
            return self.body  # it splits: its start fits the foot of the page, or it moves on
        mine_block, mine_tail = _unpacked(self.body)
        # the frame puts the whole space after this section's last line and the whole space
        # before the next heading between them (a requeued heading does not overlap them)
        need = _height([*following.heads, block, *tail], avail_w, canv) \
            + following.heads[0].getSpaceBefore() + (mine_tail or [mine_block])[-1].getSpaceAfter()
        theirs = _spare(following.body)
        short = need - room + _FIT_SLACK
        if short <= 0.0 or short > mine + theirs:
            return self.body  # it fits as it is, or not even with both charts at their least
        # this chart's share of the lowering and a point's slack (the frame rounds); the next
        # section's lead lowers its own chart by the rest (`split`)
        lowered = _lowered(self.body, min(mine, short * mine / (mine + theirs) + _FIT_SLACK))
        return self.body if lowered is None else lowered


class _Tail(Flowable):
    """A block whose last piece keeps its "Sources:" line: the line never starts a page alone.

    When the block fits but the line does not, the block is split so that a few of its rows or
    lines go over with the line; a block that cannot split goes over whole."""

    def __init__(self, body: Flowable, tail: list[Flowable]) -> None:
        super().__init__()
        self.body, self.tail = body, tail

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return avail_w, 0xFFFFFF

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        whole = [self.body, *self.tail]
        canv = self.canv
        height = _height(whole, avail_w, canv)
        if height <= avail_h:
            return _requeue(whole)
        lowered = None if _at_top(self) else _lowered(self.body, height - avail_h + _FIT_SLACK)
        if lowered is not None:  # a chart laid out lower to finish the page (see `_Lead`)
            return _requeue([lowered, *self.tail])
        if _height([self.body], avail_w, canv) > avail_h:  # the block goes on in any case
            parts = _split_piece(self.body, avail_w, avail_h, canv)
            return [parts[0], _Tail(parts[1], self.tail)] if parts else \
                _requeue(whole if _at_top(self) else [FrameBreak(), *whole])
        room = avail_h - _height(self.tail, avail_w, canv) - _gap(self.body, self.tail[0])
        parts = _split_piece(self.body, avail_w, room, canv)
        if parts:  # the rest and the line start the next page together
            return [*parts, *self.tail]
        return _requeue(whole if _at_top(self) else [FrameBreak(), *whole])


class _DocTemplate(BaseDocTemplate):
    def __init__(self, stream, renderer: ReportRenderer, **kw):
        super().__init__(stream, **kw)
        self.renderer = renderer
        self.page_levels: list[str | None] = []  # markings of what was laid out on this page
        self.passes = 0
        self.last_pass_dry = False
        self.headings = 0  # contents headings in the story, and placed in the dry pass
        self.headings_placed = 0

    def build(self, flowables, *args, **kwargs) -> None:
        """One layout pass; the first is dry (see `_MarkingFrame`): it is never the last, since
        the contents' page numbers and the page total are only known after it."""
        dry = self.passes == 0
        self.passes += 1
        for template in self.pageTemplates:
            for frame in template.frames:
                if isinstance(frame, _MarkingFrame):
                    frame.dry = dry
        self.last_pass_dry = dry
        super().build(flowables, *args, **kwargs)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        self.page_levels += _levels_of(flowable)
        key = getattr(flowable, "outline_key", None)
        if key is None:
            return
        if self.last_pass_dry and getattr(flowable, "in_toc", False) and self.headings:
            self.headings_placed += 1
            progress = self.renderer.progress
            if progress is not None:
                progress(f"laying out, section {self.headings_placed:,} of {self.headings:,}",
                         0.5 * self.headings_placed / self.headings)
        self.canv.bookmarkPage(key)
        level = getattr(flowable, "outline_level", 0)
        self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=False)
        if flowable.in_toc:
            # the contents line is Paragraph markup: escaped, with the fallback font where needed
            self.notify("TOCEntry", (level, self.renderer.contents_markup(
                flowable.outline_text, level), self.page, key))


def _tagging_canvas(drawn_as: dict[str, str], *args, **kwargs) -> Canvas:
    """A canvas for one layout pass, with its own tagger: only the last pass is saved."""
    canvas = Canvas(*args, **kwargs)
    Tagger().attach(canvas).drawn_as = drawn_as
    return canvas


def _expect_contents(story: list[Flowable], markup: Callable[[str, int], str]) -> None:
    """Give the contents its lines before the first pass (page numbers still unknown).

    The first pass then lays out a contents page as long as the final one, so the second pass
    finds every heading on the page the first put it on and the build stops there, instead of
    a third pass over the whole paper (a third of the time of a long paper)."""
    toc = next((f for f in story if isinstance(f, TableOfContents)), None)
    if toc is None:
        return
    toc.addEntries([(h.outline_level, markup(h.outline_text, h.outline_level), 0,
                     h.outline_key) for h in _headings(story) if h.in_toc])


def _headings(flowables: list[Flowable]):
    for f in flowables:
        if isinstance(f, _Heading):
            yield f
        else:  # KeepTogether and _Lead keep a heading with what follows it
            yield from _headings(getattr(f, "_content", None) or getattr(f, "heads", None) or [])


def _footnoted(section: m.Section) -> list[str]:
    """Sources the section's "Sources:" line cites: its own, and those cited only on its
    chart's values (which the figure does not print), as the deck's chart footnote does, and
    its key figures' (drawn in the band, so not links); judgments and events cite theirs
    inline."""
    ids = list(section.sources)
    for item in section.items if section.kind == "key_figures" else []:
        # a band's citations are drawn, not linked: its "Sources:" line links them
        ids += [*item.sources, *([item.value.source] if item.value.source else [])]
    if section.chart is not None:
        ids += [v.source for series in section.chart.series for v in series.values
                if v is not None and v.source]
    for place in section.places:  # cited in the map's labels too, as on the slide
        ids += place.sources
    return ids


class ReportRenderer:
    """Builds the paper; named styles in `self.styles`, fonts registered on construction."""

    def __init__(self, doc: m.Document, *, base_dir: Path | None = None,
                 theme: Theme | None = None, paper_size: str = "a4",
                 progress: Progress | None = None, edition: EditionMarks | None = None):
        register_fonts()
        self.edition = edition
        self.progress = progress
        self.page_size = page_size_for(paper_size)
        self.doc = resolve_markings(doc)  # every portion carries its effective level
        self.cover_marking = document_marking(self.doc)
        self.base_dir = base_dir
        self.theme = theme or paper_theme(doc)
        self.ink = paper_ink(self.theme)
        self.furniture = Furniture.for_document(doc, self.theme)
        self.numbers = citation_numbers(doc)
        self.drawn_as: dict[str, str] = {}  # see `Tagger.drawn_as`
        self.styles = self._styles()
        self.frame_width = self.page_size[0] - 2 * MARGIN_X
        self.top = self.furniture.reserved_top() + 40.0
        self.bottom = self.furniture.reserved_bottom() + 28.0
        self.frame_height = self.page_size[1] - self.top - self.bottom

    # --- styles ---------------------------------------------------------------------------

    def _styles(self) -> dict[str, ParagraphStyle]:
        ink = self.ink
        base = ParagraphStyle("body", fontName=MAIN.regular, bulletFontName=MAIN.regular,
                              fontSize=10.5, leading=14.5,
                              textColor=color(ink.text), spaceAfter=5,
                              allowWidows=0, allowOrphans=0)  # no line alone atop or at foot
        s = {"body": base}

        def add(name: str, **kw) -> None:
            s[name] = ParagraphStyle(name, parent=kw.pop("parent", base), **kw)

        add("cover_title", fontName=MAIN.bold, fontSize=28, leading=34, textColor=color(ink.heading),
            spaceAfter=12)
        add("cover_subtitle", fontSize=15, leading=20, spaceAfter=24)
        add("cover_meta", fontSize=11, leading=16, textColor=color(ink.muted), spaceAfter=2)
        add("cover_class", fontName=MAIN.bold, fontSize=12, leading=16, alignment=TA_CENTER,
            textColor=color(ink.banner_text), backColor=color(ink.banner), borderPadding=(6, 6, 6),
            spaceBefore=30)
        add("toc_title", fontName=MAIN.bold, fontSize=18, leading=22, textColor=color(ink.heading),
            spaceAfter=12)
        add("toc0", fontSize=11, leading=15, leftIndent=18, firstLineIndent=-18)
        add("toc1", fontSize=11, leading=15, leftIndent=36, firstLineIndent=-18)
        add("part", fontName=MAIN.bold, fontSize=20, leading=24, textColor=color(ink.heading),
            spaceBefore=24, spaceAfter=4)  # a part: kept with its first section's heading
        add("h1", fontName=MAIN.bold, fontSize=16, leading=20, textColor=color(ink.heading),
            spaceBefore=18, spaceAfter=6)  # kept with what follows by _Lead
        add("bullet", leftIndent=16, bulletIndent=4, spaceAfter=3)
        add("bullet2", leftIndent=32, bulletIndent=20, spaceAfter=2)
        add("caveat", fontName=MAIN.bold, fontSize=9.5, leading=13, textColor=color(ink.caveat_text),
            backColor=color(ink.caveat_fill), borderColor=color(ink.caveat_line), borderWidth=0.75,
            borderPadding=(4, 6, 4), leftIndent=6, rightIndent=6, spaceBefore=4, spaceAfter=10)
        add("caption", fontName=MAIN.italic, fontSize=9, leading=12, textColor=color(ink.muted),
            spaceBefore=4, spaceAfter=10)
        add("empty", fontName=MAIN.italic, textColor=color(ink.muted))
        add("cell", fontSize=9, leading=11.5, spaceAfter=0)
        add("judgment", spaceBefore=0, spaceAfter=0)  # body text: a judgment is the point
        add("cell_head", fontName=MAIN.bold, fontSize=9, leading=11.5, spaceAfter=0,
            textColor=color(ink.header_text))
        # a table whose longest words do not fit side by side at 9 pt (`tables.words_fit`)
        add("cell_small", parent=s["cell"], fontSize=SMALL_CELL, leading=SMALL_CELL * 1.28)
        add("cell_head_small", parent=s["cell_head"], fontSize=SMALL_CELL,
            leading=SMALL_CELL * 1.28)
        add("tag", fontName=MAIN.bold, fontSize=8.5, leading=10.5, alignment=TA_CENTER,
            textColor=color("FFFFFF"), spaceAfter=0)
        add("quote", fontName=MAIN.italic, fontSize=14, leading=19, leftIndent=24,
            rightIndent=24, spaceBefore=6, spaceAfter=6)
        add("quote_by", fontSize=10, leading=14, leftIndent=24, textColor=color(ink.muted))
        add("cite", fontSize=8.5, leading=11, textColor=color(ink.muted), spaceBefore=2,
            spaceAfter=4)
        add("endnote", fontSize=9.5, leading=13, leftIndent=20, firstLineIndent=-20,
            spaceAfter=5, alignment=TA_LEFT)
        add("endnote_head", fontSize=9.5, leading=13, textColor=color(ink.heading),
            spaceBefore=6, spaceAfter=5, keepWithNext=1)
        for name in HEADING_STYLES:  # in the heading font, the rest in the body font
            s[name].fontName = HEADING.bold
        return s

    # --- building ---------------------------------------------------------------------------

    def build(self, stream: BinaryIO) -> None:
        """Lay out in passes until contents and "3 / 12" are both right; write the last."""
        counter = _PageTotal()
        untagged = io.BytesIO()
        template = self._template(untagged, counter)
        counter.template = template
        story = self.story()
        _expect_contents(story, self.contents_markup)
        template.headings = sum(1 for h in _headings(story) if h.in_toc)
        template.multiBuild([counter, *story],
                            canvasmaker=lambda *a, **kw: _tagging_canvas(self.drawn_as, *a, **kw))
        finish(untagged.getvalue(), Tagger.of(template.canv), stream)

    def _template(self, stream: BinaryIO, counter: _PageTotal) -> _DocTemplate:
        d = self.doc
        template = _DocTemplate(
            stream, self, pagesize=self.page_size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=self.top, bottomMargin=self.bottom, title=d.title, author=d.author or "",
            subject=d.subtitle or SUBJECT, creator="Briefing Desk", invariant=1,
            initialFontName=MAIN.regular, displayDocTitle=1, lang="en")
        frame = _MarkingFrame(MARGIN_X, self.bottom, self.frame_width, self.frame_height,
                              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                              id="body")

        def furniture(canvas, template_doc) -> None:
            draw_furniture(canvas, self.furniture, template_doc.page, counter.used,
                           self.page_size[0], self.page_size[1], margin=MARGIN_X,
                           marking=self.page_marking(template_doc.page_levels))

        def on_page(canvas, template_doc) -> None:
            set_metadata(canvas, d, d.subtitle or SUBJECT)
            template_doc.page_levels = []
            if not d.markings:  # nothing to roll up: drawn first, as ever (same bytes)
                furniture(canvas, template_doc)

        def on_page_end(canvas, template_doc) -> None:
            if d.markings:  # drawn last, when the page's content (its highest level) is known
                furniture(canvas, template_doc)
            if self.progress is not None and not template_doc.last_pass_dry and counter.used:
                pages_done(lambda what, f: self.progress(what, 0.5 + 0.5 * f),
                           template_doc.page, counter.used, "page")

        template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page,
                                                onPageEnd=on_page_end)])
        return template

    def page_marking(self, levels: list[str | None]) -> str | None:
        """The highest level laid out on a page; the lowest declared one for a page showing no
        marked portion."""
        level = highest(self.doc, levels)
        if level is None and self.doc.markings:
            return self.doc.markings[0]
        return level

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self._cover()
        sections = self.doc.included_sections
        if sections:
            listed = highest(self.doc, [s.marking for s in sections])
            story.append(_Anchor("Contents", "contents"))
            story.append(_marked(_role(Paragraph("Contents", self.styles["toc_title"]), "H2"),
                                 listed))
            toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle([
                ("FONT", (0, 0), (-1, -1), MAIN.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            toc.levelStyles = [self.styles["toc0"], self.styles["toc1"]]
            toc.tag_role = "TOC"
            story.append(_marked(toc, listed))
            story.append(PageBreak())
        number = 0
        for k, group in enumerate(included_groups(self.doc), start=1):
            before: _Lead | None = None  # the lead of a one-block section just above
            if group.title is not None:
                story += self._part(k, group)
            for section in group.sections:
                number += 1
                flow = self._section(number, section, under_part=group.title is not None)
                if before is not None:
                    before.following = flow[1]
                before = flow[1] if len(flow) == 2 else None
                story += flow
        story += self._endnotes()
        return story

    # --- text helpers ---------------------------------------------------------------------

    def _t(self, text: str | None, bold: bool = False, italic: bool = False,
           direction: str | None = None) -> str:
        markup = fallback_markup(text or "", bold, italic, direction)
        if text and has_arabic(text):  # drawn shaped, right to left: remember it as written
            drawn = unescape(re.sub("<[^>]*>", "", markup))
            self.drawn_as[" ".join(drawn.split(" ")).strip(" ")] = text.strip(" ")
        return markup

    def _heading_pieces(self, text: str | None, marking: str | None = None) -> list[_Piece]:
        """A heading's text (`HEADING_STYLES`) after its portion mark, as pieces: the title
        reads its own way inside the heading (`_heading`)."""
        return [*self._mark_pieces(marking),
                _Piece(text or "", bold=True, direction=paragraph_direction(text or ""))]

    def _mark(self, marking: str | None) -> str:
        """The portion mark "(PU) " before a paragraph, as on the slides ('' unless asked for)."""
        mark = portion_mark(self.doc, marking).strip()
        return f"<b>{self._t(mark, bold=True)}</b> " if mark else ""

    def _runs(self, runs) -> str:
        out = []
        way = paragraph_direction("".join(run.text for run in runs))  # one for all its runs
        for run in runs:
            piece = self._t(run.text, run.bold, run.italic, direction=way)
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.bold:
                piece = f"<b>{piece}</b>"
            out.append(piece)
        return "".join(out)

    # --- text that may hold right-to-left script -------------------------------------------

    def _set(self, blocks: list[list[_Piece]], style: ParagraphStyle, *,
             way: str | None = None, cls: type[Paragraph] | None = None,
             **kw) -> Paragraph:
        """A paragraph of `blocks` (each on lines of its own: a place, then an actor), every
        text of the paper that may hold right-to-left script set the one way.

        A block that reads right to left, or holds a right-to-left phrase longer than a line,
        is broken into lines first (the layout's breaker, `text.metrics.wrap`, at the width
        the paragraph is wrapped to) and each line then put in drawing order, its pieces in
        the block's direction (`bidi.visual_pieces`): reordered whole before ReportLab broke
        it, a Persian judgment of three lines printed its last words on its first line. Other
        text is ReportLab's to break, as ever. `way`: the direction of every block (a
        heading's and a source entry's, the briefing's), else each block's own."""
        blocks = [b for b in blocks if any(p.text for p in b)] or [[_Piece("")]]
        heading = style.name in HEADING_STYLES
        with as_heading(heading):
            text = "<br/>".join(self._line_markup(b, _direction(b, way)) for b in blocks)
        para = (cls or Paragraph)(text, style, **kw)
        para.one_line = text
        if any(needs_bidi(p.text) for b in blocks for p in b):
            para.set_lines = lambda width: self._set_lines(blocks, width, style, way, heading)
        return para

    def _set_lines(self, blocks: list[list[_Piece]], width: float, style: ParagraphStyle,
                   way: str | None, heading: bool) -> tuple[str, int] | None:
        """`blocks` as markup of lines broken here for `width`, and their number; None where
        ReportLab may break them (`_set`)."""
        bold = style.fontName in (MAIN.bold, MAIN.bold_italic, HEADING.bold,
                                  HEADING.bold_italic)
        italic = style.fontName in (MAIN.italic, MAIN.bold_italic, HEADING.italic,
                                    HEADING.bold_italic)
        size = style.fontSize
        with as_heading(heading):
            measured = [[dataclasses.replace(p, bold=p.bold or bold, italic=p.italic or italic)
                         for p in b] for b in blocks]
            directions = [_direction(b, way) for b in blocks]
            if not any(d == "rtl" or _phrase_too_long(b, width, size)
                       for b, d in zip(measured, directions, strict=True)):
                return None
            lines = []
            for block, shown, direction in zip(blocks, measured, directions, strict=True):
                for line in tm.wrap(shown, width, size):
                    pieces = line.shown_pieces
                    lines.append("".join(
                        self._piece(block[pieces[k][0]], text, direction)
                        for k, text, _way in visual_pieces([t for _i, t in pieces], direction)))
        return "<br/>".join(lines), len(lines)

    def contents_markup(self, text: str, level: int) -> str:
        """A contents line ("2. ارزیابی‌ها", its section number first) as a list entry of the
        briefing, read in its direction (`wording.entry_direction`): reordered as a Persian
        line it printed "ارزیابی‌ها .2". Set here in lines (`_set`) where a right-to-left
        phrase is longer than one: ReportLab's contents make their own paragraph of it, as
        wide as the frame less the level's indent and the page number's room."""
        style = self.styles[f"toc{min(level, 1)}"]
        para = self._set([[_Piece(text)]], style, way=entry_direction(None))
        width = self.frame_width - style.leftIndent - style.rightIndent - _PAGE_NUMBER_ROOM
        made = para.set_lines(width * tm.WIDTH_SAFETY) if para.set_lines else None
        return made[0] if made else para.text

    def _line_markup(self, block: list[_Piece], direction: str) -> str:
        """One block as one line's markup, its pieces in drawing order."""
        return "".join(self._piece(block[k], text, direction)
                       for k, text, _way in visual_pieces([p.text for p in block], direction))

    def _piece(self, piece: _Piece, text: str, direction: str) -> str:
        markup = self._t(text, piece.bold, piece.italic, direction=piece.direction or direction)
        if piece.italic:
            markup = f"<i>{markup}</i>"
        if piece.bold:
            markup = f"<b>{markup}</b>"
        return f"{piece.around[0]}{markup}{piece.around[1]}"

    def _mark_pieces(self, marking: str | None) -> list[_Piece]:
        """The portion mark "(PU) " before a paragraph (`_mark`), as pieces."""
        mark = portion_mark(self.doc, marking).strip()
        return [_Piece(mark, bold=True, direction="ltr"), _Piece(" ", direction="ltr")] \
            if mark else []

    def _cite_pieces(self, ids: list[str]) -> list[_Piece]:
        """The citations after a paragraph (`_cites`), as pieces."""
        out: list[_Piece] = []
        for n in sorted({self.numbers[i] for i in ids if i in self.numbers}):
            link = f'<super><a href="#src-{n}" color="#{self.ink.heading}">', "</a></super>"
            out += [_Piece("\u00a0", around=("<super>", "</super>") if out else ("", ""),
                           direction="ltr"),
                    _Piece(f"[{n}]", around=link, direction="ltr")]
        return out

    def _cites(self, ids: list[str]) -> str:
        nums = sorted({self.numbers[i] for i in ids if i in self.numbers})
        if not nums:
            return ""
        # "[1] [2]" as on the slides, bound to the word before (no line breaks inside)
        links = "&nbsp;".join(f'<a href="#src-{n}" color="#{self.ink.heading}">[{n}]</a>'
                              for n in nums)
        return f"&nbsp;<super>{links}</super>"

    # --- cover and endnotes ---------------------------------------------------------------

    def _cover(self) -> list[Flowable]:
        d, s = self.doc, self.styles
        out: list[Flowable] = [_marked(_Anchor(d.title, "cover"), self.cover_marking),
                               Spacer(1, 110),
                               _role(self._set([[_Piece(d.title, bold=True)]], s["cover_title"]),
                                     "H1", text=d.title)]
        if d.subtitle:
            out.append(self._set([[_Piece(d.subtitle)]], s["cover_subtitle"]))
        out.append(Paragraph(f"As of {self._t(m.format_date(d.as_of))}", s["cover_meta"]))
        if d.author:
            out.append(self._set([[_Piece(d.author)]], s["cover_meta"]))
        banner = self.furniture.banner(self.cover_marking)
        if banner:
            out.append(Paragraph(self._t(banner, bold=True), s["cover_class"]))
        out.append(PageBreak())
        return out

    def _endnotes(self) -> list[Flowable]:
        by_number = sorted((n, sid) for sid, n in self.numbers.items())
        if not by_number:
            return []
        s = self.styles
        heading = _Heading("Sources", s["h1"], "Sources", "sources")
        out: list[Flowable] = []
        consulted = {src.id for src in also_consulted(self.doc)}
        for n, sid in by_number:
            src = self.doc.source_by_id(sid)
            if src is None:
                continue
            if sid in consulted and not any(getattr(f, "also_consulted", False) for f in out):
                # the uncited sources under their heading, numbered on, as on the sources slide
                head = Paragraph(f"<b>{self._t(ALSO_CONSULTED, bold=True)}</b>",
                                 s["endnote_head"])
                head.also_consulted = True
                head.keepWithNext = True
                out.append(head)
            # worded and ordered as on the sources slide: each piece in the entry's direction
            words = source_words(src, self.doc.language)
            entry = [_Piece(f"{n}.\u00a0\u00a0", around=(f'<a name="src-{n}"/>', ""),
                            direction="ltr"), *self._mark_pieces(src.marking),
                     _Piece(words.title, bold=True)]
            if words.origin:
                entry.append(_Piece(" " + words.origin))
            if src.url:
                link = ("", "")
                if _LINKABLE.match(src.url):  # a live link only for a plain web or mail address
                    href = escape(src.url, {'"': "&quot;"})
                    link = (f'<a href="{href}" color="#{self.ink.heading}">', "</a>")
                entry += [_Piece(" "), _Piece(words.url, around=link), _Piece(words.url_stop)]
            if words.grade:
                entry.append(_Piece(" " + words.grade))
            out.append(_marked(self._set([entry], s["endnote"], way=words.direction),
                               src.marking))
        return [CondPageBreak(120), _Lead([heading], out[0]), *out[1:]] if out else []

    # --- sections ---------------------------------------------------------------------------

    def _part(self, k: int, group: Group) -> list[Flowable]:
        """A part's heading: a level-1 heading (H1, a top bookmark and contents line) with
        its sections' headings under it, kept at a page's foot only with room for them. Its
        title is as restricted as the section that names it (`model.groups`)."""
        opener = group.sections[0].marking
        heading = self._set([self._heading_pieces(group.title, opener)], self.styles["part"],
                            way=entry_direction(None), cls=_Heading, outline=group.title,
                            key=f"part-{k}")
        heading.tag_role = "H1"
        heading.tag_text = group.title
        return [CondPageBreak(200), _marked(heading, opener)]

    def _section(self, number: int, section: m.Section, under_part: bool = False
                 ) -> list[Flowable]:
        s = self.styles
        title = f"{number}. {section.title}"
        heading = self._set([[_Piece(f"{number}.\u00a0\u00a0", direction="ltr"),
                              *self._heading_pieces(section.title, section.marking),
                              *self._edition_tag(section)]],
                            s["h1"], way=entry_direction(None), cls=_Heading,
                            outline=title, key=f"sec-{number}")
        heading.outline_level = 1 if under_part else 0
        out: list[Flowable] = [CondPageBreak(90), heading]
        if section.caveat:
            caveat = [dataclasses.replace(r, bold=True) for r in parse_inline(section.caveat)]
            own = paragraph_direction(section.caveat)
            out.append(self._set([[_Piece("Caveat: ", direction="ltr"),
                                   *(dataclasses.replace(p, direction=own)
                                     for p in _pieces(caveat))]],
                                 s["caveat"], way="ltr"))
        for flowable in out[1:]:
            _marked(flowable, section.marking)
        body = {
            "summary": self._prose, "text": self._prose, "judgments": self._judgments,
            "timeline": self._timeline, "chart": self._chart, "table": self._table,
            "quote": self._quote, "image": self._image, "key_figures": self._key_figures,
            "map": self._map,
        }.get(section.kind, self._prose)
        content = [f if _levels_of(f) != [None] else _marked(f, section.marking)
                   for f in body(section)] or [_marked(self._nothing_yet(section),
                                                       section.marking)]
        cites = self._cites(_footnoted(section)).replace("<super>", "").replace("</super>", "")
        # a quotation's speaker line ends the quotation's page, never starts a page alone
        tail = [content.pop()] if section.kind == "quote" and len(content) == 2 else []
        if cites:  # the "Sources:" line ends the last block's page, never starts a page alone
            tail.append(_marked(Paragraph(f"Sources:{cites}", s["cite"]), section.marking))
        if tail:
            content[-1] = _Tail(content[-1], tail)
        # the heading never ends a page alone: it goes with the caveat and the first block's start
        return [out[0], _Lead(out[1:], content[0]), *content[1:]]

    def _edition_tag(self, section: m.Section) -> list[_Piece]:
        """'NEW' or 'UPDATED' after the heading of a section changed since the previous
        edition, in the slides' words and colours (`layout.frame.EDITION_TAGS`)."""
        status = self.edition.status(section.id) if self.edition is not None else None
        if status not in EDITION_TAGS:
            return []
        t = self.theme
        tag = (f'<font size="9" color="#{t.accent_text.lstrip("#")}" '
               f'backColor="#{t.accent.lstrip("#")}">', "</font>")
        return [_Piece("\u00a0\u00a0", direction="ltr"),
                _Piece(f"\u00a0{EDITION_TAGS[status]}\u00a0", around=tag, direction="ltr")]

    def _nothing_yet(self, section: m.Section) -> Flowable:
        """What an empty section shows: "No events yet.", worded as on the slides."""
        what = _EMPTY_WORDS.get(section.kind, "content")
        return Paragraph(f"No {what} yet.", self.styles["empty"])

    def _prose(self, section: m.Section) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = []
        group: object | None = None  # the list the bullets in a row belong to
        blocks = parse_markup(section.text)
        levels = self._line_levels(section, len(blocks))
        for block, level in zip(blocks, levels, strict=True):
            style = s[("body", "bullet", "bullet2")[block.level]]
            glyph = (None, "\u2022", "\u2013")[block.level]
            group = (group or object()) if block.level else None
            if sum(len(r.text) for r in block.runs) <= _LONG_PARAGRAPH \
                    or paragraph_direction("".join(r.text for r in block.runs)) == "rtl":
                para = self._set([[*self._mark_pieces(level), *_pieces(block.runs)]], style,
                                 bulletText=glyph)
                out.append(_marked(_item(para, group), level))
                continue
            # ReportLab breaks the rest of a paragraph again on every page it continues on:
            # a very long one goes in pieces of a few dozen lines, cut where its lines break
            width = self.frame_width - style.leftIndent
            pieces = line_groups(block.runs, width, style.fontSize, _LINES_PER_PIECE)
            for k, runs in enumerate(pieces):
                piece_style = ParagraphStyle(
                    f"{style.name}-piece", parent=style,
                    spaceBefore=style.spaceBefore if k == 0 else 0,
                    spaceAfter=style.spaceAfter if k == len(pieces) - 1 else 0)
                text = (self._mark(level) if k == 0 else "") + self._runs(runs)
                piece = Paragraph(text, piece_style, bulletText=glyph if k == 0 else None)
                if k:  # the pieces of one paragraph are one element
                    piece.tag_key = out[-1].__dict__.setdefault("tag_key", object())
                out.append(_marked(_item(piece, group), level))
        return out

    def _line_levels(self, section: m.Section, count: int) -> list[str | None]:
        """Each line's level: the change list's own (`EditionMarks.lines`), else the
        section's; the page is marked with the highest of the lines laid out on it."""
        if self.edition is None:
            return [section.marking] * count
        return self.edition.line_levels(section.id, count, section.marking)

    def _judgments(self, section: m.Section) -> list[Flowable]:
        s = self.styles
        rows, styles = [], []
        for i, item in enumerate(section.items):
            fill = self.theme.confidence_color(item.confidence)
            words = f"{item.confidence.capitalize()}<br/>confidence"
            tag = Paragraph(f'<font color="#{self.ink.tag_text(fill)}">{words}</font>', s["tag"])
            text = self._set([[*self._mark_pieces(item.marking), *_pieces(parse_inline(item.text)),
                               *self._cite_pieces(item.sources)]], s["judgment"])
            rows.append([tag, text])
            styles.append(("BACKGROUND", (0, i), (0, i),
                           color(fill)))
        if not rows:
            return []
        table = self._new_grid(rows, colWidths=[78, self.frame_width - 78], hAlign="LEFT",
                               renderCB=TableTags(header_rows=0, roles=TableTags.LIST))
        _rows_marked(table, [item.marking for item in section.items])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), MAIN.regular),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (1, 0), (1, -1), 10),
            ("LINEBELOW", (0, 0), (-1, -2), 0.5, color("D0D5DA")),
            *styles,
        ]))
        return [table]

    def _key_figures(self, section: m.Section) -> list[Flowable]:
        """The slide's bands (`layout.keyfigures`), decided for the paper's width and drawn at
        `PAPER_SCALE`; one flowable a band, marked with its highest figure."""
        if not section.items:
            return []
        t = self.theme
        style = keyfigures.Style(number=t.accent, text=t.text, muted=t.muted, rule=t.accent)
        figures = []
        for item in section.items:
            qualifier, number, unknown = keyfigures.figure_words(item.value)
            ids = [*item.sources, *([item.value.source] if item.value.source else [])]
            cites = " ".join(f"[{n}]" for n in sorted({self.numbers[i] for i in ids
                                                       if i in self.numbers}))
            figures.append(keyfigures.Figure(qualifier, number, item.label, cites,
                                             portion_mark(self.doc, item.marking), item.marking,
                                             unknown))
        scale = keyfigures.PAPER_SCALE
        width = self.frame_width / scale
        plan = keyfigures.plan(figures, width, lambda _k: self.frame_height / scale, style)
        out: list[Flowable] = []
        for j, band in enumerate(plan.bands):
            elements = keyfigures.band_elements(figures, plan, j, 0.0, 0.0, width, style)
            level = highest(self.doc, [section.items[i].marking for i in band])
            out.append(_marked(_Band(elements, width, plan.heights[j], scale, self.theme),
                               level))
        return out

    def _new_grid(self, data: list[list[Flowable]], **kw) -> _Grid:
        kw.setdefault("renderCB", TableTags(header_rows=0))
        table = _Grid(data, **kw)
        table.page_room = self.frame_height
        return table

    def _grid(self, header: list[str], rows: list[list[Flowable]], widths: list[float],
              row_markings: list[str | None] | None = None, head_style: str = "cell_head"
              ) -> Flowable:
        """A table of `rows` under a `header` repeated on every page it continues on; a long
        one is laid out a window of rows at a time (`LongGrid`)."""
        levels = row_markings or [None] * len(rows)
        tags = TableTags(header_rows=1)  # one Table element, however many pieces
        if len(rows) <= LONG_TABLE_ROWS:
            return self._grid_rows(header, rows, widths, levels, 0, tags, head_style)
        return LongGrid(lambda start, stop: self._grid_rows(header, rows[start:stop], widths,
                                                            levels[start:stop], start, tags,
                                                            head_style),
                        len(rows), self.frame_height, levels)

    def _grid_rows(self, header: list[str], rows: list[list[Flowable]], widths: list[float],
                   levels: list[str | None], first: int, tags: TableTags | None = None,
                   head_style: str = "cell_head") -> Table:
        """The header and `rows`, the first of which is data row `first` of its table (the
        stripes go by the table's rows)."""
        s = self.styles
        head = [Paragraph(self._t(h, bold=True), s[head_style]) for h in header]
        # a header row repeats on every page, unless it would take most of one (long headings
        # in narrow columns): then it is an ordinary first row, cut across pages if need be
        tall = max(p.wrap(w - 12, self.frame_height)[1] for p, w in zip(head, widths, strict=True))
        repeat = 1 if tall + 9 <= self.frame_height / 3 else 0
        data = [head, *rows]
        table = self._new_grid(data, colWidths=widths, repeatRows=repeat, hAlign="LEFT",
                               renderCB=tags or TableTags(header_rows=1))
        cmds = [
            ("FONT", (0, 0), (-1, -1), MAIN.regular),
            ("BACKGROUND", (0, 0), (-1, 0), color(self.ink.header_fill)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, color(self.ink.grid)),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        for r in range(1, len(data)):
            if (first + r) % 2 == 0:
                cmds.append(("BACKGROUND", (0, r), (-1, r), color(self.ink.stripe)))
        table.setStyle(TableStyle(cmds))
        return _rows_marked(table, [None, *levels])

    def _timeline(self, section: m.Section) -> list[Flowable]:
        s = self.styles
        rows = []
        for event in section.events:
            when = [[_Piece(m.format_date(event.date))], [_Piece(event.time or "", italic=True)]]
            who = [[_Piece(x)] for x in place_and_actor(event.place, event.actor)]
            number = place_numbers(self.doc).get(event.place_ref or "")
            if number is not None:  # the map's marker number, as on the slides
                who.insert(0, [_Piece(f"Map {number}", bold=True)])
            what = [*self._mark_pieces(event.marking), *_pieces(parse_inline(event.text))]
            cites = self._cites(event.sources).replace("<super>", "").replace("</super>", "")
            rows.append([self._set(when, s["cell"]), self._set(who, s["cell"]),
                         self._set([what], s["cell"]),
                         Paragraph(cites.removeprefix("&nbsp;"), s["cell"])])
        if not rows:
            return []
        header = [*TIMELINE_COLUMNS, "Sources"]
        places = place_numbers(self.doc)
        texts = [[m.format_date(e.date) + (f"\n{e.time}" if e.time else ""),
                  "\n".join([*([f"Map {places[e.place_ref]}"] if e.place_ref in places else []),
                             *place_and_actor(e.place, e.actor)]),
                  e.text, " ".join(f"[{n}]" for n in sorted({self.numbers[i] for i in e.sources
                                                              if i in self.numbers}))]
                 for e in section.events]
        # the date column as wide as the longest date, which never breaks ("27 September
        # 2020"); no column narrower than its longest word (`tables.word_widths`)
        size = s["cell"].fontSize
        least = tables.word_widths(header, texts, size)
        date_w = max((string_width(m.format_date(e.date), size)
                      for e in section.events), default=0.0)
        widths = tables.fixed_widths([max(92.0, date_w + 14.0), 118.0, None, 48.0], least,
                                     self.frame_width)
        return [self._grid(header, rows, widths,
                           [event.marking for event in section.events])]

    def _table(self, section: m.Section) -> list[Flowable]:
        table = section.table
        if table is None or not table.columns or not table.rows:
            return []  # a header row alone reads as a cut-off table: say "No table rows yet."
        s = self.styles
        n = len(table.columns)
        cells = [(list(row.cells) + [""] * n)[:n] for row in table.rows]
        markings = [row.marking for row in table.rows]
        groups = column_groups(n, int(self.frame_width // MIN_COLUMN_WIDTH))
        groups = tables.word_parts(table.columns, [[str(c or "") for c in r] for r in cells],
                                   self.frame_width, SMALL_CELL, groups)
        out: list[Flowable] = []
        for k, cols in enumerate(groups, start=1):
            if len(groups) > 1:
                out.append(Paragraph(f"Part {k} of {len(groups)} "
                                     f"(columns {_column_span(cols)} of {n})", s["cite"]))
            header = [table.columns[c] for c in cols]
            texts = [[(portion_mark(self.doc, row.marking) if i == 0 else "")
                      + str(values[c] or "") for i, c in enumerate(cols)]
                     for row, values in zip(table.rows, cells, strict=True)]
            # measured as drawn, as the slides' tables are: no word broken between letters,
            # at 9 pt where the longest words fit side by side, else at 8
            small = not tables.words_fit(header, texts, self.frame_width, s["cell"].fontSize)
            cell, head = ("cell_small", "cell_head_small") if small else ("cell", "cell_head")
            rows = []
            for row, values in zip(table.rows, cells, strict=True):
                mark = self._mark_pieces(row.marking)
                rows.append([self._set([[*(mark if i == 0 else []),
                                         *_pieces(parse_inline(str(values[c] or "")))]], s[cell])
                             for i, c in enumerate(cols)])
            widths = tables.column_widths(header, texts, self.frame_width, s[cell].fontSize)
            out.append(self._grid(header, rows, widths, markings, head))
        return out

    def _chart_size(self) -> tuple[float, float]:
        width = self.frame_width
        return width, min(width * 0.56, self.frame_height * 0.6)

    def _chart(self, section: m.Section) -> list[Flowable]:
        if section.chart is None:
            return []
        width, height = self._chart_size()
        level = highest(self.doc, [section.marking, *(x.marking for x in section.chart.series)])
        # as on the slides (largest + "Other"), columns or bars judged by the paper's frame
        chart, grouping = chart_as_drawn(section.chart, width, PAPER_CHART_FONT)
        alt = chart_summary(section.chart, section.title, width, PAPER_CHART_FONT)
        pieces, axis_max = [chart], None
        if chart.type in ("bar", "stacked-bar"):  # as tall as its rows; split past a page
            per = bar_rows_per_figure(chart, width, self.frame_height * 0.85, PAPER_CHART_FONT)
            pieces = chart_slices(chart, per)
            if len(pieces) > 1:
                axis_max = shared_axis_max(chart)
        out: list[Flowable] = []
        first = 1
        for piece in pieces:
            tall = height
            if piece.type in ("bar", "stacked-bar"):
                tall = min(max(height, bar_chart_height(piece, width, PAPER_CHART_FONT)),
                           self.frame_height * 0.85)
            drawing = self._figure(piece, width, tall, alt, level, axis_max)
            caption = self._chart_caption(section, level, grouping, piece, width, tall)
            if len(pieces) > 1:
                last = first + len(piece.categories) - 1
                caption.append(_Piece(f" Categories {first}\u2013{last} of "
                                      f"{len(chart.categories)}.", direction="ltr"))
                first = last + 1
            out.append(KeepTogether([drawing, _marked(self._set([caption], self.styles["caption"],
                                                              way="ltr"), level)]))
        return out

    def _figure(self, chart: m.Chart, width: float, height: float, alt: str,
                level: str | None, axis_max: float | None) -> Flowable:
        def figure(tall: float) -> _Figure:  # laid out by the chart layout at that height
            return _marked(_Figure(lambda: chart_drawing(chart, self.theme, width, tall,
                                                         font_size=PAPER_CHART_FONT,
                                                         axis_max=axis_max),
                                   width, tall, alt, least_chart_height(chart, width, height),
                                   figure), level)

        return figure(height)

    def _chart_caption(self, section: m.Section, level: str | None, grouping: str | None,
                       drawn: m.Chart, width: float, height: float) -> list[_Piece]:
        """The figure's caption, as pieces each reading its own way after "Figure."; `drawn`
        is the chart as drawn (`width` x `height`), whose segments too small for their
        labels it names."""
        chart = section.chart

        def own(text: str, **kw) -> _Piece:  # without its spaces, which are the caption's
            return _Piece(text, direction=paragraph_direction(text), **kw)

        space = _Piece(" ", direction="ltr")

        caption = [*self._mark_pieces(level), _Piece("Figure.", bold=True, direction="ltr"),
                   _Piece(" ", direction="ltr"), own(section.title, italic=True)]
        if chart.unit:
            caption += [_Piece(" (", direction="ltr"), own(chart.unit),
                        _Piece(")", direction="ltr")]
        caption.append(_Piece(".", direction="ltr"))
        unlabelled = unlabelled_note(drawn, unlabelled_segments(drawn, width, height,
                                                                PAPER_CHART_FONT))
        # the values of segments too small for their labels, as on the slides
        caption += [piece for x in (chart.note, grouping, unlabelled) if x
                    for piece in (space, own(x))]
        was = self.edition.was.get(section.id, {}) if self.edition and section.id else {}
        changed = was_note(chart, was, m.format_date(self.edition.since)) \
            if was and self.edition else None
        if changed:
            caption += [space, own(changed, bold=True)]
        return caption

    def _quote(self, section: m.Section) -> list[Flowable]:
        q = section.quote
        if q is None or not q.text.strip():
            return []
        s = self.styles
        out: list[Flowable] = [_role(self._set([[*self._mark_pieces(section.marking),
                                                  _Piece(f"\u201c{q.text}\u201d", italic=True)]],
                                                s["quote"]), "BlockQuote")]
        by = ", ".join(x for x in (q.speaker, m.format_date(q.date)) if x)
        if by:
            out.append(self._set([[_Piece("\u2014 ", direction="ltr"),
                                   _Piece(by, direction=paragraph_direction(by))]],
                                 s["quote_by"], way="ltr"))
        return out

    def _image(self, section: m.Section) -> list[Flowable]:
        img = section.image
        if img is None or not img.path:
            return [self._placeholder("Image not available: no file set")]  # as on the slides
        path = image_file(self.base_dir, img.path)
        picture = load_picture(path)
        if picture is None:
            # as on the slides: a visible placeholder, never a silent hole or a failed export
            return [self._placeholder(f"Image not available: {img.path}")]
        w, h = picture.size
        scale = min(self.frame_width / w, self.frame_height * 0.6 / h)
        flow = _Picture(path, w * scale, h * scale, self.ink.missing)
        flow.tag_alt = img.alt or img.caption or f"Picture: {img.path}"
        caption = [_Piece(img.caption or img.alt or "")]
        if img.credit:
            caption.append(_Piece(f" ({img.credit})" if caption[0].text else img.credit))
        parts: list[Flowable] = [_marked(flow, section.marking)]
        if any(p.text for p in caption):
            caption = [*self._mark_pieces(section.marking), *caption]
            parts.append(_marked(self._set([caption], self.styles["caption"]),
                                 section.marking))
        return [KeepTogether(parts)]

    def _map(self, section: m.Section) -> list[Flowable]:
        """The slide's map, drawn by the same painter at the paper's width; the caption,
        disclaimer and any label that found no room on the map beneath it."""
        from briefing.layout.context import Ctx
        from briefing.layout.geometry import Box
        from briefing.layout.maps import build_map, caption_paragraphs

        ctx = Ctx.build(self.doc, self.theme, self.base_dir)
        ctx.citations = [src for _n, sid in sorted((n, sid) for sid, n in self.numbers.items())
                         if (src := self.doc.source_by_id(sid)) is not None]
        w = self.frame_width
        built = build_map(ctx, section, Box(0, 0, w, w * 0.62))
        if built is None:
            return []
        frame, unplaced = built
        parts: list[Flowable] = [_marked(_MapDrawing(frame, self.theme), frame.marking)]
        for p in caption_paragraphs(ctx, section, unplaced):
            style = self.styles["caption"]
            parts.append(self._set([_pieces(p.runs)], style))
        return [KeepTogether(parts)]

    def _placeholder(self, text: str) -> Flowable:
        cell = Paragraph(f"<i>{self._t(text)}</i>", self.styles["cell"])
        table = Table([[cell]], colWidths=[self.frame_width], rowHeights=[80], hAlign="CENTER",
                      renderCB=TableTags(header_rows=0, roles=TableTags.LAYOUT))
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), MAIN.regular),
            ("BACKGROUND", (0, 0), (-1, -1), color(self.ink.placeholder_fill)),
            ("BOX", (0, 0), (-1, -1), 0.5, color(self.ink.placeholder_line)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ]))
        return table


def _role(flowable: Flowable, role: str, text: str | None = None) -> Flowable:
    """`flowable` as a structure element of `role` in the tagged PDF (`text`: as written)."""
    flowable.tag_role = role
    if text is not None:
        flowable.tag_text = text
    return flowable


def _item(paragraph: Flowable, group: object | None) -> Flowable:
    """A paragraph as an item of the list `group` (a bullet), or as itself (None)."""
    if group is not None:
        paragraph.tag_role, paragraph.tag_group = "LI", group
    return paragraph


def _column_span(cols: list[int]) -> str:
    """'1-16' or '1, 17-31' (one-based, as a reader counts columns)."""
    first, rest = cols[0] + 1, cols[1:]
    if not rest:
        return str(first)
    if rest[0] == cols[0] + 1:
        return f"{first}\u2013{rest[-1] + 1}"
    return f"{first}, {rest[0] + 1}\u2013{rest[-1] + 1}" if len(rest) > 1 \
        else f"{first}, {rest[0] + 1}"


class _Band(Flowable):
    """A key-figures band: the layout's boxes, drawn by the slides' painter at `scale`. For a
    screen reader, one paragraph: each figure's words in reading order."""

    tag_role = "P"

    def __init__(self, elements: list, width: float, height: float, scale: float,
                 theme: Theme) -> None:
        super().__init__()
        self.elements, self.scale = elements, scale
        self.band_w, self.band_h = width, height
        self.painter = SlidePainter(Deck([], theme, width, height))
        self.spaceBefore, self.spaceAfter = 6.0, 10.0

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.band_w * self.scale, self.band_h * self.scale

    def getPlainText(self) -> str:  # noqa: N802 - ReportLab's name, read by the tagging
        return " ".join(" ".join(p.text for p in e.paragraphs) for e in self.elements
                        if isinstance(e, TextBlock))

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.scale, self.scale)
        self.painter.draw_elements(canvas, self.elements,
                                   Page(0, "section", "", [], section_kind="key_figures"))
        canvas.restoreState()


class _MapDrawing(Flowable):
    """A map frame (laid out at 0, 0) drawn with the slides' painter: the same vectors. For a
    screen reader, a figure whose alt text lists the places.

    To finish a page it may be drawn smaller as a whole (`lower`), as far as
    `figure_fit.least_map_scale` allows: its labels stay where the layout put them."""

    tag_role = "Figure"

    def __init__(self, frame, theme: Theme, scale: float = 1.0) -> None:
        super().__init__()
        self.frame, self.theme, self.scale = frame, theme, scale
        self.width, self.height = frame.box.w * scale, frame.box.h * scale
        self.least = frame.box.h * least_map_scale(frame)
        self.tag_alt = frame.alt
        self.hAlign = "CENTER"

    def lower(self, height: float) -> _MapDrawing:
        """The same map drawn `height` points high."""
        drawing = _MapDrawing(self.frame, self.theme, height / self.frame.box.h)
        drawing.__dict__.update({key: self.__dict__[key] for key in ("marking",)
                                 if key in self.__dict__})
        return drawing

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from briefing.layout.geometry import Deck, Page
        from briefing.render.pdf.slide import SlidePainter

        deck = Deck([], self.theme, self.frame.box.w, self.frame.box.h)
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        SlidePainter(deck).draw_map(self.canv, self.frame, Page(0, "section", "", []))
        self.canv.restoreState()


class _Picture(Flowable):
    """A picture of the paper, fetched from `briefing.layout.pictures` only when its page is drawn: the
    story of a long paper holds file names, not every picture at once."""

    tag_role = "Figure"

    def __init__(self, path: Path, width: float, height: float, missing: str) -> None:
        super().__init__()
        self.path, self.width, self.height = path, width, height
        self.missing = missing  # the colour of "Image not available"
        self.hAlign = "CENTER"

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        picture = load_picture(self.path)
        reader = picture_reader(picture) if picture is not None else None
        if reader is None:  # changed on disk since the story was built
            self.canv.setFillColor(color(self.missing))
            draw_text(self.canv, self.width / 2, self.height / 2,
                      f"Image not available: {self.path.name}", 10, italic=True,
                      align="center")
            return
        self.canv.drawImage(reader, 0, 0, self.width, self.height, mask="auto")
