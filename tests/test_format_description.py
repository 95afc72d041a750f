"""The format described once (issue 13): one description of every field, from which the
reader, the validator, the writer, the editor and the published JSON Schema all come, and
validation that runs on the model, so the desktop app checks without writing YAML.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
from pathlib import Path

import jsonschema
import pytest
import yaml
from hostile_corpus import DATA, corpus_files, read_expect

from briefing.errors import BriefingError
from briefing.format import schema as schema_module
from briefing.format import writer
from briefing.format.reader import load_file, load_text, read_text
from briefing.format.validate import validate
from briefing.format.yamlsafe import compose, read_source
from briefing.model import document as m
from briefing.model import edit
from briefing.model import fields as f

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"
VALID = [*sorted((ROOT / "resources" / "examples").glob("*.yaml")), DATA / "stress.yaml",
         *sorted((ROOT / "templates" / "skeletons").glob("*.yaml")),
         *[p for p in corpus_files(DATA / "hostile") if read_expect(p.with_suffix(".expect")) is None]]
INVALID = corpus_files(DATA / "invalid")
CROSS_FIELD = {
    # what JSON Schema cannot say; `briefing validate` checks each of these
    "dangling-source": "a cited source exists",
    "dangling-value-source": "a cited source exists",
    "duplicate-section-id": "ids are unique",
    "duplicate-source-id": "ids are unique",
    "duplicate-key": "a YAML key appears once (JSON data has no duplicate keys)",
    "date-not-a-date": "a date is a real calendar date",
    "event-bad-date": "a date is a real calendar date",
    "image-absolute-path": "the image file is inside the briefing's folder",
    "image-missing-file": "the image file exists",
    "image-outside-folder": "the image file is inside the briefing's folder",
    "low-above-high": "a range's low end is not above its high end",
    "marking-without-levels": "a marking is one of the declared levels",
    "unknown-marking": "a marking is one of the declared levels",
    "series-too-long": "one value per category",
    "series-too-short": "one value per category",
    "table-row-length": "one cell per column",
}


def schema_accepts(path: Path) -> bool:
    data = schema_module.as_json(compose(read_source(path), str(path)))
    return jsonschema.Draft202012Validator(schema_module.json_schema()).is_valid(data)


# -- one description ----------------------------------------------------------------------------
@pytest.mark.parametrize("part", f.PARTS.values(), ids=lambda p: p.name)
def test_every_model_attribute_is_described_and_every_described_field_is_an_attribute(part):
    assert [spec.name for spec in part.fields] and \
        {spec.name for spec in part.fields} == {a.name for a in dataclasses.fields(part.model)}


def test_the_editors_fields_come_from_the_description():
    assert edit.DOCUMENT_FIELDS == tuple(s.name for s in f.DOCUMENT.fields if s.editable)
    assert edit.SECTION_FIELDS == tuple(s.name for s in f.SECTION.fields if s.editable)
    assert "format" not in edit.DOCUMENT_FIELDS and "kind" not in edit.SECTION_FIELDS


def test_the_writer_writes_keys_in_the_described_order():
    doc = load_file(EXAMPLE)
    data = writer.to_data(doc)
    assert list(data) == [k for k in f.DOCUMENT.keys() if k in data]
    for section in data["sections"]:
        assert list(section) == [k for k in f.SECTION.keys(section["kind"]) if k in section]
    chart = next(s["chart"] for s in data["sections"] if s["kind"] == "chart")
    assert list(chart) == [k for k in f.CHART.keys() if k in chart]


def test_a_new_field_is_one_edit(monkeypatch):
    """A field added to the description (and the model) is read, validated, written and
    published with no other change."""
    @dataclasses.dataclass
    class Image(m.Image):
        licence: str | None = None

    spec = f.Field("licence", "line", "the picture's licence", limit=5)
    image = dataclasses.replace(f.IMAGE, model=Image, fields=(*f.IMAGE.fields, spec))
    monkeypatch.setitem(f.PARTS, "image", image)
    monkeypatch.setattr(f, "IMAGE", image)
    text = "format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n" \
        "  - {kind: image, title: I, image: {path: a.png, licence: CC-BY}}\n"
    doc = load_text(text)
    assert doc.sections[0].image.licence == "CC-BY"
    assert "licence: CC-BY" in writer.dumps(doc)
    with pytest.raises(BriefingError) as caught:
        load_text(text.replace("CC-BY", "CC-BY-SA"), "d.yaml")
    assert str(caught.value.problems[0]).startswith(
        "d.yaml:5:59: error: sections[0].image.licence: 8 characters; the limit here is 5")
    published = schema_module.json_schema()["$defs"]["image"]["properties"]
    assert published["licence"]["maxLength"] == 5


def test_the_model_does_not_import_the_format_layer():
    """The model is the lowest layer: the ids and the field description live there."""
    imported = set()
    for path in (ROOT / "briefing" / "model").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add((path.name, node.module))
            elif isinstance(node, ast.Import):
                imported.update((path.name, alias.name) for alias in node.names)
    assert ("edit.py", "briefing.model.ids") in imported
    assert not [pair for pair in imported if pair[1].startswith(("briefing.format", "briefing.text",
                                                                 "briefing.layout", "briefing.render",
                                                                 "briefing.export"))]


# -- the published schema -----------------------------------------------------------------------
def test_the_committed_schema_is_the_generated_one():
    committed = (ROOT / "docs" / "briefing.schema.json").read_text(encoding="utf-8")
    assert committed == schema_module.dumps(), \
        "regenerate it: python -m briefing.format.schema > docs/briefing.schema.json"


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema_module.json_schema())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_the_schema_accepts_every_valid_document(path):
    if path.parent.name != "skeletons":
        load_file(path)  # valid indeed
    assert schema_accepts(path)


def test_the_schema_rejects_every_invalid_document_but_the_cross_field_rules():
    accepted = {p.stem for p in INVALID if schema_accepts(p)}
    assert accepted == set(CROSS_FIELD)


# -- validation on the model --------------------------------------------------------------------
def _break(doc: m.Document) -> m.Document:
    doc = copy.deepcopy(doc)
    doc.title = " "
    doc.sections[1].title = "x" * 2_001
    chart = next(s for s in doc.sections if s.kind == "chart").chart
    chart.series[0].values.append(m.Value(3))
    chart.series[0].values[0] = m.Value(5, qualifier="roughly", low=9, high=2)
    doc.sections[0].sources.append("nope")
    doc.sources[1].credibility = 9
    doc.sources.append(copy.deepcopy(doc.sources[0]))
    doc.markings = ["PUBLIC", "PUBLIC "]
    doc.sections[2].marking = "SECRET"
    return doc


def test_the_model_gets_the_same_problems_as_its_file():
    """Validating a model directly says what reading it back from YAML says, path for path."""
    doc = _break(load_file(EXAMPLE))
    direct = validate(doc, name="d.yaml")
    with pytest.raises(BriefingError) as caught:
        load_text(writer.dumps(doc), "d.yaml")
    via_file = caught.value.problems
    assert len(direct) >= 10
    assert sorted((p.path, p.message) for p in direct) == \
        sorted((p.path, p.message) for p in via_file)
    assert all(p.line is None for p in direct) and all(p.line for p in via_file)


def test_the_reader_hands_the_validator_a_location_for_every_value():
    read = read_text(EXAMPLE.read_text(encoding="utf-8"), "x.yaml")
    assert not read.problems
    chart = next(i for i, s in enumerate(read.doc.sections) if s.kind == "chart")
    assert read.locations[f"sections[{chart}].chart.series[0].values[1]"].line > \
        read.locations[f"sections[{chart}].chart"].line
    broken = copy.deepcopy(read.doc)
    broken.sections[chart].title = ""
    (problem,) = validate(broken, name="x.yaml", locations=read.locations)
    assert problem.line == read.locations[f"sections[{chart}].title"].line


# -- the desktop app ----------------------------------------------------------------------------
def test_the_app_checks_the_live_model_without_writing_yaml(monkeypatch, tmp_path):
    from ui.problems import find_problems

    path = tmp_path / "b.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    doc = load_file(path)

    def no_yaml(*args, **kwargs):
        raise AssertionError("the app validated by writing YAML")

    monkeypatch.setattr(writer, "dumps", no_yaml)
    monkeypatch.setattr(yaml, "dump", no_yaml)
    doc.sections[2].title = ""
    doc.sections[3].sources = ["nope"]
    problems = find_problems(doc, tmp_path)
    assert problems.by_section[2] == ["title: must not be empty: write some text here"]
    assert problems.by_section[3][0].startswith("sources[0]: unknown source 'nope'")


def test_problems_keep_the_open_files_line_numbers_where_the_part_is_unchanged(tmp_path):
    from ui.problems import find_problems

    doc = load_file(EXAMPLE)
    doc.sections[3].sources = ["nope"]  # saved with a problem, as the app allows
    path = tmp_path / "b.yaml"
    writer.save(doc, path)
    doc.sections[2].title = ""  # edited since: no line in the file to point at
    problems = find_problems(doc, tmp_path, path)
    line = read_text(path.read_text(encoding="utf-8")).locations["sections[3].sources[0]"].line
    assert problems.by_section[3] == [f"sources[0]: unknown source 'nope'; add it under "
                                      f"`sources:` or fix the id (line {line})"]
    assert problems.by_section[2] == ["title: must not be empty: write some text here"]
    assert find_problems(doc, tmp_path).by_section[3][0].endswith("fix the id")
