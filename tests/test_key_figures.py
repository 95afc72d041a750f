"""The key-figures section (issue 18): a band of big numbers with short labels and citations.

Its values are chart cells (a number, a qualifier, a range, unknown), read, checked, written
and worded by the chart cell's own rules; markings apply per figure; every output draws it.
"""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from briefing.errors import BriefingError
from briefing.format import schema as schema_module
from briefing.format import writer
from briefing.format.reader import load_text
from briefing.model import compare
from briefing.model import document as m
from briefing.model import fields as f
from briefing.model.markings import filter_for_audience

HEAD = """format: briefing/1
title: Strikes
as_of: 2024-01-19
markings: [PUBLIC, INTERNAL]
sources:
  - {id: s2, title: Two}
  - {id: s5, title: Five}
  - {id: s9, title: Nine, publisher: Internal desk}
sections:
"""
BAND = HEAD + """  - kind: key_figures
    title: Key figures
    items:
      - {value: {value: 9, qualifier: at least}, label: killed in Iran (18 Jan), sources: [s5]}
      - {value: 2, label: children killed in Pakistan (16 Jan), sources: [s2]}
      - {value: {low: 40, high: 60}, label: families displaced, marking: INTERNAL, sources: [s9]}
      - {value: null, label: injured}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(BriefingError) as caught:
        load_text(text, "kf.yaml")
    return [str(p) for p in caught.value.problems]


# -- the format ------------------------------------------------------------------------------
def test_items_are_read_as_key_figures_whose_values_are_chart_cells():
    items = load_text(BAND).sections[0].items
    assert [type(i) for i in items] == [m.KeyFigure] * 4
    assert items[0].value == m.Value(9, qualifier="at least")
    assert items[2].value == m.Value(None, low=40, high=60)
    assert items[3].value == m.Value(None)
    assert [i.sources for i in items] == [["s5"], ["s2"], ["s9"], []]
    assert items[2].marking == "INTERNAL"


def test_a_band_survives_saving_and_loading():
    doc = load_text(BAND)
    text = writer.dumps(doc)
    assert "value: {value: 9, qualifier: at least}" in text
    assert load_text(text) == doc


def test_items_take_the_shape_of_their_kind():
    """`items:` is one key with two shapes: judgments in one kind, key figures in another."""
    assert f.SECTION.field("items", "judgments").part == "judgment"
    assert f.SECTION.field("items", "key_figures").part == "key_figure"
    assert f.KEY_FIGURE.field("value").part == "value"  # the chart cell, not a copy of it
    judgment_keys = HEAD + "  - {kind: judgments, title: J, items: [{value: 2, label: x}]}\n"
    assert any("unknown key 'value'" in p for p in problems(judgment_keys))


def test_format_errors_are_located_and_say_how_to_fix():
    text = HEAD + """  - kind: key_figures
    title: Key figures
    items:
      - {value: {value: -9, qualifier: at leas}, label: killed}
      - {label: children}
      - {value: 2, labl: x}
      - {value: [1], label: wounded}
      - {value: {low: 60, high: 40}, label: displaced}
      - {value: 3, label: x, sources: [s7], marking: SECRET}
