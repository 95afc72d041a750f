"""No silent loss of text: characters no shipped face has are drawn with a font of the machine,
or `validate` and `export` say which ones will print as boxes, and where they are.

The shipped faces draw Latin, Greek, Cyrillic, Persian, Urdu and most symbols; Chinese,
Japanese, Korean and many emoji need a font of the machine (found through fontconfig). The
warning tests run with the machine's fonts switched off (`BRIEFING_SYSTEM_FONTS=0`), so they
pass on any machine; the drawing tests need a CJK font and are skipped where there is none.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing.text import fallback

ROOT = Path(__file__).resolve().parent.parent
CJK = "北京"
DOC = """\
format: briefing/1
title: "Talks in Beijing {cjk}"
as_of: 2024-01-20
sections:
  - kind: summary
    title: Summary
    text: |
      - Envoys met in Beijing.
      - A satellite \U0001F6F0 image and {cjk} again.
  - kind: chart
    title: Deaths
    chart:
      type: bar
      categories: ["Iran", "{cjk}"]
      series:
        - name: Killed
          values: [2, 9]
"""


def _briefing(cmd: list[str], tmp_path: Path, machine_fonts: bool = False):
    env = dict(os.environ, BRIEFING_SYSTEM_FONTS="1" if machine_fonts else "0")
    return subprocess.run([sys.executable, "-m", "briefing", *cmd], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "talks.yaml"
    path.write_text(DOC.format(cjk=CJK), encoding="utf-8")
    return path


def test_validate_warns_of_each_field_with_characters_no_font_can_draw(doc, tmp_path):
    # given a machine with no font for Chinese, when the briefing is validated, then it is valid
    # (exit 0), and each field with such characters is named with its line, column and them
    result = _briefing(["validate", str(doc)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{doc}: ok"
    warnings = result.stderr.splitlines()
    assert warnings[0].startswith(f"{doc}:2:26: warning: title: no font here can draw "
                                  "2 characters: '北' (U+5317")
    # in a literal block, the line of the character itself
    assert warnings[1].startswith(f"{doc}:9:21: warning: sections[0].text: no font here can "
                                  "draw 3 characters: '\U0001F6F0' (U+1F6F0 SATELLITE), '北'")
    assert warnings[2].startswith(f"{doc}:14:29: warning: sections[1].chart.categories[1]:")
    assert len(warnings) == 3
    assert all("empty box" in w and "install a font" in w for w in warnings)


def test_export_gives_the_same_warnings_and_still_writes_every_output(doc, tmp_path):
    first = _briefing(["export", str(doc), "-o", str(tmp_path / "a"), "--report"], tmp_path)
    again = _briefing(["export", str(doc), "-o", str(tmp_path / "b"), "--report"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr == again.stderr  # deterministic
    assert first.stderr == _briefing(["validate", str(doc)], tmp_path).stderr
    assert len(list((tmp_path / "a").iterdir())) == 4


def test_an_alias_repeated_many_times_is_named_once_where_its_anchor_is(tmp_path):
    events = "\n".join(f"      - {{date: 2024-01-{1 + k % 28:02d}, text: *t}}" for k in range(300))
    path = tmp_path / "alias.yaml"
    path.write_text(f"""\
