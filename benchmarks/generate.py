"""Realistic synthetic briefings of N sections, for the benchmarks and scale tests.

A mix of every kind (about one in five a chart), long texts, tables and timelines, seeded so the
same N always gives the same document.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from briefing import dumps
from briefing.model import document as m

WORDS = ("border strike militant province drone missile ministry statement village officials "
         "reported casualties regional security diplomatic envoy retaliation sovereignty airspace "
         "civilians analysts pressure talks escalation ceasefire mediation corridor refugees "
         "convoy Sistan-Baluchestan Balochistan Islamabad Tehran").split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, bullets: int) -> str:
    lines = []
    for i in range(bullets):
        lines.append(f"- **Point {i + 1}:** {_sentence(rng, rng.randint(8, 22))}")
        if rng.random() < 0.3:
            lines.append(f"  - {_sentence(rng, rng.randint(6, 14))}")
    return "\n".join(lines) + "\n\n" + _sentence(rng, 40) + "\n"


def make_document(n_sections: int, seed: int = 1) -> m.Document:
    rng = random.Random(seed)
    sources = [m.Source(id=f"s{i}", title=f"Source {i}: {_sentence(rng, 5)}", publisher="Agency",
                        reliability=rng.choice("ABCDEF"), credibility=rng.randint(1, 6))
               for i in range(1, 21)]
    sections: list[m.Section] = []
    kinds = ["summary", "text", "text", "judgments", "timeline", "table", "quote",
             "chart", "chart"]
    for i in range(n_sections):
        kind = "chart" if i % 5 == 4 else rng.choice([k for k in kinds if k != "chart"])
        s = m.Section(kind=kind, title=f"{kind.title()} {i + 1}: {_sentence(rng, 4)[:-1]}",
                      id=f"sec-{i + 1}", notes=_sentence(rng, 30),
                      sources=[f"s{rng.randint(1, 20)}"])
        if kind in ("summary", "text"):
            s.text = _text(rng, rng.randint(3, 14))
        elif kind == "judgments":
            s.items = [m.JudgmentItem(_sentence(rng, 20), rng.choice(m.CONFIDENCE_LEVELS),
                                      [f"s{rng.randint(1, 20)}"]) for _ in range(rng.randint(2, 7))]
        elif kind == "timeline":
            start = dt.date(2024, 1, 1)
            s.events = [m.Event(start + dt.timedelta(days=d), _sentence(rng, 12),
                                place=rng.choice(WORDS).title(), actor="Actor")
                        for d in sorted(rng.sample(range(60), rng.randint(3, 25)))]
        elif kind == "table":
            cols = ["Actor", "Claim", "Assessment", "Source"]
            s.table = m.Table(cols, [m.TableRow([_sentence(rng, rng.randint(1, 8)) for _ in cols])
                                     for _ in range(rng.randint(3, 30))])
        elif kind == "quote":
            s.quote = m.Quote(_sentence(rng, 25), speaker="Spokesperson")
        elif kind == "chart":
            ncat = rng.randint(2, 12)
            s.chart = m.Chart(
                type=rng.choice(m.CHART_TYPES[:5]), unit="people",
                categories=[f"Cat {c + 1}" for c in range(ncat)],
                series=[m.Series(f"Series {k + 1}",
                                 [m.Value(None) if rng.random() < 0.1 else
                                  m.Value(rng.randint(0, 500),
                                          qualifier="at least" if rng.random() < 0.1 else None)
                                  for _ in range(ncat)]) for k in range(rng.randint(1, 3))],
                note="Synthetic figures.")
        sections.append(s)
    return m.Document(title=f"Synthetic briefing ({n_sections} sections)",
                      as_of=dt.date(2024, 1, 19), classification="UNCLASSIFIED // SYNTHETIC",
                      author="Benchmark desk", sources=sources, sections=sections)


if __name__ == "__main__":
    sys.stdout.write(dumps(make_document(int(sys.argv[1]) if len(sys.argv) > 1 else 50)))
