"""Key figures: a table of value, qualifier or range, label, sources and marking.

The same list editor as judgments and events (one undoable command per cell, add, remove,
move); the value and the qualifier/range columns each edit their part of the figure's chart
value, worded as the chart labels word it ('at least', '40–60').
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from briefing.model import document as m

from .lists import Column, ListEditor, _marking_parse, _required, _sources_parse, _sources_text

_RANGE = re.compile(r"^\s*(?P<q>[^\d]*?)\s*(?:(?P<low>\d[\d,]*(?:\.\d+)?)\s*[-–—]\s*"
                    r"(?P<high>\d[\d,]*(?:\.\d+)?))?\s*$")


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"{text!r} is not a number: type digits, or leave it empty for "
                         "'not reported'") from None
    if value < 0:
        raise ValueError("figures are counts: 0 or more")
    return value


def value_text(item: m.KeyFigure) -> str:
    v = item.value
    return "" if v.value is None else m.format_number(v.value)


def set_value(item: m.KeyFigure, text: Any) -> m.Value:
    """The figure's value with its number replaced ('' is unknown: 'not reported')."""
    text = str(text).strip()
    return dataclasses.replace(item.value, value=_number(text) if text else None)


def qualifier_text(item: m.KeyFigure) -> str:
    """'at least', '40–60', or 'about 3–5': the qualifier, then the range."""
    v = item.value
    words = [v.qualifier] if v.qualifier else []
    if v.low is not None and v.high is not None:
        words.append(f"{m.format_number(v.low)}–{m.format_number(v.high)}")
    return " ".join(words)


def set_qualifier(item: m.KeyFigure, text: Any) -> m.Value:
    """The figure's value with the qualifier and range typed: 'at least', '40-60', or both."""
    match = _RANGE.match(str(text))
    qualifier = (match.group("q") or "").strip().lower() if match else None
    if match is None or (qualifier and qualifier not in m.QUALIFIERS):
        raise ValueError(f"type a qualifier ({', '.join(m.QUALIFIERS)}) and/or a range such as "
                         "40-60")
    low = _number(match.group("low")) if match.group("low") else None
    high = _number(match.group("high")) if match.group("high") else None
    if low is not None and high is not None and low > high:
        raise ValueError(f"the range's low end ({m.format_number(low)}) is above its high end")
    return dataclasses.replace(item.value, qualifier=qualifier or None, low=low, high=high)


FIGURE_COLUMNS = (
    Column("value", "Value", value_text, str, (), 80, update=set_value),
    Column("value", "Qualifier / range", qualifier_text, str, (), 130, update=set_qualifier),
    Column("label", "Label", lambda i: i.label, _required("label")),
    Column("sources", "Sources", lambda i: _sources_text(i.sources), _sources_parse, (), 72),
    Column("marking", "Marking", lambda i: i.marking or "", _marking_parse, (), 80),
)


class KeyFiguresEditor(ListEditor):
    NAME = "items"
    COLUMNS = FIGURE_COLUMNS
    NOUN = "key figure"

    def new_item(self) -> Any:
        return m.KeyFigure(m.Value(0), "New figure")
