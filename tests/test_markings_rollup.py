"""Portion-marking roll-up: every slide and page names the highest marking present on it.

Given a document whose handling levels are declared, when it is exported for an audience, then
each slide's banner (deck and slides PDF) reads classification + " — " + the highest level of the
content on that slide, each page of the briefing paper names the highest level of the content on
that page and never a higher one, each handout sheet the highest of its slides, and the title
slide and cover the highest in the whole export. A document without markings keeps banners that
read the classification alone.

The crafted document makes "present" checkable from the outside: every piece of text carries a
token of its level (zpub, zpart, zint), so the levels on a page are the tokens on it. For the
built-in example, portion marks are switched on and play the same part.
"""

from __future__ import annotations

import copy
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_file, load_text
from briefing.export.job import ExportJob, run_export
from briefing.model import document as m
from briefing.model.groups import included_groups
from briefing.model.markings import (
    document_marking,
    filter_for_audience,
    portion_abbreviations,
    resolve_markings,
)

LEVELS = ("PUBLIC", "PARTNERS", "INTERNAL")
TOKENS = {"PUBLIC": "zpub", "PARTNERS": "zpart", "INTERNAL": "zint"}
CLASS = "TEST"
DASH = " \u2014 "

# long enough to run over pages and slides; every line of it still shows its level's token
LONG_PUBLIC = "\n\n".join(["zpub lorem ipsum dolor sit amet " * 9] * 8)
LONG_PARTNERS = "zpart lorem ipsum dolor sit amet " * 330  # one paragraph, over 2 pages
ROWS = "\n".join(f"        - [Row {i} zpub, Said zpub]" for i in range(40))

CRAFTED = f"""\
format: briefing/1
title: Rollup check
as_of: 2024-01-19
classification: {CLASS}
markings: [PUBLIC, PARTNERS, INTERNAL]
portion_marks: true
sources:
  - {{id: open, title: Open zpub source}}
  - {{id: shared, title: Shared zpart source, marking: PARTNERS}}
  - {{id: secret, title: Secret zint source, marking: INTERNAL}}
sections:
  - kind: summary
    title: Summary zpub
    text: |
      The zpub summary paragraph.

      - A zpub bullet.
    sources: [open]
  - kind: text
    title: Long zpart
    marking: PARTNERS
    text: {LONG_PARTNERS}
  - kind: table
    title: Table zpub
    table:
      columns: [Side zpub, Claim zpub]
      rows:
        - {{cells: [Desk zint, Thinks zint], marking: INTERNAL}}
{ROWS}
  - kind: text
    title: Background zpub
    text: |
{textwrap.indent(LONG_PUBLIC, " " * 6)}
  - kind: judgments
    title: Judgments zpub
    items:
      - {{text: A zpub judgment., confidence: high, sources: [open]}}
      - {{text: A zpart judgment., confidence: moderate, marking: PARTNERS, sources: [shared]}}
      - {{text: A zint judgment., confidence: low, marking: INTERNAL, sources: [secret]}}
  - kind: timeline
    title: Timeline zpub
    events:
      - {{date: 2024-01-16, text: A zpub event.}}
      - {{date: 2024-01-17, text: A zpart event., marking: PARTNERS}}
  - kind: chart
    title: Figures zpub
    chart:
      type: column
      categories: [Killed zpub, Injured zpub]
      series:
        - {{name: Official zpub, values: [2, 3]}}
        - {{name: Desk zpart, values: [4, 5], marking: PARTNERS}}
  - kind: text
    title: Internal only zint
    marking: INTERNAL
    text: The zint assessment.
"""


# --- reading the outputs ---------------------------------------------------------------------


@dataclass
class Slide:
    title: str
    banners: list[str]  # top and bottom
    text: str  # everything else on it: text boxes, table cells, chart series and categories


@dataclass
class Pdf:
    pages: list[str]  # each page's text
    banners: list[tuple[str, str]]  # each page's own banners (top, bottom), by position


