"""Property tests: generated briefings survive save and load; mutated ones fail cleanly.

- Any valid generated document validates, saves with `briefing.format.writer`, and reloads equal.
- Any mutation of a valid document (its text or its data) either validates or raises a
  `BriefingError` whose problems are well formed: never another exception.
- Whatever the reader accepts, the writer can save and the reader reloads equal.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import string
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import BriefingError
from briefing.format.reader import load_file, load_text
from briefing.format.writer import dumps, save
from briefing.model import document as m

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "iran-pakistan-2024.yaml"
# BRIEFING_EXAMPLES=2000 for a long soak; the default keeps the suite quick.
SCALE = int(os.environ.get("BRIEFING_EXAMPLES", "100")) / 100
SETTINGS = settings(max_examples=int(100 * SCALE), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- strategies for valid documents ------------------------------------------------------------
# Text as people type it: any printable character, including right-to-left scripts and emoji,
# line breaks in long fields; YAML's forbidden control characters are not something a user can
# type into the GUI, and the reader refuses them in files with a clear message.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co"), blacklist_characters="\ufeff")
line_text = st.text(_CHARS, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
free_text = st.text(st.one_of(_CHARS, st.sampled_from("\n\t ")), max_size=120)
opt_line = st.none() | line_text
ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}\Z")
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
datetimes = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
date_like = st.one_of(dates, datetimes.map(lambda d: d.replace(microsecond=0)))
counts = st.one_of(st.integers(0, 10**12).map(float),
                   st.floats(0, 1e12, allow_nan=False, allow_infinity=False))


@st.composite
def values(draw, source_ids: list[str]) -> m.Value:
    if draw(st.booleans()):
        return m.Value(draw(st.none() | counts))
    low = draw(st.none() | counts)
    high = draw(st.none() | counts)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return m.Value(
        value=draw(st.none() | counts),
        qualifier=draw(st.none() | st.sampled_from(m.QUALIFIERS)),
        low=low, high=high,
        source=draw(st.none() | st.sampled_from(source_ids)) if source_ids else None,
    )


@st.composite
def charts(draw, source_ids: list[str], marking: st.SearchStrategy) -> m.Chart:
    ctype = draw(st.sampled_from(m.CHART_TYPES))
    n = draw(st.integers(1, 6))
    n_series = 1 if ctype == "pie" else draw(st.integers(1, 3))
    return m.Chart(
        type=ctype,
        categories=draw(st.lists(line_text, min_size=n, max_size=n)),
        series=[m.Series(draw(line_text), draw(st.lists(values(source_ids), min_size=n, max_size=n)),
                         marking=draw(marking)) for _ in range(n_series)],
        unit=draw(opt_line), note=draw(opt_line),
    )


@st.composite
def sections(draw, source_ids: list[str], levels: list[str]) -> m.Section:
    marking = st.none() | st.sampled_from(levels) if levels else st.none()
    refs = st.lists(st.sampled_from(source_ids), max_size=3) if source_ids else st.just([])
    kind = draw(st.sampled_from(m.SECTION_KINDS))
    s = m.Section(kind=kind, title=draw(line_text), id=draw(ids), notes=draw(st.none() | free_text),
                  sources=draw(refs), include=draw(st.booleans()), marking=draw(marking),
                  caveat=draw(opt_line))
    if kind in ("summary", "text"):
        s.text = draw(free_text)
    elif kind == "judgments":
        s.items = [m.JudgmentItem(draw(line_text), draw(st.sampled_from(m.CONFIDENCE_LEVELS)),
                                  draw(refs), draw(marking)) for _ in range(draw(st.integers(0, 3)))]
    elif kind == "timeline":
        s.events = [m.Event(draw(date_like), draw(line_text), time=draw(opt_line),
                            place=draw(opt_line), actor=draw(opt_line), sources=draw(refs),
                            marking=draw(marking)) for _ in range(draw(st.integers(0, 3)))]
    elif kind == "chart":
        s.chart = draw(charts(source_ids, marking))
    elif kind == "table":
        n = draw(st.integers(1, 4))
        s.table = m.Table(draw(st.lists(line_text, min_size=n, max_size=n)),
                          [m.TableRow(draw(st.lists(st.text(_CHARS, max_size=20), min_size=n,
                                                    max_size=n)), draw(marking))
                           for _ in range(draw(st.integers(0, 3)))])
    elif kind == "quote":
        s.quote = m.Quote(draw(line_text), draw(opt_line), draw(st.none() | date_like))
    elif kind == "key_figures":
        s.items = [m.KeyFigure(draw(values(source_ids)), draw(line_text), draw(refs),
                               draw(marking)) for _ in range(draw(st.integers(0, 7)))]
    elif kind == "map":  # coordinates given: the gazetteer is another test's subject
        names = draw(st.lists(line_text, max_size=3, unique=True))
        s.places = [m.Place(name, draw(st.floats(-90, 90)), draw(st.floats(-180, 180)),
                            label=draw(opt_line), sources=draw(refs), marking=draw(marking))
                    for name in names]
        s.caption = draw(opt_line)
    else:
        # Image files are checked against the disk only when a base folder is given.
        s.image = m.Image(draw(st.from_regex(r"\A[a-z0-9_-]{1,12}\.png\Z")), draw(opt_line),
                          draw(opt_line), draw(opt_line))
    return s


@st.composite
def documents(draw) -> m.Document:
    levels = draw(st.lists(st.from_regex(r"\A[A-Z]{2,10}\Z"), max_size=3, unique=True))
    source_ids = draw(st.lists(ids, max_size=4, unique=True))
    marking = st.none() | st.sampled_from(levels) if levels else st.none()
    sources = [m.Source(sid, draw(line_text), publisher=draw(opt_line), url=draw(opt_line),
                        date=draw(st.none() | date_like),
                        reliability=draw(st.none() | st.sampled_from(m.RELIABILITY_GRADES)),
                        credibility=draw(st.none() | st.sampled_from(m.CREDIBILITY_GRADES)),
                        marking=draw(marking)) for sid in source_ids]
    secs = draw(st.lists(sections(source_ids, levels), min_size=1, max_size=5,
                         unique_by=lambda s: s.id))
    return m.Document(title=draw(line_text), as_of=draw(date_like), sections=secs,
                      subtitle=draw(opt_line), author=draw(opt_line),
                      classification=draw(opt_line), theme=draw(st.sampled_from([None, "default"])),
                      markings=levels, portion_marks=draw(st.booleans()), sources=sources)


# -- valid documents -------------------------------------------------------------------------
@SETTINGS
@given(documents())
def test_any_generated_document_saves_and_reloads_equal(doc):
    text = dumps(doc)
    assert load_text(text) == doc
    assert dumps(load_text(text)) == text  # and the saved form is canonical


@settings(max_examples=int(25 * SCALE), deadline=None)
@given(documents())
def test_saving_to_a_file_and_loading_it_gives_the_same_document(doc):
    for s in doc.sections:  # load_file checks images on disk; keep this about the YAML
        if s.kind == "image":
            s.kind, s.image, s.text = "text", None, ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        save(doc, path)
        assert load_file(path) == doc


# -- mutations ---------------------------------------------------------------------------------
def _assert_clean(text: str, name: str = "<mutated>") -> m.Document | None:
    """The reader's only two outcomes: a document, or a BriefingError with located problems."""
    try:
        return load_text(text, name)
    except BriefingError as exc:
        assert exc.problems, "a BriefingError must carry at least one problem"
        for problem in exc.problems:
            rendered = str(problem)
            assert rendered.startswith(name) and ": error: " in rendered
            assert problem.message.strip()
            assert "Traceback" not in rendered
            assert (problem.line is None) == (problem.column is None)
            if problem.line is not None:
                assert problem.line >= 1 and problem.column >= 1
        return None


