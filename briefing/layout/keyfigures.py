"""A key-figures band, decided once: how many figures a band holds, at which sizes, and where
each figure's number and label stand.

The slides, the handout (which draws the slides) and the paper (which draws these boxes at its
own scale) take these decisions and make none of them again. Numbers stay big (at least
`MIN_NUMBER` points on a slide) and labels readable (at least `MIN_LABEL`): what does not fit
goes to fewer figures per band, then to another band, then to the next slide; it never shrinks
below those sizes. Each figure is plain text in reading order (number, then label), so a
screen reader needs no alternative text for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.model.document import Value
from briefing.text import metrics as tm

from .chart_rules import GAP_TEXT
from .geometry import Box, Element, Paragraph, Run, ShapeBox, TextBlock
from .text import height_of, para

NUMBER_SIZES = (60.0, 54.0, 48.0, 44.0, 40.0)
"""The big numbers, largest first; never below the last on a slide."""
MIN_NUMBER = NUMBER_SIZES[-1]
LABEL_SIZES = (20.0, 18.0, 16.0, 14.0)
"""Labels (and qualifiers), largest first: long labels wrap at these sizes, never smaller."""
MIN_LABEL = LABEL_SIZES[-1]
MAX_PER_BAND = 6
MIN_PER_BAND = 3
GAP = 24.0
"""Between two figures of a band, and between two bands (times 1.5)."""
PAD = 4.0
RULE_GAP = 10.0
"""The accent rule over each figure, and the space below it."""
PAPER_SCALE = 0.65
"""The paper draws the slide's decision at this scale: labels of 14 pt and more become 9 pt
and more, numbers 26 pt and more, beside its 10.5 pt body text."""


@dataclass(frozen=True)
class Figure:
    """One figure as every output words it: a chart label's words, split so the number can be
    big ('at least' over '9'); `unknown` when the value is not reported."""

    qualifier: str
    number: str
    label: str
    cites: str = ""
    """Footnote markers, '[1] [4]' ('' when nothing is cited)."""
    portion: str = ""
    """'(I) ' when the document asks for portion marks."""
    marking: str | None = None
    unknown: bool = False

    @property
    def words(self) -> str:
        """The value as a chart label says it: 'at least 9', '40–60', 'not reported'."""
        return f"{self.qualifier} {self.number}" if self.qualifier else self.number


def figure_words(value: Value) -> tuple[str, str, bool]:
    """(qualifier, number, unknown) of a value, in the chart label's words (`Value.label`,
    `chart_rules.GAP_TEXT`): 'at least 9' is ('at least', '9'), an unknown one 'not reported'."""
    text = value.label()
    if not text:
        return "", GAP_TEXT, True
    qualifier = value.qualifier if value.value is not None and value.qualifier else ""
    return qualifier, text[len(qualifier):].strip() if qualifier else text, False


@dataclass(frozen=True)
class Style:
    """Colours of a band, from the theme."""

    number: str
    text: str
    muted: str
    rule: str


@dataclass(frozen=True)
class Plan:
    """The decision: figures per band, the sizes, the bands (figure indices) and which bands go
    on which page (`pages[k]`: band indices of page k)."""

    per_band: int
    number_size: float
    label_size: float
    bands: tuple[tuple[int, ...], ...]
    pages: tuple[tuple[int, ...], ...]
    heights: tuple[float, ...]
    """Each band's height, rule to last label line."""


def _cell_width(width: float, n: int) -> float:
    return (width - GAP * (n - 1)) / n


def _head(f: Figure, size: float, label_size: float, style: Style, qualifiers: bool
          ) -> list[Paragraph]:
    """Qualifier line (kept, empty, where another figure of the band has one, so the numbers
    of a band stand on one line) and the number."""
    out = []
    if qualifiers:
        out.append(para(f.qualifier or "\u00a0", label_size, color=style.muted, align="center",
                        line_height=1.15))
    if f.unknown:
        out.append(para(f.number, max(label_size, size * 0.5), italic=True, color=style.muted,
                        align="center", line_height=1.1))
    else:
        out.append(para(f.number, size, bold=True, color=style.number, align="center",
                        line_height=1.1))
    return out


def _label(f: Figure, size: float, style: Style) -> list[Paragraph]:
    runs = [Run(f.portion, bold=True)] if f.portion else []
    runs.append(Run(f.label))
    if f.cites:
        runs.append(Run(" " + f.cites, color=style.muted))
    return [para(runs, size, color=style.text, align="center", line_height=1.2)]


def _fits_one_line(f: Figure, size: float, width: float) -> bool:
    return f.unknown or tm.measure(f.number, size, bold=True) <= (width - 2 * PAD) * tm.WIDTH_SAFETY


def _parts(text: str) -> list[str]:
    """The pieces a line may break between: words, cut after their hyphens."""
    return [part for word in text.split() for part in re.split(r"(?<=-)", word) if part]


def _words_fit(f: Figure, width: float, label: float = MIN_LABEL,
               number: float = MIN_NUMBER) -> bool:
    """Every word of the label (at `label` points) and of an unknown value (as `_head` sizes
    it) fits whole in a cell `width` wide: no word is cut between letters ("Balochista-n")
    because a band holds too many figures, or its labels are too big, for the font (a
    template's may be wider than Arial)."""
    room = (width - 2 * PAD) * tm.WIDTH_SAFETY
    words = [(w, label, False) for w in _parts(f.label)]
    if f.unknown:
        words += [(w, max(label, number * 0.5), True) for w in _parts(f.number)]
    return all(tm.measure(w, size, False, italic) <= room for w, size, italic in words)


