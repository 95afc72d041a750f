"""What `validate` accepts, every output exports: the documented limits, at their extremes.

Given a briefing at the edge of what the reader accepts (2,000-character titles with no space,
a 5,000-character word in a table cell, a 2,000-character timeline place, 50 table columns,
an as-of date in 2108 or in year 9999 with a time zone), when it is exported to the deck, the
slides PDF, the handout and the briefing paper, then every output is written, and:

- the deck's document properties hold at most 255 characters (python-pptx's limit), cut with an
  ellipsis, while the title slide keeps the whole title;
- the deck's zip entries carry the as-of moment clamped to what a zip can store (1980-2107);
- the paper cuts a table row taller than a page between lines, prints a table too wide for the
  page in parts that each repeat the first column, and splits an over-long heading, which
  stays one contents line and one bookmark.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_text
from briefing.export.job import ExportJob, run_export
from briefing.format.writer import dumps
from briefing.layout import TableFrame, layout_document
from briefing.layout.tables import column_groups, word_parts
from briefing.model import document as m


def _doc(sections: list[m.Section], **kw) -> m.Document:
    fields = {"title": "Limits", "as_of": dt.date(2024, 1, 19), **kw}
    doc = m.Document(sections=sections, **fields)
    return load_text(dumps(doc))  # only what validates: the reader accepts it as saved


def _section(kind: str, title: str = "Section", **fields) -> m.Section:
    s = m.empty_section(kind, title, None)
    for key, value in fields.items():
        setattr(s, key, value)
    return s


def _export_all(doc: m.Document, out: Path) -> ExportJob:
    job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                    report=out / "r.pdf")
    run_export(doc, job)
    for _kind, path in job.targets():
        assert path.stat().st_size > 0
    return job


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


# --- the deck's package ------------------------------------------------------------------

def test_long_title_subtitle_and_author_are_cut_in_the_properties_not_on_the_slide(tmp_path):
    title, subtitle, author = "Title " * 300, "Sub " * 400, "A" * 2000
    doc = _doc([_section("text", text="x")], title=title, subtitle=subtitle, author=author)
    job = _export_all(doc, tmp_path)
    prs = Presentation(str(job.pptx))
    props = prs.core_properties
    for value, full in ((props.title, title), (props.subject, subtitle),
                        (props.author, author)):
        assert len(value) <= 255 and value.endswith("\u2026")
        assert full.startswith(value[:-1])
    slide_text = " ".join(shape.text_frame.text for shape in prs.slides[0].shapes
                          if shape.has_text_frame)
    assert "".join(title.split()) in "".join(slide_text.split())


@pytest.mark.parametrize("as_of, stamp", [
    (dt.date(2108, 1, 1), (2107, 12, 31, 23, 59, 58)),
    (dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
     (2107, 12, 31, 23, 59, 58)),
    (dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),
     (1980, 1, 1, 0, 0, 0)),
    (dt.datetime(2024, 1, 19, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
     (2024, 1, 19, 9, 30, 0)),
])
def test_as_of_far_in_the_future_or_past_is_clamped_to_the_zip_range(tmp_path, as_of, stamp):
    doc = _doc([_section("text", text="x")], as_of=as_of)
    job = _export_all(doc, tmp_path)
    with zipfile.ZipFile(job.pptx) as z:
        assert {info.date_time for info in z.infolist()} == {stamp}
        core = z.read("docProps/core.xml").decode()
    assert f"{stamp[0]:04d}-{stamp[1]:02d}-{stamp[2]:02d}T" in core
    year = str(as_of.year)
    assert year in _pdf_text(job.pdf) and year in _pdf_text(job.report)  # the date as written


# --- the paper ---------------------------------------------------------------------------

def test_a_section_title_of_2000_characters_without_a_space_is_split_and_listed_once(tmp_path):
    title = "W" * 2000
    doc = _doc([_section("text", title=title, text="Body.", caveat="C" * 2000),
                _section("text", title="Next", text="More.")])
    job = _export_all(doc, tmp_path)
    reader = PdfReader(str(job.report))
    outline = [item.title for item in reader.outline]
    assert outline == ["Limits", "Contents", f"1. {title}", "2. Next"]
    assert _pdf_text(job.report).count("W") >= 2 * 2000  # the contents line and the heading


def test_a_5000_character_word_in_a_cell_and_a_2000_character_place_span_pages(tmp_path):
    word, place = "".join(f"w{i:04d}" for i in range(1000)), "p" * 2000
    doc = _doc([
        _section("table", title="Wide word", table=m.Table(
            ["A", "B", "C", "D", "E"], [m.TableRow(["a", word, "c", "d", "e"])])),
        _section("timeline", title="Long place", events=[
            m.Event(dt.date(2024, 1, 1), "Strike.", place=place, actor="X" * 2000,
                    time="T" * 2000)]),
    ])
    job = _export_all(doc, tmp_path)
    text = "".join(_pdf_text(job.report).split())
    assert all(f"w{i:04d}" in text for i in (0, 500, 999))  # every piece, in the cut row
    assert text.count("p") >= 2000
    assert len(PdfReader(str(job.report)).pages) >= 5  # the rows really run over pages


#: the paper's text width on A4 (595.3 pt less two 56 pt margins)
PAPER_A4_FRAME = 595.2755905511812 - 2 * 56.0


@pytest.mark.parametrize("n", [45, 50])
def test_a_table_of_many_columns_is_printed_in_parts_that_repeat_the_first(tmp_path, n):
    columns = [f"Column {i + 1}" for i in range(n)]
    doc = _doc([_section("table", title="Wide", table=m.Table(
        columns, [m.TableRow([f"v{i + 1}" for i in range(n)])]))])
    job = _export_all(doc, tmp_path)
    text = _pdf_text(job.report)
    # at most 16 columns a part on A4, fewer where their headings' words would not fit whole
    # even at the paper's smaller table size (8 pt)
    parts = len(word_parts(columns, [[f"v{i + 1}" for i in range(n)]], PAPER_A4_FRAME, 8.0,
                           column_groups(n, 16)))
    assert parts > len(column_groups(n, 16)) > 1
    assert all(f"Part {k} of {parts}" in text for k in range(1, parts + 1))
    assert all(f"v{i + 1}" in text.split() for i in range(n))
    assert text.split().count("v1") == parts  # the first column names the row in each part
    assert text.split().count("Column") == n + parts - 1  # no heading broken in a word


def test_column_groups_keep_every_column_once_and_the_first_in_each():
    assert column_groups(16, 16) == [list(range(16))]
    for n in (17, 45, 50):
        groups = column_groups(n, 16)
        assert all(g[0] == 0 and len(g) <= 16 for g in groups)
        rest = [c for g in groups for c in g[1:]]
        assert rest == list(range(1, n))
        assert max(map(len, groups)) - min(map(len, groups)) <= 1


# --- the work, counted -------------------------------------------------------------------

def test_a_footer_of_2000_characters_is_fitted_with_few_measurements(monkeypatch):
    """Cutting the footer measured the text once per character removed (minutes of work
    for a 2,000-character title on every page); halving needs a dozen measurements."""
    from briefing.render.pdf import common

    calls = []
    real = common.string_width
    monkeypatch.setattr(common, "string_width", lambda *a, **k: calls.append(a) or real(*a, **k))
    common._fit_text.cache_clear()  # remembered per main font
    title = "W" * 2000
    fitted = common.fit_text(title, 8.0, 400.0)
    assert len(calls) <= 2 + 2 * 11  # log2(2000) < 11
    assert fitted.endswith("\u2026") and real(fitted, 8.0) <= 400.0
    longer = fitted[:-1] + "W\u2026"
    assert real(longer, 8.0) > 400.0  # the longest prefix that fits, as before


def test_a_row_cut_across_slides_keeps_its_text_exactly():
    word = "".join(f"w{i:04d}" for i in range(1000))
    cell = f"Before {word} after\ttab and-a-hyphenated-word."
    doc = _doc([_section("table", title="Cut", table=m.Table(
        ["A", "B"], [m.TableRow(["a", cell])]))])
    pages = [p for p in layout_document(doc).pages if p.section_kind == "table"]
    assert len(pages) > 1
    pieces = [e.rows[0][1] for p in pages for e in p.elements if isinstance(e, TableFrame)]
    joined = "".join(pieces)
    assert word in joined  # no space put into the word where it was cut
    assert "".join(joined.split()) == "".join(cell.split())


@pytest.mark.timeout(120)
def test_headings_taller_than_a_slide_do_not_repeat_and_the_layout_ends():
    columns = ["W" * 2000, "Count"]
    doc = _doc([_section("table", title="Tall headings", table=m.Table(
        columns, [m.TableRow(["a", "1"])]))])
    pages = [p for p in layout_document(doc).pages if p.section_kind == "table"]
    frames = [e for p in pages for e in p.elements if isinstance(e, TableFrame)]
    assert frames[0].columns == ["1", "2"]  # numbered; the headings are the first row
    assert "".join(f.rows[0][0] for f in frames if f.rows).startswith("W" * 100)
    assert frames[-1].rows[-1] == ["a", "1"]


def test_a_200000_character_cell_is_wrapped_a_few_times_not_once_per_slide(monkeypatch):
    """Cutting a row one slide at a time re-wrapped the rest of the cell for every slide
    (quadratic: a 200,000-character cell took the deck 11 s); it is now wrapped a bounded
    number of times, whatever the number of slides it runs over."""
    from briefing.layout import tables

    measured = []
    real = tables.cell_lines
    monkeypatch.setattr(tables, "cell_lines",
                        lambda text, *a, **k: measured.append(len(text)) or real(text, *a, **k))
    cell = "w" * 200_000
    doc = _doc([_section("table", title="Huge", table=m.Table(
        ["A", "B"], [m.TableRow(["a", cell])]))])
    pages = [p for p in layout_document(doc).pages if p.section_kind == "table"]
    assert len(pages) > 50
    shown = "".join(e.rows[0][1] for p in pages for e in p.elements if isinstance(e, TableFrame))
    assert shown == cell
    assert sum(measured) <= 10 * len(cell)


def test_a_chart_whose_only_value_is_the_smallest_float_draws(tmp_path):
    """Found by tests/test_validate_means_export.py: 5e-324 is a valid count (not negative,
    finite), but a value axis from 0 to 5e-324 made ReportLab divide by a zero tick step."""
    chart = m.Chart("column", ["a", "b"], [m.Series("s", [m.Value(None), m.Value(5e-324)])])
    job = _export_all(_doc([_section("chart", chart=chart)]), tmp_path)
    charts = [shape.chart for slide in Presentation(str(job.pptx)).slides
              for shape in slide.shapes if shape.has_chart]
    # the unknown first value is an unfilled point labelled "not reported" (see
    # tests/test_chart_contract.py); the smallest count is there as it is
    assert list(charts[0].plots[0].series[0].values)[1] == 5e-324


def test_each_piece_of_a_row_cut_across_pages_is_marked_as_what_it_shows(tmp_path):
    """A row cut between lines is on two pages or more: each shows the row's level, and the
    first is not marked with the level of a row that only comes after it (not over-marked)."""
    word = "".join(f"w{i:04d}" for i in range(1000))
    doc = _doc([_section("table", title="Marked", table=m.Table(
        ["A", "B", "C", "D", "E"],
        [m.TableRow(["a", word, "c", "d", "e"], marking="PARTNERS"),
         m.TableRow(["after", "x", "c", "d", "e"], marking="SECRET")]))],
        markings=["PUBLIC", "PARTNERS", "SECRET"])
    report = tmp_path / "r.pdf"
    run_export(doc, ExportJob(report=report))
    pages = [page.extract_text() for page in PdfReader(str(report)).pages]
    cut = [text for text in pages if "w0" in text]
    assert len(cut) >= 2
    assert all("PARTNERS" in text for text in cut[:-1])
    assert all("SECRET" not in text for text in cut[:-1])
    assert "after" in pages[-1] and "SECRET" in pages[-1]
