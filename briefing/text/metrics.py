"""Text measurement with the TrueType metrics of the shipped fonts.

The layout decides every line break and box height with these numbers, and every renderer draws
at the sizes the layout chose, so nothing overflows. Liberation Sans is metric-compatible with
Arial (the family the deck names); a corporate template's font takes its place where the
export says so (`briefing.text.faces.using_main`; every cache here is keyed by it); characters
the main font lacks (Arabic script, symbols) are measured with DejaVu Sans, the shipped fallback. Arabic-script text (Persian, Urdu) is measured after shaping,
in the forms and faces the PDFs draw; default-ignorable characters (ZWNJ, marks, soft hyphen)
measure nothing, since nothing is drawn for them.

Widths are in points. Lines are broken greedily at spaces, except the spaces
`briefing.text.breaks` protects (inside a date, before a citation), after a hyphen between
letters, and at a soft hyphen (the line then ends in a visible hyphen, `Line.shown_pieces`); a
word longer than a line (a URL) is broken between characters. A "\\n" inside a run forces a line break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from briefing.text.breaks import SOFT_HYPHEN, keep_together, soft_parts
from briefing.text.faces import ARABIC, LIBERATION, as_heading, main_faces, metrics
from briefing.text.faces import width as face_width
from briefing.text.fallback import face_for, shipped_has
from briefing.text.fonts import font_runs
from briefing.text.ignorable import is_ignorable
from briefing.text.shaping import has_arabic

#: layout wraps at this fraction of the available width, so a renderer that measures a hair
#: wider (hinting, a different shaper) still breaks lines where we did
WIDTH_SAFETY = 0.97


class RunLike(Protocol):
    text: str
    bold: bool
    italic: bool


@dataclass(frozen=True)
class Line:
    """One wrapped line: (run index, text) pieces in order, and its width in points."""

    pieces: tuple[tuple[int, str], ...]
    width: float
    ends_in_word: bool = False  # broken inside an over-long word, not at a space
    at_hyphen: bool = False  # broken after a hyphen between letters ("Sistan-|Baluchestan")

    @property
    def joined(self) -> bool:
        """The next line goes on with this line's word: text that joins the two lines again
        (a slide's continuation) puts no space between them."""
        return self.ends_in_word or self.at_hyphen

    @property
    def text(self) -> str:
        return "".join(t for _i, t in self.pieces)

    @property
    def shown_pieces(self) -> tuple[tuple[int, str], ...]:
        """The pieces as drawn: a line broken at a soft hyphen ends in a visible hyphen (its
        width is counted in `width`); every other soft hyphen stays, and is never drawn."""
        return shown_pieces(self.pieces)


def shown_pieces(pieces: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """`Line.shown_pieces` for pieces of a line: a trailing soft hyphen becomes a hyphen."""
    if pieces and pieces[-1][1].endswith(SOFT_HYPHEN):
        i, text = pieces[-1]
        return (*pieces[:-1], (i, text[:-1] + VISIBLE_HYPHEN))
    return pieces


def _widths(face: str) -> tuple[dict[int, float], float]:
    """Advance widths in 1/1000 em by code point, and the default width, of the very file the
    PDFs draw with (`briefing.text.faces`): measuring is drawing's own metrics."""
    found = metrics(face)
    return found.widths, found.default


@lru_cache(maxsize=200_000)
def _units(text: str, bold: bool, italic: bool, face: str) -> float:
    """`text`'s width in 1/1000 em with `face` (the main family's, in this style) as its
    main face: the face is part of the key, so two exports in two families never share."""
    if has_arabic(text):  # measured as drawn: joined forms are narrower than isolated letters
        return sum(face_width(piece, font, 1000.0)
                   for piece, font in font_runs(text, bold, italic))
    widths, default = _widths(face)
    total = 0.0
    for ch in text:
        code = ord(ch)
        if code >= 0x80 and is_ignorable(ch):  # never drawn (`briefing.text.ignorable`)
            continue
        w = widths.get(code)
        if w is None:
            if code >= 32:  # the fallback faces are read only when a text needs them
                w = _shipped_width(code, bold, italic, face)
                if w is not None:
                    total += w
                    continue
                fallback, fb_default = _widths(ARABIC.face(bold))
                w = fallback.get(code)
                if w is None:
                    w = _machine_width(ch, max(default, fb_default))
            else:
                w = 0.0
        total += w
    return total


def _machine_width(char: str, default: float) -> float:
    """A character no shipped face has: measured with the machine's font that draws it
    (`briefing.text.fallback`), else `default` (Urdu letters DejaVu lacks: Noto Naskh Arabic
    draws them narrower)."""
    if shipped_has(char):
        return default
    face = face_for(char)
    if face is None:
        return default
    found = metrics(face)
    return found.widths.get(ord(char), found.default)


def _shipped_width(code: int, bold: bool, italic: bool, face: str) -> float | None:
    """A character a template's font lacks and Liberation Sans has: Liberation Sans draws it
    (`briefing.text.fonts`), so it measures it; None in Liberation Sans itself."""
    if face in LIBERATION.faces:
        return None
    return _widths(LIBERATION.face(bold, italic))[0].get(code)


def measure(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of `text` in points at `size` points, in the main family of the export in
    progress (`briefing.text.faces.main_faces`)."""
    bold, italic = bool(bold), bool(italic)
    return _units(text, bold, italic, main_faces().face(bold, italic)) * size / 1000.0


def line_height(size: float, factor: float = 1.2) -> float:
    return size * factor


_SPACE = re.compile(r"([ \t\r\n])")
#: a line may break after a hyphen between letters ("Sistan-|Baluchestan"), as PowerPoint and
#: LibreOffice do (Unicode line breaking), but not in "2024-01-18" or before "-5"
_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
GLUE = ""  # between the parts of a hyphenated word: a break is allowed there, no space
#: between the parts of a word at a soft hyphen (U+00AD, which ends the part before): a break
#: is allowed there, and the line then ends in a visible hyphen (`Line.shown_pieces`)
SHY = "\u00ad"
#: what a soft hyphen shows at the end of a line: the hyphen-minus, which every face has and
#: ReportLab's own breaker (the paper's) prints there too
VISIBLE_HYPHEN = "-"


def soft_breaks(runs: Sequence[RunLike], lines: Sequence[Line]) -> list[tuple[int, int]]:
    """(run index, offset in the run's text) of each soft hyphen a line of `lines` (the runs'
    wrapped lines) broke at: for a renderer that lets its viewer wrap the text (the deck) and
    must still show the hyphen there, as the viewer may not."""
    texts = [keep_together(r.text) for r in runs]  # what the pieces were cut from
    pos = [0] * len(runs)
    out = []
    for line in lines:
        for i, text in line.pieces:
            text = text.strip(" ")
            at = texts[i].find(text, pos[i]) if text else -1
            if at >= 0:
                pos[i] = at + len(text)
        if line.pieces and line.text.endswith(SOFT_HYPHEN):
            i = line.pieces[-1][0]
            if pos[i] and texts[i][pos[i] - 1] == SOFT_HYPHEN:
                out.append((i, pos[i] - 1))
    return out


def _tokens(runs: Sequence[RunLike]) -> list[list[tuple[int, str]] | str]:
    """Words (lists of (run, text) pieces, a word may span runs), " ", "\\n" and GLUE markers."""
    out: list[list[tuple[int, str]] | str] = []
    word: list[tuple[int, str]] = []
    for i, run in enumerate(runs):
        for part in _SPACE.split(keep_together(run.text)):
            if not part:
                continue
            if part in " \t\r\n":  # one whitespace character (split keeps them apart)
                if word:
                    out.append(word)
                    word = []
                out.append("\n" if part == "\n" else " ")
                continue
            pieces = _HYPHEN.split(part)
            for k, piece in enumerate(pieces):
                if k:
                    out.append(word)
                    out.append(GLUE)
                    word = []
                syllables = soft_parts(piece)
                for n, syllable in enumerate(syllables):
                    if n:
                        out.append(word)
                        out.append(SHY)
                        word = []
                    word.append((i, syllable))
    if word:
        out.append(word)
    return out


def _piece_width(runs: Sequence[RunLike], pieces: Sequence[tuple[int, str]], size: float) -> float:
    return sum(measure(t, size, runs[i].bold, runs[i].italic) for i, t in pieces)


def _break_word(
    runs: Sequence[RunLike], word: list[tuple[int, str]], size: float, width: float, first: float
) -> list[tuple[list[tuple[int, str]], float]]:
    """Split an over-long word into chunks; the first chunk may use only `first` points."""
    chunks: list[tuple[list[tuple[int, str]], float]] = []
    cur: list[tuple[int, str]] = []
    cur_w = 0.0
    limit = first
    for i, text in word:
        for ch in text:
            w = measure(ch, size, runs[i].bold, runs[i].italic)
            if cur and cur_w + w > limit:
                chunks.append((cur, cur_w))
                cur, cur_w, limit = [], 0.0, width
            if cur and cur[-1][0] == i:
                cur[-1] = (i, cur[-1][1] + ch)
            else:
                cur.append((i, ch))
            cur_w += w
    if cur:
        chunks.append((cur, cur_w))
    return chunks


def wrap(runs: Sequence[RunLike], width: float, size: float) -> list[Line]:
    """Greedy line breaking of styled runs into lines no wider than `width` points.

    Spaces at line ends are dropped (renderers hang them too); an empty text gives one empty
    line, since a paragraph always takes at least one line.

    Remembered by content: the layout measures a paragraph for its height, then again when it
    places it, and the PDF painter breaks the same lines once more; a footer is the same text
    on every page.
    """
    key = (tuple((r.text, bool(r.bold), bool(r.italic)) for r in runs), width, size,
           main_faces().regular)
    return list(_wrap_cached(key))


@lru_cache(maxsize=50_000)
def _wrap_cached(key: tuple[tuple[tuple[str, bool, bool], ...], float, float, str]
                 ) -> tuple[Line, ...]:
    """`wrap`, remembered by content and by the main family it was measured in."""
    styled, width, size, _main = key
    return tuple(_wrap([_Plain(t, b, i) for t, b, i in styled], width, size))


def _wrap(runs: Sequence[RunLike], width: float, size: float) -> list[Line]:
    width = max(width, size)  # never loop on a box narrower than one character
    lines: list[Line] = []
    cur: list[tuple[int, str]] = []
    cur_w = 0.0
    space: tuple[int, str] | None = None

    def flush(ends_in_word: bool = False, at_hyphen: bool = False) -> None:
        nonlocal cur, cur_w
        lines.append(Line(tuple(cur), cur_w, ends_in_word, at_hyphen))
        cur, cur_w = [], 0.0

    def hyphen(part: list[tuple[int, str]]) -> float:
        run = runs[part[-1][0]]
        return measure(VISIBLE_HYPHEN, size, run.bold, run.italic)

    def place(parts: list[list[tuple[int, str]]], glued: bool) -> None:
        """One word, in parts joined at soft hyphens: whole where it fits, else as many parts
        as fit with a hyphen, the rest on the next lines (each part measured once, each line
        scanned once: linear in the word). `glued`: the word follows a hyphen with no space,
        so a break before it is a break after that hyphen."""
        nonlocal cur, cur_w, space
        in_word = False  # a part follows the end of a word cut between characters
        widths = [_piece_width(runs, part, size) for part in parts]
        rest = sum(widths)
        at = 0
        while at < len(parts):
            sw = measure(" ", size, runs[space[0]].bold, runs[space[0]].italic) \
                if space and cur else 0.0
            base = cur_w + sw if cur else 0.0
            if base + rest <= width:
                fit = len(parts)
            else:  # the most parts that fit with the hyphen their break shows
                fit, run_w = at, base
                for k in range(at, len(parts) - 1):
                    run_w += widths[k]
                    if run_w > width:
                        break
                    if run_w + hyphen(parts[k]) <= width:
                        fit = k + 1
            if fit > at:
                if space and cur:
                    cur.append(space)
                    cur_w += sw
                for k in range(at, fit):
                    cur.extend(parts[k])
                    cur_w += widths[k]
                    rest -= widths[k]
                space = None
                if fit == len(parts):
                    return
                cur_w += hyphen(parts[fit - 1])
                flush(ends_in_word=True)
                at = fit
            elif cur:
                flush(ends_in_word=in_word, at_hyphen=glued and at == 0)
                space = None
            else:  # the part is longer than a line: it starts a line of its own (as
                # PowerPoint and LibreOffice do), then is cut between characters; the next
                # part follows its last piece with no space
                for k, (pieces, w) in enumerate(_break_word(runs, parts[at], size, width, width)):
                    if k:
                        flush(ends_in_word=True)
                    cur.extend(pieces)
                    cur_w += w
                rest -= widths[at]
                at += 1
                in_word = True

    last_run = 0
    tokens = _tokens(runs)
    t = 0
    glued = False
    while t < len(tokens):
        tok = tokens[t]
        t += 1
        if tok == "\n":
            flush()
            space = None
            continue
        if tok == " ":
            space = (last_run, " ")
            continue
        if tok == GLUE:  # the next part joins this one without a space, or starts a line
            space = None
            glued = True
            continue
        assert isinstance(tok, list)
        parts = [tok]
        while t + 1 < len(tokens) and tokens[t] == SHY:
            parts.append(tokens[t + 1])  # type: ignore[arg-type]
            t += 2
        last_run = parts[-1][-1][0]
        place(parts, glued)
        space = None
        glued = False
    if cur or not lines:
        flush()
    return [merge_pieces(line) for line in lines]


def merge_pieces(line: Line) -> Line:
    """Join neighbouring pieces of the same run, so a line is a few runs, not one per word."""
    merged: list[tuple[int, str]] = []
    for i, t in line.pieces:
        if merged and merged[-1][0] == i:
            merged[-1] = (i, merged[-1][1] + t)
        else:
            merged.append((i, t))
    return replace(line, pieces=tuple(merged))


def wrap_text(text: str, width: float, size: float, bold: bool = False,
              italic: bool = False) -> list[str]:
    """Plain-text convenience: the lines of `text` at one style."""
    return [line.text for line in wrap([_Plain(text, bold, italic)], width, size)]


@dataclass
class _Plain:
    text: str
    bold: bool = False
    italic: bool = False


def text_height(lines: int, size: float, factor: float = 1.2) -> float:
    return lines * size * factor


class ParagraphLike(Protocol):
    runs: Sequence[RunLike]
    size: float
    line_height: float
    space_before: float
    indent: float
    # and perhaps `heading: bool`: a title's or heading's paragraph (`briefing.text.faces`)


def paragraph_lines(paragraph: ParagraphLike, content_width: float) -> list[Line]:
    """The lines a layout paragraph breaks into in a box `content_width` points wide; a
    heading's (`heading` true) in the heading family (`briefing.text.faces.as_heading`).

    Renderers that place lines themselves (the PDF exporters) use exactly this; those that let
    the viewer wrap (PPTX) get the same breaks because we wrap a little narrower than the box.
    """
    usable = (content_width - paragraph.indent) * WIDTH_SAFETY
    if getattr(paragraph, "heading", False):
        with as_heading():
            return wrap(paragraph.runs, usable, paragraph.size)
    return wrap(paragraph.runs, usable, paragraph.size)


def paragraph_height(paragraph: ParagraphLike, content_width: float, first: bool = False) -> float:
    lines = len(paragraph_lines(paragraph, content_width))
    before = 0.0 if first else paragraph.space_before
    return before + lines * paragraph.size * paragraph.line_height


def block_height(paragraphs: Sequence[ParagraphLike], content_width: float) -> float:
    """Height of paragraphs stacked in one text box (no padding); the first has no space before."""
    return sum(paragraph_height(p, content_width, first=(k == 0))
               for k, p in enumerate(paragraphs))
