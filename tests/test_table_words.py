"""No table of any output breaks a word between letters when the word fits a column by itself.

A column is at least as wide as its longest word (header and cells), measured in the export's
main font (a corporate template's DejaVu Serif is wider than Liberation Sans: the paper's
headers read "Source s" and "Desk asses sment"); the other columns give up room first, then
the font shrinks (within the minimum sizes), then the table is shown in more column parts.
Only a word longer than the whole table may be broken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_template_look import with_fonts

from briefing import load_text
from briefing.export.job import default_job, run_export
from briefing.layout import layout_document, tables
from briefing.layout.geometry import TableFrame
from briefing.text import mainfont
from briefing.text import metrics as tm
from briefing.text.faces import using_main

SERIF = "DejaVu Serif"
WORDS_DOC = """\
format: briefing/1
title: Words in tables
as_of: 2024-03-20
sources:
  - {id: s1, title: Desk note, publisher: Desk}
  - {id: s2, title: Wire report, publisher: Wire}
sections:
  - kind: table
    title: Positions
    sources: [s1]
    table:
      columns: [Account, Sources, Desk assessment, Rationale, Reliability, "ارزیابی‌ها"]
      rows:
        - ["Desk assessment", "Counterinsurgency", "Sistan-Baluchestan", "Retaliation", "Unverifiable", "پاسداران"]
        - ["Pakistan (armed forces)", "Intelligence", "Parliamentarians", "Deterrence", "Contradictory", "اسلام‌آباد"]
        - ["Iran (IRGC)", "Spokesperson", "Misrepresentation", "Proportionality", "Corroborated", "جمهوری‌اسلامی"]
  - kind: timeline
    title: Events
    events:
      - {date: 2024-01-16, text: "Missile and drone strike on what Iran calls militant bases", place: "Panjgur, Balochistan", actor: "Islamic Revolutionary Guard Corps", sources: [s1, s2]}
      - {date: 2024-01-17, text: "Pakistan recalls its ambassador", place: Islamabad, actor: "Foreign Office", sources: [s2]}
      - {date: 2024-01-18, text: "Pakistan strikes a village in Sistan-Baluchestan", place: "سراوان", actor: "پاک فضائیہ", sources: [s1]}
      - {date: 2024-01-19, text: "Both sides signal de-escalation", place: Tehran, actor: Ministries, sources: [s2]}
      - {date: 2024-01-20, text: "Ambassadors return", place: Islamabad, actor: Diplomats}
      - {date: 2024-01-21, text: "Joint statement", place: Tehran, actor: "Foreign ministers"}
      - {date: 2024-01-22, text: "Talks continue", place: Quetta, actor: Officials}
"""
#: header and cell words of the briefing's tables (the timeline's headers in every output)
TABLE_TEXTS = ["Account Sources Desk assessment Rationale Reliability ارزیابی‌ها Where who Event",
               "Counterinsurgency Sistan-Baluchestan Unverifiable پاسداران Intelligence",
               "Parliamentarians Deterrence Contradictory اسلام‌آباد Spokesperson",
               "Misrepresentation Proportionality Corroborated جمهوری‌اسلامی Retaliation",
               "Revolutionary Balochistan Islamabad Ministries Diplomats ambassador"]


def _table_words() -> set[str]:
    words = set()
    for text in TABLE_TEXTS:
        for word in re.split(r"[\s\-/()]+", text):
            words.add(word.replace("\u200c", ""))
    return {w for w in words if len(w) >= 4}


def _serif():
    found = mainfont.find_main_font(SERIF)
    return found.font if found.font is not None and not found.warnings else None


FONTS = ["default", pytest.param("serif", marks=pytest.mark.skipif(
    _serif() is None, reason=f"{SERIF} is not installed"))]


@pytest.fixture(scope="module", params=FONTS)
def exported(request, tmp_path_factory) -> tuple[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp(request.param)
    job = default_job("words", out)
    job.report = out / "words-report.pdf"
    if request.param == "serif":
        job.template = with_fonts(out, SERIF, SERIF)
    warnings: list[str] = []
    run_export(load_text(WORDS_DOC), job, warn=warnings.append)
    return request.param, dict(job.targets())


def _broken_words(pdf: Path) -> list[str]:
    """Table words whose letters end one extracted line and begin the next: a word broken
    between lines (each line of a cell is drawn as one string, cell after cell)."""
    words = _table_words()
    broken = []
    for page in PdfReader(str(pdf)).pages:
        lines = [line.split() for line in (page.extract_text() or "").splitlines()]
        for above, below in zip(lines, lines[1:], strict=False):
            if above and below:
                joined = (above[-1] + below[0]).replace("\u200c", "")
                for word in words:
                    if joined.strip(".,;:()[]") == word or joined.strip(".,;:()[]") == word[::-1]:
                        broken.append(f"{above[-1]}|{below[0]}")
    return broken


@pytest.mark.parametrize("kind", ["pdf", "handout", "report"])
def test_no_pdf_breaks_a_table_word_between_letters(exported, kind):
    _font, outputs = exported
    assert _broken_words(outputs[kind]) == []


def test_no_table_cell_of_the_deck_breaks_inside_a_word(exported):
    """The deck's and slides PDF's tables, as laid out: no line of a cell ends inside a word."""
    font, _outputs = exported
    faces = _serif().faces if font == "serif" else None
    with using_main(faces):
        deck = layout_document(load_text(WORDS_DOC))
        frames = [e for page in deck.pages for e in page.elements if isinstance(e, TableFrame)]
        assert frames
        for frame in frames:
            for cells, bold in [(frame.columns, True), *((r, False) for r in frame.rows)]:
                for text, width in zip(cells, frame.col_widths, strict=False):
                    lines = tables.cell_lines(text, width, frame.font_size, bold)
                    assert not any(line.ends_in_word for line in lines), (text, width)


def test_the_broken_word_check_sees_a_broken_word(tmp_path):
    """The check above fails on a table whose column is too narrow for its header."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdf = tmp_path / "narrow.pdf"
    style = ParagraphStyle("c", fontSize=9)
    SimpleDocTemplate(str(pdf)).build([Table([[Paragraph("Desk assessment", style)]],
                                             colWidths=[40])])
    assert _broken_words(pdf)


