"""The projection of a map: equirectangular, scaled at the map's middle latitude.

At the scale of a locator map (a few hundred kilometres) its distortion is well under the
drawing's line width; a projection library would add an import and a data file for nothing.
One x unit is one degree of latitude, about `KM_PER_DEGREE` kilometres, everywhere on the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Projection:
    """Degrees to slide points inside `box` (x, y, w, h) for the extent it was fitted to."""

    extent: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    box: tuple[float, float, float, float]
    cos_lat: float
    scale: float  # points per projected unit (a degree of latitude)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x0, y0, _w, _h = self.box
        return (x0 + (lon - self.extent[0]) * self.cos_lat * self.scale,
                y0 + (self.extent[3] - lat) * self.scale)

    @property
    def km_per_point(self) -> float:
        return KM_PER_DEGREE / self.scale


def fit(extent: tuple[float, float, float, float], box: tuple[float, float, float, float]
        ) -> Projection:
    """The projection that shows at least `extent` filling `box`: the extent grows along its
    shorter side (about its middle) to the box's proportions."""
    lon0, lat0, lon1, lat1 = extent
    cos_lat = math.cos(math.radians((lat0 + lat1) / 2))
    w_units, h_units = (lon1 - lon0) * cos_lat, lat1 - lat0
    _x, _y, w, h = box
    scale = min(w / w_units, h / h_units)
    extra_lon = (w / scale - w_units) / cos_lat / 2
    extra_lat = (h / scale - h_units) / 2
    grown = (lon0 - extra_lon, lat0 - extra_lat, lon1 + extra_lon, lat1 + extra_lat)
    return Projection(grown, box, cos_lat, scale)


def fitted_extent(points: list[tuple[float, float]], margin: float = 0.3,
                  least: float = 2.0) -> tuple[float, float, float, float]:
    """The places' bounding box with a margin: a share of its size, at least `least` degrees
    on each side (one place alone gets a region around it, not a point)."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    dx = max((max(lons) - min(lons)) * margin, least)
    dy = max((max(lats) - min(lats)) * margin, least)
    return (max(min(lons) - dx, -180.0), max(min(lats) - dy, -85.0),
            min(max(lons) + dx, 180.0), min(max(lats) + dy, 85.0))


def nice_distance(km: float) -> float:
    """A round length at most `km`: 1, 2 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(km))
    for step in (5, 2, 1):
        if step * power <= km:
            return step * power
    return power
