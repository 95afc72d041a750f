"""Print Handout at scale, offscreen: prints one JSON line.

    QT_QPA_PLATFORM=offscreen python benchmarks/print_bench.py [--sections 0 100 500]

For the example (0) and synthetic briefings of N sections (`generate.make_document`): how long
the print form takes to open (it lays the deck out once, for the banners it shows), to answer a
change of slides per sheet (a regrouping of that layout), and to print the handout to a PDF
printer (painting every sheet, with the progress dialog the window shows); and the longest gap
of a 10 ms timer meanwhile (`*_gap_ms`: how long the window could not repaint). The form lays
the deck out in the layout worker, so its first opening includes starting that process.
Tests never assert on these numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, nargs="+", default=[0, 100, 500])
    args = parser.parse_args()
    import generate
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401 - the PySide6 fix first
    from briefing import load_file
    from briefing.resources import example_path
    from ui.print_handout import PrintForm, SheetProgress, pdf_printer, print_handout

    QApplication.instance() or QApplication([])
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()

    def gap_since(start: float, end: float) -> float:
        inside = [start, *(b for b in beats if start <= b <= end), end]
        return round(max(b - a for a, b in zip(inside, inside[1:], strict=False)) * 1000)

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sections:
            doc, base = ((load_file(example_path()), example_path().parent) if n == 0
                         else (generate.make_document(n), None))
            t0 = time.perf_counter()
            form = PrintForm(None, doc, base, 6, "All content")
            t1 = time.perf_counter()
            form.per_page_combo.setCurrentIndex(3)
            t2 = time.perf_counter()
            sheets = print_handout(doc, pdf_printer(Path(folder) / "h.pdf"), per_page=6,
                                   deck=form.deck, progress=SheetProgress(None))
            t3 = time.perf_counter()
            results["example" if n == 0 else f"{n}_sections"] = {
                "form_open_ms": round((t1 - t0) * 1000), "regroup_ms": round((t2 - t1) * 1000, 1),
                "print_ms": round((t3 - t2) * 1000), "sheets": sheets,
                "form_gap_ms": gap_since(t0, t1), "print_gap_ms": gap_since(t2, t3)}
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
