"""Laying out again after an edit: only what changed, and always the very deck of a full layout.

`briefing.layout.incremental.SectionCache` is what the slide preview lays out with in the
background and what the export lays out with (for its progress): its deck must equal
`layout_document`'s page for page, whatever was cached, or previews and exports would differ.
"""

from __future__ import annotations

import copy
import io
import sys
from pathlib import Path

import pytest

from briefing.export.job import ExportJob, run_export
from briefing.layout import layout_document, layout_section
from briefing.layout.context import Ctx
from briefing.layout.frame import Framer
from briefing.layout.incremental import SectionCache
from briefing.model import document as m

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import make_document  # noqa: E402


@pytest.fixture
def long_doc() -> m.Document:
    return make_document(40, seed=3)


def laid_out_again(doc: m.Document, edit) -> tuple[SectionCache, object]:
    """A cache warmed with `doc`, then `edit(doc)` applied and the document laid out again."""
    cache = SectionCache()
    cache.layout(doc)
    edit(doc)
    return cache, cache.layout(doc)


def test_a_cached_layout_is_the_full_layout(long_doc, example_doc):
    for doc in (long_doc, example_doc):
        cache = SectionCache()
        first = cache.layout(doc)
        assert first == layout_document(doc)
        assert len(cache.laid_out) == len(doc.included_sections)
        again = cache.layout(doc)
        assert again == layout_document(doc)
        assert cache.laid_out == []  # nothing changed, nothing laid out


def test_an_edit_to_one_section_lays_out_only_that_section(long_doc):
    target = next(s for s in long_doc.sections if s.kind == "text")
    cache, deck = laid_out_again(long_doc, lambda d: setattr(target, "text", "- Short now."))
    assert cache.laid_out == [target.id]
    assert deck == layout_document(long_doc)


def test_a_section_that_grows_by_pages_renumbers_the_rest_without_laying_them_out(long_doc):
    target = next(s for s in long_doc.sections[:5] if s.kind == "text")

    def grow(doc: m.Document) -> None:
        target.text = "\n".join(f"- Point {k}: " + "words " * 30 for k in range(40))

    before = len(layout_document(long_doc).pages)
    cache, deck = laid_out_again(long_doc, grow)
    assert len(deck.pages) > before + 2
    assert cache.laid_out == [target.id]
    assert deck == layout_document(long_doc)  # numbers, number boxes and notes moved too


@pytest.mark.parametrize("edit, relaid", [
    # a document field every slide shows (the footer): every section again
    (lambda d: setattr(d, "title", "Another title"), "all"),
    # moving sections changes no section's pages, only their slide numbers
    (lambda d: d.sections.reverse(), "none"),
    # leaving a section out: the others only move (the agenda and title slide change)
    (lambda d: setattr(d.sections[3], "include", False), "none"),
])
def test_what_is_laid_out_again_follows_what_the_pages_depend_on(long_doc, edit, relaid):
    for section in long_doc.sections:  # no citations: moving sections renumbers none
        section.sources = []
        for part in (*section.items, *section.events):
            part.sources = []
    cache, deck = laid_out_again(long_doc, edit)
    assert deck == layout_document(long_doc)
    expected = len(long_doc.included_sections) if relaid == "all" else 0
    assert len(cache.laid_out) == expected


def test_a_change_in_citation_numbers_lays_out_the_sections_citing_them(long_doc):
    # the first section cites a source no one cited before: every later first citation moves
    long_doc.sections[0].sources = ["s20", *long_doc.sections[0].sources]
    cache = SectionCache()
    cache.layout(long_doc)
    long_doc.sections[0].sources = long_doc.sections[0].sources[1:]
    deck = cache.layout(long_doc)
    assert deck == layout_document(long_doc)
    assert long_doc.sections[0].id in cache.laid_out
    assert 0 < len(cache.laid_out) <= len(long_doc.sections)


def test_an_image_section_is_laid_out_every_time(example_doc, tmp_path):
    doc = copy.deepcopy(example_doc)
    doc.sections.append(m.Section(kind="image", title="Map", id="map",
                                  image=m.Image(path="missing.png")))
    cache = SectionCache()
    first = cache.layout(doc, base_dir=tmp_path)
    again = cache.layout(doc, base_dir=tmp_path)
    assert cache.laid_out == ["map"]  # its file may have changed on disk
    assert first == again == layout_document(doc, base_dir=tmp_path)
    assert any("missing.png" in p for p in again.problems)


def test_renumbering_a_section_is_laying_it_out_from_that_number(long_doc, example_doc):
    for doc in (long_doc, example_doc):
        ctx = Ctx.build(doc)
        for section in doc.sections:
            pages = layout_section(doc, section, ctx=ctx, start_number=1)
            for start in (2, 9, 10, 99, 100, 1234):
                moved = Framer(ctx, section).renumber(pages, start)
                assert moved == layout_section(doc, section, ctx=ctx, start_number=start)
            assert pages == layout_section(doc, section, ctx=ctx, start_number=1)  # untouched


def test_the_export_writes_the_bytes_of_a_full_layout(long_doc, tmp_path):
    from briefing.render.pdf.slides import write_slides_pdf

    run_export(long_doc, ExportJob(pdf=tmp_path / "slides.pdf"))
    direct = io.BytesIO()
    write_slides_pdf(long_doc, direct, deck=layout_document(long_doc))
    assert (tmp_path / "slides.pdf").read_bytes() == direct.getvalue()


def test_export_progress_counts_sections_and_pages(long_doc, tmp_path):
    reports: list[tuple[str, float]] = []
    run_export(long_doc, ExportJob(pdf=tmp_path / "a.pdf", report=tmp_path / "b.pdf"),
               lambda text, fraction: reports.append((text, fraction)))
    fractions = [f for _t, f in reports]
    slides = len(layout_document(long_doc).pages)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    texts = [t for t, _f in reports]
    assert sum(t.startswith("Laying out the slides: section") for t in texts) \
        == len(long_doc.included_sections)
    assert sum(t.startswith("Writing a.pdf: slide") for t in texts) == slides
    assert any(t.startswith("Writing b.pdf: page") for t in texts)
    assert any(t.startswith("Writing b.pdf: laying out, section") for t in texts)
    laying_out = [f for t, f in reports if t.startswith("Laying out")]
    assert laying_out[0] < 0.05 and laying_out == sorted(set(laying_out))  # each one a step
    # the bar moves in small steps all the way, not from 0 to 1 at the end
    assert max(b - a for a, b in zip(fractions, fractions[1:], strict=False)) < 0.05
