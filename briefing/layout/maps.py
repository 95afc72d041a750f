"""A map section laid out: the `MapFrame` every output draws, decided once here.

Which places are shown (the audience's, with coordinates or a gazetteer match), their marker
numbers (`model.places`, shared with the timeline), the extent and projection, the countries
clipped and simplified to the drawing's scale, country names, labels placed without overlap,
the scale bar, the inset and the alternative text. Renderers only draw the frame's items.
Imported only for briefings that have a map (see `sections.LAYOUTS`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing.maps import boundaries
from briefing.maps.gazetteer import lookup
from briefing.maps.projection import Projection, fit, fitted_extent, nice_distance
from briefing.model.document import Place, Section
from briefing.model.places import place_numbers
from briefing.text import metrics as tm

from .context import Ctx
from .frame import Framer
from .geometry import (
    Box,
    Element,
    MapFrame,
    MapPath,
    Page,
    Paragraph,
    Run,
    ShapeBox,
    TextBlock,
)
from .text import height_of, para

SEA = "DCE9F3"
LAND = "F1EEE6"
LAND_EVENT = "E6DCC6"  # a country with a place on the map
BORDER = "8A8276"
INK = "1F2933"  # names and labels: dark on the light map in every theme
NAME_INK = "4B5563"
FRAME = "6B7280"
LABEL_SIZE = 12.0
NAME_SIZE = 12.0
MARKER = 20.0
DOT = 4.0  # the true spot of a marker moved off it to stay clear of another
TOLERANCE_PT = 0.6  # outlines simplified to this many points: finer than the line drawn
INSET_SHARE = 0.24
INSET_SPAN = (50.0, 36.0)  # degrees of longitude and latitude the inset shows
MAX_LISTED = 4  # labels listed under the map when they find no room on it
DISCLAIMER = ("Boundaries and names shown do not imply endorsement. Base map: Natural Earth "
              "(public domain).")


@dataclass(frozen=True)
class Spot:
    """A place as drawn: its number, where it is and what its label says."""

    number: int
    place: Place
    lon: float
    lat: float


def located(place: Place) -> tuple[float, float] | None:
    """(lon, lat) as written, else from the gazetteer; None when neither gives one."""
    if place.lat is not None and place.lon is not None:
        return place.lon, place.lat
    found = lookup(place.name).match
    return (found.lon, found.lat) if found else None


def spots(ctx: Ctx, section: Section) -> list[Spot]:
    """The section's places with their numbers, in number order."""
    numbers = place_numbers(ctx.doc)
    out = []
    for place in section.places:
        where = located(place)
        if where is None:
            ctx.problems.append(f"section '{section.id or section.title}': no coordinates for "
                                f"{place.name!r}")
            continue
        out.append(Spot(numbers.get(place.key, 0), place, *where))
    return sorted(out, key=lambda s: s.number)


def map_extent(section: Section, points: list[tuple[float, float]]
               ) -> tuple[float, float, float, float]:
    if section.extent and len(section.extent) == 4:
        return tuple(section.extent)  # type: ignore[return-value]
    return fitted_extent(points)


def _overlaps(a: Box, b: Box, gap: float = 1.0) -> bool:
    return (a.x < b.right + gap and b.x < a.right + gap and a.y < b.bottom + gap
            and b.y < a.bottom + gap)


def _inside(a: Box, area: Box) -> bool:
    return a.x >= area.x and a.y >= area.y and a.right <= area.right and a.bottom <= area.bottom


def _label_paragraphs(spot: Spot, prefix: str, marks: str) -> list[Paragraph]:
    runs = [Run(prefix + spot.place.name, bold=True)]
    paras = [para(runs, LABEL_SIZE, color=INK)]
    detail = (spot.place.label or "").strip()
    if detail or marks:
        paras.append(para(detail + (f" {marks}" if marks else ""), LABEL_SIZE, color=INK))
    return paras


