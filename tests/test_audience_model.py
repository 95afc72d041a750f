"""Markings on the model: inheritance, roll-up, and what an audience keeps."""

from __future__ import annotations

from briefing import load_text
from briefing.model.markings import (
    document_marking,
    filter_for_audience,
    portion_abbreviations,
    resolve_markings,
    section_marking,
)

DOC = """\
format: briefing/1
title: T
as_of: 2024-01-19
markings: [PUBLIC, PARTNERS, INTERNAL]
sources:
  - {id: s1, title: Open source}
  - {id: s2, title: Liaison report, marking: INTERNAL}
sections:
  - kind: judgments
    title: Judgments
    items:
      - {text: Open judgment, confidence: high, sources: [s1]}
      - {text: Secret judgment, confidence: low, sources: [s2], marking: INTERNAL}
  - kind: table
    title: Only internal rows
    table:
      columns: [a]
      rows:
        - {cells: [hidden], marking: INTERNAL}
  - kind: text
    title: Partner note
    marking: PARTNERS
    text: For partners.
"""


def test_children_inherit_their_section_level():
    doc = resolve_markings(load_text(DOC))
    assert doc.sections[0].items[0].marking == "PUBLIC"
    assert doc.sections[2].marking == "PARTNERS"


def test_roll_up_is_the_highest_level_present():
    doc = resolve_markings(load_text(DOC))
    assert section_marking(doc, doc.sections[0]) == "INTERNAL"
    assert document_marking(doc) == "INTERNAL"


def test_public_audience_keeps_only_public_content_and_its_sources():
    doc = filter_for_audience(load_text(DOC), "PUBLIC")
    assert [s.title for s in doc.sections] == ["Judgments"]  # emptied table dropped
    assert [i.text for i in doc.sections[0].items] == ["Open judgment"]
    assert [s.id for s in doc.sources] == ["s1"]
    assert doc.markings == ["PUBLIC"]
    assert document_marking(doc) == "PUBLIC"


def test_highest_audience_keeps_everything():
    doc = filter_for_audience(load_text(DOC), "INTERNAL")
    assert len(doc.sections) == 3 and len(doc.sources) == 2


def test_portion_abbreviations_are_unique():
    assert portion_abbreviations(["PUBLIC", "PARTNERS", "INTERNAL"]) == {
        "PUBLIC": "PU", "PARTNERS": "PA", "INTERNAL": "I"}
