"""The briefing paper paginates as a printed report does, and cites every source it uses.

- a heading never ends a page: it stays with its caveat and the start of its first block;
- a page of the sections is at least a third full (a block that does not fit starts where it is
  and goes on, header repeated, rather than moving whole and leaving the page empty);
- a section's "Sources:" line never starts a page alone;
- every source a section cites (its own, its judgments', events' and chart values') is cited in
  the paper's text of that section.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable

from briefing import load_file, load_text
from briefing.layout.context import cited_ids
from briefing.render.pdf import paper
from briefing.resources import example_path

STRESS = Path(__file__).parent / "data" / "stress.yaml"


@dataclass
class Placed:
    """What one page of the last layout pass holds, top to bottom."""

    kinds: list[str] = field(default_factory=list)  # "heading", "caveat", "cite", "block"
    used: float = 0.0  # share of the frame's height taken
    #: what was placed, with the share of the frame's height each took (its spacing included)
    placed: list[tuple[object, float]] = field(default_factory=list)
    frame: float = 0.0  # the frame's height, points


def _kind(flowable) -> str:
    if isinstance(flowable, paper._Heading):
        return "heading"
    style = getattr(getattr(flowable, "style", None), "name", "")
    return {"caveat": "caveat", "cite": "cite"}.get(style, "block")


def paginate(doc, edition=None) -> list[Placed]:
    """Lay the paper out, recording what each page of the last pass holds and how full it is
    (`edition`: the changes since a previous edition, as `briefing export` marks them)."""
    pages: dict[int, Placed] = {}
    original = paper._DocTemplate.afterFlowable

    def record(self, flowable):
        original(self, flowable)
        frame = self.frame
        if frame is None or isinstance(flowable, (ActionFlowable, CondPageBreak, Spacer,
                                                  paper._PageTotal, paper._Anchor)):
            return
        page = pages.setdefault(self.page, Placed())
        page.kinds.append(_kind(flowable))
        used = (frame._y2 - frame._y) / (frame._y2 - frame._y1)
        page.placed.append((flowable, used - page.used))
        page.used = used
        page.frame = frame._y2 - frame._y1

    def build(self, flowables, *args, **kwargs):
        pages.clear()  # each pass starts again: the last one is the paper
        original_build(self, flowables, *args, **kwargs)

    original_build = paper._DocTemplate.build
    paper._DocTemplate.afterFlowable = record
    paper._DocTemplate.build = build
    try:
        paper.write_report_pdf(doc, io.BytesIO(), edition=edition)
    finally:
        paper._DocTemplate.afterFlowable = original
        paper._DocTemplate.build = original_build
    return [pages[n] for n in sorted(pages)]


def _section_pages(pages: list[Placed]) -> list[Placed]:
    """The pages from the first section heading on (the cover and contents end early)."""
    first = next(k for k, p in enumerate(pages) if "heading" in p.kinds)
    return pages[first:]


def _timeline_doc(events: int, lead_lines: int) -> str:
    """A text section of `lead_lines` lines, then a timeline of `events` one-line events: the
    timeline's heading falls part-way down the first page, and its table runs over pages."""
    text = " ".join(["Word of the opening text section, written to fill a line."] * lead_lines)
    rows = "\n".join(f"  - {{date: 2024-01-{1 + k % 28:02d}, text: Event number {k} happened.}}"
                     for k in range(events))
    return ("format: briefing/1\ntitle: Pagination\nas_of: 2024-01-31\n"
            "sources:\n- {id: s1, title: A source}\n"
            f"sections:\n- id: t\n  kind: text\n  title: Opening\n  text: {text}\n"
            f"- id: e\n  kind: timeline\n  title: Events\n  caveat: Dates as reported.\n"
            f"  sources: [s1]\n  events:\n{rows}\n")


HERAT = Path(__file__).parent / "data" / "review-herat.yaml"


@functools.cache
def _herat():
    """The Herat review briefing with the changes since its previous edition (`since:`), as
    `briefing export` lays it out: charts with long "Changed since" captions."""
    from briefing.diff.editions import compare_editions
    from briefing.diff.slide import with_changes
    from briefing.format.previous import load_previous
    from briefing.model.compare import edition_marks

    doc = load_file(HERAT)
    _path, previous = load_previous(doc, HERAT.parent, None, str(HERAT))
    result = compare_editions(previous, doc, None)
    marks = edition_marks(result)
    return with_changes(doc, result, marks), marks


