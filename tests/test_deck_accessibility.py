"""The deck passes PowerPoint's accessibility checker rules, read off the exported XML.

Given the built-in example, the stress briefing and a briefing mostly in Persian and Urdu,
when each is exported as a deck, then every chart, table and picture has alternative text,
every slide has its own title in a title placeholder, read first, rules and bars are marked
decorative, and every run says its language (Persian `fa-IR`, Urdu `ur-PK`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing import load_file
from briefing.render.pptx.deck import write_pptx
from briefing.resources import example_path

DATA = Path(__file__).resolve().parent / "data"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative"}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
BRIEFINGS = {"example": example_path(), "stress": DATA / "stress.yaml",
             "persian": DATA / "persian-heavy.yaml"}


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def slides(request) -> list[etree._Element]:
    """Each slide's XML, in slide order."""
    path = BRIEFINGS[request.param]
    buf = io.BytesIO()
    write_pptx(load_file(path), buf, base_dir=path.parent)
    with zipfile.ZipFile(buf) as zf:
        names = sorted((n for n in zf.namelist()
                        if n.startswith("ppt/slides/slide") and n.endswith(".xml")),
                       key=lambda n: int(n.removeprefix("ppt/slides/slide")[:-4]))
        return [etree.fromstring(zf.read(n)) for n in names]


def _shapes(slide) -> list[etree._Element]:
    return slide.find("p:cSld/p:spTree", NS).xpath("p:sp|p:graphicFrame|p:pic|p:cxnSp|p:grpSp",
                                                   namespaces=NS)


def _title_text(shape) -> str:
    return "".join(shape.xpath(".//a:t/text()", namespaces=NS))


def _is_title(shape) -> bool:
    return bool(shape.xpath("p:nvSpPr/p:nvPr/p:ph[@type='title' or @type='ctrTitle']",
                            namespaces=NS))


def test_every_chart_table_and_picture_has_alternative_text(slides):
    frames = [s for slide in slides for s in slide.xpath(
        ".//p:graphicFrame/p:nvGraphicFramePr/p:cNvPr|.//p:pic/p:nvPicPr/p:cNvPr",
        namespaces=NS)]
    assert frames or len(slides) < 3
    assert all((c.get("descr") or "").strip() for c in frames), \
        [c.get("name") for c in frames if not (c.get("descr") or "").strip()]


def test_every_slide_has_its_own_title_in_a_title_placeholder(slides):
    titles = []
    for slide in slides:
        placeholders = [s for s in _shapes(slide) if _is_title(s)]
        assert len(placeholders) == 1
        titles.append(_title_text(placeholders[0]).replace("\xa0", " ").strip())
    assert all(titles)
    assert len(set(titles)) == len(titles), [t for t in titles if titles.count(t) > 1]


def test_the_title_is_read_first_and_the_furniture_last(slides):
    for slide in slides:
        shapes = _shapes(slide)
        names = [s.xpath("string(*[1]/p:cNvPr/@name)", namespaces=NS) for s in shapes]
        assert _is_title(shapes[0]), names
        furniture = [k for k, n in enumerate(names)
                     if n.startswith(("Classification banner", "Footer", "Slide number"))]
        content = [k for k, n in enumerate(names)
                   if n in ("Text", "Chart", "Table", "Picture", "Quote", "Agenda", "Caption")]
        assert not furniture or not content or max(content) < min(furniture), names
        if "Slide number" in names:
            assert names[-1] == "Slide number"


def test_rules_bars_and_markers_are_marked_decorative(slides):
    decorations = [s for slide in slides for s in _shapes(slide)
                   if s.xpath("string(*[1]/p:cNvPr/@name)", namespaces=NS)
                   in ("Decoration", "Marker", "Line")]
    assert decorations
    for shape in decorations:
        mark = shape.xpath(f"*[1]/p:cNvPr/a:extLst/a:ext[@uri='{DECORATIVE_URI}']"
                           "/adec:decorative/@val", namespaces=NS)
        assert mark == ["1"]


def test_every_run_says_its_language(slides):
    runs = [r for slide in slides for r in slide.xpath(".//a:r", namespaces=NS)]
    langs = [r.xpath("string(a:rPr/@lang)", namespaces=NS) for r in runs]
    assert all(langs)
    for run, lang in zip(runs, langs, strict=True):
        text = "".join(run.xpath("a:t/text()", namespaces=NS))
        arabic = any("\u0600" <= c <= "\u06ff" for c in text)
        assert (lang in ("fa-IR", "ur-PK")) == arabic, (text, lang)


def test_persian_runs_are_persian_and_urdu_runs_urdu():
    buf = io.BytesIO()
    path = BRIEFINGS["persian"]
    write_pptx(load_file(path), buf, base_dir=path.parent)
    with zipfile.ZipFile(buf) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("ppt/slides/slide"))
    text = xml.decode()
    assert 'lang="fa-IR"' in text and 'lang="ur-PK"' in text
    for persian in ("سپاه پاسداران انقلاب اسلامی", "ما به تمامیت ارضی"):
        assert _lang_of(text, persian) == "fa-IR"
    for urdu in ("پاکستان اپنی خودمختاری", "کہتی ہے"):
        assert _lang_of(text, urdu) == "ur-PK"


def _lang_of(xml: str, words: str) -> str:
    at = xml.index(words)
    run = xml.rindex("<a:rPr", 0, at)
    return xml[run:at].split('lang="', 1)[1].split('"', 1)[0]
