"""Fonts of this machine for the characters no shipped face has: no text lost in silence.

Liberation Sans, DejaVu Sans and Noto Naskh Arabic draw Latin, Greek, Cyrillic, Arabic-script
text and most symbols, but no Chinese, Japanese or Korean, and few emoji. For such a character
fontconfig is asked which of the machine's fonts would draw it (`fc-match -s sans-serif`: the
fallback list a desktop uses, best first; once per process), and the first that has its glyph
and may be embedded becomes the face that measures and draws it in every PDF, and whose family
the deck names for it. Where fontconfig is missing (Windows, macOS without it) or no font has
the character, it is drawn as before with the shipped fallback (an empty box) and `missing`
says so, for `validate` and `export` to warn about it with the file, line and field.

A font with PostScript outlines (Noto Sans CJK is one) is drawn through a TrueType face
converted from it, holding the characters a document uses (`briefing.text.outlines`); a colour bitmap font (Noto Color Emoji) has no
outlines a PDF can embed, and is passed over.

What a machine has decides what its exports look like, so text the shipped faces cover never
asks fontconfig: its outputs stay the same on every machine.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.text.faces import (
    SHIPPED,
    FaceFile,
    FontSet,
    add_face,
    cmap,
    face_file,
    file_metrics,
    main_faces,
)

#: set to "0" to use no font of the machine (tests; a build that must look the same everywhere)
ENV_SWITCH = "BRIEFING_SYSTEM_FONTS"
_QUERY = "%{file}\\t%{index}\\t%{family[0]}\\t%{postscriptname}\\t%{fontformat}\\t%{charset}\\n"
_TIMEOUT = 20.0  # seconds: fontconfig answers from its cache in milliseconds
_NAME = re.compile(r"[^A-Za-z0-9-]")
#: never drawn, so never missing: format controls (joiners, bidi marks), variation selectors
_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


@dataclass(frozen=True)
class SystemFont:
    """One font fontconfig offers as a fallback, with the code points it says it has."""

    path: Path
    index: int
    family: str
    postscript: str
    postscript_outlines: bool  # CFF: drawn through converted faces
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has(self, code: int) -> bool:
        k = bisect.bisect_right(self.starts, code) - 1
        return k >= 0 and code <= self.ends[k]


def _charset(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, ends = [], []
    for part in text.split():
        low, _, high = part.partition("-")
        starts.append(int(low, 16))
        ends.append(int(high or low, 16))
    return tuple(starts), tuple(ends)


def parse_fonts(listing: str) -> tuple[SystemFont, ...]:
    """The outline fonts of an `fc-match -s --format` listing, in its order."""
    fonts = []
    for line in listing.splitlines():
        fields = line.split("\t")
        if len(fields) != 6:
            continue
        file, index, family, postscript, kind, charset = fields
        path = Path(file)
        if kind not in ("TrueType", "CFF") or path.suffix.lower() not in (".ttf", ".otf",
                                                                          ".ttc", ".otc"):
            continue  # bitmap and Type 1 fonts: nothing a PDF here can embed
        try:
            starts, ends = _charset(charset)
            fonts.append(SystemFont(path, int(index), family, postscript or family,
                                    kind == "CFF", starts, ends))
        except ValueError:
            continue
    return tuple(fonts)


@cache
def system_fonts() -> tuple[SystemFont, ...]:
    """The machine's fallback fonts, best first, from fontconfig; none without it."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return ()
    exe = shutil.which("fc-match")
    if exe is None:
        return ()
    try:
        done = subprocess.run([exe, "-s", "--format", _QUERY, "sans-serif"], capture_output=True,
                              timeout=_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return ()
    return parse_fonts(done.stdout.decode("utf-8", "replace")) if done.returncode == 0 else ()


@cache
def _main(main: FontSet) -> frozenset[str]:
    """What the main family draws: most text, known without reading the other faces."""
    return frozenset(map(chr, cmap(main.regular)))


@cache
def _shipped() -> frozenset[str]:
    """Every character a shipped face draws."""
    codes: set[int] = set()
    for family in SHIPPED:
        for face in set(family.faces):
            codes |= cmap(face)
    return frozenset(map(chr, codes))


def _covered(text: str) -> bool:
    """Every character of `text` is in the main family or a shipped face (the main one
    checked first)."""
    return _main(main_faces()).issuperset(text) or _shipped().issuperset(text)


def shipped_has(char: str) -> bool:
    return char in _shipped() or char.isspace()


@cache
def face_for(char: str) -> str | None:
    """The machine's face for a character no shipped face has; None when there is none."""
    code = ord(char)
    for font in system_fonts():
        if font.has(code) and _usable(font) and code in _codes(font):
            return _face(font)
    return None


@cache
def _codes(font: SystemFont) -> frozenset[int]:
    return file_metrics(font.path, font.index).cmap


@cache
def _usable(font: SystemFont) -> bool:
    """The font has outlines (TrueType or CFF) and may be embedded: its OS/2 fsType is not
    "restricted", "no subsetting" or "bitmap only" (ReportLab's own rule)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(font.path), fontNumber=font.index, lazy=True) as ttf:
            fs_type = ttf["OS/2"].fsType if "OS/2" in ttf else 0
            restricted = fs_type == 0x0002 or fs_type & 0x0300
            outlines = "glyf" in ttf or "CFF " in ttf
            return outlines and not restricted and "hmtx" in ttf
    except Exception:  # a font fontconfig lists but fontTools cannot read: not ours to fix
        return False


def _face(font: SystemFont) -> str:
    return add_face("Sys-" + _NAME.sub("", font.postscript),
                    FaceFile(font.path, font.index, font.family, font.postscript_outlines))


def missing(text: str) -> str:
    """The characters of `text`, once each in order, that no face can draw here."""
    if _covered(text):
        return ""
    seen: dict[str, None] = {}
    main = _main(main_faces())
    for char in text:
        if (char not in seen and char not in main and not shipped_has(char)
                and not _invisible(char) and face_for(char) is None):
            seen[char] = None
    return "".join(seen)


def _invisible(char: str) -> bool:
    return (unicodedata.category(char) in _INVISIBLE
            or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")


def office_fonts(text: str) -> dict[str, str]:
    """For the deck: the family to name for `text`'s characters drawn by a machine's font,
    as {"ea": family} for East Asian ones (what PowerPoint looks up in a run's `a:ea`) and
    {"cs": family} for others; empty for text the shipped faces cover."""
    if _covered(text):
        return {}
    out: dict[str, str] = {}
    main = _main(main_faces())
    for char in text:
        if char in main or shipped_has(char):
            continue
        name = face_for(char)
        if name is None:
            continue
        slot = "ea" if unicodedata.east_asian_width(char) in ("W", "F") else "cs"
        out.setdefault(slot, face_file(name).family)
    return out
