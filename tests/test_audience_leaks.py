"""Audience-safe export: nothing marked above the audience leaks into any part of any output.

Given a document with a unique sentinel in every kind of removable content, when it is exported
for PUBLIC, then no sentinel appears anywhere in the files (every XML part and embedded workbook
of the deck, every decompressed PDF stream, text, metadata and bookmark); when it is exported for
INTERNAL, every sentinel is there.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from briefing import load_text
from briefing.export.job import ExportJob, run_export

SENTINELS = {
    "section_title": "QZSECTITLE",
    "section_text": "QZSECTEXT",
    "section_notes": "QZSECNOTES",
    "section_caveat": "QZSECCAVEAT",
    "judgment": "QZJUDGMENT",
    "event_text": "QZEVENTTEXT",
    "event_place": "QZEVENTPLACE",
    "event_actor": "QZEVENTACTOR",
    "series_name": "QZSERIESNAME",
    "table_row": "QZTABLEROW",
    "quote": "QZQUOTETEXT",
    "image_alt": "QZIMAGEALT",
    "image_caption": "QZIMAGECAPTION",
    "source_title": "QZSOURCETITLE",
    "source_publisher": "QZSOURCEPUB",
    "key_figure_label": "QZFIGURELABEL",
}
SECRET_NUMBER = 86421357  # a chart value only in an INTERNAL series

DOC = f"""\
format: briefing/1
title: Audience test
as_of: 2024-01-19
classification: TEST
markings: [PUBLIC, PARTNERS, INTERNAL]
portion_marks: true
sources:
  - {{id: open, title: Open source}}
  - {{id: secret, title: {SENTINELS['source_title']}, publisher: {SENTINELS['source_publisher']},
      marking: INTERNAL}}
sections:
  - kind: summary
    title: Public summary
    text: Everything here is public.
    sources: [open]
  - kind: text
    title: {SENTINELS['section_title']}
    marking: INTERNAL
    caveat: {SENTINELS['section_caveat']}
    notes: {SENTINELS['section_notes']}
    text: "- {SENTINELS['section_text']}"
    sources: [secret]
  - kind: judgments
    title: Judgments
    items:
      - {{text: A public judgment., confidence: high, sources: [open]}}
      - {{text: {SENTINELS['judgment']}, confidence: low, marking: INTERNAL, sources: [secret]}}
  - kind: key_figures
    title: Key figures
    items:
      - {{value: {{value: 9, qualifier: at least}}, label: public figure, sources: [open]}}
      - {{value: {{low: 40, high: 60}}, label: {SENTINELS['key_figure_label']}, marking: INTERNAL,
          sources: [secret]}}
  - kind: timeline
    title: Timeline
    events:
      - {{date: 2024-01-16, text: Public event., place: Somewhere}}
      - {{date: 2024-01-17, text: {SENTINELS['event_text']}, place: {SENTINELS['event_place']},
          actor: {SENTINELS['event_actor']}, marking: INTERNAL}}
  - kind: chart
    title: Figures
    chart:
      type: column
      unit: people
      categories: [Killed, Injured]
      series:
        - {{name: Public side, values: [2, 3]}}
        - {{name: {SENTINELS['series_name']}, values: [{SECRET_NUMBER}, 1], marking: INTERNAL}}
  - kind: table
    title: Table
    table:
      columns: [Side, Target]
      rows:
        - [A, B]
        - {{cells: [{SENTINELS['table_row']}, x], marking: INTERNAL}}
  - kind: quote
    title: Quote
    marking: INTERNAL
    quote: {{text: {SENTINELS['quote']}, speaker: Someone}}
  - kind: image
    title: Picture
    marking: INTERNAL
    image: {{path: pic.png, alt: {SENTINELS['image_alt']}, caption: {SENTINELS['image_caption']}}}
"""


def _pptx_texts(data: bytes) -> list[str]:
    """Every part of the deck, and every part of every embedded workbook, as text."""
    out: list[str] = []

    def walk(blob: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            for name in zf.namelist():
                part = zf.read(name)
                out.append(name)
                if part[:2] == b"PK":
                    walk(part)
                else:
                    out.append(part.decode("utf-8", "replace"))

    walk(data)
    return out


def _pdf_texts(data: bytes) -> list[str]:
    """Extracted page text, metadata, bookmarks, and every raw stream decompressed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    out = [page.extract_text() or "" for page in reader.pages]
    out += [str(v) for v in (reader.metadata or {}).values()]

    def outline(items) -> None:
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                out.append(str(item.title))

    outline(reader.outline)
    out.append(data.decode("latin-1"))
    start = 0
    while (i := data.find(b"stream", start)) != -1:
        start = i + 6
        body = data[start:start + 2_000_000].lstrip(b"\r\n")
        try:
            out.append(zlib.decompressobj().decompress(body).decode("latin-1"))
        except zlib.error:
            pass
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, dict[str, list[str]]]:
    from PIL import Image

    folder = tmp_path_factory.mktemp("aud")
    Image.new("RGB", (40, 30), "red").save(folder / "pic.png")
    (folder / "doc.yaml").write_text(DOC, encoding="utf-8")
    doc = load_text(DOC, str(folder / "doc.yaml"), base_dir=folder)
    result: dict[str, dict[str, list[str]]] = {}
    for audience in ("PUBLIC", "INTERNAL"):
        out = folder / audience
        job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                        report=out / "r.pdf", audience=audience, base_dir=folder, per_page=1)
        run_export(doc, job)
        result[audience] = {
            "pptx": _pptx_texts(job.pptx.read_bytes()),
            "slides pdf": _pdf_texts(job.pdf.read_bytes()),
            "handout": _pdf_texts(job.handout.read_bytes()),
            "paper": _pdf_texts(job.report.read_bytes()),
        }
    return result