"""
    found = problems(text)
    expected = [
        "kf.yaml:13:25: error: sections[0].items[0].value.value: -9 is negative",
        "kf.yaml:13:40: error: sections[0].items[0].value.qualifier: 'at leas' is not one of",
        "kf.yaml:14:9: error: sections[0].items[1].value: required key 'value' is missing: add "
        "`value: 9`",
        "kf.yaml:15:9: error: sections[0].items[2].label: required key 'label' is missing",
        "kf.yaml:15:20: error: sections[0].items[2].labl: unknown key 'labl' (did you mean "
        "'label'?)",
        "kf.yaml:16:17: error: sections[0].items[3].value: expected a number (or null, or "
        "{value: 9, qualifier: at least}), found a list",
        "kf.yaml:17:23: error: sections[0].items[4].value.low: low (60) is above high (40)",
        "kf.yaml:18:40: error: sections[0].items[5].sources[0]: unknown source 's7'",
        "kf.yaml:18:54: error: sections[0].items[5].marking: unknown marking 'SECRET'",
    ]
    assert len(found) == len(expected)
    for problem, start in zip(found, expected, strict=True):
        assert problem.startswith(start), problem


def test_many_figures_are_not_an_error():
    """How many figures a band shows is the layout's business (more continue), not the format's."""
    items = "".join(f"      - {{value: {k}, label: figure {k}}}\n" for k in range(9))
    doc = load_text(HEAD + "  - kind: key_figures\n    title: K\n    items:\n" + items)
    assert len(doc.sections[0].items) == 9


def test_the_schema_knows_both_shapes_of_items():
    validator = jsonschema.Draft202012Validator(schema_module.json_schema())
    data = yaml.safe_load(BAND.replace("2024-01-19", "'2024-01-19'"))
    assert validator.is_valid(data)
    data["sections"][0]["items"][0] = {"text": "a judgment", "confidence": "high"}
    assert not validator.is_valid(data)
    data["sections"][0]["kind"] = "judgments"
    data["sections"][0]["items"] = [{"text": "a judgment", "confidence": "high"}]
    assert validator.is_valid(data)


# -- markings ----------------------------------------------------------------------------------
def test_an_internal_figure_and_the_source_only_it_cites_leave_public_exports():
    doc = filter_for_audience(load_text(BAND), "PUBLIC")
    items = doc.sections[0].items
    assert [i.label for i in items] == ["killed in Iran (18 Jan)",
                                        "children killed in Pakistan (16 Jan)", "injured"]
    assert [s.id for s in doc.sources] == ["s2", "s5"]


def test_a_band_of_only_internal_figures_leaves_no_empty_slide():
    text = HEAD + "  - kind: key_figures\n    title: K\n    items:\n" \
        "      - {value: 1, label: x, marking: INTERNAL}\n"
    assert filter_for_audience(load_text(text), "PUBLIC").sections == []


def test_a_figures_own_value_source_is_cited_and_filtered_like_a_chart_cells():
    text = HEAD + "  - kind: key_figures\n    title: K\n    items:\n" \
        "      - {value: {value: 4, source: s9}, label: x}\n"
    doc = load_text(text)
    doc.sources[2].marking = "INTERNAL"
    public = filter_for_audience(doc, "PUBLIC")
    assert public.sections[0].items[0].value.source is None
    assert "s9" not in {s.id for s in public.sources}


# -- editions -----------------------------------------------------------------------------------
def test_a_changed_figure_shows_in_the_diff_as_a_chart_value_does():
    old = load_text(BAND)
    new = load_text(BAND.replace("{value: {value: 9, qualifier: at least}, label: killed in Iran",
                                 "{value: 11, label: killed in Iran")
                    .replace("label: injured", "label: wounded"))
    changes = compare.compare(old, new).changes
    value = next(c for c in changes if c.kind == compare.VALUE_CHANGED)
    assert (value.field, value.old, value.new) == ("killed in Iran (18 Jan)", "at least 9", "11")
    assert {(c.kind, c.old or c.new) for c in changes if c.kind != compare.VALUE_CHANGED} == {
        (compare.FIGURE_REMOVED, "unknown injured"), (compare.FIGURE_ADDED, "unknown wounded")}


# -- the layout and every output ----------------------------------------------------------------
def _figures(count: int, label: str = "killed") -> str:
    return "".join(f"      - {{value: {{value: {k + 1}, qualifier: at least}}, label: {label} "
                   f"{k}, sources: [s2]}}\n" for k in range(count))


def _layout(text: str):
    from briefing.layout import layout_document

    deck = layout_document(load_text(text))
    return [p for p in deck.pages if p.section_kind == "key_figures"]


def _numbers(page):
    return [b for b in page.text_blocks("figure")]


def test_numbers_are_big_worded_like_chart_labels_and_labels_readable():
    from briefing.layout.chart_rules import GAP_TEXT

    page = _layout(BAND)[0]
    heads = _numbers(page)
    assert [b.text for b in heads] == ["at least\n9", "\u00a0\n2", "\u00a0\n40–60",
                                       "\u00a0\n" + GAP_TEXT]
    assert all(b.paragraphs[-1].size >= 40 for b in heads[:3])
    labels = [b for b in page.text_blocks("caption") if "killed" in b.text or "injured" in b.text]
    assert labels and all(p.size >= 14 for b in labels for p in b.paragraphs)
    assert "killed in Iran (18 Jan) [" in labels[0].text  # its citation, inline
    assert all(e.box.inside() for e in page.elements)


def test_long_labels_wrap_instead_of_shrinking():
    long = "people reported killed by the strike on the village according to officials"
    page = _layout(HEAD + "  - kind: key_figures\n    title: K\n    items:\n" + _figures(3, long))[0]
    from briefing.text import metrics as tm

    labels = [b for b in page.text_blocks("caption") if long in b.text]
    assert len(labels) == 3
    for b in labels:
        p = b.paragraphs[0]
        assert p.size >= 14
        assert len(tm.paragraph_lines(p, b.box.w - 2 * b.padding)) > 1
    assert all(e.box.inside() for e in page.elements)


def test_eight_figures_continue_on_a_second_band_and_twenty_on_the_next_slide():
    page = _layout(HEAD + "  - kind: key_figures\n    title: K\n    items:\n" + _figures(8))[0]
    tops = sorted({round(b.box.y) for b in _numbers(page)})
    assert len(_numbers(page)) == 8 and len(tops) == 2  # 4 + 4 on two bands
    pages = _layout(HEAD + "  - kind: key_figures\n    title: K\n    items:\n" + _figures(30))
    assert len(pages) > 1 and pages[1].continued
    assert sum(len(_numbers(p)) for p in pages) == 30
    assert all(e.box.inside() for p in pages for e in p.elements)
    assert all(b.paragraphs[-1].size >= 40 for p in pages for b in _numbers(p))


def test_every_output_draws_the_figures(tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    from briefing.export.job import ExportJob, run_export

    doc = load_text(BAND)
    job = ExportJob(pptx=tmp_path / "d.pptx", pdf=tmp_path / "d.pdf", handout=tmp_path / "h.pdf",
                    report=tmp_path / "r.pdf", per_page=6)
    run_export(doc, job)
    texts = {
        "deck": " ".join(sh.text_frame.text for slide in Presentation(str(job.pptx)).slides
                         for sh in slide.shapes if sh.has_text_frame),
        **{name: " ".join(p.extract_text() for p in PdfReader(str(path)).pages)
           for name, path in (("slides", job.pdf), ("handout", job.handout),
                              ("paper", job.report))}}
    for name, text in texts.items():
        text = " ".join(text.split())  # a label wrapped in the paper's narrower cells
        for words in ("at least", "40–60", "families displaced", "not reported"):
            assert words in text, (name, words)


def test_a_public_export_draws_no_internal_figure(tmp_path):
    from pptx import Presentation

    from briefing.export.job import ExportJob, run_export

    job = ExportJob(pptx=tmp_path / "d.pptx", report=tmp_path / "r.pdf")
    job.audience = "PUBLIC"
    run_export(load_text(BAND), job)
    deck = " ".join(sh.text_frame.text for slide in Presentation(str(job.pptx)).slides
                    for sh in slide.shapes if sh.has_text_frame)
    assert "at least" in deck and "families displaced" not in deck and "40–60" not in deck


# -- the desktop app ---------------------------------------------------------------------------
def test_the_editor_edits_value_qualifier_and_range_with_undo(qapp):
    from ui.controller import DocumentController
    from ui.editors import editor_for
    from ui.editors.figures import KeyFiguresEditor

    ctrl = DocumentController()
    ctrl.set_document(load_text(BAND), None)
    editor = editor_for(ctrl, ctrl.doc.sections[0])
    try:
        assert isinstance(editor, KeyFiguresEditor)
        model, item = editor.model, ctrl.doc.sections[0].items[1]
        assert [model.data(model.index(0, c)) for c in range(3)] == \
            ["9", "at least", "killed in Iran (18 Jan)"]
        assert model.setData(model.index(1, 0), "1,200")
        assert model.setData(model.index(1, 1), "about 1000-1500")
        assert item.value == m.Value(1200, qualifier="about", low=1000, high=1500)
        assert not model.setData(model.index(1, 1), "roughly")  # not a qualifier: refused
        assert model.setData(model.index(1, 0), "")  # unknown
        assert item.value.value is None
        for _ in range(3):
            ctrl.undo.undo()
        assert item.value == m.Value(2)
        editor.view.setCurrentIndex(model.index(0, 0))
        editor.add_item()
        assert len(ctrl.doc.sections[0].items) == 5
        assert isinstance(ctrl.doc.sections[0].items[1], m.KeyFigure)
    finally:
        editor.deleteLater()


def test_the_slide_preview_paints_the_band(qapp):
    from PySide6.QtGui import QColor

    from briefing.format.themes import load_theme
    from ui.slide_painter import render_page

    page = _layout(BAND)[0]
    image = render_page(page, load_theme(None), 960)
    big = _numbers(page)[1]  # the "2", in the accent colour
    x, y = big.box.x + big.box.w / 2, big.box.bottom - big.padding - 20
    colours = {QColor(image.pixelColor(round(x) + dx, round(y) + dy)).name()
               for dx in range(-8, 9) for dy in range(-8, 9)}
    assert "#" + load_theme(None).accent.lower().lstrip("#") in colours
