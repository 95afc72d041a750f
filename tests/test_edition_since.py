"""The previous edition named in the briefing itself: `since: yesterday.yaml`.

The key follows the images' folder rule (a path relative to the briefing, inside its folder);
`export` without `--since` uses it, `--since` on the command line wins, and a previous edition
that is missing or does not load is a located error with nothing written.
"""

from __future__ import annotations

import pytest
from test_editions import _slides, todays_edition

from briefing import dumps, load_file, load_text
from briefing.cli import main


@pytest.fixture
def folder(tmp_path, example_path):
    """yesterday.yaml and today.yaml (which names yesterday.yaml in `since:`), side by side."""
    yesterday = example_path.read_text(encoding="utf-8")
    (tmp_path / "yesterday.yaml").write_text(yesterday, encoding="utf-8")
    (tmp_path / "today.yaml").write_text(with_since(todays_edition(yesterday), "yesterday.yaml"),
                                         encoding="utf-8")
    return tmp_path


def with_since(text: str, since: str) -> str:
    return text.replace("\nas_of:", f"\nsince: {since}\nas_of:", 1)


def _changes_slide(pptx) -> str | None:
    return next((s for s in _slides(pptx) if s.startswith("Changes since")
                 or "\nChanges since" in s and "Agenda" not in s), None)


def test_export_without_since_uses_the_document_key(folder):
    assert main(["export", str(folder / "today.yaml"), "--pptx", str(folder / "d.pptx")]) == 0
    slide = _changes_slide(folder / "d.pptx")
    assert slide is not None and "at least 9 → 11" in slide.replace("\u00a0", " ")


def test_since_on_the_command_line_wins_over_the_document_key(folder):
    (folder / "same.yaml").write_text((folder / "today.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    assert main(["export", str(folder / "today.yaml"), "--since", str(folder / "same.yaml"),
                 "--pptx", str(folder / "d.pptx")]) == 0
    slide = _changes_slide(folder / "d.pptx")
    assert slide is not None and "No changes." in slide


def test_a_missing_previous_edition_is_located_at_the_key_and_nothing_is_written(folder, capsys):
    today = folder / "today.yaml"
    today.write_text(today.read_text(encoding="utf-8").replace("since: yesterday.yaml",
                                                                 "since: missing.yaml"),
                     encoding="utf-8")
    line = next(i for i, text in enumerate(today.read_text().splitlines(), 1)
                if text.startswith("since:"))
    assert main(["export", str(today), "-o", str(folder / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{today}:{line}:8: error: since: previous edition 'missing.yaml' "
                          "not found")
    assert not (folder / "out").exists()
    assert main(["validate", str(today)]) == 1


@pytest.mark.parametrize("path, words", [
    ("../yesterday.yaml", "lies outside the briefing's folder"),
    ("/etc/passwd", "is an absolute path"),
    (".", "is a folder, not a briefing"),
])
def test_the_previous_edition_follows_the_folder_rule_of_images(folder, capsys, path, words):
    today = folder / "sub" / "today.yaml"
    today.parent.mkdir()
    today.write_text(with_since((folder / "yesterday.yaml").read_text(encoding="utf-8"), path),
                     encoding="utf-8")
    assert main(["validate", str(today)]) == 1
    assert words in capsys.readouterr().err


def test_a_previous_edition_that_does_not_load_is_told_with_its_own_errors(folder, capsys):
    (folder / "yesterday.yaml").write_text("format: briefing/1\ntitle: [unclosed\n",
                                           encoding="utf-8")
    for argv in (["validate"], ["export", "-o", str(folder / "out")]):
        assert main([argv[0], str(folder / "today.yaml"), *argv[1:]]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"{folder / 'yesterday.yaml'}:3:1: error: YAML syntax error")
    assert not (folder / "out").exists()


def test_the_key_is_kept_on_save(folder):
    doc = load_file(folder / "today.yaml")
    assert doc.since == "yesterday.yaml"
    assert load_text(dumps(doc)).since == "yesterday.yaml"
