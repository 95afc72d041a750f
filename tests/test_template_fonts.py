"""A corporate template's body font, where this machine has it and a PDF may embed it, is the
main font of the export: the layout measures with it, every PDF embeds it, the deck names it.
Where it is missing or cannot be used, one warning names it and what stands in (Liberation
Sans, Arial's metrics). A font file is a stranger's data: a broken, oversized or restricted one
is a warning, never a traceback. Two exports in one process never share their measurements."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation
from pypdf import PdfReader
from test_layout import STRESS, _assert_nothing_overflows
from test_pptx_support import overflowing_text_boxes
from test_template_look import export_all, with_fonts

from briefing import load_file
from briefing.export.job import default_job, run_export
from briefing.layout import layout_document
from briefing.render.pptx.template import open_presentation, template_look
from briefing.text import mainfont
from briefing.text import metrics as tm
from briefing.text.faces import LIBERATION, face_file, main_faces, using_main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"
#: installed non-Arial families, clearly wider than Arial; the first this machine has is used
CANDIDATES = ("DejaVu Serif", "Liberation Serif", "Noto Serif")


def _installed() -> mainfont.MainFont | None:
    for family in CANDIDATES:
        found = mainfont.find_main_font(family)
        if found.font is not None and not found.warnings:
            return found.font
    return None


SERIF = _installed()
needs_serif = pytest.mark.skipif(SERIF is None, reason=f"none of {CANDIDATES} is installed")


def _postscript(face: str) -> str:
    with TTFont(str(face_file(face).path), lazy=True) as font:
        return str(font["name"].getDebugName(6))


def _pdf_fonts(path: Path) -> set[str]:
    """The base names (subset prefix removed) of every font a PDF's pages use."""
    names: set[str] = set()
    for page in PdfReader(str(path)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1].lstrip("/"))
    return names


def _deck_typefaces(path: Path) -> set[str]:
    prs = Presentation(str(path))
    xml = b"".join(slide.part.blob for slide in prs.slides).decode()
    return set(re.findall(r'<a:latin typeface="([^"]*)"', xml))


def _sha(paths) -> dict[str, str]:
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def serif_template(tmp_path_factory) -> Path:
    assert SERIF is not None
    return with_fonts(tmp_path_factory.mktemp("serif"), SERIF.family, SERIF.family)


@pytest.fixture(scope="module")
def serif_export(serif_template, tmp_path_factory):
    return export_all(load_file(EXAMPLE), tmp_path_factory.mktemp("out"), serif_template)


@needs_serif
def test_the_deck_names_the_template_font_in_every_run(serif_export):
    outputs, warnings = serif_export
    assert warnings == []
    assert _deck_typefaces(outputs["pptx"]) == {SERIF.family}


@needs_serif
def test_every_pdf_embeds_the_template_font_and_not_liberation_sans(serif_export):
    outputs, _warnings = serif_export
    regular = _postscript(SERIF.faces.regular)
    for kind in ("pdf", "handout", "report"):
        fonts = _pdf_fonts(outputs[kind])
        assert regular in fonts, (kind, fonts)
        assert not any(name.startswith("LiberationSans") for name in fonts), (kind, fonts)


@needs_serif
def test_the_layout_breaks_lines_by_the_template_fonts_metrics(example_doc, serif_template):
    text = ("Pakistan answered with drone and rocket strikes on a border village in Iran's "
            "Sistan-Baluchestan province, and both sides said they had hit militants only.")
    widths = range(300, 520, 40)
    liberation = [len(tm.wrap_text(text, w, 18)) for w in widths]
    with using_main(SERIF.faces):
        serif = [len(tm.wrap_text(text, w, 18)) for w in widths]
    assert serif != liberation  # DejaVu Serif: 6, 5, 5, 4, 4, 3 lines; Liberation: 5, 4, 4, 4, 3, 3
    # outside the block: Liberation Sans again
    assert [len(tm.wrap_text(text, w, 18)) for w in widths] == liberation

    look = template_look(open_presentation(serif_template), None, serif_template.name)
    assert look.main_font == SERIF and look.theme.font == SERIF.family
    default = layout_document(example_doc, look.theme)
    with using_main(look.main_font.faces):
        templated = layout_document(example_doc, look.theme)

    def text_geometry(deck) -> list:
        """Each text block's box and sizes: what the layout decided by measuring."""
        return [(el.box, [p.size for p in el.paragraphs]) for page in deck.pages
                for el in page.elements if hasattr(el, "paragraphs")]

    assert text_geometry(templated) != text_geometry(default)


