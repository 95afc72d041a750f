"""Validation of a `Document`: every rule the model can break, told at the place it is written.

The reader checks only what YAML itself can get wrong (shapes, keys, numbers, dates, tags) and
hands the model here with a location map; the desktop app hands its live model, with the map of
the file it opened where one is known. Same rules, same messages, whichever way the model came.
The rules for single fields come from `briefing.model.fields`; the rules between fields (one
value per category, unique ids, cited sources exist, declared markings, image files) are here.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import Problem
from briefing.format.images import EDITION, check_image_path, local_file
from briefing.model import document as m
from briefing.model import fields as f
from briefing.model.groups import group_sections
from briefing.model.ids import ID_RE
from briefing.model.lookalike import skeletons


@dataclass(frozen=True, slots=True)
class Location:
    """Where a field's value is written: 1-based line and column, and what the reader saw."""

    line: int
    column: int
    path: str | None = None
    """The path as written, where it differs from the model's (one source id written without
    a list is `sources`, not `sources[0]`)."""
    text: str | None = None
    """A number as written, so that a message quotes `1.0e+400`, not `inf`."""


Locations = Mapping[str, Location]


def validate(
    doc: m.Document, *, name: str = "briefing", locations: Locations | None = None,
    base_dir: Path | None = None, broken: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of `doc`, in document order where locations are known.

    `base_dir` (the briefing's folder) turns on the image file checks; `broken` names the paths
    the reader already reported, whose values are placeholders and are not checked again.
    """
    checker = _Validator(name, locations or {}, base_dir, frozenset(broken))
    checker.document(doc)
    return checker.problems


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def short(value: str) -> str:
    """A value quoted in a message: at most 40 characters."""
    return value if len(value) <= 40 else value[:37] + "..."


def suggest(word: str, options: Any) -> str:
    """' (did you mean ...?)' for a near miss: a typo, other capitals, a short id one
    character off (difflib alone finds nothing between 's2' and 's1')."""
    options = [o for o in options if isinstance(o, str)]
    folded = {o.casefold(): o for o in options}
    close = [folded[word.casefold()]] if word.casefold() in folded else \
        difflib.get_close_matches(word, options, n=1, cutoff=0.6 if len(word) > 4 else 0.5)
    return f" (did you mean {close[0]!r}?)" if close and close[0] != word else ""


def too_long(length: int, limit: int) -> str:
    return f"{length:,} characters; the limit here is {limit:,}: shorten it" + (
        " (details belong in the text or the notes)" if limit < f.MAX_TEXT
        else ", or split it over several sections")


_ENTRY = f.Field("entry", "line", "one entry of a list of one-line texts (levels, categories, "
                 "columns): non-empty", required=True, limit=f.MAX_SHORT)
_PARENT = re.compile(r"(\.[^.\[]*|\[\d+\])$")


class _Validator:
    def __init__(self, name: str, locations: Locations, base_dir: Path | None,
                 broken: frozenset[str]):
        self.name = name
        self.locations = locations
        self.base_dir = base_dir
        self.broken = broken
        self.problems: list[Problem] = []
        self.source_refs: list[tuple[str, str]] = []  # (id, path)
        self.marking_refs: list[tuple[str, str]] = []  # (level, path)
        self.place_keys: set[str] = set()  # every map place's id (or name)

    # -- reporting ---------------------------------------------------------------------------
    def error(self, path: str, message: str) -> None:
        loc = self.locations.get(path)
        shown = loc.path if loc is not None and loc.path else path
        probe = path
        while loc is None and probe:
            parent = _PARENT.sub("", probe)
            probe = parent if parent != probe else ""  # 'title' -> '' (the top level)
            loc = self.locations.get(probe)
        line, column = (loc.line, loc.column) if loc is not None else (None, None)
        self.problems.append(Problem(self.name, line, column, shown, message))

    def written(self, path: str, value: float) -> str:
        loc = self.locations.get(path)
        if loc is not None and loc.text is not None:
            return short(loc.text)
        value = float(value)  # the app may hold an int
        return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)

    # -- the document ------------------------------------------------------------------------
    def document(self, doc: m.Document) -> None:
        self.part(doc, f.DOCUMENT, "")
        self.unique_ids(doc.sections, "sections", "section", "ids must be unique, rename one")
        self.unique_ids(doc.sources, "sources", "source", "rename one and update what cites it")
        known = {s.id for s in doc.sources if s is not None and isinstance(s.id, str)}
        for ref, path in self.source_refs:
            if ref not in known:
                self.error(path, f"unknown source {short(ref)!r}{suggest(ref, sorted(known))}; "
                           "add it under `sources:` or fix the id")
        self.place_refs(doc)
        self.part_markings(doc)
        levels = [level for i, level in enumerate(doc.markings)
                  if level is not None and f"markings[{i}]" not in self.broken]
        for level, path in self.marking_refs:
            if not levels:
                self.error(path, f"marking {short(level)!r} used but the document declares no "
                           "levels: add `markings: [..., " + level + "]` at the top")
            elif level not in levels:
                self.error(path, f"unknown marking {short(level)!r}; the document's levels are "
                           f"{', '.join(levels)} (highest last){suggest(level, levels)}"
                           ": use one of them, or add it to `markings:`")

    def place_refs(self, doc: m.Document) -> None:
        """Each event's `place_ref` names a place of a map section."""
        known = sorted(self.place_keys)
        for i, section in enumerate(doc.sections):
            if section is None or section.kind != "timeline":
                continue
            for j, event in enumerate(section.events):
                here = f"sections[{i}].events[{j}].place_ref"
                if event is None or event.place_ref is None or here in self.broken:
                    continue
                if event.place_ref not in self.place_keys:
                    where = ("add a `kind: map` section with this place" if not known else
                             f"places are {', '.join(short(k) for k in known[:8])}")
                    self.error(here, f"unknown place {short(event.place_ref)!r}"
                               f"{suggest(event.place_ref, known)}: {where}, or fix the name")

    def part_markings(self, doc: m.Document) -> None:
        """A part's title is as restricted as the section that names it, so that section must
        be the part's least restricted: otherwise a reader allowed a later section of the part
        would see it without its title, or the title would reach a reader not allowed it."""
        levels = [lv for lv in doc.markings if isinstance(lv, str)]
        if not levels:
            return
        index = {id(s): i for i, s in enumerate(doc.sections) if s is not None}

        def rank(section: m.Section) -> int | None:
            level = section.marking or levels[0]
            return levels.index(level) if level in levels else None  # unknown: told elsewhere

        for group in group_sections([s for s in doc.sections if s is not None]):
            opener = group.sections[0]
            top = rank(opener)
            if group.title is None or top is None:
                continue
            for section in group.sections[1:]:
                low = rank(section)
                if low is not None and low < top:
                    i, j = index[id(opener)], index[id(section)]
                    self.error(f"sections[{i}].part", (
                        f"part {short(group.title)!r} is named on a section marked "
                        f"{levels[top]}, but holds sections[{j}] ({short(section.title or '')!r})"
                        f", marked {levels[low]}: a part's title is as restricted as the section "
                        f"that names it, so {levels[low]} readers would see that section without "
                        f"its part. Name the part on a section marked {levels[low]} at its "
                        f"start, or mark sections[{j}] {levels[top]}"))
                    break

    def unique_ids(self, parts: list[Any], path: str, noun: str, fix: str) -> None:
        first: dict[str, int] = {}
        for i, part in enumerate(parts):
            here = f"{path}[{i}].id"
            if part is None or not part.id or here in self.broken or f"{path}[{i}]" in self.broken:
                continue
            if part.id in first:
                self.error(here, f"duplicate {noun} id {part.id!r} (also {path}[{first[part.id]}])"
                                 f": {fix}")
            first.setdefault(part.id, i)

    # -- parts and fields ----------------------------------------------------------------------
    def part(self, obj: Any, part: f.Part, path: str) -> None:
        if path in self.broken or obj is None:
            return
        kind = obj.kind if isinstance(obj, m.Section) else None
        for field in part.fields_for(kind):
            here = join(path, field.name)
            if here not in self.broken and not self.field(getattr(obj, field.name), field, here):
                return  # a list over its limit: the rest of this part is not worth checking
        rule = _PART_RULES.get(part.name)
        if rule is not None:
            rule(self, obj, path)

    def field(self, value: Any, field: f.Field, path: str) -> bool:
        """Check one field; False when a list is over its limit (stop checking the part)."""
        kind = field.kind
        if kind in ("line", "text"):
            self.text(value, field, path)
        elif kind == "choice":
            self.choice(value, field, path)
        elif kind == "grade":
            if value is not None and value not in field.choices:
                self.error(path, (field.invalid or "{value} is not one of the choices").format(
                    value=value))
        elif kind == "const":
            if value not in field.choices:
                self.error(path, f"unsupported format {short(str(value))!r}: this version of "
                           f"Briefing Desk reads {m.FORMAT_ID!r}; write `format: {m.FORMAT_ID}`")
        elif kind == "id":
            self.identifier(value, field, path)
        elif kind == "refs":
            for i, ref in enumerate(value or []):
                self.reference(ref, field, f"{path}[{i}]")
        elif kind == "ref":
            if value is not None:
                self.reference(value, field, path)
        elif kind == "marking":
            if value is not None and self.text(value, field, path):
                self.marking_refs.append((value, path))
        elif kind == "levels":
            self.levels(value, field, path)
        elif kind in ("labels", "list", "values", "rows"):
            return self.entries(value, field, path)
        elif kind == "part":
            if value is None and field.required:
                self.error(path, f"required key {field.name!r} is missing: add {field.hint}")
            self.part(value, f.part_of(field), path)
        elif kind == "count":
            self.count(value, path)
        elif kind == "value":
            if value is not None:
                self.value(value, path)
        elif kind == "theme":
            self.theme(value, field, path)
        elif kind == "kind":
            self.choice(value, field, path)
        elif kind == "degrees":
            self.degrees(value, field, path)
        elif kind == "extent":
            self.extent(value, path)
        return True

    def text(self, value: str | None, field: f.Field, path: str) -> bool:
        """True when `value` is acceptable text (or absent and optional)."""
        if value is None or not value.strip():
            if field.required and not field.kinds:  # a section's text may be empty
                self.error(path, "must not be empty: write some text here")
                return False
            return value is not None
        if field.limit is not None and len(value) > field.limit:
            self.error(path, too_long(len(value), field.limit))
            return False
        return True

    def choice(self, value: str | None, field: f.Field, path: str) -> None:
        options = field.choices
        if value is None or value == "":
            if field.required:
                self.error(path, f"must not be empty: use one of {', '.join(options)}")
            return
        if field.limit is not None and len(value) > field.limit:
            self.error(path, too_long(len(value), field.limit))
        elif value not in options:
            if field.invalid:
                self.error(path, field.invalid.format(value=short(value)))
            else:
                self.error(path, f"{short(value)!r} is not one of {', '.join(options)}"
                           f"{suggest(value, options)}: use one of these")

    def identifier(self, value: str, field: f.Field, path: str) -> None:
        if not value and not field.required:
            return  # a section without an id gets one derived from its title
        if self.text(value, field, path) and not ID_RE.match(value):
            self.error(path, f"id {short(value)!r} may contain only letters, digits, '-', '_', "
                       "'.' and ':', and must start with a letter or digit")

    def reference(self, ref: str, field: f.Field, path: str) -> None:
        if path in self.broken:
            return
        if field.limit is not None and len(ref) > field.limit:
            self.error(path, too_long(len(ref), field.limit))
            return
        self.source_refs.append((ref, path))

    def levels(self, levels: list[str], field: f.Field, path: str) -> None:
        """Declared once each, non-empty, and told apart at a glance (see model.lookalike)."""
        seen: list[str] = []
        first: dict[str, tuple[int, str]] = {}
        for i, level in enumerate(levels):
            here = f"{path}[{i}]"
            if here in self.broken or not self.text(level, _ENTRY, here):
                continue
            seen.append(level)
        if len(set(seen)) != len(seen):
            self.error(path, "each level may appear only once: remove the repeated one")
        usable = [(i, level) for i, level in enumerate(levels)
                  if f"{path}[{i}]" not in self.broken and level and level.strip() and
                  (field.limit is None or len(level) <= field.limit)]
        keys = skeletons([level for _i, level in usable])
        for (i, level), key in zip(usable, keys, strict=True):
            here = f"{path}[{i}]"
            if level != level.strip():
                self.error(here, f"level {level!r} starts or ends with a space, which no banner "
                           "shows: remove the space")
                continue
            if key in first and first[key][1] != level:
                j, other = first[key]
                self.error(here, f"level {short(level)!r} looks the same as {short(other)!r} "
                           f"(markings[{j}]) but is different text (look-alike letters of another "
                           "script, or full-width forms): rename one so that banners tell them "
                           "apart")
            first.setdefault(key, (i, level))

    def theme(self, value: str | None, field: f.Field, path: str) -> None:
        if value is None or not self.text(value, field, path):
            return
        from briefing.resources import theme_names

        names = theme_names()
        if value not in names:
            self.error(path, f"unknown theme {short(value)!r}; available: {', '.join(names)}"
                       f"{suggest(value, names)}: use one of them, or remove `theme:` for the "
                       "default")

    def entries(self, items: list[Any] | None, field: f.Field, path: str) -> bool:
        items = items or []
        if field.limit is not None and field.kind != "rows" and len(items) > field.limit:
            self.error(path, field.too_many.format(count=len(items), limit=field.limit,
                                                   noun=field.noun))
            return False
        if len(items) < field.min_items:
            self.error(path, field.empty or f"at least {field.min_items} needed")
        for i, item in enumerate(items):
            here = f"{path}[{i}]"
            if here in self.broken:
                continue
            if field.kind == "labels":
                self.text(item, _ENTRY, here)
            elif field.kind == "values":
                self.value(item, here)
            elif field.kind == "rows":
                self.row(item, here)
            else:
                self.part(item, f.part_of(field), here)
        return True

    def value(self, value: m.Value, path: str) -> None:
        """A plain number is checked where it stands; a mapping ({value: 9, ...}) as a part."""
        if value.is_plain and join(path, "value") not in self.locations:
            self.count(value.value, path)
        else:
            self.part(value, f.VALUE, path)

    def count(self, value: float | None, path: str) -> None:
        if value is None or path in self.broken:
            return
        shown = self.written(path, value)
        if math.isnan(value):
            self.error(path, f"{shown} is not a finite number; use null for an unknown value")
        elif value < 0:
            self.error(path, f"{shown} is negative; chart values are counts (0 or more): use "
                       "null for unknown")
        elif value > f.MAX_NUMBER:
            self.error(path, f"{shown} is implausibly large (limit {f.MAX_NUMBER:.0e}): check "
                       "the figure, or change the unit (thousands, millions)")

    def degrees(self, value: float | None, field: f.Field, path: str) -> bool:
        """True when `value` is absent or a finite number within the field's bounds."""
        if value is None or path in self.broken:
            return value is None
        low, high = field.bounds or (-math.inf, math.inf)
        if not (low <= value <= high):  # also NaN
            axis = "north-south" if field.name == "lat" else "east-west"
            self.error(path, f"{self.written(path, value)} is out of range for {field.name} "
                       f"({low:g} to {high:g} degrees, {axis}): check the figure and that lat "
                       "and lon are not swapped")
            return False
        return True

    def extent(self, value: list[float] | None, path: str) -> None:
        if value is None or path in self.broken:
            return
        if len(value) != 4 or any(v is None for v in value):
            self.error(path, f"{len(value)} numbers; an extent is four: "
                       "[lon_min, lat_min, lon_max, lat_max] in decimal degrees")
            return
        ok = all(self.degrees(v, f.PLACE.field("lon" if i % 2 == 0 else "lat"), f"{path}[{i}]")
                 for i, v in enumerate(value))
        if not ok:
            return
        lon0, lat0, lon1, lat1 = value
        if lon0 >= lon1 or lat0 >= lat1:
            self.error(path, "the minimum must be below the maximum: write [lon_min, lat_min, "
                       "lon_max, lat_max], west and south first")
        elif lon1 - lon0 < MIN_EXTENT or lat1 - lat0 < MIN_EXTENT:
            self.error(path, f"the extent is smaller than {MIN_EXTENT} degrees (about 5 km) "
                       "across: widen it, or leave `extent` out to fit the places")
        elif lon1 - lon0 > MAX_EXTENT_LON or lat1 - lat0 > MAX_EXTENT_LAT or \
                max(abs(lat0), abs(lat1)) > MAX_MAP_LAT:
            self.error(path, f"a map spans at most {MAX_EXTENT_LON} degrees of longitude and "
                       f"{MAX_EXTENT_LAT} of latitude, between {-MAX_MAP_LAT} and {MAX_MAP_LAT} "
                       "north: narrow it to the region of the events")

    def row(self, row: m.TableRow, path: str) -> None:
        as_mapping = f"{path}.cells" in self.locations or (not self.locations and
                                                           row.marking is not None)
        cells_path = f"{path}.cells" if as_mapping else path
        if cells_path in self.broken:
            return
        cell = f.ROW.field("cells")
        for j, text in enumerate(row.cells):
            here = f"{cells_path}[{j}]"
            if here not in self.broken and text is not None and len(text) > cell.limit:
                self.error(here, too_long(len(text), cell.limit))
        if row.marking is not None:
            self.field(row.marking, f.ROW.field("marking"), join(path, "marking"))

    # -- rules between fields ------------------------------------------------------------------
    def chart_rules(self, chart: m.Chart, path: str) -> None:
        n = len(chart.categories)
        if n and join(path, "categories") not in self.broken:
            for i, series in enumerate(chart.series):
                here = f"{path}.series[{i}]"
                if here in self.broken or f"{here}.values" in self.broken:
                    continue
                if len(series.values) != n:
                    self.error(f"{here}.values", f"{len(series.values)} values for {n} categories: "
                               "give one value per category (null for unknown)")
        if chart.type == "pie" and len(chart.series) > 1:
            self.error(join(path, "series"), "a pie chart shows one series; use a column or bar "
                       "chart for more")

    def table_rules(self, table: m.Table, path: str) -> None:
        n = len(table.columns)
        if not n or join(path, "columns") in self.broken or join(path, "rows") in self.broken:
            return
        for i, row in enumerate(table.rows):
            here = f"{path}.rows[{i}]"
            if here in self.broken or f"{here}.cells" in self.broken:
                continue
            if len(row.cells) != n:
                self.error(here, f"{len(row.cells)} cells for {n} columns: give one cell per "
                           "column (\"\" for an empty one)")

    def value_rules(self, value: m.Value, path: str) -> None:
        if value.low is not None and value.high is not None and value.low > value.high and \
                join(path, "low") not in self.broken and join(path, "high") not in self.broken:
            self.error(join(path, "low"), f"low ({value.low:g}) is above high ({value.high:g}): "
                       "swap them")

    def place_rules(self, place: m.Place, path: str) -> None:
        if join(path, "lat") in self.broken or join(path, "lon") in self.broken:
            return
        if (place.lat is None) != (place.lon is None):
            missing = "lon" if place.lon is None else "lat"
            self.error(join(path, missing), f"`{missing}` is missing: give both lat and lon, or "
                       "neither to look the name up")
        elif place.lat is None and place.name and place.name.strip() and \
                len(place.name) <= f.MAX_SHORT:
            from briefing.maps.gazetteer import lookup  # the gazetteer, only when asked

            found = lookup(place.name)
            if found.problem:
                self.error(join(path, "name"), found.problem)
        if place.id is not None and place.id == "":
            self.error(join(path, "id"), "must not be empty: remove `id:` or give one")

    def section_rules(self, section: m.Section, path: str) -> None:
        if section.part is not None and not section.part.strip() and \
                join(path, "part") not in self.broken:
            self.error(join(path, "part"), "a part's title must not be empty: write the title "
                       "of the part this section opens (`part: Background`), or remove `part:`")
        if section.kind != "map":
            return
        first: dict[str, int] = {}
        for i, place in enumerate(section.places):
            if place is None or f"{path}.places[{i}]" in self.broken or not place.key:
                continue
            if place.key in first:
                what = "id" if place.id else "name"
                self.error(f"{path}.places[{i}].{what}", f"a second place with the {what} "
                           f"{short(place.key)!r} (also places[{first[place.key]}]): timeline "
                           "events name places by it; give one an `id:`")
            first.setdefault(place.key, i)
            self.place_keys.add(place.key)
        extent = section.extent
        if extent and len(extent) == 4 and join(path, "extent") not in self.broken and \
                all(v is not None for v in extent) and extent[0] < extent[2] and \
                extent[1] < extent[3]:
            for i, place in enumerate(section.places):
                if place is None or place.lat is None or place.lon is None:
                    continue
                if not (extent[0] <= place.lon <= extent[2] and extent[1] <= place.lat <= extent[3]):
                    self.error(f"{path}.places[{i}]", f"{short(place.name)} ({place.lat:g}, "
                               f"{place.lon:g}) lies outside the map's extent: widen `extent` "
                               "or remove it to fit the places")

    def image_rules(self, image: m.Image, path: str) -> None:
        here = join(path, "path")
        if self.base_dir is not None and image.path and image.path.strip() and \
                here not in self.broken and len(image.path) <= f.MAX_SHORT:
            problem = check_image_path(self.base_dir, image.path)
            if problem:
                self.error(here, problem)


    def document_rules(self, doc: m.Document, path: str) -> None:
        """The previous edition (`since:`) follows the images' folder rule; whether it loads
        is told by `briefing.format.previous`, with the old file's own errors."""
        here = join(path, "since")
        if self.base_dir is not None and doc.since and doc.since.strip() and \
                here not in self.broken and len(doc.since) <= f.MAX_SHORT:
            found = local_file(self.base_dir, doc.since, EDITION)
            if isinstance(found, str):
                self.error(here, found)


_PART_RULES = {
    "document": _Validator.document_rules,
    "chart": _Validator.chart_rules,
    "table": _Validator.table_rules,
    "value": _Validator.value_rules,
    "image": _Validator.image_rules,
    "place": _Validator.place_rules,
    "section": _Validator.section_rules,
}

MIN_EXTENT = 0.05
MAX_EXTENT_LON = 120.0
MAX_EXTENT_LAT = 80.0
MAX_MAP_LAT = 85.0
