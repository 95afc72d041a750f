"""The cost of tagging the PDFs: each writer's time, and the part of it that is the tagging
step after ReportLab (`briefing.render.pdf.tagging.finish`: the structure tree with pikepdf).

    python benchmarks/tagging.py [N ...]    # N generated sections (default 50 500); 0: the example

Per document and PDF: pages, marked-content pieces, the writer's wall time and the time in
`finish`. The marked content itself (a few `addLiteral` calls per piece) is drawn with the
page and is part of the writer's time; `docs/accessibility.md` compares whole exports before
and after. Tests never assert on these numbers.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pikepdf

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from generate import make_document  # noqa: E402

from briefing import load_file  # noqa: E402
from briefing.layout import layout_document  # noqa: E402
from briefing.render.pdf import paper, slides, tagging  # noqa: E402
from briefing.resources import example_path  # noqa: E402

_spent: list[float] = []
_pieces: list[int] = []


def _timed_finish(data, tagger, stream, **kw) -> None:
    start = time.perf_counter()
    tagging.finish(data, tagger, stream, **kw)
    _spent.append(time.perf_counter() - start)
    _pieces.append(sum(len(owners) for owners in tagger.pages.values()))


def run(n: int) -> None:
    doc = load_file(example_path()) if n == 0 else make_document(n)
    name = "example" if n == 0 else f"{n} sections"
    slides.finish = paper.finish = _timed_finish
    deck = layout_document(doc)
    writers = {
        "slides PDF": lambda out: slides.write_slides_pdf(doc, out, deck=deck),
        "handout": lambda out: slides.write_handout_pdf(doc, out, deck=deck),
        "paper": lambda out: paper.write_report_pdf(doc, out),
    }
    for label, write in writers.items():
        _spent.clear()
        _pieces.clear()
        out = io.BytesIO()
        start = time.perf_counter()
        write(out)
        total = time.perf_counter() - start
        with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
            pages = len(pdf.pages)
        print(f"{name:>13} {label:<10} {pages:5d} pages {_pieces[0]:7d} pieces "
              f"{total:7.2f} s total {_spent[0]:6.2f} s tagging "
              f"({100 * _spent[0] / total:4.1f} %)")


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["50", "500"]:
        run(int(arg))