OUTPUTS = ("pptx", "slides pdf", "handout", "paper")


#: What an output never carries, for any audience: PDFs show an image's caption, not its alt
#: text; the slides PDF and the paper print no speaker notes. A leak test of these pairs could
#: not fail, so they are checked apart: the day an output starts to carry one (tagged PDFs with
#: /Alt, say), `test_what_an_output_never_carries_it_carries_for_no_audience` fails and the pair
#: moves into the leak tests.
# the PDFs carry an image's alt text as the /Alt of its tagged Figure (docs/accessibility.md)
NEVER_CARRIED = {("slides pdf", "section_notes"), ("paper", "section_notes")}
CARRIED = [(output, kind) for output in OUTPUTS for kind in sorted(SENTINELS)
           if (output, kind) not in NEVER_CARRIED]


@pytest.mark.parametrize("output, kind", CARRIED)
def test_nothing_above_the_audience_leaks(exports, output, kind):
    sentinel = SENTINELS[kind]
    hits = [t for t in exports["PUBLIC"][output] if sentinel in t]
    assert not hits, f"{kind} leaked into the PUBLIC {output}"


@pytest.mark.parametrize("output, kind", CARRIED)
def test_the_highest_audience_sees_everything(exports, output, kind):
    """The control of the leak test: what PUBLIC must not get, INTERNAL does get."""
    assert SENTINELS[kind] in "\n".join(exports["INTERNAL"][output]), \
        f"{kind} missing from the INTERNAL {output}"


@pytest.mark.parametrize("output, kind", sorted(NEVER_CARRIED))
def test_what_an_output_never_carries_it_carries_for_no_audience(exports, output, kind):
    for audience in ("PUBLIC", "INTERNAL"):
        assert SENTINELS[kind] not in "\n".join(exports[audience][output]), (
            f"the {audience} {output} now carries {kind}: move the pair out of NEVER_CARRIED")


@pytest.mark.parametrize("output", OUTPUTS)
def test_secret_chart_value_does_not_leak(exports, output):
    assert any(str(SECRET_NUMBER) in t or f"{SECRET_NUMBER:,}" in t
               for t in exports["INTERNAL"][output]), f"the control: INTERNAL {output}"
    for text in exports["PUBLIC"][output]:
        assert str(SECRET_NUMBER) not in text and f"{SECRET_NUMBER:,}" not in text


def test_sections_emptied_by_the_removal_get_no_slide(tmp_path, exports):
    from briefing.layout import layout_document
    from briefing.model.markings import filter_for_audience

    doc = filter_for_audience(load_text(DOC, check_files=False), "PUBLIC")
    titles = [p.title for p in layout_document(doc).pages]
    assert "Quote" not in titles and "Picture" not in titles
    assert not any(SENTINELS["section_title"] in t for t in titles)


def test_cli_refuses_an_undeclared_audience(tmp_path, example_path, capsys):
    from briefing.cli import main

    assert main(["export", str(example_path), "-o", str(tmp_path), "--audience", "SECRET"]) == 1
    assert "SECRET" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_public_pages_are_marked_public_not_higher(exports):
    for output in ("slides pdf", "handout", "paper"):
        pages = exports["PUBLIC"][output]
        assert not any("INTERNAL" in t or "PARTNERS" in t for t in pages), output


# --- editions: a change list obeys the audience exactly as the content does -----------------

def _next_edition() -> str:
    """DOC with every INTERNAL part changed: each sentinel reworded, the secret figure raised,
    the INTERNAL quote section removed, an INTERNAL section and judgment added, the INTERNAL
    source regraded."""
    text = DOC
    for kind, sentinel in SENTINELS.items():
        if kind != "series_name":  # the same series, so its figure is compared
            text = text.replace(sentinel, f"{sentinel} QZREWORDED")
    text = text.replace(str(SECRET_NUMBER), str(SECRET_NUMBER + 1))
    start, end = text.index("  - kind: quote"), text.index("  - kind: image")
    text = text[:start] + text[end:]
    text = text.replace("marking: INTERNAL}\n", "marking: INTERNAL, reliability: A, "
                        "credibility: 1}\n", 1)
    text = text.replace("      - {text: A public judgment.",
                        "      - {text: QZNEWJUDGMENT, confidence: low, marking: INTERNAL}\n"
                        "      - {text: A public judgment.")
    return text + ("  - kind: text\n    title: QZNEWSECTION\n    marking: INTERNAL\n"
                   "    text: Added in the internal edition only.\n")


