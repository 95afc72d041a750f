"""The built-in example: it validates, says what the issue asks, and keeps out what it must."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from briefing import load_file
from briefing.resources import example_path


def test_example_has_every_required_part(example_doc):
    kinds = {s.kind for s in example_doc.sections}
    assert {"summary", "timeline", "chart", "judgments", "text", "table", "quote"} <= kinds
    assert example_doc.as_of == dt.date(2024, 1, 19)
    assert len(example_doc.markings) >= 2


def test_timeline_has_both_strikes_on_their_dates(example_doc):
    events = [e for s in example_doc.sections if s.kind == "timeline" for e in s.events]
    by_date: dict[dt.date, str] = {}
    for e in events:
        by_date[e.date] = by_date.get(e.date, "") + f" {e.text} {e.place or ''}"
    assert "Balochistan" in by_date[dt.date(2024, 1, 16)]
    assert "Sistan-Baluchestan" in by_date[dt.date(2024, 1, 18)]


def test_casualty_chart_holds_the_reported_figures(example_doc):
    chart = next(s.chart for s in example_doc.sections if s.kind == "chart")
    cats = chart.categories
    pakistan, iran = chart.series
    assert pakistan.values[cats.index("Killed")].value == 2
    assert pakistan.values[cats.index("Injured")].value == 3
    killed_in_iran = iran.values[cats.index("Killed")]
    assert killed_in_iran.value == 9 and killed_in_iran.qualifier == "at least"
    assert killed_in_iran.label() == "at least 9"
    assert iran.values[cats.index("Injured")].value is None  # unknown, not zero
    assert chart.note and "verif" in chart.note.lower()


def test_later_period_and_unverified_claims_are_flagged(example_doc):
    caveats = " ".join(s.caveat or "" for s in example_doc.sections)
    assert "2025" in caveats
    assert "UNVERIFIED" in caveats.upper()


def test_no_personal_data_from_the_article_author_block(example_path):
    text = example_path.read_text(encoding="utf-8").lower()
    for needle in ("@", "phone", "+1", "street", "email"):
        assert needle not in text, needle


def test_example_matches_the_published_json_schema(example_path):
    import jsonschema

    schema = json.loads((example_path.parents[2] / "docs" / "briefing.schema.json").read_text())
    data = yaml.safe_load(example_path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)


def test_example_loads_from_the_resources_api():
    assert load_file(example_path()).title