DOCS = {
    "example": lambda: load_file(example_path()),
    # parts, charts, a map, a timeline, a previous edition's changes under the charts
    "herat": lambda: copy.deepcopy(_herat()[0]),
    "stress": lambda: load_file(STRESS),
    # a long timeline under a third of a page of text: it starts under its heading
    "timeline": lambda: load_text(_timeline_doc(60, 12)),
    # ranges, Persian and Armenian names, 14 events, 11 sources
    "karabakh": lambda: load_file(Path(__file__).parent / "data"
                                  / "nagorno-karabakh-typography.yaml"),
    # names, quotations and judgments mostly in Persian and Urdu
    "persian": lambda: load_file(Path(__file__).parent / "data" / "persian-heavy.yaml"),
}


#: the edition marks a briefing of DOCS is laid out with (None: no previous edition)
EDITIONS = {"herat": lambda: _herat()[1]}


@pytest.fixture(scope="module", params=sorted(DOCS))
def laid_out(request) -> list[Placed]:
    return paginate(DOCS[request.param](), EDITIONS.get(request.param, lambda: None)())


@pytest.mark.timeout(300)
def test_no_page_ends_with_a_heading_or_its_caveat(laid_out):
    for n, page in enumerate(laid_out, start=1):
        assert page.kinds[-1] not in ("heading", "caveat"), (n, page.kinds)


@pytest.mark.timeout(300)
def test_no_page_starts_with_a_sources_line(laid_out):
    for n, page in enumerate(laid_out, start=1):
        assert page.kinds[0] != "cite", (n, page.kinds)


@pytest.mark.timeout(300)
def test_every_page_of_the_sections_but_the_last_is_at_least_a_third_full(laid_out):
    pages = _section_pages(laid_out)
    for n, page in enumerate(pages[:-1]):
        assert page.used >= 1 / 3, (n, round(page.used, 2), page.kinds)


def _cannot_split(flowable, height: float) -> bool:
    """A figure, a picture, or a block shorter than the paper splits (it moves on whole)."""
    return isinstance(flowable, (paper._Figure, paper._Picture, paper._MapDrawing, KeepTogether)) \
        or height < paper._SHORT_BLOCK


@pytest.mark.timeout(300)
def test_no_page_of_the_sections_is_more_than_a_third_empty_unless_a_whole_figure_moved_on(
        laid_out):
    """Long sections, timelines and tables split where the page ends; a page ends more than a
    third empty only when what comes next (a heading with its caveat and first block, a
    figure with its caption and sources, and the heading's space above it) could not be split
    and was taller than the room left: a figure, a picture or a short block."""
    pages = _section_pages(laid_out)
    for n, page in enumerate(pages[:-1]):
        if page.used >= 2 / 3:
            continue
        following = pages[n + 1]
        first = next(k for k, kind in enumerate(following.kinds) if kind == "block")
        lead = following.placed[:first + 1]
        block, share = lead[-1]
        assert following.kinds[0] == "heading" and _cannot_split(block, share * page.frame), \
            (n, round(page.used, 2), following.kinds[:first + 1])
        above = following.placed[0][0].getSpaceBefore() / page.frame  # at the top, not here
        assert sum(share for _, share in _lead(following)) + above > 1 - page.used, \
            (n, round(page.used, 2))


#: how full a page of the sections is, unless what starts the next page could be neither split
#: nor laid out lower into the room left
LEAST_FILL = 0.7


def _lead(page: Placed) -> list[tuple[object, float]]:
    """What starts `page` and must go with its heading: the heading, its caveat and the first
    block; for a figure, its caption and the "Sources:" line under it too (a map's captions
    and line)."""
    first = next(k for k, kind in enumerate(page.kinds) if kind == "block")
    stop = first + 1
    if isinstance(page.placed[first][0], paper._Figure):
        stop += 1  # the caption
        stop += page.kinds[stop:stop + 1] == ["cite"]
    elif isinstance(page.placed[first][0], paper._MapDrawing):  # its captions, its sources
        stop = next((k for k in range(stop, len(page.kinds)) if page.kinds[k] == "heading"),
                    len(page.kinds))
    return page.placed[:stop]


