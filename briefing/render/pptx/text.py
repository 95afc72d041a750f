"""Text boxes in the PPTX exactly as the layout measured them.

Word wrap on, autofit off, insets equal to the block's padding, line spacing fixed at
`size * line_height` points, bullets hanging at the paragraph's indent, fonts named explicitly
(a template's theme font would have other metrics than the ones we measured with). The markup
itself is written by `pptx_xml`.
"""

from __future__ import annotations

from briefing.layout import TextBlock
from briefing.render.pptx.drawingml import emu, fill_txbody
from briefing.text.language import DEFAULT as DEFAULT_LANGUAGE

__all__ = ["emu", "fill_text_frame"]


def fill_text_frame(tf, block: TextBlock, font: str, default_color: str,
                    slide_number: bool = False, lang: str = DEFAULT_LANGUAGE,
                    heading_font: str = "") -> None:
    """Replace the frame's text with the block's paragraphs and formatting (each run tagged
    with its language; `lang`: the document's; a title's runs named `heading_font`, when
    given)."""
    fill_txbody(tf._txBody, block, font, default_color, slide_number, lang, heading_font)
