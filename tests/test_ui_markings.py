"""Handling markings in the desktop app: shown in the outline and editors, set with undo,
previewed for a chosen audience, and exported for it (pytest-qt, offscreen, no real dialogs).

The built-in example declares PUBLIC < PARTNERS < INTERNAL; its "Source assessment" section is
PARTNERS, a table row and a judgment are INTERNAL. Tests mark one more section INTERNAL.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import test_ui_window as shared  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from briefing import dumps  # noqa: E402
from briefing.model import document as m  # noqa: E402
from tests.conftest import example_slides
from ui.export_options import ExportOptions  # noqa: E402
from ui.outline_model import MarkingRole  # noqa: E402

# the window, its fake dialogs and a private settings folder, as in test_ui_window
Dialogs, select = shared.Dialogs, shared.select
data_dir, dialogs, window = shared.data_dir, shared.dialogs, shared.window

CORPORATE = Path(__file__).resolve().parent.parent / "templates" / "corporate" / \
    "corporate-sample.pptx"
HUMAN_COST_WORDS = "Human cost"  # the title of the section the tests mark INTERNAL


def row_of(window, section_id: str) -> int:
    return next(i for i, s in enumerate(window.ctrl.doc.sections) if s.id == section_id)


def choose(combo, data) -> None:
    """Pick an entry as a user would: the combo's `activated` fires."""
    i = next(i for i in range(combo.count()) if combo.itemData(i) == data)
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def mark_section(window, section_id: str, level: str | None) -> None:
    editor = select(window, section_id)
    choose(editor.marking_combo, level)


def export_through_action(window, dialogs: Dialogs, qtbot, kind: str, path: Path) -> Path:
    dialogs.save_path = path
    window.act_export[kind].trigger()
    assert window.export_runner is not None, dialogs.shown
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert not [d for d in dialogs.shown if d[0] == "warning"], dialogs.shown
    assert path.is_file()
    return path


def pptx_text(path: Path) -> str:
    """Every word on the slides and in the speaker notes."""
    from pptx import Presentation

    prs = Presentation(str(path))
    words: list[str] = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [c.text for r in shape.table.rows for c in r.cells]
            if shape.has_chart:
                words += [s.name for s in shape.chart.plots[0].series]
        if slide.has_notes_slide:
            words.append(slide.notes_slide.notes_text_frame.text)
    return " ".join(" ".join(words).split())


# -- the outline ----------------------------------------------------------------------------------

def test_the_outline_shows_each_sections_marking_and_higher_content(window):
    model = window.ctrl.outline
    badges = {s.id: model.index(i).data(MarkingRole).badge
              for i, s in enumerate(window.ctrl.doc.sections)}
    assert badges["bluf"] == "PU"
    assert badges["source-assessment"] == "PA"  # the section is PARTNERS
    assert badges["positions"] == "PU+I"  # a PUBLIC table with an INTERNAL row
    tip = model.index(row_of(window, "positions")).data(Qt.ItemDataRole.ToolTipRole)
    assert "Marking: PUBLIC (contains 1 table row INTERNAL)" in tip
    spoken = model.index(row_of(window, "positions")).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "marked PUBLIC, contains INTERNAL" in spoken
    window.outline_view.grab()  # the badge delegate paints without error


def test_a_document_without_markings_shows_no_badge_and_no_audience(window):
    window.ctrl.doc.markings = []
    for section in window.ctrl.doc.sections:
        section.marking = None
    window.ctrl.set_document(window.ctrl.doc, None)
    assert window.ctrl.outline.index(0).data(MarkingRole) is None
    assert not window.audience_combo.isEnabled()
    assert window.audience_combo.count() == 1  # "All content" only
    editor = select(window, "casualties")
    assert not editor.series_marking.isVisible()


def test_the_outline_badge_follows_a_marking_edit_and_its_undo(window):
    editor = select(window, "casualties")
    editor.grid_view.setCurrentIndex(editor.grid.index(1, 2))  # a cell of series 2
    choose(editor.series_marking, "INTERNAL")
    index = window.ctrl.outline.index(row_of(window, "casualties"))
    assert index.data(MarkingRole).badge == "PU+I"
    window.ctrl.undo.undo()
    assert index.data(MarkingRole).badge == "PU"


# -- setting markings in the editors ----------------------------------------------------------------

def test_section_marking_is_one_undoable_step(window):
    before = dumps(window.ctrl.doc)
    mark_section(window, "human-cost", "INTERNAL")
    section = window.ctrl.doc.section_by_id("human-cost")
    assert section.marking == "INTERNAL"
    assert window.ctrl.undo.undoText() == "Mark “Human cost” INTERNAL"
    window.ctrl.undo.undo()
    assert dumps(window.ctrl.doc) == before
    window.ctrl.undo.redo()
    assert section.marking == "INTERNAL"
    assert window.editor.marking_combo.currentData() == "INTERNAL"


