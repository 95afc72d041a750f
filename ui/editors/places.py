"""A map section's places: a table (name, lat, lon, label, sources, marking) with the map
beside it, drawn from the same `MapFrame` as the slide, and the map's caption and extent above.
Every cell edit, add, remove and move is one undoable command, as in the timeline's table
(`ListEditor`); so is each caption or extent edit."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from briefing.model import document as m

from ..look import DEFAULT, Look
from .lists import Column, ListEditor, _marking_parse, _required, _sources_parse, _sources_text
from .widgets import LineEdit, optional

PREVIEW_W, PREVIEW_H = 420.0, 300.0


def _degrees(low: float, high: float, what: str):
    def parse(text: Any) -> float | None:
        raw = str(text).strip()
        if not raw:
            return None  # both empty: the name is looked up in the gazetteer
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a number of degrees") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(f"{what} runs from {low:g} to {high:g}")
        return value
    return parse


def _show(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


EXTENT_HINT = ("write four numbers, west, south, east, north in decimal degrees (e.g. "
               "59, 24, 68, 30.5), or leave it empty to fit the places")


def parse_extent(text: str) -> list[float] | None:
    """The extent as typed ("59, 24, 68, 30.5"; brackets allowed), or None when empty.
    Only the shape is checked here: the ranges are the validator's, shown in Problems."""
    raw = text.strip().strip("[]").strip()
    if not raw:
        return None
    parts = [p for p in raw.replace(";", ",").replace(",", " ").split() if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"the extent {text.strip()!r} is not four numbers: {EXTENT_HINT}") from None
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ValueError(f"the extent has {len(values)} numbers: {EXTENT_HINT}")
    return values


def extent_text(extent: list[float] | None) -> str:
    return "" if not extent else ", ".join(f"{v:g}" for v in extent)


PLACE_COLUMNS = (
    Column("name", "Name", lambda p: p.name, _required("place name"), (), 140),
    Column("lat", "Lat", lambda p: _show(p.lat), _degrees(-90, 90, "latitude"), (), 64),
    Column("lon", "Lon", lambda p: _show(p.lon), _degrees(-180, 180, "longitude"), (), 64),
    Column("label", "Label", lambda p: p.label or "", lambda t: optional(str(t))),
    Column("sources", "Sources", lambda p: _sources_text(p.sources), _sources_parse, (), 64),
    Column("marking", "Marking", lambda p: p.marking or "", _marking_parse, (), 80),
)


class PlacesEditor(ListEditor):
    NAME = "places"
    COLUMNS = PLACE_COLUMNS
    NOUN = "place"

    def build_body(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.caption_edit = self._line(form, "Map captio&n:", "Map caption", lambda t: self.set_field(
            "caption", optional(t), "map caption"))
        self.caption_edit.setPlaceholderText("Under the map, e.g. Approximate locations as reported")
        self.extent_edit = LineEdit()
        self.extent_edit.setAccessibleName("Map extent: west, south, east, north")
        self.extent_edit.setPlaceholderText("Automatic: the places with a margin "
                                            "(or west, south, east, north)")
        self.extent_edit.setToolTip(EXTENT_HINT[0].upper() + EXTENT_HINT[1:])
        self.extent_edit.editingFinished.connect(self._extent_finished)
        extent_label = QLabel("E&xtent:")
        extent_label.setBuddy(self.extent_edit)
        form.addRow(extent_label, self.extent_edit)
        layout.addLayout(form)
        table = QVBoxLayout()
        super().build_body(table)
        row = QHBoxLayout()
        left = QWidget()
        left.setLayout(table)
        row.addWidget(left, 3)
        self.preview = QLabel()
        self.preview.setAccessibleName("Map preview")
        self.preview.setMinimumSize(int(PREVIEW_W), int(PREVIEW_H))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.preview, 2)
        layout.addLayout(row, 1)
        self.model.modelReset.connect(self.refresh_preview)
        self.model.dataChanged.connect(self.refresh_preview)
        self.ctrl.lookChanged.connect(self.refresh_preview)

    def refresh_body(self) -> None:
        super().refresh_body()
        self.caption_edit.set_text_quietly(self.section.caption or "")
        if not self.extent_edit.hasFocus():
            self.extent_edit.set_text_quietly(extent_text(self.section.extent))
        self.refresh_preview()

    def _extent_finished(self) -> None:
        """Typed extents are taken when the field is left (a half-typed one would draw a
        wrong map); one that is not four numbers is refused with a message."""
        try:
            extent = parse_extent(self.extent_edit.text())
        except ValueError as exc:
            self.message.emit(str(exc))
            return
        self.set_field("extent", extent, "map extent", merge=False)

    def new_item(self) -> Any:
        return m.Place(name="New place", lat=0.0, lon=0.0)

    def refresh_preview(self, *_: object) -> None:
        """The map as the slide draws it (without the inset), or why there is none."""
        image = map_image(self.ctrl.doc, self.section, self.ctrl.look)
        if image is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Give a place coordinates, or a name the gazetteer knows, "
                                 "to see the map.")
            return
        self.preview.setPixmap(QPixmap.fromImage(image))


def map_image(doc: m.Document, section: m.Section, look: Look = DEFAULT) -> QImage | None:
    """The section's map at preview size, in the export template's `look` (its colours and
    main font); None when no place can be placed yet."""
    from briefing.layout.context import Ctx
    from briefing.layout.geometry import Box
    from briefing.layout.maps import build_map
    from briefing.model.markings import resolve_markings

    from ..slide_painter import paint_map

    theme = look.theme_for(doc.theme)
    try:
        with look.drawn():
            built = build_map(Ctx.build(resolve_markings(doc), theme), _resolved(doc, section),
                              Box(0, 0, PREVIEW_W, PREVIEW_H), inset=False)
    except (ValueError, ArithmeticError):  # a half-typed place: no map until it is whole
        return None
    if built is None:
        return None
    frame, _unplaced = built
    image = QImage(int(PREVIEW_W), int(PREVIEW_H), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(QRectF(0, 0, PREVIEW_W, PREVIEW_H))
        with look.drawn():
            paint_map(painter, frame, theme)
    finally:
        painter.end()
    return image


def _resolved(doc: m.Document, section: m.Section) -> m.Section:
    """Only places whose coordinates are whole or whose name the gazetteer can find."""
    from dataclasses import replace

    from briefing.maps.gazetteer import lookup

    usable = [p for p in section.places if p is not None and p.name and (
        (p.lat is not None and p.lon is not None) or
        (p.lat is None and p.lon is None and lookup(p.name).match is not None))]
    return replace(section, places=usable)
