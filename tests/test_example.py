"""The built-in example: it validates, says what the issue asks, and keeps out what it must."""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from briefing import load_file
from briefing.resources import example_path


def test_example_has_every_required_part(example_doc):
    kinds = {s.kind for s in example_doc.sections}
    assert {"summary", "timeline", "chart", "judgments", "text", "table", "quote"} <= kinds
    assert len(example_doc.markings) >= 2


def _texts(doc) -> list[str]:
    """Every text a reader can see: titles, notes, caveats, bodies, items, events, sources."""
    texts = [doc.title, doc.subtitle or ""]
    texts += [f"{s.title} {s.publisher or ''}" for s in doc.sources]
    for s in doc.sections:
        texts += [s.title, s.notes or "", s.caveat or "", s.text or ""]
        texts += [getattr(i, "text", None) or i.label for i in s.items]  # judgments, key figures
        texts += [f"{e.time or ''} {e.text}" for e in s.events]
        if s.chart:
            texts.append(s.chart.note or "")
    return texts


def test_the_as_of_date_and_the_period_covered_are_honest(example_doc):
    """Nothing in the briefing is later than its as-of date, and the subtitle names every year
    the briefing speaks of: the June 2025 context is not presented "as of January 2024"."""
    years = {int(y) for t in _texts(example_doc) for y in re.findall(r"\b(20\d\d)\b", t)}
    dated = [e.date for s in example_doc.sections for e in s.events]
    dated += [s.date for s in example_doc.sources if s.date]
    assert example_doc.as_of >= max(dated)
    assert example_doc.as_of.year >= max(years) == 2025
    assert all(str(y) in (example_doc.subtitle or "") for y in years)


def test_a_year_the_source_does_not_give_is_flagged_as_inferred(example_doc):
    """The article says "June 14" without a year: wherever the date appears it says the year is
    inferred, as the timeline does for the January dates derived from weekdays, and no source
    carries it as a plain date the sources list would print unflagged."""
    mentions = [line for t in _texts(example_doc) for line in t.splitlines() if "14 June" in line]
    assert mentions and all("inferred" in line for line in mentions), mentions
    assert all(s.date is None for s in example_doc.sources)  # the article dates none of them
    timeline = next(s for s in example_doc.sections if s.kind == "timeline")
    assert "derived from weekdays" in (timeline.caveat or "")


def test_pakistans_dead_are_reported_as_two_children(example_doc):
    chart = next(s.chart for s in example_doc.sections if s.kind == "chart")
    assert "Pakistan: the dead reported are two children" in (chart.note or "")
    for t in _texts(example_doc):
        for line in t.splitlines():
            if re.search(r"\b(2|two)\b[^.;]*\bkilled", line, re.IGNORECASE):
                assert "children" in line, line


def test_sources_name_a_publisher_or_say_it_is_not_named(example_doc):
    for source in example_doc.sources:
        assert source.publisher and source.publisher[0].isupper(), source.id
        assert "unknown" not in source.publisher.lower(), source.id


def test_the_desk_assessment_row_sits_under_headers_that_fit_it(example_doc):
    table = example_doc.section_by_id("positions").table
    desk = [r for r in table.rows if r.cells[0] == "Desk assessment"]
    assert desk and all(r.marking == "INTERNAL" for r in desk)
    assert not any(word in c.lower() for c in table.columns for word in ("official", "stated"))


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
    later = [s for s in example_doc.sections if "June 2025" in (s.caveat or "")]
    assert len(later) == 2 and all("later context" in s.caveat.lower() for s in later)


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
