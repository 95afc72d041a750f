"""Saving: canonical YAML, atomic writes, load -> save -> load gives an equal document."""

from __future__ import annotations

import os

import pytest

from briefing import dumps, load_file, load_text, save
from briefing.atomic import atomic_output


def test_example_round_trips_equal(example_doc):
    assert load_text(dumps(example_doc)) == example_doc


def test_saving_twice_gives_identical_text(example_doc):
    once = dumps(example_doc)
    assert dumps(load_text(once)) == once


def test_canonical_yaml_keeps_key_order_unicode_and_blocks(example_doc):
    example_doc.title = "Sīstān-Baluchestan — سیستان و بلوچستان"
    text = dumps(example_doc)
    assert text.startswith("format: briefing/1\ntitle: ")
    assert "سیستان" in text  # kept as characters, not escaped
    assert "text: |" in text  # multi-line text as literal blocks


def test_qualified_and_unknown_values_survive_a_round_trip():
    doc = load_text(
        "format: briefing/1\ntitle: T\nas_of: 2024-01-19\n"
        "sources: [{id: s2, title: S}]\n"
        "sections:\n- kind: chart\n  title: C\n  chart:\n    type: bar\n    categories: [a, b, c]\n"
        "    series:\n    - name: x\n      values: [1.5, null, {value: 9, qualifier: at least, source: s2}]\n"
    )
    again = load_text(dumps(doc))
    values = again.sections[0].chart.series[0].values
    assert [v.value for v in values] == [1.5, None, 9]
    assert values[2].qualifier == "at least" and values[2].source == "s2"


def test_save_writes_the_file_atomically(tmp_path, example_doc):
    target = tmp_path / "b.yaml"
    save(example_doc, target)
    assert load_file(target) == example_doc
    assert [p.name for p in tmp_path.iterdir()] == ["b.yaml"]


def test_a_failed_write_leaves_the_old_file_untouched_and_no_temp_file(tmp_path):
    target = tmp_path / "b.yaml"
    target.write_bytes(b"old contents")
    with pytest.raises(RuntimeError), atomic_output(target) as stream:
        stream.write(b"half of the new")
        raise RuntimeError("disk on fire")
    assert target.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["b.yaml"]


def test_missing_ids_are_derived_from_titles_and_kept_unique():
    doc = load_text(
        "format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
        "- {kind: text, title: Key judgments, text: a}\n- {kind: text, title: Key judgments, text: b}\n"
    )
    assert [s.id for s in doc.sections] == ["key-judgments", "key-judgments-2"]
