"""Text for ReportLab's platypus paragraphs (the paper, the slides' notes) in the shipped faces,
and the machine's faces a document needs, registered before a PDF of it is drawn."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from xml.sax.saxutils import escape

from briefing.charts.fonts import ensure_face, prepare_faces, register_fonts
from briefing.model import document as m
from briefing.text.bidi import needs_bidi, paragraph_direction
from briefing.text.breaks import SOFT_HYPHEN, keep_together, soft_parts
from briefing.text.faces import MAIN
from briefing.text.fonts import font_runs


def fallback_markup(text: str, bold: bool = False, italic: bool = False,
                    direction: str | None = None) -> str:
    """`text` escaped for a platypus Paragraph, with fallback-font spans where needed.

    `bold`/`italic` say what the surrounding style is, so the fallback face matches it. The
    spaces no line may break at (dates, citations) become no-break spaces, which ReportLab's
    line breaker honours (`briefing.text.breaks`). `direction`: the paragraph's, where the
    caller decides it (a source entry's, a paragraph's for each of its runs), else
    `bidi.paragraph_direction` of `text`, the rule of every output.

    The text is put in drawing order before ReportLab breaks its lines, so in a left-to-right
    paragraph each right-to-left phrase ("لنڈی کوتل") is bound with no-break spaces: broken
    after reordering, its second word would end the line and its first begin the next."""
    register_fonts()
    direction = direction or paragraph_direction(text)
    text = keep_together(text)
    if direction == "ltr" and needs_bidi(text):
        text = bind_rtl_phrases(text)
    # soft hyphens are kept where a word may break (ReportLab's breaker breaks there with a
    # hyphen and draws none elsewhere), except in right-to-left text, reordered as a whole
    words = soft_parts(text) if SOFT_HYPHEN in text and not needs_bidi(text) else [text]
    marked = []
    for k, word in enumerate(words):
        parts = []
        soft = k < len(words) - 1  # ends in the soft hyphen it was cut after
        for piece, font in font_runs(word[:-1] if soft else word, bold, italic,
                                     direction=direction):
            if font in MAIN.faces:
                parts.append(escape(piece))
            else:
                parts.append(f'<font name="{ensure_face(font, piece)}">{escape(piece)}</font>')
        marked.append("".join(parts) + (SOFT_HYPHEN if soft else ""))
    return "".join(marked)


def bind_rtl_phrases(text: str) -> str:
    """`text` with each space between two right-to-left words a no-break space (same bidi
    result: a neutral between two right-to-left letters takes their direction). One pass
    each way, so a long text costs its length."""
    strong = [{"L": "L", "R": "R", "AL": "R"}.get(unicodedata.bidirectional(c)) for c in text]
    after: list[str | None] = [None] * len(text)  # the next strong direction after each
    ahead = None
    for i in range(len(text) - 1, -1, -1):
        after[i] = ahead
        ahead = strong[i] or ahead
    out, before = list(text), None
    for i, char in enumerate(text):
        if char == " " and before == "R" and after[i] == "R":
            out[i] = "\u00a0"
        before = strong[i] or before
    return "".join(out)


def prepare_document_faces(doc: m.Document) -> None:
    """Register the faces converted from the machine's PostScript fonts for every character
    of `doc` (`briefing.charts.fonts.prepare_faces`): one face per export, built from the
    document alone."""
    prepare_faces(_strings(doc))


def _strings(doc: m.Document) -> Iterator[str]:
    """Every string of the document's fields, each shared object once (an alias is one)."""
    stack: list[object] = [doc]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        if dataclasses.is_dataclass(node):
            stack.extend(getattr(node, field.name) for field in dataclasses.fields(node))
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)):
            stack.extend(node)
