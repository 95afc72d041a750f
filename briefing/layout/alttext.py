"""The alternative text of what a slide or page shows, generated from the layout's own objects.

A screen reader cannot see a chart, a table or a picture: it reads this text instead (the deck's
`descr`, a tagged PDF's `/Alt`). It is made here once, from the frame every renderer draws, so
it says what the reader would see: the chart as drawn (`chart_rules.chart_as_drawn` has already
grouped a crowded pie or turned a crowded column chart into bars), its values worded as its data
labels word them ("at least 9", "2,783–2,906", "not reported"). The layout has already left out
whatever the audience may not see, so nothing here can name a hidden series, value or source:
the text describes the frame and nothing else (no sources, no markings).
"""

from __future__ import annotations

from briefing.model.document import Chart

from .chart_rules import (
    GAP_TEXT,
    SLIDE_CHART_FONT,
    SLIDE_CHART_WIDTH,
    PointLabel,
    chart_as_drawn,
    point_labels,
)
from .geometry import Box, ChartFrame, Element, ImageFrame, ShapeBox, TableFrame, TextBlock
from .markup import cell_runs

#: how each chart kind is named, as a reader would say it
KIND_NAMES = {
    "column": "Column chart",
    "bar": "Bar chart",
    "stacked-column": "Stacked column chart",
    "stacked-bar": "Stacked bar chart",
    "line": "Line chart",
    "pie": "Pie chart",
}


def alt_text(frame: Element, title: str | None = None) -> str:
    """What `frame` shows, in words; '' for a purely decorative shape (a rule, an accent bar),
    which a reader should skip. `title`: the slide's or page's title, which names a chart,
    table or picture that has none of its own (the layout leaves `ChartFrame.title` empty)."""
    if isinstance(frame, ChartFrame):
        return chart_alt(frame, title)
    if isinstance(frame, TableFrame):
        return table_alt(frame, title)
    if isinstance(frame, ImageFrame):
        return picture_alt(frame, title)
    if isinstance(frame, TextBlock):
        return frame.text.strip()
    return ""


def decorative(element: Element) -> bool:
    """True for what carries no meaning of its own (a title's accent rule, a background bar):
    a reader skips it, the deck marks it decorative, a tagged PDF makes it an artifact."""
    return isinstance(element, ShapeBox)


def chart_alt(frame: ChartFrame, title: str | None = None) -> str:
    """"Column chart, Reported casualties by side, people. Killed: Pakistan 2, Iran at least 9.
    Injured: Pakistan 3, Iran not reported." One sentence per category (per slice of a pie),
    each value as its data label says it, an unknown one as "not reported"."""
    chart = frame.chart
    head = ", ".join(p for p in (KIND_NAMES.get(chart.type, "Chart"),
                                 (frame.title or title or "").strip(),
                                 (chart.unit or "").strip()) if p)
    labels = frame.labels or point_labels(chart, frame.colors)
    sentences = [head + "."]
    if not chart.series or not chart.categories:
        return sentences[0] + " No data."
    if chart.type == "pie":  # a pie draws its first series only
        sentences += [f"{cat} {_said(label)}." for cat, label in
                      zip(chart.categories, _row(labels, 0, len(chart.categories)), strict=True)]
        return " ".join(sentences)
    single = len(chart.series) == 1
    for ci, cat in enumerate(chart.categories):
        values = [_said(_row(labels, si, len(chart.categories))[ci])
                  for si in range(len(chart.series))]
        if single:
            sentences.append(f"{cat}: {values[0]}.")
        else:
            parts = [f"{s.name} {v}" for s, v in zip(chart.series, values, strict=True)]
            sentences.append(f"{cat}: {', '.join(parts)}.")
    return " ".join(sentences)


def _row(labels: list[list[PointLabel]], si: int, n: int) -> list[PointLabel]:
    row = labels[si] if si < len(labels) else []
    return list(row[:n]) + [PointLabel("")] * (n - len(row))


def _said(label: PointLabel) -> str:
    """A value as its label says it; a value drawn as a gap (a line's break, a pie's missing
    slice), which has no label, is still said: "not reported"."""
    return label.text.strip() or GAP_TEXT


def table_alt(frame: TableFrame, title: str | None = None) -> str:
    """"Table, Timeline: 12 rows, 3 columns. Columns: Date, Event, Where." (the rows on this
    page, the header as printed). A reader then walks the cells themselves."""
    rows, cols = len(frame.rows), len(frame.columns)
    name = ", ".join(p for p in ("Table", (title or "").strip()) if p)
    size = f"{rows} {'row' if rows == 1 else 'rows'}, {cols} {'column' if cols == 1 else 'columns'}"
    header = ", ".join(_plain(c) for c in frame.columns if _plain(c))
    return f"{name}: {size}." + (f" Columns: {header}." if header else "")


def _plain(text: str) -> str:
    return " ".join("".join(r.text for r in cell_runs(text)).split())


def picture_alt(frame: ImageFrame, title: str | None = None) -> str:
    """The image's own `alt` (the layout falls back to its caption, then the section title);
    with none of them, "Picture" and the slide's title, so a reader is never left with nothing."""
    return frame.alt.strip() or ", ".join(p for p in ("Picture", (title or "").strip()) if p)


def chart_summary(chart: Chart, title: str | None = None, width: float = SLIDE_CHART_WIDTH,
                  font_size: float = SLIDE_CHART_FONT) -> str:
    """The alternative text of `chart` drawn outside a slide (the paper's figures, `width`
    points wide at `font_size`), worded as the slides word it."""
    drawn, _note = chart_as_drawn(chart, width, font_size)
    return chart_alt(ChartFrame(box=Box(0.0, 0.0, 0.0, 0.0), chart=drawn), title)

