"""Validation (issue 2): every rule a user can break is reported at its line, column and field,
with what is wrong and how to fix it; all problems of a file at once; nothing exported.

`tests/data/invalid/` holds one briefing per rule, each with a `.expect` naming the place and
the message (see `tests/hostile_corpus.py` for the format).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hostile_corpus import DATA, Expected, corpus_files, problem_lines, read_expect

from briefing.cli import main
from briefing.errors import BriefingError
from briefing.format.reader import load_text

INVALID = corpus_files(DATA / "invalid")
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<path>[^ ]+): (?P<msg>.+)$")

HEAD = "format: briefing/1\ntitle: T\nas_of: 2024-01-19\n"


def problems(text: str) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load_text(text, "doc.yaml")
    return [str(p) for p in caught.value.problems]


def test_there_are_at_least_25_broken_documents():
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_a_broken_document_is_reported_at_its_place_and_not_exported(path: Path, tmp_path, capsys):
    expected = read_expect(path.with_suffix(".expect"))
    assert expected, "every invalid document names the problem it must produce"

    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    lines = problem_lines(err)
    assert len(lines) == len(expected), err
    for want, line in zip(expected, lines, strict=True):
        assert want.matches(path, line), f"\n  want {want}\n  got  {line}"
        assert PROBLEM_LINE.match(line), "FILE:LINE:COL: error: FIELD.PATH: message"
    assert re.search(r"^1 error$", err, re.M)

    out = tmp_path / "out"
    assert main(["export", str(path), "-o", str(out)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_the_corpus_check_can_fail():
    """A wrong line, column, field or message is not taken for a match."""
    line = "d.yaml:4:8: error: as_of: 2024-02-30 is not a real calendar date"
    assert Expected.parse("4:8 | as_of | not a real calendar date").matches("d.yaml", line)
    for wrong in ("4:9 | as_of | not a real", "5:8 | as_of | not a real",
                  "4:8 | title | not a real", "4:8 | as_of | unknown key", "- | - | not a real"):
        assert not Expected.parse(wrong).matches("d.yaml", line), wrong


def test_all_problems_of_a_file_are_reported_at_once_in_file_order():
    text = HEAD.replace("2024-01-19", "2024-02-30") + "subtitel: x\nportion_marks: maybe\nsections:\n" \
        "  - {kind: chart, title: C, chart: {type: donut, categories: [a], series: [{name: s, values: [-1]}]}}\n" \
        "  - {kind: text, title: '', text: x, sources: [nope]}\n"
    found = problems(text)
    assert [p.split(": error: ")[1].split(":")[0] for p in found] == [
        "as_of", "subtitel", "portion_marks", "sections[0].chart.type",
        "sections[0].chart.series[0].values[0]", "sections[1].title", "sections[1].sources[0]",
    ]
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_the_document_fields_are_checked_even_when_sections_are_broken():
    found = problems(HEAD + "author: [a]\nclassification: {x: 1}\nsections: 5\n")
    assert any("author: expected text, found a list" in p for p in found)
    assert any("classification: expected text, found a mapping" in p for p in found)
    assert any("sections: expected a list" in p for p in found)


@pytest.mark.parametrize("where, body, key, suggestion", [
    ("", "sectons: []\n", "sectons", "sections"),
    ("sources[0]", "sources: [{id: s1, title: S, publsher: P}]\nsections: [{kind: text, title: T, text: x}]\n",
     "publsher", "publisher"),
    ("sections[0]", "sections: [{kind: text, title: T, text: x, caveats: y}]\n", "caveats", "caveat"),
    ("sections[0].items[0]", "sections: [{kind: judgments, title: T, items: [{text: x, confidense: low}]}]\n",
     "confidense", "confidence"),
    ("sections[0].events[0]", "sections: [{kind: timeline, title: T, events: [{date: 2024-01-01, text: x, plac: y}]}]\n",
     "plac", "place"),
    ("sections[0].chart", "sections: [{kind: chart, title: T, chart: {type: bar, categories: [a], series: [{name: s, values: [1]}], notes: n}}]\n",
     "notes", "note"),
    ("sections[0].chart.series[0]", "sections: [{kind: chart, title: T, chart: {type: bar, categories: [a], series: [{name: s, value: [1], values: [1]}]}}]\n",
     "value", "values"),
    ("sections[0].chart.series[0].values[0]", "sections: [{kind: chart, title: T, chart: {type: bar, categories: [a], series: [{name: s, values: [{valeu: 1}]}]}}]\n",
     "valeu", "value"),
    ("sections[0].table", "sections: [{kind: table, title: T, table: {columns: [a], row: []}}]\n", "row", "rows"),
    ("sections[0].quote", "sections: [{kind: quote, title: T, quote: {text: x, speeker: y}}]\n", "speeker", "speaker"),
    ("sections[0].image", "sections: [{kind: image, title: T, image: {path: a.png, captoin: y}}]\n", "captoin", "caption"),
])
def test_an_unknown_key_names_the_nearest_valid_one(where, body, key, suggestion):
    found = problems(HEAD + body)
    path = f"{where}.{key}" if where else key
    assert any(f"error: {path}: unknown key {key!r} (did you mean {suggestion!r}?)" in p
               for p in found), found


def test_an_unknown_source_id_suggests_the_closest_one():
    found = problems(HEAD + "sources: [{id: casualties-un, title: S}]\n"
                     "sections: [{kind: text, title: T, text: x, sources: [casualties-un2]}]\n")
    assert "did you mean 'casualties-un'?" in found[0]


def test_a_source_whose_id_is_not_text_is_reported_and_its_citations_still_checked():
    """A list where an id belongs is one located error; the other ids are still suggested
    (the validator once sorted the refused id with them and crashed)."""
    found = problems(HEAD + "sources: [{id: [], title: A}, {id: s2, title: B}]\n"
                     "sections: [{kind: text, title: T, text: x, sources: [s3]}]\n")
    assert any("sources[0].id: expected text, found a list" in p for p in found)
    assert any("unknown source 's3'" in p and "'s2'" in p for p in found)


def test_a_marking_in_other_capitals_suggests_the_declared_one():
    found = problems(HEAD + "markings: [PUBLIC, INTERNAL]\n"
                     "sections: [{kind: text, title: T, text: x, marking: Internal}]\n")
    assert "did you mean 'INTERNAL'?" in found[0]


@pytest.mark.parametrize("value, message", [
    ("-3", "is negative"),
    (".nan", "not a finite number"),
    (".inf", "not a finite number"),
    ("-.inf", "not a finite number"),
    ("1.0e+400", "implausibly large"),
    ("2000000000000000", "implausibly large"),
    ("9" * 400, "implausibly large"),
    ("'12'", "write numbers without quotes"),
    ("twelve", "expected a number"),
    ("[1]", "expected a number (or null"),
    ("true", "expected a number"),
])
def test_a_chart_count_must_be_a_finite_non_negative_plausible_number(value, message):
    found = problems(HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
                     f"      categories: [a]\n      series: [{{name: s, values: [{value}]}}]\n")
    assert len(found) == 1 and message in found[0]
    assert found[0].startswith("doc.yaml:10:35: ") and "sections[0].chart.series[0].values[0]" in found[0]


@pytest.mark.parametrize("value, expected", [("0", 0.0), ("1e6", 1e6), ("2.5", 2.5), ("1_000", 1000.0),
                                             ("null", None), ("~", None)])
def test_plausible_counts_are_accepted(value, expected):
    doc = load_text(HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
                    f"      categories: [a]\n      series: [{{name: s, values: [{value}]}}]\n")
    assert doc.sections[0].chart.series[0].values[0].value == expected


@pytest.mark.parametrize("as_of", ["2024-02-30", "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-19T24:30:00",
                                   "'2024-02-30'", "'2024-1-32'"])
def test_a_date_that_is_not_a_date_is_refused(as_of):
    found = problems(HEAD.replace("2024-01-19", as_of) + "sections: [{kind: text, title: T, text: x}]\n")
    assert found == [f"doc.yaml:3:8: error: as_of: {as_of.strip(chr(39))} is not a real calendar date or "
                     "time: check the day of the month (and the hour)"]


@pytest.mark.parametrize("as_of, expected", [
    ("2024-02-29", dt.date(2024, 2, 29)),
    ("2024-01-19T14:30:00", dt.datetime(2024, 1, 19, 14, 30)),
    ("2024-01-19 14:30", dt.datetime(2024, 1, 19, 14, 30)),
    ("2024-01-19T14:30:00+05:00",
     dt.datetime(2024, 1, 19, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))),
    ("'2024-01-19'", dt.date(2024, 1, 19)),
])
def test_real_dates_and_times_are_read_as_written(as_of, expected):
    doc = load_text(HEAD.replace("2024-01-19", as_of) + "sections: [{kind: text, title: T, text: x}]\n")
    assert doc.as_of == expected and type(doc.as_of) is type(expected)
    assert getattr(doc.as_of, "tzinfo", None) == getattr(expected, "tzinfo", None)


def test_a_value_cell_count_mismatch_is_one_problem_even_when_a_value_is_also_bad():
    found = problems(HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
                     "      categories: [a, b]\n      series: [{name: s, values: [x, 1, 2]}]\n")
    assert len(found) == 2
    assert "3 values for 2 categories" in found[0] and "expected a number" in found[1]


def test_a_wrong_type_where_a_list_belongs_is_one_problem_not_two():
    found = problems(HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n"
                     "      categories: [a]\n      series: [{name: s, values: 7}]\n")
    assert len(found) == 1 and "expected a list" in found[0]


@pytest.mark.parametrize("body, message", [
    ("sections:\n", "at least one section is needed"),
    ("sections: []\n", "at least one section is needed"),
    ("sections: [{kind: '', title: T}]\n", "kind must not be empty"),
    ("sections: [{kind: text, title: T, text: x, id: a b}]\n", "may contain only letters"),
    ("sections: [{kind: chart, title: T, chart: {type: bar, categories: [], series: [{name: s, values: []}]}}]\n",
     "a chart needs at least one category"),
    ("sections: [{kind: chart, title: T, chart: {type: bar, categories: [a], series: []}}]\n",
     "a chart needs at least one series"),
    ("sections: [{kind: chart, title: T, chart: {type: bar, categories: ~, series: [{name: s, values: []}]}}]\n",
     "a chart needs at least one category"),  # written empty is empty, not absent
    ("sections: [{kind: table, title: T, table: {columns: ~}}]\n", "a table needs at least one column"),
    ("sections: [{kind: chart, title: T, chart: {type: bar, categories: [a], series: [{name: '', values: [1]}]}}]\n",
     "must not be empty"),
    ("sections: [{kind: table, title: T, table: {columns: [a, b], rows: [{cells: [x]}]}}]\n", "1 cells for 2 columns"),
    ("sections: [{kind: table, title: T, table: {columns: [a], rows: [{cells: x}]}}]\n", "cells must be a list"),
    ("sections: [{kind: text, title: T, text: x, include: 'no'}]\n", "expected true or false"),
    ("sections:\n  - {kind: text, title: T, text: x}\n  -\n", "empty entry in the list"),
    ("markings: [A, '']\nsections: [{kind: text, title: T, text: x}]\n", "must not be empty"),
    ("sources: [{id: s1, title: S, credibility: 2.5}]\nsections: [{kind: text, title: T, text: x}]\n",
     "expected a whole number"),
    ("sources: [{id: s1, title: S, date: 2024-02-30}]\nsections: [{kind: text, title: T, text: x}]\n",
     "not a real calendar date"),
    ("sections: [{kind: quote, title: T, quote: {text: x, date: soon}}]\n", "expected a date"),
    ("sections: [{kind: text, title: T, text: x, caveat: " + "w" * 2001 + "}]\n", "the limit here is 2,000"),
])
def test_each_remaining_rule_has_its_message(body, message):
    found = problems(HEAD + body)
    assert any(message in p for p in found), found
    assert all(PROBLEM_LINE.match(p) for p in found), found


FIX = re.compile(r"\b(use|add|remove|give|write|check|save|split|quote|put|fix|keep|replace|"
                 r"rename|copy|shorten|delete|start|indent|retype|export|group|change|swap|close)\b")


@pytest.mark.parametrize("folder", ["invalid", "hostile"])
def test_every_message_says_what_to_do(folder):
    """The wording rule: what is wrong, then how to fix it (an imperative: use, add, remove...)."""
    from briefing.format.reader import load_file

    for path in corpus_files(DATA / folder):
        try:
            load_file(path)
        except BriefingError as exc:
            for problem in exc.problems:
                assert FIX.search(problem.message), f"{path.name}: {problem.message}"


@pytest.mark.parametrize("levels, refused", [
    (["PUBLIC", "PUBLI\u0421"], "markings[1]"),        # Cyrillic Es
    (["Public", "\u0420ublic"], "markings[1]"),        # Cyrillic Er
    (["INTERNAL", "\u0399NTERNAL"], "markings[1]"),    # Greek Iota
    (["PUBLIC", "\uff30\uff35\uff22\uff2c\uff29\uff23"], "markings[1]"),  # full-width
    (["PUBLIC", "PUBLIC "], "markings[1]"),            # a trailing space
    ([" PUBLIC", "INTERNAL"], "markings[0]"),          # a leading one
    (["PUBLIC", "Public"], None),                      # other capitals are visibly different
    (["\u041e\u0424\u0418\u0426\u0418\u0410\u041b\u042c\u041d\u041e", "SECRET"], None),
])
def test_marking_levels_must_be_told_apart_at_a_glance(levels, refused):
    body = "markings: [" + ", ".join(f'"{level}"' for level in levels) + "]\n" \
        "sections: [{kind: text, title: T, text: x}]\n"
    if refused is None:
        load_text(HEAD + body)
        return
    found = problems(HEAD + body)
    assert len(found) == 1 and f"error: {refused}: level " in found[0], found