def _split(n: int, per: int) -> tuple[tuple[int, ...], ...]:
    """n figures in even bands of at most `per`: 8 by 6 is 4 + 4, not 6 + 2."""
    count = -(-n // per)
    size = -(-n // count)
    return tuple(tuple(range(a, min(a + size, n))) for a in range(0, n, size))


def _band_height(figures: Sequence[Figure], band: Sequence[int], cell: float, number: float,
                 label: float, style: Style) -> tuple[float, float]:
    """(head height, label height) of a band of figures `cell` wide: the tallest of each."""
    qualifiers = any(figures[i].qualifier for i in band)
    head = max(height_of(_head(figures[i], number, label, style, qualifiers), cell, PAD)
               for i in band)
    text = max(height_of(_label(figures[i], label, style), cell, PAD) for i in band)
    return head, text


def plan(figures: Sequence[Figure], width: float, heights: Callable[[int], float],
         style: Style) -> Plan:
    """The bands of `figures` in a body `width` wide, page k offering `heights(k)` points.

    The most figures per band (up to 6) whose numbers all fit on one line at the smallest big
    size, at least 3 a band where there are that many and they fit (fewer where a number or a
    word fits no other way: never cut between its characters); the largest number size at which they
    do; the largest label size at which every band fits on the first page, else the smallest,
    the bands then continuing on the next pages. A band taller than a page (labels of hundreds
    of words) takes fewer figures, down to one a band, rather than leave the slide."""
    n = len(figures)
    per = max(min(n, MIN_PER_BAND), 1)
    # fewer than 3 a band only where a number (a range, "1,384–2,445", in a wide template
    # font) or a word would otherwise be cut between its characters
    for k in range(min(n, MAX_PER_BAND), 0, -1):
        cell = _cell_width(width, len(_split(n, k)[0]))
        if all(_fits_one_line(f, MIN_NUMBER, cell) and _words_fit(f, cell) for f in figures):
            per = k
            break
    while True:
        decided = _plan_at(figures, per, width, heights, style)
        if per == 1 or max(decided.heights) <= min(heights(0), heights(1)) + 1e-6:
            return decided
        per -= 1


def _plan_at(figures: Sequence[Figure], per: int, width: float,
             heights: Callable[[int], float], style: Style) -> Plan:
    bands = _split(len(figures), per)
    cell = _cell_width(width, len(bands[0]))  # the first band is the fullest: one cell width
    number = next((s for s in NUMBER_SIZES
                   if all(_fits_one_line(f, s, cell) and _words_fit(f, cell, MIN_LABEL, s)
                          for f in figures)), MIN_NUMBER)
    label = MIN_LABEL
    for size in LABEL_SIZES:
        if not all(_words_fit(f, cell, size, number) for f in figures) and size > MIN_LABEL:
            continue
        if _total(figures, bands, cell, number, size, style) <= heights(0) + 1e-6:
            label = size
            break
    band_heights = tuple(sum(_band_height(figures, b, cell, number, label, style)) + RULE_GAP
                         for b in bands)
    pages: list[tuple[int, ...]] = []
    current: list[int] = []
    used = 0.0
    for j, h in enumerate(band_heights):
        need = h + (GAP * 1.5 if current else 0.0)
        if current and used + need > heights(len(pages)) + 1e-6:
            pages.append(tuple(current))
            current, used = [], 0.0
            need = h
        current.append(j)
        used += need
    pages.append(tuple(current))
    return Plan(per, number, label, bands, tuple(pages), band_heights)


def _total(figures: Sequence[Figure], bands: Sequence[Sequence[int]], cell: float,
           number: float, label: float, style: Style) -> float:
    return sum(sum(_band_height(figures, b, cell, number, label, style)) + RULE_GAP
               for b in bands) + GAP * 1.5 * (len(bands) - 1)


def band_elements(figures: Sequence[Figure], the_plan: Plan, band: int, x: float, y: float,
                  width: float, style: Style) -> list[Element]:
    """The boxes of band `band` with its top-left at (x, y): per figure, in reading order, a
    rule, the number (its qualifier above it) and the label with its citations; the numbers of
    a band stand on one line, their labels start on one line."""
    indices = the_plan.bands[band]
    cell = _cell_width(width, len(the_plan.bands[0]))
    number, label = the_plan.number_size, the_plan.label_size
    head_h, label_h = _band_height(figures, indices, cell, number, label, style)
    qualifiers = any(figures[i].qualifier for i in indices)
    # a band of fewer figures than the first (7 figures: 4 + 3) has the same cells, centred
    x += (width - (cell * len(indices) + GAP * (len(indices) - 1))) / 2
    out: list[Element] = []
    for k, i in enumerate(indices):
        f = figures[i]
        cx = x + k * (cell + GAP)
        out.append(ShapeBox(Box(cx + cell * 0.3, y, cell * 0.4, 0), "line", line=style.rule,
                            line_width=3.0))
        top = y + RULE_GAP
        out.append(TextBlock(Box(cx, top, cell, head_h),
                             _head(f, number, label, style, qualifiers), "figure",
                             anchor="bottom", padding=PAD, marking=f.marking))
        out.append(TextBlock(Box(cx, top + head_h, cell, label_h), _label(f, label, style),
                             "caption", padding=PAD, marking=f.marking))
    return out


def page_elements(figures: Sequence[Figure], the_plan: Plan, page: int, body: Box,
                  style: Style) -> list[Element]:
    """Every band of page `page`, stacked from the body's top, the block centred in it."""
    bands = the_plan.pages[page]
    total = sum(the_plan.heights[j] for j in bands) + GAP * 1.5 * (len(bands) - 1)
    y = body.y + max((body.h - total) / 2, 0.0)
    out: list[Element] = []
    for j in bands:
        out += band_elements(figures, the_plan, j, body.x, y, body.w, style)
        y += the_plan.heights[j] + GAP * 1.5
    return out
