"""Pictures as every output draws them: decoded once, no larger than any output draws them,
without their metadata, and remembered by content.

A briefing's picture comes from someone else and may be a 9,400-pixel square PNG (a 353 MB
bitmap once decoded) that ten sections show. The layout, the deck, the slides PDF, the handout,
the paper and the app's previews all draw the one `Picture` made from it here:

- at most `MAX_DRAWN` pixels: the whole slide at `DRAW_DPI`, which no output exceeds (the
  paper's column is narrower and its pictures shorter than a slide);
- decoded once per content (SHA-256 of the file's bytes), one picture at a time, at a reduced
  size where the format allows it (JPEG's `draft`); a PNG can only be decoded whole, so its
  peak is its full bitmap, once, dropped at once;
- its bytes are the file's own when the file is a PNG or JPEG that is small enough and holds
  nothing but the picture (`briefing.format.image_bytes`), so ordinary decks keep their bytes; any
  other picture is written anew by Pillow (PNG, or JPEG for a JPEG), upright, without EXIF,
  text chunks, comments or XMP. ICC profiles are kept: they are colour, not metadata.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import stat
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

from briefing.format.image_bytes import only_the_picture
from briefing.format.images import DEFAULT_MAX_PIXELS, MAX_IMAGE_BYTES, inspect_image
from briefing.layout.geometry import SLIDE_HEIGHT, SLIDE_WIDTH, Picture

DRAW_DPI = 220
"""Twice a screen's density: sharp on a projector, on paper and on a high-density display."""
MAX_DRAWN = (math.ceil(SLIDE_WIDTH / 72 * DRAW_DPI), math.ceil(SLIDE_HEIGHT / 72 * DRAW_DPI))
"""The largest box, in pixels, any output draws a picture in: the whole slide (2934 x 1650)."""
BAND_BYTES = 4 * 1024 * 1024
"""A picture with alpha is premultiplied band by band while it is shrunk, so that next to its
full bitmap only one band of this size is held (Pillow's `resize` would copy it all first)."""
JPEG_QUALITY = 90
"""For a JPEG that had to be shrunk or turned upright; one only stripped keeps its own tables."""
CACHE_BYTES = 96 * 1024 * 1024
"""Prepared pictures kept, by the size of their bytes (a prepared picture is at most ~20 MB)."""
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"})
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_ORIENTATION = 0x0112
_EXIF_FIRST = frozenset({"JPEG", "MPO", "TIFF"})


def fit(size: tuple[int, int], bound: tuple[int, int] = MAX_DRAWN) -> tuple[int, int]:
    """`size` shrunk to fit in `bound`, keeping its aspect ratio; never enlarged, never 0."""
    w, h = size
    scale = min(1.0, bound[0] / w, bound[1] / h)
    if scale >= 1.0:
        return size
    return max(1, round(w * scale)), max(1, round(h * scale))


def load_picture(path: Path) -> Picture | None:
    """The picture in the file at `path`, prepared once per content; None when the file is
    missing, not a regular file, not an image, cut short or a decompression bomb (it may have
    changed since the briefing was validated: a placeholder beats a failed export)."""
    try:
        if not path.is_file():  # never opens a FIFO or a device
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return None
            identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            digest = _DIGESTS.get(identity)
            if digest is not None and (known := _CACHE.get(digest, _UNKNOWN)) is not _UNKNOWN:
                return known
            if not 0 < st.st_size <= MAX_IMAGE_BYTES:
                return None
            data = f.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    _DIGESTS.put(identity, digest)
    with _PREPARING:  # one picture decoded at a time: the peak is one bitmap, not several
        if (known := _CACHE.get(digest, _UNKNOWN)) is not _UNKNOWN:
            return known
        picture = prepare(data, digest) if inspect_image(data) is None else None
        _CACHE.put(digest, picture)
    return picture


