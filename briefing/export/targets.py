"""Where an export may write, decided once, before anything is written.

An export must never destroy what it reads, nor replace what the user did not mean to replace:
an output that is the briefing itself, the corporate template or one of the briefing's images,
two outputs given the same file, a folder, a device or a pipe, and (unless forced) a read-only
file are refused before a temporary is made or a folder created. Files are compared by what
they are, not by how they are spelt: resolved paths (symbolic links, `..`) and, for files that
exist, device and inode numbers (hard links).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import ExportError
from briefing.format.images import image_file
from briefing.model import document as m

#: how each output is named in messages, and the suffix a file name for it would have
OUTPUTS = {"pptx": ("the deck", ".pptx"), "pdf": ("the slides PDF", ".pdf"),
           "handout": ("the handout", "-handout.pdf"), "report": ("the briefing paper",
                                                                  "-report.pdf")}


class TargetError(ExportError):
    """An output path that cannot be used; nothing was written."""


class ReadOnlyTarget(TargetError):
    """An existing output file without write permission: replaced only when forced."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Identity:
    """What a path is: its resolved spelling and, when it exists, its device and inode."""

    real: str
    inode: tuple[int, int] | None

    def same(self, other: Identity) -> bool:
        return self.real == other.real or (self.inode is not None and self.inode == other.inode)


def identity(path: Path) -> Identity:
    real = os.path.normcase(os.path.realpath(path))
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return Identity(real, None)
    return Identity(real, (st.st_dev, st.st_ino))


@dataclass(frozen=True)
class Input:
    """A file the export reads, described for a message ("the briefing being exported")."""

    what: str
    path: Path


def export_inputs(doc: m.Document, source: Path | None, template: Path | None,
                  base_dir: Path | None) -> list[Input]:
    """Every file an export of `doc` reads: the briefing, the template, each image (whatever
    the audience: an image left out for one audience is still the user's file)."""
    found = []
    if source is not None:
        found.append(Input("the briefing being exported", source))
    if template is not None:
        found.append(Input("the template", template))
    for section in doc.sections:
        if section.image is not None and section.image.path:
            path = image_file(base_dir, section.image.path)
            found.append(Input(f"the image {section.image.path!r} of section "
                               f"{section.title!r}", path))
    return found


def file_path(kind: str, text: str, *, stem: str = "briefing") -> Path:
    """An output path as typed: one that ends in a separator names a folder (which `Path`
    would quietly turn into a file of that name)."""
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        name, suffix = OUTPUTS[kind]
        raise TargetError(f"{text} names a folder: give a file name for {name} inside it, such "
                          f"as {text}{stem}{suffix}; nothing was written")
    return Path(text)


def check_targets(targets: Sequence[tuple[str, Path]], inputs: Iterable[Input], *,
                  force: bool = False, stem: str = "briefing") -> None:
    """Raise `TargetError` for the first output that must not be written (`ReadOnlyTarget`
    for a read-only file when not `force`); `targets` are (kind, path) as in `ExportJob`."""
    read = [(each, identity(each.path)) for each in inputs]
    seen: list[tuple[str, Path, Identity]] = []
    for kind, path in targets:
        name, suffix = OUTPUTS[kind]
        me = identity(path)
        if os.path.isdir(path):
            raise TargetError(f"{path} is a folder: give a file name for {name} inside it, "
                              f"such as {path / (stem + suffix)}; nothing was written")
        for each, its in read:
            if me.same(its):
                raise TargetError(f"{name} would replace {each.what} ({path}): choose another "
                                  "file name; nothing was written")
        for other, other_path, its in seen:
            if me.same(its):
                both = (str(path) if other_path == path
                        else f"{other_path} and {path}, which are the same file")
                raise TargetError(f"{OUTPUTS[other][0]} and {name} are both to be written to "
                                  f"{both}: give each output its own file; nothing was written")
        seen.append((kind, path, me))
        _check_kind_of_file(path, name)
        if not force and read_only(path):
            raise ReadOnlyTarget(f"{path} is read-only: make it writable or choose another "
                                 "file name; nothing was written", path)


def read_only(path: Path) -> bool:
    """An existing file nobody may write, or this user may not (root included: the write bits
    say what its owner wants, even where root's access would be granted)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not st.st_mode & 0o222 or not os.access(path, os.W_OK)


def _check_kind_of_file(path: Path, name: str) -> None:
    """Only a regular file is ever replaced: publishing renames over the target, which would
    swap a device such as /dev/null, a pipe or a socket for a plain file."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise TargetError(f"{path} is not an ordinary file (a device, pipe or socket): give a "
                          f"file name for {name}; nothing was written")
