"""Large legitimate documents stay within limits (issue 12, item 6): a table of thousands of
rows and a timeline of thousands of events export with work in proportion to their rows.

Work is counted, not timed: how often a cell is measured, how many slide trees are held at once.
Measured times are in benchmarks/large.py and docs/performance.md.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.platypus import Table

from briefing import load_text
from briefing.render.pdf import longtable, paper


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
