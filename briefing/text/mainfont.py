"""The main font of an export: a corporate template's body font where this machine has it and a
PDF may embed it, else Liberation Sans (Arial's metrics).

A template names its body font by family ("Georgia", "Source Serif 4"). fontconfig says which
files draw that family's regular, bold, italic and bold-italic styles (`fc-match`, as
`briefing.text.fallback` asks it for fallback fonts, with its timeout and none without it); each
file is a stranger's data, so it is read only when it is no bigger than `MAX_FONT_BYTES`, parsed
with fontTools, and refused when a PDF could not embed it (PostScript outlines, which ReportLab
cannot embed; an OS/2 fsType that forbids embedding or subsetting) or it has no Latin letters.
The family found becomes `MainFont`: the name the deck gives it, and four faces, known to
`briefing.text.faces` by names of their own, that the layout measures with and the PDFs embed.
Whatever is not found is said once, in words: the font name and what stands in for it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.text.faces import LIBERATION, FaceFile, FontSet, add_face, face_file
from briefing.text.fallback import ENV_SWITCH

#: a font file bigger than this is not read (the largest Latin families are a few MB; a CJK
#: TrueType font about 20 MB)
MAX_FONT_BYTES = 30 * 1024 * 1024
#: what stands in for a template font the outputs cannot use
STAND_IN = "Liberation Sans (Arial's metrics)"
_TIMEOUT = 20.0  # seconds, as for fallback fonts: fontconfig answers from its cache
_QUERY = "%{file}\\t%{index}\\t%{family}\\n"
_FC_SPECIAL = re.compile(r"([\\\-:,])")
_NAME = re.compile(r"[^A-Za-z0-9-]")
#: the styles of a family, as fontconfig is asked for them, in `FontSet` order
_STYLES = (("regular", ":weight=regular:slant=roman"), ("bold", ":weight=bold:slant=roman"),
           ("italic", ":weight=regular:slant=italic"),
           ("bold italic", ":weight=bold:slant=italic"))
#: a style the family lacks: the first of these it has stands in (the regular always exists)
_STAND_INS = {"bold": ("regular",), "italic": ("regular",),
              "bold italic": ("bold", "italic", "regular")}
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class MainFont:
    """The family every output of one export measures and draws its text in."""

    family: str  # the name the deck gives it ("Arial", "DejaVu Serif")
    faces: FontSet  # the names of its four faces, known to `briefing.text.faces`
    files: tuple[Path, ...] = ()  # where the regular, bold, italic and bold-italic faces are


#: Liberation Sans, measured and drawn, for the Arial the deck names
DEFAULT = MainFont("Arial", LIBERATION)


@dataclass(frozen=True)
class Found:
    """What became of a template's font: `font` None when it cannot be used, and what to tell
    the user (why not; which of its styles another stands in for)."""

    font: MainFont | None
    warnings: tuple[str, ...] = ()
    #: why `font` is None, in words to follow the font's name ("is not installed on this
    #: machine"), for a message of the caller's own (a heading font's)
    reason: str = ""


@dataclass(frozen=True)
class _File:
    path: Path
    index: int


def find_main_font(family: str) -> Found:
    """The template font `family` as this export's main font, or why it cannot be."""
    return _find(family.strip(), os.environ.get(ENV_SWITCH, "1"))


@cache
def _find(family: str, _switch: str) -> Found:
    """`find_main_font`, once per process and family (and per `ENV_SWITCH` setting)."""
    files = _style_files(family)
    if files.get("regular") is None:
        return Found(None, (f"the template's font {family!r} is not installed on this machine: "
                            f"every output uses {STAND_IN} instead, and the deck names Arial; "
                            "install the font and export again, or use Arial in the "
                            "template's theme fonts",), "is not installed on this machine")
    checked: dict[_File, str | None] = {}
    for file in dict.fromkeys(f for f in files.values() if f is not None):
        checked[file] = font_problem(file.path, file.index)
    regular = files["regular"]
    if checked[regular] is not None:
        return Found(None, (f"the template's font {family!r} is installed but cannot be used: "
                            f"{checked[regular]}; every output uses {STAND_IN} instead, and the "
                            "deck names Arial",), f"is installed but cannot be used: "
                                                  f"{checked[regular]}")
    usable = {style: file for style, file in files.items()
              if file is not None and checked[file] is None}
    chosen: dict[str, _File] = {}
    missing: list[str] = []  # "bold (its regular style stands in)"
    for style, _pattern in _STYLES:
        if style in usable:
            chosen[style] = usable[style]
            continue
        other = next(s for s in _STAND_INS[style] if s in usable)
        chosen[style] = usable[other]
        file = files.get(style)
        why = "" if file is None else f", as {checked[file]}"
        missing.append(f"{style} (its {other} style stands in{why})")
    names = [_face(family, chosen[style]) for style, _pattern in _STYLES]
    font = MainFont(family, FontSet(*names), tuple(chosen[s].path for s, _p in _STYLES))
    if not missing:
        return Found(font)
    return Found(font, (f"the template's font {family!r} is used, but this machine has no "
                        f"usable style of it for {'; '.join(missing)}",))


