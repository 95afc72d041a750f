"""Every output lists the same sources with the same numbers.

The rule (`layout.context.also_consulted`, docs/format.md "Sources"): the sources the briefing
cites, numbered by first citation (the numbers of the footnote markers), then those no section
cites under "Also consulted", numbered on. The paper used to list the uncited ones and the
deck's sources slide not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_text
from briefing.export.job import default_job, run_export

DOC = """\
format: briefing/1
title: Sources agree
as_of: 2024-03-20
sources:
  - {id: a, title: Alphawire report, publisher: Alpha}
  - {id: b, title: Bravonews feature, publisher: Bravo}
  - {id: c, title: Charliepost column, publisher: Charlie}
  - {id: d, title: Deltaview interview, publisher: Delta}
  - {id: e, title: Echotimes dataset, publisher: Echo}
sections:
  - {kind: text, title: First, text: "Body one.", sources: [c]}
  - {kind: text, title: Second, text: "Body two.", sources: [a, c]}
  - {kind: text, title: Left out, text: "Not shown.", sources: [d], include: false}
  - kind: chart
    title: Counts
    chart:
      type: column
      categories: [X, Y]
      series:
        - name: S
          values: [1, {value: 2, source: e}]
"""
#: cited by first citation (c, a, then e on a chart value); b and d cited by no shown section
EXPECTED = [("1", "Charliepost"), ("2", "Alphawire"), ("3", "Echotimes"), ("", "Also consulted"),
            ("4", "Bravonews"), ("5", "Deltaview")]
TITLE = re.compile(r"(?:(\d+)\.\s+)?(Also consulted|[A-Z][a-z]+(?:wire|news|post|view|times))\b")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sources")
    job = default_job("agree", out)
    job.report = out / "agree-report.pdf"
    run_export(load_text(DOC), job)
    return dict(job.targets())


def _deck_entries(path: Path) -> list[tuple[str, str]]:
    """(number, first word) of each paragraph of the sources slides: the number PowerPoint's
    own numbering gives it (`startAt`), "" for an unnumbered heading."""
    out = []
    for slide in Presentation(str(path)).slides:
        if not slide.shapes.title or not slide.shapes.title.text.startswith("Sources"):
            continue
        for shape in slide.shapes:
            if not shape.has_text_frame or shape == slide.shapes.title:
                continue
            for para in shape.text_frame.paragraphs:
                found = TITLE.match(para.text)
                if found:
                    auto = para._p.find(".//{*}buAutoNum")
                    out.append((auto.get("startAt", "1") if auto is not None else "",
                                found.group(2)))
    return out


def _pdf_entries(path: Path, pages: slice) -> list[tuple[str, str]]:
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages[pages])
    text = text[text.rindex("Sources\n"):] if "Sources\n" in text else text
    return [(n or "", word) for n, word in TITLE.findall(text)]


def test_the_deck_lists_cited_then_also_consulted_sources(outputs):
    assert _deck_entries(outputs["pptx"]) == EXPECTED


def test_the_slides_pdf_lists_the_same_sources_with_the_same_numbers(outputs):
    assert _pdf_entries(outputs["pdf"], slice(-1, None)) == EXPECTED


def test_the_paper_lists_the_same_sources_with_the_same_numbers(outputs):
    assert _pdf_entries(outputs["report"], slice(-1, None)) == EXPECTED


def test_a_briefing_citing_every_source_has_no_also_consulted(tmp_path):
    doc = DOC.replace("sources: [c]}", "sources: [c, b, d]}")
    job = default_job("all", tmp_path)
    job.report = tmp_path / "all-report.pdf"
    run_export(load_text(doc), job)
    outputs = dict(job.targets())
    for entries in (_deck_entries(outputs["pptx"]),
                    _pdf_entries(outputs["pdf"], slice(-1, None)),
                    _pdf_entries(outputs["report"], slice(-1, None))):
        assert [w for _n, w in entries] == ["Charliepost", "Bravonews", "Deltaview",
                                            "Alphawire", "Echotimes"]
