"""The value axis says the same in the deck (as LibreOffice and PowerPoint draw it) and in the
PDFs (issue 14, "one rule, every output"): the layout's ticks are written into the deck, a bar
chart's numbers stand under its bars, and a range label is never wrapped at its dash.

The deck is read as chart XML, and as LibreOffice renders it (`soffice --convert-to pdf`, read
back word by word with poppler's `pdftotext -bbox`) beside the slides PDF of the same export."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from briefing import load_file
from briefing.charts.drawing import chart_drawing
from briefing.export.job import ExportJob, run_export
from briefing.layout import ChartFrame, layout_document
from briefing.layout.chart_rules import chart_value_axis, tick_text, value_axis
from briefing.render.pptx.deck import write_pptx
from briefing.resources import example_path
from tests.test_chart_contract import text_boxes
from tests.test_rendered_overlap import words

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
NK = Path(__file__).parent / "data" / "nagorno-karabakh-charts.yaml"
#: the Nagorno-Karabakh charts and the same districts as horizontal bars
BARS = """
  - id: district-bars
    kind: chart
    title: Villages shelled, as bars
    chart:
      type: bar
      categories: [Stepanakert, Martuni, Hadrut, Shusha, Askeran, Martakert, Kashatagh]
      series:
        - name: Villages
          values: [12, 9, 14, 6, 8, 11, {value: 3, qualifier: at least}]
