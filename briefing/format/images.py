"""Image files a briefing names: inside its folder, a format the exports embed, whole, not a bomb.

The folder rule (`local_file`) holds for every file a briefing names: its images and its
previous edition (`since:`).

Checked when a briefing is validated and again just before an export draws the image (the file
may have changed since).
"""

from __future__ import annotations

import errno
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


IMAGE_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "BMP", "TIFF")
MAX_IMAGE_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PIXELS = 89_478_485
"""Pillow's own default, used if an application switched Pillow's limit off."""
FULL_DECODE_PIXELS = 16_000_000
"""Below this, formats that `verify()` cannot check are decoded once to prove they are whole."""


@dataclass(frozen=True)
class FileKind:
    """How the folder rule's messages name a kind of file a briefing points to."""

    noun: str = "image"
    a_noun: str = "an image"
    file_noun: str = "image file"
    regular: str = "give a PNG or JPEG image"


IMAGE = FileKind()
EDITION = FileKind("previous edition", "a briefing", "previous edition",
                   "give the .yaml file of the previous edition")


def check_image_path(base_dir: Path, rel: str) -> str | None:
    """None when `rel` names a usable image inside `base_dir`, else what is wrong and what to do."""
    found = local_file(base_dir, rel, IMAGE)
    if isinstance(found, str):
        return found
    problem = inspect_image(found)
    return f"{_short(rel)!r} {problem}" if problem else None


def local_file(base_dir: Path, rel: str, kind: FileKind = IMAGE) -> Path | str:
    """The folder rule for every file a briefing names (images, the previous edition): the
    resolved regular file when `rel` is relative and stays inside `base_dir` (no absolute path,
    no `..` or link out of it), else what is wrong and what to do."""
    base = base_dir.resolve()
    if "\x00" in rel:
        return "the path contains a NUL character: retype it"
    if Path(rel).is_absolute() or rel.startswith("~") or re.match(r"^[A-Za-z]:[\\/]", rel):
        return (f"{_short(rel)!r} is an absolute path; give a path relative to the briefing file "
                f"and keep the {kind.noun} in its folder")
    try:
        unresolved = base / rel
        target = unresolved.resolve()
        if not target.is_relative_to(base):
            if unresolved.is_symlink() or Path(os.path.normpath(unresolved)).is_relative_to(base):
                return (f"{_short(rel)!r} is a link to a file outside the briefing's folder; "
                        f"copy the {kind.noun} itself into the folder")
            return (f"{_short(rel)!r} lies outside the briefing's folder; copy the {kind.noun} "
                    "into the folder (or a subfolder) of the .yaml file")
        if not target.exists():
            return f"{kind.file_noun} {_short(rel)!r} not found next to the briefing: check the name"
        if target.is_dir():
            return (f"{_short(rel)!r} is a folder, not {kind.a_noun}: give the {kind.file_noun} "
                    "inside it")
        if not target.is_file():
            return f"{_short(rel)!r} is not a regular file: {kind.regular}"
    except RuntimeError:  # pathlib's "Symlink loop" (Python 3.11/3.12)
        return f"{_short(rel)!r} is a symbolic link that points back to itself: replace it with " \
               f"the {kind.file_noun}"
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
            return f"{_short(rel)!r} is a symbolic link that points back to itself: replace it " \
                   f"with the {kind.file_noun}"
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"{_short(rel)!r} cannot be used as a file path ({reason}): shorten or retype it"
    return target


def inspect_image(source: Path | bytes) -> str | None:
    """Open the image cheaply (header, checksums, at most a small decode) to catch a file that
    is not an image, is cut short, or would decompress to an enormous bitmap, before an export
    fails on it half-way. Returns None when fine, else the problem (to follow the file name).

    `source` is the file, or its bytes once read (`briefing.layout.pictures` checks exactly the
    bytes it goes on to decode)."""
    from PIL import Image, UnidentifiedImageError

    if isinstance(source, bytes):
        size = len(source)
    else:
        try:
            size = source.stat().st_size
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "is an empty file, not an image: export the picture again"
    if size > MAX_IMAGE_BYTES:
        return (f"is {size / 1e6:.0f} MB; images are limited to {MAX_IMAGE_BYTES // 2**20} MB: "
                "save a smaller copy (a slide needs at most about 4000 pixels across)")
    limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS
    bomb = (f"is too large to open safely (more than {limit:,} pixels, a possible "
            "decompression bomb): save a smaller copy")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(_image_file(source)) as im:
                fmt, (width, height) = im.format, im.size
                if width * height > limit:
                    return bomb
                if fmt not in IMAGE_FORMATS:
                    return (f"is a {fmt} image, which the exports cannot embed: save it as PNG "
                            "or JPEG")
                im.verify()
            if fmt != "PNG" and width * height <= FULL_DECODE_PIXELS:
                with Image.open(_image_file(source)) as im:
                    im.draft("RGB", (256, 256))
                    im.load()
    except Image.DecompressionBombError:
        return bomb
    except UnidentifiedImageError:
        return "is not an image Briefing Desk can read: use a PNG or JPEG file"
    except Exception as exc:  # noqa: BLE001 - any failure of the image parser means a bad file
        detail = str(exc) or type(exc).__name__
        return f"is damaged or cut short ({_short(detail)}): export the picture again"
    return None


def _image_file(source: Path | bytes) -> Path | io.BytesIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def image_file(base_dir: Path | None, raw: str) -> Path:
    """Where an image section's `path` points: relative paths from the briefing's folder. Every
    reader of the picture (layout, paper, the export's own-input check) resolves it here."""
    path = Path(raw).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path
