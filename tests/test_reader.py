"""The reader's public functions and its safety limits, one behaviour per test."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from briefing.errors import BriefingError, Problem
from briefing.format import yamlsafe
from briefing.format.reader import inspect_image, load_bytes, load_file, load_text

HEAD = "format: briefing/1\ntitle: T\nas_of: 2024-01-19\n"
ONE = HEAD + "sections: [{kind: text, title: T, text: x}]\n"


def only_problem(call, *args, **kwargs) -> Problem:
    with pytest.raises(BriefingError) as caught:
        call(*args, **kwargs)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


# -- public functions -----------------------------------------------------------------------
def test_load_file_reads_the_example(example_path):
    doc = load_file(example_path)
    assert doc.title and len(doc.sections) >= 10


def test_load_text_names_the_file_in_its_problems():
    problem = only_problem(load_text, HEAD + "sections: []\n", "mine.yaml")
    assert str(problem).startswith("mine.yaml:4:11: error: sections: ")


def test_load_bytes_accepts_a_utf8_byte_order_mark():
    doc = load_bytes(b"\xef\xbb\xbf" + ONE.encode(), "bom.yaml")
    assert doc.title == "T"


def test_load_bytes_locates_a_latin1_byte():
    problem = only_problem(load_bytes, (HEAD + "author: Agence Fran\xe7aise\n").encode("latin-1"), "l1.yaml")
    assert (problem.line, problem.column) == (4, 20)  # "author: Agence Fran" is 19
    assert "not UTF-8" in problem.message and "save it as UTF-8" in problem.message


def test_a_problem_renders_as_file_line_column_error_path_message():
    assert str(Problem("f.yaml", 3, 8, "as_of", "bad")) == "f.yaml:3:8: error: as_of: bad"
    assert str(Problem("f.yaml", None, None, "", "empty")) == "f.yaml: error: empty"


def test_image_files_are_checked_only_when_the_folder_is_known(tmp_path: Path):
    text = HEAD + "sections: [{kind: image, title: I, image: {path: missing.png}}]\n"
    assert load_text(text).sections[0].image.path == "missing.png"  # no folder: no check
    problem = only_problem(load_text, text, "d.yaml", base_dir=tmp_path)
    assert "not found" in problem.message
    path = tmp_path / "d.yaml"
    path.write_text(text)
    assert load_file(path, check_files=False).sections[0].image.path == "missing.png"


def test_line_endings_and_columns_count_characters_not_bytes():
    problem = only_problem(load_text, HEAD + "subtitle: ایران 🇮🇷\x07\nsections: []\n", "u.yaml")
    assert (problem.line, problem.column) == (4, 19)  # the flag is two code points


# -- structural limits ------------------------------------------------------------------------
def test_nesting_of_64_levels_is_allowed_and_65_is_not():
    yamlsafe.compose("[" * 64 + "]" * 64, "ok")  # every list, the outermost too, is a level
    problem = only_problem(yamlsafe.compose, "[" * 65 + "]" * 65, "deep")
    assert (problem.line, problem.column) == (1, 65)
    assert "nested more than 64 levels" in problem.message


def test_the_value_limit_counts_values_while_streaming(monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 10)
    yamlsafe.compose("[1, 2, 3, 4, 5, 6, 7, 8, 9]", "ok")  # the list and 9 numbers: 10 values
    problem = only_problem(yamlsafe.compose, "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "many")
    assert problem.column == 29 and "more than 10 values" in problem.message


def test_aliases_used_sensibly_are_fine_and_their_expansion_is_counted(monkeypatch):
    text = HEAD + "sources: [{id: s1, title: S}]\nsections:\n" \
        "  - {kind: text, title: A, text: x, sources: &refs [s1]}\n" \
        "  - {kind: text, title: B, text: y, sources: *refs}\n"
    assert load_text(text).sections[1].sources == ["s1"]
    monkeypatch.setattr(yamlsafe, "MAX_EXPANDED", 20)
    assert "would expand to more than 20 values" in only_problem(load_text, text).message


def test_aliases_are_measured_in_characters_too(monkeypatch):
    """Few values can still be a lot of text: an aliased long string counts once per use."""
    text = HEAD + "sections:\n  - {kind: text, title: A, text: &t " + "x" * 30 + "}\n" \
        "  - {kind: text, title: B, text: *t}\n  - {kind: text, title: C, text: *t}\n"
    assert load_text(text).sections[2].text == "x" * 30
    monkeypatch.setattr(yamlsafe, "MAX_EXPANDED_CHARS", 80)
    problem = only_problem(load_text, text, "t.yaml")
    assert (problem.line, problem.column, problem.path) == (5, 3, "sections")
    assert "more than 80 characters of text (the value on line 5, 30 characters, is used 3 " \
        "times)" in problem.message


def test_an_alias_loop_is_refused_not_followed():
    problem = only_problem(load_text, "a: &a {b: &b [*a, *b]}\n", "loop")
    assert "endless loop" in problem.message


def test_unsafe_tags_are_all_reported_before_anything_is_built():
    text = HEAD + "subtitle: !!python/object/apply:os.system [id]\nauthor: !!python/name:os.getcwd\n" \
        "theme: !custom x\nsections: [{kind: text, title: T, text: x}]\n"
    with pytest.raises(BriefingError) as caught:
        load_text(text, "tags")
    assert [(p.line, p.path) for p in caught.value.problems] == [(4, "subtitle"), (5, "author"),
                                                                 (6, "theme")]


def test_plain_explicit_standard_tags_are_fine():
    doc = load_text(HEAD.replace("title: T", "title: !!str 2024") + "sections: [{kind: text, title: T, text: x}]\n")
    assert doc.title == "2024"


# -- images -------------------------------------------------------------------------------------
def _save(image: Image.Image, path: Path, fmt: str) -> Path:
    image.save(path, fmt)
    return path


@pytest.mark.parametrize("fmt, suffix", [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"),
                                         ("BMP", "bmp"), ("TIFF", "tif")])
def test_images_the_exports_can_embed_pass(tmp_path: Path, fmt, suffix):
    path = _save(Image.new("RGB", (40, 30), (10, 120, 200)), tmp_path / f"ok.{suffix}", fmt)
    assert inspect_image(path) is None


def test_an_image_over_pillows_pixel_limit_is_refused(tmp_path: Path, monkeypatch):
    path = _save(Image.new("RGB", (40, 30)), tmp_path / "p.png", "PNG")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert "too large to open safely (more than 1,000 pixels" in inspect_image(path)


def test_the_pixel_limit_holds_even_if_pillows_check_was_switched_off(tmp_path: Path, monkeypatch):
    from hostile_corpus import png_bytes

    path = tmp_path / "bomb.png"
    path.write_bytes(png_bytes(20_000, 20_000))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert "too large to open safely" in inspect_image(path)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_truncated_png_or_jpeg_is_damaged(tmp_path: Path, cut):
    noise = Image.effect_noise((128, 128), 50).convert("RGB")
    for fmt in ("PNG", "JPEG"):
        out = io.BytesIO()
        noise.save(out, fmt)
        data = out.getvalue()
        path = tmp_path / f"cut.{fmt.lower()}"
        path.write_bytes(data[: int(len(data) * cut)])
        assert "is damaged or cut short" in inspect_image(path), (fmt, cut)


def test_a_text_file_named_png_is_not_an_image(tmp_path: Path):
    path = tmp_path / "x.png"
    path.write_text("hello")
    assert "is not an image Briefing Desk can read" in inspect_image(path)


@pytest.mark.parametrize("place", ["key", "kind", "format", "theme", "ref", "marking", "tag",
                                   "confidence", "reliability", "id", "as_of", "image"])
def test_a_huge_value_is_not_echoed_back_in_full(place, tmp_path: Path):
    """A 100,000-character value anywhere gives a message of normal length, not a wall of x."""
    x = "x" * 100_000
    body = {
        "key": f"'{x}': 1\nsections: [{{kind: text, title: a, text: b}}]\n",
        "kind": f"sections: [{{kind: {x}, title: a, text: b}}]\n",
        "format": "sections: [{kind: text, title: a, text: b}]\n",
        "theme": f"theme: {x}\nsections: [{{kind: text, title: a, text: b}}]\n",
        "ref": f"sections: [{{kind: text, title: a, text: b, sources: [{x}]}}]\n",
        "marking": f"markings: [A]\nsections: [{{kind: text, title: a, text: b, marking: {x}}}]\n",
        "tag": f"subtitle: !{x} a\nsections: [{{kind: text, title: a, text: b}}]\n",
        "confidence": f"sections: [{{kind: judgments, title: a, items: [{{text: t, confidence: {x}}}]}}]\n",
        "reliability": f"sources: [{{id: s, title: t, reliability: {x}}}]\nsections: [{{kind: text, title: a, text: b}}]\n",
        "id": f"sources: [{{id: '{x} y', title: t}}]\nsections: [{{kind: text, title: a, text: b}}]\n",
        "as_of": "sections: [{kind: text, title: a, text: b}]\n",
        "image": f"sections: [{{kind: image, title: a, image: {{path: {'a/' * 900}b.png}}}}]\n",
    }[place]
    head = HEAD.replace("briefing/1", x) if place == "format" else \
        HEAD.replace("2024-01-19", x) if place == "as_of" else HEAD
    with pytest.raises(BriefingError) as caught:
        load_text(head + body, "big.yaml", base_dir=tmp_path)
    assert all(len(str(p)) < 400 for p in caught.value.problems), caught.value.problems


def test_text_handed_over_with_a_lone_surrogate_gets_a_located_message():
    """A str from Python (not a file) can hold a lone surrogate, which libyaml cannot encode:
    found by the text-mutation property test; one message at its place, not a traceback."""
    from briefing import load_text
    from briefing.errors import BriefingError

    with pytest.raises(BriefingError) as caught:
        load_text("format: briefing/1\ntitle: \"a\ud800b\"\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 10)
    assert "U+D800" in problem.message and "surrogate" in problem.message
