"""A corporate template is data, never code or a beacon (issue 12, item 4).

Each hostile template (built by `template_corpus` from the sample) either exports, with what was
removed named in one warning and nothing of it left in the deck, or is refused with one clear
message before anything is written. Zip bombs are refused from their headers: the tests count
which members were opened rather than timing anything.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import template_corpus as tc
from hostile_corpus import run_cli
from PIL import Image
from pptx import Presentation

from briefing.cli import main
from briefing.errors import ExportError
from briefing.export.job import ExportJob, run_export
from briefing.render.pptx import safezip
from briefing.render.pptx.clean import clean_template
from tests.conftest import example_slides


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The names of the zip members anything opens for reading, in order (clear it after
    building a template: that reads the sample)."""
    names: list[str] = []
    real_open = zipfile.ZipFile.open

    def open_(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return real_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_)
    return names


def export_deck(doc, template: Path, out: Path) -> tuple[bytes, list[str]]:
    """Export the deck with `template`; its bytes and the warnings said."""
    warnings: list[str] = []
    run_export(doc, ExportJob(pptx=out, template=template), warn=warnings.append)
    return out.read_bytes(), warnings


def deck_text(data: bytes) -> bytes:
    """Every member of a deck, names and contents, as one blob to search."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"\n".join(n.encode() + b"\n" + z.read(n) for n in z.namelist())


def refusal(doc, template: Path, out: Path) -> str:
    """The message of an export with `template` that must be refused; nothing is written."""
    with pytest.raises(ExportError) as caught:
        run_export(doc, ExportJob(pptx=out, template=template))
    assert not out.exists()
    return str(caught.value)


def assert_whole(data: bytes, slides: int) -> None:
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == slides
    assert prs.slides[0].slide_layout.name == "NW Cover"
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"NW Heading only",
                                                                    "NW Divider"}


def test_the_sample_template_is_kept_whole_and_nothing_is_said(example_doc, tmp_path):
    clean = clean_template(tc.SAMPLE)
    assert clean.removed == () and clean.warning() is None
    with zipfile.ZipFile(io.BytesIO(clean.data)) as z:
        names = set(z.namelist())
    assert {"ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml", "ppt/theme/theme1.xml",
            "ppt/slideLayouts/slideLayout11.xml"} <= names
    assert not any(n.startswith("ppt/slides/") for n in names)  # its sample slide goes
    data, warnings = export_deck(example_doc, tc.SAMPLE, tmp_path / "deck.pptx")
    assert warnings == []
    assert_whole(data, example_slides())


def test_a_potx_is_read_as_the_presentation_it_holds(example_doc, tmp_path):
    parts = tc.sample_parts()
    parts[tc.TYPES] = parts[tc.TYPES].replace(
        tc.PLAIN_MAIN.encode(),
        b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml")
    data, warnings = export_deck(example_doc, tc.build(tmp_path / "corporate.potx", parts),
                                 tmp_path / "deck.pptx")
    assert warnings == []
    assert_whole(data, example_slides())


def test_macros_are_removed_and_named(example_doc, tmp_path):
    data, (warning,) = export_deck(example_doc, tc.macros(tmp_path), tmp_path / "deck.pptx")
    for said in ("a VBA macro project (ppt/vbaProject.bin)",
                 "the macro-enabled document type (ppt/presentation.xml)",
                 "a ribbon customisation, which can call macros (customUI/customUI14.xml)",
                 "a macro or program action ppaction://macro?name=AutoRun",
                 "an embedded object (OLE) (ppt/embeddings/oleObject1.bin)"):
        assert said in warning
    blob = deck_text(data)
    for trace in (b"vbaProject", b"macroEnabled", b"customUI", b"ppaction://macro", b"AutoRun",
                  b"oleObj", b"oleObject1.bin"):
        assert trace not in blob
    assert_whole(data, example_slides())
    layout_shapes = {s.name for lo in Presentation(io.BytesIO(data)).slide_layouts
                     for s in lo.shapes}
    assert "Embedded object" not in layout_shapes and "Link box" in layout_shapes


def test_external_links_are_removed_from_masters_layouts_and_themes(example_doc, tmp_path):
    data, (warning,) = export_deck(example_doc, tc.external_links(tmp_path),
                                   tmp_path / "deck.pptx")
    assert f"a linked picture ({tc.BEACON} in ppt/slideMasters/slideMaster1.xml)" in warning
    assert f"a link to a network path or file ({tc.UNC} in " in warning
    assert "a link (https://tracker.example/layout in ppt/slideLayouts/slideLayout1.xml)" \
        in warning
    assert "file:///C:/Users/Public/x.png in ppt/theme/theme1.xml" in warning
    blob = deck_text(data)
    for trace in (b'TargetMode="External"', b"tracker.example", b"attacker.example",
                  b"file:///"):
        assert trace not in blob
    prs = Presentation(io.BytesIO(data))
    master_shapes = [s.name for s in prs.slide_master.shapes]
    assert "Beacon" not in master_shapes  # a picture that was only a link goes
    assert "Link box" in master_shapes  # a text that had a link keeps its text
    assert_whole(data, example_slides())


def test_a_doctype_is_never_resolved_nor_written(example_doc, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET 4711")
    data, (warning,) = export_deck(example_doc, tc.doctype(tmp_path, secret),
                                   tmp_path / "deck.pptx")
    for part in ("ppt/theme/theme1.xml", "ppt/slideMasters/slideMaster1.xml",
                 "ppt/slideLayouts/slideLayout1.xml"):
        assert f"a DOCTYPE declaration ({part})" in warning
    assert "entity references &xxe; (ppt/slideMasters/slideMaster1.xml)" in warning
    blob = deck_text(data)
    for trace in (b"<!DOCTYPE", b"<!ENTITY", b"4711", b"lollol", b"&xxe;", b"beacon.example"):
        assert trace not in blob
    assert_whole(data, example_slides())


def test_custom_properties_are_removed(example_doc, tmp_path):
    data, (warning,) = export_deck(example_doc, tc.custom_properties(tmp_path),
                                   tmp_path / "deck.pptx")
    assert "custom document properties (docProps/custom.xml)" in warning
    blob = deck_text(data)
    assert b"custom.xml" not in blob and b"victim-4711" not in blob


def test_an_svg_picture_goes_and_its_png_fallback_stays(example_doc, tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    data, (warning,) = export_deck(example_doc, tc.svg_picture(tmp_path, png.getvalue()),
                                   tmp_path / "deck.pptx")
    assert "a picture of type image/svg+xml (ppt/media/image901.svg)" in warning
    blob = deck_text(data)
    assert b"<svg" not in blob and b"svgBlip" not in blob
    prs = Presentation(io.BytesIO(data))
    (logo,) = [s for s in prs.slide_master.shapes if s.name == "Logo"]
    assert logo.image.blob == png.getvalue()


def test_a_part_nothing_refers_to_is_named_and_never_copied(example_doc, tmp_path):
    parts = tc.sample_parts()
    parts["ppt/hidden/readme.txt"] = b"hidden words 4711"
    template = tc.build(tmp_path / "hidden.pptx", parts)
    data, (warning,) = export_deck(example_doc, template, tmp_path / "deck.pptx")
    assert "a part nothing refers to (ppt/hidden/readme.txt)" in warning
    assert b"4711" not in deck_text(data)


@pytest.mark.parametrize("value", ["GG0000", "12345", "0F6E6E00", "red"])
def test_an_invalid_scheme_colour_is_a_clear_message(example_doc, tmp_path, value):
    message = refusal(example_doc, tc.bad_colour(tmp_path, value), tmp_path / "deck.pptx")
    assert f"the colour scheme of template bad-colour.pptx gives accent2 the value " \
        f"{value.upper()!r}, which is not a colour" in message
    assert "unexpected" not in message


# -- zip bombs and forged zips ------------------------------------------------------------------
@pytest.mark.timeout(30)
@pytest.mark.parametrize("build, member, size", [
    (tc.unreferenced_bomb, tc.BOMB, "4.0 GiB"),
    (tc.linked_bomb, tc.LINKED_BOMB, "1.5 GiB"),
], ids=["4gib-member", "1.5gib-picture-of-the-master"])
def test_a_bomb_is_refused_from_its_header_without_reading_anything(
        example_doc, tmp_path, opened, build, member, size):
    template = build(tmp_path)
    opened.clear()
    message = refusal(example_doc, template, tmp_path / "deck.pptx")
    assert f"template {template.name} holds {member} of {size} uncompressed; a template part " \
        "may be at most 50 MB" in message
    assert opened == []  # not even the parts that are fine


def test_parts_that_are_each_allowed_are_refused_together_over_the_total(
        example_doc, tmp_path, opened):
    bombs = [tc.zeros_deflated(f"ppt/media/zeros{i}.png", 40 * tc.MB) for i in range(2)]
    template = tc.build(tmp_path / "two.pptx", tc.sample_parts(), bombs)
    opened.clear()
    message = refusal(example_doc, template, tmp_path / "deck.pptx")
    assert "holds 80." in message  # the two parts and the sample's own
    assert "MB once uncompressed; templates are limited to 64 MB" in message
    assert opened == []


def test_a_payload_nothing_refers_to_is_refused_unread(example_doc, tmp_path, opened):
    template = tc.unreferenced_payload(tmp_path)
    opened.clear()
    message = refusal(example_doc, template, tmp_path / "deck.pptx")
    assert "holds ppt/payload.dat (5 MB) which nothing in it refers to" in message
    assert "ppt/payload.dat" not in opened


def test_a_huge_directory_is_refused_before_it_is_read(example_doc, tmp_path, monkeypatch):
    """The count comes from the end record: zipfile never builds its per-member objects."""
    template = tc.many_members(tmp_path, 20_000)
    built: list[object] = []
    monkeypatch.setattr(safezip.zipfile, "ZipFile", lambda *a, **k: built.append(a))
    message = refusal(example_doc, template, tmp_path / "deck.pptx")
    assert "has 20,038 parts; a template may have at most 10,000" in message
    assert built == []


@pytest.mark.parametrize("member, why", [
    (tc.Member("ppt/media/a.png", b"x" * 1000, zipfile.ZIP_DEFLATED, 40 * tc.MB, 0),
     "declares sizes for ppt/media/a.png that its data cannot have"),
    (tc.Member("ppt/media/b.png", b"x" * 1000, zipfile.ZIP_STORED, 2000, 0),
     "declares sizes for ppt/media/b.png that its data cannot have"),
    (tc.Member("ppt/media/c.png", b"x" * 1000, zipfile.ZIP_LZMA, 1000, 0),
     "compresses ppt/media/c.png with method 14"),
], ids=["ratio-over-deflate", "stored-sizes-differ", "lzma"])
def test_a_forged_member_is_refused_unread(example_doc, tmp_path, opened, member, why):
    template = tc.build(tmp_path / "forged.pptx", tc.sample_parts(), [member])
    opened.clear()
    assert why in refusal(example_doc, template, tmp_path / "deck.pptx")
    assert opened == []


def test_a_duplicate_part_name_is_refused(example_doc, tmp_path):
    """Two readers could take different copies: PowerPoint one theme, this program another."""
    parts = tc.sample_parts()
    theme = tc.deflated(tc.THEME, parts[tc.THEME].replace(b"Northwind", b"Evil"))
    template = tc.build(tmp_path / "twice.pptx", parts, [theme])
    message = refusal(example_doc, template, tmp_path / "deck.pptx")
    assert "holds two parts named ppt/theme/theme1.xml" in message


# -- where the words go ------------------------------------------------------------------------
def test_the_command_line_prints_the_warning_and_exports(tmp_path, capsys):
    template = tc.macros(tmp_path)
    out = tmp_path / "deck.pptx"
    assert main(["export", "--example", "--pptx", str(out), "--template", str(template)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"{template}: warning: removed from the template (a template is used "
                          "as data only): ")
    assert "a VBA macro project (ppt/vbaProject.bin)" in err and "Traceback" not in err
    assert out.is_file()


def test_an_export_of_every_output_warns_once_and_its_deck_is_clean(tmp_path, capsys):
    """With several outputs the deck is written by a forked child (`briefing.export.forked`): the
    template is cleaned before the fork, so the warning is said once, by the parent."""
    template = tc.macros(tmp_path)
    out = tmp_path / "out"
    assert main(["export", "--example", "-o", str(out), "--template", str(template)]) == 0
    err = capsys.readouterr().err
    assert err.count(": warning: removed from the template") == 1, err
    assert b"vbaProject" not in deck_text((out / "iran-pakistan-2024.pptx").read_bytes())


def test_a_cleaned_template_gives_the_same_bytes_every_time(example_doc, tmp_path):
    template = tc.external_links(tmp_path)
    first, _ = export_deck(example_doc, template, tmp_path / "a.pptx")
    again, _ = export_deck(example_doc, template, tmp_path / "b.pptx")
    assert first == again


@pytest.mark.parametrize("build", [tc.unreferenced_bomb, tc.linked_bomb],
                         ids=["4gib-member", "1.5gib-picture"])
def test_the_real_command_line_refuses_a_bomb_small(tmp_path, build):
    """`python -m briefing export` in a child: exit 1, one message, no file, little memory
    (the measured figures are in docs/reliability.md)."""
    template = build(tmp_path)
    out = tmp_path / "out"
    run = run_cli(["export", "--example", "-o", str(out), "--template", str(template)])
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert f"template {template.name} holds " in run.stderr
    assert run.peak_mb is not None and run.peak_mb < 200, run
    assert not out.exists() or not any(out.iterdir())
