"""The three PDFs are tagged (PDF/UA intent), checked by walking what was written, not assumed.

Given the example, the stress briefing and a Persian-heavy briefing, when the slides PDF, the
handout and the briefing paper are exported, then, read back with pikepdf:
- the document says it is tagged (/MarkInfo), its language (/Lang) and shows its title;
- every text show operator on every page lies inside marked content whose MCID the page's
  parent tree maps to a structure element that claims it, or inside an /Artifact;
- every Figure has a non-empty /Alt;
- the headings of the structure tree follow the document's sections, in order;
- tables have header cells; Persian and Urdu text says its language.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from briefing import load_file
from briefing.layout import layout_document
from briefing.render.pdf.paper import write_report_pdf
from briefing.render.pdf.slides import write_handout_pdf, write_slides_pdf
from briefing.resources import example_path

DATA = Path(__file__).parent / "data"
BRIEFINGS = {"example": example_path(), "stress": DATA / "stress.yaml",
             "persian": DATA / "persian-heavy-pdf.yaml"}
KINDS = ("slides", "handout", "paper")
TEXT_SHOWS = {"Tj", "TJ", "'", '"'}


def _export(path: Path, kind: str) -> bytes:
    doc = load_file(path)
    out = io.BytesIO()
    if kind == "paper":
        write_report_pdf(doc, out, base_dir=path.parent)
    else:
        deck = layout_document(doc, base_dir=path.parent)
        writer = write_slides_pdf if kind == "slides" else write_handout_pdf
        writer(doc, out, base_dir=path.parent, deck=deck)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str], pikepdf.Pdf]:
    return {(name, kind): pikepdf.open(io.BytesIO(_export(path, kind)))
            for name, path in BRIEFINGS.items() for kind in KINDS}


CASES = [(name, kind) for name in BRIEFINGS for kind in KINDS]


def _elements(pdf: pikepdf.Pdf):
    """Every structure element, in the tree's (reading) order."""
    root = pdf.Root.StructTreeRoot
    stack = list(reversed(_kids(root.K)))
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            yield node
            stack.extend(reversed(_kids(node.get("/K"))))


def _kids(k) -> list:
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _claims(element, page, mcid: int) -> bool:
    """`element` lists marked content `mcid` of `page` among its kids."""
    for kid in _kids(element.get("/K")):
        if isinstance(kid, int) and kid == mcid and element.get("/Pg") is not None \
                and element.Pg.objgen == page.objgen:
            return True
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" \
                and int(kid.MCID) == mcid and kid.Pg.objgen == page.objgen:
            return True
    return False


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_the_document_says_it_is_tagged_its_language_and_shows_its_title(pdfs, name, kind):
    root = pdfs[name, kind].Root
    assert root.get("/MarkInfo") is not None and bool(root.MarkInfo.Marked)
    assert str(root.get("/Lang", "")) == "en"
    assert bool(root.ViewerPreferences.DisplayDocTitle)
    assert str(pdfs[name, kind].docinfo.Title).strip()
    assert root.get("/StructTreeRoot") is not None


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_every_text_drawn_is_tagged_content_or_an_artifact(pdfs, name, kind):
    pdf = pdfs[name, kind]
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    shown = 0
    for index, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) \
                    and "/MCID" in props else None
                stack.append((str(operands[0]), mcid))
            elif op == "EMC":
                stack.pop()
            elif op in TEXT_SHOWS:
                shown += 1
                if any(tag == "/Artifact" for tag, _ in stack):
                    continue
                mcids = [m for _, m in stack if m is not None]
                assert mcids, f"page {index + 1}: text outside tagged content and artifacts"
                owners = parents[int(page.obj.StructParents)]
                owner = owners[mcids[0]]
                assert owner.get("/Type") == "/StructElem"
                assert _claims(owner, page.obj, mcids[0])
        assert not stack, f"page {index + 1}: marked content left open"
    assert shown


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_every_figure_has_alternative_text(pdfs, name, kind):
    figures = [e for e in _elements(pdfs[name, kind]) if e.S == "/Figure"]
    assert figures  # every briefing here has a chart
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_headings_follow_the_sections_of_the_document(pdfs, name, kind):
    headings = [str(e.get("/T", "")) for e in _elements(pdfs[name, kind])
                if str(e.S) in ("/H1", "/H2")]
    doc = load_file(BRIEFINGS[name])
    assert headings[0] == doc.title.strip() or headings[0].startswith(doc.title.strip()[:40])
    at = 0
    for section in doc.included_sections:
        title = " ".join(section.title.split())
        found = next((i for i in range(at, len(headings))
                      if title[:60] in " ".join(headings[i].split())), None)
        assert found is not None, f"{section.title!r} missing or out of order"
        at = found + 1


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_tables_have_header_cells(pdfs, name, kind):
    elements = list(_elements(pdfs[name, kind]))
    roles = [str(e.S) for e in elements]
    assert "/Table" in roles and "/TH" in roles and "/TD" in roles
    assert all(e.A.Scope == "/Column" for e in elements if e.S == "/TH")


@pytest.mark.parametrize("kind", KINDS)
def test_persian_and_urdu_text_says_its_language(pdfs, kind):
    pdf = pdfs["persian", kind]
    langs = {str(e.Lang) for e in _elements(pdf) if e.get("/Lang") is not None}
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/Lang" in operands[1]:
                langs.add(str(operands[1].Lang))
    assert {"fa-IR", "ur-PK"} <= langs


@pytest.mark.parametrize("kind", KINDS)
def test_persian_and_urdu_read_in_reading_order(pdfs, kind):
    """The PDFs draw Persian and Urdu shaped, right to left; their actual text is as written."""
    pdf = pdfs["persian", kind]
    actual = [str(e.ActualText) for e in _elements(pdf) if e.get("/ActualText") is not None]
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/ActualText" in operands[1]:
                actual.append(str(operands[1].ActualText))
    text = " ".join(actual)
    assert "پاکستان کی خودمختاری کی کھلی خلاف ورزی" in text  # the quote, Urdu
    assert "پایگاه‌های شبه‌نظامیان در بلوچستان" in text  # a table cell, Persian


@pytest.mark.parametrize("kind", KINDS)
def test_a_chart_figure_says_what_the_deck_says(pdfs, kind):
    """The /Alt of the example's chart is the deck's generated text (`layout.alttext`)."""
    from briefing.layout import ChartFrame
    from briefing.layout.alttext import alt_text

    deck = layout_document(load_file(example_path()))
    expected = {alt_text(e, page.title) for page in deck.pages for e in page.elements
                if isinstance(e, ChartFrame)}
    alts = {str(e.Alt) for e in _elements(pdfs["example", kind]) if e.S == "/Figure"
            and not str(e.Alt).startswith("Map of")}  # the map's: see test_maps
    assert alts and alts <= expected
    assert any("Iran (Pakistani strike, 18 Jan) at least 9" in a for a in alts)
