"""The order in which a page is read: its title, its content, then its furniture.

A screen reader reads a slide's shapes in the order they are stored, not where they stand. The
layout builds a page furniture first (banners, title, footer) and content last, which would
have a reader start every slide with the classification banner and the footer. Every output
that stores an order (the deck's shape tree, a tagged PDF's structure) takes it from here.
"""

from __future__ import annotations

from .geometry import Element, Page, TextBlock

#: furniture, read after the content, in this order: the sources line, the classification
#: banners, the footer, the slide number
AFTER_CONTENT = ("footnote", "banner", "footer", "number")


def _rank(element: Element) -> int:
    role = element.role if isinstance(element, TextBlock) else None
    if role == "title":
        return 0
    if role in AFTER_CONTENT:
        return 2 + AFTER_CONTENT.index(role)
    return 1


def reading_order(page: Page) -> list[Element]:
    """`page.elements` as read: the title, the content in the layout's order (decorations
    stay where they were, beneath what follows them, and are skipped by readers), then the
    sources line, the banners, the footer and the number. No element of the layout overlaps
    another of a different rank, so the new order draws the same picture."""
    return sorted(page.elements, key=_rank)  # stable: the layout's order within a rank
