"""Parts: sections grouped under a title by `part:` on the section that opens the group.

The format carries a part until the next `part:`; every output opens a part with its header
(a section-header slide in the deck, the slides PDF and the handout, a level-1 heading in the
paper), the agenda lists the parts; a corporate template's section-header layout holds the
slide, found by its type or its placeholders; a part none of whose sections an audience may see
leaves no trace in any output.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pypdf import PdfReader

from briefing import dumps, load_text
from briefing.errors import BriefingError
from briefing.export.job import ExportJob, default_job, run_export
from briefing.layout import layout_document
from briefing.model.groups import group_sections, included_groups
from briefing.model.markings import filter_for_audience
from briefing.render.pptx.deck import write_pptx
from briefing.render.pptx.template import open_presentation, pick_layouts
from tests import template_corpus as tc
from tests.test_audience_leaks import _pdf_texts, _pptx_texts

SECRET_PART = "QZSECRETPART"

DOC = f"""\
format: briefing/1
title: Parts test
as_of: 2024-01-19
classification: TEST
markings: [PUBLIC, PARTNERS, INTERNAL]
sections:
  - kind: summary
    title: Opening summary
    text: Before any part.
  - part: Background
    kind: text
    title: History
    text: Some history.
  - kind: text
    title: Geography
    text: Some geography.
  - part: {SECRET_PART}
    kind: text
    title: Restricted one
    marking: INTERNAL
    text: Only for internal readers.
  - kind: text
    title: Restricted two
    marking: INTERNAL
    text: Also internal.
  - part: Outlook
    kind: judgments
    title: Judgments
    items:
      - {{text: Internal judgment., confidence: low, marking: INTERNAL}}
  - kind: text
    title: Indicators
    text: What to watch.
