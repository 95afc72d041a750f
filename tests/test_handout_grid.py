"""A handout sheet is used edge to edge (issue 14): the layout's grid puts every slide as large
as the printable area allows, with equal margins and one gutter between neighbours; room a
16:9 slide cannot use (a portrait sheet is too narrow for two larger ones) becomes ruled lines
for notes, never wide gaps between the slides."""

from __future__ import annotations

import pytest

from briefing import load_file
from briefing.layout import layout_document
from briefing.layout.geometry import Box
from briefing.layout.handout import (
    GRIDS,
    HANDOUT_GUTTER,
    MIN_NOTE_LINES,
    NOTE_PITCH,
    handout_grid,
    slide_share,
)
from briefing.render.pdf.common import Furniture, paper_size
from briefing.render.pdf.slides import MARGIN, handout_slots
from briefing.resources import example_path

SLIDE = 540 / 960
#: the least share of the printable area the slides of a full sheet cover, per grid: one slide
#: shares its sheet with its speaker notes, three with ruled lines beside them, four and six
#: are as wide as two fit across a portrait sheet (with lines under them)
LEAST_SHARE = {1: 0.37, 2: 0.74, 3: 0.45, 4: 0.34, 6: 0.52}


def _areas() -> dict[str, Box]:
    """The printable areas of A4 and Letter sheets, with and without classification banners."""
    out = {}
    for name in ("a4", "letter"):
        w, h = paper_size(name)
        for banner in (0.0, 16.0):
            out[f"{name}, banner {banner:g}"] = Box(36, banner + 18, w - 72,
                                                     h - 2 * banner - 16 - 36)
    return out


AREAS = _areas()


def _union(slot) -> Box:
    boxes = [b for b in (slot.slide, slot.lines, slot.notes) if b is not None]
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(x, y, max(b.right for b in boxes) - x, max(b.bottom for b in boxes) - y)


@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
@pytest.mark.parametrize("per_page", sorted(GRIDS))
def test_the_slides_cover_the_stated_share_of_the_printable_area(per_page, area):
    slots = handout_grid(per_page, area, SLIDE)
    assert len(slots) == per_page
    assert slide_share(slots, area) >= LEAST_SHARE[per_page]


@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
@pytest.mark.parametrize("per_page", sorted(GRIDS))
def test_each_slide_is_as_large_as_its_grid_allows_inside_equal_margins(per_page, area):
    slots = handout_grid(per_page, area, SLIDE)
    cols, rows = GRIDS[per_page]
    for slot in slots:
        s = slot.slide
        assert s.h == pytest.approx(s.w * SLIDE)
        for box in (s, slot.lines, slot.notes):
            if box is not None:  # inside the printable area
                assert area.x - 1e-6 <= box.x and box.right <= area.right + 1e-6
                assert area.y - 1e-6 <= box.y and box.bottom <= area.bottom + 1e-6
    widths = {round(s.slide.w, 6) for s in slots}
    assert len(widths) == 1
    width = slots[0].slide.w
    if per_page != 3:  # two across, or one across the sheet: the width binds
        assert width == pytest.approx((area.w - (cols - 1) * HANDOUT_GUTTER) / cols)
    # the grid's ink is centred: the margins left and right, and top and bottom, are equal
    blocks = [_union(slot) for slot in slots]
    left = min(b.x for b in blocks) - area.x
    right = area.right - max(b.right for b in blocks)
    top = min(b.y for b in blocks) - area.y
    bottom = area.bottom - max(b.bottom for b in blocks)
    if per_page != 3:  # 3 per page: the slides to the left, their lines to the right
        assert left == pytest.approx(right, abs=0.01)
    assert top == pytest.approx(bottom, abs=NOTE_PITCH)


@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
@pytest.mark.parametrize("per_page", [2, 4, 6])
def test_neighbouring_slides_are_one_gutter_apart_and_leftover_room_is_ruled(per_page, area):
    """No wide gaps: across a row and down a column, what is drawn (a slide and the lines
    under it) is one gutter from the next; lines only where at least MIN_NOTE_LINES fit."""
    slots = handout_grid(per_page, area, SLIDE)
    cols, _rows = GRIDS[per_page]
    for k, slot in enumerate(slots):
        if slot.lines is not None:
            assert slot.lines.h >= MIN_NOTE_LINES * NOTE_PITCH
            assert slot.lines.y - slot.slide.bottom <= HANDOUT_GUTTER
        if (k + 1) % cols:  # a neighbour to the right
            assert slots[k + 1].slide.x - slot.slide.right == pytest.approx(HANDOUT_GUTTER)
        if k + cols < len(slots):  # a neighbour below
            gap = slots[k + cols].slide.y - _union(slot).bottom
            assert 0 <= gap <= HANDOUT_GUTTER + 1e-6


@pytest.mark.parametrize("area", AREAS.values(), ids=AREAS.keys())
def test_three_per_page_keeps_lines_beside_each_slide(area):
    for slot in handout_grid(3, area, SLIDE):
        assert slot.lines is not None
        assert slot.lines.x - slot.slide.right == pytest.approx(HANDOUT_GUTTER)
        assert slot.lines.h == pytest.approx(slot.slide.h)
        assert slot.lines.w >= 0.3 * area.w  # room to write in


def test_one_per_page_has_the_speaker_notes_under_the_slide():
    area = AREAS["a4, banner 16"]
    (slot,) = handout_grid(1, area, SLIDE)
    assert slot.notes is not None and slot.notes.y > slot.slide.bottom
    assert slot.notes.bottom == pytest.approx(area.bottom)


@pytest.mark.parametrize("per_page", sorted(GRIDS))
def test_the_handout_draws_the_layouts_grid_inside_the_sheets_margins(per_page):
    doc = load_file(example_path())
    deck = layout_document(doc)
    furniture = Furniture.for_document(doc, deck.theme)
    w, h = paper_size("a4")
    slots = handout_slots(per_page, w, h, furniture, deck.height / deck.width)
    for slot in slots:
        assert MARGIN - 1e-6 <= slot.x and slot.x + slot.w <= w - MARGIN + 1e-6
        assert furniture.reserved_bottom() < slot.y
        assert slot.y + slot.h < h - furniture.reserved_top()
    printable = (w - 2 * MARGIN) * (h - furniture.reserved_top() - furniture.reserved_bottom())
    assert sum(s.w * s.h for s in slots) / printable >= LEAST_SHARE[per_page] * 0.95
