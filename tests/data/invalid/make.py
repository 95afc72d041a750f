"""Writes the .yaml and .expect files of this folder (run: python tests/data/invalid/make.py).

The location an error must point at is marked in each text with '¦' (removed on writing),
so the expected LINE:COL comes from the document as written, not from the reader's output.
"""
from pathlib import Path

OUT = Path(__file__).resolve().parent
BASE = """\
# {comment}
format: briefing/1
title: Flooding in the Lower Valley
as_of: 2024-03-04
markings: [PUBLIC, INTERNAL]
sources:
  - id: s1
    title: Regional authority statement
    publisher: Lower Valley Authority
    reliability: B
    credibility: 2
sections:
  - id: bluf
    kind: summary
    title: Bottom line
    sources: [s1]
    text: |
      - Rivers peaked on 3 March.
      - Two districts remain cut off.
  - id: casualties
    kind: chart
    title: Casualties by district
    chart:
      type: column
      unit: people
      categories: [North, South]
      series:
        - {name: Killed, values: [2, 9]}
        - {name: Injured, values: [3, null]}
      note: As reported by the authority.
"""

def doc(comment, old=None, new=None, extra=""):
    text = BASE.replace("{comment}", comment)
    if old is not None:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + extra

CASES = {
 "missing-title": (doc("title is required", "title: Flooding in the Lower Valley\n", ""),
                   "format: briefing/1", "title", "required key 'title' is missing"),
 "empty-title": (doc("title must not be empty", "title: Flooding in the Lower Valley", 'title: ¦""'),
                 None, "title", "must not be empty"),
 "blank-section-title": (doc("a section title of spaces", "title: Bottom line", 'title: ¦"   "'),
                         None, "sections[0].title", "must not be empty"),
 "missing-as-of": (doc("as_of is required", "as_of: 2024-03-04\n", ""), "format: briefing/1", "as_of",
                   "required key 'as_of' is missing"),
 "date-not-a-date": (doc("30 February does not exist", "as_of: 2024-03-04", "as_of: ¦2024-02-30"),
                     None, "as_of", "2024-02-30 is not a real calendar date"),
 "date-is-words": (doc("a date in words", "as_of: 2024-03-04", "as_of: ¦last Tuesday"),
                   None, "as_of", "expected a date as YYYY-MM-DD"),
 "unknown-format": (doc("a future format version", "format: briefing/1", "format: ¦briefing/2"),
                    None, "format", "unsupported format 'briefing/2'"),
 "unknown-kind": (doc("a typo in kind", "kind: chart", "kind: ¦chrat"), None,
                  "sections[1].kind", "unknown kind 'chrat' (did you mean 'chart'?)"),
 "unknown-top-key": (doc("a typo in subtitle", extra="¦subtitel: In the spring floods\n"), None,
                     "subtitel", "unknown key 'subtitel' (did you mean 'subtitle'?)"),
 "unknown-section-key": (doc("a typo in a section key", "    sources: [s1]\n", "    ¦sorces: [s1]\n"),
                         None, "sections[0].sorces", "did you mean 'sources'?"),
 "unknown-chart-key": (doc("a typo in a chart key", "unit: people", "¦units: people"), None,
                       "sections[1].chart.units", "did you mean 'unit'?"),
 "duplicate-key": (doc("the same key twice in a section", "    title: Bottom line\n",
                       "    title: Bottom line\n    ¦title: Summary\n"), None,
                   "sections[0].title", "duplicate key 'title'"),
 "duplicate-section-id": (doc("two sections with one id", "  - id: casualties", "  - id: ¦bluf"),
                          None, "sections[1].id", "duplicate section id 'bluf'"),
 "duplicate-source-id": (doc("two sources with one id", "    credibility: 2\n",
                             "    credibility: 2\n  - id: ¦s1\n    title: Another statement\n"),
                         None, "sources[1].id", "duplicate source id 's1'"),
 "dangling-source": (doc("a section cites a source that is not listed", "sources: [s1]", "sources: [¦s2]"),
                     None, "sections[0].sources[0]", "unknown source 's2' (did you mean 's1'?)"),
 "dangling-value-source": (doc("a chart value cites a missing source", "values: [2, 9]",
                               "values: [2, {value: 9, qualifier: at least, source: ¦s9}]"),
                           None, "sections[1].chart.series[0].values[1].source", "unknown source 's9'"),
 "series-too-short": (doc("one value for two categories", "values: [2, 9]", "values: ¦[2]"), None,
                      "sections[1].chart.series[0].values", "1 values for 2 categories"),
 "series-too-long": (doc("three values for two categories", "values: [3, null]", "values: ¦[3, null, 4]"),
                     None, "sections[1].chart.series[1].values", "3 values for 2 categories"),
 "negative-count": (doc("a negative count", "values: [2, 9]", "values: [¦-2, 9]"), None,
                    "sections[1].chart.series[0].values[0]", "is negative"),
 "nan-count": (doc("NaN as a count", "values: [2, 9]", "values: [2, ¦.nan]"), None,
               "sections[1].chart.series[0].values[1]", "not a finite number"),
 "infinite-count": (doc("infinity as a count", "values: [3, null]", "values: [¦.inf, null]"), None,
                    "sections[1].chart.series[1].values[0]", "not a finite number"),
 "huge-count": (doc("an implausibly large count", "values: [2, 9]", "values: [2, ¦50000000000000000]"),
                None, "sections[1].chart.series[0].values[1]", "implausibly large"),
 "count-in-words": (doc("a count written in words", "values: [2, 9]", "values: [¦two, 9]"), None,
                    "sections[1].chart.series[0].values[0]", "expected a number, found text 'two'"),
 "low-above-high": (doc("a range upside down", "values: [3, null]", "values: [3, {low: ¦9, high: 4}]"),
                    None, "sections[1].chart.series[1].values[1].low", "low (9) is above high (4)"),
 "unknown-qualifier": (doc("a qualifier that is not one of the list", "values: [2, 9]",
                           "values: [2, {value: 9, qualifier: ¦roughly}]"), None,
                       "sections[1].chart.series[0].values[1].qualifier", "'roughly' is not one of"),
 "unknown-chart-type": (doc("a chart type that does not exist", "type: column", "type: ¦donut"),
                        None, "sections[1].chart.type", "'donut' is not one of"),
 "pie-two-series": (doc("a pie chart with two series", "type: column", "type: pie"),
                    "- {name: Killed", "sections[1].chart.series",
                    "a pie chart shows one series"),
 "empty-category": (doc("an empty category name", "categories: [North, South]",
                        'categories: [North, ¦""]'), None, "sections[1].chart.categories[1]",
                    "must not be empty"),
 "no-sections": (doc("no sections at all", BASE[BASE.index("sections:"):].replace("{comment}", ""),
                     "sections: ¦[]\n"), None, "sections", "at least one section is needed"),
 "sections-is-mapping": (doc("sections written as a mapping",
                             BASE[BASE.index("sections:"):].replace("{comment}", ""),
                             "sections:\n  ¦bluf: {kind: summary, title: B, text: x}\n"),
                         None, "sections", "expected a list"),
 "section-is-text": (doc("a section that is a single line of text", "  - id: bluf\n",
                         "  - ¦Bottom line first\n  - id: bluf\n"), None, "sections[0]",
                     "a section must be a mapping"),
 "missing-kind": (doc("a section without kind", "    kind: summary\n", ""), "id: bluf",
                  "sections[0].kind", "required key 'kind' is missing"),
 "misplaced-body-key": (doc("a summary section with a chart key", "    sources: [s1]\n",
                            "    sources: [s1]\n    ¦chart: {type: column}\n"), None,
                        "sections[0].chart", "`chart` belongs to other section kinds, not 'summary'"),
 "text-is-mapping": (doc("text given as a mapping", "    text: |\n      - Rivers peaked on 3 March.\n      - Two districts remain cut off.\n",
                         "    text: ¦{first: Rivers peaked}\n"), None, "sections[0].text",
                     "expected text, found a mapping"),
 "include-not-boolean": (doc("include must be true or false", "    sources: [s1]\n",
                             "    sources: [s1]\n    include: ¦perhaps\n"), None,
                         "sections[0].include", "expected true or false"),
 "bad-section-id": (doc("an id with spaces", "  - id: bluf", "  - id: ¦bottom line"), None,
                    "sections[0].id", "may contain only letters, digits"),
 "unknown-marking": (doc("a marking the document does not declare", "    title: Casualties by district\n",
                         "    title: Casualties by district\n    marking: ¦SECRET\n"), None,
                     "sections[1].marking", "unknown marking 'SECRET'"),
 "marking-without-levels": (doc("a marking but no levels declared",
                                "markings: [PUBLIC, INTERNAL]\n", "").replace(
                                "    title: Casualties by district\n",
                                "    title: Casualties by district\n    marking: ¦INTERNAL\n"),
                            None, "sections[1].marking", "the document declares no levels"),
 "duplicate-marking-level": (doc("a level listed twice", "markings: [PUBLIC, INTERNAL]",
                                 "markings: ¦[PUBLIC, INTERNAL, PUBLIC]"), None, "markings",
                             "each level may appear only once"),
 "bad-reliability": (doc("a reliability grade outside A-F", "reliability: B", "reliability: ¦G"),
                     None, "sources[0].reliability", "is not a grade: use one letter, A"),
 "bad-credibility": (doc("a credibility grade outside 1-6", "credibility: 2", "credibility: ¦9"),
                     None, "sources[0].credibility", "credibility 9 is not a grade: use 1 (confirmed) to 6"),
 "source-missing-title": (doc("a source without a title", "    title: Regional authority statement\n", ""),
                          "id: s1", "sources[0].title", "required key 'title' is missing"),
 "unknown-theme": (doc("a theme that is not installed", extra="theme: ¦dark\n"), None, "theme",
                   "unknown theme 'dark'"),
}

