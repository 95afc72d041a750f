"""Editions: what changed since the last brief.

Yesterday's edition is the built-in example; today's raises a figure ("at least 9" killed -> 11),
lowers a judgment's confidence, adds a section on border closures, removes the nuclear-claim
section and rewords the INTERNAL desk assessment. The diff must say each of these, in text and
JSON, and for PUBLIC nothing of the INTERNAL change.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from briefing import dumps, load_file, load_text
from briefing.cli import main
from briefing.diff.editions import compare_editions
from briefing.diff.present import JSON_FORMAT, NOTHING_MATCHED, as_json, as_text
from briefing.model import compare as c
from briefing.model import document as m

INTERNAL_WORDS = "QZDESKVIEW"


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, f"the example no longer has {old!r}: update this spec's edition"
    return text.replace(old, new, 1)


def todays_edition(yesterday: str) -> str:
    text = _edit(yesterday, "as_of: 2025-06-18", "as_of: 2025-06-19")
    text = _edit(text, "- {value: 9, qualifier: at least, source: s5}", "- {value: 11, source: s5}")
    text = _edit(text, "given its parallel strikes in Iraq and Syria.\n        confidence: moderate",
                 "given its parallel strikes in Iraq and Syria.\n        confidence: low")
    start, end = text.index("  - id: nuclear-claim"), text.index("  - part: Outlook")
    text = text[:start] + text[end:]
    text = _edit(text, "  - id: casualties\n",
                 "  - id: border-closures\n    kind: text\n    title: Border closures\n"
                 "    text: |\n      - Pakistan closed the Taftan crossing on 19 Jan.\n\n"
                 "  - id: casualties\n")
    return _edit(text, "Pakistan's reply was sized one-for-one",
                 f"Pakistan's reply was {INTERNAL_WORDS} one-for-one")


@pytest.fixture
def editions(tmp_path, example_path):
    yesterday = example_path.read_text(encoding="utf-8")
    old, new = tmp_path / "yesterday.yaml", tmp_path / "today.yaml"
    old.write_text(yesterday, encoding="utf-8")
    new.write_text(todays_edition(yesterday), encoding="utf-8")
    return old, new


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- the example pair, as a person reads it ---------------------------------------------------

def test_the_change_list_says_what_changed_grouped_by_section(editions, capsys):
    code, out, err = _run(capsys, *map(str, editions))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Changes since 18 June 2025")
    assert "    as of: 18 June 2025 -> 19 June 2025" in lines
    assert "+ Border closures [border-closures]: new section" in lines
    assert "- Nuclear claim (unverified) [nuclear-claim]: section removed" in lines
    at = lines.index("~ Reported casualties by side [casualties]")
    assert lines[at + 1] == "    Killed / Iran (Pakistani strike, 18 Jan): at least 9 -> 11"
    at = lines.index("~ Key judgments [key-judgments]")
    assert lines[at + 1].startswith("    confidence moderate -> low: judgment “Iran probably")
    assert "~ Positions at a glance [positions]" in lines  # the INTERNAL row, for everyone
    assert INTERNAL_WORDS in out
    assert all(len(line) <= 110 for line in lines)


def test_the_json_has_its_documented_shape(editions, capsys):
    code, out, _ = _run(capsys, *map(str, editions), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == JSON_FORMAT
    assert data["old"] == {"title": "Iran-Pakistan cross-border strikes", "as_of": "2025-06-18"}
    assert data["new"]["as_of"] == "2025-06-19"
    assert data["changed"] is True and data["nothing_matched"] is False
    keys = {"kind", "section", "section_title", "field", "old", "new", "removed_words",
            "added_words", "marking"}
    assert all(set(change) == keys for change in data["changes"])
    assert all(change["kind"] in c.KINDS for change in data["changes"])
    value = next(ch for ch in data["changes"] if ch["kind"] == "value-changed")
    assert (value["section"], value["old"], value["new"]) == ("casualties", "at least 9", "11")
    confidence = next(ch for ch in data["changes"] if ch["kind"] == "confidence-changed")
    assert (confidence["old"], confidence["new"]) == ("moderate", "low")
    assert {"border-closures"} == {ch["section"] for ch in data["changes"]
                                   if ch["kind"] == "section-added"}
    assert {"nuclear-claim"} == {ch["section"] for ch in data["changes"]
                                 if ch["kind"] == "section-removed"}
    [row] = [ch for ch in data["changes"] if ch["section"] == "positions"]
    assert (row["kind"], row["field"]) == ("text-changed", "row “Desk assessment”")
    assert (row["removed_words"], row["added_words"]) == (["sized"], [INTERNAL_WORDS])
    # each change is as restricted as what it tells: the INTERNAL row, the PUBLIC figure
    assert (row["marking"], value["marking"]) == ("INTERNAL", "PUBLIC")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_public_sees_every_public_change_and_no_trace_of_the_internal_one(editions, capsys, fmt):
    _, out, _ = _run(capsys, *map(str, editions), "--audience", "PUBLIC", "--format", fmt)
    assert INTERNAL_WORDS not in out and "Desk assessment" not in out
    assert "positions" not in out and "Positions at a glance" not in out
    assert "at least 9" in out and "border-closures" in out and "nuclear-claim" in out


def test_an_unchanged_edition_is_no_change_and_exit_zero(editions, capsys):
    code, out, _ = _run(capsys, str(editions[0]), str(editions[0]))
    assert code == 0 and out.splitlines()[1] == "No changes."
    code, out, _ = _run(capsys, str(editions[0]), str(editions[0]), "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_pure_formatting_is_no_change(example_path, capsys, tmp_path):
    """Re-saved by the writer (another key order, other quoting, other line breaks)."""
    doc = load_file(example_path)
    resaved = tmp_path / "resaved.yaml"
    resaved.write_text(dumps(doc).replace("- **", "-   **"), encoding="utf-8")
    assert example_path.read_text(encoding="utf-8") != resaved.read_text(encoding="utf-8")
    code, out, _ = _run(capsys, str(example_path), str(resaved))
    assert code == 0 and "No changes." in out


# --- bad input ----------------------------------------------------------------------------------

def test_an_old_edition_that_does_not_load_gets_its_own_located_errors(editions, capsys):
    old, new = editions
    old.write_text("format: briefing/1\ntitle: Broken\nas_of: 2024-13-40\nsections:\n"
                   "  - {kind: text, title: Rainfall, text: Heavy rain.}\n", encoding="utf-8")
    code, out, err = _run(capsys, str(old), str(new))
    assert code == 1 and out == ""
    assert err.startswith(f"{old}:3:") and str(new) not in err
    assert err.rstrip().endswith("1 error")


def test_an_undeclared_audience_is_refused_naming_the_edition(editions, capsys):
    code, out, err = _run(capsys, *map(str, editions), "--audience", "SECRET")
    assert code == 1 and out == ""
    assert err.startswith(f"{editions[0]}: error: --audience 'SECRET'")


def test_unrelated_briefings_are_compared_with_a_note(editions, capsys, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("format: briefing/1\ntitle: Floods in the delta\nas_of: 2024-08-01\n"
                     "sections:\n  - {kind: text, title: Rainfall, text: Heavy rain.}\n",
                     encoding="utf-8")
    code, out, _ = _run(capsys, str(editions[0]), str(other))
    assert code == 0
    assert out.splitlines()[1] == NOTHING_MATCHED
    assert "+ Rainfall [rainfall]: new section" in out
    assert "- Bottom line up front [bluf]: section removed" in out
    code, out, _ = _run(capsys, str(editions[0]), str(other), "--format", "json")
    assert json.loads(out)["nothing_matched"] is True


# --- the comparison, rule by rule -------------------------------------------------------------

def _doc(*sections: m.Section, sources: list[m.Source] | None = None, **kw) -> m.Document:
    return m.Document(title="T", as_of=dt.date(2024, 1, 19), sections=list(sections),
                      sources=sources or [], **kw)


def _text(title: str, text: str = "Some words.", sid: str = "") -> m.Section:
    return m.Section(kind="text", title=title, id=sid, text=text)


def _kinds(old: m.Document, new: m.Document) -> list[tuple[str, str | None]]:
    return [(ch.kind, ch.section) for ch in c.compare(old, new).changes]


def test_a_section_keeps_its_identity_by_id_when_retitled():
    old = _doc(_text("Border", sid="b"))
    new = _doc(_text("Border closures", sid="b"))
    [change] = c.compare(old, new).changes
    assert (change.kind, change.old, change.new) == (c.SECTION_RETITLED, "Border", "Border closures")


def test_sections_with_other_ids_match_by_kind_and_title():
    old = _doc(_text("Outlook", "Calm.", sid="x1"))
    new = _doc(_text("Outlook", "Tense.", sid="y7"))
    [change] = c.compare(old, new).changes
    assert change.kind == c.TEXT_CHANGED and change.section == "y7"


def test_a_section_moved_up_is_the_one_marked_moved():
    a, b, cc, d = (_text(t, sid=t) for t in "abcd")
    new = [_text(t, sid=t) for t in "dabc"]
    assert _kinds(_doc(a, b, cc, d), _doc(*new)) == [(c.SECTION_MOVED, "d")]


def test_text_changes_are_word_level_and_ignore_whitespace():
    old = _doc(_text("T", "At least nine  killed\nin the village.", sid="t"))
    same = _doc(_text("T", "At least nine killed in   the village.", sid="t"))
    assert c.compare(old, same).changes == []
    new = _doc(_text("T", "Eleven killed in the village, four children.", sid="t"))
    [change] = c.compare(old, new).changes
    assert change.removed == ("At", "least", "nine", "village.")
    assert change.added == ("Eleven", "village,", "four", "children.")


def _chart(categories: list[str], series: dict[str, list[m.Value]]) -> m.Section:
    return m.Section(kind="chart", title="Figures", id="f", chart=m.Chart(
        categories=categories, series=[m.Series(n, v) for n, v in series.items()]))


def test_chart_values_categories_and_series():
    old = _chart(["Killed", "Injured"], {"Iran": [m.Value(9, "at least"), m.Value(None)],
                                         "Pakistan": [m.Value(2), m.Value(3)]})
    new = _chart(["Killed", "Missing"], {"Iran": [m.Value(11), m.Value(1)],
                                         "Afghanistan": [m.Value(0), m.Value(0)]})
    changes = c.compare(_doc(old), _doc(new)).changes
    assert [(ch.kind, ch.field, ch.old, ch.new) for ch in changes] == [
        (c.CATEGORY_REMOVED, "category", "Injured", None),
        (c.CATEGORY_ADDED, "category", None, "Missing"),
        (c.SERIES_REMOVED, "series", "Pakistan", None),
        (c.VALUE_CHANGED, "Killed / Iran", "at least 9", "11"),
        (c.SERIES_ADDED, "series", None, "Afghanistan"),
    ]


def test_a_value_written_9_or_9_0_is_the_same_and_a_gap_is_unknown():
    assert c.compare(_doc(_chart(["K"], {"S": [m.Value(9)]})),
                     _doc(_chart(["K"], {"S": [m.Value(9.0)]}))).changes == []
    [change] = c.compare(_doc(_chart(["K"], {"S": [m.Value(None)]})),
                         _doc(_chart(["K"], {"S": [m.Value(4)]}))).changes
    assert (change.old, change.new) == ("unknown", "4")


def test_judgments_added_removed_reworded_and_confidence():
    def judgments(*items: m.JudgmentItem) -> m.Section:
        return m.Section(kind="judgments", title="J", id="j", items=list(items))

    old = judgments(m.JudgmentItem("Iran will not strike again this month.", "moderate"),
                    m.JudgmentItem("Talks resume within a week.", "high"))
    new = judgments(m.JudgmentItem("Iran will probably not strike again this month.", "low"),
                    m.JudgmentItem("Border trade stays closed.", "low"))
    kinds = [ch.kind for ch in c.compare(_doc(old), _doc(new)).changes]
    assert kinds == [c.TEXT_CHANGED, c.JUDGMENT_REMOVED, c.JUDGMENT_ADDED, c.CONFIDENCE_CHANGED]


def test_events_sources_and_the_document_fields():
    day = dt.date(2024, 1, 16)
    old = _doc(m.Section(kind="timeline", title="E", id="e",
                         events=[m.Event(day, "Strike."), m.Event(day, "Statement.")]),
               sources=[m.Source("s1", "Article", reliability="C", credibility=3),
                        m.Source("s2", "Wire")], classification="PUBLIC")
    new = _doc(m.Section(kind="timeline", title="E", id="e",
                         events=[m.Event(day, "Strike."), m.Event(day, "Border closed.")]),
               sources=[m.Source("s1", "Article", reliability="B", credibility=2),
                        m.Source("s3", "Ministry")], classification="OFFICIAL")
    new.as_of = dt.date(2024, 1, 20)
    changes = [(ch.kind, ch.old, ch.new) for ch in c.compare(old, new).changes]
    assert changes == [
        (c.AS_OF_CHANGED, "19 January 2024", "20 January 2024"),
        (c.CLASSIFICATION_CHANGED, "PUBLIC", "OFFICIAL"),
        (c.EVENT_REMOVED, "16 January 2024: Statement.", None),
        (c.EVENT_ADDED, None, "16 January 2024: Border closed."),
        (c.SOURCE_REMOVED, "Wire", None),
        (c.SOURCE_REGRADED, "C3", "B2"),
        (c.SOURCE_ADDED, None, "Ministry"),
    ]


def _map(*places: m.Place, caption: str | None = None,
         extent: list[float] | None = None) -> m.Section:
    return m.Section(kind="map", title="Where", id="w", places=list(places), caption=caption,
                     extent=extent)


def test_map_places_added_removed_moved_relabelled_and_the_caption():
    old = _map(m.Place("Panjgur", 26.97, 64.09, label="16 Jan strike"),
               m.Place("Saravan", 27.37, 62.33), m.Place("Quetta"), caption="Strike sites.")
    new = _map(m.Place("Panjgur", 26.97, 64.40, label="16 Jan strikes"),
               m.Place("Saravan", 27.3712, 62.3304), m.Place("Turbat", 26.0, 63.05),
               caption="Strike sites, approximate.", extent=[59, 24, 68, 30.5])
    changes = [(ch.kind, ch.field, ch.old, ch.new) for ch in c.compare(_doc(old), _doc(new)).changes]
    assert changes == [
        (c.TEXT_CHANGED, "map caption", "sites.", "sites, approximate."),
        (c.PLACE_REMOVED, "place", "Quetta (by name)", None),
        (c.PLACE_MOVED, "Panjgur", "26.97, 64.09", "26.97, 64.40"),
        (c.TEXT_CHANGED, "label of Panjgur", "16 Jan strike", "16 Jan strikes"),
        (c.TEXT_CHANGED, "map extent", None, "59, 24, 68, 30.5"),
        (c.PLACE_ADDED, "place", None, "Turbat (26.00, 63.05)"),
    ]


def test_a_place_the_audience_may_not_see_leaves_no_change(tmp_path, example_path, capsys):
    yesterday = example_path.read_text(encoding="utf-8")
    today = _edit(yesterday, "        sources: [s3, s5]\n    caption:",
                  "        sources: [s3, s5]\n      - name: QZSECRETSITE\n        lat: 28.1\n"
                  "        lon: 62.0\n        marking: INTERNAL\n    caption:")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yesterday, encoding="utf-8")
    new.write_text(today, encoding="utf-8")
    code, out, _ = _run(capsys, str(old), str(new))
    assert code == 0 and "place added: “QZSECRETSITE (28.10, 62.00)”" in out
    code, out, _ = _run(capsys, str(old), str(new), "--audience", "PUBLIC")
    assert code == 0 and "QZSECRETSITE" not in out and "No changes." in out


def test_a_section_left_out_of_the_deck_is_not_compared():
    hidden = _text("Draft", sid="d")
    hidden.include = False
    assert c.compare(_doc(_text("A", sid="a")), _doc(_text("A", sid="a"), hidden)).changes == []


def test_the_comparison_reads_what_the_reader_gives(example_path):
    """Both editions as loaded: the presentation never needs the files."""
    doc = load_file(example_path)
    result = compare_editions(doc, load_text(dumps(doc)), "PARTNERS")
    assert as_json(result)["changes"] == [] and "No changes." in as_text(result)


@pytest.mark.timeout(30)
def test_two_500_section_editions_compare_in_reasonable_time():
    """Measured in benchmarks/diff.py (well under 1 s); the guard is generous."""
    import sys
    from pathlib import Path

    here = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, here)
    try:
        from generate import make_document
    finally:
        sys.path.remove(here)
    old, new = make_document(500, seed=1), make_document(500, seed=1)
    new.sections[10].text = (new.sections[10].text or "") + " More."
    new.sections.insert(0, new.sections.pop(250))
    assert len(c.compare(old, new).changes) >= 1


# --- exports that show the changes (--since) ----------------------------------------------------

def _slides(pptx_path) -> list[str]:
    from pptx import Presentation

    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in Presentation(str(pptx_path)).slides]


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _export_since(editions, tmp_path, *extra: str) -> tuple[list[str], str]:
    old, new = editions
    out = tmp_path / "out"
    assert main(["export", str(new), "--since", str(old), "--pptx", str(out / "d.pptx"),
                 "--report", str(out / "r.pdf"), *extra]) == 0
    # the outputs keep dates and citations together with no-break spaces: read them as spaces
    return ([s.replace("\u00a0", " ") for s in _slides(out / "d.pptx")],
            _pdf_text(out / "r.pdf").replace("\u00a0", " "))


def test_the_deck_has_a_changes_slide_after_the_bottom_line(editions, tmp_path):
    slides, paper = _export_since(editions, tmp_path)
    at = next(i for i, s in enumerate(slides) if "Changes since 18 June 2025" in s
              and "Agenda" not in s)
    assert "Bottom line up front" in slides[at - 1]
    change_slide = slides[at]
    assert "at least 9 → 11" in change_slide and "Removed: Nuclear claim" in change_slide
    assert "New: Border closures" in change_slide and "moderate → low" in change_slide
    assert INTERNAL_WORDS in change_slide and "INTERNAL" in change_slide  # marked as its content
    assert "Changes since 18 June 2025" in paper and "at least 9 → 11" in paper


def test_a_public_export_since_the_last_edition_has_no_trace_of_the_internal_change(
        editions, tmp_path):
    slides, paper = _export_since(editions, tmp_path, "--audience", "PUBLIC")
    [change_slide] = [s for s in slides if "Changes since" in s and "Agenda" not in s]
    assert "at least 9 → 11" in change_slide
    assert "Positions at a glance" not in change_slide and "INTERNAL" not in change_slide
    assert INTERNAL_WORDS not in "\n".join(slides) and INTERNAL_WORDS not in paper


def test_speaker_notes_changes_stay_off_the_change_slide():
    from briefing.diff.slide import changes_text

    old = _doc(m.Section(kind="text", title="T", id="t", text="Same.", notes="Say calmly."))
    new = _doc(m.Section(kind="text", title="T", id="t", text="Same.", notes="Say QZNOTES."))
    assert len(c.compare(old, new).changes) == 1
    assert changes_text(c.compare(old, new)) == "- No changes.\n"


def test_export_since_refuses_to_write_over_the_previous_edition(editions, capsys):
    old, new = editions
    before = old.read_bytes()
    assert main(["export", str(new), "--since", str(old), "--pptx", str(old)]) == 1
    assert "previous edition" in capsys.readouterr().err and old.read_bytes() == before


def test_export_since_an_edition_that_does_not_load_writes_nothing(editions, tmp_path, capsys):
    old, new = editions
    old.write_text("format: briefing/1\ntitle: [unclosed\n", encoding="utf-8")
    assert main(["export", str(new), "--since", str(old), "-o", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"{old}:")
    assert not (tmp_path / "out").exists()


def test_a_long_change_list_is_cut_for_the_room():
    from briefing.diff.slide import MAX_LINES, changes_text

    new = _doc(*(_text(f"Section {i}", sid=f"s{i}") for i in range(MAX_LINES + 5)))
    text = changes_text(c.compare(_doc(), new))
    assert text.count("\n") == MAX_LINES + 1
    assert text.endswith("- … and 5 more (the full list: briefing diff)\n")


# --- hostile editions: the word matching has a budget ------------------------------------------

def test_a_local_edit_in_a_huge_text_is_found_exactly():
    words = [f"w{i}" for i in range(100_000)]
    changed = [*words[:50_000], "eleven", *words[50_001:]]
    old, new, removed, added = c.text_change(" ".join(words), " ".join(changed))
    assert (old, new, removed, added) == ("w50000", "eleven", ["w50000"], ["eleven"])


def test_two_huge_unrelated_texts_are_one_replaced_stretch():
    a = " ".join(f"a{i}" for i in range(5_000))
    b = " ".join(f"b{i}" for i in range(5_000))
    _old, _new, removed, added = c.text_change(a, b)
    assert len(removed) == len(added) == 5_000


def test_the_word_matching_of_a_whole_comparison_stays_within_its_budget(monkeypatch):
    """Hundreds of long texts and judgments, all different: difflib is asked to match no
    more word pairs than the budget, so two hostile editions cannot stall a diff or an export."""
    import difflib
    import random

    work = [0]

    class Counting(difflib.SequenceMatcher):
        def set_seqs(self, a, b):
            work[0] += len(a) * len(b)
            super().set_seqs(a, b)

    monkeypatch.setattr(c.difflib, "SequenceMatcher", Counting)
    rng = random.Random(3)
    vocabulary = [f"v{i}" for i in range(12)]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(n))

    def edition() -> m.Document:
        sections = [_text(f"T{i}", words(900), sid=f"t{i}") for i in range(200)]
        sections.append(m.Section(kind="judgments", title="J", id="j", items=[
            m.JudgmentItem(words(40)) for _ in range(50)]))
        return _doc(*sections)

    assert len(c.compare(edition(), edition()).changes) > 200
    assert 0 < work[0] <= c.TOTAL_WORD_BUDGET
