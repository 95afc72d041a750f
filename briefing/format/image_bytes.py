"""Whether an image file's bytes are nothing but the picture: no metadata to strip.

A deck embeds its pictures' files as they are, so whatever a file carries besides its pixels
(EXIF with the camera's owner and GPS position, PNG text chunks, JPEG comments, XMP, thumbnails
that may show the uncropped original, private chunks, data after the end of the image) would
travel with it. `briefing.layout.pictures` passes a file's own bytes on only when this module finds
nothing but the picture in it; any other file is written anew by Pillow, which writes only the
pixels. Pillow itself cannot answer the question: it skips chunks and segments it does not know.

Only the structure is read here (chunk and segment lengths); whether the picture data inside
is sound is `briefing.format.reader.inspect_image`'s business.
"""

from __future__ import annotations

import re

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_PICTURE_CHUNKS = frozenset({
    b"IHDR", b"PLTE", b"IDAT", b"IEND",  # the image itself
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD",  # how to show it
})
"""Chunks that say how to show the pixels. Text (tEXt, zTXt, iTXt, XMP), eXIf, tIME, animation
and private chunks are metadata or more than one picture."""

_SOI, _EOI, _SOS, _COM = 0xD8, 0xD9, 0xDA, 0xFE
_APP0, _APP2, _APP14 = 0xE0, 0xE2, 0xEE
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7: no length field
_ENTROPY_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
"""In entropy-coded data 0xFF is followed by 0x00 (stuffing) or a restart marker; anything
else starts the next segment."""


def only_the_picture(data: bytes) -> bool:
    """True when `data` is a PNG or JPEG file that holds its picture and nothing else."""
    if data.startswith(PNG_SIGNATURE):
        return _png_is_bare(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_is_bare(data)
    return False


def _png_is_bare(data: bytes) -> bool:
    pos, end = len(PNG_SIGNATURE), len(data)
    while pos + 12 <= end:
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind not in PNG_PICTURE_CHUNKS:
            return False
        pos += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return pos == end  # nothing hidden after the end
    return False


def _jpeg_is_bare(data: bytes) -> bool:
    pos, end = 2, len(data)
    while pos < end:
        if data[pos] != 0xFF:
            return False
        while pos < end and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= end:
            return False
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            return pos == end  # nothing hidden after the end (an MPO's second picture, a zip)
        if marker in _STANDALONE or marker == _SOI:
            continue
        if pos + 2 > end:
            return False
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > end:
            return False
        if not _jpeg_segment_is_picture(marker, data[pos + 2:pos + length]):
            return False
        pos += length
        if marker == _SOS:  # a scan: skip its entropy-coded data
            found = _ENTROPY_END.search(data, pos)
            if found is None:
                return False
            pos = found.start()
    return False


def _jpeg_segment_is_picture(marker: int, body: bytes) -> bool:
    """Tables, frame and scan headers are the picture; of the application segments only the
    JFIF header without a thumbnail, the ICC profile and Adobe's colour transform are."""
    if marker == _COM:
        return False
    if not 0xE0 <= marker <= 0xEF:
        return True
    if marker == _APP0:
        # "JFIF\0", version (2), units (1), densities (2 + 2), thumbnail width and height
        return body.startswith(b"JFIF\x00") and len(body) == 14 and body[12] == body[13] == 0
    if marker == _APP2:
        return body.startswith(b"ICC_PROFILE\x00")
    if marker == _APP14:
        return body.startswith(b"Adobe")
    return False


__all__ = ["PNG_PICTURE_CHUNKS", "only_the_picture"]
