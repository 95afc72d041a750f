"""Large legitimate documents stay within limits (issue 12, item 6): a table of thousands of
rows and a timeline of thousands of events export with work in proportion to their rows.

Work is counted, not timed: how often a cell is measured, how many slide trees are held at once.
Measured times are in benchmarks/large.py and docs/performance.md.
"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.parts.slide import SlidePart
from pypdf import PdfReader
from reportlab.platypus import Table

from briefing import load_text
from briefing.export.job import ExportJob, run_export
from briefing.layout import layout_document, tables
from briefing.render.pdf import longtable, paper
from briefing.render.pptx import deck as deck_module


def table_yaml(rows: int, marked: dict[int, str] | None = None, tall: int = 7) -> str:
    """A table of `rows` rows; every `tall`-th row wraps to several lines; rows in `marked`
    carry that handling level."""
    marked = marked or {}
    head = ("format: briefing/1\ntitle: Long table\nas_of: 2024-01-19\n"
            + ("markings: [PUBLIC, INTERNAL]\n" if marked else "")
            + "sections:\n  - kind: table\n    title: Rows\n    table:\n"
            "      columns: [No., Event, Count, Place]\n      rows:\n")
    lines = []
    for i in range(rows):
        event = "strike border village " * (6 if i % tall == 0 else 1)
        cells = f'["{i}", "{event.strip()}", "{i * 7 % 900}", "place {i % 13}"]'
        if i in marked:
            lines.append(f"        - {{cells: {cells}, marking: {marked[i]}}}")
        else:
            lines.append(f"        - {cells}")
    return head + "\n".join(lines) + "\n"


def paper_pages(text: str) -> list[str]:
    out = io.BytesIO()
    paper.write_report_pdf(load_text(text), out)
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def count_table_rows(monkeypatch, text: str) -> int:
    """Rows of every ReportLab table made while laying out the paper: each table resolves its
    style for each of its rows and measures each row, so this is the layout's work."""
    rows = [0]
    real = Table.__init__

    def counting(self, data, *args, **kwargs):
        rows[0] += len(data)
        real(self, data, *args, **kwargs)

    monkeypatch.setattr(Table, "__init__", counting)
    out = io.BytesIO()
    paper.write_report_pdf(load_text(text), out)
    return rows[0]


def test_the_papers_work_on_a_long_table_grows_linearly_with_its_rows(monkeypatch):
    """Each page's split made a new table of all the rows left: rows x pages (a 10,000-row
    table took half a minute, 288 pages)."""
    small = count_table_rows(monkeypatch, table_yaml(600))
    large = count_table_rows(monkeypatch, table_yaml(1200))
    assert large < 2.2 * small, (small, large)
    assert large < 10 * 1200, large  # each row in a few tables (pages, passes), not dozens


def test_a_long_table_breaks_across_pages_exactly_as_reportlab_breaks_it_whole(monkeypatch):
    """The window of rows ReportLab sees splits where the whole table would: same pages,
    same header on each, same markings in the banners."""
    text = table_yaml(260, marked={0: "PUBLIC", 131: "INTERNAL", 259: "INTERNAL"})
    windowed = paper_pages(text)
    monkeypatch.setattr(paper, "LONG_TABLE_ROWS", 10**9)  # ReportLab's Table, whole
    whole = paper_pages(text)
    assert len(windowed) > 8
    assert windowed == whole
    assert sum("INTERNAL" in page for page in windowed) == 3  # the cover and two rows' pages


def test_a_window_of_short_rows_grows_until_it_overfills_a_page(monkeypatch):
    """Rows shorter than the window assumes: the window doubles rather than under-reporting
    the height of what is left (which would let a page take rows it has no room for)."""
    monkeypatch.setattr(longtable, "WINDOW_ROWS", 3)
    text = table_yaml(240)
    windowed = paper_pages(text)
    monkeypatch.setattr(paper, "LONG_TABLE_ROWS", 10**9)
    assert windowed == paper_pages(text)


def test_a_table_too_long_for_one_slide_has_each_cell_measured_once(monkeypatch):
    """The layout tried each font size on the whole table before paginating (four full
    measurements of 10,000 rows); now a size is skipped when one line per row cannot fit."""
    calls = [0]
    real = tables.cell_height

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "cell_height", counting)
    layout_document(load_text(table_yaml(400)))
    cells, header = 400 * 4, 4
    assert calls[0] <= cells + header + 64 * 4, calls[0]  # and rows cut at a page end


def test_a_deck_holds_one_slide_tree_at_a_time(monkeypatch):
    """python-pptx kept every slide's XML tree until the deck was saved: 280 slides of a
    10,000-row table held half a gigabyte. Each slide is bytes once drawn; same deck."""
    held: list[int] = []
    real = deck_module.draw_page

    def watching(slide, page, deck):
        parts = slide.part.package.iter_parts()
        held.append(sum(1 for p in parts if isinstance(p, SlidePart)
                        and getattr(p, "_element", None) is not None))
        return real(slide, page, deck)

    monkeypatch.setattr(deck_module, "draw_page", watching)
    out = io.BytesIO()
    deck_module.write_pptx(load_text(table_yaml(300)), out)
    assert len(held) > 10 and max(held) == 1, held
    slides = Presentation(io.BytesIO(out.getvalue())).slides
    assert len(slides) == len(held)
    assert "299" in "".join(shape.table.cell(len(shape.table.rows) - 1, 0).text
                            for shape in slides[len(slides) - 1].shapes if shape.has_table)


@pytest.mark.timeout(120)  # a few seconds; the paper alone took minutes at 10,000 rows
def test_a_long_table_exports_to_every_output_with_its_last_row(tmp_path):
    doc = load_text(table_yaml(2_000))
    job = ExportJob(pptx=tmp_path / "t.pptx", pdf=tmp_path / "t.pdf",
                    handout=tmp_path / "t-handout.pdf", report=tmp_path / "t-report.pdf")
    run_export(doc, job)
    deck = Presentation(str(job.pptx)).slides
    slides = PdfReader(job.pdf).pages
    assert len(deck) == len(slides) > 50
    assert "1999" in slides[len(slides) - 1].extract_text()
    paper_text = PdfReader(job.report).pages
    assert "1999" in "".join(page.extract_text() for page in paper_text[-2:])
    assert len(PdfReader(job.handout).pages) == -(-len(slides) // 6)