"""


@pytest.fixture
def doc():
    return load_text(DOC)


def titles(deck) -> list[str]:
    return [p.title for p in deck.pages]


# --- the format ------------------------------------------------------------------------------

def test_a_part_runs_from_the_section_naming_it_to_the_next(doc):
    groups = group_sections(doc.sections)
    assert [(g.title, [s.title for s in g.sections]) for g in groups] == [
        (None, ["Opening summary"]),
        ("Background", ["History", "Geography"]),
        (SECRET_PART, ["Restricted one", "Restricted two"]),
        ("Outlook", ["Judgments", "Indicators"])]


def test_naming_the_current_part_again_continues_it(doc):
    doc.sections[2].part = "Background"
    assert [g.title for g in group_sections(doc.sections)] == [
        None, "Background", SECRET_PART, "Outlook"]


def test_parts_round_trip_and_are_written_on_the_opening_section_only(doc):
    text = dumps(doc)
    assert text.count("part: ") == 3 and "- part: Background\n" in text
    assert load_text(text) == doc


def test_a_part_on_a_left_out_section_still_groups_the_ones_after_it(doc):
    doc.sections[1].include = False
    assert [(g.title, [s.title for s in g.sections]) for g in included_groups(doc)][1] == \
        ("Background", ["Geography"])


@pytest.mark.parametrize(("value", "message"), [
    ('""', "a part's title must not be empty"),
    ('"   "', "a part's title must not be empty"),
    ("x" * 2001, "2,001 characters; the limit here is 2,000"),
])
def test_a_bad_part_title_is_a_located_error(value, message):
    text = DOC.replace("  - part: Background\n", f"  - part: {value}\n")
    with pytest.raises(BriefingError) as caught:
        load_text(text, name="b.yaml")
    problems = caught.value.problems
    assert [(p.path, p.line) for p in problems] == [("sections[1].part", 10)]
    assert message in problems[0].message


def test_a_part_named_on_a_section_more_restricted_than_one_it_holds_is_refused():
    text = DOC.replace("  - kind: text\n    title: Restricted two\n    marking: INTERNAL\n",
                       "  - kind: text\n    title: Restricted two\n")
    with pytest.raises(BriefingError) as caught:
        load_text(text, name="b.yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("sections[3].part", 17)
    assert "marked INTERNAL, but holds sections[4]" in problem.message
    assert "marked PUBLIC" in problem.message


# --- the audience filter ---------------------------------------------------------------------

def test_a_part_whose_sections_are_all_hidden_is_gone_with_them(doc):
    public = filter_for_audience(doc, "PUBLIC")
    assert [g.title for g in included_groups(public)] == [None, "Background", "Outlook"]


def test_a_part_keeps_its_title_when_the_section_naming_it_is_emptied(doc):
    public = filter_for_audience(doc, "PUBLIC")  # "Judgments" had only an internal item
    outlook = included_groups(public)[-1]
    assert (outlook.title, [s.title for s in outlook.sections]) == ("Outlook", ["Indicators"])
    assert public.sections[-1].part == "Outlook"


def test_a_hidden_part_leaves_no_trace_in_any_output(doc, tmp_path):
    (tmp_path / "b.yaml").write_text(DOC, encoding="utf-8")
    for audience, shown in (("PUBLIC", False), ("INTERNAL", True)):
        out = tmp_path / audience
        job = default_job("b", out)
        job.report = out / "b-report.pdf"
        job.audience = audience
        run_export(doc, job)
        texts = {"deck": _pptx_texts(job.pptx.read_bytes())}
        for kind in ("pdf", "handout", "report"):
            texts[kind] = _pdf_texts(getattr(job, kind).read_bytes())
        for kind, found in texts.items():
            assert any(SECRET_PART in t for t in found) == shown, (audience, kind)


# --- the layout and the deck -----------------------------------------------------------------

def test_each_part_opens_with_a_section_header_slide_and_the_agenda_lists_it(doc):
    deck = layout_document(doc)
    assert titles(deck) == ["Parts test", "Agenda", "Opening summary", "Background", "History",
                            "Geography", SECRET_PART, "Restricted one", "Restricted two",
                            "Outlook", "Judgments", "Indicators"]
    headers = [p for p in deck.pages if p.kind == "section_header"]
    assert [p.title for p in headers] == ["Background", SECRET_PART, "Outlook"]
    body = headers[0].text_blocks("body")[0].text
    assert body.splitlines() == ["Part 1 of 3", "History", "Geography"]
    assert headers[0].notes == "Part 1 of 3: Background. Sections: History; Geography."
    assert headers[1].marking == "INTERNAL"  # it lists internal sections' titles
    agenda = [p.text for b in deck.pages[1].text_blocks("agenda") for p in b.paragraphs]
    assert agenda == ["Opening summary", "Background", "History", "Geography", SECRET_PART,
                      "Restricted one", "Restricted two", "Outlook", "Judgments", "Indicators"]
    numbered = [p.number for b in deck.pages[1].text_blocks("agenda") for p in b.paragraphs]
    assert numbered == [1, None, 2, 3, None, 4, 5, None, 6, 7]


def test_an_agenda_too_long_for_one_slide_lists_the_parts_alone(doc):
    many = copy.deepcopy(doc)
    for k in range(40):
        section = copy.deepcopy(many.sections[2])
        section.title, section.id = f"Extra section {k}", f"extra-{k}"
        many.sections.insert(3, section)
    agenda = [p for p in layout_document(many).pages if p.kind == "agenda"]
    assert len(agenda) == 1
    entries = [p.text for b in agenda[0].text_blocks("agenda") for p in b.paragraphs]
    assert entries == ["Opening (1 section)", "Background (Part 1 of 3, 42 sections)",
                       f"{SECRET_PART} (Part 2 of 3, 2 sections)",
                       "Outlook (Part 3 of 3, 2 sections)"]


def test_a_very_long_part_title_is_shortened_on_its_slide_and_whole_in_its_notes(doc):
    doc.sections[1].part = "Background " + "and a very long explanation " * 70
    deck = layout_document(doc)
    header = next(p for p in deck.pages if p.kind == "section_header")
    title = header.text_blocks("title")[0]
    assert title.text.endswith("\u2026") and title.box.inside()
    assert doc.sections[1].part.split() == header.notes.split(": ", 1)[1].split(". Sections")[0].split()
    assert all(e.box.inside() for e in header.text_blocks())


def _deck(doc, template: Path | None = None):
    buf = io.BytesIO()
    write_pptx(doc, buf, template=template)
    return Presentation(io.BytesIO(buf.getvalue()))


def test_the_default_deck_draws_its_own_section_header_in_the_theme(doc):
    prs = _deck(doc)
    slide = prs.slides[3]
    assert slide.slide_layout.element.get("type") != "secHead"  # not python-pptx's own
    assert slide.shapes.title.text_frame.text == "Background"
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert "Part 1 of 3\nHistory\nGeography" in texts
    assert slide.notes_slide.notes_text_frame.text.startswith("Part 1 of 3: Background.")


CORPORATE = tc.SAMPLE
DIVIDER = "ppt/slideLayouts/slideLayout3.xml"  # the sample's "NW Divider" (secHead)


def _variant(tmp_path: Path, name: str, *, type_attr: str | None = "secHead",
             extra_placeholder: bool = False) -> Path:
    """The sample template with its section header's type and placeholders changed."""
    parts = tc.sample_parts()
    xml = parts[DIVIDER]
    assert b'type="secHead"' in xml
    if type_attr != "secHead":
        xml = xml.replace(b' type="secHead"', f' type="{type_attr}"'.encode()
                          if type_attr else b"")
    if extra_placeholder:  # a picture placeholder beside the title and body
        xml = tc.add_to_tree(xml, '<p:sp><p:nvSpPr><p:cNvPr id="9" name="Picture 9"/>'
                             '<p:cNvSpPr/><p:nvPr><p:ph type="pic" idx="9"/></p:nvPr>'
                             '</p:nvSpPr><p:spPr/></p:sp>')
    parts[DIVIDER] = xml
    return tc.build(tmp_path / name, parts)


