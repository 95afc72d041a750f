"""Decks valid for PowerPoint, not only LibreOffice: checked against the OOXML schemas by
`openxml-audit` (a pure-Python port of the Open XML SDK's validator; MIT, runs offline), the
example, a deck on the corporate-template sample and a deck of every section kind and every
chart kind, with and without that template, have zero findings (issue 14: python-pptx's
negative chart axis ids were one)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from briefing import load_file, load_text
from briefing.model.document import SECTION_KINDS
from briefing.render.pptx.deck import write_pptx

openxml_audit = pytest.importorskip("openxml_audit")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"
TEMPLATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
STRESS = Path(__file__).resolve().parent / "data" / "stress.yaml"

CHARTS = "".join(
    f"""  - kind: chart
    title: A {kind} chart
    chart:
      type: {kind}
      unit: people
      categories: [Armenia, Azerbaijan, Civilians, Volunteers]
      series:
        - name: Killed
          values: [{{value: 3800, qualifier: about, low: 2300, high: 3825}},
                   {{low: 2783, high: 2906}}, 85, null]
        - name: Wounded
          values: [{{value: 9000, qualifier: at least}}, null, 2500, 40]
""" for kind in ("column", "bar", "stacked-column", "stacked-bar", "line")) + """  - kind: chart
    title: A pie chart
    chart:
      type: pie
      categories: [Armenia, Azerbaijan, Civilians]
      series:
        - name: Killed
          values: [{value: 3800, qualifier: about}, null, 85]
"""


def findings(deck: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck)
    result = openxml_audit.validate_pptx(str(path))
    return [str(e) for e in result.errors]


def deck_of(doc, **kwargs) -> bytes:
    buf = io.BytesIO()
    write_pptx(doc, buf, **kwargs)
    return buf.getvalue()


def test_the_example_deck_has_no_schema_findings(tmp_path):
    assert findings(deck_of(load_file(EXAMPLE)), tmp_path) == []


def test_a_deck_on_the_corporate_template_has_no_schema_findings(tmp_path):
    assert findings(deck_of(load_file(EXAMPLE), template=TEMPLATE), tmp_path) == []


@pytest.mark.parametrize("template", [None, TEMPLATE], ids=["default", "corporate"])
def test_a_deck_of_every_section_and_chart_kind_has_no_schema_findings(tmp_path, template):
    from PIL import Image

    Image.new("RGB", (64, 36), "steelblue").save(tmp_path / "pic.png")
    extra = CHARTS + \
        "  - kind: image\n    title: A picture\n    image:\n      path: pic.png\n" \
        "      alt: A blue rectangle\n" \
        "  - kind: key_figures\n    title: Figures\n    items:\n" \
        "      - {value: {value: 9, qualifier: at least}, label: killed}\n" \
        "      - {value: {low: 40, high: 60}, label: displaced}\n" \
        "  - kind: map\n    title: A map\n    places:\n" \
        "      - {name: Panjgur, lat: 26.97, lon: 64.09, label: strike}\n"
    # the stress document's sections are not indented under `sections:`
    text = STRESS.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(
        line[2:] + "\n" for line in extra.splitlines())
    doc = load_text(text)
    assert {s.kind for s in doc.sections} == set(SECTION_KINDS)
    assert findings(deck_of(doc, base_dir=tmp_path, template=template), tmp_path) == []


def test_axis_ids_are_positive_and_the_same_on_every_export():
    import re

    deck = deck_of(load_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                             + CHARTS))
    again = deck_of(load_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                              + CHARTS))
    assert deck == again
    import zipfile

    with zipfile.ZipFile(io.BytesIO(deck)) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("ppt/charts/chart")]
    ids = [int(v) for xml in charts for v in re.findall(r'<c:(?:axId|crossAx) val="(-?\d+)"', xml)]
    assert ids and min(ids) > 0


def test_a_deck_of_unknown_and_range_only_values_and_slivers_has_no_schema_findings(tmp_path):
    """The pie's footer text box, the deleted labels of stacked slivers and a line's range alone
    (tests/data/chart-gaps.yaml) are schema-valid too."""
    doc = load_file(Path(__file__).resolve().parent / "data" / "chart-gaps.yaml")
    assert findings(deck_of(doc), tmp_path) == []


def test_a_deck_whose_labels_carry_their_own_number_formats_has_no_schema_findings(tmp_path):
    decimals = Path(__file__).resolve().parent / "data" / "decimals.yaml"
    deck = deck_of(load_file(decimals))
    with zipfile.ZipFile(io.BytesIO(deck)) as zf:  # "4,000" beside "2.50": a label's own
        charts = [zf.read(n) for n in zf.namelist() if n.startswith("ppt/charts/chart")]
    assert any(b"<c:dLbl><c:idx" in c and b'<c:numFmt formatCode="#,##0"' in c for c in charts)
    assert findings(deck, tmp_path) == []
