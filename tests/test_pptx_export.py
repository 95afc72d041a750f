"""The PowerPoint export, checked by re-opening the file with python-pptx (and LibreOffice)."""

from __future__ import annotations

import copy
import getpass
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_FILL
from pptx.oxml.ns import qn
from test_pptx_support import overflowing_text_boxes

from briefing import ExportError, load_file
from briefing.model.document import Image, Section
from briefing.render.pptx.deck import write_pptx
from tests.conftest import example_slides

ROOT = Path(__file__).resolve().parent.parent
STRESS = Path(__file__).parent / "data" / "stress.yaml"
CORPORATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"


def export(doc, **kw) -> bytes:
    buf = io.BytesIO()
    write_pptx(doc, buf, **kw)
    return buf.getvalue()


def title_of(slide) -> str:
    # a no-break space (kept together: a date, a citation) reads as a space
    return (slide.shapes.title.text_frame.text.replace("\xa0", " ")
            if slide.shapes.title is not None else "")


def by_title(prs, title):
    return next(s for s in prs.slides if title_of(s) == title)


def texts(slide) -> list[str]:
    return [sh.text_frame.text.replace("\xa0", " ") for sh in slide.shapes if sh.has_text_frame]


@pytest.fixture(scope="module")
def example_bytes():
    from briefing.resources import example_path

    return export(load_file(example_path()))


@pytest.fixture(scope="module")
def deck(example_bytes):
    return Presentation(io.BytesIO(example_bytes))


@pytest.fixture(scope="module")
def stress_deck():
    return Presentation(io.BytesIO(export(load_file(STRESS))))


def test_example_has_title_agenda_section_and_sources_slides(deck, example_doc):
    from briefing.model.groups import included_groups

    titles = [title_of(s) for s in deck.slides]
    # each part's header slide, then its sections' slides
    sections = [t for g in included_groups(example_doc)
                for t in ([g.title] if g.title else []) + [s.title for s in g.sections]]
    assert len(deck.slides) == example_slides() == 21
    assert titles == [example_doc.title, "Agenda", *sections, "Sources"]
    assert deck.slide_width == 12192000 and deck.slide_height == 6858000  # 16:9


