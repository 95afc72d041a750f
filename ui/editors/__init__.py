"""Section editors by kind; `editor_for` picks the right one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from briefing.model import document as m

from ..controller import DocumentController
from .base import SectionEditor


def editor_for(ctrl: DocumentController, section: m.Section,
               parent: QWidget | None = None) -> SectionEditor:
    from .chart import ChartEditor
    from .figures import KeyFiguresEditor
    from .image import ImageEditor
    from .lists import JudgmentsEditor, TimelineEditor
    from .places import PlacesEditor
    from .quote import QuoteEditor
    from .table import TableEditor
    from .text import TextEditor

    cls = {
        "summary": TextEditor, "text": TextEditor, "judgments": JudgmentsEditor,
        "timeline": TimelineEditor, "chart": ChartEditor, "table": TableEditor,
        "quote": QuoteEditor, "image": ImageEditor, "key_figures": KeyFiguresEditor,
        "map": PlacesEditor,
    }.get(section.kind, SectionEditor)
    return cls(ctrl, section, parent)