def test_a_chart_series_is_marked_through_its_control_and_undone(window):
    editor = select(window, "casualties")
    editor.grid_view.setCurrentIndex(editor.grid.index(2, 2))
    series = window.ctrl.doc.section_by_id("casualties").chart.series[1]
    assert editor.series_marking.isEnabled()
    assert series.name in editor.series_marking_name.text()
    choose(editor.series_marking, "PARTNERS")
    assert series.marking == "PARTNERS"
    assert window.ctrl.undo.undoText() == f"Mark series “{series.name[:31]}…” PARTNERS" \
        or window.ctrl.undo.undoText() == f"Mark series “{series.name}” PARTNERS"
    assert "PARTNERS" in editor.grid.headerData(2, Qt.Orientation.Horizontal)
    window.ctrl.undo.undo()
    assert series.marking is None
    assert editor.grid.headerData(2, Qt.Orientation.Horizontal) == "C"
    assert editor.series_marking.currentData() is None


def test_a_table_row_is_marked_through_its_control_and_undone(window):
    editor = select(window, "positions")
    editor.view.setCurrentIndex(editor.model.index(1, 0))
    row = window.ctrl.doc.section_by_id("positions").table.rows[1]
    choose(editor.row_marking, "PARTNERS")
    assert row.marking == "PARTNERS"
    assert editor.model.headerData(1, Qt.Orientation.Vertical) == "2 [PARTNERS]"
    window.ctrl.undo.undo()
    assert row.marking is None
    assert editor.model.headerData(1, Qt.Orientation.Vertical) == "2"


@pytest.mark.parametrize(("section_id", "name"), [("key-judgments", "items"),
                                                  ("timeline", "events")])
def test_judgments_and_events_are_marked_in_their_column_or_control(window, section_id, name):
    editor = select(window, section_id)
    items = getattr(window.ctrl.doc.section_by_id(section_id), name)
    column = editor.marking_column
    assert not editor.view.isColumnHidden(column)
    assert editor.model.index(0, column).data() == "(PUBLIC)"  # inherited, shown in grey
    # the cell, as the combo delegate writes it
    assert editor.model.setData(editor.model.index(0, column), "PARTNERS")
    assert items[0].marking == "PARTNERS"
    assert editor.model.index(0, column).data() == "PARTNERS"
    # the control under the list, for the selected row
    editor.view.setCurrentIndex(editor.model.index(1, 0))
    choose(editor.item_marking, "INTERNAL")
    assert items[1].marking == "INTERNAL"
    window.ctrl.undo.undo()
    window.ctrl.undo.undo()
    assert items[0].marking is None and items[1].marking is None


def test_a_source_is_marked_in_the_sources_tab(window):
    panel = window.sources_panel
    column = panel.marking_column
    assert not panel.view.isColumnHidden(column)
    model = panel.model
    assert model.index(0, column).data() == "PUBLIC"  # the example marks its sources
    assert model.setData(model.index(0, column), "")
    assert model.index(0, column).data() == "(PUBLIC)"  # unmarked: the lowest, in grey
    assert model.setData(model.index(0, column), "INTERNAL")
    assert window.ctrl.doc.sources[0].marking == "INTERNAL"
    assert window.ctrl.undo.undoText() == "Mark source s1 INTERNAL"
    assert model.index(0, column).data() == "INTERNAL"
    assert not model.setData(model.index(0, column), "SECRET")
    window.ctrl.undo.undo()
    window.ctrl.undo.undo()
    assert window.ctrl.doc.sources[0].marking == "PUBLIC"


def test_an_undeclared_level_typed_in_the_marking_cell_is_refused(window):
    editor = select(window, "key-judgments")
    messages: list[str] = []
    editor.message.connect(messages.append)
    count = window.ctrl.undo.count()
    assert not editor.model.setData(editor.model.index(0, editor.marking_column), "SECRET")
    assert window.ctrl.undo.count() == count
    assert messages and "SECRET" in messages[-1] and "PUBLIC, PARTNERS, INTERNAL" in messages[-1]


# -- the audience selector and the preview -------------------------------------------------------

