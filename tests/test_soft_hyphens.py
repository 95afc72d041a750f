"""Soft hyphens (U+00AD) are where a long word may break, in every output (issue 14): the shared
line breaker breaks there when the whole word does not fit and the line then ends in a visible
hyphen; where the line does not break, nothing is drawn for it. The slides PDF and the handout
draw the layout's lines, the paper's breaker (ReportLab's) breaks at soft hyphens itself, and
the deck writes the hyphen and a line break where the layout broke (LibreOffice breaks at a soft
hyphen but shows no hyphen there)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from briefing.layout.geometry import Run
from briefing.model import document as m
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import write_slides_pdf
from briefing.render.pptx.deck import write_pptx
from briefing.text import metrics as tm
from briefing.text.breaks import soft_parts

SHY = "\u00ad"
WORD = f"Donau{SHY}dampf{SHY}schiff{SHY}fahrts{SHY}gesellschaft"


def shown(line: tm.Line) -> str:
    return "".join(text for _i, text in line.shown_pieces).replace(SHY, "")


def test_a_word_breaks_at_a_soft_hyphen_with_a_visible_hyphen():
    width = tm.measure("The Donaudampf-", 10) + 1
    lines = tm.wrap([Run(f"The {WORD} sailed")], width, 10)
    assert [shown(line) for line in lines][:2] == ["The Donaudampf-", "schifffahrts-"]
    assert lines[0].width == pytest.approx(tm.measure("The Donaudampf-", 10))
    assert "".join(line.text for line in lines[:-1]).replace(" ", "") + lines[-1].text \
        .replace(" ", "") == f"The{WORD}sailed".replace(" ", "")  # the text itself is kept


def test_a_soft_hyphen_where_the_line_does_not_break_shows_nothing_and_measures_nothing():
    lines = tm.wrap([Run(f"The {WORD} sailed")], 1000, 10)
    assert len(lines) == 1 and shown(lines[0]) == "The Donaudampfschifffahrtsgesellschaft sailed"
    assert tm.measure(WORD, 10) == pytest.approx(tm.measure(WORD.replace(SHY, ""), 10))


def test_the_hyphen_must_fit_too():
    # "Donaudampf" fits exactly, "Donaudampf-" does not: the break comes a part earlier
    width = tm.measure("Donaudampf", 10) + 0.01
    lines = tm.wrap([Run(WORD)], width, 10)
    assert shown(lines[0]) == "Donau-"
    assert all(line.width <= width for line in lines)


def test_only_a_soft_hyphen_inside_a_word_is_a_break_point():
    assert soft_parts(f"{SHY}co{SHY}op{SHY}") == [f"{SHY}co{SHY}", f"op{SHY}"]
    assert soft_parts("no soft hyphen") == ["no soft hyphen"]


@pytest.mark.timeout(60)
def test_a_word_of_fifty_thousand_soft_hyphens_is_broken_in_linear_time(monkeypatch):
    calls = 0
    original = tm._piece_width

    def counting(*args):
        nonlocal calls
        calls += 1
        return original(*args)

    monkeypatch.setattr(tm, "_piece_width", counting)
    word = SHY.join(["ab"] * 50_000)
    lines = tm.wrap([Run(word)], 200, 10)
    assert len(lines) > 100 and calls <= 50_000 + 1  # each part measured once


def _doc(text: str) -> m.Document:
    section = m.empty_section("text", "Words", "w")
    section.text = text
    return m.Document(title="Soft hyphens", as_of=dt.date(2024, 1, 19), sections=[section])


TEXT = " ".join([f"Die {WORD} und die Wissen{SHY}schafts{SHY}theorie der Grenz{SHY}schutz"
                 f"{SHY}behörde."] * 6)


@pytest.mark.parametrize("writer", [write_slides_pdf, write_report_pdf])
def test_the_pdfs_break_at_soft_hyphens_with_a_hyphen_and_draw_no_other(writer):
    out = io.BytesIO()
    writer(_doc(TEXT), out)
    drawn = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)
    lines = [line.strip() for line in drawn.splitlines()]
    broken = [line for line in lines if re.search(r"(Donau|dampf|schiff|fahrts|Wissen|schafts"
                                                  r"|Grenz|schutz)-$", line)]
    assert broken  # some line ends at a soft hyphen, with a hyphen
    assert SHY not in drawn
    assert "Donaudampfschifffahrtsgesellschaft" in drawn.replace("-\n", "")


def test_the_deck_writes_the_hyphen_and_a_line_break_where_the_layout_broke():
    out = io.BytesIO()
    write_pptx(_doc(TEXT), out)
    with zipfile.ZipFile(out) as zf:
        xml = "".join(zf.read(n).decode() for n in zf.namelist()
                      if n.startswith("ppt/slides/slide"))
    breaks = re.findall(r"<a:t>([^<]*)-</a:t></a:r><a:br>", xml)
    assert breaks and all(b.endswith(("Donau", "dampf", "schiff", "fahrts", "Wissen",
                                      "schafts", "Grenz", "schutz")) for b in breaks)
    assert SHY in xml  # the soft hyphens where no line broke stay, for PowerPoint to use
