"""Native PowerPoint tables from a layout TableFrame, with the measured widths and heights.

Every cell gets explicit fill, borders, insets and fixed line spacing, so the table looks the
same whatever table style a template defines, and rows keep the heights the layout measured.
"""

from __future__ import annotations

from briefing.layout import TableFrame
from briefing.render.pptx.drawingml import add_xml, next_shape_id, split_evenly, table_xml
from briefing.text.language import DEFAULT as DEFAULT_LANGUAGE

_split_evenly = split_evenly  # its old name here


def add_table(slide, frame: TableFrame, font: str, descr: str = "",
              lang: str = DEFAULT_LANGUAGE) -> object:
    """The frame as a native table on `slide` (written as XML in one piece: `pptx_xml`), with
    its alternative text `descr` and its runs' languages (`lang`: the document's)."""
    return add_xml(slide, table_xml(next_shape_id(slide), frame, font, descr, lang))
