"""The published JSON Schema, generated from the one description of the format.

`python -m briefing.format.schema > docs/briefing.schema.json` writes it; a test checks that
the committed file is what this module generates, so the schema cannot drift from the reader.
The schema describes shapes, types, required keys, choices and limits; rules between fields
(cited sources exist, unique ids, one value per category, declared markings, real calendar
dates, image files) are `briefing validate`'s alone.

The schema applies to the briefing as JSON data: dates as text, numbers as numbers (YAML's
`.nan` and `.inf` have no JSON form and are not numbers), see `as_json`.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from briefing.format.yamlsafe import MAX_BYTES
from briefing.model import document as m
from briefing.model import fields as f

SCHEMA_ID = "https://briefing-desk.example/schema/briefing-1.json"
_SCALAR = ["string", "number", "boolean"]
_DATE = (r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_ID = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format `briefing/1`."""
    from briefing.resources import theme_names

    defs: dict[str, Any] = {
        "dateLike": {"type": "string", "pattern": _DATE},
        "id": {"type": "string", "pattern": _ID, "maxLength": f.MAX_SHORT},
        "sourceRefs": {"oneOf": [{"$ref": "#/$defs/id"},
                                 {"type": "array", "items": {"$ref": "#/$defs/id"}},
                                 {"type": "null"}]},
        "count": {"type": "number", "minimum": 0, "maximum": f.MAX_NUMBER},
        "cell": {"type": [*_SCALAR, "null"], "maxLength": f.MAX_TEXT},
    }
    themes = list(theme_names())
    for part in f.PARTS.values():
        if part is not f.DOCUMENT:
            defs[part.name] = _object(part, themes)
    defs["value"] = {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/count"}, defs["value"]]}
    defs["row"] = {"oneOf": [{"type": "array", "items": {"$ref": "#/$defs/cell"}}, defs["row"]]}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Briefing Desk document, format {m.FORMAT_ID}",
        "description": (
            "The structure of a briefing file, generated from briefing/model/fields.py. "
            "Cross-field rules (source references resolve, ids are unique, one value per "
            "category, one cell per column, markings are declared levels and told apart, "
            "dates are real calendar dates, image paths stay inside the file's folder) are "
            "checked by `briefing validate`, not by this schema. Limits: one-line fields "
            f"{f.MAX_SHORT:,} characters, free text {f.MAX_TEXT:,}; at most "
            f"{f.MAX_CATEGORIES:,} categories, {f.MAX_SERIES:,} series, {f.MAX_COLUMNS:,} "
            f"columns, {f.MAX_SECTIONS:,} sections; files up to {MAX_BYTES // 2**20} MB."),
        **_object(f.DOCUMENT, themes),
        "$defs": defs,
    }
    return schema


def _object(part: f.Part, themes: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for spec in part.fields:
        shared = part.shared(spec.name)
        if len(shared) == 1:
            props[spec.name] = _field(spec, themes)
        elif spec is shared[0]:  # a body key several kinds share: each kind says its shape
            props[spec.name] = {"anyOf": [_field(s, themes) for s in shared],
                                "description": "; ".join(f"{', '.join(s.kinds)}: {s.help}"
                                                         for s in shared)}
    required = [s.name for s in part.fields if s.required and not s.kinds]
    obj: dict[str, Any] = {"type": "object", "description": part.help}
    if required:
        obj["required"] = required
    obj["additionalProperties"] = False
    obj["properties"] = props
    if part is f.SECTION:
        obj["allOf"] = [_section_kind(kind) for kind in m.SECTION_KINDS]
    if part is f.CHART:
        obj["allOf"] = [{"if": {"properties": {"type": {"const": "pie"}}},
                         "then": {"properties": {"series": {"maxItems": 1}}}}]
    return obj


def _section_kind(kind: str) -> dict[str, Any]:
    body = f.SECTION.body_fields
    own = [s for s in body if kind in s.kinds]
    names = {s.name for s in own}
    properties: dict[str, Any] = {s.name: False for s in body if s.name not in names}
    properties.update({s.name: _field(s, []) for s in own if len(f.SECTION.shared(s.name)) > 1})
    return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"required": [s.name for s in own], "properties": properties}}