_BASE_TEXTS = [EXAMPLE.read_text(encoding="utf-8")]
JUNK = st.sampled_from([
    "\t", "'", '"', "[", "]", "{", "}", ":", ": ", "- ", "&a ", "*a", "!!python/object:os.system ",
    "!!binary ", "? ", "|", ">", "#", "%", "@", "`", "\\", "\n", "\n  ", "---\n", "...\n", "<<: ",
    "~", "null", ".nan", "-.inf", "1e999", "9" * 60, "2024-02-30", "\u202e", "\U0001f600",
    "\x85", "\u2028", "\x00", "\x07",
])


@st.composite
def text_mutations(draw) -> str:
    text = draw(st.sampled_from(_BASE_TEXTS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete-line", "duplicate-line", "swap-lines",
                                   "indent", "dedent", "truncate", "replace-char"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + draw(JUNK) + lines[i][col:]
        elif op == "delete-line" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate-line":
            lines.insert(i, lines[i])
        elif op == "swap-lines":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][draw(st.integers(1, 3)):]
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "replace-char" and lines[i]:
            col = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:col] + draw(st.characters()) + lines[i][col + 1:]
    return "\n".join(lines)


@SETTINGS
@given(text_mutations())
def test_any_text_mutation_validates_or_fails_cleanly(text):
    doc = _assert_clean(text)
    if doc is not None:
        assert load_text(dumps(doc)) == doc


_EXAMPLE_DATA = yaml.safe_load(_BASE_TEXTS[0])
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
JUNK_VALUES = st.one_of(
    st.sampled_from([None, "", " ", -1, -0.5, math.nan, math.inf, -math.inf, 10**40, 1e300, True,
                     [], {}, [[[]]], {"a": {"b": {"c": 1}}}, "2024-02-30", dt.date(2024, 2, 29),
                     "s999", "chart", "UNKNOWN-LEVEL", "x" * 3000, 0]),
    st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.integers(), max_size=5), st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every position in a plain-data tree: mapping keys and list indexes, depth first."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def data_mutations(draw) -> Any:
    import copy

    data = copy.deepcopy(_EXAMPLE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        positions = [p for p in _paths(data) if p]
        if not positions:
            break
        where = draw(st.sampled_from(positions))
        parent = data
        for step in where[:-1]:
            parent = parent[step]
        last = where[-1]
        op = draw(st.sampled_from(["replace", "delete", "rename-key", "add-key", "duplicate"]))
        if op == "replace":
            parent[last] = draw(JUNK_VALUES)
        elif op == "delete":
            del parent[last]
        elif op == "rename-key" and isinstance(parent, dict):
            parent[draw(st.text(string.ascii_letters + "_", min_size=1, max_size=10))] = parent.pop(last)
        elif op == "add-key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["kind", "text", "chart", "items", "id", "extra", "marking"]))] = \
                draw(JUNK_VALUES)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
    return data


@settings(SETTINGS, max_examples=int(60 * SCALE))
@given(data_mutations())
def test_any_data_mutation_validates_or_fails_cleanly(data):
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    doc = _assert_clean(text)
    if doc is not None:
        assert load_text(dumps(doc)) == doc


@settings(max_examples=int(300 * SCALE), deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_validate_or_fail_cleanly(data):
    from briefing.format.reader import load_bytes

    try:
        load_bytes(data, "<bytes>")
    except BriefingError as exc:
        assert exc.problems


def test_the_example_is_not_trivially_accepted_by_mutation():
    """The mutation tests can fail: deleting `sections` really is reported."""
    data = dict(_EXAMPLE_DATA)
    del data["sections"]
    assert _assert_clean(yaml.safe_dump(data)) is None
