"""The versioned reader: YAML nodes to a `Document` and a location map, then the validator.

It works on the node tree rather than on plain Python objects so that each value's line and
column are known and duplicate keys and unsafe tags can be seen at all. It checks only what
YAML can get wrong (shapes, keys, numbers, dates, tags); every other rule is the validator's
(`briefing.format.validate`), which the desktop app runs on its live model. Which keys exist,
which are required and what they hold comes from `briefing.model.fields`.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from briefing.errors import BriefingError, Problem
from briefing.format.images import check_image_path, inspect_image
from briefing.format.validate import Location, join, short, suggest, validate
from briefing.format.yamlsafe import STANDARD_TAGS, compose, decode, read_source
from briefing.model import document as m
from briefing.model import fields as f
from briefing.model.fields import (
    MAX_CATEGORIES,
    MAX_COLUMNS,
    MAX_NUMBER,
    MAX_SERIES,
    MAX_SHORT,
    MAX_TEXT,
)
from briefing.model.ids import ID_RE, slugify, unique_slug

__all__ = [
    "ID_RE", "MAX_CATEGORIES", "MAX_COLUMNS", "MAX_NUMBER", "MAX_SERIES", "MAX_SHORT", "MAX_TEXT",
    "Read", "check_image_path", "inspect_image", "load_bytes", "load_file", "load_text",
    "read_text", "slugify", "unique_slug",
]

MAX_DIGITS = 30
_EXPONENT = re.compile(r"^[-+]?(?=\.?\d)(\d[\d_]*)?(\.\d[\d_]*)?([eE][-+]?\d+)?$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$")

_T = "tag:yaml.org,2002:"
_constructor = SafeConstructor()


@dataclass
class Read:
    """What reading a text gives: the model (None if the file is not a briefing at all), where
    each value is written, and the problems found. The model is valid only when `problems` is
    empty; otherwise it holds placeholders where values could not be read."""

    doc: m.Document | None
    locations: dict[str, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


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
    read = read_text(text, name, base_dir=base_dir if check_files else None)
    if read.problems or read.doc is None:
        raise BriefingError(read.problems)
    return read.doc


def read_text(text: str, name: str = "<text>", *, base_dir: Path | None = None) -> Read:
    """YAML text to a model and its location map, validated; unsafe or broken YAML raises
    `BriefingError` (there is no model to speak of)."""
    with _no_cyclic_gc():
        node = compose(text, name)
        reader = _Reader(name)
        doc = reader.document(node)
    problems = reader.problems
    if doc is not None:
        problems = problems + validate(doc, name=name, locations=reader.locations,
                                       base_dir=base_dir, broken=reader.broken)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if doc is not None:
        _assign_ids(doc.sections)
    return Read(doc, reader.locations, problems)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Reading allocates a node, two marks and a location per value and frees none of them
    until the end, so the cycle collector would walk an ever larger heap again and again for
    nothing (the tree holds no cycles): a third of the reading time on a 10,000-row table."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Reader:
    """YAML nodes to model objects, reporting what only YAML can get wrong.

    A value that cannot be read leaves a placeholder (so that list indices still match the
    file) and its path in `broken`, which the validator then leaves alone: one problem, not two.
    """

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.broken: set[str] = set()
        self.locations: dict[str, Location] = {}

    # -- reporting ---------------------------------------------------------------------------
    def error(self, node: yaml.Node | None, path: str, message: str, broken: bool = True) -> None:
        line = col = None
        if node is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.name, line, col, path, message))
        if broken:
            self.broken.add(path)

    def locate(self, node: yaml.Node, path: str, shown: str | None = None,
               text: str | None = None) -> None:
        mark = node.start_mark
        self.locations[path] = Location(mark.line + 1, mark.column + 1, shown, text)

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
        fields = self.mapping(root, "", f.DOCUMENT, None)
        if fields is None:
            return None
        fmt = fields.get("format")
        if fmt is not None:
            value = self.text(fmt, "format")
            if value is not None and value != m.FORMAT_ID:
                self.error(fmt, "format", f"unsupported format {short(value)!r}: this version of "
                           f"Briefing Desk reads {m.FORMAT_ID!r}; write `format: {m.FORMAT_ID}` "
                           "or open the file with the version that wrote it")
                return None
        self.locate(root, "")
        return self.build(fields, f.DOCUMENT, "", None)

    def part(self, node: yaml.Node, path: str, part: f.Part) -> Any:
        """One mapping of the format to its model object; None (and broken) if unusable."""
        kind = None
        if part is f.SECTION:
            if not isinstance(node, yaml.MappingNode):
                self.error(node, path, "a section must be a mapping with at least `kind` and "
                           "`title`: write it as `- kind: text` with `title: ...` and its content "
                           "below")
                return None
            kind = self.section_kind(self._get(node, "kind"), path + ".kind")
        fields = self.mapping(node, path, part, kind)
        if fields is None or (part is f.SECTION and kind is None):
            self.broken.add(path)
            return None
        return self.build(fields, part, path, kind)

    def build(self, fields: dict[str, yaml.Node], part: f.Part, path: str, kind: str | None) -> Any:
        values: dict[str, Any] = {}
        for spec in part.fields_for(kind):
            node = fields.get(spec.name)
            here = join(path, spec.name)
            if node is None:
                values[spec.name] = _absent(spec)
                continue
            self.locate(node, here)
            values[spec.name] = self.field(node, spec, here)
        if part is f.SECTION:
            values["kind"] = kind
        return part.model(**values)

    def section_kind(self, node: yaml.Node | None, path: str) -> str | None:
        """The kind first: it decides which keys the section may have."""
        if node is None:
            return None  # the missing key is reported with the others
        kind = self.text(node, path)
        if kind is not None and not kind.strip():
            self.error(node, path, f"kind must not be empty; use one of "
                       f"{', '.join(m.SECTION_KINDS)}")
            return None
        if kind is not None and kind not in m.SECTION_KINDS:
            self.error(node, path, f"unknown kind {short(kind)!r}"
                       f"{suggest(kind, m.SECTION_KINDS)}; use one of {', '.join(m.SECTION_KINDS)}")
            return None
        return kind

    def field(self, node: yaml.Node, spec: f.Field, path: str) -> Any:
        kind = spec.kind
        if kind in ("line", "text", "choice", "theme", "marking", "const", "id", "kind"):
            if _is_null(node):
                return "" if spec.required or kind == "id" else None
            return self.text(node, path)
        if kind == "grade":
            return self.opt_int(node, path)
        if kind == "flag":
            return self.boolean(node, path, spec.default)
        if kind == "date":
            if _is_null(node) and not spec.required:
                return None
            return self.date(node, path)
        if kind == "refs":
            return self.source_refs(node, path)
        if kind == "ref":
            return None if _is_null(node) else self.text(node, path)
        if kind in ("levels", "labels"):
            return self.list_of(node, path, self.text) or []
        if kind == "list":
            item = f.part_of(spec)
            return self.list_of(node, path, lambda n, p: self.part(n, p, item)) or []
        if kind == "part":
            return self.part(node, path, f.part_of(spec))
        if kind == "values":
            return self.list_of(node, path, self.value, allow_null=True) or []
        if kind == "value":
            return self.value(node, path) or m.Value(None)  # a placeholder if unreadable
        if kind == "count":
            return None if _is_null(node) else self.count(node, path)
        if kind == "degrees":
            return None if _is_null(node) else self.count(node, path)
        if kind == "extent":
            return None if _is_null(node) else self.list_of(node, path, self.count)
        if kind == "rows":
            return self.list_of(node, path, self.row) or []
        if kind == "cells":
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, path, "cells must be a list: write `cells: [..., ...]`, one per "
                           "column")
                return []
            return self.list_of(node, path, self.cell, allow_null=True) or []
        raise AssertionError(f"no reader for field kind {kind!r}")  # pragma: no cover

    def value(self, node: yaml.Node, path: str) -> m.Value | None:
        if _is_null(node):
            return m.Value(None)
        if isinstance(node, yaml.ScalarNode):
            number = self.count(node, path)
            return None if number is None and path in self.broken else m.Value(number)
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path, f"expected a number (or null, or {{value: 9, qualifier: at "
                       f"least}}), found {_describe(node)}")
            return None
        return self.part(node, path, f.VALUE)

    def row(self, node: yaml.Node, path: str) -> m.TableRow | None:
        if isinstance(node, yaml.SequenceNode):
            return m.TableRow(self.list_of(node, path, self.cell, allow_null=True) or [])
        return self.part(node, path, f.ROW)

    def cell(self, node: yaml.Node, path: str) -> str | None:
        return "" if _is_null(node) else self.text(node, path)

    # -- generic shapes ----------------------------------------------------------------------
    def mapping(
        self, node: yaml.Node | None, path: str, part: f.Part, kind: str | None,
    ) -> dict[str, yaml.Node] | None:
        if node is None:
            return None
        self._check_tag(node, path)
        shape = part.shape(kind)
        allowed, required, misplaced = shape.allowed, shape.required, shape.misplaced
        if not isinstance(node, yaml.MappingNode):
            self.error(node, path or "(top level)",
                       f"expected a mapping of keys ({', '.join(required or allowed[:3])}, ...), "
                       f"found {_describe(node)}: write `key: value` lines indented below it")
            return None
        result: dict[str, yaml.Node] = {}
        result_keys: dict[str, yaml.Node] = {}
        merged = False
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a key must be a plain word, not a list or mapping: "
                           "write `name: value`", broken=False)
                continue
            key = key_node.value
            here = join(path, short(key))
            if key in result:
                first = result_keys[key]
                self.error(key_node, here, f"duplicate key {short(key)!r}: it is already set on "
                           f"line {first.start_mark.line + 1}; keep only one", broken=False)
                continue
            if key not in allowed:
                if key == "<<":
                    merged = True
                    self.error(key_node, here, "YAML merge keys ('<<: *name') are not supported "
                               "in a briefing: write the keys out in full")
                elif key in misplaced:
                    self.error(key_node, here, f"`{key}` belongs to other section kinds, not "
                               f"{kind!r}: remove it, or change `kind`")
                else:
                    self.error(key_node, here, f"unknown key {short(key)!r}"
                               f"{suggest(key, allowed)}: fix or remove it; allowed here: "
                               f"{', '.join(allowed)}")
                continue
            self._check_tag(value_node, here)
            result[key] = value_node
            result_keys[key] = key_node
        if merged:
            self.broken.update(join(path, key) for key in required if key not in result)
            return result  # keys hidden in a merge: the merge-key error says what to do
        for key in required:
            here = join(path, key)
            if key not in result and not any(p.path == here for p in self.problems):
                hint = part.field(key, kind).hint or f"`{key}: ...`"
                self.error(node, here, f"required key {key!r} is missing: add {hint}")
        return result

    def list_of(
        self, node: yaml.Node | None, path: str, item: Callable[[yaml.Node, str], Any],
        allow_null: bool = False,
    ) -> list[Any] | None:
        """A list, entry by entry; an entry that cannot be read stays as None (and broken), so
        that the entries after it keep their index."""
        if node is None or _is_null(node):
            return None if node is None else []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, path, f"expected a list, found {_describe(node)}: write one entry per "
                       "line starting with '- ' (or [a, b] on one line)")
            return None
        out = []
        for i, child in enumerate(node.value):
            here = f"{path}[{i}]"
            self._check_tag(child, here)
            self.locate(child, here)
            if _is_null(child) and not allow_null:
                self.error(child, here, "empty entry in the list: remove the bare '-'")
                out.append(None)
                continue
            value = item(child, here)
            if value is None:
                self.broken.add(here)
            out.append(value)
        return out

    def text(self, node: yaml.Node | None, path: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, path, f"expected text, found {_describe(node)}: write a single value "
                       "(in quotes if it starts with '[' or '{' or contains ': ')")
            return None
        if node.tag not in STANDARD_TAGS:
            self.broken.add(path)
            return None
        if _SURROGATE.search(node.value):  # only the pure-Python parser lets "\ud800" through
            self.error(node, path, "contains a lone UTF-16 surrogate escape (\\ud800-\\udfff), "
                       "which is not a character: write the character itself")
            return None
        return node.value

    def boolean(self, node: yaml.Node, path: str, default: bool) -> bool:
        if _is_null(node):
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
            self.error(node, path, f"expected a number, found text {short(node.value)!r}: "
                       "write numbers without quotes")
            return None
        self.error(node, path, f"expected a number, found {_describe(node)}: write digits, or "
                   "null for unknown")
        return None

    def count(self, node: yaml.Node, path: str) -> float | None:
        """A finite number as YAML gives it (a chart value, a coordinate); its range is the
        validator's (model.fields)."""
        value = self.number(node, path)
        if value is None:
            return None
        if math.isnan(value) or (math.isinf(value) and "inf" in node.value.lower()):
            self.error(node, path, f"{short(node.value)} is not a finite number; use null for an "
                       "unknown value")
            return None
        self.locate(node, path, text=node.value)
        return value

    def opt_int(self, node: yaml.Node, path: str) -> int | None:
        if _is_null(node):
            return None
        if _sexagesimal(node):
            self.error(node, path, _sexagesimal_message(node))
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "int":
            if sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
                self.error(node, path, f"{short(node.value)} is far too large a number")
                return None
            return int(_constructor.construct_object(node))
        self.error(node, path, f"expected a whole number, found {_describe(node)}: write digits "
                   "only")
        return None

    def date(self, node: yaml.Node, path: str) -> m.DateLike | None:
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
                    self.error(node, path, f"{short(value)} is not a real calendar date or "
                               "time: check the day of the month (and the hour)")
                    return None
        self.error(node, path, f"expected a date as YYYY-MM-DD (or YYYY-MM-DDTHH:MM), "
                   f"found {_describe(node)}: write it like 2024-01-19")
        return None

    def source_refs(self, node: yaml.Node, path: str) -> list[str]:
        if _is_null(node):
            return []
        if isinstance(node, yaml.ScalarNode):  # one id without a list
            ref = self.text(node, path)
            if ref is None:
                return []
            self.locate(node, path + "[0]", shown=path)
            return [ref]
        return self.list_of(node, path, self.text) or []

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


