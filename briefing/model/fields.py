"""The briefing format described once: every part, every field, its type, limits and help.

Everything that knows the format reads it from here: the reader (which keys are allowed and
required, in which shape), the validator (non-empty, limits, choices), the writer (key order,
what is left out when it has its default), the editor (which fields may be set) and the
published JSON Schema. Adding a field is one edit: a `Field` in its part (and the attribute on
the model's dataclass); see docs/format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from briefing.model import document as m

MAX_SHORT = 2_000
"""Characters in a one-line field: titles, names, categories, ids, captions."""
MAX_TEXT = 200_000
"""Characters in a free-text field: section text, notes, quotes, table cells."""
MAX_NUMBER = 1e15
"""Largest chart value: values are counts, and a larger one is a typo or a wrong unit."""
MAX_SECTIONS = 2_000
MAX_CATEGORIES = 500
MAX_SERIES = 50
MAX_COLUMNS = 50
MAX_PLACES = 60

Kind = Literal[
    "const",   # a fixed text (the format id)
    "line",    # one-line text, at most MAX_SHORT characters
    "text",    # free text, at most MAX_TEXT characters
    "choice",  # one of `choices` (texts)
    "grade",   # one of `choices` (whole numbers)
    "flag",    # true or false
    "date",    # a date or a date and time
    "id",      # an id (see briefing.model.ids.ID_RE)
    "refs",    # source ids: a list, or a single id
    "ref",     # one source id
    "marking",  # one of the document's marking levels
    "levels",  # the document's marking levels, lowest first
    "labels",  # a list of one-line texts (categories, columns)
    "list",    # a list of `part`
    "part",    # one `part`
    "values",  # chart values: a number, null, or a `value` part each
    "value",   # one chart value: a number, null, or a `value` part
    "count",   # a number: 0 or more, finite, at most MAX_NUMBER
    "rows",    # table rows: a list of cells, or a `row` part each
    "cells",   # a list of free texts (null for an empty cell)
    "theme",   # the name of a deck theme in templates/themes/
    "kind",    # a section kind: decides which body field the section takes
    "degrees",  # a latitude or longitude in decimal degrees, within `bounds`
    "extent",  # a map's [lon_min, lat_min, lon_max, lat_max], in decimal degrees
]


@dataclass(frozen=True)
class Field:
    """One key of a part: what it holds and every rule about it."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    """The key must be present (for a section body: in sections of `kinds`)."""
    default: Any = None
    """The model's value when the key is absent; the writer leaves such a value out."""
    limit: int | None = None
    """Characters for text kinds, entries for list kinds."""
    min_items: int = 0
    choices: tuple[Any, ...] = ()
    part: str | None = None
    """For `list`, `part` and `rows`: the name of the part each entry is."""
    kinds: tuple[str, ...] = ()
    """Section body fields only: the section kinds that take this key."""
    hint: str | None = None
    """What to write when a required key is missing."""
    invalid: str | None = None
    """The message for a value outside `choices` ({value}: the value as written)."""
    empty: str | None = None
    """The message for a list with fewer than `min_items` entries."""
    too_many: str = ("{count:,} {noun}; the limit is {limit:,}: group or summarise them, or "
                     "split them over several sections")
    flow: bool = False
    """Written inline (`[a, b]`) rather than one entry per line."""
    always: bool = False
    """Written even when it holds its default (required keys always are)."""
    bounds: tuple[float, float] | None = None
    """For `degrees`: the lowest and highest value allowed."""
    editable: bool = True
    """The desktop app may set it with `set_*_field` (not the format id, kind, id or lists
    the app edits through their own operations)."""

    @property
    def noun(self) -> str:
        return self.name.replace("_", " ")


@dataclass(frozen=True)
class Shape:
    """The keys of a part, for one section kind."""

    fields: tuple[Field, ...]
    allowed: tuple[str, ...]
    required: tuple[str, ...]
    misplaced: frozenset[str]
    """Body keys of other section kinds: named as misplaced rather than unknown."""


