"""Time of exporting a map slide (issue 18: under 0.5 s), cold and warm.

    python benchmarks/maps.py [--runs 5]

In one fresh interpreter: imports the exporters, then exports a one-section briefing with a
map (three places with coordinates, a 500 km region) to a deck and a slides PDF, first cold
(the Natural Earth countries read, shapely imported) and then `--runs` times warm, and the same
briefing without its map for comparison. Prints seconds per export. Tests never assert on
these figures; docs/performance.md quotes them.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's briefing

TEXT = """\
format: briefing/1
title: Map benchmark
as_of: 2024-01-19
sections:
  - kind: map
    title: Where the strikes fell
    places:
      - {name: Panjgur, lat: 26.97, lon: 64.09, label: "16 Jan: strike"}
      - {name: Saravan, lat: 27.37, lon: 62.33, label: "18 Jan: strike"}
      - {name: Turbat, lat: 26.0, lon: 63.05, label: A third place}
    caption: Approximate locations as reported.
"""
PLAIN = TEXT.split("  - kind: map")[0] + "  - {kind: text, title: No map, text: Words.}\n"


def export(text: str) -> float:
    from briefing import load_text
    from briefing.render.pdf.slides import write_slides_pdf
    from briefing.render.pptx.deck import write_pptx

    start = time.perf_counter()
    doc = load_text(text)
    write_pptx(doc, io.BytesIO())
    write_slides_pdf(doc, io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    export(PLAIN)  # the exporters' own first-use costs (fonts, templates) out of the figures
    print(f"without a map, warm:  {export(PLAIN):.3f} s")
    print(f"with a map, cold:     {export(TEXT):.3f} s  (countries read, shapely imported)")
    warm = sorted(export(TEXT) for _ in range(args.runs))
    print(f"with a map, warm:     {warm[len(warm) // 2]:.3f} s  (median of {args.runs})")


if __name__ == "__main__":
    main()