@pytest.mark.timeout(300)
def test_no_page_of_the_sections_is_less_than_70_percent_full_unless_what_follows_cannot_fit(
        laid_out):
    """A page ends under 70 % full only when what starts the next page (a heading, its caveat
    and its first block) could not be split, and would not fit the room left even with its
    chart laid out as low as `figure_fit` allows."""
    pages = _section_pages(laid_out)
    for n, page in enumerate(pages[:-1]):
        if page.used >= LEAST_FILL or isinstance(page.placed[-1][0], PageBreak):
            continue  # full enough, or a chapter ends here (the next starts a new page)
        following = pages[n + 1]
        lead = _lead(following)
        block, share = next((f, s) for f, s in lead if not isinstance(f, paper.Paragraph)
                            or f is lead[-1][0])
        assert following.kinds[0] == "heading" and _cannot_split(block, share * page.frame), \
            (n, round(page.used, 2), following.kinds[:len(lead)])
        spare = block.height - block.least \
            if isinstance(block, (paper._Figure, paper._MapDrawing)) else 0.0
        least = sum(s for _, s in lead) * page.frame - spare
        assert least > (1 - page.used) * page.frame, (n, round(page.used, 2), least)


def _spare(flowable) -> float:
    """How many points lower a chart or map may be laid out than it was (`figure_fit`)."""
    if isinstance(flowable, (paper._Figure, paper._MapDrawing)):
        return flowable.height - flowable.least
    return 0.0


#: how full a page of the sections is, unless what follows could not start on it even with
#: every chart and map of the page as low as they may be, and its own too
LEAST_FILL_WITH_FIGURES = 0.7


@pytest.mark.timeout(300)
def test_no_page_is_left_part_empty_where_a_lower_chart_above_would_let_what_follows_start(
        laid_out):
    """A page of the sections ends under 70 % full only when what starts the next page (a
    heading, its caveat, its first block, a figure's caption and sources) would not fit the
    room left even with its own chart and every chart and map already on the page as low as
    `figure_fit` allows. The last page of the paper and of a part are exempt. (The Herat
    review's chart of casualties filled 59 % of a page at its full height, and the bar chart
    section after it moved on whole: the page above it is now shared, both charts lower.)"""
    pages = _section_pages(laid_out)
    for n, page in enumerate(pages[:-1]):
        following = pages[n + 1]
        if page.used >= LEAST_FILL_WITH_FIGURES or isinstance(page.placed[-1][0], PageBreak) \
                or getattr(following.placed[0][0], "tag_role", "") == "H1":
            continue  # full enough, a chapter ends here, or the next page starts a part
        lead = _lead(following)
        block = next(f for f, _ in lead if not isinstance(f, paper.Paragraph)
                     or f is lead[-1][0])
        least = sum(s for _, s in lead) * page.frame - _spare(block)
        room = (1 - page.used) * page.frame + sum(_spare(f) for f, _ in page.placed)
        assert following.kinds[0] == "heading" and _cannot_split(block, least), \
            (n, round(page.used, 2), following.kinds[:len(lead)])
        assert least > room, (n, round(page.used, 2), round(least), round(room))


def _chart_doc(lead_lines: int, kind: str = "column") -> str:
    """A text section of `lead_lines` lines, a chart section, and another text section."""
    text = " ".join(["Word of the opening text section, written to fill a line."] * lead_lines)
    return ("format: briefing/1\ntitle: Pagination\nas_of: 2024-01-31\n"
            "sources:\n- {id: s1, title: A source}\n"
            f"sections:\n- id: t\n  kind: text\n  title: Opening\n  text: {text}\n"
            "- id: c\n  kind: chart\n  title: Casualties\n  caveat: As reported.\n"
            f"  sources: [s1]\n  chart:\n    type: {kind}\n    unit: people\n"
            "    categories: [Killed, Injured, Displaced]\n    series:\n"
            "    - {name: North, values: [12, 30, 45]}\n"
            + ("    - {name: South, values: [8, 14, 60]}\n" if kind != "pie" else "")
            + f"- id: u\n  kind: text\n  title: After\n  text: {text}\n")


def _figures(pages: list[Placed]) -> list[tuple[int, paper._Figure]]:
    return [(k, f) for k, page in enumerate(pages) for f, _ in page.placed
            if isinstance(f, paper._Figure)]


