"""What a demanding reader found on the pages of `tests/data/review-herat.yaml` (the Herat
earthquakes and returns from Pakistan, autumn 2023: ranges, a long category, Persian, Pashto
and Urdu names, a corporate template), each as the rule it broke."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.model.compare import short

DATA = Path(__file__).resolve().parent / "data"
HERAT = DATA / "review-herat.yaml"


def test_a_shortened_change_excerpt_ends_in_one_ellipsis_even_cut_at_a_gap():
    # text_change joins the changed stretches with " … "; a cut just after one printed
    # "reports 1,023 killed ……" on the changes slide
    joined = "apart. … reports 1,023 killed … OCHA estimated that every home was destroyed"
    cut = short(joined, 35)
    assert cut.endswith("killed…") and "……" not in cut and "… …" not in cut


# --- one reading direction, decided once, in every output ------------------------------------

ZINDAJAN = "زنده\u200cجان"  # with the zero-width non-joiner Persian writes
PERSIAN_TITLE = "بیش از نیم میلیون افغان از پاکستان به کشورشان بازگشتند"


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _xs(pdf: bytes, page_has: str) -> list[tuple[str, float]]:
    """(text, x) of every piece drawn on the first page showing `page_has`, in drawing
    order (each Arabic-script piece as its presentation forms)."""
    import io

    from pypdf import PdfReader

    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, *_):
        if text.strip():
            found.append((text.strip(), cm[4] + tm[4]))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        if page_has in page.extract_text():
            page.extract_text(visitor_text=visit)
            return found
    raise AssertionError(f"no page shows {page_has!r}")


def test_an_english_line_quoting_a_long_persian_title_reads_left_to_right():
    from briefing.text.bidi import paragraph_direction

    # the changes slide's "source toseeh added: “…”" was drawn right to left in the PDFs
    # (most of its letters are Persian) and left to right in the deck
    assert paragraph_direction(f"source toseeh added: “{PERSIAN_TITLE}”") == "ltr"
    assert paragraph_direction(f"{ZINDAJAN} (Zindajan)") == "ltr"
    assert paragraph_direction("سپاه پاسداران (IRGC) حمله کرد") == "rtl"


def _chart_doc(label: str):
    import datetime as dt

    from briefing.model import document as m

    section = m.empty_section("chart", "Families", "f")
    section.chart = m.Chart(type="bar", categories=[label, "Injil"],
                            series=[m.Series(name="Families", values=[m.Value(1398), m.Value(914)])])
    return m.Document(title="Directions", as_of=dt.date(2023, 10, 14), sections=[section])


def test_a_chart_category_opening_with_a_persian_name_is_drawn_as_written():
    # "زنده‌جان (Zindajan)": the deck (and PowerPoint's chart) shows the name, then its
    # gloss; the PDFs drew "(Zindajan) زنده‌جان", the first letter's direction
    import io

    from briefing.render.pdf.slides import write_slides_pdf

    out = io.BytesIO()
    write_slides_pdf(_chart_doc(f"{ZINDAJAN} (Zindajan)"), out)
    drawn = _xs(out.getvalue(), "Injil")
    name = [x for text, x in drawn if _arabic(text)]
    gloss = next(x for text, x in drawn if "Zindajan" in text)
    assert name and max(name) < gloss


@pytest.fixture(scope="module")
def herat(tmp_path_factory) -> dict[str, bytes]:
    """The review briefing exported on the sample corporate template set in DejaVu Serif
    (theme fonts), as the review looked at it: {"pdf", "report", "handout", "pptx"}."""
    from briefing import load_file
    from briefing.export.job import default_job, run_export
    from tests.test_template_look import with_fonts

    tmp = tmp_path_factory.mktemp("herat")
    job = default_job("herat", tmp)
    job.report = tmp / "herat-report.pdf"
    job.template = with_fonts(tmp, "DejaVu Serif", "DejaVu Serif")
    run_export(load_file(HERAT), job, warn=lambda _message: None)
    return {kind: path.read_bytes() for kind, path in job.targets()}


def test_each_wrapped_line_of_a_table_cell_keeps_the_cells_direction(herat):
    # "Afghans left Pakistan; via طورخم and چمن" wraps before "طورخم": its second line was
    # drawn right to left ("چمن and طورخم"), the first letter's direction, on the slide
    drawn = _xs(herat["pdf"], "Commissionerate")
    k = next(i for i, (text, _x) in enumerate(drawn) if text.startswith("Afghans left"))
    from briefing.text.shaping import visual

    rest = dict(drawn[k + 1:k + 4])

    def x(word: str) -> float:  # pypdf may hand a shaped word back in either order
        return rest.get(visual(word), rest.get(visual(word)[::-1], -1.0))

    assert 0 < x("طورخم") < rest["and"] < x("چمن")


def test_the_paper_never_breaks_a_right_to_left_phrase_after_reordering_it():
    # the paper reorders a paragraph before ReportLab breaks its lines: "Landi Kotal
    # (لنڈی کوتل)" broke with "(کوتل" ending one line and "لنڈی)" starting the next
    import re

    from briefing.render.pdf.fonts import fallback_markup
    from briefing.text.shaping import visual

    markup = fallback_markup("reached through Landi Kotal (لنڈی کوتل), and Chaman (چمن) in")
    words = re.sub("<[^>]*>", "", markup).split(" ")
    assert [w for w in words if _arabic(w)] == ["(" + visual("لنڈی کوتل").replace(" ", "\u00a0")
                                                + "),", "(" + visual("چمن") + ")"]


def test_a_range_figure_too_wide_for_a_third_of_the_slide_takes_a_wider_cell_not_a_cut(herat):
    # "1,384–2,445" at 40 pt in DejaVu Serif Bold is wider than a third of the slide: the
    # PDFs printed "1,384–2,44" over "5" (the deck, unbroken, ran out of its box)
    for kind in ("pdf", "report"):
        drawn = [text for text, _x in _xs(herat[kind], "killed (WHO")]
        assert "1,384–2,445" in drawn, (kind, [t for t in drawn if t.startswith("1,3")])


DISTRICTS = [f"{ZINDAJAN} (Zindajan)", "Injil", "Kushk/Rabat-e-Sangai (as spelt in the WHO report)",
             "Gulran", "Herat", "Kohsan"]


@pytest.mark.parametrize("size", [(460.8, 259.2), (320.0, 200.0)])
def test_a_pie_with_a_long_name_and_small_neighbouring_slices_stays_a_pie_with_clear_labels(size):
    # the paper and the handout drew the six districts as a dot under labels printed over
    # each other and cut at the page's edge; names now wrap, labels slide clear of the disc
    from reportlab.graphics.shapes import Wedge

    from briefing.charts.drawing import chart_drawing
    from briefing.format.themes import load_theme
    from briefing.model import document as m
    from tests.test_chart_contract import text_boxes

    chart = m.Chart(type="pie", categories=DISTRICTS, unit="families", series=[m.Series(
        name="Families", values=[m.Value(v) for v in (1398, 914, 385, 360, 121, 19)])])
    drawing = chart_drawing(chart, load_theme(None), *size)
    wedges = [n for n in drawing.contents if isinstance(n, Wedge)]
    assert wedges and wedges[0].radius >= min(size) / 6
    boxes = text_boxes(drawing)
    for text, (x0, _y0, x1, _y1) in boxes:
        assert x0 >= -0.5 and x1 <= size[0] + 0.5, text
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)


# --- the map ----------------------------------------------------------------------------------


def test_every_label_candidate_around_a_marker_keeps_clear_of_it():
    # the four diagonal boxes touched the marker they belong to, so none was ever taken and
    # Torkham's label went under the map beside empty room
    from briefing.layout.geometry import Box
    from briefing.layout.maps import MARKER, _candidates, _overlaps

    marker = Box(100 - MARKER / 2, 100 - MARKER / 2, MARKER, MARKER)
    for cand in _candidates(100, 100, 160, 35):
        assert not _overlaps(cand, marker), cand


def test_markers_of_places_closer_than_a_marker_are_pushed_apart_not_stacked():
    # Chaman and Spin Boldak, 10 km apart: marker 5 hid marker 4
    import math

    from briefing.layout.geometry import Box
    from briefing.layout.maps import MARKER, apart

    area = Box(0, 0, 400, 300)
    points = [(200.0, 150.0), (203.0, 148.0), (200.0, 150.0), (10.0, 10.0)]
    moved = apart(points, area)
    for i, a in enumerate(moved):
        assert MARKER / 2 <= a[0] <= 400 - MARKER / 2 and MARKER / 2 <= a[1] <= 300 - MARKER / 2
        for b in moved[i + 1:]:
            assert math.dist(a, b) >= MARKER
    assert moved[3] == points[3]  # a place alone stays on its spot
    assert apart(points, area) == moved  # the same every export


def _map_frames(doc):
    from briefing.layout import layout_document
    from briefing.layout.geometry import MapFrame

    return [e for p in layout_document(doc).pages for e in p.elements
            if isinstance(e, MapFrame)]


def test_the_inset_and_the_scale_bar_take_a_corner_no_marker_is_in():
    # the paper's narrower map put Torkham's marker under the inset, where it was hidden
    from briefing import load_file
    from briefing.layout.geometry import ShapeBox, TextBlock

    doc = load_file(HERAT)
    doc.sections = [s for s in doc.sections if s.kind == "map"]
    place = doc.sections[0].places[2]  # Torkham, moved to where the inset stands
    place.lat, place.lon = 37.0, 72.5
    doc.sections[0].extent = [58.0, 29.0, 73.0, 37.5]
    for frame in _map_frames(doc):
        numbers = [i.box for i in frame.items
                   if isinstance(i, TextBlock) and i.role == "map-number"]
        boxes = [i.box for i in frame.items if isinstance(i, ShapeBox) and i.shape == "rect"
                 and i.fill and i.box != frame.box]  # the inset's sea and the scale's ground
        assert numbers and boxes
        for furniture in boxes:
            for number in numbers:
                assert (number.right <= furniture.x or furniture.right <= number.x
                        or number.bottom <= furniture.y or furniture.bottom <= number.y)


def test_a_long_bar_category_wraps_in_its_row_instead_of_being_cut():
    # the paper printed "Kushk/Rabat-e-Sangai (as spelt in..." beside rows of two bars
    from briefing.charts.drawing import chart_drawing
    from briefing.format.themes import load_theme
    from briefing.model import document as m
    from tests.test_chart_contract import text_boxes

    chart = m.Chart(type="bar", categories=DISTRICTS, unit="families", series=[
        m.Series(name="OCHA", values=[m.Value(v) for v in (1320, 150, 30, 95, None, 60)]),
        m.Series(name="WHO", values=[m.Value(v) for v in (1398, 914, 385, 360, 121, 19)])])
    texts = [t for t, _box in text_boxes(chart_drawing(chart, load_theme(None), 420.0, 300.0))]
    assert not any(t.endswith("…") for t in texts)
    assert "Kushk/Rabat-e-Sangai (as spelt in the WHO report)" in " ".join(texts)


def test_column_labels_in_large_text_stay_inside_the_chart_and_off_each_other():
    # the handout draws charts in larger text: "2,445 (2,053–2,445)" ran up out of the chart
    # into the slide's caveat, and "at least 1,240" over the neighbouring taller column
    from briefing.charts.drawing import chart_drawing
    from briefing.format.themes import load_theme
    from briefing.model import document as m
    from tests.test_chart_contract import text_boxes

    chart = m.Chart(type="column", categories=["Killed", "Injured", "Missing"], unit="people",
                    series=[m.Series("UN agencies", [m.Value(1384), m.Value(
                        1853, qualifier="at least"), m.Value(516)]),
                        m.Series("De facto authorities", [
                            m.Value(2445, low=2053, high=2445),
                            m.Value(1240, qualifier="at least"), m.Value(None)])])
    from briefing.layout.handout import printed_chart_font

    width, height = 888.0, 314.8  # the slide's chart frame, printed six slides to a page
    size = printed_chart_font(12.0, 0.27)
    boxes = text_boxes(chart_drawing(chart, load_theme(None), width, height, font_size=size))
    for text, (x0, y0, x1, y1) in boxes:
        assert -0.5 <= y0 and y1 <= height + 0.5 and -0.5 <= x0 and x1 <= width + 0.5, text
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
        for b, (bx0, by0, bx1, by1) in boxes[i + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)


def test_a_lead_in_bullet_never_ends_a_slide_with_only_one_of_its_items():
    # "Sources" and one added source ended a changes slide; the other eight began the next
    # under no heading
    from briefing.layout.geometry import Paragraph, Run
    from briefing.layout.text import paginate

    def bullet(text: str, level: int) -> Paragraph:
        return Paragraph([Run(text)], level=level, bullet=True, size=18.0)

    paragraphs = [bullet("New: Desk judgments", 1), *[bullet(f"New: part {k}", 1)
                                                    for k in range(4)],
                  bullet("Sources", 1), *[bullet(f"source s{k} added", 2) for k in range(6)]]
    line = 18.0 * 1.2
    pages = paginate(paragraphs, 600.0, lambda k: 7 * line + 8.0)
    assert [p.text for p in pages[0]][-1] == "New: part 3"
    assert [p.text for p in pages[1]][:2] == ["Sources", "source s0 added"]


def test_a_persian_sentence_and_its_citation_are_ordered_as_one_line_in_the_pdf():
    # the slides PDF reordered each style run of a line on its own and drew the runs left
    # to right: "[1]" after a Persian judgment stood at its right, where the sentence starts
    # (the deck put it at the left end, where it ends), and a bold Persian place before its
    # actor stood at the left
    import datetime as dt
    import io

    from briefing.model import document as m
    from briefing.render.pdf.slides import write_slides_pdf

    section = m.empty_section("judgments", "Judgments", "j")
    section.items = [m.JudgmentItem(text="احتمال تشدید درگیری در کوتاه‌مدت کم است.",
                                confidence="moderate", sources=["s1"])]
    doc = m.Document(title="Order", as_of=dt.date(2024, 1, 19), sections=[section],
                     sources=[m.Source(id="s1", title="Report")])
    out = io.BytesIO()
    write_slides_pdf(doc, out)
    drawn = _xs(out.getvalue(), "MODERATE")
    cite = next(x for text, x in drawn if text == "[1]")
    persian = [x for text, x in drawn if _arabic(text)]
    assert persian and cite < min(persian)


def test_visual_pieces_orders_a_lines_stretches_across_its_runs():
    from briefing.text.bidi import visual_pieces

    pieces = ["سراوان؛ ", "پاک فضائیہ"]  # a bold place, then its actor, right to left
    drawn = visual_pieces(pieces, "rtl")
    assert [k for k, _text, _way in drawn] == [1, 0]
    english = visual_pieces(["Killed in ", "سراوان", " [1]"], "ltr")
    assert [k for k, _text, _way in english] == [0, 1, 2]
    assert {way for _k, _text, way in drawn} == {"rtl"}


def test_a_persian_section_title_in_the_papers_contents_keeps_its_number_first():
    # "2. ارزیابی‌ها" was reordered as a Persian line: "ارزیابی‌ها .2"
    import io

    from briefing import load_file
    from briefing.render.pdf.paper import write_report_pdf

    out = io.BytesIO()
    write_report_pdf(load_file(DATA / "persian-heavy.yaml"), out)
    drawn = [text for text, _x in _xs(out.getvalue(), "Contents")]
    k = drawn.index("2.")
    assert _arabic(drawn[k + 1])


def test_a_persian_paragraph_in_the_paper_starts_on_its_first_line():
    # the paper reordered a right-to-left paragraph whole before ReportLab broke its lines:
    # its first line printed the paragraph's last words, its last line the first
    import datetime as dt
    import io

    from pypdf import PdfReader

    from briefing.model import document as m
    from briefing.render.pdf.paper import write_report_pdf

    words = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده"] * 5 + ["پایان."]
    section = m.empty_section("text", "Long Persian", "p")
    section.text = " ".join(words)
    doc = m.Document(title="RTL", as_of=dt.date(2024, 1, 19), sections=[section])
    out = io.BytesIO()
    write_report_pdf(doc, out)
    lines: list[tuple[float, str]] = []
    for page in PdfReader(io.BytesIO(out.getvalue())).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, *_: lines.append(
            (cm[5] + tm[5], text)) if _arabic(text) else None)
    tops = sorted({round(y) for y, _t in lines}, reverse=True)
    assert len(tops) >= 3  # a paragraph of several lines
    first = " ".join(t for y, t in lines if round(y) == tops[0])
    last = " ".join(t for y, t in lines if round(y) == tops[-1])
    from briefing.text.shaping import visual

    def shaped(word: str) -> str:  # as drawn, handed back by pypdf in reading order
        return visual(word)[::-1]

    assert shaped("یک") in first and shaped("پایان") not in first
    assert shaped("پایان") in last
