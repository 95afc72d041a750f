"""Right-to-left text longer than a line reads in order in every place of the paper.

The paper handed a judgment, an event, a table cell, a quotation, a caption or a source entry
to ReportLab reordered as one line, and ReportLab then broke it: a Persian judgment of three
lines printed its last words on its first line. Each place now breaks such text into lines
first and puts each line in drawing order (`paper._set`), as the text sections did."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest

from briefing.model import document as m
from briefing.text.shaping import visual

WORDS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده"]
#: about four lines of a judgment; its first word "آغاز" (start) and its last "پایان" (end)
#: are found nowhere else
PERSIAN = " ".join(["آغاز", *WORDS * 5, "پایان."])


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _shaped(word: str) -> str:
    """A word as drawn, as pypdf hands it back (in reading order)."""
    return visual(word)[::-1]


def _arabic_lines(pdf: bytes, page_has: str = "") -> list[str]:
    """The Arabic-script text of the first page showing some (and `page_has`), one string
    per line, top to bottom."""
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(pdf)).pages:
        if page_has not in page.extract_text():
            continue
        pieces: list[tuple[float, str]] = []

        def visit(text, cm, tm, *_, into=pieces) -> None:
            if _arabic(text):
                into.append((cm[5] + tm[5], text))

        page.extract_text(visitor_text=visit)
        if pieces:
            tops = sorted({round(y) for y, _t in pieces}, reverse=True)
            return [" ".join(t for y, t in pieces if round(y) == top) for top in tops]
    raise AssertionError("no Arabic-script text drawn")


def _paper(section: m.Section, sources: list[m.Source] | None = None) -> bytes:
    from briefing.render.pdf.paper import write_report_pdf

    doc = m.Document(title="Directions", as_of=dt.date(2024, 1, 19), sections=[section],
                     sources=sources or [])
    out = io.BytesIO()
    write_report_pdf(doc, out)
    return out.getvalue()


def _judgment() -> bytes:
    section = m.empty_section("judgments", "Judgments", "j")
    section.items = [m.JudgmentItem(text=PERSIAN, confidence="moderate")]
    return _paper(section)


def _event() -> bytes:
    section = m.empty_section("timeline", "Events", "t")
    section.events = [m.Event(date=dt.date(2024, 1, 16), text=PERSIAN, place="Panjgur")]
    return _paper(section)


def _cell() -> bytes:
    section = m.empty_section("table", "Positions", "t")
    section.table = m.Table(columns=["Side", "Rationale"], rows=[m.TableRow(cells=["Iran", PERSIAN])])
    return _paper(section)


def _quote() -> bytes:
    section = m.empty_section("quote", "Quoted", "q")
    section.quote = m.Quote(text=PERSIAN, speaker="Spokesman")
    return _paper(section)


def _caption() -> bytes:
    section = m.empty_section("chart", "Casualties", "c")
    section.chart = m.Chart(type="column", categories=["a", "b"], note=PERSIAN,
                            series=[m.Series(name="x", values=[m.Value(2), m.Value(3)])])
    return _paper(section)


def _heading() -> bytes:
    section = m.empty_section("text", " ".join(["آغاز", *WORDS * 3, "پایان"]), "h")
    section.text = "Body."
    return _paper(section)


def _source() -> bytes:
    section = m.empty_section("text", "Cited", "s")
    section.text = "Body."
    section.sources = ["irna"]
    return _paper(section, [m.Source(id="irna", title=" ".join(["آغاز", *WORDS * 4, "پایان"]),
                                     publisher="IRNA")])


def _key_figure() -> bytes:
    section = m.empty_section("key_figures", "Figures", "k")
    section.items = [m.KeyFigure(value=m.Value(9), label=PERSIAN)]
    return _paper(section)


def _english_paragraph() -> bytes:
    # a Persian quotation longer than a line inside an English sentence
    section = m.empty_section("text", "Quoted inside", "e")
    section.text = f"The ministry said: {PERSIAN} It did not say more."
    return _paper(section)


@pytest.mark.parametrize(("make", "page_has"), [
    (_judgment, ""), (_event, ""), (_cell, ""), (_quote, ""), (_caption, ""),
    (_heading, "Contents"), (_heading, "Body."), (_source, "IRNA"), (_key_figure, ""),
    (_english_paragraph, "")],
    ids=["judgment", "event", "cell", "quote", "caption", "contents", "heading", "source",
         "key-figure", "english-paragraph"])
def test_right_to_left_text_longer_than_a_line_starts_on_its_first_line(make, page_has):
    lines = [line for line in _arabic_lines(make(), page_has) if line.strip()]
    assert len(lines) >= 2  # longer than a line
    assert _shaped("آغاز") in lines[0] and _shaped("پایان") not in lines[0]
    assert _shaped("پایان") in lines[-1] and _shaped("آغاز") not in lines[-1]


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="poppler's pdftotext reads the words back")
def test_a_persian_judgments_citation_ends_its_last_line_at_the_left(tmp_path):
    # read right to left, the citation follows the sentence: left of its last words, as on
    # the slides
    section = m.empty_section("judgments", "Judgments", "j")
    section.items = [m.JudgmentItem(text=PERSIAN, confidence="high", sources=["irna"])]
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(_paper(section, [m.Source(id="irna", title="IRNA")]))
    out = subprocess.run(["pdftotext", "-f", "3", "-l", "3", "-bbox", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    boxes = [(float(x0), float(y0), float(x1), word) for x0, y0, x1, word in re.findall(
        r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="[-\d.]+">([^<]*)'
        r"</word>", out)]
    cite = next(box for box in boxes if box[3] == "[1]")
    line = [box for box in boxes if _arabic(box[3]) and abs(box[1] - cite[1]) < 6]
    assert line and cite[2] <= min(box[0] for box in line)


def test_a_paragraph_set_in_lines_for_a_narrow_width_is_one_line_again_where_it_fits():
    # a table cell is wrapped at several widths while the table is laid out: the lines set
    # for one must not stay for another
    from briefing.render.pdf.paper import ReportRenderer, _Piece

    renderer = ReportRenderer(m.Document(title="t", as_of=dt.date(2024, 1, 19), sections=[]))
    said = renderer._set([[_Piece(f"The ministry said {' '.join(WORDS[:8])} today.")]],
                         renderer.styles["body"])
    said.wrap(110, 1000)
    narrow = len(said.blPara.lines)
    said.wrap(480, 1000)
    assert narrow >= 2 and len(said.blPara.lines) == 1