def test_a_chart_that_does_not_fit_the_rest_of_a_page_is_laid_out_lower_to_finish_it():
    """Half a page left under the opening text: the chart section (heading, caveat, figure,
    caption, sources) stays there, its chart laid out lower, instead of moving on whole."""
    pages = _section_pages(paginate(load_text(_chart_doc(52))))
    ((k, figure),) = _figures(pages)
    assert k == 0 and pages[0].used > 0.95, [round(p.used, 2) for p in pages]
    width, natural = paper.ReportRenderer(load_text(_chart_doc(1)))._chart_size()
    assert width / 3 <= figure.height < natural - 20
    assert pages[0].kinds[-5:] == ["heading", "caveat", "block", "block", "cite"]


@pytest.mark.parametrize("lead_lines", range(20, 81))
def test_a_chart_is_never_laid_out_flatter_than_a_third_of_its_width(lead_lines):
    """Wherever the chart falls, it is at its natural height or lower down to a third of its
    width; when even that does not fit, the section moves on whole at the natural height. Its
    heading and caveat never end a page (with 46 or 47 lines above they did, when the section
    missed the room left by less than the heading's space above it)."""
    pages = _section_pages(paginate(load_text(_chart_doc(lead_lines))))
    assert all(page.kinds[-1] not in ("heading", "caveat") for page in pages)
    ((k, figure),) = _figures(pages)
    width, natural = figure.width, paper.ReportRenderer(load_text(_chart_doc(1)))._chart_size()[1]
    assert width / 3 - 0.01 <= figure.height <= natural + 0.01
    if pages[k].kinds[0] == "heading" and k and pages[k - 1].used < LEAST_FILL:
        assert figure.height == pytest.approx(natural)  # it moved on: no need to lower it


@pytest.mark.parametrize("kind", ["bar", "pie"])
def test_bar_charts_and_pies_keep_their_height_and_move_on_whole(kind):
    """A bar chart's height is its categories' rows, a pie's its diameter: neither is lowered."""
    pages = _section_pages(paginate(load_text(_chart_doc(52, kind))))
    ((k, figure),) = _figures(pages)
    assert k == 1 and pages[1].kinds[0] == "heading"
    assert figure.height == figure.least == pytest.approx(
        paper.ReportRenderer(load_text(_chart_doc(1)))._chart_size()[1])


@pytest.mark.parametrize("kind", ["bar", "pie"])
@pytest.mark.parametrize("lead_lines", range(40, 54))
def test_a_chart_that_cannot_be_lowered_never_leaves_its_heading_at_the_foot_of_a_page(
        kind, lead_lines):
    """A section whose chart keeps its height fits the rest of a page only with its heading's
    space above it counted: with 46 or 47 lines above, a bar chart's or a pie's heading stayed
    at the foot of the page and its figure moved on alone."""
    pages = _section_pages(paginate(load_text(_chart_doc(lead_lines, kind))))
    assert all(page.kinds[-1] not in ("heading", "caveat") for page in pages), \
        [page.kinds for page in pages]


def _quote_doc(lead_lines: int) -> str:
    """A text section of `lead_lines` lines, a quotation of about ten lines with its speaker
    and sources, and another text section."""
    text = " ".join(["Word of the opening text section, written to fill a line."] * lead_lines)
    said = " ".join(["The quoted words go on."] * 40)
    return ("format: briefing/1\ntitle: Pagination\nas_of: 2024-01-31\n"
            "sources:\n- {id: s1, title: A source}\n"
            f"sections:\n- id: t\n  kind: text\n  title: Opening\n  text: {text}\n"
            "- id: q\n  kind: quote\n  title: Said\n  sources: [s1]\n  quote:\n"
            f"    text: {said}\n    speaker: A spokesman\n    date: 2024-01-20\n"
            f"- id: u\n  kind: text\n  title: After\n  text: {text}\n")


@pytest.mark.parametrize("lead_lines", range(44, 54))
def test_a_quotation_s_speaker_line_never_starts_a_page_alone(lead_lines):
    """The speaker line goes over with the last lines of its quotation (with 46 to 51 lines
    above, "— A spokesman, 20 January 2024" started the next page alone)."""
    pages = _section_pages(paginate(load_text(_quote_doc(lead_lines))))
    for page in pages[1:]:
        assert getattr(getattr(page.placed[0][0], "style", None), "name", "") != "quote_by"


def test_a_long_timeline_starts_under_its_heading_instead_of_moving_whole():
    pages = paginate(load_text(_timeline_doc(60, 12)))
    first = _section_pages(pages)[0]
    assert first.kinds[:2] == ["heading", "block"]  # the opening section
    assert first.kinds[-3:] == ["heading", "caveat", "block"]  # the timeline's first rows


