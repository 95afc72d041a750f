"""Text for ReportLab's platypus paragraphs (the paper, the slides' notes) in the shipped faces."""

from __future__ import annotations

from xml.sax.saxutils import escape

from briefing.charts.fonts import ensure_face, register_fonts
from briefing.text.breaks import keep_together
from briefing.text.faces import MAIN
from briefing.text.fonts import font_runs


def fallback_markup(text: str, bold: bool = False, italic: bool = False) -> str:
    """`text` escaped for a platypus Paragraph, with fallback-font spans where needed.

    `bold`/`italic` say what the surrounding style is, so the fallback face matches it. The
    spaces no line may break at (dates, citations) become no-break spaces, which ReportLab's
    line breaker honours (`briefing.text.breaks`)."""
    parts = []
    register_fonts()
    for piece, font in font_runs(keep_together(text), bold, italic):
        if font in MAIN.faces:
            parts.append(escape(piece))
        else:
            parts.append(f'<font name="{ensure_face(font)}">{escape(piece)}</font>')
    return "".join(parts)
