"""Map outlines as native freeform shapes (python-pptx's `FreeformBuilder`), in a group.

Each country is one freeform named after it, so a user can select it and recolour it in
PowerPoint; rings after the first start with `move_to`, so islands and holes stay one shape.
Coordinates go in as hundredths of a point: the builder rounds local units to whole numbers.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.util import Pt

from briefing.layout.geometry import Box, MapPath
from briefing.render.pptx.drawingml import emu

UNIT = 100  # local units per point
EMU_PER_UNIT = 12700 / UNIT


def add_outline(shapes, outline: MapPath) -> None:
    """One freeform for all rings of `outline` on `shapes` (a slide's or a group's)."""
    rings = [r for r in outline.rings if len(r) >= 3]
    if not rings:
        return
    first = rings[0]
    builder = shapes.build_freeform(first[0][0] * UNIT, first[0][1] * UNIT, EMU_PER_UNIT)
    for k, ring in enumerate(rings):
        if k:
            builder.move_to(ring[0][0] * UNIT, ring[0][1] * UNIT)
        builder.add_line_segments([(x * UNIT, y * UNIT) for x, y in ring[1:]], close=True)
    shape = builder.convert_to_shape()
    shape.name = outline.name or "Outline"
    if outline.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(outline.fill.lstrip("#").upper())
    else:
        shape.fill.background()
    if outline.line:
        shape.line.color.rgb = RGBColor.from_string(outline.line.lstrip("#").upper())
        shape.line.width = Pt(outline.line_width)
    else:
        shape.line.fill.background()


def set_group_frame(group, box: Box) -> None:
    """The group's own frame and its children's coordinate frame: both the map's box, so the
    children keep the slide positions they were given."""
    xfrm = group.element.grpSpPr.get_or_add_xfrm()
    for name, (a, b) in (("off", (box.x, box.y)), ("ext", (box.w, box.h)),
                         ("chOff", (box.x, box.y)), ("chExt", (box.w, box.h))):
        el = xfrm.find(f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{name}")
        if el is None:
            el = xfrm.makeelement(
                f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{name}", {})
            xfrm.append(el)
        keys = ("x", "y") if name.endswith("ff") else ("cx", "cy")
        el.set(keys[0], str(emu(a)))
        el.set(keys[1], str(emu(b)))
