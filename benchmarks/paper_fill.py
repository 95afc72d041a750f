"""How full each page of the briefing paper is (issue 14, "Pagination of the paper").

    python benchmarks/paper_fill.py [FILE.yaml ...]

Lays out the paper of each briefing (default: the example, `tests/data/review-herat.yaml`
with its previous edition, the stress document and the two Nagorno-Karabakh briefs) and prints,
for each page from the first section on, the share of the text frame's height used and what
starts the next page. A briefing that names a previous edition (`since:`) is laid out with its
changes, as `briefing export` does. The same measure as `tests/test_paper_pagination.py`
(ReportLab's frame position after each flowable); docs/pdf.md quotes these figures.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's briefing

DATA = ROOT / "tests" / "data"
DEFAULT = ["example", DATA / "review-herat.yaml", DATA / "stress.yaml",
           DATA / "nagorno-karabakh-typography.yaml", DATA / "nagorno-karabakh-charts.yaml"]


def _load(which):
    """The document and its edition marks (None without a previous edition)."""
    from briefing import load_file
    from briefing.format.previous import load_previous
    from briefing.resources import example_path

    path = Path(example_path() if which == "example" else which)
    doc = load_file(path)
    previous = load_previous(doc, path.resolve().parent, None, str(path))
    if previous is None:
        return doc, None
    from briefing.diff.editions import compare_editions
    from briefing.diff.slide import with_changes
    from briefing.model.compare import edition_marks

    result = compare_editions(previous[1], doc, None)
    marks = edition_marks(result)
    return with_changes(doc, result, marks), marks


def page_fill(doc, edition=None) -> list[tuple[float, str, bool]]:
    """(share of the frame used, what the page starts with, whether it holds a heading) of
    every page of the paper's last layout pass."""
    from reportlab.platypus import CondPageBreak, Spacer
    from reportlab.platypus.doctemplate import ActionFlowable

    from briefing.render.pdf import paper

    pages: dict[int, list] = {}
    after, build = paper._DocTemplate.afterFlowable, paper._DocTemplate.build

    def record(self, flowable):
        after(self, flowable)
        frame = self.frame
        if frame is None or isinstance(flowable, (ActionFlowable, CondPageBreak, Spacer,
                                                  paper._PageTotal, paper._Anchor)):
            return
        used = (frame._y2 - frame._y) / (frame._y2 - frame._y1)
        page = pages.setdefault(self.page, [0.0, _name(flowable), False])
        page[0] = used
        page[2] = page[2] or isinstance(flowable, paper._Heading)

    def rebuild(self, flowables, *args, **kwargs):
        pages.clear()  # the last pass is the paper
        build(self, flowables, *args, **kwargs)

    paper._DocTemplate.afterFlowable, paper._DocTemplate.build = record, rebuild
    try:
        paper.write_report_pdf(doc, io.BytesIO(), edition=edition)
    finally:
        paper._DocTemplate.afterFlowable, paper._DocTemplate.build = after, build
    return [tuple(pages[n]) for n in sorted(pages)]


def _name(flowable) -> str:
    text = getattr(flowable, "outline_text", None)
    if text:
        return f"heading {text[:40]!r}"
    return type(flowable).__name__.lstrip("_")


def main(argv: list[str]) -> None:
    for which in argv or DEFAULT:
        doc, edition = _load(which)
        pages = page_fill(doc, edition)
        first = next(k for k, (_, _, heading) in enumerate(pages) if heading)
        print(f"{Path(str(which)).name}: {len(pages)} pages")
        for k in range(first, len(pages)):
            used = pages[k][0]
            following = pages[k + 1][1] if k + 1 < len(pages) else "(end)"
            print(f"  page {k + 1:3}: {used:4.0%} full, next page starts with {following}")
        print("  sections' pages:", "/".join(f"{p[0]:.0%}" for p in pages[first:]))


if __name__ == "__main__":
    main(sys.argv[1:])
