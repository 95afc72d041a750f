"""Pictures are decoded once, at the size they are drawn, and carry no metadata into any output
(issue 12, items 3 and 10).

A picture larger than any output draws reaches every output at most `MAX_DRAWN` pixels; one
prepared per content however many sections show it; a JPEG is decoded at a reduced size and a
picture with alpha is never copied whole; EXIF, text chunks, comments, XMP, private chunks and
bytes after the end of the image reach no output; an ordinary small picture goes into the deck
byte for byte.
"""

from __future__ import annotations

import functools
import io
import weakref
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin
from pypdf import PdfReader

import briefing.layout.pictures as images
from briefing import load_file
from briefing.export.job import ExportJob, run_export
from briefing.format.image_bytes import only_the_picture
from briefing.layout import ImageFrame, layout_document
from briefing.layout.pictures import MAX_DRAWN, fit, load_picture, prepare

MARKER = "QZMETAMARKER"


@pytest.fixture(autouse=True)
def fresh_cache():
    images.clear_cache()
    yield
    images.clear_cache()


def briefing(folder: Path, *pictures: str) -> Path:
    sections = "".join(f"  - kind: image\n    title: Picture {i}\n"
                       f"    image: {{path: {name}, caption: View {i}, alt: A view}}\n"
                       for i, name in enumerate(pictures, 1))
    path = folder / "pictures.yaml"
    path.write_text("format: briefing/1\ntitle: Pictures\nas_of: 2024-01-19\nsections:\n"
                    + sections, encoding="utf-8")
    return path


def export_all(path: Path) -> ExportJob:
    out = path.parent / "out"
    job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                    report=out / "r.pdf", base_dir=path.parent)
    run_export(load_file(path), job)
    return job


def deck_media(pptx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pptx) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("ppt/media/")}


def pdf_picture_sizes(pdf: Path) -> set[tuple[int, int]]:
    return {im.image.size for page in PdfReader(pdf).pages for im in page.images}


def every_byte(path: Path) -> bytes:
    """The file, every zip member, and every zlib stream in either, decompressed."""
    raw = path.read_bytes()
    parts = [raw]
    if raw[:2] == b"PK":
        with zipfile.ZipFile(path) as z:
            parts += [z.read(n) for n in z.namelist()]
    out = []
    for part in parts:
        out.append(part)
        start = 0
        while (i := part.find(b"stream", start)) != -1:
            start = i + 6
            try:
                out.append(zlib.decompressobj().decompress(part[start:].lstrip(b"\r\n")))
            except zlib.error:
                pass
    return b"".join(out)


# --- the size drawn ------------------------------------------------------------------------------

def test_the_bound_is_the_whole_slide_at_220_dpi():
    assert MAX_DRAWN == (2934, 1650)
    assert fit((9400, 9400)) == (1650, 1650)
    assert fit((3600, 400)) == (2934, 326)
    assert fit((100, 80)) == (100, 80)  # never enlarged
    assert fit((100_000, 1)) == (2934, 1)  # never 0


def test_a_picture_larger_than_any_output_draws_reaches_every_output_at_the_drawn_size(
        tmp_path):
    Image.linear_gradient("L").resize((3600, 400)).convert("RGB").save(tmp_path / "wide.png")
    Image.radial_gradient("L").resize((600, 2400)).convert("RGBA").save(tmp_path / "tall.png")
    job = export_all(briefing(tmp_path, "wide.png", "tall.png"))
    frames = [el for page in layout_document(load_file(tmp_path / "pictures.yaml"),
                                             base_dir=tmp_path).pages
              for el in page.elements if isinstance(el, ImageFrame)]
    assert [f.picture.size for f in frames] == [(2934, 326), (412, 1650)]
    assert [f.picture.source_size for f in frames] == [(3600, 400), (600, 2400)]
    drawn = {(2934, 326), (412, 1650)}
    assert {Image.open(io.BytesIO(b)).size for b in deck_media(job.pptx).values()} == drawn
    for pdf in (job.pdf, job.handout, job.report):
        assert pdf_picture_sizes(pdf) == drawn, pdf.name


