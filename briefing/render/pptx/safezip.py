"""Reading a zip from a stranger (a corporate template) without letting it decide the cost.

A zip says how big its members are before anything is inflated, and how many there are before
the central directory is read. Both are checked here against fixed limits, and against what the
file can physically hold, so a bomb (a 4 GiB member of zeros in 4 MB, a million empty members,
a central directory that lies about where data is) is refused from its headers in milliseconds,
without inflating a byte of it. Members are then read at most up to their declared size
(`zipfile` stops there and checks the CRC), so what is read is bounded by what was checked.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import ExportError

MB = 1024 * 1024

#: a deflate stream cannot inflate more than 1032:1 (RFC 1951: 258 bytes per 2-bit code);
#: a member declaring more than this of its compressed size is lying about one of them
MAX_DEFLATE_RATIO = 1032
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


@dataclass(frozen=True)
class ZipLimits:
    """What a zip may hold; checked from its headers before any member is inflated.

    The defaults are a corporate template's: its pictures travel into every deck, and each
    byte of them costs about six in memory on the way (the clean copy, python-pptx's parts,
    its saved zip, the reproducible zip), so 64 MB of parts is about 450 MB at the peak
    (docs/reliability.md); real templates hold a few MB."""

    file_bytes: int = 80 * MB
    members: int = 10_000
    member_bytes: int = 50 * MB
    total_bytes: int = 64 * MB


#: the limits a corporate template is held to
TEMPLATE_LIMITS = ZipLimits()


def size_text(n: int) -> str:
    """Bytes as a person says them: 512 bytes, 3.4 MB, 1.5 GiB."""
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GiB"
    if n >= MB:
        return f"{n // MB} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    return f"{n:,} bytes"


class SafeZip:
    """A zip opened only after its end record and central directory passed the limits.

    `read(name)` returns a member's bytes, never more than its (checked) declared size.
    Raises ExportError with `label` (what the user calls the file) in every message.
    """

    def __init__(self, path: Path, label: str, limits: ZipLimits = TEMPLATE_LIMITS) -> None:
        self.label, self.limits = label, limits
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise self._error(f"is {size_text(size)}; templates are limited to "
                              f"{size_text(limits.file_bytes)}")
        with path.open("rb") as f:
            self._check_end_record(f, size)
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise self._error(f"is not a valid zip package ({exc})") from exc
        try:
            self.infos = self._check_members(size)
        except ExportError:
            self._zip.close()
            raise

    def _error(self, what: str) -> ExportError:
        return ExportError(f"template {self.label} {what}; save it again from PowerPoint as a "
                           ".pptx and retry")

    def _check_end_record(self, f, size: int) -> None:
        """The member count and central directory size, from the end record (APPNOTE 4.3.16),
        before `zipfile` builds an object per member: a million-member directory would cost it
        gigabytes."""
        tail_len = min(size, 22 + 65_535)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) - at < 22:
            raise self._error("is not a zip package (no end record): not a .pptx file")
        _sig, _disk, _cd_disk, _n_here, count, cd_size, _cd_at, _comment = struct.unpack(
            "<4s4H2LH", tail[at:at + 22])
        locator = tail[at - 20:at] if at >= 20 else b""
        if locator[:4] == _EOCD64_LOCATOR:
            (eocd64_at,) = struct.unpack("<Q", locator[8:16])
            if eocd64_at + 56 > size:
                raise self._error("has a damaged zip directory")
            f.seek(eocd64_at)
            record = f.read(56)
            if record[:4] != _EOCD64:
                raise self._error("has a damaged zip directory")
            count, cd_size = struct.unpack("<QQ", record[32:48])
        if count > self.limits.members:
            raise self._error(f"has {count:,} parts; a template may have at most "
                              f"{self.limits.members:,}")
        if cd_size > size:
            raise self._error("has a damaged zip directory (larger than the file)")

    def _check_members(self, size: int) -> dict[str, zipfile.ZipInfo]:
        limits = self.limits
        infos: dict[str, zipfile.ZipInfo] = {}
        folded: set[str] = set()  # part names are case-insensitive (OPC)
        total = 0
        for info in self._zip.infolist():
            name = info.filename
            if name.lower() in folded:
                raise self._error(f"holds two parts named {name} (readers would disagree on "
                                  "which one counts)")
            if info.flag_bits & 0x1:
                raise self._error(f"has an encrypted part ({name})")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self._error(f"compresses {name} with method {info.compress_type}, which "
                                  "PowerPoint never uses")
            if info.file_size > limits.member_bytes:
                raise self._error(f"holds {name} of {size_text(info.file_size)} uncompressed; "
                                  f"a template part may be at most "
                                  f"{size_text(limits.member_bytes)}")
            if info.header_offset + 30 + info.compress_size > size:
                raise self._error(f"says {name} has {size_text(info.compress_size)} of data "
                                  "that the file does not hold (a damaged or forged zip)")
            stored = info.compress_type == zipfile.ZIP_STORED
            if (stored and info.file_size != info.compress_size) or \
                    info.file_size > MAX_DEFLATE_RATIO * info.compress_size + 1024:
                raise self._error(f"declares sizes for {name} that its data cannot have "
                                  f"({size_text(info.compress_size)} compressed, "
                                  f"{size_text(info.file_size)} uncompressed)")
            total += info.file_size
            infos[name] = info
            folded.add(name.lower())
        if total > limits.total_bytes:
            raise self._error(f"holds {size_text(total)} once uncompressed; templates are "
                              f"limited to {size_text(limits.total_bytes)}")
        return infos

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def read(self, name: str) -> bytes:
        """The member's bytes: at most its declared size, CRC-checked by `zipfile`."""
        info = self.infos[name]
        try:
            with self._zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise self._error(f"has a damaged part {name} ({exc})") from exc
        if len(data) != info.file_size:
            raise self._error(f"has a damaged part {name} (not the size it declares)")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
