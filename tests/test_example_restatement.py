"""The built-in example never tells a lower audience, in other words, what a marking withholds.

Removing a marked part is not enough if a part the audience does see says the same thing: a
PUBLIC reader of "most likely Iranian deterrence messaging" has the PARTNERS judgment. So, for
each audience below the top level, no sentence of a part marked above it may reappear, even
reworded by a few words, in any part the audience's export keeps. "Reappear" is measured on
content words: the share of the restricted sentence's words (stop words left out, inflections
matched by similarity) that one visible sentence also has.

Word overlap catches a sentence copied, trimmed or lightly reworded; a true paraphrase is kept out
by writing the example so that its assessments live only in judgments (and the desk's marked
table row), which the second test checks for estimative language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

import pytest

from briefing import load_file
from briefing.model import document as m
from briefing.model.markings import filter_for_audience, level_index, resolve_markings
from briefing.resources import example_path

# A restricted sentence reappears when this share of its content words is in one visible sentence:
# an eight-word sentence with three words changed still counts.
SHARE = 0.6
MIN_WORDS = 3  # shorter fragments ("Desk assessment", "Iran (IRGC)") are labels, not statements
SAME_WORD = 0.8  # difflib ratio: "rhetoric"/"rhetorical", "projection"/"project", "Pakistani"

STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my no
nor not now of off on once only or other our out over own same she should so some such than that
the their them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your
""".split())

# ICD 203's expressions of likelihood, and the verbs of a desk's own assessment.
ESTIMATIVE = re.compile(
    r"\b(almost (no chance|certain(ly)?)|(very |highly )?(un)?likely|probabl[ey]|improbabl[ey]|"
    r"roughly even (chance|odds)|remote(ly)?|we (assess|judge|estimate)|assess(es|ed)? that)\b",
    re.IGNORECASE)


def _parts(doc: m.Document) -> Iterator[tuple[str | None, str, list[str]]]:
    """(marking, where, texts) for every markable part of a resolved document."""
    for source in doc.sources:
        yield source.marking, f"source {source.id}", [source.title, source.publisher or ""]
    for section in doc.included_sections:
        own = [section.title, section.notes or "", section.caveat or "", section.text or ""]
        if section.quote:
            own += [section.quote.text, section.quote.speaker or ""]
        if section.image:
            own += [section.image.caption or "", section.image.alt or ""]
        if section.chart:
            own += [*section.chart.categories, section.chart.note or ""]
        if section.table:
            own += section.table.columns
        yield section.marking, f"section {section.id}", own
        for n, item in enumerate(section.items):
            if isinstance(item, m.KeyFigure):
                yield item.marking, f"{section.id} key figure {n + 1}", [item.label]
            else:
                yield item.marking, f"{section.id} judgment {n + 1}", [item.text]
        for n, event in enumerate(section.events):
            texts = [event.text, event.time or "", event.place or "", event.actor or ""]
            yield event.marking, f"{section.id} event {n + 1}", texts
        for series in section.chart.series if section.chart else []:
            yield series.marking, f"{section.id} series {series.name!r}", [series.name]
        for n, row in enumerate(section.table.rows if section.table else []):
            yield row.marking, f"{section.id} row {n + 1}", [c or "" for c in row.cells]


def _sentences(text: str) -> list[str]:
    """Lines, then sentences and clauses: a bullet's label and its claim are separate."""
    text = re.sub(r"[*_`]", "", text)
    return [s.strip(" -") for line in text.splitlines()
            for s in re.split(r"(?<=[.;:!?])\s+|\s+-\s+", line) if s.strip(" -")]


def _words(sentence: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", sentence.lower()) if w not in STOP]


def _share(restricted: list[str], visible: list[str]) -> float:
    """How much of a restricted sentence's content words one visible sentence has."""
    found = sum(1 for w in restricted if difflib.get_close_matches(w, visible, n=1, cutoff=SAME_WORD))
    return found / len(restricted)


def _statements(texts: list[str]) -> list[tuple[str, list[str]]]:
    return [(s, _words(s)) for t in texts for s in _sentences(t)]


def restatements(doc: m.Document, audience: str) -> list[str]:
    """Every restricted sentence that a part kept for `audience` says again, with where."""
    resolved = resolve_markings(doc)
    limit = doc.markings.index(audience)
    visible = [(where, s, w) for _, where, texts in _parts(filter_for_audience(doc, audience))
               for s, w in _statements(texts)]
    found = []
    for marking, where, texts in _parts(resolved):
        if level_index(resolved, marking) <= limit:
            continue
        for sentence, words in _statements(texts):
            if len(set(words)) < MIN_WORDS:
                continue
            for seen_where, seen, seen_words in visible:
                share = _share(words, seen_words)
                if share >= SHARE:
                    found.append(f"{marking} {where}: {sentence!r} is {share:.0%} in "
                                 f"{audience} {seen_where}: {seen!r}")
    return found


EXAMPLE = load_file(example_path())
LOWER = EXAMPLE.markings[:-1]


@pytest.mark.parametrize("audience", LOWER)
def test_no_restricted_sentence_reappears_for_a_lower_audience(audience):
    assert restatements(EXAMPLE, audience) == []


def test_the_measure_catches_a_restricted_sentence_lightly_reworded():
    """The control: a PUBLIC bullet that rewords the INTERNAL judgment by a few words is found."""
    doc = load_file(example_path())
    internal = next(i for s in doc.sections for i in s.items
                    if i.marking == "INTERNAL" and s.kind == "judgments")
    reworded = internal.text.replace("pairs", "combines").replace("expect", "anticipate")
    section = doc.section_by_id("regional-context")
    section.text += f"- {reworded}\n"
    assert restatements(doc, "PUBLIC") and restatements(doc, "PARTNERS")


def test_assessments_are_worded_only_in_judgments():
    """Estimative language ("likely", "probably") outside a judgment is an assessment out of place."""
    found = []
    for marking, where, texts in _parts(resolve_markings(EXAMPLE)):
        if " judgment " in where or " row " in where:
            continue  # the judgments, and the table's marked rows, may assess
        found += [f"{marking} {where}: {s!r}" for t in texts for s in _sentences(t)
                  if ESTIMATIVE.search(s)]
    assert found == []

