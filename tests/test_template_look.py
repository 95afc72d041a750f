"""A corporate template is honoured in every output of one export: its layouts (found by
placeholder type), its colours (deck, slides PDF, handout and paper alike), and its fonts
(used, or named in one warning); with a theme, the template wins."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pypdf import PdfReader

from briefing.export.job import ExportJob, default_job, run_export
from briefing.format.themes import load_theme
from briefing.layout import layout_document
from briefing.render.pptx.template import open_presentation, pick_layouts

ROOT = Path(__file__).resolve().parent.parent
CORPORATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
THEME = "ppt/theme/theme1.xml"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TEAL = "0F6E6E"  # the sample template's accent 1
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def export_all(doc, tmp_path: Path, template: Path, **kw) -> tuple[dict[str, Path], list[str]]:
    job = default_job("brief", tmp_path)
    job.report = tmp_path / "brief-report.pdf"
    job.template = template
    for k, v in kw.items():
        setattr(job, k, v)
    warnings: list[str] = []
    run_export(doc, job, warn=warnings.append)
    return ({k: p for k, p in job.targets()}, warnings)


def with_fonts(tmp_path: Path, major: str, minor: str) -> Path:
    """The sample template with other theme fonts (heading `major`, body `minor`)."""
    out = tmp_path / "fonts.pptx"
    with zipfile.ZipFile(CORPORATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == THEME:
                root = etree.fromstring(data)
                for which, face in (("majorFont", major), ("minorFont", minor)):
                    root.find(f".//{A}fontScheme/{A}{which}/{A}latin").set("typeface", face)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    return out


def placeholder_types(layout_part_xml: bytes) -> set[str]:
    root = etree.fromstring(layout_part_xml)
    return {ph.get("type", "body") for ph in root.iter(f"{P}ph")} - {"dt", "ftr", "sldNum"}


def layout_types_of_slides(pptx: Path) -> list[set[str]]:
    """Per slide, the placeholder types of the layout it uses, read from the deck's XML."""
    prs = Presentation(str(pptx))
    return [placeholder_types(s.slide_layout.part.blob) for s in prs.slides]


def test_title_slide_uses_the_templates_cover_layout_found_by_placeholder_types(
        example_doc, tmp_path):
    outputs, _ = export_all(example_doc, tmp_path, CORPORATE)
    kinds = layout_types_of_slides(outputs["pptx"])
    assert kinds[0] == {"ctrTitle", "subTitle"}  # "NW Cover", third from nowhere in the list
    # "NW Heading only" for every other slide but the parts' headers, on "NW Divider"
    pages = layout_document(example_doc).pages
    assert kinds[1:] == [{"title", "body"} if p.kind == "section_header" else {"title"}
                         for p in pages[1:]]
    first = Presentation(str(outputs["pptx"])).slides[0]
    filled = {ph.placeholder_format.type: ph.text_frame.text for ph in first.placeholders}
    assert filled[PP_PLACEHOLDER.CENTER_TITLE] == example_doc.title
    assert example_doc.subtitle in filled[PP_PLACEHOLDER.SUBTITLE].replace("\u00a0", " ")


def test_layouts_are_chosen_by_placeholders_never_by_name_or_vertical_text():
    layouts = pick_layouts(open_presentation(CORPORATE))
    assert layouts.title_slide.name == "NW Cover"
    # title + one horizontal body; "Title and Vertical Text" has the same types, vertical
    assert layouts.section_header.name == "NW Divider"
    assert layouts.title_only.name == "NW Heading only"
    assert layouts.blank.name == "NW Empty"


def pdf_colours(path: Path) -> set[str]:
    """Every fill and stroke colour set in the PDF's page content, as RRGGBB."""
    found: set[str] = set()
    for page in PdfReader(str(path)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", content):
            found.add("".join(f"{round(float(c) * 255):02X}" for c in (r, g, b)))
    return found


def test_every_output_of_one_export_uses_the_templates_colours(example_doc, tmp_path):
    outputs, _ = export_all(example_doc, tmp_path, CORPORATE)
    prs = Presentation(str(outputs["pptx"]))
    chart = next(sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart)
    assert str(chart.plots[0].series[0].format.fill.fore_color.rgb) == TEAL
    default_accent = load_theme(None).accent
    for kind in ("pdf", "handout", "report"):
        colours = pdf_colours(outputs[kind])
        assert TEAL in colours, kind
        assert default_accent not in colours, kind  # no default blue left anywhere
    assert "FBFAF7" in pdf_colours(outputs["pdf"])  # the template's background on the slides
    assert "FBFAF7" not in pdf_colours(outputs["report"])  # paper is white: no cream panels


def test_pdfs_only_export_with_a_template_still_takes_its_colours(example_doc, tmp_path):
    job = ExportJob(pdf=tmp_path / "slides.pdf", template=CORPORATE)
    run_export(example_doc, job)
    assert TEAL in pdf_colours(job.pdf)


def test_a_high_contrast_theme_gives_way_to_the_template_with_a_warning(example_doc, tmp_path):
    doc = replace(example_doc, theme="high-contrast")
    outputs, warnings = export_all(doc, tmp_path, CORPORATE)
    assert any("'high-contrast' is not used with a template" in w for w in warnings)
    high = load_theme("high-contrast")
    for kind in ("pdf", "handout", "report"):
        colours = pdf_colours(outputs[kind])
        assert high.banner not in colours, kind  # no yellow banners on the cream deck
    prs = Presentation(str(outputs["pptx"]))
    xml = b"".join(s.part.blob for s in prs.slides)
    assert high.banner.encode() not in xml and TEAL.encode() in xml


def test_a_template_font_that_is_not_installed_is_named_once_with_its_stand_in(
        example_doc, tmp_path):
    template = with_fonts(tmp_path, "Northwind Display", "Northwind Display")
    outputs, warnings = export_all(example_doc, tmp_path, template)
    said = [w for w in warnings if "Northwind Display" in w]
    assert len(said) == 1  # heading and body font are one family: one warning
    assert "not installed" in said[0] and "Liberation Sans (Arial's metrics)" in said[0]
    assert "Arial" in said[0]
    prs = Presentation(str(outputs["pptx"]))
    xml = b"".join(s.part.blob for s in prs.slides)
    assert b"Northwind Display" not in xml  # the deck names the font it was measured for


def test_a_metric_compatible_template_font_needs_no_warning(example_doc, tmp_path):
    _, warnings = export_all(example_doc, tmp_path, CORPORATE)  # Arial
    assert warnings == []


def test_the_cli_prints_the_font_warning_on_stderr(tmp_path, example_path, capsys):
    from briefing.cli import main

    template = with_fonts(tmp_path, "Northwind Display", "Northwind Display")
    code = main(["export", str(example_path), "-o", str(tmp_path / "out"),
                 "--template", str(template)])
    err = capsys.readouterr().err
    assert code == 0
    assert err.count("Northwind Display") == 1 and "warning" in err