def _candidates(cx: float, cy: float, w: float, h: float) -> list[Box]:
    """Label boxes around a marker, preferred first: right, left, above, below, diagonals."""
    r = MARKER / 2 + 3
    d = MARKER / 2 + 2  # a diagonal's corner clear of the marker's box (at 0.7 r it touched
    # it, so no diagonal was ever taken and such labels went under the map)
    return [Box(cx + r, cy - h / 2, w, h), Box(cx - r - w, cy - h / 2, w, h),
            Box(cx - w / 2, cy - r - h, w, h), Box(cx - w / 2, cy + r, w, h),
            Box(cx + d, cy - d - h, w, h), Box(cx + d, cy + d, w, h),
            Box(cx - d - w, cy - d - h, w, h), Box(cx - d - w, cy + d, w, h)]


def _text_box(paragraphs: list[Paragraph], max_w: float, pad: float) -> tuple[float, float]:
    natural = max(sum(tm.measure(r.text, p.size, r.bold, r.italic) for r in p.runs)
                  for p in paragraphs)
    w = min(max_w, natural / tm.WIDTH_SAFETY + 2 * pad + 8)  # slack for substituted fonts
    return w, height_of(paragraphs, w, pad)


def build_map(ctx: Ctx, section: Section, area: Box, *, inset: bool = True
              ) -> tuple[MapFrame, list[Spot]] | None:
    """The map of `section` filling `area`, and the places whose label found no room (they
    go under the map); None when no place has coordinates."""
    placed = spots(ctx, section)
    if not placed:
        return None
    points = [(s.lon, s.lat) for s in placed]
    proj = fit(map_extent(section, points), (area.x, area.y, area.w, area.h))
    items: list[MapPath | ShapeBox | TextBlock] = [ShapeBox(area, "rect", fill=SEA)]
    tolerance = TOLERANCE_PT / proj.scale
    shown = [c for c in boundaries.countries() if boundaries.meets(c.bbox, proj.extent)]
    with_places = {c.name for c in shown if any(_contains(c, s.lon, s.lat) for s in placed)}
    drawn: list[tuple[boundaries.Country, list[list[tuple[float, float]]]]] = []
    for country in shown:
        rings = boundaries.clipped(country, proj.extent, tolerance)
        if rings:
            drawn.append((country, rings))
            items.append(MapPath([[proj.point(x, y) for x, y in ring] for ring in rings],
                                 fill=LAND_EVENT if country.name in with_places else LAND,
                                 line=BORDER, line_width=0.75, name=country.name))
    taken: list[Box] = []
    markers: list[Element] = []
    truth = [proj.point(s.lon, s.lat) for s in placed]
    centres = apart(truth, area)
    for (tx, ty), (cx, cy) in zip(truth, centres, strict=True):
        if math.hypot(cx - tx, cy - ty) > 0.5:  # moved off its spot: a leader and a dot there
            markers.append(ShapeBox(Box(tx, ty, cx - tx, cy - ty), "line", line=INK,
                                    line_width=1.0))
            markers.append(ShapeBox(Box(tx - DOT / 2, ty - DOT / 2, DOT, DOT), "ellipse",
                                    fill=INK))
    for s, (cx, cy) in zip(placed, centres, strict=True):
        box = Box(cx - MARKER / 2, cy - MARKER / 2, MARKER, MARKER)
        taken.append(box)
        markers.append(ShapeBox(box, "ellipse", fill=ctx.theme.accent, line="FFFFFF",
                                line_width=1.5))
        markers.append(TextBlock(box, [para([Run(str(s.number), bold=True)], LABEL_SIZE,
                                             color=ctx.theme.accent_text, align="center")],
                                 "map-number", anchor="middle", padding=0,
                                 marking=ctx.effective(s.place.marking, section)))
    # furniture first, so labels keep clear of it, each in a corner no marker is in (a
    # marker under the inset was hidden)
    spots_taken = list(taken)
    scale_items, scale_box = _scale_bar(proj, area, spots_taken)
    taken.append(scale_box)
    inset_items: list[MapPath | ShapeBox | TextBlock] = []
    if inset:
        inset_items, inset_box = _inset(proj, area, spots_taken + [scale_box])
        if inset_box is not None:
            taken.append(inset_box)
    labels: list[TextBlock] = []
    unplaced: list[Spot] = []
    pad = 3.0
    for s, (cx, cy) in zip(placed, centres, strict=True):
        paras = _label_paragraphs(s, ctx.portion(s.place.marking, section),
                                  ctx.markers(s.place.sources))
        w, h = _text_box(paras, min(220.0, area.w * 0.4), pad)
        for cand in _candidates(cx, cy, w, h):
            if _inside(cand, area) and not any(_overlaps(cand, t) for t in taken):
                labels.append(TextBlock(cand, paras, "map-label", fill="FFFFFF", padding=pad,
                                        marking=ctx.effective(s.place.marking, section),
                                        line=FRAME))
                taken.append(cand)
                break
        else:
            unplaced.append(s)
    names = _country_names(drawn, proj, area, taken)
    items += names + markers + labels + scale_items + inset_items
    items.append(ShapeBox(area, "rect", line=FRAME, line_width=1.0))
    return MapFrame(area, items, _alt(section, placed, [n.text for n in names]),
                    marking=ctx.highest([ctx.effective(s.place.marking, section)
                                         for s in placed]) or section.marking), unplaced


