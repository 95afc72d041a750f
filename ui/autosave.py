"""Autosave: the working copy goes to the app-data folder every 30 s while there are changes.

Each open document has one autosave file (named from its path, or "untitled") plus a small JSON
note saying which file it belongs to and when it was written. A clean save or a clean close
removes both; if the app dies, the next start finds them and offers recovery.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from briefing.atomic import write_atomic
from briefing.writer import dumps

from .controller import DocumentController

INTERVAL_MS = 30_000
ENV_DIR = "BRIEFING_DESK_DATA_DIR"  # overrides the app-data folder (tests, portable use)


def data_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    return base / "autosave"


@dataclass
class Recoverable:
    data: Path  # the autosaved YAML
    meta: Path  # its JSON note
    original: Path | None  # the file it belongs to (None: never saved)
    saved_at: dt.datetime
    title: str = ""
    origin: Path | None = None  # template or example an unsaved document started from

    def describe(self) -> str:
        if self.original:
            name = self.original.name
        else:
            name = f"the unsaved briefing “{self.title}”" if self.title else "an unsaved briefing"
        return f"{name}, autosaved {self.saved_at:%d %B %Y at %H:%M}"

    def discard(self) -> None:
        for p in (self.data, self.meta):
            p.unlink(missing_ok=True)


def find_recoverable() -> list[Recoverable]:
    found = []
    folder = data_dir()
    if not folder.is_dir():
        return []
    for meta in sorted(folder.glob("*.json")):
        data = meta.with_suffix(".yaml")
        try:
            note = json.loads(meta.read_text(encoding="utf-8"))
            saved_at = dt.datetime.fromisoformat(note["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if data.is_file():
            original = Path(note["original"]) if note.get("original") else None
            origin = Path(note["origin"]) if note.get("origin") else None
            found.append(Recoverable(data, meta, original, saved_at, str(note.get("title", "")),
                                     origin))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QObject):
    def __init__(self, ctrl: DocumentController, interval_ms: int = INTERVAL_MS):
        super().__init__(ctrl)
        self.ctrl = ctrl
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_if_needed)
        self.timer.start()
        self._saved_state: int | None = None  # undo index at the last autosave
        self._files: tuple[Path, Path] | None = None
        ctrl.undo.cleanChanged.connect(self._clean_changed)
        ctrl.documentReplaced.connect(self._replaced)

    def _key(self) -> str:
        source = str(self.ctrl.path.resolve()) if self.ctrl.path else f"untitled-{os.getpid()}"
        return hashlib.sha1(source.encode()).hexdigest()[:16]

    def paths(self) -> tuple[Path, Path]:
        folder = data_dir()
        key = self._key()
        return folder / f"{key}.yaml", folder / f"{key}.json"

    def autosave_if_needed(self) -> bool:
        """Write the working copy if it changed since the last autosave; True if written."""
        if not self.ctrl.dirty or self._saved_state == self.ctrl.undo.index():
            return False
        data, meta = self.paths()
        if self._files and self._files != (data, meta):
            self.discard()  # the document was saved under a new name
        try:
            data.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(data, dumps(self.ctrl.doc).encode("utf-8"))
            note = {"original": str(self.ctrl.path.resolve()) if self.ctrl.path else None,
                    "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
                    "title": self.ctrl.doc.title,
                    "origin": str(self.ctrl.origin) if self.ctrl.origin else None,
                    "pid": os.getpid()}
            write_atomic(meta, json.dumps(note, indent=1).encode("utf-8"))
        except OSError:
            return False  # autosave is best effort; the status bar is not the place to nag
        self._files = (data, meta)
        self._saved_state = self.ctrl.undo.index()
        return True

    def discard(self) -> None:
        """Forget the autosave (after a save, or when the user discards the changes)."""
        if self._files:
            for p in self._files:
                p.unlink(missing_ok=True)
        self._files = None
        self._saved_state = None

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()

    def _replaced(self) -> None:
        self.discard()
