"""The versioned reader: YAML nodes to a `Document`, collecting every problem with its position.

It works on the node tree rather than on plain Python objects so that each error can name the
line and column it comes from, and so that duplicate keys and unsafe tags can be seen at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import math
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from briefing.errors import BriefingError, Problem
from briefing.format.yamlsafe import MAX_SECTIONS, STANDARD_TAGS, compose, decode, read_source
from briefing.model import document as m
from briefing.model.lookalike import skeleton

MAX_NUMBER = 1e15
MAX_DIGITS = 30
MAX_SHORT = 2_000
"""Characters in a one-line field: titles, names, categories, ids, captions."""
MAX_TEXT = 200_000
"""Characters in a free-text field: section text, notes, quotes, table cells."""
MAX_CATEGORIES = 500
MAX_SERIES = 50
MAX_COLUMNS = 50
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
_EXPONENT = re.compile(r"^[-+]?(?=\.?\d)(\d[\d_]*)?(\.\d[\d_]*)?([eE][-+]?\d+)?$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$")
REQUIRED_HINTS = {
    "format": f"`format: {m.FORMAT_ID}` as the first line",
    "title": "`title: ...`",
    "as_of": "`as_of: YYYY-MM-DD`, the date the information is current to",
    "sections": "`sections:` with at least one section under it",
    "kind": "`kind: summary` (or text, judgments, timeline, chart, table, quote, image)",
    "text": "`text: ...` (or `text: \"\"` to leave it empty for now)",
    "items": "`items:` with `- {text: ..., confidence: moderate}` under it",
    "events": "`events:` with `- {date: YYYY-MM-DD, text: ...}` under it",
    "chart": "`chart:` with `type`, `categories` and `series` under it",
    "table": "`table:` with `columns: [...]` and `rows:` under it",
    "quote": "`quote: {text: ..., speaker: ...}`",
    "image": "`image: {path: picture.png}`",
    "confidence": "`confidence: low`, `moderate` or `high`",
}

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
        if root is None or (_is_null(root) and not root.value):
            self.error(None, "", "the file is empty (or only comments): start from the output "
                       "of `briefing new` or `briefing example`")
            return None
        if not isinstance(root, yaml.MappingNode):
            what = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
            self.error(root, "", f"the top level is {what}; a briefing is a mapping of keys "
                                 "(format, title, as_of, sections, ...): start from `briefing new`")
            return None
        fields = self.mapping(root, "", TOP_KEYS, required=("format", "title", "as_of", "sections"))
        if fields is None:
            return None
        fmt = fields.get("format")
        if fmt is not None:
            value = self.text(fmt, "format", MAX_SHORT)
            if value is not None and value != m.FORMAT_ID:
                self.error(fmt, "format", f"unsupported format {_short(value)!r}: this version of "
                           f"Briefing Desk reads {m.FORMAT_ID!r}; write `format: {m.FORMAT_ID}` "
                           "or open the file with the version that wrote it")
                return None
        title = self.required_text(fields.get("title"), "title", MAX_SHORT)
        as_of = self.date(fields.get("as_of"), "as_of") if "as_of" in fields else None
        subtitle = self.opt_text(fields.get("subtitle"), "subtitle", MAX_SHORT)
        author = self.opt_text(fields.get("author"), "author", MAX_SHORT)
        classification = self.opt_text(fields.get("classification"), "classification", MAX_SHORT)
        portion_marks = self.boolean(fields.get("portion_marks"), "portion_marks", False)
        theme = self.opt_text(fields.get("theme"), "theme", MAX_SHORT)
        if theme is not None:
            from briefing.resources import theme_names

            names = theme_names()
            if theme not in names:
                self.error(fields["theme"], "theme", f"unknown theme {_short(theme)!r}; available: "
                           f"{', '.join(names)}{self._suggest(theme, names)}: use one of them, or remove "
                           "`theme:` for the default")
        if "markings" in fields:
            self._markings = self.list_of(fields["markings"], "markings", self.marking_level) or []
            self._check_unique(fields["markings"], "markings", self._markings, "level")
            self._check_levels_distinct(fields["markings"])
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
            if _is_null(sections_node) or (isinstance(sections_node, yaml.SequenceNode)
                                           and not sections_node.value):
                self.error(sections_node, "sections", "at least one section is needed: add one "
                           "under `sections:` as `- kind: summary`, `title: ...`, `text: ...`")
        self._assign_ids(sections_node, sections)
        known = {s.id for s in sources}
        for ref, node, path in self._source_refs:
            if ref not in known:
                hint = self._suggest(ref, sorted(known))
                self.error(node, path, f"unknown source {_short(ref)!r}{hint}; "
                           "add it under `sources:` or fix the id")
        for level, node, path in self._marking_refs:
            if not self._markings:
                self.error(node, path, f"marking {_short(level)!r} used but the document declares no "
                           "levels: add `markings: [..., " + level + "]` at the top")
            elif level not in self._markings:
                self.error(node, path, f"unknown marking {_short(level)!r}; the document's levels are "
                           f"{', '.join(self._markings)} (highest last){self._suggest(level, self._markings)}"
                           ": use one of them, or add it to `markings:`")
        if self.problems or title is None or as_of is None:
            return None
        return m.Document(
            title=title,
            as_of=as_of,
            sections=sections,
            subtitle=subtitle,
            author=author,
            classification=classification,
            theme=theme,
            markings=self._markings,
            portion_marks=portion_marks,
            sources=sources,
        )

    def source(self, node: yaml.Node, path: str) -> m.Source | None:
        f = self.mapping(node, path, SOURCE_KEYS, required=("id", "title"))
        if f is None:
            return None
        sid = self.identifier(f.get("id"), path + ".id")
        title = self.required_text(f.get("title"), path + ".title", MAX_SHORT)
        reliability = self.opt_text(f.get("reliability"), path + ".reliability", MAX_SHORT)
        if reliability is not None and reliability not in m.RELIABILITY_GRADES:
            self.error(f["reliability"], path + ".reliability",
                       f"reliability {_short(reliability)!r} is not a grade: use one letter, A (reliable) to F "
                       "(cannot be judged)")
        credibility = self.opt_int(f.get("credibility"), path + ".credibility")
        if credibility is not None and credibility not in m.CREDIBILITY_GRADES:
            self.error(f["credibility"], path + ".credibility",
                       f"credibility {credibility} is not a grade: use 1 (confirmed) to 6 (cannot be judged)")
        return m.Source(
            id=sid or "", title=title or "",
            publisher=self.opt_text(f.get("publisher"), path + ".publisher", MAX_SHORT),
            url=self.opt_text(f.get("url"), path + ".url", MAX_SHORT),
            date=self.date(f["date"], path + ".date") if _present(f.get("date")) else None,
            reliability=reliability, credibility=credibility,
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def section(self, node: yaml.Node, path: str) -> m.Section | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, "a section must be a mapping with at least `kind` and `title`: "
                       "write it as `- kind: text` with `title: ...` and its content below")
            return None
        kind_node = self._get(node, "kind")
        kind = self.text(kind_node, path + ".kind", MAX_SHORT) if kind_node is not None else None
        if kind is not None and not kind.strip():
            self.error(kind_node, path + ".kind", f"kind must not be empty; use one of "
                       f"{', '.join(m.SECTION_KINDS)}")
            kind = None
        elif kind is not None and kind not in m.SECTION_KINDS:
            self.error(kind_node, path + ".kind", f"unknown kind {_short(kind)!r}"
                       f"{self._suggest(kind, m.SECTION_KINDS)}; use one of {', '.join(m.SECTION_KINDS)}")
            kind = None
        body_keys = SECTION_BODY.get(kind or "", ALL_BODY_KEYS)
        f = self.mapping(node, path, SECTION_COMMON + body_keys,
                         required=("kind", "title") + (body_keys if kind else ()),
                         misplaced={k: f"`{k}` belongs to other section kinds, not {kind!r}: remove "
                                    "it, or change `kind`"
                                    for k in ALL_BODY_KEYS if kind and k not in body_keys})
        if f is None or kind is None:
            return None
        section = m.Section(
            kind=kind,
            title=self.required_text(f.get("title"), path + ".title", MAX_SHORT) or "",
            id=self.identifier(f["id"], path + ".id") or "" if _present(f.get("id")) else "",
            notes=self.opt_text(f.get("notes"), path + ".notes"),
            sources=self.source_refs(f.get("sources"), path + ".sources"),
            include=self.boolean(f.get("include"), path + ".include", True),
            marking=self.marking(f.get("marking"), path + ".marking"),
            caveat=self.opt_text(f.get("caveat"), path + ".caveat", MAX_SHORT),
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
            time=self.opt_text(f.get("time"), path + ".time", MAX_SHORT),
            place=self.opt_text(f.get("place"), path + ".place", MAX_SHORT),
            actor=self.opt_text(f.get("actor"), path + ".actor", MAX_SHORT),
            sources=self.source_refs(f.get("sources"), path + ".sources"),
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def chart(self, node: yaml.Node, path: str) -> m.Chart | None:
        f = self.mapping(node, path, CHART_KEYS, required=("type", "categories", "series"))
        if f is None:
            return None
        ctype = self.choice(f.get("type"), path + ".type", m.CHART_TYPES)
        cat_node, series_node = f.get("categories"), f.get("series")
        if not self._within(cat_node, path + ".categories", MAX_CATEGORIES, "categories") or \
                not self._within(series_node, path + ".series", MAX_SERIES, "series"):
            return None
        categories = self.list_of(cat_node, path + ".categories", self.short_text) or []
        if isinstance(cat_node, yaml.SequenceNode) and not cat_node.value:
            self.error(cat_node, path + ".categories", "a chart needs at least one category: "
                       "add one to `categories: [...]`")
        series = self.list_of(series_node, path + ".series", self.series) or []
        if isinstance(series_node, yaml.SequenceNode) and not series_node.value:
            self.error(series_node, path + ".series", "a chart needs at least one series: "
                       "add `- {name: ..., values: [...]}` under `series:`")
        n_categories = len(cat_node.value) if isinstance(cat_node, yaml.SequenceNode) else 0
        if n_categories and isinstance(series_node, yaml.SequenceNode):
            for i, s_node in enumerate(series_node.value):
                vnode = self._get(s_node, "values")
                if isinstance(vnode, yaml.SequenceNode) and len(vnode.value) != n_categories:
                    self.error(vnode, f"{path}.series[{i}].values",
                               f"{len(vnode.value)} values for {n_categories} categories: give one "
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
            name=self.required_text(f.get("name"), path + ".name", MAX_SHORT) or "",
            values=self.list_of(f.get("values"), path + ".values", self.value, allow_null=True) or [],
            marking=self.marking(f.get("marking"), path + ".marking"),
        )

    def value(self, node: yaml.Node, path: str) -> m.Value | None:
        if _is_null(node):
            return m.Value(None)
        if isinstance(node, yaml.ScalarNode):
            return m.Value(self.count(node, path))
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a number (or null, or {{value: 9, qualifier: at "
                       f"least}}), found {_describe(node)}")
            return None
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
            self.error(f["low"], path + ".low", f"low ({v.low:g}) is above high ({v.high:g}): swap them")
        return v

    def table(self, node: yaml.Node, path: str) -> m.Table | None:
        f = self.mapping(node, path, TABLE_KEYS, required=("columns",))
        if f is None:
            return None
        col_node, rows_node = f.get("columns"), f.get("rows")
        if not self._within(col_node, path + ".columns", MAX_COLUMNS, "columns"):
            return None
        columns = self.list_of(col_node, path + ".columns", self.short_text) or []
        if isinstance(col_node, yaml.SequenceNode) and not col_node.value:
            self.error(col_node, path + ".columns", "a table needs at least one column: "
                       "add a heading to `columns: [...]`")
        rows = self.list_of(rows_node, path + ".rows", self.row) or []
        n_columns = len(col_node.value) if isinstance(col_node, yaml.SequenceNode) else 0
        if n_columns and isinstance(rows_node, yaml.SequenceNode):
            for i, row_node in enumerate(rows_node.value):
                cells = row_node if isinstance(row_node, yaml.SequenceNode) else \
                    self._get(row_node, "cells")
                if isinstance(cells, yaml.SequenceNode) and len(cells.value) != n_columns:
                    self.error(row_node, f"{path}.rows[{i}]",
                               f"{len(cells.value)} cells for {n_columns} columns: give one cell "
                               "per column (\"\" for an empty one)")
        return m.Table(columns=columns, rows=rows)

    def row(self, node: yaml.Node, path: str) -> m.TableRow | None:
        if isinstance(node, yaml.SequenceNode):
            return m.TableRow(self.list_of(node, path, self.cell, allow_null=True) or [])
        f = self.mapping(node, path, ROW_KEYS, required=("cells",))
        if f is None:
            return None
        if not isinstance(f.get("cells"), yaml.SequenceNode):
            self.error(f.get("cells"), path + ".cells", "cells must be a list: write `cells: [..., ...]`, one per column")
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
            speaker=self.opt_text(f.get("speaker"), path + ".speaker", MAX_SHORT),
            date=self.date(f["date"], path + ".date") if _present(f.get("date")) else None,
        )

    def image(self, node: yaml.Node, path: str) -> m.Image | None:
        f = self.mapping(node, path, IMAGE_KEYS, required=("path",))
        if f is None:
            return None
        rel = self.required_text(f.get("path"), path + ".path", MAX_SHORT)
        if rel is not None and self.base_dir is not None:
            self._check_image_path(f["path"], path + ".path", rel)
        return m.Image(
            path=rel or "",
            caption=self.opt_text(f.get("caption"), path + ".caption", MAX_SHORT),
            credit=self.opt_text(f.get("credit"), path + ".credit", MAX_SHORT),
            alt=self.opt_text(f.get("alt"), path + ".alt", MAX_SHORT),
        )

    def _check_image_path(self, node: yaml.Node, path: str, rel: str) -> None:
        assert self.base_dir is not None
        problem = check_image_path(self.base_dir, rel)
        if problem:
            self.error(node, path, problem)

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
                       f"found {_describe(node)}: write `key: value` lines indented below it")
            return None
        result: dict[str, yaml.Node] = {}
        result_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a key must be a plain word, not a list or mapping: write `name: value`")
                continue
            key = key_node.value
            shown = _short(key)
            here = f"{path}.{shown}" if path else shown
            if key in result:
                first = result_keys[key]
                self.error(key_node, here, f"duplicate key {_short(key)!r}: it is already set on line "
                           f"{first.start_mark.line + 1}; keep only one")
                continue
            if key not in allowed:
                if key == "<<":
                    self.error(key_node, here, "YAML merge keys ('<<: *name') are not supported "
                               "in a briefing: write the keys out in full")
                elif misplaced and key in misplaced:
                    self.error(key_node, here, misplaced[key])
                else:
                    self.error(key_node, here, f"unknown key {_short(key)!r}{self._suggest(key, allowed)}"
                               f": fix or remove it; allowed here: {', '.join(allowed)}")
                continue
            self._check_tag(value_node, here)
            result[key] = value_node
            result_keys[key] = key_node
        if any(isinstance(k, yaml.ScalarNode) and k.value == "<<" for k, _v in node.value):
            return result  # keys hidden in a merge: the merge-key error says what to do
        for key in required:
            if key not in result and not any(p.path == (f"{path}.{key}" if path else key)
                                             for p in self.problems):
                self.error(node, f"{path}.{key}" if path else key,
                           f"required key {key!r} is missing: add {REQUIRED_HINTS.get(key, key + ': ...')}")
        return result

    def list_of(
        self, node: yaml.Node | None, path: str, item: Callable[[yaml.Node, str], Any],
        allow_null: bool = False,
    ) -> list[Any] | None:
        if node is None or _is_null(node):
            return None if node is None else []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list, found {_describe(node)}: write one entry per line "
                       "starting with '- ' (or [a, b] on one line)")
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

    def text(self, node: yaml.Node | None, path: str, limit: int = MAX_TEXT) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected text, found {_describe(node)}: write a single value "
                       "(in quotes if it starts with '[' or '{' or contains ': ')")
            return None
        if node.tag not in STANDARD_TAGS:
            return None
        if _SURROGATE.search(node.value):  # only the pure-Python parser lets "\ud800" through
            self.error(node, path, "contains a lone UTF-16 surrogate escape (\\ud800-\\udfff), "
                       "which is not a character: write the character itself")
            return None
        if len(node.value) > limit:
            self.error(node, path, f"{len(node.value):,} characters; the limit here is {limit:,}: "
                       "shorten it" + (" (details belong in the text or the notes)"
                                       if limit < MAX_TEXT else ", or split it over several sections"))
            return None
        return node.value

    def short_text(self, node: yaml.Node, path: str) -> str | None:
        return self.required_text(node, path, MAX_SHORT)

    def required_text(self, node: yaml.Node | None, path: str, limit: int = MAX_TEXT) -> str | None:
        if node is None:
            return None
        if _is_null(node) or (isinstance(node, yaml.ScalarNode) and not node.value.strip()):
            self.error(node, path, "must not be empty: write some text here")
            return None
        return self.text(node, path, limit)

    def opt_text(self, node: yaml.Node | None, path: str, limit: int = MAX_TEXT) -> str | None:
        if node is None or _is_null(node):
            return None
        return self.text(node, path, limit)

    def identifier(self, node: yaml.Node | None, path: str) -> str | None:
        value = self.required_text(node, path, MAX_SHORT)
        if value is not None and not ID_RE.match(value):
            self.error(node, path, f"id {_short(value)!r} may contain only letters, digits, '-', '_', "
                       "'.' and ':', and must start with a letter or digit")
            return None
        return value

    def marking_level(self, node: yaml.Node, path: str) -> str | None:
        return self.required_text(node, path, MAX_SHORT)

    def marking(self, node: yaml.Node | None, path: str) -> str | None:
        value = self.opt_text(node, path, MAX_SHORT)
        if value is not None:
            self._marking_refs.append((value, node, path))
        return value

    def choice(self, node: yaml.Node | None, path: str, options: tuple[str, ...]) -> str | None:
        value = self.text(node, path, MAX_SHORT) if node is not None and not _is_null(node) else None
        if node is not None and value is None and _is_null(node):
            self.error(node, path, f"must not be empty: use one of {', '.join(options)}")
        if value is not None and value not in options:
            self.error(node, path, f"{_short(value)!r} is not one of {', '.join(options)}"
                       f"{self._suggest(value, options)}: use one of these")
            return None
        return value

    def boolean(self, node: yaml.Node | None, path: str, default: bool) -> bool:
        if node is None or _is_null(node):
            return default
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "bool":
            return bool(_constructor.construct_object(node))
        self.error(node, path, f"expected true or false, found {_describe(node)}: write true or "
                   "false, without quotes")
        return default

    def number(self, node: yaml.Node, path: str) -> float | None:
        if _sexagesimal(node):
            self.error(node, path, _sexagesimal_message(node))
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag in (_T + "int", _T + "float"):
            if sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
                return math.inf if not node.value.lstrip().startswith("-") else -math.inf
            try:
                return float(_constructor.construct_object(node))
            except (ValueError, OverflowError, ConstructorError):
                return math.inf
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "str" and \
                _EXPONENT.match(node.value):
            if not node.style:  # 1e6: YAML 1.1 reads it as text, people mean a number
                return float(node.value.replace("_", ""))
            self.error(node, path, f"expected a number, found text {_short(node.value)!r}: "
                       "write numbers without quotes")
            return None
        self.error(node, path, f"expected a number, found {_describe(node)}: write digits, or "
                   "null for unknown")
        return None

    def count(self, node: yaml.Node, path: str) -> float | None:
        value = self.number(node, path)
        if value is None:
            return None
        shown = _short(node.value)
        if math.isnan(value) or (math.isinf(value) and "inf" in node.value.lower()):
            self.error(node, path, f"{shown} is not a finite number; use null for an unknown "
                       "value")
            return None
        if value < 0:
            self.error(node, path, f"{shown} is negative; chart values are counts (0 or more): "
                       "use null for unknown")
            return None
        if value > MAX_NUMBER:
            self.error(node, path, f"{shown} is implausibly large (limit {MAX_NUMBER:.0e}): "
                       "check the figure, or change the unit (thousands, millions)")
            return None
        return value

    def opt_int(self, node: yaml.Node | None, path: str) -> int | None:
        if node is None or _is_null(node):
            return None
        if _sexagesimal(node):
            self.error(node, path, _sexagesimal_message(node))
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "int":
            if sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
                self.error(node, path, f"{_short(node.value)} is far too large a number")
                return None
            return int(_constructor.construct_object(node))
        self.error(node, path, f"expected a whole number, found {_describe(node)}: write digits "
                   "only")
        return None

    def date(self, node: yaml.Node | None, path: str) -> m.DateLike | None:
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "timestamp":
            try:
                return _constructor.construct_object(node)
            except (ValueError, OverflowError, ConstructorError):
                self.error(node, path, f"{node.value} is not a real calendar date or time: "
                           "check the day of the month (and the hour)")
                return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "str":
            value = node.value.strip()
            try:
                return dt.datetime.fromisoformat(value) if "T" in value or " " in value \
                    else dt.date.fromisoformat(value)
            except ValueError:
                if _DATE_SHAPE.match(value):
                    self.error(node, path, f"{_short(value)} is not a real calendar date or "
                               "time: check the day of the month (and the hour)")
                    return None
        self.error(node, path, f"expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM), "
                   f"found {_describe(node)}: write it like 2024-01-19")
        return None

    def source_refs(self, node: yaml.Node | None, path: str) -> list[str]:
        if node is None or _is_null(node):
            return []
        if isinstance(node, yaml.ScalarNode):
            ref = self.source_refs_one(node, path)
            return [ref] if ref else []
        return self.list_of(node, path, self.source_refs_one) or []

    def source_refs_one(self, node: yaml.Node, path: str) -> str | None:
        ref = self.text(node, path, MAX_SHORT)
        if ref is not None:
            self._source_refs.append((ref, node, path))
        return ref

    def _within(self, node: yaml.Node | None, path: str, limit: int, noun: str) -> bool:
        """False (with an error) for a list longer than any slide or page could show."""
        if isinstance(node, yaml.SequenceNode) and len(node.value) > limit:
            self.error(node, path, f"{len(node.value):,} {noun}; the limit is {limit:,}: "
                       "group or summarise them, or split them over several sections")
            return False
        return True

    # -- cross checks --------------------------------------------------------------------------
    def _assign_ids(self, node: yaml.Node | None, sections: list[m.Section]) -> None:
        seen: dict[str, int] = {}
        items = node.value if isinstance(node, yaml.SequenceNode) else []
        for i, section in enumerate(sections):
            if section.id:
                if section.id in seen:
                    id_node = self._get(items[i], "id") if i < len(items) else None
                    self.error(id_node, f"sections[{i}].id", f"duplicate section id "
                               f"{section.id!r} (also sections[{seen[section.id]}]): ids must be unique, "
                               "rename one")
                seen.setdefault(section.id, i)
        taken = set(seen)
        tried: dict[str, int] = {}  # base -> next suffix worth trying: linear, not quadratic
        for section in sections:
            if not section.id:
                base = slugify(section.title)
                n = tried.get(base, 1)
                slug = base if n == 1 else f"{base}-{n}"
                while slug in taken:
                    n += 1
                    slug = f"{base}-{n}"
                tried[base] = n + 1
                section.id = slug
                taken.add(slug)

    def _check_unique_ids(self, node: yaml.Node | None, path: str, ids: list[str]) -> None:
        if not isinstance(node, yaml.SequenceNode):
            return
        first: dict[str, int] = {}
        for i, sid in enumerate(ids):
            if sid and sid in first:
                self.error(self._get(node.value[i], "id"), f"{path}[{i}].id",
                           f"duplicate source id {sid!r} (also {path}[{first[sid]}]): rename one and "
                           "update what cites it")
            first.setdefault(sid, i)

    def _check_unique(self, node: yaml.Node, path: str, values: list[str], what: str) -> None:
        if isinstance(node, yaml.SequenceNode) and len(set(values)) != len(values):
            self.error(node, path, f"each {what} may appear only once: remove the repeated one")

    def _check_levels_distinct(self, node: yaml.Node) -> None:
        """Levels a reader could not tell apart on a banner are refused: spaces at either end,
        or letters that only look like another level's (see `briefing.model.lookalike`)."""
        if not isinstance(node, yaml.SequenceNode):
            return
        first: dict[str, tuple[int, str]] = {}
        for i, child in enumerate(node.value):
            level = child.value if isinstance(child, yaml.ScalarNode) and not _is_null(child) else None
            if not level or not level.strip():
                continue
            if level != level.strip():
                self.error(child, f"markings[{i}]", f"level {level!r} starts or ends with a space, "
                           "which no banner shows: remove the space")
                continue
            key = skeleton(level)
            if key in first and first[key][1] != level:
                j, other = first[key]
                self.error(child, f"markings[{i}]", f"level {_short(level)!r} looks the same as "
                           f"{_short(other)!r} (markings[{j}]) but is different text (look-alike "
                           "letters of another script, or full-width forms): rename one so that "
                           "banners tell them apart")
            first.setdefault(key, (i, level))

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
        """' (did you mean ...?)' for a near miss: a typo, other capitals, a short id one
        character off (difflib alone finds nothing between 's2' and 's1')."""
        options = [o for o in options if isinstance(o, str)]
        folded = {o.casefold(): o for o in options}
        close = [folded[word.casefold()]] if word.casefold() in folded else \
            difflib.get_close_matches(word, options, n=1, cutoff=0.6 if len(word) > 4 else 0.5)
        return f" (did you mean {close[0]!r}?)" if close and close[0] != word else ""


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].rstrip("-") or "section"


def unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _sexagesimal_message(node: yaml.ScalarNode) -> str:
    try:
        read = format(_constructor.construct_object(node), ",")
    except (ValueError, OverflowError, ConstructorError):  # pragma: no cover - shape checked
        read = "a number"
    return (f"{_short(node.value)} is ambiguous: YAML 1.1 reads digits separated by ':' as a "
            f"base-60 number ({read} here), rarely what was meant; write the number you mean "
            "in plain digits")


def _sexagesimal(node: yaml.Node) -> bool:
    """A YAML 1.1 base-60 number such as `1:30` (90) or `1:30.5`: refused rather than guessed."""
    return isinstance(node, yaml.ScalarNode) and node.tag in (_T + "int", _T + "float") and \
        ":" in node.value


def _present(node: yaml.Node | None) -> bool:
    return node is not None and not _is_null(node)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _T + "null"


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


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


# -- images ----------------------------------------------------------------------------------
IMAGE_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "BMP", "TIFF")
MAX_IMAGE_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PIXELS = 89_478_485
"""Pillow's own default, used if an application switched Pillow's limit off."""
FULL_DECODE_PIXELS = 16_000_000
"""Below this, formats that `verify()` cannot check are decoded once to prove they are whole."""


def check_image_path(base_dir: Path, rel: str) -> str | None:
    """None when `rel` names a usable image inside `base_dir`, else what is wrong and what to do."""
    base = base_dir.resolve()
    if "\x00" in rel:
        return "the path contains a NUL character: retype it"
    if Path(rel).is_absolute() or rel.startswith("~") or re.match(r"^[A-Za-z]:[\\/]", rel):
        return (f"{_short(rel)!r} is an absolute path; give a path relative to the briefing file "
                "and keep the image in its folder")
    try:
        unresolved = base / rel
        target = unresolved.resolve()
        if not target.is_relative_to(base):
            if unresolved.is_symlink() or Path(os.path.normpath(unresolved)).is_relative_to(base):
                return (f"{_short(rel)!r} is a link to a file outside the briefing's folder; "
                        "copy the image itself into the folder")
            return (f"{_short(rel)!r} lies outside the briefing's folder; copy the image into "
                    "the folder (or a subfolder) of the .yaml file")
        if not target.exists():
            return f"image file {_short(rel)!r} not found next to the briefing: check the name"
        if target.is_dir():
            return f"{_short(rel)!r} is a folder, not an image: give the image file inside it"
        if not target.is_file():
            return f"{_short(rel)!r} is not a regular file: give a PNG or JPEG image"
    except RuntimeError:  # pathlib's "Symlink loop" (Python 3.11/3.12)
        return f"{_short(rel)!r} is a symbolic link that points back to itself: replace it with " \
               "the image file"
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
            return f"{_short(rel)!r} is a symbolic link that points back to itself: replace it " \
                   "with the image file"
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"{_short(rel)!r} cannot be used as a file path ({reason}): shorten or retype it"
    problem = inspect_image(target)
    return f"{_short(rel)!r} {problem}" if problem else None