@dataclass
class Export:
    doc: m.Document  # as filtered for the audience, markings resolved
    slides: list[Slide]
    slides_pdf: Pdf
    handout: Pdf
    paper: Pdf


def read_deck(data: bytes) -> list[Slide]:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        banners, texts = [], []
        for shape in slide.shapes:
            if shape.name.startswith("Classification banner"):
                banners.append(shape.text_frame.text)
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                plot = shape.chart.plots[0]
                texts += [s.name for s in plot.series] + [str(c) for c in plot.categories]
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        out.append(Slide(title, banners, "\n".join(texts)))
    return out


def read_pdf(data: bytes, band: float) -> Pdf:
    """Page texts, and the text within `band` points of each page's top and bottom edge: the
    page's own banners (a handout's slide thumbnails carry banners too, but inside the page)."""
    pages, banners = [], []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        top: list[str] = []
        bottom: list[str] = []

        def visit(text, cm, tm, _font, _size, top=top, bottom=bottom, height=height) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y > height - band:
                top.append(text)
            elif y < band:
                bottom.append(text)

        pages.append(page.extract_text(visitor_text=visit) or "")
        banners.append(("".join(top).strip(), "".join(bottom).strip()))
    return Pdf(pages, banners)


def export(doc: m.Document, audience: str | None, folder: Path, base_dir: Path | None = None,
           ) -> Export:
    job = ExportJob(pptx=folder / "d.pptx", pdf=folder / "d.pdf", handout=folder / "h.pdf",
                    report=folder / "r.pdf", audience=audience, base_dir=base_dir, per_page=6)
    run_export(doc, job)
    seen = filter_for_audience(doc, audience) if audience else doc
    return Export(resolve_markings(seen), read_deck(job.pptx.read_bytes()),
                  read_pdf(job.pdf.read_bytes(), 20.0), read_pdf(job.handout.read_bytes(), 16.0),
                  read_pdf(job.report.read_bytes(), 16.0))


def rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def top(levels) -> str | None:
    levels = [lv for lv in levels if lv]
    return max(levels, key=rank) if levels else None


def token_levels(text: str) -> list[str]:
    return [level for level, token in TOKENS.items() if token in text]


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> dict[str, Export]:
    folder = tmp_path_factory.mktemp("crafted")
    doc = load_text(CRAFTED, check_files=False)
    return {a: export(doc, a, folder / a) for a in LEVELS}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict[str, Export]:
    from briefing.resources import example_path

    folder = tmp_path_factory.mktemp("example")
    doc = load_file(example_path())
    doc.portion_marks = True  # the marks are how the test sees what is on a page
    return {a: export(doc, a, folder / a, base_dir=example_path().parent) for a in LEVELS}


def level_of(banners, doc: m.Document, where: object = "") -> str:
    """The level a pair of banners names: both read "CLASSIFICATION — LEVEL"."""
    prefix = (doc.classification or "") + DASH
    (banner,) = set(banners)
    assert len(banners) == 2 and banner.startswith(prefix), (where, banners)
    return banner.removeprefix(prefix)


def slide_level(slide: Slide, doc: m.Document) -> str:
    return level_of(slide.banners, doc, slide.title)


def page_level(pdf: Pdf, index: int, doc: m.Document) -> str:
    return level_of(pdf.banners[index], doc, index + 1)


# --- the crafted document: exact roll-up ---------------------------------------------------------


@pytest.mark.parametrize("audience", LEVELS)
def test_each_slide_names_the_highest_level_on_it(crafted, audience):
    out = crafted[audience]
    whole = top(token_levels("\n".join(s.text for s in out.slides)))
    assert whole == audience == document_marking(out.doc)  # content at every level
    for n, slide in enumerate(out.slides, start=1):
        expected = whole if n == 1 else top(token_levels(slide.title + "\n" + slide.text))
        assert slide_level(slide, out.doc) == expected, (audience, n, slide.title)


@pytest.mark.parametrize("audience", LEVELS)
def test_the_slides_pdf_has_the_decks_banners(crafted, audience):
    out = crafted[audience]
    assert len(out.slides_pdf.pages) == len(out.slides)
    for n, slide in enumerate(out.slides):
        assert page_level(out.slides_pdf, n, out.doc) == slide_level(slide, out.doc)