def _absent(spec: f.Field) -> Any:
    """The model's value for a key the file leaves out (a placeholder if it was required)."""
    if isinstance(spec.default, list):
        return []
    if spec.default is not None:
        return spec.default
    if spec.required:
        if spec.kind == "value":
            return m.Value(None)
        return {"date": dt.date.min, "part": None}.get(spec.kind, "")
    return None


def _assign_ids(sections: list[m.Section]) -> None:
    """Sections without an id get one from their title, unique among all ids (linear: each
    base remembers the next suffix worth trying)."""
    taken = {s.id for s in sections if s is not None and s.id}
    tried: dict[str, int] = {}
    for section in sections:
        if section is not None and not section.id:
            base = slugify(section.title or "")
            n = tried.get(base, 1)
            slug = base if n == 1 else f"{base}-{n}"
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            tried[base] = n + 1
            section.id = slug
            taken.add(slug)


def _sexagesimal_message(node: yaml.ScalarNode) -> str:
    try:
        read = format(_constructor.construct_object(node), ",")
    except (ValueError, OverflowError, ConstructorError):  # pragma: no cover - shape checked
        read = "a number"
    return (f"{short(node.value)} is ambiguous: YAML 1.1 reads digits separated by ':' as a "
            f"base-60 number ({read} here), rarely what was meant; write the number you mean "
            "in plain digits")


def _sexagesimal(node: yaml.Node) -> bool:
    """A YAML 1.1 base-60 number such as `1:30` (90) or `1:30.5`: refused rather than guessed."""
    return isinstance(node, yaml.ScalarNode) and node.tag in (_T + "int", _T + "float") and \
        ":" in node.value


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
