"""Canonical YAML for a `Document`: stable key order, block style, unicode kept.

Saving what was loaded gives an equal document; a diff between two saves shows only real edits.
The key order and which keys are left out come from `briefing.model.fields`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from briefing.atomic import write_atomic
from briefing.model import document as m
from briefing.model import fields as f


def to_data(doc: m.Document) -> dict[str, Any]:
    return _part(doc, f.DOCUMENT)


def dumps(doc: m.Document) -> str:
    return yaml.dump(to_data(doc), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


def save(doc: m.Document, path: str | Path) -> None:
    write_atomic(path, dumps(doc).encode("utf-8"))


def _part(obj: Any, part: f.Part) -> dict[str, Any]:
    """The keys of `part` in the description's order; a key holding its default is left out
    unless the format requires it (or it is marked `always`)."""
    kind = obj.kind if isinstance(obj, m.Section) else None
    d: dict[str, Any] = {}
    for spec in part.fields_for(kind):
        value = getattr(obj, spec.name)
        if spec.kinds and spec.kind == "text":
            value = value or ""  # a summary or text section always has its `text:`
        if value is None or (not (spec.required or spec.always) and value == spec.default):
            continue
        d[spec.name] = _value_of(value, spec)
    return d


def _value_of(value: Any, spec: f.Field) -> Any:
    if spec.kind in ("list", "part"):
        item = f.part_of(spec)
        return [_part(v, item) for v in value] if spec.kind == "list" else _part(value, item)
    if spec.kind == "values":
        if all(v.is_plain for v in value):
            return _Flow([_number(v.value) for v in value])
        return [_chart_value(v) for v in value]
    if spec.kind == "value":
        return _chart_value(value)
    if spec.kind == "rows":
        return [_row(r) for r in value]
    if spec.kind in ("count", "degrees"):
        return _number(value)
    if spec.kind == "extent":
        return _Flow([_number(v) for v in value])
    if spec.flow:
        return _Flow(value)
    return value


def _chart_value(v: m.Value) -> Any:
    if v.is_plain:
        return _number(v.value)
    return _FlowMap(_part(v, f.VALUE))


def _row(r: m.TableRow) -> Any:
    if r.marking is None:
        return _Flow(r.cells)
    return _part(r, f.ROW)


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


class _Flow(list):
    """A short list written inline: `sources: [s1, s2]`."""


class _FlowMap(dict):
    """A small mapping written inline: `{value: 9, qualifier: at least}`."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # The text is written exactly as it is (PyYAML picks `|-`/`|+` as needed), so that
    # load -> save -> load gives an equal document. NEL and the Unicode line/paragraph
    # separators would be read back as line breaks from a block or plain scalar: quote them.
    if any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_flow(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    long = sum(len(str(v)) for v in value) > 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=not long)


def _represent_flow_map(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowMap, _represent_flow_map)
_Dumper.add_representer(dt.datetime, _represent_datetime)