def test_every_column_holds_its_longest_word_other_columns_give_way():
    columns = ["Sources", "Desk assessment", "Notes"]
    rows = [["[1] [2]", "Counterinsurgency", "a long note " * 20]]
    for total in (260.0, 320.0, 480.0):
        widths = tables.column_widths(columns, rows, total, 12.0)
        least = tables.word_widths(columns, rows, 12.0)
        assert sum(widths) == pytest.approx(total)
        assert all(w >= need - 1e-6 for w, need in zip(widths, least, strict=True))
        for text, bold in (("Desk assessment", True), ("Counterinsurgency", False)):
            lines = tables.cell_lines(text, widths[1], 12.0, bold)
            assert not any(line.ends_in_word for line in lines)


def test_only_a_word_longer_than_the_table_is_broken():
    word = "Counterinsurgency" * 6
    widths = tables.column_widths(["A", "B"], [["x", word]], 200.0, 12.0)
    assert tm.measure(word, 12.0) > 200.0
    assert sum(widths) == pytest.approx(200.0)
    assert widths[0] >= tables.word_widths(["A", "B"], [["x", word]], 12.0)[0] - 1e-6
    assert tables.words_fit(["A", "B"], [["x", word]], 200.0, 12.0)  # a word wider than all


def test_a_table_whose_words_cannot_sit_side_by_side_is_shown_in_more_parts():
    columns = ["Account", *(f"Heading{k}" for k in range(6))]
    rows = [["Row", *("Counterinsurgency" for _ in range(6))]]
    parts = tables.word_parts(columns, rows, 400.0, 12.0, [list(range(7))])
    assert len(parts) > 1 and all(p[0] == 0 for p in parts)
    assert sorted({c for p in parts for c in p}) == list(range(7))
    for part in parts:
        assert tables.words_fit([columns[c] for c in part], [[rows[0][c] for c in part]],
                                400.0, 12.0)


def test_fixed_columns_give_way_to_the_text_column_down_to_their_longest_words():
    least = [60.0, 50.0, 40.0, 30.0]
    assert tables.fixed_widths([92.0, 118.0, None, 48.0], least, 483.0) == pytest.approx(
        [92.0, 118.0, 225.0, 48.0])
    narrow = tables.fixed_widths([92.0, 118.0, None, 48.0], least, 200.0)
    assert sum(narrow) == pytest.approx(200.0)
    assert all(w >= lw - 1e-6 for w, lw in zip(narrow, least, strict=True))
    # a word wider than the whole table: only the widest column gives way below its word
    huge = tables.fixed_widths([92.0, 118.0, None, 48.0], [60.0, 5000.0, 40.0, 30.0], 483.0)
    assert sum(huge) == pytest.approx(483.0) and huge[0] == 60.0 and huge[3] == 30.0


def test_the_paper_sets_a_table_smaller_before_cutting_it_into_column_parts(exported):
    """Six columns of long words fit the paper's width whole at 8 pt (in DejaVu Serif not at
    the cells' 9 pt): one table, not "Part 1 of 2"."""
    _font, outputs = exported
    text = "".join(p.extract_text() or "" for p in PdfReader(str(outputs["report"])).pages)
    assert "Desk assessment" in text and "Part 1 of" not in text