@needs_serif
def test_nothing_overflows_in_the_template_font(serif_export, serif_template, example_doc):
    outputs, _warnings = serif_export
    look = template_look(open_presentation(serif_template), None, serif_template.name)
    with using_main(look.main_font.faces):
        assert overflowing_text_boxes(Presentation(str(outputs["pptx"]))) == []
        _assert_nothing_overflows(layout_document(example_doc, look.theme))
        _assert_nothing_overflows(layout_document(load_file(STRESS), look.theme))


@needs_serif
def test_a_default_export_after_a_template_one_equals_a_fresh_processs(
        serif_export, example_doc, tmp_path):
    outputs, _warnings = serif_export
    assert _postscript(SERIF.faces.regular) in _pdf_fonts(outputs["pdf"])  # it did use it
    job = default_job("iran-pakistan-2024", tmp_path / "here")
    job.report = tmp_path / "here" / "iran-pakistan-2024-report.pdf"
    run_export(example_doc, job)
    assert main_faces() == LIBERATION
    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "briefing", "export", str(EXAMPLE),
                    "-o", str(fresh), "--report"], cwd=ROOT, check=True, capture_output=True)
    here = _sha(p for _k, p in job.targets())
    assert here == _sha(sorted(fresh.iterdir())) and len(here) == 4


@needs_serif
def test_a_heading_font_other_than_the_body_font_is_named_once(example_doc, tmp_path):
    template = with_fonts(tmp_path, "Northwind Display", SERIF.family)
    outputs, warnings = export_all(example_doc, tmp_path, template)
    said = [w for w in warnings if "Northwind Display" in w]
    assert len(said) == 1 and "heading font" in said[0] and SERIF.family in said[0]
    assert _deck_typefaces(outputs["pptx"]) == {SERIF.family}


# ---- fonts that cannot be used: one warning, Liberation Sans, exit 0 -----------------------


@pytest.fixture
def fresh_lookups():
    """Each test asks fontconfig (or its stand-in) again."""
    mainfont._find.cache_clear()
    yield
    mainfont._find.cache_clear()


def _answer(monkeypatch, regular: Path, **styles: Path | None) -> None:
    """fontconfig's answer for any family: `regular` and the other styles given."""
    files = {"regular": regular, "bold": regular, "italic": regular, "bold italic": regular}
    files.update({k.replace("_", " "): v for k, v in styles.items()})
    monkeypatch.setattr(mainfont, "_style_files", lambda family: {
        k: (mainfont._File(v, 0) if v is not None else None) for k, v in files.items()})


def _export_cli(tmp_path: Path, family: str, capsys) -> tuple[int, str, Path]:
    from briefing.cli import main

    template = with_fonts(tmp_path, family, family)
    out = tmp_path / "out"
    code = main(["export", str(EXAMPLE), "-o", str(out), "--template", str(template)])
    return code, capsys.readouterr().err, out / "iran-pakistan-2024.pdf"


def _serif_file() -> Path:
    if SERIF is None:
        pytest.skip("no installed serif font to cut")
    return face_file(SERIF.faces.regular).path


