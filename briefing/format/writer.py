"""Canonical YAML for a `Document`: stable key order, block style, unicode kept.

Saving what was loaded gives an equal document; a diff between two saves shows only real edits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from briefing.atomic import write_atomic
from briefing.model import document as m


def to_data(doc: m.Document) -> dict[str, Any]:
    data: dict[str, Any] = {"format": doc.format, "title": doc.title}
    _put(data, "subtitle", doc.subtitle)
    data["as_of"] = doc.as_of
    _put(data, "author", doc.author)
    _put(data, "classification", doc.classification)
    _put(data, "theme", doc.theme)
    if doc.markings:
        data["markings"] = _Flow(doc.markings)
    if doc.portion_marks:
        data["portion_marks"] = True
    if doc.sources:
        data["sources"] = [_source(s) for s in doc.sources]
    data["sections"] = [_section(s) for s in doc.sections]
    return data


def dumps(doc: m.Document) -> str:
    return yaml.dump(to_data(doc), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)


def save(doc: m.Document, path: str | Path) -> None:
    write_atomic(path, dumps(doc).encode("utf-8"))


def _source(s: m.Source) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "title": s.title}
    for key in ("publisher", "url", "date", "reliability", "credibility", "marking"):
        _put(d, key, getattr(s, key))
    return d


def _section(s: m.Section) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "kind": s.kind, "title": s.title}
    _put(d, "marking", s.marking)
    _put(d, "caveat", s.caveat)
    if not s.include:
        d["include"] = False
    if s.sources:
        d["sources"] = _Flow(s.sources)
    if s.kind in ("summary", "text"):
        d["text"] = s.text or ""
    elif s.kind == "judgments":
        d["items"] = [_item(i) for i in s.items]
    elif s.kind == "timeline":
        d["events"] = [_event(e) for e in s.events]
    elif s.kind == "chart" and s.chart is not None:
        d["chart"] = _chart(s.chart)
    elif s.kind == "table" and s.table is not None:
        d["table"] = {"columns": _Flow(s.table.columns), "rows": [_row(r) for r in s.table.rows]}
    elif s.kind == "quote" and s.quote is not None:
        q: dict[str, Any] = {"text": s.quote.text}
        _put(q, "speaker", s.quote.speaker)
        _put(q, "date", s.quote.date)
        d["quote"] = q
    elif s.kind == "image" and s.image is not None:
        im: dict[str, Any] = {"path": s.image.path}
        for key in ("caption", "credit", "alt"):
            _put(im, key, getattr(s.image, key))
        d["image"] = im
    _put(d, "notes", s.notes)
    return d


def _item(i: m.JudgmentItem) -> dict[str, Any]:
    d: dict[str, Any] = {"text": i.text, "confidence": i.confidence}
    if i.sources:
        d["sources"] = _Flow(i.sources)
    _put(d, "marking", i.marking)
    return d


def _event(e: m.Event) -> dict[str, Any]:
    d: dict[str, Any] = {"date": e.date}
    for key in ("time", "place", "actor"):
        _put(d, key, getattr(e, key))
    d["text"] = e.text
    if e.sources:
        d["sources"] = _Flow(e.sources)
    _put(d, "marking", e.marking)
    return d


def _chart(c: m.Chart) -> dict[str, Any]:
    d: dict[str, Any] = {"type": c.type}
    _put(d, "unit", c.unit)
    d["categories"] = _Flow(c.categories)
    d["series"] = [_series(s) for s in c.series]
    _put(d, "note", c.note)
    return d


def _series(s: m.Series) -> dict[str, Any]:
    d: dict[str, Any] = {"name": s.name}
    if all(v.is_plain for v in s.values):
        d["values"] = _Flow([_number(v.value) for v in s.values])
    else:
        d["values"] = [_value(v) for v in s.values]
    _put(d, "marking", s.marking)
    return d


def _value(v: m.Value) -> Any:
    if v.is_plain:
        return _number(v.value)
    d: dict[str, Any] = {}
    for key in ("value", "qualifier", "low", "high", "source"):
        val = getattr(v, key)
        if val is not None:
            d[key] = _number(val) if key in ("value", "low", "high") else val
    return _FlowMap(d)


def _row(r: m.TableRow) -> Any:
    if r.marking is None:
        return _Flow(r.cells)
    return {"cells": _Flow(r.cells), "marking": r.marking}


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def _put(d: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        d[key] = value


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