def test_choosing_public_previews_the_public_export_and_writes_nothing(window, tmp_path):
    mark_section(window, "human-cost", "INTERNAL")
    window.ctrl.undo.setClean()
    before = dumps(window.ctrl.doc)
    preview = window.slide_preview
    preview.all_box.setChecked(True)
    preview.refresh_now()
    all_ids = {p.section_id for p in preview.pages}
    all_count = len(preview.pages)
    assert {"human-cost", "source-assessment"} <= all_ids

    assert [window.audience_combo.itemText(i) for i in range(window.audience_combo.count())] \
        == ["All content", "PUBLIC", "PARTNERS", "INTERNAL"]
    choose(window.audience_combo, "PUBLIC")
    assert window.ctrl.audience == "PUBLIC"
    preview.refresh_now()
    public_ids = {p.section_id for p in preview.pages}
    assert "human-cost" not in public_ids and "source-assessment" not in public_ids
    assert len(preview.pages) < all_count
    assert "Previewing the PUBLIC export" in preview.audience_note.text()
    assert not preview.audience_note.isHidden()
    table_words = " ".join(str(p) for p in preview.pages if p.section_id == "positions")
    assert "Desk assessment" not in table_words  # the INTERNAL row is gone
    # the INTERNAL section, selected: shown as not in this export
    preview.all_box.setChecked(False)
    select(window, "human-cost")
    preview.refresh_now()
    assert preview.pages == [] and preview.excluded
    assert "Not in the PUBLIC export: the section is marked INTERNAL" in preview.caption.text()
    index = window.ctrl.outline.index(row_of(window, "human-cost"))
    assert "Not in the PUBLIC export" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(MarkingRole).excluded_for == "PUBLIC"
    # previewing is not editing
    assert dumps(window.ctrl.doc) == before
    assert not window.ctrl.dirty
    assert list(tmp_path.iterdir()) == []
    # back to all content
    choose(window.audience_combo, None)
    preview.refresh_now()
    assert preview.pages and not preview.excluded and preview.audience_note.isHidden()


def test_a_section_emptied_for_the_audience_says_why(window):
    editor = select(window, "key-judgments")
    for row in range(len(editor.model.items)):
        editor.set_item_marking(row, "INTERNAL")
    window.set_audience("PARTNERS")
    window.slide_preview.refresh_now()
    assert window.slide_preview.excluded
    assert "everything in it is marked above PARTNERS" in window.slide_preview.caption.text()


def test_the_audience_menu_and_a_renamed_level(window):
    window._fill_audience_menu()
    actions = [a for a in window.audience_menu.actions() if a.isCheckable()]
    assert [a.text() for a in actions] == ["&1 All content", "&2 PUBLIC", "&3 PARTNERS",
                                          "&4 INTERNAL"]
    actions[2].trigger()
    assert window.ctrl.audience == "PARTNERS"
    assert window.audience_combo.currentData() == "PARTNERS"
    # the level disappears from the document: back to all content, never a stale filter
    window.properties._markings_edited("PUBLIC, INTERNAL")
    assert window.ctrl.audience is None
    assert window.audience_combo.currentText() == "All content"


# -- exporting for the audience --------------------------------------------------------------------

def test_exporting_for_public_through_the_action_leaves_internal_content_out(
        window, dialogs, qtbot, tmp_path):
    mark_section(window, "human-cost", "INTERNAL")
    doc = window.ctrl.doc
    internal_words = doc.section_by_id("human-cost").text.split("\n")[0][:40]
    choose(window.audience_combo, "PUBLIC")
    out = export_through_action(window, dialogs, qtbot, "pptx", tmp_path / "public.pptx")
    assert dialogs.options_asked[-1][0] == "pptx" and dialogs.options_asked[-1][2] == "PUBLIC"
    assert Path(dialogs.suggested).name.endswith("-public.pptx")
    assert window.last_job.audience == "PUBLIC"
    assert window.export_label.text() == "Exported public.pptx for PUBLIC"
    text = pptx_text(out)
    assert "Reported casualties by side" in text  # PUBLIC content is there
    for gone in (HUMAN_COST_WORDS, internal_words, "Source assessment", "Desk assessment"):
        assert gone not in text, gone

    choose(window.audience_combo, None)  # all content: everything is back
    full = pptx_text(export_through_action(window, dialogs, qtbot, "pptx", tmp_path / "all.pptx"))
    for there in (HUMAN_COST_WORDS, "Source assessment", "Desk assessment"):
        assert there in full, there


def test_print_handout_prints_what_the_audience_may_see(window, monkeypatch):
    from ui import print_handout

    printed: list[m.Document] = []
    monkeypatch.setattr(print_handout, "print_with_dialog",
                        lambda parent, doc, base, per_page=6, **k: printed.append(doc) or "to x")
    window.set_audience("PUBLIC")
    window.act_print.trigger()
    assert printed and "source-assessment" not in {s.id for s in printed[0].sections}
    assert window.ctrl.doc.section_by_id("source-assessment") is not None  # not edited


# -- export options ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("per_page", "paper", "size"), [(2, "letter", (612, 792)),
                                                          (4, "a4", (595, 842))])