def inspect_image(path: Path) -> str | None:
    """Open the image cheaply (header, checksums, at most a small decode) to catch a file that
    is not an image, is cut short, or would decompress to an enormous bitmap, before an export
    fails on it half-way. Returns None when fine, else the problem (to follow the file name)."""
    from PIL import Image, UnidentifiedImageError

    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "is an empty file, not an image: export the picture again"
    if size > MAX_IMAGE_BYTES:
        return (f"is {size / 1e6:.0f} MB; images are limited to {MAX_IMAGE_BYTES // 2**20} MB: "
                "save a smaller copy (a slide needs at most about 4000 pixels across)")
    limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS
    bomb = (f"is too large to open safely (more than {limit:,} pixels, a possible "
            "decompression bomb): save a smaller copy")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt, (width, height) = im.format, im.size
                if width * height > limit:
                    return bomb
                if fmt not in IMAGE_FORMATS:
                    return (f"is a {fmt} image, which the exports cannot embed: save it as PNG "
                            "or JPEG")
                im.verify()
            if fmt != "PNG" and width * height <= FULL_DECODE_PIXELS:
                with Image.open(path) as im:
                    im.draft("RGB", (256, 256))
                    im.load()
    except Image.DecompressionBombError:
        return bomb
    except UnidentifiedImageError:
        return "is not an image Briefing Desk can read: use a PNG or JPEG file"
    except Exception as exc:  # noqa: BLE001 - any failure of the image parser means a bad file
        detail = str(exc) or type(exc).__name__
        return f"is damaged or cut short ({_short(detail)}): export the picture again"
    return None
