"""Deck themes: colours and fonts read from `templates/themes/<name>.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import yaml

from briefing.resources import themes_dir

DEFAULT_THEME = "default"


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    font: str  # the family the deck names (PowerPoint substitutes nothing for it)
    measure_font: str  # the shipped, metric-compatible family used to measure and to embed
    background: str
    text: str
    muted: str
    accent: str
    accent_text: str
    banner: str
    banner_text: str
    chart_colors: tuple[str, ...] = field(default_factory=tuple)
    confidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    warning: str = "B45309"  # caveat tags
    warning_text: str = "FFFFFF"
    surface: str = "EEF2F6"  # striped table rows, panels
    rule: str = "BCCCDC"  # table borders, timeline axis
    #: the family the deck names for titles, and the face they are measured in, where a
    #: template's heading font differs from its body font ("": `font`, `measure_font`)
    heading_font: str = ""
    heading_measure_font: str = ""

    def confidence_color(self, level: str) -> str:
        return dict(self.confidence).get(level, self.muted)


@cache
def load_theme(name: str | None = None) -> Theme:
    """The named theme (the default when None); raises KeyError naming the available ones."""
    name = name or DEFAULT_THEME
    path = themes_dir() / f"{name}.yaml"
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in themes_dir().glob("*.yaml")))
        raise KeyError(f"unknown theme {name!r}; available: {available}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Theme(
        name=data["name"], label=data.get("label", data["name"]), font=data["font"],
        measure_font=data.get("measure_font", "LiberationSans"),
        background=data["background"], text=data["text"], muted=data["muted"],
        accent=data["accent"], accent_text=data["accent_text"], banner=data["banner"],
        banner_text=data["banner_text"], chart_colors=tuple(data.get("chart_colors", ())),
        confidence=tuple(sorted(data.get("confidence", {}).items())),
        **{k: str(data[k]) for k in ("warning", "warning_text", "surface", "rule") if k in data},
    )