def test_a_picture_shown_by_ten_sections_is_prepared_once_for_every_output(tmp_path,
                                                                         monkeypatch):
    Image.linear_gradient("L").resize((3600, 400)).save(tmp_path / "big.png")
    (tmp_path / "copy.png").write_bytes((tmp_path / "big.png").read_bytes())
    prepared = []
    real = images.prepare
    monkeypatch.setattr(images, "prepare", lambda *a: prepared.append(1) or real(*a))
    job = export_all(briefing(tmp_path, *["big.png"] * 9, "copy.png"))
    assert len(prepared) == 1  # the same bytes under another name are the same picture
    assert len(deck_media(job.pptx)) == 1


def test_a_big_jpeg_is_decoded_at_a_reduced_size(monkeypatch):
    """JPEG's `draft` decodes at 1/2, 1/4 or 1/8 of the size: nothing the resampling sees is
    twice the drawn size or more."""
    out = io.BytesIO()
    Image.radial_gradient("L").resize((8000, 1000)).convert("RGB").save(out, "JPEG")
    seen: list[tuple[int, int]] = []
    for name in ("reduce", "resize"):
        real = getattr(Image.Image, name)
        monkeypatch.setattr(Image.Image, name, lambda self, *a, _real=real, **k:
                            seen.append(self.size) or _real(self, *a, **k))
    picture = prepare(out.getvalue())
    assert picture.size == fit((8000, 1000)) == (2934, 367)
    assert seen and max(w for w, _h in seen) < 2 * 2934, seen


def test_a_picture_with_alpha_is_shrunk_without_a_second_full_size_copy(monkeypatch):
    """Pillow's own `resize` converts an RGBA picture whole to premultiplied alpha first (a
    second 353 MB for 9400 x 9400); it is converted band by band instead, to the same pixels."""
    im = Image.radial_gradient("L").resize((3000, 2000)).convert("RGBA")
    im.putalpha(Image.linear_gradient("L").resize((3000, 2000)))
    target = (900, 600)
    expected = im.convert("RGBa").reduce((3, 3)).resize(target, Image.Resampling.LANCZOS)
    converted: list[tuple[int, int]] = []
    real = Image.Image.convert
    monkeypatch.setattr(Image.Image, "convert", lambda self, *a, **k:
                        converted.append(self.size) or real(self, *a, **k))
    monkeypatch.setattr(images, "BAND_BYTES", 3000 * 4 * 300)
    shrunk = images._shrink(im, target)
    assert max(h for _w, h in converted if _w == 3000) <= 300, converted
    assert shrunk.tobytes() == expected.convert("RGBA").tobytes()