def _header_slides(prs) -> list:
    return [s for s in prs.slides if s.shapes.title is not None
            and s.shapes.title.text_frame.text in ("Background", "Outlook")]


def test_a_corporate_template_section_header_holds_the_part_in_its_placeholders(doc):
    prs = _deck(doc, CORPORATE)
    headers = _header_slides(prs)
    assert len(headers) == 2
    for slide in headers:
        assert slide.slide_layout.name == "NW Divider"
        filled = {ph.placeholder_format.type: ph.text_frame.text for ph in slide.placeholders}
        assert filled[PP_PLACEHOLDER.TITLE] in ("Background", "Outlook")
        assert filled[PP_PLACEHOLDER.BODY].startswith("Part ")


def test_the_section_header_is_found_by_its_type_despite_other_placeholders(doc, tmp_path):
    template = _variant(tmp_path, "typed.pptx", extra_placeholder=True)
    assert pick_layouts(open_presentation(template)).section_header.name == "NW Divider"
    assert {s.slide_layout.name for s in _header_slides(_deck(doc, template))} == {"NW Divider"}


def test_without_its_type_the_section_header_is_found_by_its_placeholders(tmp_path):
    template = _variant(tmp_path, "untyped.pptx", type_attr=None)
    assert pick_layouts(open_presentation(template)).section_header.name == "NW Divider"


def test_a_template_without_a_section_header_gets_ours_on_its_title_only_layout(doc, tmp_path):
    template = _variant(tmp_path, "none.pptx", type_attr="cust", extra_placeholder=True)
    assert pick_layouts(open_presentation(template)).section_header is None
    headers = _header_slides(_deck(doc, template))
    assert {s.slide_layout.name for s in headers} == {"NW Heading only"}
    texts = [sh.text_frame.text for sh in headers[0].shapes if sh.has_text_frame]
    assert "Part 1 of 3\nHistory\nGeography" in texts


