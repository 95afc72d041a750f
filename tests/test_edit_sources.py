"""Renaming a source: the id and every citation of it change together, and undo is exact."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from briefing import dumps, load_text
from briefing.model import document as m
from briefing.model import edit


def cited_ids(doc: m.Document) -> set[str]:
    ids: set[str] = set()
    for section in doc.sections:
        ids.update(section.sources)
        for part in (*section.items, *section.events):
            ids.update(part.sources)
        if section.chart is not None:
            ids.update(v.source for s in section.chart.series for v in s.values if v.source)
    return ids


def test_given_the_example_when_s2_is_renamed_then_every_citation_follows(example_doc):
    before = len(edit.source_citations(example_doc, "s2"))
    assert before > 5  # sections, events, judgments and chart values cite s2

    edit.rename_source(example_doc, "s2", "dawn-2024")

    assert example_doc.source_by_id("dawn-2024") is not None
    assert example_doc.source_by_id("s2") is None
    assert "s2" not in cited_ids(example_doc)
    assert len(edit.source_citations(example_doc, "dawn-2024")) == before
    chart = example_doc.section_by_id("casualties").chart
    assert chart.series[0].values[0].source == "dawn-2024"
    # the renamed document is still a valid file: no unknown source anywhere
    load_text(dumps(example_doc))


def test_every_kind_of_citation_follows_the_rename():
    doc = m.Document(title="T", as_of=dt.date(2024, 1, 1),
                     sources=[m.Source("a", "A"), m.Source("b", "B")])
    judgments = m.Section("judgments", "J", id="j", sources=["a", "b"],
                          items=[m.JudgmentItem("x", sources=["b", "a"])])
    timeline = m.Section("timeline", "T", id="t", events=[
        m.Event(dt.date(2024, 1, 1), "e", sources=["a"])])
    chart = m.Section("chart", "C", id="c", chart=m.Chart(categories=["k"], series=[
        m.Series("s", [m.Value(1, source="a")])]))
    doc.sections = [judgments, timeline, chart]

    edit.rename_source(doc, "a", "z")

    assert judgments.sources == ["z", "b"]
    assert judgments.items[0].sources == ["b", "z"]
    assert timeline.events[0].sources == ["z"]
    assert chart.chart.series[0].values[0].source == "z"


def test_undo_restores_the_document_exactly(example_doc):
    original = copy.deepcopy(example_doc)
    changes = edit.rename_source(example_doc, "s5", "s5-renamed")
    assert example_doc != original
    edit.restore_fields(changes)
    assert example_doc == original


def test_a_clashing_id_is_refused_and_nothing_changes(example_doc):
    original = copy.deepcopy(example_doc)
    with pytest.raises(ValueError, match="another source already has the id s3"):
        edit.rename_source(example_doc, "s2", "s3")
    assert example_doc == original


@pytest.mark.parametrize("bad", ["", "two words", "-lead"])
def test_a_malformed_id_is_refused(example_doc, bad):
    original = copy.deepcopy(example_doc)
    with pytest.raises(ValueError, match="is not an id"):
        edit.rename_source(example_doc, "s2", bad)
    assert example_doc == original


def test_a_dangling_citation_of_the_new_id_is_merged_and_undo_keeps_it_apart():
    doc = m.Document(title="T", as_of=dt.date(2024, 1, 1), sources=[m.Source("a", "A")])
    section = m.Section("text", "X", id="x", text="", sources=["a", "ghost"])
    doc.sections = [section]

    changes = edit.rename_source(doc, "a", "ghost")
    assert section.sources == ["ghost"]  # one entry, not two
    edit.restore_fields(changes)
    assert section.sources == ["a", "ghost"]


def test_renaming_to_the_same_id_changes_nothing(example_doc):
    assert edit.rename_source(example_doc, "s1", "s1") == []
