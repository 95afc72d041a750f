"""Briefing Desk core: the document model, its YAML format, layout and exporters (no Qt here)."""

from briefing.format.reader import load_file, load_text
from briefing.format.writer import dumps, save
from briefing.model.document import Document

from .errors import BriefingError, ExportError, Problem

__version__ = "0.1.0"

__all__ = [
    "BriefingError", "Document", "ExportError", "Problem", "__version__",
    "dumps", "load_file", "load_text", "save",
]
