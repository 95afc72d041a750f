"""One measured step in a fresh process, so peak RSS belongs to that step alone.

Usage: python benchmarks/step.py STEP FILE  -> prints JSON {"step", "seconds", "peak_rss_mb"}.
STEP is load, layout, pptx, pdf, handout or report; each includes loading the file.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    step, path = sys.argv[1], Path(sys.argv[2])
    from briefing import load_file

    t0 = time.perf_counter()
    doc = load_file(path)
    t_load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    if step == "layout":
        from briefing.layout import layout_document

        layout_document(doc, base_dir=path.parent)
    elif step == "pptx":
        from briefing.render.pptx.deck import write_pptx

        write_pptx(doc, io.BytesIO(), base_dir=path.parent)
    elif step == "pdf":
        from briefing.render.pdf.slides import write_slides_pdf

        write_slides_pdf(doc, io.BytesIO(), base_dir=path.parent)
    elif step == "handout":
        from briefing.render.pdf.slides import write_handout_pdf

        write_handout_pdf(doc, io.BytesIO(), base_dir=path.parent)
    elif step == "report":
        from briefing.render.pdf.paper import write_report_pdf

        write_report_pdf(doc, io.BytesIO(), base_dir=path.parent)
    elapsed = t_load if step == "load" else time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "seconds": round(elapsed, 4), "load_seconds": round(t_load, 4),
                      "cpu_seconds": round(cpu if step != "load" else t_load, 4),
                      "peak_rss_mb": round(rss, 1)}))


if __name__ == "__main__":
    main()