def prepare(data: bytes, digest: str = "") -> Picture | None:
    """`data` (an image file's bytes, already inspected) as a `Picture`; None if Pillow fails
    on it after all (corrupt deep inside the compressed data)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                return _prepare(im, data, digest or hashlib.sha256(data).hexdigest())
    except Image.DecompressionBombError:
        return None
    except Exception:  # noqa: BLE001 - Pillow raises many types for bad files
        return None


def _prepare(im, data: bytes, digest: str) -> Picture | None:
    from PIL import Image, ImageOps

    limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS
    stored = im.size
    if stored[0] * stored[1] > limit or min(stored) < 1:
        return None
    # read where it costs nothing before decoding (a PNG's eXIf may follow its pixels)
    orientation = im.getexif().get(_ORIENTATION, 1) if im.format in _EXIF_FIRST else 1
    rotated = orientation in _ROTATED
    upright = (stored[1], stored[0]) if rotated else stored
    final = fit(upright)
    shrink = final != upright
    if (im.format in ("PNG", "JPEG") and not shrink and orientation == 1
            and only_the_picture(data)):
        return Picture(digest, data, stored, stored)
    jpeg = im.format in ("JPEG", "MPO")
    target = (final[1], final[0]) if rotated else final
    if shrink:
        im.draft(im.mode, target)  # JPEG: decode at 1/2, 1/4 or 1/8 of the size
    im.load()
    picture = _shrink(_resamplable(im), target) if shrink else im
    if orientation != 1:
        picture = ImageOps.exif_transpose(picture)
    encoded = _encode(picture, jpeg, keep_tables=picture is im and im.format == "JPEG")
    return Picture(digest, encoded, picture.size, stored)


def _resamplable(im):
    """`im` in a mode Lanczos resampling works on (a palette or a colour key becomes alpha)."""
    if im.mode in ("P", "PA") or (im.mode in ("L", "RGB") and "transparency" in im.info):
        return im.convert("RGBA" if im.mode != "L" else "LA")
    if im.mode == "1":
        return im.convert("L")
    if im.mode not in ("L", "LA", "RGB", "RGBA", "I", "I;16", "CMYK"):
        return im.convert("RGBA" if "A" in im.getbands() else "RGB")
    return im


def _shrink(im, target: tuple[int, int]):
    """`im` resized to `target`: first shrunk by whole factors (a box filter, cheap) to no less
    than `target`, then resampled with Lanczos; colours weighted by alpha throughout, as Pillow
    does, without ever holding a second full-size copy."""
    from PIL import Image

    factor = (max(1, im.width // target[0]), max(1, im.height // target[1]))
    premultiplied = {"RGBA": "RGBa", "LA": "La"}.get(im.mode)
    if premultiplied is None:
        small = im.reduce(factor) if factor != (1, 1) else im
        return small.resize(target, Image.Resampling.LANCZOS)
    rows = max(1, BAND_BYTES // (im.width * 4 * factor[1])) * factor[1]
    small = Image.new(premultiplied, (-(-im.width // factor[0]), -(-im.height // factor[1])))
    for top in range(0, im.height, rows):
        band = im.crop((0, top, im.width, min(top + rows, im.height))).convert(premultiplied)
        small.paste(band.reduce(factor) if factor != (1, 1) else band, (0, top // factor[1]))
    return small.resize(target, Image.Resampling.LANCZOS).convert(im.mode)


def _encode(im, jpeg: bool, keep_tables: bool) -> bytes:
    """PNG or JPEG bytes of `im`'s pixels alone: only the ICC profile and transparency go on."""
    icc = im.info.get("icc_profile")
    transparency = im.info.get("transparency")
    im.info = {}  # Pillow would write a comment, XMP or EXIF found there back out
    out = io.BytesIO()
    options: dict = {"icc_profile": icc} if icc else {}
    if jpeg:
        if im.mode not in ("L", "RGB", "CMYK"):
            im = im.convert("RGB")
            keep_tables = False
        im.save(out, "JPEG", quality="keep" if keep_tables else JPEG_QUALITY, **options)
    else:
        if im.mode not in _PNG_MODES:
            im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
        elif transparency is not None:
            options["transparency"] = transparency
        im.save(out, "PNG", **options)
    return out.getvalue()


class _Lru:
    """A small thread-safe least-recently-used map, bounded by a weight per entry."""

    def __init__(self, budget: int, weigh=lambda _value: 1) -> None:
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._budget, self._weigh, self._weight = budget, weigh, 0

    def get(self, key, default=None):
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key, value) -> None:
        with self._lock:
            if key in self._items:
                self._weight -= self._weigh(self._items.pop(key))
            self._items[key] = value
            self._weight += self._weigh(value)
            while self._weight > self._budget and len(self._items) > 1:
                _key, old = self._items.popitem(last=False)
                self._weight -= self._weigh(old)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0


_UNKNOWN = object()
_CACHE = _Lru(CACHE_BYTES, lambda p: len(p.data) if p is not None else 1024)
"""digest -> Picture, or None for content that is not a usable picture."""
_DIGESTS = _Lru(1024)
"""(device, inode, size, mtime, ctime) -> digest: a file seen before is not read again. Like
`make` or `rsync`, this trusts the file system's times: a file rewritten in place to the same
size within one tick of its clock (a few ms) would be taken for the one seen before."""
_PREPARING = threading.Lock()


def clear_cache() -> None:
    """Forget every prepared picture (tests; an app that wants its memory back)."""
    _CACHE.clear()
    _DIGESTS.clear()


__all__ = ["DRAW_DPI", "MAX_DRAWN", "Picture", "clear_cache", "fit", "load_picture", "prepare"]
