"""A pie with many categories as one readable pie: the largest slices and one "Other".

A pie is never split over slides: each piece would sum to 100% of a subset and so misstate
every share. With more than `MAX_SLICES` categories it keeps the `MAX_SLICES - 1` largest (in
the document's order) and sums the rest into "Other (N categories)". Categories whose value is
unknown cannot be shared out, so they are left out and the note says so. The document keeps
the full data; only what is drawn (deck, PDFs, preview) is grouped.
"""

from __future__ import annotations

import re

from briefing.model.document import Chart, Series, Value

MAX_SLICES = 8
_LOWER = {"at least", "more than"}  # the true total is this or more
_UPPER = {"up to", "at most", "fewer than"}  # the true total is this or less
_LISTED = 5  # unknown categories named in the note, at most


def _known(v: Value | None) -> bool:
    return v is not None and v.value is not None


def _sum(values: list[Value | None]) -> Value:
    """The total of `values` (unknowns skipped), qualified when any part is not exact."""
    parts = [v for v in values if _known(v)]
    if not parts:
        return Value()
    qualifiers = {v.qualifier for v in parts if v.qualifier}
    if not qualifiers:
        qualifier = None
    elif qualifiers <= _LOWER:
        qualifier = "at least"
    elif qualifiers <= _UPPER:
        qualifier = "up to"
    else:
        qualifier = "about"
    return Value(sum(float(v.value) for v in parts), qualifier=qualifier)


def _at(series: Series, i: int) -> Value | None:
    return series.values[i] if i < len(series.values) else None


def grouped_pie(chart: Chart) -> tuple[Chart, str | None]:
    """`chart` as drawn: unchanged when it has `MAX_SLICES` categories or fewer; otherwise the
    largest slices plus "Other (N categories)", and a note saying what was grouped or left out.

    The first series decides (a pie shows the first series); other series are grouped the
    same way so the data stays aligned."""
    n = len(chart.categories)
    if chart.type != "pie" or n <= MAX_SLICES or not chart.series:
        return chart, None
    first = chart.series[0]
    known = [i for i in range(n) if _known(_at(first, i))]
    unknown = [chart.categories[i] for i in range(n) if i not in set(known)]
    if len(known) <= MAX_SLICES:
        keep, rest = known, []
    else:
        by_size = sorted(known, key=lambda i: -float(_at(first, i).value))  # stable: ties in order
        keep, rest = sorted(by_size[:MAX_SLICES - 1]), by_size[MAX_SLICES - 1:]
    categories = [chart.categories[i] for i in keep]
    if rest:
        categories.append(f"Other ({len(rest)} categories)")
    series = []
    for s in chart.series:
        values = [_at(s, i) for i in keep]
        if rest:
            values.append(_sum([_at(s, i) for i in rest]))
        series.append(Series(s.name, values, s.marking))
    notes = []
    if rest:
        notes.append(f"\u201cOther\u201d sums the {len(rest)} smallest of {n} categories.")
    if unknown:
        names = ", ".join(unknown[:_LISTED]) + (", \u2026" if len(unknown) > _LISTED else "")
        noun = "category" if len(unknown) == 1 else "categories"
        notes.append(f"Left out, value unknown: {len(unknown)} {noun} ({names}).")
    return Chart(chart.type, categories, series, chart.unit, chart.note), " ".join(notes)


OTHER_COLOR = "A5A5A5"  # a neutral grey: "Other" is a remainder, not one more party
_OTHER = re.compile(r"Other \(\d+ categories\)")


def pie_colors(palette: list[str], categories: list[str]) -> list[str]:
    """One colour per slice (hex, no '#'): the palette in order, then lighter tints of it, never
    the same colour on two touching slices (the last touches the first), grey for "Other"."""
    palette = [c.lstrip("#").upper() for c in palette] or ["1F4E79"]
    shades = palette + [_tint(c, 0.45) for c in palette]
    n = len(categories)
    colors = [shades[i % len(shades)] for i in range(n)]
    if n > 1 and colors[-1] == colors[0]:  # a short palette come round again
        colors[-1] = _tint(colors[0], 0.7)
    if n > 1 and _OTHER.fullmatch(categories[-1]):
        colors[-1] = OTHER_COLOR
    return colors


def _tint(color: str, amount: float) -> str:
    """`color` moved `amount` of the way to white."""
    rgb = [int(color[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)