def test_a_photo_is_turned_upright_as_its_exif_says(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to show
    Image.new("RGB", (400, 200), "teal").save(tmp_path / "photo.jpg", exif=exif.tobytes())
    picture = load_picture(tmp_path / "photo.jpg")
    assert picture.size == (200, 400) and picture.source_size == (400, 200)
    (frame,) = [el for page in layout_document(load_file(briefing(tmp_path, "photo.jpg")),
                                               base_dir=tmp_path).pages
                for el in page.elements if isinstance(el, ImageFrame)]
    assert frame.box.w / frame.box.h == pytest.approx(0.5, rel=0.01)


def test_the_paper_holds_no_more_pictures_than_the_cache_keeps(tmp_path, monkeypatch):
    """A long paper draws its pictures page by page from the cache; it never holds them all."""
    names = []
    for i in range(6):
        Image.effect_noise((300, 200), 40 + i).save(tmp_path / f"p{i}.png")
        names.append(f"p{i}.png")
    path = briefing(tmp_path, *names)
    budget = len(load_picture(tmp_path / "p0.png").data) + 1  # room for one picture
    images.clear_cache()
    monkeypatch.setattr(images, "_CACHE", images._Lru(budget, lambda p: len(p.data) if p else 0))
    alive: list[weakref.ref] = []
    most = []
    real = images.prepare

    def watched(*args):
        most.append(sum(ref() is not None for ref in alive))
        picture = real(*args)
        alive.append(weakref.ref(picture))
        return picture

    monkeypatch.setattr(images, "prepare", watched)
    job = ExportJob(report=tmp_path / "r.pdf", base_dir=tmp_path)
    run_export(load_file(path), job)
    assert len(most) >= 6 and max(most) <= 3, most  # the cache's one, ReportLab's two readers


# --- metadata ------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _icc() -> bytes:
    """One sRGB profile for the whole run (a new one carries the time it was made)."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = f"{MARKER} description"  # ImageDescription
    exif[0x013B] = f"{MARKER} artist"  # Artist
    return exif.tobytes()


def _png_with_everything(path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{MARKER} text chunk")
    info.add_itxt("Author", f"{MARKER} international text")
    info.add(b"prIv", MARKER.encode())  # a private ancillary chunk, which Pillow skips
    Image.new("RGB", (120, 80), "navy").save(path, pnginfo=info, exif=_exif(), icc_profile=_icc())
    with path.open("ab") as f:
        f.write(f"{MARKER} after the end".encode())


def _jpeg_with_everything(path: Path) -> None:
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{MARKER} xmp</x:xmpmeta>'.encode()
    Image.new("RGB", (120, 80), "olive").save(path, exif=_exif(), comment=f"{MARKER} comment",
                                              xmp=xmp, icc_profile=_icc())


@pytest.mark.parametrize("make, name", [(_png_with_everything, "pic.png"),
                                        (_jpeg_with_everything, "pic.jpg")], ids=["png", "jpeg"])
def test_no_metadata_reaches_any_output_and_the_colour_profile_does(tmp_path, make, name):
    make(tmp_path / name)
    assert MARKER.encode() in (tmp_path / name).read_bytes()
    job = export_all(briefing(tmp_path, name))
    for output in (job.pptx, job.pdf, job.handout, job.report):
        assert MARKER.encode() not in every_byte(output), output.name
    (media,) = deck_media(job.pptx).values()
    assert only_the_picture(media)
    with Image.open(io.BytesIO(media)) as im:
        assert im.info.get("icc_profile") == _icc()
        assert im.size == (120, 80)


def test_an_ordinary_picture_goes_into_the_deck_byte_for_byte(tmp_path):
    Image.linear_gradient("L").resize((300, 200)).convert("RGB").save(tmp_path / "a.jpg")
    Image.radial_gradient("L").resize((300, 200)).convert("RGBA").save(tmp_path / "b.png")
    Image.radial_gradient("L").resize((300, 200)).convert("P").save(tmp_path / "c.png")
    job = export_all(briefing(tmp_path, "a.jpg", "b.png", "c.png"))
    media = sorted(deck_media(job.pptx).values(), key=len)
    files = sorted((tmp_path / n).read_bytes() for n in ("a.jpg", "b.png", "c.png"))
    assert sorted(media) == sorted(files)


def test_a_jpeg_only_stripped_keeps_its_own_quantisation(tmp_path):
    Image.radial_gradient("L").resize((300, 200)).convert("RGB").save(
        tmp_path / "p.jpg", quality=60, exif=_exif())
    picture = load_picture(tmp_path / "p.jpg")
    with Image.open(tmp_path / "p.jpg") as before, Image.open(picture.stream()) as after:
        assert after.quantization == before.quantization


def test_exports_with_pictures_are_deterministic(tmp_path):
    _png_with_everything(tmp_path / "a.png")
    Image.radial_gradient("L").resize((4000, 300)).convert("RGBA").save(tmp_path / "b.png")
    path = briefing(tmp_path, "a.png", "b.png")
    job = export_all(path)
    first = {p: p.read_bytes() for _k, p in job.targets()}
    images.clear_cache()
    job = export_all(path)
    assert {p: p.read_bytes() for _k, p in job.targets()} == first


def _formats() -> dict[str, tuple[Image.Image, str, dict]]:
    gray = Image.radial_gradient("L")
    rgb = gray.convert("RGB")
    return {
        "gif": (gray.convert("P"), "GIF", {"comment": b"a comment"}),
        "bmp": (rgb, "BMP", {}),
        "tiff-16-bit": (gray.convert("I;16"), "TIFF", {}),
        "tiff-cmyk": (rgb.convert("CMYK"), "TIFF", {}),
        "jpeg-cmyk": (rgb.convert("CMYK"), "JPEG", {"comment": "a comment"}),
        "mpo": (rgb, "MPO", {"save_all": True, "append_images": [rgb]}),
        "png-16-bit": (gray.convert("I;16"), "PNG", {"exif": _exif()}),
        "png-palette-transparency": (gray.convert("P"), "PNG", {"transparency": 0,
                                                                 "exif": _exif()}),
        "png-gray-transparency": (gray, "PNG", {"transparency": 0, "exif": _exif()}),
        "png-bilevel": (gray.convert("1"), "PNG", {"exif": _exif()}),
    }


@pytest.mark.parametrize("size", [(120, 80), (3600, 400)], ids=["small", "large"])
@pytest.mark.parametrize("name", list(_formats()))
def test_every_format_the_reader_accepts_becomes_a_bare_png_or_jpeg(name, size):
    im, fmt, options = _formats()[name]
    out = io.BytesIO()
    im.resize(size).save(out, fmt, **options)
    picture = prepare(out.getvalue())
    assert picture is not None and only_the_picture(picture.data)
    assert picture.size == fit(size)
    with Image.open(picture.stream()) as back:
        assert back.format == ("JPEG" if fmt in ("JPEG", "MPO") else "PNG")
        assert back.size == fit(size)


# --- what counts as nothing but the picture -------------------------------------------------------

def _saved(im: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **options)
    return out.getvalue()


PICTURE = Image.radial_gradient("L").resize((64, 48)).convert("RGB")


@pytest.mark.parametrize("data, bare", [
    (_saved(PICTURE, "PNG"), True),
    (_saved(PICTURE.convert("P"), "PNG", transparency=0), True),
    (_saved(PICTURE, "PNG", icc_profile=_icc(), dpi=(300, 300)), True),
    (_saved(PICTURE, "JPEG"), True),
    (_saved(PICTURE, "JPEG", progressive=True, icc_profile=_icc()), True),
    (_saved(PICTURE, "JPEG", exif=_exif()), False),
    (_saved(PICTURE, "JPEG", comment="a comment"), False),
    (_saved(PICTURE, "PNG", exif=_exif()), False),
    (_saved(PICTURE, "PNG") + b"trailing", False),
    (_saved(PICTURE, "JPEG") + b"trailing", False),
    (_saved(PICTURE, "PNG")[:-20], False),
    (_saved(PICTURE, "JPEG")[:-20], False),
    (_saved(PICTURE, "GIF"), False),
    (b"", False),
], ids=["png", "png-palette-transparency", "png-icc-dpi", "jpeg", "jpeg-progressive-icc",
        "jpeg-exif", "jpeg-comment", "png-exif", "png-trailing", "jpeg-trailing", "png-cut",
        "jpeg-cut", "gif", "empty"])
def test_only_the_picture(data, bare):
    assert only_the_picture(data) is bare


def test_a_jfif_thumbnail_is_not_the_picture():
    data = bytearray(_saved(PICTURE, "JPEG"))
    assert data[6:11] == b"JFIF\x00"
    # the same JFIF header, now announcing a 1 x 1 thumbnail (3 bytes) after it
    header = bytes(data[4:20])
    segment = b"\xff\xe0" + (16 + 3).to_bytes(2, "big") + header[2:14] + b"\x01\x01" + b"\0\0\0"
    assert not only_the_picture(bytes(data[:2]) + segment + bytes(data[20:]))


# --- the issue's case, as a user runs it ----------------------------------------------------------

@pytest.mark.timeout(300)  # generous: about 15 s on a quiet 2-core machine (docs/reliability.md)
def test_ten_sections_showing_a_9400_pixel_rgba_png_export_in_under_500_mb(tmp_path):
    """A 9400 x 9400 RGBA PNG (just inside Pillow's pixel limit) that ten sections show, to
    every output, in a child process whose own peak memory is measured (before: 8.2 GB)."""
    from hostile_corpus import run_cli
    from test_hostile import MEMORY_LIMIT_MB

    # one colour: as costly to decode as a photograph, and quick to make
    Image.new("RGBA", (9400, 9400), (0, 128, 128, 200)).save(tmp_path / "big.png",
                                                             compress_level=1)
    path = briefing(tmp_path, *["big.png"] * 10)
    run = run_cli(["export", str(path), "-o", str(tmp_path / "out"), "--report"], timeout=280)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert run.peak_mb is not None and run.peak_mb < MEMORY_LIMIT_MB, run
    out = tmp_path / "out"
    (media,) = deck_media(out / "pictures.pptx").values()
    assert Image.open(io.BytesIO(media)).size == (1650, 1650)
    assert pdf_picture_sizes(out / "pictures-report.pdf") == {(1650, 1650)}
