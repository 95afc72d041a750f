"""The window says what will not print as written, as `validate` does on the command line.

A character no font on this machine can draw prints as an empty box in the PDFs. The file still
opens and exports, so it is a warning, not a problem: the status bar says "ⓘ 1 warning" and its
tooltip names the section, the field and the character, in the words `validate` uses."""

from __future__ import annotations

import pytest

from briefing import load_file
from briefing.export.coverage import check_document, check_text
from briefing.format.writer import dumps
from briefing.model import document as m
from briefing.resources import example_path
from briefing.text.fallback import missing

CUNEIFORM = "\U00012000"  # no shipped face and (on a machine without Noto Sans Cuneiform) none

pytestmark = pytest.mark.skipif(missing(CUNEIFORM) != CUNEIFORM,
                                reason="this machine has a cuneiform font")


def _with_cuneiform() -> m.Document:
    doc = load_file(example_path())
    doc.sections[2].title = f"Tablet {CUNEIFORM} found"
    return doc


def test_the_document_check_names_the_same_fields_as_the_file_check():
    doc = _with_cuneiform()
    in_model = check_document(doc)
    in_file = check_text(dumps(doc), "doc.yaml")
    assert [where for where, _ in in_model] == [n.path for n in in_file] == ["sections[2].title"]
    assert [message for _, message in in_model] == [n.message for n in in_file]


def test_a_document_every_font_covers_has_no_warnings():
    assert check_document(load_file(example_path())) == []


def test_the_status_bar_shows_the_warning_with_its_section(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DESK_DATA_DIR", str(tmp_path / "appdata"))  # private autosave
    from ui.mainwindow import MainWindow

    window = MainWindow()
    window.ctrl.set_document(_with_cuneiform(), None)
    window._show_problems(window.checker.wait())
    label = window.problem_label
    assert label.text() == "ⓘ 1 warning"
    tip = label.toolTip()
    assert f"Tablet {CUNEIFORM} found: title: no font here can draw 1 character" in tip
    assert "U+12000" in tip and "empty box" in tip
    window.ctrl.undo.setClean()  # no close prompt
    window.close()
    window.deleteLater()


def test_a_picture_without_alt_text_is_a_warning_in_the_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_DESK_DATA_DIR", str(tmp_path / "appdata"))
    from ui.problems import find_problems

    doc = load_file(example_path())
    picture = m.Section(kind="image", title="Border crossing", image=m.Image(path="map.png"))
    doc.sections.append(picture)
    warnings = find_problems(doc, None).warnings
    assert any(w.startswith(f"{picture.title}: image.alt: no `alt` text") for w in warnings)