def test_handout_slides_per_page_and_paper_size(window, dialogs, qtbot, tmp_path, per_page,
                                                 paper, size):
    from pypdf import PdfReader

    slides = example_slides()  # the example's deck, all content
    dialogs.export_options = ExportOptions(per_page=per_page, paper_size=paper)
    out = export_through_action(window, dialogs, qtbot, "handout", tmp_path / "handout.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == math.ceil(slides / per_page)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_export_options_are_remembered(window, dialogs, qtbot, tmp_path):
    from ui.export_options import load_options
    from ui.mainwindow import settings

    dialogs.export_options = ExportOptions(per_page=3, paper_size="letter")
    export_through_action(window, dialogs, qtbot, "handout", tmp_path / "h.pdf")
    assert load_options(settings()).per_page == 3
    dialogs.export_options = None  # the user just presses Enter next time
    export_through_action(window, dialogs, qtbot, "handout", tmp_path / "h2.pdf")
    shown = dialogs.options_asked[-1][1]
    assert (shown.per_page, shown.paper_size) == (3, "letter")


def test_powerpoint_with_a_corporate_template_uses_its_layouts(window, dialogs, qtbot, tmp_path):
    from pptx import Presentation

    dialogs.export_options = ExportOptions(template=CORPORATE)
    out = export_through_action(window, dialogs, qtbot, "pptx", tmp_path / "corp.pptx")
    assert window.last_job.template == CORPORATE
    prs = Presentation(io.BytesIO(out.read_bytes()))
    assert prs.slides[0].slide_layout.name == "NW Cover"  # title and subtitle placeholders
    # the parts' header slides on the template's section header, the others on title only
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"NW Heading only",
                                                                    "NW Divider"}
    # remembered, and offered again in the template list
    from ui.export_options import load_options
    from ui.mainwindow import settings

    assert load_options(settings()).recent_templates == (CORPORATE,)


def test_what_was_removed_from_a_template_is_shown_after_the_export(window, dialogs, qtbot,
                                                                      tmp_path):
    import template_corpus

    dialogs.export_options = ExportOptions(template=template_corpus.macros(tmp_path))
    dialogs.save_path = out = tmp_path / "deck.pptx"
    window.act_export["pptx"].trigger()
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert out.is_file()
    (shown,) = [text for kind, text in dialogs.shown if kind == "warning"]
    assert shown.startswith("Exported, with notes about the template\ndeck.pptx was written.")
    assert "a VBA macro project (ppt/vbaProject.bin)" in shown


def test_export_briefing_paper_from_the_file_menu(window, dialogs, qtbot, tmp_path):
    from pypdf import PdfReader

    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_export["report"] in file_menu.actions()
    dialogs.export_options = ExportOptions(paper_size="letter")
    out = export_through_action(window, dialogs, qtbot, "report", tmp_path / "paper.pdf")
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Iran-Pakistan" in reader.pages[0].extract_text()


def test_cancelling_the_options_writes_nothing(window, dialogs, tmp_path, monkeypatch):
    from ui import export_options

    monkeypatch.setattr(export_options, "ask", lambda *a, **k: None)
    dialogs.save_path = None  # a file dialog would fail the test
    window.act_export["handout"].trigger()
    assert window.export_runner is None


def test_the_options_dialog_is_a_small_keyboard_form(qtbot, data_dir):
    from PySide6.QtWidgets import QLabel

    from ui.export_options import ExportOptionsDialog

    dialog = ExportOptionsDialog("handout", ExportOptions(per_page=4), ["PUBLIC", "INTERNAL"],
                                 "PUBLIC")
    qtbot.addWidget(dialog)
    assert dialog.per_page_combo.currentData() == 4
    buddies = {lab.buddy() for lab in dialog.findChildren(QLabel) if lab.buddy()}
    assert {dialog.per_page_combo, dialog.paper_combo} <= buddies  # Alt+S, Alt+P
    dialog.per_page_combo.setCurrentIndex(1)
    dialog.paper_combo.setCurrentIndex(1)
    assert (dialog.options().per_page, dialog.options().paper_size) == (2, "letter")
    texts = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
    assert "PUBLIC only: content marked INTERNAL is left out" in texts
    dialog.show()
    qtbot.keyClick(dialog.per_page_combo, Qt.Key.Key_Return)  # Enter means Export…
    assert dialog.result() == dialog.DialogCode.Accepted
    pptx = ExportOptionsDialog("pptx", ExportOptions(), ["PUBLIC", "INTERNAL"], None)
    qtbot.addWidget(pptx)
    assert pptx.options().template is None
    assert "All content, including INTERNAL" in " ".join(
        lab.text() for lab in pptx.findChildren(QLabel))


def test_screenshot_refuses_an_audience_the_briefing_does_not_declare(qtbot, data_dir, tmp_path,
                                                                      capsys):
    from ui.app import main

    out = tmp_path / "shot.png"
    assert main(["--screenshot", str(out), "--audience", "SECRET"]) == 2
    assert "PUBLIC, PARTNERS, INTERNAL" in capsys.readouterr().err
    assert not out.exists()
