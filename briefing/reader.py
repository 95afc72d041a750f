"""The versioned reader: YAML nodes to a `Document`, collecting every problem with its position.

It works on the node tree rather than on plain Python objects so that each error can name the
line and column it comes from, and so that duplicate keys and unsafe tags can be seen at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from . import model as m
from .errors import BriefingError, Problem
from .yamlsafe import STANDARD_TAGS, compose, decode, read_source

MAX_SECTIONS = 2000
MAX_NUMBER = 1e15
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")

TOP_KEYS = ("format", "title", "subtitle", "as_of", "author", "classification", "theme",
            "markings", "portion_marks", "sources", "sections")
SOURCE_KEYS = ("id", "title", "publisher", "url", "date", "reliability", "credibility", "marking")
SECTION_COMMON = ("id", "kind", "title", "notes", "sources", "include", "marking", "caveat")
SECTION_BODY = {
    "summary": ("text",), "text": ("text",), "judgments": ("items",), "timeline": ("events",),
    "chart": ("chart",), "table": ("table",), "quote": ("quote",), "image": ("image",),
}
ALL_BODY_KEYS = ("text", "items", "events", "chart", "table", "quote", "image")
ITEM_KEYS = ("text", "confidence", "sources", "marking")
EVENT_KEYS = ("date", "time", "place", "actor", "text", "sources", "marking")
CHART_KEYS = ("type", "unit", "categories", "series", "note")
SERIES_KEYS = ("name", "values", "marking")
VALUE_KEYS = ("value", "qualifier", "low", "high", "source")
TABLE_KEYS = ("columns", "rows")
ROW_KEYS = ("cells", "marking")
QUOTE_KEYS = ("text", "speaker", "date")
IMAGE_KEYS = ("path", "caption", "credit", "alt")

_T = "tag:yaml.org,2002:"
_constructor = SafeConstructor()


def load_file(path: str | Path, *, check_files: bool = True) -> m.Document:
    """Read and validate a briefing file; raises `BriefingError` with all problems found."""
    path = Path(path)
    text = read_source(path)
    return load_text(text, str(path), base_dir=path.resolve().parent, check_files=check_files)


def load_bytes(data: bytes, name: str, base_dir: Path | None = None) -> m.Document:
    return load_text(decode(data, name), name, base_dir=base_dir)


def load_text(
    text: str, name: str = "<text>", *, base_dir: Path | None = None, check_files: bool = True
) -> m.Document:
    node = compose(text, name)
    reader = _Reader(name, base_dir if check_files else None)
    doc = reader.document(node)
    if reader.problems or doc is None:
        raise BriefingError(sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0)))
    return doc


class _Reader:
    def __init__(self, name: str, base_dir: Path | None):
        self.name = name
        self.base_dir = base_dir
        self.problems: list[Problem] = []
        self._source_refs: list[tuple[str, yaml.Node, str]] = []
        self._markings: list[str] = []
        self._marking_refs: list[tuple[str, yaml.Node, str]] = []

    # -- reporting ---------------------------------------------------------------------------
    def error(self, node: yaml.Node | None, path: str, message: str) -> None:
        line = col = None
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.name, line, col, path, message))

    # -- the document ------------------------------------------------------------------------
    def document(self, root: yaml.Node | None) -> m.Document | None:
        if root is None:
            self.error(None, "", "the file is empty: start from `briefing new` or `briefing example`")
            return None
        if not isinstance(root, yaml.MappingNode):
            what = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
            self.error(root, "", f"the top level is {what}; a briefing is a mapping of keys "
                                 "(format, title, as_of, sections, ...)")
            return None
        fields = self.mapping(root, "", TOP_KEYS, required=("format", "title", "as_of", "sections"))
        if fields is None:
            return None
        fmt = fields.get("format")
        if fmt is not None:
            value = self.text(fmt, "format")
            if value is not None and value != m.FORMAT_ID:
                self.error(fmt, "format", f"unsupported format {value!r}: this version of "
                           f"Briefing Desk reads {m.FORMAT_ID!r}")
                return None
        if "markings" in fields:
            self._markings = self.list_of(fields["markings"], "markings", self.marking_level) or []
            self._check_unique(fields["markings"], "markings", self._markings, "level")
        sources = self.list_of(fields.get("sources"), "sources", self.source) or []
        self._check_unique_ids(fields.get("sources"), "sources", [s.id for s in sources])
        sections_node = fields.get("sections")
        sections: list[m.Section] = []
        if sections_node is not None:
            if isinstance(sections_node, yaml.SequenceNode) and len(sections_node.value) > MAX_SECTIONS:
                self.error(sections_node, "sections", f"{len(sections_node.value):,} sections; "
                           f"the limit is {MAX_SECTIONS:,}: split the briefing into several files")
                return None
            sections = self.list_of(sections_node, "sections", self.section) or []
            if isinstance(sections_node, yaml.SequenceNode) and not sections_node.value:
                self.error(sections_node, "sections", "at least one section is needed")
        self._assign_ids(sections_node, sections)
        known = {s.id for s in sources}
        for ref, node, path in self._source_refs:
            if ref not in known:
                hint = self._suggest(ref, sorted(known))
                self.error(node, path, f"unknown source {ref!r}{hint}; "
                           "add it under `sources:` or fix the id")
        for level, node, path in self._marking_refs:
            if not self._markings:
                self.error(node, path, f"marking {level!r} used but the document declares no "
                           "levels: add `markings: [..., " + level + "]` at the top")
            elif level not in self._markings:
                self.error(node, path, f"unknown marking {level!r}; the document's levels are "
                           f"{', '.join(self._markings)} (highest last){self._suggest(level, self._markings)}")
        title = self.required_text(fields.get("title"), "title")
        as_of = self.date(fields.get("as_of"), "as_of") if "as_of" in fields else None
        theme = self.opt_text(fields.get("theme"), "theme")
        if theme is not None:
            from .resources import theme_names

            names = theme_names()
            if theme not in names:
                self.error(fields["theme"], "theme", f"unknown theme {theme!r}; available: "
                           f"{', '.join(names)}{self._suggest(theme, names)}")
        if self.problems or title is None or as_of is None:
            return None
        return m.Document(
            title=title,
            as_of=as_of,
            sections=sections,
            subtitle=self.opt_text(fields.get("subtitle"), "subtitle"),
            author=self.opt_text(fields.get("author"), "author"),
            classification=self.opt_text(fields.get("classification"), "classification"),
            theme=theme,
            markings=self._markings,
            portion_marks=self.boolean(fields.get("portion_marks"), "portion_marks", False),
            sources=sources,
        )

    def source(self, node: yaml.Node, path: str) -> m.Source | None:
        f = self.mapping(node, path, SOURCE_KEYS, required=("id", "title"))
        if f is None:
            return None
        sid = self.identifier(f.get("id"), path + ".id")
        title = self.required_text(f.get("title"), path + ".title")
        reliability = self.opt_text(f.get("reliability"), path + ".reliability")
        if reliability is not None and reliability not in m.RELIABILITY_GRADES:
            self.error(f["reliability"], path + ".reliability",
                       f"reliability {reliability!r} must be one letter A (reliable) to F (cannot be judged)")
        credibility = self.opt_int(f.get("credibility"), path + ".credibility")
        if credibility is not None and credibility not in m.CREDIBILITY_GRADES:
            self.error(f["credibility"], path + ".credibility",
                       f"credibility {credibility} must be 1 (confirmed) to 6 (cannot be judged)")
        return m.Source(
            id=sid or "", title=title or "",
            publisher=self.opt_text(f.get("publisher"), path + ".publisher"),
            url=self.opt_text(f.get("url"), path + ".url"),
            date=self.date(f["date"], path + ".date") if _present(f.get("date")) else None,
            reliability=reliability, credibility=credibility,
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def section(self, node: yaml.Node, path: str) -> m.Section | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, "a section must be a mapping with at least `kind` and `title`")
            return None
        kind_node = self._get(node, "kind")
        kind = self.text(kind_node, path + ".kind") if kind_node is not None else None
        if kind is not None and kind not in m.SECTION_KINDS:
            self.error(kind_node, path + ".kind", f"unknown kind {kind!r}"
                       f"{self._suggest(kind, m.SECTION_KINDS)}; use one of {', '.join(m.SECTION_KINDS)}")
            kind = None
        body_keys = SECTION_BODY.get(kind or "", ALL_BODY_KEYS)
        f = self.mapping(node, path, SECTION_COMMON + body_keys,
                         required=("kind", "title") + (body_keys if kind else ()),
                         misplaced={k: f"`{k}` belongs to other section kinds, not {kind!r}"
                                    for k in ALL_BODY_KEYS if kind and k not in body_keys})
        if f is None or kind is None:
            return None
        section = m.Section(
            kind=kind,
            title=self.required_text(f.get("title"), path + ".title") or "",
            id=self.identifier(f["id"], path + ".id") or "" if _present(f.get("id")) else "",
            notes=self.opt_text(f.get("notes"), path + ".notes"),
            sources=self.source_refs(f.get("sources"), path + ".sources"),
            include=self.boolean(f.get("include"), path + ".include", True),
            marking=self.marking(f.get("marking"), path + ".marking"),
            caveat=self.opt_text(f.get("caveat"), path + ".caveat"),
        )
        if kind in ("summary", "text"):
            section.text = self.opt_text(f.get("text"), path + ".text") or ""
        elif kind == "judgments":
            section.items = self.list_of(f.get("items"), path + ".items", self.judgment) or []
        elif kind == "timeline":
            section.events = self.list_of(f.get("events"), path + ".events", self.event) or []
        elif kind == "chart" and "chart" in f:
            section.chart = self.chart(f["chart"], path + ".chart")
        elif kind == "table" and "table" in f:
            section.table = self.table(f["table"], path + ".table")
        elif kind == "quote" and "quote" in f:
            section.quote = self.quote(f["quote"], path + ".quote")
        elif kind == "image" and "image" in f:
            section.image = self.image(f["image"], path + ".image")
        return section

    def judgment(self, node: yaml.Node, path: str) -> m.JudgmentItem | None:
        f = self.mapping(node, path, ITEM_KEYS, required=("text", "confidence"))
        if f is None:
            return None
        confidence = self.choice(f.get("confidence"), path + ".confidence", m.CONFIDENCE_LEVELS)
        return m.JudgmentItem(
            text=self.required_text(f.get("text"), path + ".text") or "",
            confidence=confidence or "moderate",
            sources=self.source_refs(f.get("sources"), path + ".sources"),
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def event(self, node: yaml.Node, path: str) -> m.Event | None:
        f = self.mapping(node, path, EVENT_KEYS, required=("date", "text"))
        if f is None:
            return None
        date = self.date(f.get("date"), path + ".date")
        return m.Event(
            date=date or dt.date.min,
            text=self.required_text(f.get("text"), path + ".text") or "",
            time=self.opt_text(f.get("time"), path + ".time"),
            place=self.opt_text(f.get("place"), path + ".place"),
            actor=self.opt_text(f.get("actor"), path + ".actor"),
            sources=self.source_refs(f.get("sources"), path + ".sources"),
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def chart(self, node: yaml.Node, path: str) -> m.Chart | None:
        f = self.mapping(node, path, CHART_KEYS, required=("type", "categories", "series"))
        if f is None:
            return None
        ctype = self.choice(f.get("type"), path + ".type", m.CHART_TYPES)
        categories = self.list_of(f.get("categories"), path + ".categories", self.required_text) or []
        if isinstance(f.get("categories"), yaml.SequenceNode) and not categories:
            self.error(f["categories"], path + ".categories", "a chart needs at least one category")
        series = self.list_of(f.get("series"), path + ".series", self.series) or []
        if isinstance(f.get("series"), yaml.SequenceNode) and not f["series"].value:
            self.error(f["series"], path + ".series", "a chart needs at least one series")
        if categories:
            for i, s in enumerate(series):
                if len(s.values) != len(categories):
                    vnode = self._get(f["series"].value[i], "values") or f["series"].value[i]
                    self.error(vnode, f"{path}.series[{i}].values",
                               f"{len(s.values)} values for {len(categories)} categories: give one "
                               "value per category (null for unknown)")
        if ctype == "pie" and len(series) > 1:
            self.error(f["series"], path + ".series",
                       "a pie chart shows one series; use a column or bar chart for more")
        return m.Chart(type=ctype or "column", categories=categories, series=series,
                       unit=self.opt_text(f.get("unit"), path + ".unit"),
                       note=self.opt_text(f.get("note"), path + ".note"))

    def series(self, node: yaml.Node, path: str) -> m.Series | None:
        f = self.mapping(node, path, SERIES_KEYS, required=("name", "values"))
        if f is None:
            return None
        return m.Series(
            name=self.required_text(f.get("name"), path + ".name") or "",
            values=self.list_of(f.get("values"), path + ".values", self.value, allow_null=True) or [],
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def value(self, node: yaml.Node, path: str) -> m.Value | None:
        if _is_null(node):
            return m.Value(None)
        if isinstance(node, yaml.ScalarNode):
            return m.Value(self.count(node, path))
        f = self.mapping(node, path, VALUE_KEYS, required=())
        if f is None:
            return None
        v = m.Value(
            value=self.count(f["value"], path + ".value") if _present(f.get("value")) else None,
            qualifier=self.choice(f.get("qualifier"), path + ".qualifier", m.QUALIFIERS)
            if _present(f.get("qualifier")) else None,
            low=self.count(f["low"], path + ".low") if _present(f.get("low")) else None,
            high=self.count(f["high"], path + ".high") if _present(f.get("high")) else None,
            source=None,
        )
        if _present(f.get("source")):
            refs = self.source_refs_one(f["source"], path + ".source")
            v.source = refs
        if v.low is not None and v.high is not None and v.low > v.high:
            self.error(f["low"], path + ".low", f"low ({v.low:g}) is above high ({v.high:g})")
        return v

    def table(self, node: yaml.Node, path: str) -> m.Table | None:
        f = self.mapping(node, path, TABLE_KEYS, required=("columns",))
        if f is None:
            return None
        columns = self.list_of(f.get("columns"), path + ".columns", self.required_text) or []
        if isinstance(f.get("columns"), yaml.SequenceNode) and not columns:
            self.error(f["columns"], path + ".columns", "a table needs at least one column")
        rows = self.list_of(f.get("rows"), path + ".rows", self.row) or []
        if columns:
            for i, row in enumerate(rows):
                if len(row.cells) != len(columns):
                    self.error(f["rows"].value[i], f"{path}.rows[{i}]",
                               f"{len(row.cells)} cells for {len(columns)} columns: give one cell "
                               "per column (\"\" for an empty one)")
        return m.Table(columns=columns, rows=rows)

    def row(self, node: yaml.Node, path: str) -> m.TableRow | None:
        if isinstance(node, yaml.SequenceNode):
            return m.TableRow(self.list_of(node, path, self.cell, allow_null=True) or [])
        f = self.mapping(node, path, ROW_KEYS, required=("cells",))
        if f is None:
            return None
        if not isinstance(f.get("cells"), yaml.SequenceNode):
            self.error(f.get("cells"), path + ".cells", "cells must be a list, one per column")
            return None
        return m.TableRow(self.list_of(f["cells"], path + ".cells", self.cell, allow_null=True) or [],
                          marking=self.marking(f.get("marking"), path + ".marking"))

    def cell(self, node: yaml.Node, path: str) -> str | None:
        return "" if _is_null(node) else self.text(node, path)

    def quote(self, node: yaml.Node, path: str) -> m.Quote | None:
        f = self.mapping(node, path, QUOTE_KEYS, required=("text",))
        if f is None:
            return None
        return m.Quote(
            text=self.required_text(f.get("text"), path + ".text") or "",
            speaker=self.opt_text(f.get("speaker"), path + ".speaker"),
            date=self.date(f["date"], path + ".date") if _present(f.get("date")) else None,
        )

    def image(self, node: yaml.Node, path: str) -> m.Image | None:
        f = self.mapping(node, path, IMAGE_KEYS, required=("path",))
        if f is None:
            return None
        rel = self.required_text(f.get("path"), path + ".path")
        if rel is not None and self.base_dir is not None:
            self._check_image_path(f["path"], path + ".path", rel)
        return m.Image(
            path=rel or "",
            caption=self.opt_text(f.get("caption"), path + ".caption"),
            credit=self.opt_text(f.get("credit"), path + ".credit"),
            alt=self.opt_text(f.get("alt"), path + ".alt"),
        )

    def _check_image_path(self, node: yaml.Node, path: str, rel: str) -> None:
        assert self.base_dir is not None
        base = self.base_dir.resolve()
        if Path(rel).is_absolute() or rel.startswith("~"):
            self.error(node, path, f"{rel!r} is an absolute path; give a path relative to the "
                       "briefing file and keep the image in its folder")
            return
        target = (base / rel).resolve()
        if not target.is_relative_to(base):
            self.error(node, path, f"{rel!r} lies outside the briefing's folder; copy the image "
                       "into the folder (or a subfolder) of the .yaml file")
        elif not target.exists():
            self.error(node, path, f"image file {rel!r} not found next to the briefing")
        elif not target.is_file():
            self.error(node, path, f"{rel!r} is not a file")

    # -- generic shapes ----------------------------------------------------------------------
    def mapping(
        self, node: yaml.Node | None, path: str, allowed: tuple[str, ...], required: tuple[str, ...],
        misplaced: dict[str, str] | None = None,
    ) -> dict[str, yaml.Node] | None:
        if node is None:
            return None
        self._check_tag(node, path)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path or "(top level)",
                       f"expected a mapping of keys ({', '.join(required or allowed[:3])}, ...), "
                       f"found {_describe(node)}")
            return None
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            here = f"{path}.{key}" if path else key
            if key in result:
                self.error(key_node, here, f"duplicate key {key!r}: it is already set above; "
                           "keep only one")
                continue
            if key not in allowed:
                if misplaced and key in misplaced:
                    self.error(key_node, here, misplaced[key])
                else:
                    self.error(key_node, here, f"unknown key {key!r}{self._suggest(key, allowed)}"
                               f"; allowed here: {', '.join(allowed)}")
                continue
            self._check_tag(value_node, here)
            result[key] = value_node
        for key in required:
            if key not in result and not any(p.path == (f"{path}.{key}" if path else key)
                                             for p in self.problems):
                self.error(node, f"{path}.{key}" if path else key,
                           f"required key {key!r} is missing")
        return result

    def list_of(
        self, node: yaml.Node | None, path: str, item: Callable[[yaml.Node, str], Any],
        allow_null: bool = False,
    ) -> list[Any] | None:
        if node is None or _is_null(node):
            return None if node is None else []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list (lines starting with '- '), found {_describe(node)}")
            return None
        out = []
        for i, child in enumerate(node.value):
            self._check_tag(child, f"{path}[{i}]")
            if _is_null(child) and not allow_null:
                self.error(child, f"{path}[{i}]", "empty entry in the list: remove the bare '-'")
                continue
            value = item(child, f"{path}[{i}]")
            if value is not None:
                out.append(value)
        return out

    def text(self, node: yaml.Node | None, path: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected text, found {_describe(node)}")
            return None
        if node.tag not in STANDARD_TAGS:
            return None
        return node.value

    def required_text(self, node: yaml.Node | None, path: str) -> str | None:
        if node is None:
            return None
        if _is_null(node) or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
            self.error(node, path, "must not be empty")
            return None
        return self.text(node, path)

    def opt_text(self, node: yaml.Node | None, path: str) -> str | None:
        if node is None or _is_null(node):
            return None
        return self.text(node, path)

    def identifier(self, node: yaml.Node | None, path: str) -> str | None:
        value = self.required_text(node, path)
        if value is not None and not ID_RE.match(value):
            self.error(node, path, f"id {value!r} may contain only letters, digits, '-', '_', "
                       "'.' and ':', and must start with a letter or digit")
            return None
        return value

    def marking_level(self, node: yaml.Node, path: str) -> str | None:
        return self.required_text(node, path)

    def marking(self, node: yaml.Node | None, path: str) -> str | None:
        value = self.opt_text(node, path)
        if value is not None:
            self._marking_refs.append((value, node, path))
        return value

    def choice(self, node: yaml.Node | None, path: str, options: tuple[str, ...]) -> str | None:
        value = self.text(node, path) if node is not None and not _is_null(node) else None
        if node is not None and value is None and _is_null(node):
            self.error(node, path, f"must be one of {', '.join(options)}")
        if value is not None and value not in options:
            self.error(node, path, f"{value!r} is not one of {', '.join(options)}"
                       f"{self._suggest(value, options)}")
            return None
        return value

    def boolean(self, node: yaml.Node | None, path: str, default: bool) -> bool:
        if node is None or _is_null(node):
            return default
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "bool":
            return bool(_constructor.construct_object(node))
        self.error(node, path, f"expected true or false, found {_describe(node)}")
        return default

    def number(self, node: yaml.Node, path: str) -> float | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in (_T + "int", _T + "float"):
            value = _constructor.construct_object(node)
            return float(value) if not isinstance(value, int) or abs(value) < 10**300 else math.inf
        self.error(node, path, f"expected a number, found {_describe(node)}")
        return None

    def count(self, node: yaml.Node, path: str) -> float | None:
        value = self.number(node, path)
        if value is None:
            return None
        if not math.isfinite(value):
            self.error(node, path, f"{node.value} is not a finite number; use null for unknown")
            return None
        if value < 0:
            self.error(node, path, f"{node.value} is negative; chart values are counts (0 or more)")
            return None
        if value > MAX_NUMBER:
            self.error(node, path, f"{node.value} is implausibly large (limit {MAX_NUMBER:.0e})")
            return None
        return value

    def opt_int(self, node: yaml.Node | None, path: str) -> int | None:
        if node is None or _is_null(node):
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "int":
            return int(_constructor.construct_object(node))
        self.error(node, path, f"expected a whole number, found {_describe(node)}")
        return None

    def date(self, node: yaml.Node | None, path: str) -> m.DateLike | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "timestamp":
            try:
                return _constructor.construct_object(node)
            except (ValueError, ConstructorError):
                self.error(node, path, f"{node.value} is not a real calendar date")
                return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "str":
            try:
                return dt.datetime.fromisoformat(node.value) if "T" in node.value or " " in \
                    node.value.strip() else dt.date.fromisoformat(node.value)
            except ValueError:
                pass
        self.error(node, path, f"expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM), "
                   f"found {_describe(node)}")
        return None

    def source_refs(self, node: yaml.Node | None, path: str) -> list[str]:
        if node is None or _is_null(node):
            return []
        if isinstance(node, yaml.ScalarNode):
            ref = self.source_refs_one(node, path)
            return [ref] if ref else []
        return self.list_of(node, path, self.source_refs_one) or []

    def source_refs_one(self, node: yaml.Node, path: str) -> str | None:
        ref = self.text(node, path)
        if ref is not None:
            self._source_refs.append((ref, node, path))
        return ref

    # -- cross checks --------------------------------------------------------------------------
    def _assign_ids(self, node: yaml.Node | None, sections: list[m.Section]) -> None:
        seen: dict[str, int] = {}
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        for i, section in enumerate(sections):
            if section.id:
                if section.id in seen:
                    id_node = self._get(items[i], "id") if i < len(items) else None
                    self.error(id_node, f"sections[{i}].id", f"duplicate section id "
                               f"{section.id!r} (also sections[{seen[section.id]}]); ids must be unique")
                seen.setdefault(section.id, i)
        for i, section in enumerate(sections):
            if not section.id:
                section.id = unique_slug(section.title, set(seen))
                seen[section.id] = i

    def _check_unique_ids(self, node: yaml.Node | None, path: str, ids: list[str]) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        first: dict[str, int] = {}
        for i, sid in enumerate(ids):
            if sid and sid in first:
                self.error(self._get(node.value[i], "id"), f"{path}[{i}].id",
                           f"duplicate source id {sid!r} (also {path}[{first[sid]}])")
            first.setdefault(sid, i)

    def _check_unique(self, node: yaml.Node, path: str, values: list[str], what: str) -> None:
        if isinstance(node, yaml.SequenceNode) and len(set(values)) != len(values):
            self.error(node, path, f"each {what} may appear only once")

    def _check_tag(self, node: yaml.Node, path: str) -> None:
        if node.tag not in STANDARD_TAGS:
            self.error(node, path, f"tag {node.tag!r} is not allowed in a briefing file "
                       "(only plain YAML values); remove it")

    @staticmethod
    def _get(node: yaml.Node, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None

    @staticmethod
    def _suggest(word: str, options: Any) -> str:
        close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].rstrip("-") or "section"


def unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _present(node: yaml.Node | None) -> bool:
    return node is not None and not _is_null(node)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _T + "null"


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = node.tag.rsplit(":", 1)[-1]
    names = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
             "null": "nothing (null)", "timestamp": "a date"}
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{names.get(kind, kind)} {value!r}" if kind != "null" else names["null"]