def _diff(tmp_path, capsys, audience: str, fmt: str) -> str:
    from briefing.cli import main

    (tmp_path / "old.yaml").write_text(DOC, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(_next_edition(), encoding="utf-8")
    code = main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                 "--audience", audience, "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_diff_for_public_has_no_trace_of_internal_changes(tmp_path, capsys, fmt):
    """Not a line, not a count, not 'section removed': the PUBLIC change list is empty."""
    import json

    out = _diff(tmp_path, capsys, "PUBLIC", fmt)
    for sentinel in [*SENTINELS.values(), "QZREWORDED", "QZNEWJUDGMENT", "QZNEWSECTION",
                     str(SECRET_NUMBER + 1), "INTERNAL"]:
        assert sentinel not in out
    if fmt == "json":
        assert json.loads(out)["changes"] == []
    else:
        assert "No changes." in out and "Quote" not in out


def test_a_diff_for_internal_shows_every_internal_change(tmp_path, capsys):
    """The control: the same pair compared for INTERNAL lists each change."""
    import json

    changes = json.loads(_diff(tmp_path, capsys, "INTERNAL", "json"))["changes"]
    kinds = {c["kind"] for c in changes}
    assert {"section-removed", "section-added", "judgment-added", "value-changed",
            "source-regraded", "text-changed", "event-added", "event-removed", "row-added",
            "row-removed", "source-retitled"} <= kinds
    assert any(c["new"] == f"{SECRET_NUMBER + 1:,}" for c in changes)


def test_a_public_export_since_the_last_edition_has_no_trace_of_internal_changes(tmp_path):
    """The change slide and the paper's change section, for PUBLIC: nothing of the INTERNAL
    edits (the control: for INTERNAL the reworded parts are there)."""
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(tmp_path / "pic.png")
    old = load_text(DOC, check_files=False)
    new = load_text(_next_edition(), str(tmp_path / "new.yaml"), base_dir=tmp_path)
    texts: dict[str, str] = {}
    for audience in ("PUBLIC", "INTERNAL"):
        out = tmp_path / audience
        job = ExportJob(pptx=out / "d.pptx", report=out / "r.pdf", audience=audience,
                        base_dir=tmp_path, since=old)
        run_export(new, job)
        texts[audience] = "\n".join(_pptx_texts(job.pptx.read_bytes())
                                    + _pdf_texts(job.report.read_bytes()))
    assert "Changes since" in texts["PUBLIC"]
    assert "QZREWORDED" in texts["INTERNAL"] and "QZNEWSECTION" in texts["INTERNAL"]
    for secret in [*SENTINELS.values(), "QZREWORDED", "QZNEWJUDGMENT", "QZNEWSECTION",
                   str(SECRET_NUMBER + 1), f"{SECRET_NUMBER + 1:,}"]:
        assert secret not in texts["PUBLIC"]


def test_internal_changes_put_no_tag_and_no_was_mark_on_public_slides(tmp_path):
    """The INTERNAL edits sit in PUBLIC sections too (a judgment, an event, a row, a figure of
    an INTERNAL series): the PUBLIC deck and paper tag no section "UPDATED" and mark no figure
    "was"; the control, INTERNAL, tags them and says what the secret figure was."""
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(tmp_path / "pic.png")
    old = load_text(DOC, check_files=False)
    new = load_text(_next_edition(), str(tmp_path / "new.yaml"), base_dir=tmp_path)
    texts: dict[str, str] = {}
    for audience in ("PUBLIC", "INTERNAL"):
        out = tmp_path / audience
        job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                        report=out / "r.pdf", audience=audience, base_dir=tmp_path, since=old)
        run_export(new, job)
        texts[audience] = "\n".join(
            _pptx_texts(job.pptx.read_bytes()) + _pdf_texts(job.pdf.read_bytes())
            + _pdf_texts(job.handout.read_bytes()) + _pdf_texts(job.report.read_bytes()))
    internal, public = texts["INTERNAL"], texts["PUBLIC"]
    assert "UPDATED" in internal and "NEW" in internal
    assert f"was {SECRET_NUMBER:,}" in internal and "Changed since" in internal
    assert "UPDATED" not in public and ">NEW<" not in public and "Changed since" not in public
    assert f"{SECRET_NUMBER:,}" not in public


def test_the_marks_of_a_public_comparison_hold_nothing_internal():
    from briefing.diff.editions import compare_editions
    from briefing.model.compare import edition_marks

    old, new = load_text(DOC, check_files=False), load_text(_next_edition(), check_files=False)
    public = edition_marks(compare_editions(old, new, "PUBLIC"))
    assert public.sections == {} and public.was == {}
    internal = edition_marks(compare_editions(old, new, "INTERNAL"))
    assert internal.was["figures"] == {("Killed", SENTINELS["series_name"]): f"{SECRET_NUMBER:,}"}
    assert internal.sections["qznewsection"] == "new"