def test_casualty_chart_is_a_native_column_chart_with_gaps_and_qualified_labels(deck):
    slide = by_title(deck, "Reported casualties by side")
    (frame,) = [sh for sh in slide.shapes if sh.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    pakistan, iran = chart.plots[0].series
    assert pakistan.values == (2.0, 2.0, 3.0)
    # unknown stays an empty cell in the data sheet, never zero; the chart's cache holds an
    # unfilled point at zero only to carry the "not reported" label, as the PDFs write it
    with zipfile.ZipFile(io.BytesIO(frame.chart.part.chart_workbook.xlsx_part.blob)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<c r="C2"[^>]*><v>9</v>', sheet) and re.search(r'<c r="C4"[^>]*/>', sheet)
    assert iran.values == (9.0, 4.0, 0.0)
    assert iran.points[2].format.fill.type == MSO_FILL.BACKGROUND
    xml = chart._chartSpace
    assert xml.find(qn("c:chart")).find(qn("c:dispBlanksAs")).get("val") == "gap"
    labels = [t.text for t in iran._element.iter(qn("a:t"))]
    assert labels == ["at least 9", "not reported"]
    assert chart.has_legend
    assert chart.value_axis.axis_title.text_frame.text == "people"
    # the data sheet holds the numbers, so the chart stays editable
    assert frame.chart.part.chart_workbook.xlsx_part is not None


def test_every_slide_has_top_and_bottom_banners_with_its_marking(deck):
    for n, slide in enumerate(deck.slides, start=1):
        banners = {sh.name: sh for sh in slide.shapes if sh.name.startswith("Classification")}
        top = banners["Classification banner (top)"]
        bottom = banners["Classification banner (bottom)"]
        assert top.top == 0 and bottom.top + bottom.height == deck.slide_height, n
        assert top.text_frame.text == bottom.text_frame.text
        assert top.text_frame.text.startswith("UNCLASSIFIED // EXAMPLE \u2014 "), n
    assert banner_text(by_title(deck, "Positions at a glance")).endswith("\u2014 INTERNAL")
    assert banner_text(by_title(deck, "Human cost")).endswith("\u2014 PUBLIC")


def banner_text(slide) -> str:
    return next(sh.text_frame.text for sh in slide.shapes
                if sh.name == "Classification banner (top)")


def test_section_notes_become_speaker_notes(deck, example_doc):
    for section in example_doc.included_sections:
        slide = by_title(deck, section.title)
        assert slide.notes_slide.notes_text_frame.text == section.notes.strip()


def test_footnote_markers_match_the_numbered_sources_slide(deck, example_doc):
    sources = by_title(deck, "Sources")
    (body,) = [sh for sh in sources.shapes if sh.name == "Text"]
    entries = [p.text for p in body.text_frame.paragraphs]
    numbers = [int(n) for n in body._element.xpath(".//a:buAutoNum/@startAt")]
    assert numbers == list(range(1, 9))  # each entry numbered in its own paragraph
    assert len(entries) == 8
    assert entries[0].startswith("Regional Tensions Explode")
    cited = set()
    for slide in deck.slides:
        if slide is not sources:
            for t in texts(slide):
                cited |= {int(n) for n in re.findall(r"\[(\d+)\]", t)}
    assert cited == set(range(1, 9))
    bluf = by_title(deck, "Bottom line up front")
    assert "Sources: [1] [2] [3] [4]" in texts(bluf)


def test_judgments_show_confidence_in_words_on_a_coloured_tag(deck):
    slide = by_title(deck, "Key judgments")
    tags = [sh for sh in slide.shapes if sh.name == "Tag"]
    assert [t.text_frame.text for t in tags] == ["MODERATE CONFIDENCE"] * 3 + ["LOW CONFIDENCE"] * 2
    colours = {str(t.fill.fore_color.rgb) for t in tags}
    assert len(colours) == 2


def test_caveats_are_visible_tags(deck, example_doc):
    for section in example_doc.included_sections:
        slide = by_title(deck, section.title)
        caveats = [t for t in texts(slide) if t.startswith("CAVEAT")]
        assert caveats == ([f"CAVEAT  {section.caveat}"] if section.caveat else [])


def test_every_shape_lies_inside_the_slide(deck, stress_deck):
    for prs in (deck, stress_deck):
        for n, slide in enumerate(prs.slides, start=1):
            for sh in slide.shapes:
                assert sh.left >= 0 and sh.top >= 0, (n, sh.name)
                assert sh.left + sh.width <= prs.slide_width, (n, sh.name)
                assert sh.top + sh.height <= prs.slide_height, (n, sh.name)


def test_text_boxes_are_fixed_size_wrapped_and_fit_their_text(deck):
    for slide in deck.slides:
        for sh in slide.shapes:
            if sh.has_text_frame and sh.text_frame.text:
                body_pr = sh.text_frame._txBody.find(qn("a:bodyPr"))
                assert body_pr.get("wrap") == "square"
                assert body_pr.find(qn("a:noAutofit")) is not None
    assert overflowing_text_boxes(deck) == []


def test_stress_document_continues_on_cont_slides_and_nothing_overflows(stress_deck):
    titles = [title_of(s) for s in stress_deck.slides]
    for name in ("A four-thousand-word text section", "Sixty-row table",
                 "Forty-event timeline", "Chart with thirty categories"):
        assert titles.count(name) == 1
        assert titles.count(f"{name} (cont.)") >= 1
    assert overflowing_text_boxes(stress_deck) == []
    tables = [sh.table for s in stress_deck.slides if title_of(s).startswith("Sixty-row")
              for sh in s.shapes if sh.has_table]
    assert all(t.cell(0, 0).text == "Name" for t in tables)  # header repeated
    assert sum(len(t.rows) - 1 for t in tables) == 60


def test_the_measure_check_catches_a_box_too_small(deck):
    """The overflow check must be able to fail: shrink one box and it is reported."""
    prs = Presentation(io.BytesIO(_bytes_of(deck)))
    body = next(sh for sh in by_title(prs, "Human cost").shapes if sh.name == "Text")
    body.height = body.height // 3
    assert len(overflowing_text_boxes(prs)) == 1


def _bytes_of(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def test_same_briefing_gives_byte_identical_files(example_bytes, example_doc):
    assert export(example_doc) == example_bytes


def test_properties_come_from_the_document_never_the_machine(deck, example_bytes, example_doc):
    day = example_doc.as_of  # the document's as-of date, never the machine's clock
    cp = deck.core_properties
    assert cp.title == "Iran-Pakistan cross-border strikes"
    assert cp.subject.startswith("Balochistan and Sistan-Baluchestan")
    assert cp.author == "Briefing Desk example - South Asia desk"
    assert cp.last_modified_by == ""
    assert cp.created.date() == day == cp.modified.date()
    with zipfile.ZipFile(io.BytesIO(example_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}
        blob = b"".join(z.read(n) for n in z.namelist())
    for leak in {getpass.getuser(), str(Path.home()), str(ROOT)} - {""}:
        assert leak.encode() not in blob


def test_pictures_keep_their_aspect_ratio_and_carry_alt_text(tmp_path, example_doc):
    from PIL import Image as PILImage

    PILImage.new("RGB", (400, 100), "teal").save(tmp_path / "map.png")
    doc = copy.deepcopy(example_doc)
    doc.sections.append(Section(kind="image", title="Area map", id="map",
                                image=Image(path="map.png", caption="The border area",
                                            credit="Desk", alt="Map of the border area")))
    prs = Presentation(io.BytesIO(export(doc, base_dir=tmp_path)))
    slide = by_title(prs, "Area map")
    (pic,) = [sh for sh in slide.shapes if sh.shape_type == 13]  # PICTURE
    assert pic._element.nvPicPr.cNvPr.get("descr") == "Map of the border area"
    assert pic.width / pic.height == pytest.approx(4.0, rel=0.01)
    assert "The border area\nCredit: Desk" in texts(slide)


def test_a_missing_picture_is_one_clear_error(example_doc, tmp_path):
    doc = copy.deepcopy(example_doc)
    doc.sections.append(Section(kind="image", title="Map", id="map", image=Image(path="no.png")))
    with pytest.raises(ExportError, match=r"section 'map': image file not found.*no\.png"):
        export(doc, base_dir=tmp_path)


def test_high_contrast_theme_paints_slides_black(example_doc):
    doc = copy.deepcopy(example_doc)
    doc.theme = "high-contrast"
    prs = Presentation(io.BytesIO(export(doc)))
    assert all(str(s.background.fill.fore_color.rgb) == "000000" for s in prs.slides)
    assert overflowing_text_boxes(prs) == []


def test_corporate_template_layouts_are_picked_by_placeholder_type(example_doc):
    template = Presentation(str(CORPORATE))
    names = [lo.name for lo in template.slide_layouts]
    assert names.index("NW Heading only") != 5  # the usual Title Only index holds another
    prs = Presentation(io.BytesIO(export(example_doc, template=CORPORATE)))
    assert len(prs.slides) == example_slides()  # the template's own sample slide is gone
    assert prs.slides[0].slide_layout.name == "NW Cover"  # title and subtitle placeholders
    # the parts' header slides on the template's section header, the others on title only
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"NW Heading only",
                                                                    "NW Divider"}
    assert "Template sample slide" not in " ".join(title_of(s) for s in prs.slides)
    chart = next(sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart)
    fill = chart.plots[0].series[0].format.fill.fore_color.rgb
    assert str(fill) == "0F6E6E"  # the template's accent 1
    assert prs.core_properties.author == example_doc.author  # not the template's author
    assert overflowing_text_boxes(prs) == []


def test_a_bad_template_is_one_clear_error(example_doc, tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_text("not a presentation")
    with pytest.raises(ExportError, match="bad.pptx"):
        export(example_doc, template=bad)
    with pytest.raises(ExportError, match="template not found"):
        export(example_doc, template=tmp_path / "missing.pptx")


def test_libreoffice_converts_the_example_with_one_page_per_slide(example_bytes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; cannot check the conversion")
    from pypdf import PdfReader

    src = tmp_path / "example.pptx"
    src.write_bytes(example_bytes)
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs do not collide
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    assert len(PdfReader(tmp_path / "example.pdf").pages) == example_slides()


@pytest.mark.parametrize("chart_type, expected", [
    ("bar", XL_CHART_TYPE.BAR_CLUSTERED), ("stacked-column", XL_CHART_TYPE.COLUMN_STACKED),
    ("stacked-bar", XL_CHART_TYPE.BAR_STACKED), ("line", XL_CHART_TYPE.LINE_MARKERS),
    ("pie", XL_CHART_TYPE.PIE)])
def test_every_chart_type_is_native(example_doc, chart_type, expected):
    doc = copy.deepcopy(example_doc)
    doc.sections = [copy.deepcopy(doc.section_by_id("casualties"))]
    doc.sections[0].chart.type = chart_type
    prs = Presentation(io.BytesIO(export(doc)))
    (chart,) = [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]
    assert chart.chart_type == expected
    assert chart.plots[0].series[0].values == (2.0, 2.0, 3.0)


def test_empty_sections_of_every_kind_export_with_a_note_instead_of_a_blank(example_doc):
    from briefing.model.document import SECTION_KINDS, empty_section

    doc = copy.deepcopy(example_doc)
    doc.sections = [empty_section(k, f"Empty {k}", f"e-{k}") for k in SECTION_KINDS
                    if k != "image"]
    prs = Presentation(io.BytesIO(export(doc)))
    slides = {title_of(s): s for s in prs.slides}
    assert "No text yet." in texts(slides["Empty summary"])
    assert "No judgments yet." in texts(slides["Empty judgments"])
    assert "No quotation yet." in texts(slides["Empty quote"])
    assert overflowing_text_boxes(prs) == []


def test_every_slide_says_its_number_and_the_decks_length_as_the_pdfs_do(deck, tmp_path,
                                                                         example_doc):
    """"6 / 21" on every slide of every output: the number a field PowerPoint keeps current,
    the length as the layout counted it (the PDFs said "6 / 21" while the deck said "6")."""
    from pypdf import PdfReader

    from briefing.render.pdf.slides import write_slides_pdf

    total = len(deck.slides)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for n, slide in enumerate(deck.slides, start=1):
        para = next(p for shape in slide.shapes for p in shape._element.iter(f"{a}p")
                    if p.find(f"{a}fld") is not None)
        field = para.find(f"{a}fld")
        assert field.get("type") == "slidenum" and field.findtext(f"{a}t") == str(n)
        assert "".join(t.text for t in para.iter(f"{a}t")) == f"{n} / {total}"
    with open(tmp_path / "slides.pdf", "wb") as out:
        write_slides_pdf(example_doc, out)
    pages = PdfReader(tmp_path / "slides.pdf").pages
    assert len(pages) == total
    for n, page in enumerate(pages, start=1):
        assert f"{n} / {total}" in " ".join(page.extract_text().split())
