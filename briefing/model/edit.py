"""Edit operations on a `Document`: the only way the desktop app changes a briefing.

Each function makes one change in place and returns what is needed to take it back, so that the
GUI's undo commands stay one-liners (`old = set_field(...)` / `set_field(..., old)`) and the
behaviour can be tested without Qt. Nothing here imports Qt.

Chart data is addressed as a spreadsheet-like grid, the way users see it and paste it: row 0
holds the series names, column 0 the category names, and cell (r, c) with r, c >= 1 is the value
of series c-1 for category r-1.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import fields
from typing import Any

from briefing.model import document as m
from briefing.model import fields as f
from briefing.model.ids import ID_RE, unique_slug

# -- document and section fields --------------------------------------------------------------

DOCUMENT_FIELDS = f.editable(f.DOCUMENT)
SECTION_FIELDS = f.editable(f.SECTION)


def set_document_field(doc: m.Document, name: str, value: Any) -> Any:
    """Set a document-level field; returns the old value."""
    if name not in DOCUMENT_FIELDS:
        raise KeyError(f"not an editable document field: {name}")
    old = getattr(doc, name)
    setattr(doc, name, value)
    return old


def set_section_field(section: m.Section, name: str, value: Any) -> Any:
    """Set a section field (title, notes, text, include, ...); returns the old value."""
    if name not in SECTION_FIELDS:
        raise KeyError(f"not an editable section field: {name}")
    old = getattr(section, name)
    setattr(section, name, value)
    return old


def set_field(obj: Any, name: str, value: Any) -> Any:
    """Set a field of a part (judgment, event, quote, image, chart, series); returns the old value."""
    if name not in {field.name for field in fields(obj)}:
        raise KeyError(f"{type(obj).__name__} has no field {name}")
    old = getattr(obj, name)
    setattr(obj, name, value)
    return old


# -- handling markings ---------------------------------------------------------------------------

MARKABLE = (m.Section, m.Source, m.JudgmentItem, m.KeyFigure, m.Event, m.Series, m.TableRow)


def set_marking(doc: m.Document, part: Any, level: str | None) -> str | None:
    """Mark a section, source, judgment, event, chart series or table row; returns the old level.

    `None` clears the part's own marking, so it inherits its section's (a section the
    document's lowest). A level the document does not declare is refused, because the file
    would not open again; clearing is always allowed, so an old unknown level can be removed.
    """
    if not isinstance(part, MARKABLE):
        raise TypeError(f"a {type(part).__name__} cannot carry a marking")
    if level is not None and level not in doc.markings:
        declared = ", ".join(doc.markings) if doc.markings else "none"
        raise ValueError(f"{level!r} is not one of the document's markings ({declared}); "
                         "add it under Document properties ▸ Markings first")
    old, part.marking = part.marking, level
    return old


# -- sections -----------------------------------------------------------------------------------

def new_section(doc: m.Document, kind: str, title: str | None = None) -> m.Section:
    """A fresh, valid section of `kind` whose id is unique in `doc` (not yet inserted)."""
    if kind not in m.SECTION_KINDS:
        raise ValueError(f"unknown section kind {kind!r}")
    title = title or f"New {kind} section"
    section = m.empty_section(kind, title, unique_slug(title, {s.id for s in doc.sections}))
    if kind == "judgments":
        section.items = [m.JudgmentItem(text="New judgment", confidence="moderate")]
    elif kind == "timeline":
        as_of = doc.as_of.date() if isinstance(doc.as_of, dt.datetime) else doc.as_of
        section.events = [m.Event(date=as_of, text="New event")]
    elif kind == "quote" and section.quote is not None:
        section.quote.text = "Quotation"
    return section


def duplicate_section(doc: m.Document, index: int) -> m.Section:
    """A deep copy of section `index` with a new unique id and "(copy)" title (not inserted)."""
    section = copy.deepcopy(doc.sections[index])
    section.title = f"{section.title} (copy)"
    section.id = unique_slug(section.title, {s.id for s in doc.sections})
    return section


def insert_section(doc: m.Document, index: int, section: m.Section) -> None:
    if not 0 <= index <= len(doc.sections):
        raise IndexError(f"section position {index} out of range")
    doc.sections.insert(index, section)


def remove_section(doc: m.Document, index: int) -> m.Section:
    """Remove and return section `index` (re-insert it at `index` to undo)."""
    return doc.sections.pop(index)


def move_section(doc: m.Document, source: int, target: int) -> None:
    """Move section `source` so that it ends up at position `target`; undo with (target, source)."""
    n = len(doc.sections)
    if not (0 <= source < n and 0 <= target < n):
        raise IndexError(f"cannot move section {source} to {target} (there are {n})")
    doc.sections.insert(target, doc.sections.pop(source))


# -- lists inside a section (judgment items, events, table rows) --------------------------------

def insert_item(items: list, index: int, item: Any) -> None:
    if not 0 <= index <= len(items):
        raise IndexError(f"position {index} out of range")
    items.insert(index, item)


def remove_item(items: list, index: int) -> Any:
    return items.pop(index)


def move_item(items: list, source: int, target: int) -> None:
    items.insert(target, items.pop(source))


def sorted_events(events: list[m.Event]) -> list[m.Event]:
    """Events in date order (stable: same-day events keep their order); date-only sorts first."""
    def key(e: m.Event) -> tuple:
        d = e.date
        if isinstance(d, dt.datetime):
            return (d.date(), 1, d.replace(tzinfo=None).time())
        return (d, 0, dt.time())
    return sorted(events, key=key)


# -- chart values -------------------------------------------------------------------------------

_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+"
_RANGE_RE = re.compile(rf"^({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})$")
_VALUE_RANGE_RE = re.compile(rf"^(.*?)\s*\(\s*({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})\s*\)$")
UNKNOWN_WORDS = ("", "?", "-", "–", "—", "null", "unknown", "n/a", "na")


def _number(text: str) -> float:
    if not re.fullmatch(_NUMBER, text):
        raise ValueError(text)
    return float(text.replace(",", ""))


def parse_value(text: str, source: str | None = None) -> m.Value:
    """Read a chart value as typed in the grid.

    "9" -> 9; "at least 9" / "about 1,200" -> qualified; "3-5" -> range only; "9 (3-12)" -> value
    with range; "", "?", "unknown" -> unknown (drawn as a gap). Raises ValueError with a message
    for the user. `source` (the cell's citation) is carried over.
    """
    raw = " ".join(text.strip().split())
    low_text = raw.lower()
    if low_text in UNKNOWN_WORDS:
        return m.Value(None, source=source)
    low = high = None
    match = _VALUE_RANGE_RE.match(low_text)
    if match:
        low_text, low, high = match.group(1).strip(), _number(match.group(2)), _number(match.group(3))
    elif (match := _RANGE_RE.match(low_text)):
        low, high = _number(match.group(1)), _number(match.group(2))
        low_text = ""
    qualifier = None
    for q in sorted(m.QUALIFIERS, key=len, reverse=True):
        if low_text.startswith(q + " "):
            qualifier, low_text = q, low_text[len(q):].strip()
            break
    value = None
    if low_text:
        try:
            value = _number(low_text)
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a value: type a number (9), a qualified number "
                f"({', '.join(repr(q + ' 9') for q in m.QUALIFIERS[:3])}), a range (3-5), "
                "or leave it empty for unknown") from None
    elif qualifier is not None:
        raise ValueError(f"{raw!r}: a qualifier needs a number after it, e.g. '{qualifier} 9'")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{raw!r}: the range's low end is above its high end")
    return m.Value(value, qualifier=qualifier, low=low, high=high, source=source)


def value_text(value: m.Value | None) -> str:
    """The text the grid shows and edits for a value; `parse_value` reads it back unchanged."""
    if value is None:
        return ""
    rng = ""
    if value.low is not None and value.high is not None:
        rng = f"{_plain(value.low)}-{_plain(value.high)}"
    if value.value is None:
        return rng
    text = _plain(value.value)
    if value.qualifier:
        text = f"{value.qualifier} {text}"
    return f"{text} ({rng})" if rng else text


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def cell_name(row: int, column: int) -> str:
    """Spreadsheet name of a grid cell: (1, 1) -> 'B2'."""
    letters, n = "", column + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"{letters}{row + 1}"


# -- chart grid ----------------------------------------------------------------------------------

def grid_size(chart: m.Chart) -> tuple[int, int]:
    """(rows, columns) of the grid, headers included."""
    return len(chart.categories) + 1, len(chart.series) + 1


def grid_text(chart: m.Chart, row: int, column: int) -> str:
    if row == 0 and column == 0:
        return ""
    if row == 0:
        return chart.series[column - 1].name
    if column == 0:
        return chart.categories[row - 1]
    return value_text(chart.series[column - 1].values[row - 1])


def set_chart_cell(chart: m.Chart, row: int, column: int, value: m.Value | str) -> m.Value | str:
    """Set one grid cell: a series name (row 0), a category name (column 0) or a value.

    Returns the old content, so `set_chart_cell(chart, row, column, old)` undoes it.
    """
    if row == 0 and column == 0:
        raise IndexError("the top-left cell of the chart grid holds nothing")
    if row == 0:
        series = chart.series[column - 1]
        old, series.name = series.name, str(value)
        return old
    if column == 0:
        old, chart.categories[row - 1] = chart.categories[row - 1], str(value)
        return old
    if not isinstance(value, m.Value):
        raise TypeError("a chart value cell takes a Value (use parse_value)")
    values = chart.series[column - 1].values
    old, values[row - 1] = values[row - 1], value
    return old


def insert_category(chart: m.Chart, index: int, name: str,
                    values: list[m.Value] | None = None) -> None:
    """Insert a category (a grid row) with one value per series (unknown by default)."""
    if not 0 <= index <= len(chart.categories):
        raise IndexError(f"category position {index} out of range")
    values = values or [m.Value(None) for _ in chart.series]
    chart.categories.insert(index, name)
    for series, value in zip(chart.series, values, strict=True):
        series.values.insert(index, value)


def remove_category(chart: m.Chart, index: int) -> tuple[str, list[m.Value]]:
    """Remove a category and its values; returns (name, values) for `insert_category`."""
    name = chart.categories.pop(index)
    return name, [s.values.pop(index) for s in chart.series]


def insert_series(chart: m.Chart, index: int, series: m.Series) -> None:
    if len(series.values) != len(chart.categories):
        raise ValueError("a new series needs one value per category")
    chart.series.insert(index, series)


def remove_series(chart: m.Chart, index: int) -> m.Series:
    return chart.series.pop(index)


def new_series(chart: m.Chart) -> m.Series:
    taken = {s.name for s in chart.series}
    n = len(chart.series) + 1
    while f"Series {n}" in taken:
        n += 1
    return m.Series(f"Series {n}", [m.Value(None) for _ in chart.categories])


def new_category_name(chart: m.Chart) -> str:
    n = len(chart.categories) + 1
    while f"Category {n}" in chart.categories:
        n += 1
    return f"Category {n}"


def replace_chart(section: m.Section, chart: m.Chart) -> m.Chart:
    """Swap the section's whole chart (used for pastes); returns the old one."""
    old, section.chart = section.chart, chart
    return old  # type: ignore[return-value]


def parse_block(text: str) -> list[list[str]]:
    """A block copied from a spreadsheet: rows by line, cells by tab (or commas if no tabs)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    sep = "\t" if any("\t" in line for line in lines) else None
    rows = [line.split(sep) if sep else [line] for line in lines]
    return [[cell.strip() for cell in row] for row in rows]


def pasted_chart(chart: m.Chart, top: int, left: int, block: list[list[str]]) -> m.Chart:
    """A new chart: `chart` with `block` pasted at grid cell (top, left), growing as needed.

    Pasting at the top-left corner a block whose first row and column are labels replaces the
    chart's data entirely (the usual "copy the whole table from the spreadsheet" case).
    Raises ValueError naming the first cell that is not a value.
    """
    new = copy.deepcopy(chart)
    if not block or not any(block):
        return new
    if top == 0 and left == 0 and _looks_like_table(block):
        new.categories, new.series = [], []
    width = max(len(r) for r in block)
    rows_needed = top + len(block) - 1
    cols_needed = left + width - 1
    while len(new.categories) < rows_needed:
        insert_category(new, len(new.categories), new_category_name(new))
    while len(new.series) < cols_needed:
        insert_series(new, len(new.series), new_series(new))
    for i, cells in enumerate(block):
        for j, text in enumerate(cells):
            row, col = top + i, left + j
            if row == 0 and col == 0:
                continue
            if row == 0 or col == 0:
                set_chart_cell(new, row, col, text)
                continue
            old = new.series[col - 1].values[row - 1]
            try:
                value = parse_value(text, old.source)
            except ValueError as exc:
                raise ValueError(f"cell {cell_name(row, col)}: {exc}") from None
            set_chart_cell(new, row, col, value)
    return new


def _looks_like_table(block: list[list[str]]) -> bool:
    """First row and first column are labels (not values), as when copying a whole sheet."""
    if len(block) < 2 or len(block[0]) < 2:
        return False

    def is_value(text: str) -> bool:
        try:
            parse_value(text)
        except ValueError:
            return False
        return text.strip() != ""
    return not any(is_value(c) for c in block[0][1:]) and not any(
        is_value(r[0]) for r in block[1:] if r)


def clear_cells(chart: m.Chart, cells: list[tuple[int, int]]) -> m.Chart:
    """A new chart with the given value cells set to unknown (headers are left alone)."""
    new = copy.deepcopy(chart)
    for row, col in cells:
        if row >= 1 and col >= 1:
            old = new.series[col - 1].values[row - 1]
            new.series[col - 1].values[row - 1] = m.Value(None, source=old.source)
    return new


# -- tables --------------------------------------------------------------------------------------

def set_table_cell(table: m.Table, row: int, column: int, text: str) -> str:
    cells = table.rows[row].cells
    old, cells[column] = cells[column], text
    return old


def set_column_name(table: m.Table, column: int, name: str) -> str:
    old, table.columns[column] = table.columns[column], name
    return old


def insert_table_row(table: m.Table, index: int, row: m.TableRow | None = None) -> None:
    row = row or m.TableRow(["" for _ in table.columns])
    if len(row.cells) != len(table.columns):
        raise ValueError("a table row needs one cell per column")
    table.rows.insert(index, row)


def remove_table_row(table: m.Table, index: int) -> m.TableRow:
    return table.rows.pop(index)


def insert_table_column(table: m.Table, index: int, name: str,
                        cells: list[str] | None = None) -> None:
    cells = cells or ["" for _ in table.rows]
    table.columns.insert(index, name)
    for row, cell in zip(table.rows, cells, strict=True):
        row.cells.insert(index, cell)


def remove_table_column(table: m.Table, index: int) -> tuple[str, list[str]]:
    name = table.columns.pop(index)
    return name, [r.cells.pop(index) for r in table.rows]


# -- sources --------------------------------------------------------------------------------------

FieldChange = tuple[Any, str, Any]  # (object, field name, value before the change)


def source_citations(doc: m.Document, source_id: str) -> list[tuple[Any, str]]:
    """Every place that cites `source_id`, as (object, field): a section's, judgment's or event's
    `sources` list, or a chart value's `source`."""
    places: list[tuple[Any, str]] = []
    for section in doc.sections:
        for part in (section, *section.items, *section.events):
            if source_id in part.sources:
                places.append((part, "sources"))
        if section.chart is not None:
            places.extend((value, "source") for series in section.chart.series
                          for value in series.values if value.source == source_id)
        places.extend((item.value, "source") for item in section.items
                      if isinstance(item, m.KeyFigure) and item.value.source == source_id)
    return places


def check_new_source_id(doc: m.Document, new_id: str) -> None:
    """Raise ValueError (a message for the user) if `new_id` cannot be a new source id."""
    if not ID_RE.match(new_id):
        raise ValueError(f"{new_id!r} is not an id: use letters, digits, '-', '_', '.', ':' "
                         "and start with a letter or digit")
    if doc.source_by_id(new_id) is not None:
        raise ValueError(f"another source already has the id {new_id}; pick another id, or "
                         "delete that source first")


def rename_source(doc: m.Document, old_id: str, new_id: str) -> list[FieldChange]:
    """Rename source `old_id` to `new_id` and every citation of it; returns what changed.

    One rename is one edit: without the citations following, every section that cited the
    source would show it as unknown. An id another source already has, or that is not an id,
    is refused (ValueError, message for the user); nothing is changed then. A section that
    already cited `new_id` (a dangling citation) keeps one entry. `restore_fields(changes)`
    takes the rename back exactly, dangling citations included.
    """
    source = doc.source_by_id(old_id)
    if source is None:
        raise KeyError(f"no source with the id {old_id!r}")
    if new_id == old_id:
        return []
    check_new_source_id(doc, new_id)
    changes: list[FieldChange] = [(source, "id", source.id)]
    for part, name in source_citations(doc, old_id):
        old = getattr(part, name)
        if name == "sources":
            renamed = [new_id if ref == old_id else ref for ref in old]
            setattr(part, name, list(dict.fromkeys(renamed)))  # no duplicate after the rename
        else:
            setattr(part, name, new_id)
        changes.append((part, name, old))
    source.id = new_id
    return changes


def restore_fields(changes: list[FieldChange]) -> None:
    """Put back the values `changes` recorded (in reverse order): the undo of `rename_source`."""
    for part, name, old in reversed(changes):
        setattr(part, name, old)
