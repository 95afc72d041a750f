"""What the window's flows share: the settings file, the export kinds, the default folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from . import autosave

APP_NAME = "Briefing Desk"
BRIEFING_FILTER = "Briefings (*.yaml *.yml);;All files (*)"
EXPORTS = {
    "pptx": ("Export PowerPoint", "PowerPoint deck (*.pptx)", ".pptx"),
    "pdf": ("Export PDF", "PDF slides (*.pdf)", ".pdf"),
    "handout": ("Export Handout", "PDF handout (*.pdf)", "-handout.pdf"),
    "report": ("Export Briefing Paper", "PDF briefing paper (*.pdf)", "-report.pdf"),
}
MAX_RECENT = 8


def settings() -> QSettings:
    """Settings beside the autosaves (so tests and portable use can redirect both)."""
    return QSettings(str(autosave.data_dir().parent / "settings.ini"), QSettings.Format.IniFormat)


def documents_folder() -> Path:
    """Where file dialogs start when the document has no folder of its own."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()
