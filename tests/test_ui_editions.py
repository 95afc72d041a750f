"""File ▸ Compare with Previous Edition… in the desktop app (pytest-qt, offscreen, fake dialogs).

The window holds the built-in example; yesterday's edition said "at least 7" killed where the
example says "at least 9", and had no "Human cost" section. The change list goes in a dock,
clicking a change selects its section, changed sections are marked in the outline, and the
export options offer "Include changes since …" with the edition remembered for this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import test_ui_window as shared  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from ui.export_options import ExportOptions, ExportOptionsDialog  # noqa: E402
from ui.outline_model import EditionRole  # noqa: E402

Dialogs = shared.Dialogs
data_dir, dialogs, window = shared.data_dir, shared.dialogs, shared.window


@pytest.fixture
def yesterday(tmp_path, example_path) -> Path:
    text = example_path.read_text(encoding="utf-8")
    text = text.replace("- {value: 9, qualifier: at least, source: s5}",
                        "- {value: 7, qualifier: at least, source: s5}", 1)
    start, end = text.index("  - id: human-cost"), text.index("  - id: key-judgments")
    path = tmp_path / "yesterday.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


def compare(window, dialogs: Dialogs, path: Path) -> list[str]:
    dialogs.open_path = path
    window.act_compare.trigger()
    view = window.changes_dock.widget()
    return [view.item(i).text() for i in range(view.count())]


def row_of(window, section_id: str) -> int:
    return next(i for i, s in enumerate(window.ctrl.doc.sections) if s.id == section_id)


def test_the_change_list_is_shown_in_a_dock(window, dialogs, yesterday):
    rows = compare(window, dialogs, yesterday)
    assert window.changes_dock.isVisible()
    assert "New: Human cost" in rows
    assert any(r.startswith("Reported casualties by side: Killed / Iran") and
               r.endswith("at least 7 → at least 9") for r in rows)


def test_the_dock_says_each_change_as_the_change_slide_does(window, dialogs, yesterday):
    from briefing import load_file
    from briefing.diff.editions import compare_editions
    from briefing.diff.slide import changes_text

    rows = compare(window, dialogs, yesterday)
    slide = changes_text(compare_editions(load_file(yesterday), window.ctrl.doc,
                                          window.ctrl.audience)).replace("**", "")
    said, heading = [], ""
    for text in slide.splitlines():
        if text.startswith("  - "):
            said.append(f"{heading}: {text[4:]}")
        elif text.startswith("- New: "):
            said.append(text[2:])
        else:
            heading = text[2:]
    assert rows == said and any("→" in r for r in rows)


def test_clicking_a_change_selects_its_section(window, dialogs, yesterday):
    compare(window, dialogs, yesterday)
    view = window.changes_dock.widget()
    item = next(view.item(i) for i in range(view.count())
                if view.item(i).text().startswith("Reported casualties"))
    view.itemClicked.emit(item)
    assert window.current_section().id == "casualties"


def test_changed_sections_are_marked_in_the_outline(window, dialogs, yesterday):
    model = window.ctrl.outline
    assert model.index(row_of(window, "casualties")).data(EditionRole) is None
    compare(window, dialogs, yesterday)
    assert model.index(row_of(window, "human-cost")).data(EditionRole) == "new"
    casualties = model.index(row_of(window, "casualties"))
    assert casualties.data(EditionRole) == "updated"
    assert "Updated since the previous edition" in casualties.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row_of(window, "timeline")).data(EditionRole) is None


def test_an_edit_that_undoes_the_change_clears_its_mark(window, dialogs, yesterday):
    compare(window, dialogs, yesterday)
    window.ctrl.doc.sections[row_of(window, "casualties")].chart.series[1].values[0].value = 7
    window.ctrl.documentEdited.emit()
    casualties = window.ctrl.outline.index(row_of(window, "casualties"))
    assert casualties.data(EditionRole) is None


def test_a_previous_edition_that_does_not_load_gets_a_dialog_with_its_errors(
        window, dialogs, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: briefing/1\ntitle: [unclosed\n", encoding="utf-8")
    dialogs.open_path = bad
    window.act_compare.trigger()
    [(kind, text)] = dialogs.shown
    assert kind == "warning" and f"{bad}:3:1: error: YAML syntax error" in text
    assert window.previous_edition is None


def test_the_export_options_offer_the_remembered_edition(window, dialogs, yesterday, qtbot,
                                                         tmp_path):
    compare(window, dialogs, yesterday)
    dialogs.save_path = tmp_path / "out.pptx"
    dialogs.export_options = None
    window.act_export["pptx"].trigger()
    kind, options, _ = dialogs.options_asked[-1]
    assert options.since == yesterday and not options.include_since
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)


def test_including_the_changes_exports_the_change_slide(window, dialogs, yesterday, qtbot,
                                                        tmp_path):
    from pptx import Presentation

    compare(window, dialogs, yesterday)
    dialogs.save_path = tmp_path / "out.pptx"
    dialogs.export_options = ExportOptions(since=yesterday, include_since=True)
    window.act_export["pptx"].trigger()
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert not [d for d in dialogs.shown if d[0] == "warning"], dialogs.shown
    text = " ".join(shape.text_frame.text for slide in Presentation(str(tmp_path / "out.pptx"))
                    .slides for shape in slide.shapes if shape.has_text_frame)
    assert "Changes since" in text and "was at least 7" in text.replace("\u00a0", " ")


def test_the_options_dialog_has_the_check_box_only_with_an_edition(qtbot, yesterday):
    with_edition = ExportOptionsDialog("report", ExportOptions(since=yesterday), [], None)
    qtbot.addWidget(with_edition)
    assert with_edition.since_check is not None
    assert with_edition.since_check.text() == "Include changes since yesterday.yaml"
    with_edition.since_check.setChecked(True)
    assert with_edition.options().include_since
    without = ExportOptionsDialog("report", ExportOptions(), [], None)
    qtbot.addWidget(without)
    assert without.since_check is None
