"""The layout step: a document as pages of positioned boxes, shared by every renderer.

Pure and Qt-free (no python-pptx or ReportLab either). The PPTX exporter, the PDF slide and
handout exporters and the GUI preview all draw from `layout_document` / `layout_section`, so what
the preview shows is what is exported. See `geometry` for the contract.
"""

from .context import Ctx, citation_order, cited_ids
from .document import layout_document, layout_section, source_text
from .geometry import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Box,
    ChartFrame,
    Deck,
    Element,
    ImageFrame,
    Page,
    Paragraph,
    Run,
    ShapeBox,
    TableFrame,
    TextBlock,
)
from .markup import parse_inline, parse_markup

__all__ = [
    "SLIDE_HEIGHT", "SLIDE_WIDTH", "Box", "ChartFrame", "Ctx", "Deck", "Element", "ImageFrame",
    "Page", "Paragraph", "Run", "ShapeBox", "TableFrame", "TextBlock", "citation_order",
    "cited_ids", "layout_document", "layout_section", "parse_inline", "parse_markup",
    "source_text",
]