def _style_files(family: str) -> dict[str, _File | None]:
    """The file fontconfig draws each style of `family` with; None for a style it would take
    from another file of the family's regular (a synthesised bold) or another family."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return {}
    exe = shutil.which("fc-match")
    if exe is None:
        return {}
    base = ":family=" + _FC_SPECIAL.sub(r"\\\1", family)
    out: dict[str, _File | None] = {}
    for style, pattern in _STYLES:
        out[style] = _match(exe, base + pattern, family)
    regular = out.get("regular")
    if regular is None:
        return {}
    return {style: (None if style != "regular" and file == regular else file)
            for style, file in out.items()}


def _match(exe: str, pattern: str, family: str) -> _File | None:
    """fontconfig's file for `pattern` when it is a file of `family` itself (fc-match always
    answers, with whatever font is nearest)."""
    try:
        done = subprocess.run([exe, "--format", _QUERY, pattern], capture_output=True,
                              timeout=_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    fields = done.stdout.decode("utf-8", "replace").strip().split("\t")
    if len(fields) != 3 or not fields[0]:
        return None
    file, index, families = fields
    if family.lower() not in {name.strip().lower() for name in families.split(",")}:
        return None
    try:
        number = int(index)
    except ValueError:
        return None
    if number >> 16:  # a named instance of a variable font: its default is what we could draw
        return None
    return _File(Path(file), number)


def font_problem(path: Path, index: int = 0) -> str | None:
    """Why the font at `index` in `path` cannot be the main font of a PDF; None when it can.

    Its size is checked before it is read; it must parse, have TrueType outlines and the
    tables ReportLab reads, allow embedding and subsetting (ReportLab's own rule), and draw
    Latin letters."""
    from fontTools.ttLib import TTFont

    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"its file {path} cannot be read ({exc.strerror or exc})"
    if size > MAX_FONT_BYTES:
        return (f"its file {path.name} is {size / 2**20:.0f} MB, more than the "
                f"{MAX_FONT_BYTES // 2**20} MB a font file may have here")
    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            if "glyf" not in font:
                return (f"{path.name} has PostScript (CFF) outlines, which the PDFs cannot "
                        "embed (only TrueType outlines)")
            fs_type = font["OS/2"].fsType if "OS/2" in font else 0
            if fs_type == 0x0002 or fs_type & 0x0300:
                kind = ("forbids embedding (restricted licence)" if fs_type == 0x0002 else
                        "forbids subsetting or embedding its outlines")
                return f"the licence of {path.name} {kind} (OS/2 fsType {fs_type:#06x})"
            for tag in ("head", "hhea", "maxp", "hmtx", "name", "post", "loca"):
                font[tag]  # noqa: B018 - parsed now: a broken table is refused, not drawn
            glyphs = font["glyf"]
            best = font.getBestCmap() or {}
            for code in map(ord, _LATIN):
                if code not in best:
                    return f"{path.name} has no Latin letters (no glyph for {chr(code)!r})"
                glyphs[best[code]]  # noqa: B018 - its outline parses
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds for a broken file
        return f"{path.name} cannot be read as a font ({type(exc).__name__}: {_first(exc)})"
    return None


def _first(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


def _face(family: str, file: _File) -> str:
    """The face name `file` is known by (`briefing.text.faces.add_face`): the font's
    PostScript name, unique to its file."""
    postscript = _postscript_name(file) or family
    name = "Main-" + _NAME.sub("", postscript)
    try:
        known = face_file(name)
    except KeyError:
        known = None
    if known is not None and (known.path, known.index) != (file.path, file.index):
        digest = hashlib.sha256(f"{file.path}:{file.index}".encode()).hexdigest()[:8]
        name = f"{name}-{digest}"
    return add_face(name, FaceFile(file.path, file.index, family))


def _postscript_name(file: _File) -> str:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(file.path), fontNumber=file.index, lazy=True) as font:
            return str(font["name"].getDebugName(6) or "")
    except Exception:  # noqa: BLE001 - checked by `font_problem` first; a name is optional
        return ""
