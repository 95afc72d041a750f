"""No super-linear text paths (issue 12, item 2): markup parsing and the pagination of a long
paragraph do work in proportion to the text, whatever a hostile sender puts in it."""

from __future__ import annotations

import random
import re

import pytest

from briefing import load_text
from briefing.export.job import ExportJob, run_export
from briefing.layout.geometry import Paragraph, Run
from briefing.layout.markup import parse_inline
from briefing.layout.text import line_groups, paginate
from briefing.text import metrics as tm

#: The markup as one regular expression: the specification `parse_inline` keeps (and, as a
#: backtracking matcher, the quadratic implementation it replaced).
SPEC = re.compile(r"(\*\*.+?\*\*|(?<![\w*])\*(?!\s).+?(?<!\s)\*(?!\w)|(?<!\w)_(?!\s).+?(?<!\s)_(?!\w))")


def by_spec(text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in SPEC.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        token = m.group(0)
        if token.startswith("**"):
            runs.extend(Run(r.text, bold=True, italic=r.italic) for r in by_spec(token[2:-2]))
        else:
            runs.append(Run(token[1:-1], italic=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return [r for r in runs if r.text] or [Run("")]


def test_inline_markup_means_what_the_regular_expression_says():
    rng = random.Random(12)
    alphabet = "*_ a\n.é1"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert parse_inline(text) == by_spec(text), repr(text)


@pytest.mark.parametrize("text", ["**bold** and *it* and _it_", "a_b_c", "2*3*4", "**a *b* c**",
                                  "snake_case_name", "* not italic *", "**", "_x_y_"])
def test_everyday_markup_is_unchanged(text):
    assert parse_inline(text) == by_spec(text)


@pytest.mark.timeout(60)  # the regular expression took over a minute on each of these
@pytest.mark.parametrize("unit", [" _a", " *a", " **a", "a_ ", "*", "_", "**a"])
def test_twenty_thousand_unclosed_markers_parse_in_one_pass(unit):
    runs = parse_inline(unit * 20_000)
    assert "".join(r.text for r in runs).replace("*", "").replace("_", "") \
        == (unit * 20_000).replace("*", "").replace("_", "")


def _long_paragraph(words: int) -> Paragraph:
    rng = random.Random(3)
    vocab = ["border", "strike", "Sistan-Baluchestan", "2024-01-18", "ministry", "a", "x" * 60]
    runs = [Run(" ".join(rng.choice(vocab) for _ in range(words // 10)) + " ",
                bold=k % 3 == 0) for k in range(10)]
    return Paragraph(runs=runs, size=18)


def _letters(text: str) -> str:
    """The text without its spaces (which a break between lines drops)."""
    return "".join(text.split())


def test_a_paragraph_split_over_many_pages_is_broken_into_lines_once(monkeypatch):
    """Each page used to break the whole rest of the paragraph again: pages x length."""
    wrapped: list[int] = []
    real = tm._wrap

    def counting(runs, width, size):
        wrapped.append(sum(len(r.text) for r in runs))
        return real(runs, width, size)

    monkeypatch.setattr(tm, "_wrap", counting)
    tm._wrap_cached.cache_clear()
    p = _long_paragraph(6_000)
    length = sum(len(r.text) for r in p.runs)
    pages = paginate([p], 600, lambda k: 300)
    assert len(pages) > 40
    assert sum(wrapped) <= 2 * length


def test_pages_of_a_split_paragraph_hold_its_text_in_order():
    p = _long_paragraph(3_000)
    pages = paginate([p], 500, lambda k: 200 if k else 120)
    joined = "".join(r.text for page in pages for q in page for r in q.runs)
    assert _letters(joined) == _letters("".join(r.text for r in p.runs))
    cw = 500 - 8
    for page in pages:
        for q in page:
            assert all(line.width <= cw for line in tm.paragraph_lines(q, cw))


def test_line_groups_cut_a_paragraph_where_its_lines_break():
    p = _long_paragraph(2_000)
    lines = tm.wrap(p.runs, 400, 18)
    groups = line_groups(p.runs, 400, 18, 7)
    assert len(groups) == -(-len(lines) // 7)
    text = "".join(r.text for g in groups for r in g)
    assert _letters(text) == _letters("".join(r.text for r in p.runs))
    assert all(len(tm.wrap(g, 400, 18)) <= 7 for g in groups)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", [" _a", " **a"])
def test_sixty_kilobytes_of_markers_export_to_every_output(tmp_path, unit):
    doc = load_text("format: briefing/1\ntitle: Markers\nas_of: 2024-01-19\nsections:\n"
                    f"  - kind: text\n    title: Many markers\n    text: \"{unit * 20_000}\"\n")
    job = ExportJob(pptx=tmp_path / "d.pptx", pdf=tmp_path / "d.pdf",
                    handout=tmp_path / "h.pdf", report=tmp_path / "r.pdf")
    run_export(doc, job)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert text.count("a") >= 20_000
