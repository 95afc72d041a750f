"""How many text lines of LibreOffice's render of the deck differ from the slides PDF's (the
figure docs/pptx.md quotes): both read back with poppler's `pdftotext -layout`, page by page,
the footer line left out. Needs LibreOffice and poppler.
Run: python -m benchmarks.deck_line_breaks [BRIEFING.yaml [TEMPLATE.pptx]]"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from briefing.export.job import ExportJob, run_export
from briefing.format.reader import load_file
from briefing.resources import example_path


def pages(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [[line for line in (re.sub(r"\s+", " ", raw).strip() for raw in page.splitlines())
             if line and not re.search(r"\b\d+( / \d+)?$", line)]
            for page in out.split("\f")]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else example_path()
    template = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        job = ExportJob(pptx=out / "deck.pptx", pdf=out / "slides.pdf", template=template)
        run_export(load_file(source), job)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out / "lo"), str(job.pptx)],
                       check=True, capture_output=True, timeout=300)
        deck, slides = pages(out / "lo" / "deck.pdf"), pages(job.pdf)
    pairs = zip(deck, slides, strict=True)  # one page per slide in both
    differing = [(n, set(a) ^ set(b)) for n, (a, b) in enumerate(pairs, start=1) if a != b]
    print(f"{source.name}: {sum(len(d) for _, d in differing)} differing lines on "
          f"{len(differing)} of {len(slides)} pages: {[n for n, _ in differing]}")


if __name__ == "__main__":
    main()