@dataclass(frozen=True)
class Part:
    """A mapping of the format (the document, a source, a section, a chart...) and its model."""

    name: str
    model: type
    help: str
    fields: tuple[Field, ...]

    def field(self, name: str, section_kind: str | None = None) -> Field:
        """The field `name` (of a section kind: that kind's, where kinds share a key such as
        `items`, each with its own item part)."""
        return next(f for f in self.fields_for(section_kind) if f.name == name)

    def keys(self, section_kind: str | None = None) -> tuple[str, ...]:
        """The keys allowed here (for a section: the common keys and its kind's body key)."""
        return tuple(f.name for f in self.fields_for(section_kind))

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_kind", {})  # computed once per kind: the reader asks often

    def fields_for(self, section_kind: str | None = None) -> tuple[Field, ...]:
        if section_kind is None:
            return self.fields
        return self.shape(section_kind).fields

    def shape(self, section_kind: str | None = None) -> Shape:
        """The keys a mapping of this part (of a section kind) may, must and must not have."""
        cache: dict[str | None, Shape] = self._by_kind  # type: ignore[attr-defined]
        if section_kind not in cache:
            specs = tuple(f for f in self.fields
                          if section_kind is None or not f.kinds or section_kind in f.kinds)
            allowed = tuple(s.name for s in specs)
            cache[section_kind] = Shape(
                fields=specs, allowed=allowed,
                required=tuple(s.name for s in specs
                               if s.required and (not s.kinds or section_kind)),
                misplaced=frozenset(s.name for s in self.body_fields) - set(allowed)
                if section_kind else frozenset())
        return cache[section_kind]

    @property
    def body_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kinds)

    def shared(self, name: str) -> tuple[Field, ...]:
        """Every field called `name`: several when section kinds share a body key (`items:`
        holds judgments in one kind, key figures in another), one otherwise."""
        return tuple(f for f in self.fields if f.name == name)


def _line(name: str, help: str, **kw: Any) -> Field:
    return Field(name, "line", help, limit=MAX_SHORT, **kw)


def _text(name: str, help: str, **kw: Any) -> Field:
    return Field(name, "text", help, limit=MAX_TEXT, **kw)


def _marking() -> Field:
    return Field("marking", "marking", "handling level, one of the document's `markings`; "
                 "unmarked content inherits its section's", limit=MAX_SHORT)


def _sources(help: str = "source ids this part cites") -> Field:
    return Field("sources", "refs", help, default=[], limit=MAX_SHORT, flow=True)


SOURCE = Part("source", m.Source, "a source, cited by its id", (
    Field("id", "id", "unique id; letters, digits, - _ . :", required=True, limit=MAX_SHORT),
    _line("title", "what the source is", required=True),
    _line("publisher", "who published it"),
    _line("url", "where to find it"),
    Field("date", "date", "when it was published"),
    Field("reliability", "choice", "source reliability, A (reliable) to F (cannot be judged)",
          limit=MAX_SHORT, choices=m.RELIABILITY_GRADES,
          invalid="reliability {value!r} is not a grade: use one letter, A (reliable) to F "
                  "(cannot be judged)"),
    Field("credibility", "grade", "information credibility, 1 (confirmed) to 6 (cannot be "
          "judged)", choices=m.CREDIBILITY_GRADES,
          invalid="credibility {value} is not a grade: use 1 (confirmed) to 6 (cannot be judged)"),
    _marking(),
))

JUDGMENT = Part("judgment", m.JudgmentItem, "one key judgment", (
    _text("text", "the judgment", required=True),
    Field("confidence", "choice", "how sure the desk is", required=True, default="moderate",
          limit=MAX_SHORT, choices=m.CONFIDENCE_LEVELS,
          hint="`confidence: low`, `moderate` or `high`"),
    _sources(),
    _marking(),
))

EVENT = Part("event", m.Event, "one timeline event", (
    Field("date", "date", "the day (or day and time) it happened", required=True),
    _line("time", "free text, e.g. evening"),
    _line("place", "where"),
    _line("actor", "who"),
    _text("text", "what happened", required=True),
    _sources(),
    _marking(),
    _line("place_ref", "the id (or name) of a place on a map section: the event and the "
          "map's marker show the same number"),
))

PLACE = Part("place", m.Place, "a place on a map", (
    _line("name", "the place's name; looked up in the offline gazetteer when `lat` and `lon` "
          "are not given", required=True),
    Field("lat", "degrees", "latitude in decimal degrees, -90 (south) to 90 (north)",
          bounds=(-90.0, 90.0)),
    Field("lon", "degrees", "longitude in decimal degrees, -180 (west) to 180 (east)",
          bounds=(-180.0, 180.0)),
    _line("label", "the text beside its marker, e.g. '16 Jan: strike'"),
    Field("id", "id", "an id for timeline events' `place_ref` (default: the name)",
          limit=MAX_SHORT),
    _sources(),
    _marking(),
))

