"""`validate` warns, located, when a picture has no `alt`: the export still runs, but a screen
reader would say only the caption or the slide's title, not what the picture shows."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from briefing.cli import main
from briefing.format.advice import advise
from briefing.format.reader import load_text

BRIEFING = """\
format: briefing/1
title: Pictures
as_of: 2024-01-19
sections:
  - kind: image
    title: The crossing
    image:
      path: pic.png
      caption: The border crossing at Taftan
  - kind: image
    title: Described
    image: {path: pic.png, alt: "The closed gate at Taftan, seen from the Pakistani side"}
  - kind: image
    title: Bare
    image: {path: pic.png}
"""


def _write(folder: Path) -> Path:
    Image.new("RGB", (40, 30), "red").save(folder / "pic.png")
    path = folder / "pictures.yaml"
    path.write_text(BRIEFING, encoding="utf-8")
    return path


def test_validate_warns_at_each_picture_without_alt_and_still_says_ok(tmp_path, capsys):
    path = _write(tmp_path)
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: ok\n"
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:8:7: warning: sections[0].image.alt: no `alt` text")
    assert "says only its caption" in lines[0]
    assert lines[1].startswith(f"{path}:15:12: warning: sections[2].image.alt: no `alt` text")
    assert "add `alt: ...`" in lines[1]


def test_a_picture_with_alt_gets_no_advice():
    doc = load_text(BRIEFING, check_files=False)
    assert [a.path for a in advise(doc)] == ["sections[0].image.alt", "sections[2].image.alt"]


def test_the_example_gets_no_warning(example_path, capsys):
    assert main(["validate", str(example_path)]) == 0
    assert capsys.readouterr().err == ""