@pytest.mark.parametrize("audience", LEVELS)
def test_each_handout_sheet_names_the_highest_level_of_its_slides(crafted, audience):
    out = crafted[audience]
    assert len(out.handout.pages) == (len(out.slides) + 5) // 6
    for sheet in range(len(out.handout.pages)):
        slides = out.slides[sheet * 6:(sheet + 1) * 6]
        expected = top(slide_level(s, out.doc) for s in slides)
        assert page_level(out.handout, sheet, out.doc) == expected, (audience, sheet + 1)


@pytest.mark.parametrize("audience", LEVELS)
def test_each_paper_page_names_the_highest_level_on_it_and_never_higher(crafted, audience):
    out = crafted[audience]
    assert page_level(out.paper, 0, out.doc) == audience  # the cover: highest in the export
    for n, text in enumerate(out.paper.pages[1:], start=1):
        assert page_level(out.paper, n, out.doc) == top(token_levels(text)), (audience, n + 1)


def test_continued_paragraphs_and_split_tables_keep_their_own_levels(crafted):
    out = crafted["INTERNAL"]
    levels = dict(zip(out.paper.pages, (page_level(out.paper, n, out.doc)
                                        for n in range(len(out.paper.pages))), strict=True))
    continued = [t for t in levels if "zpart lorem" in t and "Long zpart" not in t
                 and "zpub" not in t]
    assert continued and all(levels[t] == "PARTNERS" for t in continued)
    with_row = [t for t in levels if "Desk zint" in t]
    rest_of_table = [t for t in levels if "Row 39 zpub" in t and "Desk zint" not in t]
    assert with_row and rest_of_table, "the table must run over a page for this check"
    assert levels[with_row[0]] == "INTERNAL" and levels[rest_of_table[0]] == "PUBLIC"


def test_portion_marks_precede_paragraphs_bullets_judgments_events_and_rows(crafted):
    out = crafted["INTERNAL"]
    deck = "\n".join(s.text for s in out.slides)
    paper = re.sub(r"\s+", " ", "\n".join(out.paper.pages))
    for portion, mark in [("The zpub summary", "PU"), ("A zpub bullet", "PU"),
                          ("A zpub judgment", "PU"), ("A zpart judgment", "PA"),
                          ("A zint judgment", "I"), ("A zpart event", "PA"),
                          ("Desk zint", "I"), ("The zint assessment", "I")]:
        pattern = rf"\({mark}\)\s*{re.escape(portion)}"
        assert re.search(pattern, deck), ("deck", portion)
        assert re.search(pattern, paper), ("paper", portion)
    assert re.search(r"\(PA\)\s*Figure\.", paper)  # a figure is marked as its highest series


def test_portion_marks_abbreviate_only_the_levels_the_audience_may_know(crafted):
    # a PUBLIC export declares only PUBLIC, so its mark is the one-letter "(P)"
    assert portion_abbreviations(list(crafted["PUBLIC"].doc.markings)) == {"PUBLIC": "P"}
    assert "(P) The zpub summary" in "\n".join(s.text for s in crafted["PUBLIC"].slides)


@pytest.mark.parametrize("audience", LEVELS)
def test_agenda_and_contents_list_only_the_sections_the_audience_gets(crafted, audience):
    out = crafted[audience]
    agenda = next(s for s in out.slides if s.title == "Agenda").text
    contents = out.paper.pages[1]
    assert "Contents" in contents
    for listing in (agenda, contents):
        assert "Summary zpub" in listing
        assert ("Internal only zint" in listing) == (audience == "INTERNAL")


@pytest.mark.parametrize("audience", LEVELS)
def test_a_source_cited_only_by_removed_content_is_not_listed(crafted, audience):
    out = crafted[audience]
    slide = next(s for s in out.slides if s.title == "Sources").text
    endnotes = out.paper.pages[-1]
    assert "Sources" in endnotes
    for listing in (slide, endnotes):
        assert "Open zpub source" in listing
        assert ("Shared zpart source" in listing) == (audience != "PUBLIC")
        assert ("Secret zint source" in listing) == (audience == "INTERNAL")


