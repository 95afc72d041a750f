"""Property test: whatever `validate` accepts, every output exports.

Given a briefing drawn to reach the edges of what the reader accepts (one-line fields up to its
2,000-character limit, with or without spaces, in Latin, Arabic and CJK letters; words of up to
5,000 characters in table cells and text; tables of up to 50 columns; as-of dates from year 1 to
9999, with and without a time zone; and every optional part left out or empty), when the
reader accepts its saved form, then the deck, the slides PDF, the handout and the briefing
paper are all written, the deck reopens with one slide per laid-out page, and the PDFs have
the pages they should. A draw the reader refuses is not a counterexample (it is `validate`'s
job to say why), so it is skipped.

The same examples are drawn on every run (tests/conftest.py); BRIEFING_EXPLORE=1 draws new
ones, BRIEFING_EXAMPLES=1000 makes it a soak. Specific cases it found are in
tests/test_export_limits.py.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from briefing import load_text
from briefing.errors import BriefingError
from briefing.export.job import ExportJob, run_export
from briefing.format.reader import MAX_COLUMNS, MAX_SHORT
from briefing.format.writer import dumps
from briefing.layout import layout_document
from briefing.model import document as m

# Each example exports four outputs of a deliberately long document (seconds each).
EXAMPLES = max(8, int(os.environ.get("BRIEFING_EXAMPLES", "100")) // 12)

_LETTERS = st.sampled_from(["W", "i", "m", "\u0645", "\u4e2d", "-", "1", "\u00e9"])


@st.composite
def long_words(draw, most: int) -> str:
    """One 'word' of up to `most` characters: no space anywhere to break at."""
    return draw(_LETTERS) * draw(st.integers(1, most))


@st.composite
def one_line(draw, most: int = MAX_SHORT) -> str:
    """A one-line field: short words, one long word, or long text with spaces."""
    kind = draw(st.sampled_from(["short", "word", "spaced"]))
    if kind == "short":
        text = draw(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Zl", "Zp"),
                                          blacklist_characters="\ufeff"),
                            min_size=1, max_size=30))
    elif kind == "word":
        text = draw(long_words(most))
    else:
        text = " ".join([draw(long_words(40))] * draw(st.integers(1, most // 41)))
    return text if text.strip() else "x"


opt_line = st.none() | one_line()
cells = st.one_of(st.just(""), one_line(300), long_words(5000))
as_of = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from([dt.date(1979, 12, 31), dt.date(2107, 12, 31), dt.date(2108, 1, 1)]),
    st.builds(lambda d, h: d.replace(tzinfo=dt.timezone(dt.timedelta(hours=h))),
              st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
              st.integers(-12, 14)),
    st.sampled_from([dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
                     dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))]),
).map(lambda d: d.replace(microsecond=0) if isinstance(d, dt.datetime) else d)


@st.composite
def sections(draw, number: int) -> m.Section:
    kind = draw(st.sampled_from(["text", "table", "timeline", "judgments", "quote", "chart",
                                 "key_figures"]))
    s = m.empty_section(kind, draw(one_line()), f"s{number}")
    s.caveat = draw(st.none() | one_line())
    if kind == "text":
        s.text = " ".join(draw(st.lists(st.one_of(one_line(200), long_words(5000)), max_size=3)))
    elif kind == "table":
        n = draw(st.integers(1, MAX_COLUMNS))
        column = st.one_of(st.sampled_from(["Side", "Count"]), one_line(300))
        s.table = m.Table(draw(st.lists(column, min_size=n, max_size=n)),
                          [m.TableRow(draw(st.lists(cells, min_size=n, max_size=n)))
                           for _ in range(draw(st.integers(0, 2)))])
    elif kind == "timeline":
        s.events = [m.Event(draw(as_of), draw(one_line()), time=draw(opt_line),
                            place=draw(opt_line), actor=draw(opt_line))
                    for _ in range(draw(st.integers(0, 2)))]
    elif kind == "judgments":
        s.items = [m.JudgmentItem(draw(one_line()), draw(st.sampled_from(m.CONFIDENCE_LEVELS)))
                   for _ in range(draw(st.integers(0, 2)))]
    elif kind == "quote":
        s.quote = m.Quote(draw(one_line()), draw(opt_line), draw(st.none() | as_of))
    elif kind == "key_figures":
        value = st.builds(m.Value, st.none() | st.floats(0, 1e15),
                          st.none() | st.sampled_from(m.QUALIFIERS))
        s.items = [m.KeyFigure(draw(value), draw(st.one_of(one_line(), long_words(2000))))
                   for _ in range(draw(st.integers(0, 8)))]
    else:
        n = draw(st.integers(1, 4))
        ctype = draw(st.sampled_from(m.CHART_TYPES))
        s.chart = m.Chart(ctype, draw(st.lists(one_line(300), min_size=n, max_size=n)),
                          [m.Series(draw(one_line(300)),
                                    [m.Value(draw(st.none() | st.floats(0, 1e15)))
                                     for _ in range(n)])],
                          unit=draw(st.none() | one_line(300)), note=draw(opt_line))
    return s


@st.composite
def extreme_documents(draw) -> m.Document:
    count = draw(st.integers(1, 3))
    return m.Document(title=draw(one_line()), as_of=draw(as_of),
                      sections=[draw(sections(k)) for k in range(count)],
                      subtitle=draw(opt_line), author=draw(opt_line),
                      classification=draw(opt_line))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(extreme_documents())
def test_whatever_validates_exports_to_every_output(doc):
    try:
        doc = load_text(dumps(doc))  # exactly what `briefing validate` reads and accepts
    except BriefingError:
        reject()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                        report=out / "r.pdf", per_page=6)
        run_export(doc, job)
        pages = len(layout_document(doc).pages)
        assert len(Presentation(str(job.pptx)).slides) == pages
        assert len(PdfReader(str(job.pdf)).pages) == pages
        assert len(PdfReader(str(job.handout)).pages) == -(-pages // 6)
        assert len(PdfReader(str(job.report)).pages) >= 2  # the cover, then the sections