def _cell(value):
    """A table cell's paragraph (ReportLab keeps a wrapped cell as a tuple of flowables)."""
    return value[0] if isinstance(value, (list, tuple)) else value


@pytest.mark.timeout(300)
def test_a_table_continued_on_a_page_repeats_its_header_row_there(laid_out):
    """A table that goes on on the next page starts there with its header row again."""
    for n, page in enumerate(_section_pages(laid_out)[1:], start=1):
        first = page.placed[0][0]
        if isinstance(first, Table) and getattr(first, "repeatRows", 0):
            names = {_cell(cell).style.name for cell in first._cellvalues[0]}
            assert names == {"cell_head"}, (n, names)


def test_the_long_timeline_goes_on_over_pages_under_its_repeated_header():
    pages = _section_pages(paginate(load_text(_timeline_doc(60, 12))))
    continued = [p.placed[0][0] for p in pages[1:] if isinstance(p.placed[0][0], Table)]
    assert continued  # the check above has something to look at
    for table in continued:
        assert [_cell(c).text for c in table._cellvalues[0]][:3] == ["Date", "Where / who", "Event"]


@pytest.mark.parametrize("name", sorted(DOCS))
def test_judgments_are_set_no_smaller_than_body_text(name):
    renderer = paper.ReportRenderer(DOCS[name]())
    body = renderer.styles["body"].fontSize
    judged = 0
    for section in renderer.doc.included_sections:
        if section.kind != "judgments":
            continue
        for table in renderer._judgments(section):
            for _tag, text in table._cellvalues:
                assert text.style.fontSize >= body and text.style.leading >= \
                    renderer.styles["body"].leading, (section.title, text.style.fontSize)
                judged += 1
    assert judged or name in ("timeline",), name


def _markup(flowables) -> str:
    """The Paragraph markup of flowables, inside groups and table cells."""
    out = []
    for f in flowables:
        if isinstance(f, Paragraph):
            out.append(f.text)
        elif isinstance(f, Table):
            out.append(_markup([c for row in f._cellvalues for c in row]))
        else:
            inner = list(getattr(f, "_content", None) or [])
            inner += getattr(f, "heads", None) or []
            inner += [x for x in (getattr(f, "body", None),) if x is not None]
            inner += getattr(f, "tail", None) or []
            out.append(_markup(inner))
    return " ".join(out)


@pytest.mark.parametrize("name", ["example", "stress"])
def test_each_section_cites_every_source_it_uses(name):
    renderer = paper.ReportRenderer(DOCS[name]())
    for number, section in enumerate(renderer.doc.included_sections, start=1):
        text = _markup(renderer._section(number, section))
        cited = {int(n) for n in re.findall(r'href="#src-(\d+)"', text)}
        used = {renderer.numbers[i] for i in cited_ids(section) if i in renderer.numbers}
        assert used <= cited, (section.title, sorted(used - cited))


def test_a_chart_citing_sources_only_on_its_values_cites_them_under_the_figure():
    doc = load_file(example_path())
    chart = next(s for s in doc.sections if s.kind == "chart")
    doc.sections = [copy.deepcopy(chart)]
    doc.sections[0].sources = []
    values = {v.source for series in chart.chart.series for v in series.values if v and v.source}
    assert values  # the example's casualty figures each cite a source
    renderer = paper.ReportRenderer(doc)
    text = _markup(renderer._section(1, renderer.doc.included_sections[0]))
    line = re.search(r"Sources:(.*)", text)
    assert line is not None
    assert {int(n) for n in re.findall(r"#src-(\d+)", line[1])} == \
        {renderer.numbers[i] for i in values}


@pytest.mark.timeout(300)
def test_a_map_drawn_smaller_to_finish_a_page_keeps_its_text_at_caption_size_or_more():
    """The example's map finishes the page of its part, drawn smaller as a whole: its labels
    stay where the layout put them, and no text of it prints under the caption's 9 pt."""
    from briefing.layout.geometry import TextBlock

    pages = paginate(load_file(example_path()))
    maps = [f for page in pages for f, _ in page.placed if isinstance(f, paper._MapDrawing)]
    assert len(maps) == 1 and maps[0].scale < 1.0
    drawing = maps[0]
    sizes = [p.size * drawing.scale for item in drawing.frame.items
             if isinstance(item, TextBlock) for p in item.paragraphs]
    assert min(sizes) >= 9.0 - 1e-6
