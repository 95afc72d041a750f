"""One source, one number, in every output (issue 14: "sources drifting from numbers"): the
paper numbers its endnotes as the layout numbers the deck's footnotes and sources slide
(`layout.citation_order`, first citation first), whatever cites a source first, a map's place
included. A source nothing cites comes after every cited one, so it moves no number."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from briefing import load_text
from briefing.layout import citation_order
from briefing.render.pdf.common import citation_numbers
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import write_slides_pdf

MAP_FIRST = """\
format: briefing/1
title: Numbers
as_of: 2024-01-19
sources:
  - {id: later, title: Zlater cited by the summary}
  - {id: mapsrc, title: Zmap cited by a place only}
  - {id: never, title: Znever cited}
sections:
  - kind: map
    title: Where
    places:
      - {name: Panjgur, lat: 26.97, lon: 64.09, label: strike, sources: [mapsrc]}
  - kind: summary
    title: Summary
    sources: [later]
    text: "- A point"
"""


def _text(write, doc) -> str:
    out = io.BytesIO()
    write(doc, out)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.getvalue())).pages)


def test_the_paper_numbers_sources_as_the_layout_does_a_map_place_included():
    doc = load_text(MAP_FIRST)
    layout = {s.id: k + 1 for k, s in enumerate(citation_order(doc))}
    assert layout == {"mapsrc": 1, "later": 2}
    assert citation_numbers(doc) == {**layout, "never": 3}


def test_the_slides_and_the_paper_list_the_same_source_under_the_same_number():
    doc = load_text(MAP_FIRST)
    for text in (_text(write_slides_pdf, doc), _text(write_report_pdf, doc)):
        listed = dict(re.findall(r"^\s*(\d+)\.\s*(Z[a-z]+)", text, re.M))
        assert listed["1"] == "Zmap" and listed["2"] == "Zlater", listed