VALUE_HELP = "a number, null for unknown, or {value, qualifier, low, high, source}"
"""How a chart cell is written: a chart's values and a key figure's value alike."""

VALUE = Part("value", m.Value, "a contested or partial chart value", (
    Field("value", "count", "the figure (null: unknown)"),
    Field("qualifier", "choice", "how the figure reads: 'at least 9'", limit=MAX_SHORT,
          choices=m.QUALIFIERS),
    Field("low", "count", "low end of a range"),
    Field("high", "count", "high end of a range"),
    Field("source", "ref", "the id of the source of this figure", limit=MAX_SHORT),
))

KEY_FIGURE = Part("key_figure", m.KeyFigure, "one key figure: a big number and what it counts", (
    Field("value", "value", VALUE_HELP, required=True, part="value",
          hint="`value: 9` (or `{value: 9, qualifier: at least}`, `{low: 40, high: 60}`, null)"),
    _line("label", "what the figure counts, in a few words: 'killed in Iran (18 Jan)'",
          required=True, hint="`label: ...`, what the figure counts"),
    _sources(),
    _marking(),
))

SERIES = Part("series", m.Series, "one data series", (
    _line("name", "legend name", required=True),
    Field("values", "values", f"one value per category: {VALUE_HELP}", required=True,
          default=[], part="value"),
    _marking(),
))

CHART = Part("chart", m.Chart, "a native chart", (
    Field("type", "choice", "the kind of chart", required=True, default="column",
          limit=MAX_SHORT, choices=m.CHART_TYPES),
    _text("unit", "shown on the value axis"),
    Field("categories", "labels", "category names", required=True, default=[], limit=MAX_CATEGORIES,
          min_items=1, flow=True, empty="a chart needs at least one category: add one to "
          "`categories: [...]`"),
    Field("series", "list", "the data series (a pie takes exactly one)", required=True,
          default=[], limit=MAX_SERIES, min_items=1, part="series",
          empty="a chart needs at least one series: add `- {name: ..., values: [...]}` under "
                "`series:`"),
    _text("note", "a note under the chart"),
))

ROW = Part("row", m.TableRow, "a table row that carries a marking", (
    Field("cells", "cells", "one cell per column (\"\" or null for an empty one)",
          required=True, default=[], limit=MAX_TEXT, flow=True),
    _marking(),
))

TABLE = Part("table", m.Table, "a table", (
    Field("columns", "labels", "column headings", required=True, default=[], limit=MAX_COLUMNS,
          min_items=1, flow=True, empty="a table needs at least one column: add a heading to "
          "`columns: [...]`"),
    Field("rows", "rows", "rows: a list of cells, or {cells, marking}", default=[], part="row",
          always=True),
))

QUOTE = Part("quote", m.Quote, "a quotation", (
    _text("text", "the words quoted", required=True),
    _line("speaker", "who said it"),
    Field("date", "date", "when"),
))

IMAGE = Part("image", m.Image, "a picture from the briefing's folder", (
    _line("path", "relative to the briefing file, inside its folder", required=True),
    _line("caption", "shown under the picture"),
    _line("credit", "who made it"),
    _line("alt", "read by screen readers"),
))

_KINDS_HINT = ("`kind: summary` (or text, judgments, timeline, chart, table, quote, image, "
               "key_figures, map)")

