"""The three PDFs of the example: slides, handouts and the briefing paper, read back with pypdf.

Given the built-in example, when each PDF is exported, then it has the right number of pages,
every section title and the chart's labels are text (so the chart is vector), every font is an
embedded TrueType, every page carries banner, footer and "n / N", the outline and metadata are
set, the bytes are the same twice, and qpdf finds nothing wrong.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import load_file
from briefing.layout import layout_document
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import PER_PAGE_CHOICES, write_handout_pdf, write_slides_pdf
from briefing.resources import example_path

BASE14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica",
          "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier",
          "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


def _render(writer, **kw) -> bytes:
    doc = load_file(example_path())
    out = io.BytesIO()
    writer(doc, out, **kw)
    return out.getvalue()


@pytest.fixture(scope="module")
def doc():
    return load_file(example_path())


@pytest.fixture(scope="module")
def deck(doc):
    return layout_document(doc)


@pytest.fixture(scope="module")
def slides() -> bytes:
    return _render(write_slides_pdf)


@pytest.fixture(scope="module")
def report() -> bytes:
    return _render(write_report_pdf)


@pytest.fixture(scope="module")
def handouts() -> dict[int, bytes]:
    return {n: _render(write_handout_pdf, per_page=n) for n in PER_PAGE_CHOICES}


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _all_text(data: bytes) -> str:
    return _flat(" ".join(p.extract_text() or "" for p in _reader(data).pages))


def _outline_titles(reader: PdfReader) -> list[str]:
    titles = []
    for item in reader.outline:
        if isinstance(item, list):
            titles += [i.title for i in item]
        else:
            titles.append(item.title)
    return titles


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts: dict[str, object] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def _every(kind: str, slides, report, handouts) -> list[tuple[str, bytes]]:
    return [("slides", slides), ("report", report)] + [
        (f"handout-{n}", data) for n, data in handouts.items()]


# --- page counts --------------------------------------------------------------------------------


def test_slides_pdf_has_one_page_per_deck_slide(slides, deck):
    assert len(_reader(slides).pages) == len(deck.pages) >= 12
    width, height = (float(v) for v in _reader(slides).pages[0].mediabox[2:])
    assert (width, height) == (deck.width, deck.height)  # landscape 16:9


@pytest.mark.parametrize("per_page", PER_PAGE_CHOICES)
def test_handout_pages_are_slides_divided_by_slides_per_page(handouts, deck, per_page):
    reader = _reader(handouts[per_page])
    assert len(reader.pages) == math.ceil(len(deck.pages) / per_page)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert height > width  # portrait sheets


def test_handout_on_letter_paper(doc):
    out = io.BytesIO()
    write_handout_pdf(doc, out, per_page=4, paper_size="letter")
    page = _reader(out.getvalue()).pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [612, 792]


def test_paper_on_letter_through_the_export_facade(tmp_path, doc):
    from briefing.export.job import ExportJob, run_export

    target = tmp_path / "paper.pdf"
    run_export(doc, ExportJob(report=target, paper_size="letter"))
    page = PdfReader(target).pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [612, 792]


def test_the_pptx_deck_has_as_many_slides_as_the_slides_pdf(doc, slides):
    pptx_export = pytest.importorskip("briefing.render.pptx.deck")
    from pptx import Presentation

    out = io.BytesIO()
    pptx_export.write_pptx(doc, out)
    assert len(Presentation(io.BytesIO(out.getvalue())).slides) == len(_reader(slides).pages)


# --- text: titles, chart labels ---------------------------------------------------------------


def test_every_section_title_is_text_in_slides_and_paper(doc, slides, report):
    for data in (slides, report):
        text = _all_text(data)
        for section in doc.included_sections:
            assert _flat(section.title) in text, section.title


def test_chart_labels_and_values_are_text_so_the_chart_is_vector(slides, report):
    for data in (slides, report):
        text = _all_text(data)
        for label in ("at least 9", "Killed", "Children among killed", "Injured", "people",
                      "Pakistan (Iranian strike, 16 Jan)", "not reported"):
            assert label in text, label


def test_handout_thumbnails_are_vector_too(handouts):
    text = _all_text(handouts[6])
    assert "at least 9" in text and "Bottom line up front" in text


def test_one_per_page_handout_prints_the_speaker_notes(handouts, deck):
    reader = _reader(handouts[1])
    chart_page = next(p for p in deck.pages if p.section_id == "casualties")
    text = _flat(reader.pages[chart_page.number - 1].extract_text())
    assert "Speaker notes" in text
    assert "shown as a gap, not zero" in text


def test_paper_has_cover_contents_timeline_table_and_numbered_endnotes(doc, report):
    text = _all_text(report)
    assert "As of 18 June 2025" in text and "Contents" in text
    assert "16 January 2024" in text and "Where / who" in text  # the dated timeline table
    assert "Moderate confidence" in text and "Low confidence" in text
    for source in doc.sources:
        assert _flat(source.title)[:40] in text
    assert re.search(r"\b8\. ", text)


# --- fonts --------------------------------------------------------------------------------------


def test_every_font_is_embedded_truetype_and_none_is_base14(slides, report, handouts):
    for name, data in _every("all", slides, report, handouts):
        fonts = _fonts(_reader(data))
        assert fonts, name
        for base, font in fonts.items():
            assert base.lstrip("/").split("+")[-1] not in BASE14, (name, base)
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, (name, base)


# --- furniture: banner, footer, page numbers ---------------------------------------------------


@pytest.mark.parametrize("which", ["report", "handout-6", "handout-3", "handout-1"])
def test_every_page_has_banner_top_and_bottom_title_and_n_of_total(which, report, handouts,
                                                                  doc):
    data = report if which == "report" else handouts[int(which.split("-")[1])]
    pages = _reader(data).pages
    for i, page in enumerate(pages, start=1):
        text = _flat(page.extract_text())
        assert text.count(doc.classification) >= 2, (which, i)
        assert f"{i} / {len(pages)}" in text, (which, i)
        assert doc.title in text and "18 June 2025" in text, (which, i)


def test_every_slide_shows_its_number_of_total(slides):
    pages = _reader(slides).pages
    for i, page in enumerate(pages, start=1):
        assert f"{i} / {len(pages)}" in _flat(page.extract_text())


def test_an_unclassified_document_has_no_banner(doc):
    import copy

    plain = copy.deepcopy(doc)
    plain.classification = None
    out = io.BytesIO()
    write_report_pdf(plain, out)
    assert "UNCLASSIFIED" not in _all_text(out.getvalue())


# --- outline, metadata, determinism --------------------------------------------------------------


def test_outline_has_an_entry_for_every_section(doc, slides, report, handouts):
    for data in (slides, report, handouts[6]):
        titles = " | ".join(_outline_titles(_reader(data)))
        for section in doc.included_sections:
            assert section.title in titles


def test_metadata_comes_from_the_document(doc, slides, report, handouts):
    for data in (slides, report, handouts[4]):
        meta = _reader(data).metadata
        assert meta.title == doc.title
        assert meta.author == doc.author
        assert meta.subject == doc.subtitle


def test_same_document_same_bytes(slides, report, handouts):
    assert _render(write_slides_pdf) == slides
    assert _render(write_report_pdf) == report
    assert _render(write_handout_pdf, per_page=3) == handouts[3]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_structural_error(tmp_path, slides, report, handouts):
    for name, data in _every("all", slides, report, handouts):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors" in result.stdout


# --- failures --------------------------------------------------------------------------------


def test_bad_handout_options_are_one_clear_message(doc):
    from briefing.errors import ExportError

    with pytest.raises(ExportError, match="choose one of 1, 2, 3, 4, 6"):
        write_handout_pdf(doc, io.BytesIO(), per_page=5)
    with pytest.raises(ExportError, match="a4, letter"):
        write_handout_pdf(doc, io.BytesIO(), paper_size="a3")


@pytest.mark.parametrize("module,kind", [("render.pdf.paper", "report"), ("render.pdf.slides", "pdf"),
                                         ("render.pdf.slides", "handout")])
def test_an_error_half_way_leaves_no_file_and_no_changed_file(tmp_path, monkeypatch, doc,
                                                              module, kind):
    import importlib

    from briefing.errors import ExportError
    from briefing.export.job import ExportJob, run_export

    target = tmp_path / "out.pdf"
    func = {"report": "write_report_pdf", "pdf": "write_slides_pdf",
            "handout": "write_handout_pdf"}[kind]
    mod = importlib.import_module(f"briefing.{module}")
    real = getattr(mod, func)

    def half_then_fail(d, stream, **kw):
        buf = io.BytesIO()
        real(d, buf, **kw)
        stream.write(buf.getvalue()[:5000])
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(mod, func, half_then_fail)
    with pytest.raises(ExportError, match="renderer crashed"):
        run_export(doc, ExportJob(**{kind: target}))
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"old file")
    with pytest.raises(ExportError, match="renderer crashed"):
        run_export(doc, ExportJob(**{kind: target}))
    assert target.read_bytes() == b"old file"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_a_missing_image_does_not_stop_the_paper(tmp_path, doc):
    import copy

    from briefing.model import document as m

    with_image = copy.deepcopy(doc)
    section = m.empty_section("image", "Map of the border", "map")
    section.image = m.Image(path="missing/map.png", caption="The border area")
    with_image.sections.append(section)
    out = io.BytesIO()
    write_report_pdf(with_image, out, base_dir=Path(tmp_path))
    text = _all_text(out.getvalue())
    assert "Map of the border" in text and "Image not available: missing/map.png" in text
