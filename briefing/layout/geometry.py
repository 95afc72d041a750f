"""The positioned boxes every renderer draws: the contract between layout and exporters.

Geometry is in points, origin top-left, on a 960 x 540 pt (16:9) slide. A renderer draws each
TextBlock at its box with the sizes given, with word wrap on, no autofit, insets equal to
`padding` and line spacing exactly `size * line_height` points: the layout has measured the text
with `briefing.text.metrics` and guaranteed it fits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from briefing.format.themes import Theme
from briefing.model.document import Chart, Source
from briefing.text.bidi import paragraph_direction

from .chart_rules import LineStyle, Mark, PointLabel

SLIDE_WIDTH = 960.0
SLIDE_HEIGHT = 540.0


@dataclass(frozen=True)
class Picture:
    """A picture ready to draw: PNG or JPEG bytes without metadata, upright, at most
    `pictures.MAX_DRAWN` pixels (made by `briefing.layout.pictures`)."""

    digest: str
    """SHA-256 of the file's bytes: the cache key, and a stable name for renderers' caches."""
    data: bytes = field(repr=False)
    size: tuple[int, int]
    """Pixels of `data`, upright: what the layout scales into its box."""
    source_size: tuple[int, int]
    """Pixels of the file as stored."""

    @property
    def extension(self) -> str:
        return "jpg" if self.data.startswith(b"\xff\xd8") else "png"

    def stream(self) -> io.BytesIO:
        """A fresh file-like view of the bytes, for libraries that read a file."""
        return io.BytesIO(self.data)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inside(self, width: float = SLIDE_WIDTH, height: float = SLIDE_HEIGHT) -> bool:
        eps = 0.01
        return (self.x >= -eps and self.y >= -eps and self.right <= width + eps
                and self.bottom <= height + eps)


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None  # hex RRGGBB; None = the paragraph's colour


@dataclass
class Paragraph:
    runs: list[Run]
    level: int = 0  # 0 = body, 1 = bullet, 2 = sub-bullet
    bullet: bool = False
    size: float = 18.0  # font size in points
    align: str = "left"  # left | center | right
    color: str | None = None
    space_before: float = 0.0  # points; ignored by convention on a block's first paragraph
    line_height: float = 1.2  # line pitch = size * line_height points
    indent: float = 0.0  # left edge of every line, points from the box's content edge
    bullet_offset: float = 0.0  # x of the bullet glyph from the content edge (< indent)
    bullet_char: str = "\u2022"
    #: an entry of a numbered list (agenda, sources): `bullet_char` is its number as drawn
    #: ("3."), and the deck writes PowerPoint's own numbering starting at `number`, so the
    #: number is part of its paragraph in every viewer and cannot drift off its entry
    number: int | None = None
    #: the paragraph's direction ("ltr"/"rtl") where the layout decides it (a source entry
    #: reads in the briefing's direction, `wording.entry_direction`); None: each renderer's
    #: default (the PDFs: the direction of most of its letters)
    direction: str | None = None
    #: the level of what this paragraph tells, where it differs from its section's (the
    #: change list's lines): a page is marked with the highest of the paragraphs it shows,
    #: and a paragraph continued on the next page keeps it
    marking: str | None = None
    #: a title's (a slide's, the cover's, a part's): measured and drawn in the heading font
    #: (`briefing.text.faces.heading_faces`: a template's, where it has one of its own), and
    #: named for it in the deck; set by the layout alone (`layout.text.title_para`)
    heading: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def reading_direction(self) -> str:
        """The direction the PDFs order each line of this paragraph in: the layout's where it
        says, else `bidi.paragraph_direction` of its text, the rule of the paper and the
        charts too. (The deck writes only the layout's: `rtl="1"` would also move a bullet
        or an agenda number to the right.)"""
        return self.direction or paragraph_direction(self.text)


@dataclass
class TextBlock:
    box: Box
    paragraphs: list[Paragraph]
    role: str  # title, body, footer, banner, caption, note, tag, number, footnote, agenda, quote
    fill: str | None = None
    anchor: str = "top"  # top | middle | bottom
    padding: float = 4.0
    marking: str | None = None
    line: str | None = None  # outline colour, for tags
    shape: str = "rect"  # rect | rounded: the outline drawn when `fill` or `line` is set

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class ShapeBox:
    box: Box
    shape: str  # "rect" | "rounded" | "ellipse" | "line" (a line runs from (x, y) to (x+w, y+h))
    fill: str | None = None
    line: str | None = None
    line_width: float = 1.0


@dataclass
class ChartFrame:
    box: Box
    chart: Chart  # possibly a slice of the section's categories on a continuation slide
    title: str | None = None
    marking: str | None = None
    colors: list[str] = field(default_factory=list)  # series (or pie slice) colours
    text_color: str = "1F2933"
    font_size: float = 12.0
    legend: bool = False  # shown when there is more than one series
    axis_max: float | None = None  # set on sliced charts, so every slice shares one scale
    #: per series, per category: the label's text and colour (`chart_rules.point_labels`)
    labels: list[list[PointLabel]] = field(default_factory=list)
    number_format: str = "#,##0"  # the values' format in the deck's workbook and axis
    #: per series, per category: the bar and the range's whisker (`chart_rules.point_marks`)
    marks: list[list[Mark]] = field(default_factory=list)
    muted_color: str = "6B7280"  # "not reported" labels
    #: a line chart's series: marker shape and dash besides colour (`chart_rules.line_styles`)
    line_styles: list[LineStyle] = field(default_factory=list)
    #: the value axis's ends (`chart_rules.value_axis`), for every chart but a pie, so that the
    #: deck shows the PDFs' scale (and a label placed beyond a whisker lands where it should)
    axis_range: tuple[float, float] | None = None
    #: the step between the value axis's ticks (`chart_rules.value_axis`), written into the
    #: deck so that LibreOffice and PowerPoint draw the ticks the PDFs draw
    axis_step: float | None = None
    #: the value axis's number format, the step's decimals on every tick
    #: (`chart_rules.axis_number_format`), as the PDFs print them (`chart_rules.tick_text`)
    axis_format: str = "#,##0"
    #: per series, per category: points a data label moves outward from its point's end to
    #: stand beyond the whisker (`chart_rules.label_shifts`)
    label_shifts: list[list[float]] = field(default_factory=list)
    #: a line chart's per series, per category: "above" or "below", where the point's label
    #: stands in every output (`line_labels.line_label_sides`)
    label_sides: list[list[str]] = field(default_factory=list)
    #: the line written under a pie in every output: unit, "not reported: ...", "zero: ..."
    #: (`chart_rules.pie_footer`)
    footer: str | None = None


@dataclass
class TableFrame:
    box: Box
    columns: list[str]
    rows: list[list[str]]
    col_widths: list[float]
    row_heights: list[float]  # data rows only; the header row is `header_height`
    font_size: float
    header_fill: str | None
    marking: str | None = None
    header_height: float = 0.0
    cell_padding_x: float = 6.0
    cell_padding_y: float = 3.0
    line_height: float = 1.2
    text_color: str = "1F2933"
    header_text_color: str = "FFFFFF"
    stripe_fill: str | None = None  # every other data row
    border: str | None = None
    row_markings: list[str | None] = field(default_factory=list)


@dataclass
class ImageFrame:
    box: Box
    path: Path
    alt: str
    marking: str | None = None
    picture: Picture | None = None
    """What every renderer draws (`briefing.layout.pictures`): never the file at `path` itself."""


@dataclass
class MapPath:
    """An outline on a map in slide points (a country, the inset's continent): closed rings,
    drawn as one even-odd filled path; holes are rings too."""

    rings: list[list[tuple[float, float]]]
    fill: str | None = None
    line: str | None = None
    line_width: float = 0.75
    name: str = ""  # the deck's shape name ("Iran"), so a user finds and recolours it


@dataclass
class MapFrame:
    """A map as drawn (`briefing.layout.maps`): everything decided, in drawing order.

    `items` are outlines, shapes (sea, frame, markers, scale bar) and text blocks (country
    names, marker numbers, labels); a renderer draws each as it draws any other, grouped."""

    box: Box
    items: list[MapPath | ShapeBox | TextBlock]
    alt: str
    marking: str | None = None


Element = TextBlock | ShapeBox | ChartFrame | TableFrame | ImageFrame | MapFrame


@dataclass
class Page:
    number: int
    kind: str  # title, agenda, section, sources
    title: str  # e.g. "Timeline (cont.)"
    elements: list[Element]  # in drawing order (background first)
    notes: str = ""
    section_id: str | None = None
    marking: str | None = None  # highest marking present on the page
    background: str = "FFFFFF"
    section_kind: str | None = None
    continued: bool = False  # a continuation page of its section

    def text_blocks(self, role: str | None = None) -> list[TextBlock]:
        return [e for e in self.elements
                if isinstance(e, TextBlock) and (role is None or e.role == role)]


@dataclass
class Deck:
    pages: list[Page]
    theme: Theme
    width: float = SLIDE_WIDTH
    height: float = SLIDE_HEIGHT
    citations: list[Source] = field(default_factory=list)  # index + 1 = footnote number
    problems: list[str] = field(default_factory=list)  # e.g. an image file that is missing
    language: str = "en-GB"  # the document's, for text in the Latin script (`text.language`)
