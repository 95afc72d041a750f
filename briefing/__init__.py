"""Briefing Desk core: the document model, its YAML format, layout and exporters (no Qt here)."""

from .errors import BriefingError, ExportError, Problem
from .model import Document
from .reader import load_file, load_text
from .writer import dumps, save

__version__ = "0.1.0"

__all__ = [
    "BriefingError", "Document", "ExportError", "Problem", "__version__",
    "dumps", "load_file", "load_text", "save",
]