def test_a_truncated_font_file_is_one_warning_and_liberation_sans(
        tmp_path, monkeypatch, capsys, fresh_lookups):
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(_serif_file().read_bytes()[:20_000])
    _answer(monkeypatch, broken)
    code, err, pdf = _export_cli(tmp_path, "Broken Serif", capsys)
    assert code == 0
    assert err.count("Broken Serif") == 1 and "Traceback" not in err
    assert "cannot be used" in err and "Liberation Sans (Arial's metrics)" in err
    assert any(name.startswith("LiberationSans") for name in _pdf_fonts(pdf))


def test_a_font_file_above_the_size_limit_is_not_read(monkeypatch):
    monkeypatch.setattr(mainfont, "MAX_FONT_BYTES", 1000)
    problem = mainfont.font_problem(_serif_file())
    assert problem is not None and "MB" in problem and "more than" in problem


def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path, monkeypatch, capsys,
                                                           fresh_lookups):
    restricted = tmp_path / "Restricted.ttf"
    with TTFont(str(_serif_file())) as font:
        font["OS/2"].fsType = 0x0002
        font.save(str(restricted))
    assert "licence" in mainfont.font_problem(restricted)
    _answer(monkeypatch, restricted)
    code, err, pdf = _export_cli(tmp_path, "Restricted Serif", capsys)
    assert code == 0 and err.count("Restricted Serif") == 1 and "licence" in err
    assert any(name.startswith("LiberationSans") for name in _pdf_fonts(pdf))


def test_a_font_with_postscript_outlines_is_refused():
    found = mainfont.find_main_font("Noto Sans CJK JP")
    if found.font is None and "not installed" in found.warnings[0]:
        pytest.skip("Noto Sans CJK (PostScript outlines) is not installed")
    assert found.font is None and "PostScript (CFF) outlines" in found.warnings[0]


def test_a_missing_style_is_stood_in_for_by_the_regular_and_said(monkeypatch, fresh_lookups):
    _answer(monkeypatch, _serif_file(), bold=None, bold_italic=None)
    found = mainfont.find_main_font("Lonely Serif")
    assert found.font is not None
    assert found.font.faces.bold == found.font.faces.regular
    assert found.font.faces.bold_italic == found.font.faces.italic
    assert len(found.warnings) == 1 and "bold" in found.warnings[0]
    assert "regular style stands in" in found.warnings[0]


def test_without_machine_fonts_a_template_font_is_not_installed(monkeypatch, fresh_lookups):
    monkeypatch.setenv("BRIEFING_SYSTEM_FONTS", "0")
    found = mainfont.find_main_font(CANDIDATES[0])
    assert found.font is None and "not installed" in found.warnings[0]
    assert "Liberation Sans (Arial's metrics)" in found.warnings[0]


@needs_serif
@pytest.mark.parametrize("width", [460.0 / 0.65, 523.0 / 0.65, 888.0])
def test_key_figures_in_a_wider_font_cut_no_word_between_letters(example_doc, width):
    """A band holds fewer figures, or smaller labels, rather than cut "Balochistan," into
    "Balochista" and "n," (the paper's band, in DejaVu Serif, did)."""
    from briefing.layout import keyfigures as kf

    section = next(s for s in example_doc.sections if s.kind == "key_figures")
    figures = [kf.Figure(*kf.figure_words(item.value)[:2], item.label,
                         unknown=kf.figure_words(item.value)[2]) for item in section.items]
    style = kf.Style("0F6E6E", "17252E", "4A5A66", "0F6E6E")
    with using_main(SERIF.faces):
        plan = kf.plan(figures, width, lambda _k: 2000.0, style)
        for band in range(len(plan.bands)):
            for el in kf.band_elements(figures, plan, band, 0.0, 0.0, width, style):
                for p in getattr(el, "paragraphs", []):
                    for line in tm.paragraph_lines(p, el.box.w - 2 * el.padding):
                        cut = line.ends_in_word and not line.text.endswith(("-", "\u00ad"))
                        assert not cut, (width, line.text)