SECTION = Part("section", m.Section, "one section, in presentation order", (
    _line("part", "opens a part of the briefing with this title ('The strikes'): this "
          "section and the ones after it, up to the next `part`, are grouped under it "
          "(a section-header slide, a level-1 heading in the paper)"),
    Field("id", "id", "unique id; derived from the title when missing", limit=MAX_SHORT,
          default="", always=True, editable=False),
    Field("kind", "kind", "what the section holds", required=True, choices=m.SECTION_KINDS,
          limit=MAX_SHORT, hint=_KINDS_HINT, editable=False),
    _line("title", "slide and heading title", required=True),
    _marking(),
    _line("caveat", "a short warning shown prominently, e.g. UNVERIFIED"),
    Field("include", "flag", "false keeps the section out of every export", default=True),
    _sources("source ids the whole section cites"),
    _text("text", "paragraphs and '- ' bullets", required=True, kinds=("summary", "text"),
          hint="`text: ...` (or `text: \"\"` to leave it empty for now)"),
    Field("items", "list", "the judgments", required=True, default=[], part="judgment",
          kinds=("judgments",), hint="`items:` with `- {text: ..., confidence: moderate}` under it"),
    Field("items", "list", "the key figures, in reading order", required=True, default=[],
          part="key_figure", kinds=("key_figures",),
          hint="`items:` with `- {value: 9, label: killed}` under it"),
    Field("events", "list", "the events", required=True, default=[], part="event",
          kinds=("timeline",), hint="`events:` with `- {date: YYYY-MM-DD, text: ...}` under it"),
    Field("chart", "part", "the chart", required=True, part="chart", kinds=("chart",),
          hint="`chart:` with `type`, `categories` and `series` under it"),
    Field("table", "part", "the table", required=True, part="table", kinds=("table",),
          hint="`table:` with `columns: [...]` and `rows:` under it"),
    Field("quote", "part", "the quotation", required=True, part="quote", kinds=("quote",),
          hint="`quote: {text: ..., speaker: ...}`"),
    Field("image", "part", "the picture", required=True, part="image", kinds=("image",),
          hint="`image: {path: picture.png}`"),
    Field("places", "list", "the places on the map, numbered in timeline order", required=True,
          default=[], limit=MAX_PLACES, part="place", kinds=("map",),
          hint="`places:` with `- {name: ..., lat: ..., lon: ..., label: ...}` under it"),
    _line("caption", "under the map, e.g. 'Approximate locations as reported'", kinds=("map",)),
    Field("extent", "extent", "[lon_min, lat_min, lon_max, lat_max]; default: the places with "
          "a margin", kinds=("map",), flow=True),
    _text("notes", "speaker notes, on the section's first slide"),
))

DOCUMENT = Part("document", m.Document, "a briefing", (
    Field("format", "const", "format and version", required=True, default=m.FORMAT_ID,
          choices=(m.FORMAT_ID,), limit=MAX_SHORT, hint=f"`format: {m.FORMAT_ID}` as the first line",
          editable=False),
    _line("title", "the briefing's title", required=True, hint="`title: ...`"),
    _line("subtitle", "shown under the title"),
    Field("as_of", "date", "the date the information is current to", required=True,
          hint="`as_of: YYYY-MM-DD`, the date the information is current to"),
    _line("author", "the organisation or desk"),
    _line("classification", "banner at the top and bottom of every slide and page"),
    Field("theme", "theme", "deck theme", limit=MAX_SHORT),
    Field("markings", "levels", "ordered handling levels, lowest first", default=[],
          limit=MAX_SHORT, flow=True),
    Field("portion_marks", "flag", "write (PU), (I)... before each paragraph", default=False),
    Field("language", "choice", "the language of the text, which screen readers read it in "
          "(Persian and Urdu words are told apart by their script)", default="en-GB",
          limit=MAX_SHORT, choices=m.LANGUAGES,
          invalid="language {value!r} is not one the desk writes: use en-GB or en-US"),
    _line("since", "the previous edition, a briefing file in this folder: exports add what "
          "changed since it"),
    Field("sources", "list", "sources, cited by id", default=[], part="source"),
    Field("sections", "list", "the sections, in presentation order", required=True, default=[],
          limit=MAX_SECTIONS, min_items=1, part="section", always=True, editable=False,
          hint="`sections:` with at least one section under it",
          empty="at least one section is needed: add one under `sections:` as `- kind: "
                "summary`, `title: ...`, `text: ...`",
          too_many="{count:,} sections; the limit is {limit:,}: split the briefing into "
                   "several files"),
))

PARTS: dict[str, Part] = {p.name: p for p in (
    DOCUMENT, SOURCE, SECTION, JUDGMENT, EVENT, CHART, SERIES, VALUE, TABLE, ROW, QUOTE, IMAGE,
    KEY_FIGURE, PLACE)}


def part_of(field: Field) -> Part:
    """The part a `list`, `part`, `values`, `value` or `rows` field holds."""
    assert field.part is not None, field.name
    return PARTS[field.part]


def editable(part: Part) -> tuple[str, ...]:
    """The fields of `part` the desktop app sets directly."""
    return tuple(f.name for f in part.fields if f.editable)