format: briefing/1
title: Aliases
as_of: 2024-01-20
sections:
  - kind: timeline
    title: Days
    events:
      - {{date: 2024-01-01, text: &t "Beijing {CJK}"}}
{events}
""", encoding="utf-8")
    result = _briefing(["validate", str(path)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning") == 1
    assert "sections[0].events[0].text" in result.stderr


def test_text_the_shipped_faces_cover_gets_no_warning(tmp_path):
    path = tmp_path / "fine.yaml"
    path.write_text(DOC.format(cjk="Ærøskøbing سراوان ✓").replace("\U0001F6F0", "★"),
                    encoding="utf-8")
    result = _briefing(["validate", str(path)], tmp_path)
    assert result.returncode == 0 and result.stderr == ""


def test_fontconfigs_fallback_list_is_read_in_its_order_outline_fonts_only():
    listing = (
        "/f/DejaVuSans.ttf\t0\tDejaVu Sans\tDejaVuSans\tTrueType\t20-7e a0-2e9\n"
        "/f/misc.pcf.gz\t0\tFixed\tFixed\tPCF\t20-7e 4e00-9fff\n"
        "/f/NotoSansCJK-Regular.ttc\t2\tNoto Sans CJK SC\tNotoSansCJKsc-Regular\tCFF\t"
        "20-7e 3000-303f 4e00-9fff\n"
        "garbage line\n")
    fonts = fallback.parse_fonts(listing)
    assert [f.family for f in fonts] == ["DejaVu Sans", "Noto Sans CJK SC"]
    cjk = fonts[1]
    assert cjk.index == 2 and cjk.postscript_outlines
    assert cjk.has(0x4E2D) and cjk.has(0x3000) and not cjk.has(0x3040) and not cjk.has(0x10)


def test_characters_that_are_never_drawn_are_not_missing():
    assert fallback.missing("a\u200db\u200fc\ufe0f\n\t") == ""


# --- with a font of the machine ------------------------------------------------------------------

def _machine_has_cjk() -> bool:
    return all(fallback.face_for(c) is not None for c in CJK)


needs_cjk_font = pytest.mark.skipif(not _machine_has_cjk(),
                                    reason="no font for Chinese on this machine "
                                           "(apt-get install fonts-noto-cjk)")


@needs_cjk_font
def test_chinese_is_drawn_with_the_machines_font_embedded_in_the_pdf(doc, tmp_path):
    from pypdf import PdfReader

    result = _briefing(["export", str(doc), "-o", str(tmp_path / "out"), "--report"], tmp_path,
                       machine_fonts=True)
    assert result.returncode == 0, result.stderr
    # only the satellite is left without a font (a colour emoji font cannot be embedded)
    assert "北" not in result.stderr
    for name in ("talks.pdf", "talks-report.pdf"):
        pdf = PdfReader(tmp_path / "out" / name)
        text = "".join(page.extract_text() for page in pdf.pages)
        assert CJK in "".join(text.split())  # pypdf breaks lines where the font changes
        machine = set()
        for page in pdf.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                base = str(font["/BaseFont"]).split("+")[-1]
                if base.startswith("Sys-"):
                    assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded
                    machine.add(base)
        assert machine, f"no machine font in {name}"


@needs_cjk_font
def test_the_deck_names_the_machines_font_for_the_chinese_runs(doc, tmp_path):
    result = _briefing(["export", str(doc), "--pptx", str(tmp_path / "t.pptx")], tmp_path,
                       machine_fonts=True)
    assert result.returncode == 0, result.stderr
    family = fallback.office_fonts(CJK)["ea"]
    with zipfile.ZipFile(tmp_path / "t.pptx") as deck:
        title = deck.read("ppt/slides/slide1.xml").decode()
    assert f'<a:ea typeface="{family}"/></a:rPr><a:t>Talks in Beijing {CJK}' in title


@needs_cjk_font
def test_the_layout_measures_chinese_with_the_font_that_draws_it():
    from briefing.text import faces, metrics
    from briefing.text.fonts import font_runs, string_width

    drawn = [(piece, font) for piece, font in font_runs(f"Beijing {CJK}")]
    assert [(piece, font.startswith("Sys-")) for piece, font in drawn] == [
        ("Beijing ", False), (CJK, True)]
    expected = sum(faces.width(piece, font, 12) for piece, font in drawn)
    assert metrics.measure(f"Beijing {CJK}", 12) == pytest.approx(expected)
    assert string_width(f"Beijing {CJK}", 12) == pytest.approx(expected)


@needs_cjk_font
def test_the_characters_of_a_postscript_font_become_the_same_truetype_bytes_every_time():
    from reportlab.pdfbase.ttfonts import TTFont

    from briefing.text import faces, outlines

    name = fallback.face_for("北")
    file = faces.face_file(name)
    if not file.postscript:
        pytest.skip("the machine's CJK font has TrueType outlines: nothing to convert")
    codes = {ord(c) for c in CJK}
    data = outlines.truetype_face(file.path, file.index, codes, name)
    # the glyphs of other characters converted in between change nothing
    outlines.truetype_face(file.path, file.index, {ord(c) for c in "中文字体"}, name)
    assert outlines.truetype_face(file.path, file.index, sorted(codes, reverse=True), name) == data
    widths = TTFont("probe", io.BytesIO(data)).face.charWidths
    assert widths[ord("北")] == faces.metrics(name).widths[ord("北")]
    from fontTools.ttLib import TTFont as Font

    assert set(Font(io.BytesIO(data)).getBestCmap()) == codes  # exactly the characters asked for


def _chinese(distinct: int, seed: int) -> str:
    import random

    rnd = random.Random(seed)
    chars = "".join(chr(c) for c in rnd.sample(range(0x4E00, 0x9FA5), distinct))
    lines = "\n".join(f"      - {chars[i:i + 40]}" for i in range(0, len(chars), 40))
    return (f"format: briefing/1\ntitle: Chinese {chars[:4]}\nas_of: 2024-01-20\nsections:\n"
            f"  - kind: text\n    title: Text {chars[-2:]}\n    text: |\n{lines}\n")


def _machine_faces(pdf_path: Path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(pdf_path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).split("+")[-1]
            if base.startswith("Sys-"):
                names.add(base)
    return names


@needs_cjk_font
def test_a_document_of_many_chinese_characters_draws_them_through_one_face(tmp_path):
    # one face converted per export, not one per character (3,000 of them took a minute)
    from briefing.format.reader import load_text
    from briefing.render.pdf.paper import write_report_pdf
    from briefing.render.pdf.slides import write_slides_pdf

    doc = load_text(_chinese(300, 1), "many.yaml")
    for name, write in (("slides.pdf", write_slides_pdf), ("paper.pdf", write_report_pdf)):
        with open(tmp_path / name, "wb") as out:
            write(doc, out)
        assert len(_machine_faces(tmp_path / name)) == 1, name


_EXPORTS = ("import sys\nfrom briefing.cli import main\n"
            "for doc, out in zip(sys.argv[1::2], sys.argv[2::2]):\n"
            "    assert main(['export', doc, '-o', out, '--report']) == 0\n")


@needs_cjk_font
def test_an_export_gives_the_same_bytes_whatever_the_process_exported_before(tmp_path):
    first, doc = tmp_path / "first.yaml", tmp_path / "doc.yaml"
    first.write_text(_chinese(200, 2), encoding="utf-8")
    doc.write_text(_chinese(120, 3), encoding="utf-8")
    env = dict(os.environ, BRIEFING_SYSTEM_FONTS="1")
    for args in ([doc, tmp_path / "alone"], [first, tmp_path / "a", doc, tmp_path / "after"]):
        subprocess.run([sys.executable, "-c", _EXPORTS, *map(str, args)], cwd=ROOT, env=env,
                       check=True, capture_output=True, timeout=300)
    for name in ("doc.pdf", "doc-handout.pdf", "doc-report.pdf"):
        alone = (tmp_path / "alone" / name).read_bytes()
        assert alone == (tmp_path / "after" / name).read_bytes(), name
        assert _machine_faces(tmp_path / "alone" / name), name


@needs_cjk_font
def test_a_character_drawn_that_the_document_did_not_have_gets_a_face_with_it():
    from reportlab.pdfbase import pdfmetrics

    from briefing.charts.fonts import ensure_face, prepare_faces

    name = fallback.face_for("北")
    prepare_faces(["Talks in 北"])
    drawn = ensure_face(name, "北")
    assert ensure_face(name, "北") == drawn  # the document's face, registered once
    grown = ensure_face(name, "京")  # say, a character a renderer made up
    assert grown != drawn
    glyphs = pdfmetrics.getFont(grown).face.charToGlyph
    assert ord("北") in glyphs and ord("京") in glyphs
    assert ord("京") not in pdfmetrics.getFont(drawn).face.charToGlyph
