"""The look the window's outputs are drawn in: the export's template, or the briefing's own.

A corporate template chosen in the export options is the look of every export from the window
(its colours and, where this machine has it, its body font: `briefing.export.look`), so the
slide preview, the chart and map previews and Print Handout lay out and paint in it too: the
same theme, and the same main font (`briefing.text.faces.using_main`) for measuring line breaks
and for the Qt fonts that draw them (`ui.drawing_painter.register_faces`). A template that
cannot be read leaves the previews in the briefing's own look, with the export's message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing.format.themes import Theme, load_theme
from briefing.text.faces import FontSet, using_main


@dataclass(frozen=True)
class Look:
    """What a template decides for the previews; the default look without one."""

    template: Path | None = None
    theme: Theme | None = None  # the template's theme; None: the briefing's own
    faces: FontSet | None = None  # the main font's faces; None: Liberation Sans
    problem: str | None = None  # why the template's look is not used (the export's message)
    warnings: tuple[str, ...] = ()  # what the export says of its fonts
    heading: FontSet | None = None  # the titles' and headings' faces; None: the main font's

    @property
    def face_names(self) -> tuple[str, ...]:
        """Every face this look draws in beyond the shipped ones, to register with Qt."""
        return tuple(name for fonts in (self.faces, self.heading) if fonts is not None
                     for name in fonts.faces)

    def theme_for(self, requested: str | None) -> Theme:
        """The theme to draw in: the template's, else the briefing's (`requested`), else the
        default for a theme name this installation does not know (the export reports it)."""
        if self.theme is not None:
            return self.theme
        try:
            return load_theme(requested)
        except KeyError:
            return load_theme(None)

    @contextmanager
    def drawn(self) -> Iterator[FontSet]:
        """Measure and draw in this look's main font (its titles in its heading font) inside
        the block, in this thread."""
        with using_main(self.faces, self.heading) as faces:
            yield faces

    @property
    def notes(self) -> list[str]:
        """What to tell the user of this look, once, beside the preview."""
        if self.template is None:
            return []
        name = self.template.name
        if self.problem is not None:
            return [f"Previewed without the template {name}: {self.problem}"]
        return [f"Template {name}: {w}" for w in self.warnings]


DEFAULT = Look()

_cache: dict[tuple, Look] = {}
_lock = threading.Lock()


def look_of(template: Path | None) -> Look:
    """The look of an export with `template` (None: the default look), read again only when
    the file changes. Never raises: a refused template is the default look with the export's
    message."""
    if template is None:
        return DEFAULT
    path = Path(template)
    try:
        stat = path.stat()
        key: tuple = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), None, None)
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _cache[key] = _read(path)
        return found


def _read(path: Path) -> Look:
    from briefing.errors import ExportError
    from briefing.export.look import export_look
    from briefing.text.mainfont import DEFAULT as DEFAULT_FONT

    try:
        look = export_look(path)
    except ExportError as exc:
        return Look(path, problem=str(exc))
    except Exception as exc:  # noqa: BLE001 - a stranger's file must not break the window
        return Look(path, problem=f"{path.name} cannot be read as a PowerPoint template "
                                  f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
    faces = look.main_font.faces if look.main_font != DEFAULT_FONT else None
    heading = look.heading_font.faces if look.heading_font is not None else None
    return Look(path, look.theme, faces, None, tuple(look.warnings), heading)