"""


@pytest.fixture(scope="module")
def nk(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("nk") / "nk-bars.yaml"
    path.write_text(NK.read_text(encoding="utf-8").rstrip("\n") + "\n" + BARS.lstrip("\n"),
                    encoding="utf-8")
    return path


DOCS = {"example": example_path(), "nk-charts": NK}
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def deck_charts(path: Path) -> list[tuple[ChartFrame, etree._Element]]:
    doc = load_file(path)
    frames = [e for p in layout_document(doc).pages for e in p.elements
              if isinstance(e, ChartFrame)]
    buf = io.BytesIO()
    write_pptx(doc, buf)
    with zipfile.ZipFile(buf) as zf:
        parts = [etree.fromstring(zf.read(n)) for n in sorted(
            (n for n in zf.namelist() if n.startswith("ppt/charts/chart")),
            key=lambda n: (len(n), n))]
    assert len(parts) == len(frames) > 0
    return list(zip(frames, parts, strict=True))


def deck_ticks(part: etree._Element) -> list[str]:
    """The tick numbers a native chart draws from its value axis's min, max, major unit and
    number format (printed as a spreadsheet prints them)."""
    val_ax = part.find(f".//{C}valAx")
    fmt = val_ax.find(f"{C}numFmt")
    assert fmt.get("sourceLinked") == "0"
    low = float(val_ax.find(f"{C}scaling/{C}min").get("val"))
    high = float(val_ax.find(f"{C}scaling/{C}max").get("val"))
    step = float(val_ax.find(f"{C}majorUnit").get("val"))
    count = int((high - low) / step + 1e-9)
    return [spreadsheet_text(fmt.get("formatCode"), round(low + k * step, 10))
            for k in range(count + 1)]


def spreadsheet_text(fmt: str, value: float) -> str:
    """What Excel and PowerPoint print for `value` in the formats the deck may write
    ("#,##0", "#,##0.0", "#,##0.00", each with an optional quoted suffix): a format of
    another kind (such as "#,##0.##", which prints 4000 as "4,000.") fails here."""
    found = re.fullmatch(r'#,##0(?:\.(0{1,2}))?(?:"([^"]*)")?', fmt)
    assert found, f"the deck writes a number format a spreadsheet prints otherwise: {fmt}"
    digits = len(found.group(1) or "")
    return f"{value + 0.0:,.{digits}f}" + (found.group(2) or "")


@pytest.mark.parametrize("which", sorted(DOCS))
def test_the_deck_is_given_the_layouts_ticks_and_the_drawing_draws_them(which):
    for frame, part in deck_charts(DOCS[which]):
        if frame.chart.type == "pie":
            continue
        axis = chart_value_axis(frame.chart, frame.axis_max)
        ticks = deck_ticks(part)
        assert ticks == [tick_text(t, axis.step) for t in axis.ticks]
        drawing = chart_drawing(frame.chart, None, frame.box.w, frame.box.h,
                                font_size=frame.font_size, axis_max=frame.axis_max)
        drawn = {t for t, _box in text_boxes(drawing)}
        assert set(ticks) <= drawn, (frame.chart.categories, ticks)


def test_a_value_axis_below_zero_starts_on_a_tick():
    axis = value_axis(-37.0, 120.0, horizontal=False)
    assert axis.low % axis.step == 0 and axis.low <= -37.0
    assert len(axis.ticks) - 1 <= 7  # at most six steps, and the padding's part of one


def test_a_bar_charts_value_axis_is_placed_under_the_bars_in_the_deck(nk):
    bars = [(f, p) for f, p in deck_charts(nk) if f.chart.type in ("bar", "stacked-bar")]
    assert bars
    for _frame, part in bars:
        cat_ax, val_ax = part.find(f".//{C}catAx"), part.find(f".//{C}valAx")
        assert cat_ax.find(f"{C}scaling/{C}orientation").get("val") == "maxMin"
        assert val_ax.find(f"{C}crosses").get("val") == "max"  # at the last category
        assert val_ax.find(f"{C}axPos").get("val") == "b"


def test_a_range_label_in_the_deck_is_never_wrapped():
    for _frame, part in deck_charts(NK):
        for rich in part.iter(f"{C}rich"):
            text = "".join(t.text for t in rich.iter(f"{A}t"))
            if "\u2013" in text:
                assert rich.find(f"{A}bodyPr").get("wrap") == "none", text


# --- as LibreOffice draws the deck -----------------------------------------------------------

FOOTER_TOP = 495.0  # points from the top of a 960 x 540 slide: the footer stands below


def _axis_numbers(page) -> list[tuple[float, float, float, float, str]]:
    """The value axis's numbers on a chart page: the largest set of numbers standing in one
    column (right-aligned at one x) or on one row (at one y), above the footer ("10 / 11")."""
    nums = [w for w in page if NUMBER.match(w[4]) and w[3] < FOOTER_TOP]
    cols = Counter(round(w[2]) for w in nums)
    rows = Counter(round(w[3]) for w in nums)
    (x, nx), (y, ny) = cols.most_common(1)[0], rows.most_common(1)[0]
    if nx >= ny:
        return [w for w in nums if round(w[2]) == x]
    return [w for w in nums if round(w[3]) == y]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, nk):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler render and read the deck")
    out = tmp_path_factory.mktemp("axes")
    job = ExportJob(pptx=out / "deck.pptx", pdf=out / "slides.pdf")
    run_export(load_file(nk), job)
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out / "render"), str(job.pptx)],
                   check=True, capture_output=True, timeout=240)
    return words(out / "render" / "deck.pdf"), words(job.pdf)


def _chart_pages(pages, title: str) -> list[int]:
    """The pages showing the chart titled `title` (not the contents slide that names it)."""
    return [k for k, page in enumerate(pages) if title in " ".join(w[4] for w in page)
            and sum(bool(NUMBER.match(w[4])) and w[3] < FOOTER_TOP for w in page) > 4]


@pytest.mark.timeout(300)
def test_libreoffice_draws_the_pdfs_ticks_and_the_bars_scale_at_the_bottom(rendered):
    lo, pdf = rendered
    assert len(lo) == len(pdf)
    for title in ("Military deaths claimed, by side", "Villages shelled, by district",
                  "Villages shelled, as bars", "Civilian deaths reported, cumulative by week", "Equipment losses claimed"):
        pages = _chart_pages(pdf, title)
        assert pages, title
        for k in pages:
            ticks_lo = [w[4] for w in _axis_numbers(lo[k])]
            ticks_pdf = [w[4] for w in _axis_numbers(pdf[k])]
            assert sorted(ticks_lo) == sorted(ticks_pdf), (title, ticks_lo, ticks_pdf)
    for k in _chart_pages(lo, "Villages shelled, as bars"):
        axis_top = min(w[1] for w in _axis_numbers(lo[k]))
        names = [w for w in lo[k] if w[4] in ("Stepanakert", "Kashatagh")]
        assert names and all(axis_top > w[3] for w in names)  # under every bar's name


@pytest.mark.timeout(300)
def test_libreoffice_keeps_a_range_label_on_one_line(rendered):
    lo, _pdf = rendered
    found = [w[4] for page in lo for w in page if "\u2013" in w[4]]
    assert "(2,300\u20133,825)" in found and "2,783\u20132,906" in found, found


# --- a crowded chart in the paper ------------------------------------------------------------

def _districts(count: int, kind: str = "column") -> str:
    names = ", ".join(f"District {i}" for i in range(1, count + 1))
    reported = ", ".join(str((i * 7) % 40) for i in range(count))
    confirmed = ", ".join(str((i * 11) % 30) for i in range(count))
    return ("format: briefing/1\ntitle: Districts\nas_of: 2024-01-19\nsections:\n"
            "  - kind: chart\n    title: People displaced by district\n    chart:\n"
            f"      type: {kind}\n      unit: people\n      categories: [{names}]\n"
            f"      series:\n        - {{name: Reported, values: [{reported}]}}\n"
            f"        - {{name: Confirmed, values: [{confirmed}]}}\n")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["column", "bar", "stacked-bar"])
def test_the_papers_chart_of_thirty_categories_prints_no_text_over_another(kind, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler reads the words back")
    from briefing import load_text
    from tests.test_rendered_overlap import problems

    job = ExportJob(report=tmp_path / "paper.pdf")
    run_export(load_text(_districts(30, kind)), job)
    pages = words(job.report)
    # every name printed whole ("District" and its number on one line), none cut short
    named = {after[4] for page in pages for w, after in zip(page, page[1:], strict=False)
             if w[4] == "District" and abs(after[1] - w[1]) < 1}
    assert named >= {str(n) for n in range(1, 31)}
    assert problems(job.report) == []


def test_a_bar_chart_in_the_paper_is_as_tall_as_its_rows_and_split_past_a_page():
    from briefing import load_text
    from briefing.layout.figure_fit import bar_chart_height, bar_row, bar_rows_per_figure

    chart = load_text(_districts(30, "bar")).sections[0].chart
    assert bar_row(chart, 10.0) >= 2 * 10.0 * 1.3 / 0.8  # two labels' lines in 0.8 of a row
    assert bar_chart_height(chart, 483.0, 10.0) > 30 * bar_row(chart, 10.0)
    per = bar_rows_per_figure(chart, 483.0, 600.0, 10.0)
    assert per < 30 and bar_chart_height(_first(chart, per), 483.0, 10.0) <= 600.0


def _first(chart, n: int):
    from dataclasses import replace

    return replace(chart, categories=chart.categories[:n],
                   series=[replace(s, values=s.values[:n]) for s in chart.series])