def _contains(country: boundaries.Country, lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = country.bbox
    if not (x0 <= lon <= x1 and y0 <= lat <= y1):
        return False
    from shapely import Point

    return bool(boundaries.geometry(country).contains(Point(lon, lat)))


def _country_names(drawn, proj: Projection, area: Box, taken: list[Box]) -> list[TextBlock]:
    """Each country's name at its label point (or inside what is shown of it), where it
    fits and covers nothing already placed."""
    out = []
    for country, _rings in drawn:
        text = country.name.upper()
        paras = [para([Run(text)], NAME_SIZE, color=NAME_INK, align="center")]
        w, h = _text_box(paras, area.w / 3, 1.0)
        for lon, lat in _name_points(country, proj):
            cx, cy = proj.point(lon, lat)
            box = Box(cx - w / 2, cy - h / 2, w, h)
            if _inside(box, area) and not any(_overlaps(box, t) for t in taken):
                out.append(TextBlock(box, paras, "map-name", padding=1.0))
                taken.append(box)
                break
    return out


def _name_points(country: boundaries.Country, proj: Projection) -> list[tuple[float, float]]:
    """Where a country's name may go, best first: Natural Earth's label point when it is on
    the map, then points inside what is shown of the country, nearest its middle first."""
    from shapely import Point, clip_by_rect

    x0, y0, x1, y1 = proj.extent
    lon, lat = country.label
    out = [(lon, lat)] if x0 <= lon <= x1 and y0 <= lat <= y1 else []
    piece = clip_by_rect(boundaries.geometry(country), *proj.extent)
    if piece.is_empty or piece.area * proj.cos_lat * proj.scale ** 2 < 4000:
        return out
    middle = piece.representative_point()
    grid = [(x0 + (x1 - x0) * (i + 0.5) / 8, y0 + (y1 - y0) * (j + 0.5) / 8)
            for i in range(8) for j in range(8)]
    inside = [p for p in grid if piece.contains(Point(p))]
    inside.sort(key=lambda p: (p[0] - middle.x) ** 2 + (p[1] - middle.y) ** 2)
    return out + [(middle.x, middle.y), *inside]


def _scale_bar(proj: Projection, area: Box, avoid: list[Box]
               ) -> tuple[list[MapPath | ShapeBox | TextBlock], Box]:
    """The scale bar in the bottom-left corner, else the bottom-right if a marker is there."""
    km = nice_distance(area.w * 0.22 * proj.km_per_point)
    length = km / proj.km_per_point
    text = f"{km:,.0f} km"
    paras = [para(text, LABEL_SIZE, color=INK)]
    w, h = _text_box(paras, 120, 1.0)
    y = area.bottom - 14
    span = max(length, w) + 12
    x = area.x + 12
    if any(_overlaps(Box(x - 6, y - h - 8, span, h + 16), b) for b in avoid):
        x = area.right - span + 6 - 12
    back = Box(x - 6, y - h - 8, span, h + 16)
    items: list[MapPath | ShapeBox | TextBlock] = [
        ShapeBox(back, "rect", fill="FFFFFF"),
        ShapeBox(Box(x, y, length, 0), "line", line=INK, line_width=2.0),
        ShapeBox(Box(x, y - 4, 0, 8), "line", line=INK, line_width=1.0),
        ShapeBox(Box(x + length, y - 4, 0, 8), "line", line=INK, line_width=1.0),
        TextBlock(Box(x, y - h - 5, w, h), paras, "map-scale", padding=1.0)]
    return items, back


def _inset(proj: Projection, area: Box, avoid: list[Box]
           ) -> tuple[list[MapPath | ShapeBox | TextBlock], Box | None]:
    """A small map of the wider region with the main map's extent outlined, in the first
    corner (top right, top left, bottom right, bottom left) clear of `avoid`; none when
    every corner holds a marker."""
    w = area.w * INSET_SHARE
    h = w * INSET_SPAN[1] / INSET_SPAN[0] * 1.1
    corners = [Box(area.right - w - 8, area.y + 8, w, h), Box(area.x + 8, area.y + 8, w, h),
               Box(area.right - w - 8, area.bottom - h - 8, w, h),
               Box(area.x + 8, area.bottom - h - 8, w, h)]
    box = next((c for c in corners if not any(_overlaps(c, b) for b in avoid)), None)
    if box is None:
        return [], None
    lon_c = (proj.extent[0] + proj.extent[2]) / 2
    lat_c = (proj.extent[1] + proj.extent[3]) / 2
    wide = (lon_c - INSET_SPAN[0] / 2, max(lat_c - INSET_SPAN[1] / 2, -85.0),
            lon_c + INSET_SPAN[0] / 2, min(lat_c + INSET_SPAN[1] / 2, 85.0))
    small = fit(wide, (box.x, box.y, box.w, box.h))
    # one outline per country: python-pptx's freeform builder takes time quadratic in the
    # points of one shape, so many small shapes draw far faster than one large one
    outlines: list[MapPath | ShapeBox | TextBlock] = []
    for country in boundaries.countries():
        if boundaries.meets(country.bbox, small.extent):
            rings = [[small.point(x, y) for x, y in ring]
                     for ring in boundaries.clipped(country, small.extent, 2.0 / small.scale)]
            if rings:
                outlines.append(MapPath(rings, fill=LAND, line=BORDER, line_width=0.25,
                                        name=f"Inset: {country.name}"))
    x0, y0 = small.point(proj.extent[0], proj.extent[3])
    x1, y1 = small.point(proj.extent[2], proj.extent[1])
    here = Box(max(x0, box.x), max(y0, box.y), min(x1, box.right) - max(x0, box.x),
               min(y1, box.bottom) - max(y0, box.y))
    return [ShapeBox(box, "rect", fill=SEA), *outlines,
            ShapeBox(here, "rect", line="C2410C", line_width=1.5),
            ShapeBox(box, "rect", line=FRAME, line_width=0.75)], box


def apart(points: list[tuple[float, float]], area: Box) -> list[tuple[float, float]]:
    """Marker centres no two of which overlap: places closer than a marker (Chaman and Spin
    Boldak, 10 km apart, hid one number under the other) are pushed apart along the line
    between them, as little as needed, and kept inside `area`. Deterministic."""
    out = [list(p) for p in points]
    least = MARKER + 2.0
    for _round in range(60):
        moved = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                dx, dy = out[j][0] - out[i][0], out[j][1] - out[i][1]
                d = math.hypot(dx, dy)
                if d >= least - 1e-6:
                    continue
                if d < 1e-6:  # the same spot: one to the right of the other
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (least - d) / 2 + 0.01
                ux, uy = dx / d, dy / d
                out[i][0] -= ux * push
                out[i][1] -= uy * push
                out[j][0] += ux * push
                out[j][1] += uy * push
                moved = True
        for p in out:
            p[0] = min(max(p[0], area.x + MARKER / 2), area.right - MARKER / 2)
            p[1] = min(max(p[1], area.y + MARKER / 2), area.bottom - MARKER / 2)
        if not moved:
            break
    return [(x, y) for x, y in out]


def _alt(section: Section, placed: list[Spot], names: list[str]) -> str:
    """What a screen reader hears for the map: what it shows and every place, in order."""
    where = ", ".join(n.title() for n in names)
    head = f"Map{' of ' + where if where else ''} with {len(placed)} numbered " \
           f"place{'s' if len(placed) != 1 else ''}: "
    parts = []
    for s in placed:
        text = f"{s.number}. {s.place.name}"
        if s.place.label:
            text += f", {s.place.label.strip()}"
        parts.append(text)
    return head + "; ".join(parts) + "."


def caption_paragraphs(ctx: Ctx, section: Section, unplaced: list[Spot],
                       size: float = 12.0) -> list[Paragraph]:
    """Under the map: places whose label did not fit, the caption, the disclaimer."""
    t = ctx.theme
    paras = []
    listed = unplaced if len(unplaced) <= MAX_LISTED else unplaced[:MAX_LISTED - 1]
    for s in listed:
        paras.append(para([Run(f"{s.number}. {s.place.name}", bold=True),
                           Run(f": {s.place.label}" if s.place.label else "")], size,
                          color=t.text))
    if len(listed) < len(unplaced):  # a crowded map: never a caption taller than the slide
        rest = ", ".join(str(s.number) for s in unplaced[len(listed):])
        paras.append(para(f"No room on the map for the labels of places {rest}; the map's "
                          "alternative text lists them all.", size, italic=True, color=t.text))
    if section.caption:
        paras.append(para(ctx.portion(None, section) + section.caption, size, color=t.text))
    paras.append(para(DISCLAIMER, size, italic=True, color=t.muted))
    return paras


def map_source_ids(section: Section) -> list[str]:
    return list(section.sources) + [sid for p in section.places for sid in p.sources]


def layout_map(ctx: Ctx, section: Section, start: int) -> list[Page]:
    fr = Framer(ctx, section, footnote_ids=map_source_ids(section))
    b = fr.body(0)
    elements: list[Element] = []
    # the caption's height depends on which labels fit: lay out, and once more if some did not
    unplaced: list[Spot] = []
    built = None
    for _ in range(2):
        h = height_of(caption_paragraphs(ctx, section, unplaced), b.w, 3)
        built = build_map(ctx, section, Box(b.x, b.y, b.w, max(b.h - h - 6, 60.0)))
        if built is None or [s.number for s in built[1]] == [s.number for s in unplaced]:
            break
        unplaced = built[1]
    if built is None:
        msg = para("No places on the map yet.", 18.0, italic=True, color=ctx.theme.muted)
        elements.append(TextBlock(b, [msg], "caption", anchor="middle", padding=8))
        return fr.finish([(elements, [])], start)
    frame, unplaced = built
    paras = caption_paragraphs(ctx, section, unplaced)
    h = height_of(paras, b.w, 3)
    elements.append(frame)
    elements.append(TextBlock(Box(b.x, b.bottom - h, b.w, h), paras, "caption", padding=3))
    return fr.finish([(elements, [p.marking for p in section.places])], start)