# --- the built-in example ------------------------------------------------------------------------


def _marks(text: str, doc: m.Document) -> list[str]:
    by_mark = {a: level for level, a in portion_abbreviations(list(doc.markings)).items()}
    return [by_mark[a] for a in re.findall(r"\((\w{1,2})\)", text) if a in by_mark]


def _section_level(doc: m.Document, title: str) -> str | None:
    title = re.sub(r" \(cont\.(?: \d+)?\)$", "", title)
    return next((s.marking for s in doc.sections if s.title == title), None)


def _series_levels(doc: m.Document, text: str) -> list[str | None]:
    return [x.marking for s in doc.sections if s.chart for x in s.chart.series if x.name in text]


@pytest.mark.parametrize("audience", LEVELS)
def test_example_slides_name_the_highest_level_on_them(example, audience):
    out = example[audience]
    doc = out.doc
    assert slide_level(out.slides[0], doc) == document_marking(doc)
    for n, slide in enumerate(out.slides[1:], start=2):
        if slide.title == "Agenda":
            expected = top(s.marking for s in doc.sections)
        elif (group := next((g for g in included_groups(doc)
                             if g.title and g.title.split() == slide.title.split()),
                            None)) is not None:  # a part's header lists its sections' titles
            expected = top(s.marking for s in group.sections)
        else:
            expected = top([_section_level(doc, slide.title), *_marks(slide.text, doc),
                            *_series_levels(doc, slide.text)])
        assert slide_level(slide, doc) == expected, (audience, n, slide.title)


@pytest.mark.parametrize("audience", LEVELS)
def test_example_paper_pages_name_the_highest_level_on_them(example, audience):
    out = example[audience]
    doc = out.doc
    assert page_level(out.paper, 0, doc) == document_marking(doc)
    assert "Contents" in out.paper.pages[1]
    assert page_level(out.paper, 1, doc) == top(s.marking for s in doc.sections)
    for n, text in enumerate(out.paper.pages[2:], start=2):
        assert page_level(out.paper, n, doc) == top(_marks(text, doc)), (audience, n + 1)


def test_example_exports_differ_by_audience_where_the_example_marks_content(example):
    covers = {a: page_level(example[a].paper, 0, example[a].doc) for a in LEVELS}
    assert covers == {"PUBLIC": "PUBLIC", "PARTNERS": "PARTNERS", "INTERNAL": "INTERNAL"}
    positions = {a: next(slide_level(s, example[a].doc) for s in example[a].slides
                         if s.title == "Positions at a glance") for a in LEVELS}
    assert positions == {"PUBLIC": "PUBLIC", "PARTNERS": "PUBLIC", "INTERNAL": "INTERNAL"}


# --- a document without markings -----------------------------------------------------------------


def _unmarked(doc: m.Document) -> m.Document:
    doc = copy.deepcopy(doc)
    doc.markings, doc.portion_marks = [], False
    for source in doc.sources:
        source.marking = None
    for section in doc.sections:
        section.marking = None
        for part in [*section.items, *section.events,
                     *(section.chart.series if section.chart else []),
                     *(section.table.rows if section.table else [])]:
            part.marking = None
    return doc


def test_without_markings_every_banner_is_the_classification_alone(tmp_path):
    out = export(_unmarked(load_text(CRAFTED, check_files=False)), None, tmp_path)
    for slide in out.slides:
        assert slide.banners == [CLASS, CLASS], slide.title
    for name, pdf in (("slides pdf", out.slides_pdf), ("handout", out.handout),
                      ("paper", out.paper)):
        for n, (text, banners) in enumerate(zip(pdf.pages, pdf.banners, strict=True), start=1):
            assert banners == (CLASS, CLASS), (name, n)
            assert DASH not in text, (name, n)
            assert not re.search(r"\((PU|PA|P|I)\)", text), (name, n)