def _nullable(schema: dict[str, Any], spec: f.Field) -> dict[str, Any]:
    """Optional keys may be written empty (`key:` or `key: null`), which means absent (and a
    section's text written empty is empty text)."""
    if spec.required and not (spec.kinds and spec.kind == "text"):
        return schema
    if "null" in schema.get("type", ()):
        return schema
    if "type" in schema and isinstance(schema["type"], list):
        return {**schema, "type": [*schema["type"], "null"]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {"oneOf": [schema, {"type": "null"}]}


def _text(spec: f.Field) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": list(_SCALAR)}
    if spec.required and not spec.kinds:
        schema.update(minLength=1, pattern=r"\S")
    schema["maxLength"] = spec.limit
    return schema


def _field(spec: f.Field, themes: list[str]) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind == "const":
        schema = {"const": spec.choices[0]}
    elif kind in ("line", "text", "marking", "ref"):
        schema = _text(spec) if kind != "ref" else {"$ref": "#/$defs/id"}
    elif kind in ("choice", "kind"):
        schema = {"enum": list(spec.choices)}
    elif kind == "grade":
        schema = {"enum": list(spec.choices)}
    elif kind == "theme":
        schema = {"enum": themes}
    elif kind == "flag":
        schema = {"type": ["boolean", "null"]}
    elif kind == "date":
        schema = {"$ref": "#/$defs/dateLike"}
    elif kind == "id":
        schema = {"$ref": "#/$defs/id"}
    elif kind == "refs":
        return {"$ref": "#/$defs/sourceRefs"}
    elif kind in ("levels", "labels"):
        item = {"type": list(_SCALAR), "minLength": 1, "pattern": r"\S", "maxLength": f.MAX_SHORT}
        schema = {"type": "array", "items": item}
        if kind == "levels":
            schema["uniqueItems"] = True
    elif kind in ("list", "values", "rows"):
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.part}"}}
    elif kind == "part":
        return {"$ref": f"#/$defs/{spec.part}"}
    elif kind == "value":
        return {"allOf": [{"$ref": "#/$defs/value"}], "description": spec.help}
    elif kind == "count":
        schema = {"$ref": "#/$defs/count"}
    elif kind == "cells":
        return {"type": "array", "items": {"$ref": "#/$defs/cell"}}
    elif kind == "degrees":
        assert spec.bounds is not None, spec.name
        schema = {"type": "number", "minimum": spec.bounds[0], "maximum": spec.bounds[1]}
    elif kind == "extent":
        schema = {"type": "array", "minItems": 4, "maxItems": 4,
                  "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                  {"type": "number", "minimum": -90, "maximum": 90}] * 2}
    else:  # pragma: no cover - every kind is handled above
        raise AssertionError(kind)
    if kind in ("levels", "labels", "list", "values", "rows"):
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.limit is not None and kind != "levels":
            schema["maxItems"] = spec.limit
        if not spec.min_items:  # `items:` written empty is an empty list
            schema["type"] = ["array", "null"]
        schema["description"] = spec.help
        return schema
    schema = _nullable(schema, spec)
    return {**schema, "description": spec.help} if "$ref" not in schema else \
        {"allOf": [schema], "description": spec.help}


def dumps() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# -- the briefing as JSON data -----------------------------------------------------------------
_T = "tag:yaml.org,2002:"
_constructor = SafeConstructor()
_EXPONENT = re.compile(r"^[-+]?(?=\.?\d)(\d[\d_]*)?(\.\d[\d_]*)?([eE][-+]?\d+)?$")


def as_json(node: yaml.Node | None) -> Any:
    """A composed YAML tree as the JSON data the schema describes: dates stay text (as written),
    `1e6` is a number (as the reader takes it), `.nan`/`.inf` and base-60 numbers stay text."""
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(as_json(k)): as_json(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [as_json(v) for v in node.value]
    tag, text = node.tag, node.value
    if tag == _T + "null":
        return None
    if tag == _T + "bool":
        return _constructor.construct_object(node)
    if tag in (_T + "int", _T + "float") and ":" not in text:
        value = _constructor.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            return text
        return value
    if tag == _T + "str" and not node.style and _EXPONENT.match(text):
        return float(text.replace("_", ""))
    return text


if __name__ == "__main__":  # pragma: no cover - a developer's command
    sys.stdout.write(dumps())