# Documents of other kinds, each with one mistake.
KINDS = {
 "judgment-bad-confidence": ("""\
  - kind: judgments
    title: Key judgments
    items:
      - {text: Waters will recede within a week., confidence: ¦certain}
""", "sections[2].items[0].confidence", "'certain' is not one of low, moderate, high"),
 "judgment-missing-confidence": ("""\
  - kind: judgments
    title: Key judgments
    items:
      - ¦{text: Waters will recede within a week.}
""", "sections[2].items[0].confidence", "required key 'confidence' is missing"),
 "judgments-not-a-list": ("""\
  - kind: judgments
    title: Key judgments
    items: ¦Waters will recede within a week.
""", "sections[2].items", "expected a list"),
 "event-bad-date": ("""\
  - kind: timeline
    title: Timeline
    events:
      - {date: ¦2024-13-01, text: Levee breached.}
""", "sections[2].events[0].date", "2024-13-01 is not a real calendar date"),
 "event-missing-text": ("""\
  - kind: timeline
    title: Timeline
    events:
      - ¦{date: 2024-03-01, place: North}
""", "sections[2].events[0].text", "required key 'text' is missing"),
 "table-row-length": ("""\
  - kind: table
    title: Shelters
    table:
      columns: [District, Shelters, People]
      rows:
        - [North, 4, 1200]
        - ¦[South, 2]
""", "sections[2].table.rows[1]", "2 cells for 3 columns"),
 "table-no-columns": ("""\
  - kind: table
    title: Shelters
    table:
      columns: ¦[]
      rows: []
""", "sections[2].table.columns", "a table needs at least one column"),
 "quote-empty-text": ("""\
  - kind: quote
    title: In their words
    quote: {text: ¦"", speaker: Governor}
""", "sections[2].quote.text", "must not be empty"),
 "image-missing-file": ("""\
  - kind: image
    title: Satellite view
    image: {path: ¦images/no-such-picture.png, alt: Flooded fields}
""", "sections[2].image.path", "image file 'images/no-such-picture.png' not found"),
 "image-outside-folder": ("""\
  - kind: image
    title: Satellite view
    image: {path: ¦../hostile/assets/good.png}
""", "sections[2].image.path", "lies outside the briefing's folder"),
 "image-absolute-path": ("""\
  - kind: image
    title: Satellite view
    image: {path: ¦/etc/hostname}
""", "sections[2].image.path", "is an absolute path"),
}


def write(name, text, at, path, message, count=1):
    if at is not None:
        assert "¦" not in text
        assert text.count(at) == 1, (name, at)
        text = text.replace(at, "¦" + at)
    assert text.count("¦") == 1, name
    i = text.index("¦")
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    text = text.replace("¦", "")
    (OUT / f"{name}.yaml").write_text(text, encoding="utf-8")
    (OUT / f"{name}.expect").write_text(f"{line}:{col} | {path or '-'} | {message}\n", encoding="utf-8")


OUT.mkdir(parents=True, exist_ok=True)
for name, (text, at, path, message) in CASES.items():
    write(name, text, at, path, message)
for name, (section, path, message) in KINDS.items():
    write(name, doc(path.split(".")[-1] + ": " + message.split("'")[0].strip()) + section, None, path, message)
print(len(CASES) + len(KINDS))
