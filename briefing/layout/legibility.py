"""Every text of a laid-out deck with the colour it is drawn in and the colour under it.

The deck, the slides PDF, the handout (the slides, smaller) and the app's preview draw these
boxes as they are, so the pairs listed here are the pairs on screen and on paper: the test of
WCAG contrast walks them for every theme rather than a hand-kept list of colours.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .chart_rules import gap_size, label_size, smallest_text
from .colors import contrast_ratio, required_ratio
from .geometry import Box, ChartFrame, Deck, Element, Page, ShapeBox, TableFrame, TextBlock


@dataclass(frozen=True)
class Ink:
    """One text as drawn: where (for a message), its colour on its background, its size."""

    where: str
    color: str
    background: str
    size: float
    bold: bool = False

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.color, self.background)

    @property
    def required(self) -> float:
        return required_ratio(self.size, self.bold)

    @property
    def legible(self) -> bool:
        return self.ratio >= self.required - 1e-9

    def __str__(self) -> str:
        return (f"{self.where}: #{self.color} on #{self.background} at {self.size:g} pt"
                f"{' bold' if self.bold else ''}: {self.ratio:.2f}:1, needs {self.required:g}:1")


def deck_inks(deck: Deck) -> Iterator[Ink]:
    """Every text colour of every page on what it is drawn on."""
    for page in deck.pages:
        yield from page_inks(page, deck.theme.text)


def page_inks(page: Page, default: str) -> Iterator[Ink]:
    for index, element in enumerate(page.elements):
        where = f"page {page.number} ({page.title})"
        if isinstance(element, TextBlock):
            under = element.fill or _under(page, index, element.box)
            for p in element.paragraphs:
                if p.bullet:
                    yield Ink(f"{where} {element.role} bullet", _hex(p.color or default), under,
                              p.size)
                for run in p.runs:
                    if run.text.strip():
                        yield Ink(f"{where} {element.role} {run.text[:30]!r}",
                                  _hex(run.color or p.color or default), under, p.size, run.bold)
        elif isinstance(element, ChartFrame):
            yield from _chart_inks(element, _under(page, index, element.box), where)
        elif isinstance(element, TableFrame):
            yield from _table_inks(element, _under(page, index, element.box), where)


def _chart_inks(frame: ChartFrame, under: str, where: str) -> Iterator[Ink]:
    """Axis, legend and title text on the chart's background (the page's, as every output
    draws it); each data label on the series fill where it sits inside its bar."""
    size = frame.font_size
    yield Ink(f"{where} chart text", _hex(frame.text_color), under, smallest_text(size))
    for si, row in enumerate(frame.labels):
        for ci, label in enumerate(row):
            if not label.text:
                continue
            if label.gap:
                yield Ink(f"{where} chart gap label", _hex(frame.muted_color), under,
                          gap_size(size))
            elif label.color is not None:
                fill = frame.colors[si % len(frame.colors)]
                yield Ink(f"{where} chart label in series {si + 1}, category {ci + 1}",
                          _hex(label.color), _hex(fill), label_size(size))
            else:
                yield Ink(f"{where} chart label", _hex(frame.text_color), under,
                          label_size(size))


def _table_inks(t: TableFrame, under: str, where: str) -> Iterator[Ink]:
    """The header on its fill (bold), the cells on the page and on the zebra stripe."""
    yield Ink(f"{where} table header", _hex(t.header_text_color), _hex(t.header_fill or under),
              t.font_size, True)
    yield Ink(f"{where} table row", _hex(t.text_color), under, t.font_size)
    if t.stripe_fill and len(t.rows) > 1:
        yield Ink(f"{where} table stripe", _hex(t.text_color), _hex(t.stripe_fill), t.font_size)


def _under(page: Page, index: int, box: Box) -> str:
    """The fill of the last element drawn before `index` that covers the middle of `box`,
    else the page's background."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    for element in reversed(page.elements[:index]):
        fill = _fill(element)
        b = element.box
        if fill and b.x <= cx <= b.right and b.y <= cy <= b.bottom:
            return _hex(fill)
    return _hex(page.background)


def _fill(element: Element) -> str | None:
    if isinstance(element, ShapeBox):
        return element.fill if element.shape != "line" else None
    if isinstance(element, TextBlock):
        return element.fill
    return None


def _hex(color: str) -> str:
    return color.lstrip("#").upper()
