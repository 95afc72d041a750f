"""The in-memory briefing document.

Plain dataclasses, no I/O and no Qt: the loader builds them, the exporters read them, the GUI
edits them through `briefing.model.edit`. Equality is field-by-field, which is what the round-trip
tests rely on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

FORMAT_ID = "briefing/1"

SECTION_KINDS: tuple[str, ...] = (
    "summary",
    "text",
    "judgments",
    "timeline",
    "chart",
    "table",
    "quote",
    "image",
    "key_figures",
    "map",
)
CHART_TYPES: tuple[str, ...] = ("column", "bar", "stacked-column", "stacked-bar", "line", "pie")
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "moderate", "high")
QUALIFIERS: tuple[str, ...] = ("at least", "about", "up to", "at most", "more than", "fewer than")
RELIABILITY_GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
CREDIBILITY_GRADES: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
LANGUAGES: tuple[str, ...] = ("en-GB", "en-US")  # a briefing's own language (`text.language`)

SectionKind = Literal["summary", "text", "judgments", "timeline", "chart", "table", "quote", "image",
                      "key_figures", "map"]
DateLike = dt.date | dt.datetime


@dataclass
class Source:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: DateLike | None = None
    reliability: str | None = None
    credibility: int | None = None
    marking: str | None = None


@dataclass
class Value:
    """One chart value; `value=None` means unknown (drawn as a gap, never as zero)."""

    value: float | None = None
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    source: str | None = None

    @property
    def is_plain(self) -> bool:
        return self.qualifier is None and self.low is None and self.high is None and self.source is None

    def label(self, unit: str | None = None) -> str:
        """Text for a data label: '9', 'at least 9', '3-5', or '' when unknown."""
        if self.value is None:
            if self.low is not None and self.high is not None:
                return f"{format_number(self.low)}–{format_number(self.high)}"
            return ""
        text = format_number(self.value)
        if self.qualifier:
            text = f"{self.qualifier} {text}"
        if self.low is not None and self.high is not None:
            text += f" ({format_number(self.low)}–{format_number(self.high)})"
        return text


def format_number(x: float) -> str:
    """'1,234', '2.5', '0.25'; below a hundredth, two significant digits ('0.0012'), never '0'
    for a value that is not zero."""
    if float(x).is_integer():
        return f"{int(x):,}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return f"{x:.2g}"
    return text


@dataclass
class Series:
    name: str
    values: list[Value] = field(default_factory=list)
    marking: str | None = None


@dataclass
class Chart:
    type: str = "column"
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    unit: str | None = None
    note: str | None = None


@dataclass
class JudgmentItem:
    text: str
    confidence: str = "moderate"
    sources: list[str] = field(default_factory=list)
    marking: str | None = None


@dataclass
class KeyFigure:
    """One big number of a key-figures band: a chart cell's value (qualifier, range, unknown)
    and the short label that says what it counts."""

    value: Value
    label: str
    sources: list[str] = field(default_factory=list)
    marking: str | None = None


@dataclass
class Event:
    date: DateLike
    text: str
    time: str | None = None
    place: str | None = None
    actor: str | None = None
    sources: list[str] = field(default_factory=list)
    marking: str | None = None
    place_ref: str | None = None
    """The id (or, without one, the name) of a map place: the event and its marker share a
    number."""


@dataclass
class TableRow:
    cells: list[str]
    marking: str | None = None


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    speaker: str | None = None
    date: DateLike | None = None


@dataclass
class Image:
    path: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass
class Place:
    """A point on a map section; without `lat`/`lon` its name is looked up in the gazetteer."""

    name: str
    lat: float | None = None
    lon: float | None = None
    label: str | None = None
    id: str | None = None
    sources: list[str] = field(default_factory=list)
    marking: str | None = None

    @property
    def key(self) -> str:
        """What a timeline event's `place_ref` names: the id, else the name."""
        return self.id or self.name


@dataclass
class Section:
    kind: str
    title: str
    id: str = ""
    notes: str | None = None
    sources: list[str] = field(default_factory=list)
    include: bool = True
    marking: str | None = None
    caveat: str | None = None
    #: opens a part (a group of sections) with this title, carried by the sections that follow
    #: until the next `part` (`briefing.model.groups`)
    part: str | None = None
    # by kind; the one matching `kind` is set, the others stay empty
    text: str | None = None
    items: list[JudgmentItem] | list[KeyFigure] = field(default_factory=list)  # by kind
    events: list[Event] = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None
    quote: Quote | None = None
    image: Image | None = None
    places: list[Place] = field(default_factory=list)
    caption: str | None = None
    extent: list[float] | None = None  # [lon_min, lat_min, lon_max, lat_max]


@dataclass
class Document:
    title: str
    as_of: DateLike
    sections: list[Section] = field(default_factory=list)
    subtitle: str | None = None
    author: str | None = None
    classification: str | None = None
    theme: str | None = None
    markings: list[str] = field(default_factory=list)
    portion_marks: bool = False
    sources: list[Source] = field(default_factory=list)
    format: str = FORMAT_ID
    language: str = "en-GB"  # of the text in the Latin script: what screen readers read it as
    #: the previous edition's file, relative to this one's folder (`model.fields`: `since`)
    since: str | None = None

    def source_by_id(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def section_by_id(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def included_sections(self) -> list[Section]:
        return [s for s in self.sections if s.include]


def format_date(value: DateLike | None) -> str:
    """Human form used on slides and pages: '19 January 2024' or '19 January 2024 14:30'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = f"{value.day} {value:%B %Y %H:%M}"
        if value.tzinfo is not None:
            text += f" {value:%Z}" if value.tzname() not in (None, "UTC") else " UTC"
        return text
    return f"{value.day} {value:%B %Y}"


def empty_section(kind: str, title: str, section_id: str = "") -> Section:
    """A new, valid section of `kind`, as the GUI's Add Section and `briefing new` create it."""
    section = Section(kind=kind, title=title, id=section_id)
    if kind in ("summary", "text"):
        section.text = ""
    elif kind == "chart":
        section.chart = Chart(type="column", categories=["A"], series=[Series("Series 1", [Value(0)])])
    elif kind == "table":
        section.table = Table(columns=["Column 1"], rows=[])
    elif kind == "quote":
        section.quote = Quote(text="")
    elif kind == "image":
        section.image = Image(path="")
    elif kind == "key_figures":
        section.items = [KeyFigure(Value(0), "New figure")]
    return section