# --- the PDFs --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("parts")
    job = default_job("b", out)
    job.report = out / "b-report.pdf"
    run_export(load_text(DOC), job)
    return job


def test_the_slides_pdf_and_the_handout_draw_the_section_header_slides(exported):
    slides = [p.extract_text() for p in PdfReader(exported.pdf).pages]
    assert len(slides) == len(layout_document(load_text(DOC)).pages)
    assert "Background" in slides[3] and "Part 1 of 3" in slides[3]
    handout = " ".join(p.extract_text() for p in PdfReader(exported.handout).pages)
    assert "Part 1 of 3" in handout and "Part 3 of 3" in handout


def test_the_paper_makes_parts_level_one_headings_with_their_sections_beneath(exported):
    pdf = pikepdf.open(exported.report)
    headings = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None \
            else []
        if isinstance(node, pikepdf.Dictionary) and str(node.get("/S")) in ("/H1", "/H2"):
            headings.append((str(node.S)[1:], str(node.get("/T", ""))))
        stack.extend(k for k in reversed(kids) if isinstance(k, pikepdf.Dictionary))
    parts = [(h, " ".join(t.split())) for h, t in headings if "Contents" not in t][1:]
    assert parts == [("H2", "1. Opening summary"), ("H1", "Background"), ("H2", "2. History"),
                     ("H2", "3. Geography"), ("H1", SECRET_PART), ("H2", "4. Restricted one"),
                     ("H2", "5. Restricted two"), ("H1", "Outlook"), ("H2", "6. Judgments"),
                     ("H2", "7. Indicators")]
    outline = {}
    with pdf.open_outline() as tree:
        for item in tree.root:
            outline[item.title] = [c.title for c in item.children]
    assert outline["Background"] == ["2. History", "3. Geography"]
    assert outline["Outlook"] == ["6. Judgments", "7. Indicators"]
    assert outline["1. Opening summary"] == []


def test_every_output_of_a_briefing_with_parts_exports_with_a_template(doc, tmp_path):
    job = ExportJob(pptx=tmp_path / "b.pptx", pdf=tmp_path / "b.pdf", template=CORPORATE)
    run_export(doc, job)
    with zipfile.ZipFile(job.pptx) as z:
        assert any("slideLayout3" in z.read(n).decode() for n in z.namelist()
                   if n.startswith("ppt/slides/_rels/"))


# --- editions --------------------------------------------------------------------------------

def test_a_renamed_part_is_one_change_of_the_outline_and_marks_no_section_updated(doc):
    from briefing.model.compare import PARTS_CHANGED, compare, edition_marks

    renamed = copy.deepcopy(doc)
    renamed.sections[1].part = "Context"
    result = compare(doc, renamed)
    assert [(c.kind, c.field, c.old, c.new) for c in result.changes] == [
        (PARTS_CHANGED, "part", "Background", "Context")]
    assert edition_marks(result).sections == {}
    renamed.sections[5].part = None  # "Outlook" gone: its sections join the part before
    assert [(c.old, c.new) for c in compare(doc, renamed).changes] == [
        ("Background", "Context"), ("Outlook", None)]
    assert compare(doc, copy.deepcopy(doc)).changes == []


def test_a_part_hidden_from_the_audience_is_not_named_in_its_diff(doc):
    from briefing.model.compare import compare

    renamed = copy.deepcopy(doc)
    renamed.sections[3].part = "Other secret"
    public = compare(filter_for_audience(doc, "PUBLIC"), filter_for_audience(renamed, "PUBLIC"))
    assert public.changes == []


def test_the_templates_capitals_do_not_widen_the_measured_part_title(doc):
    """The sample's section header sets `cap="all"` on its title: the deck's runs turn it off,
    so the title is as wide as the layout measured it (and reads as in the PDFs)."""
    slide = _header_slides(_deck(doc, CORPORATE))[0]
    runs = slide.shapes.title.text_frame._txBody.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr")
    assert [r.get("cap") for r in runs] == ["none"]
