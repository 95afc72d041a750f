"""The frame every section editor shares: title, caveat, marking, sources and speaker notes.

Kind-specific editors subclass `SectionEditor` and fill `body` (build_body / refresh_body).
Editors read the model and push commands; when any command changes their section (including
undo and redo), `refresh` re-reads the model, touching only widgets whose value differs so the
caret stays where the user is typing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from briefing.model import document as m

from ..commands import SetMarking, SetPartField, SetSectionField
from ..controller import DocumentController
from .widgets import (
    LineEdit,
    MarkingCombo,
    PlainTextEdit,
    SourcesPicker,
    inherit_label,
    optional,
    typing_session,
    watch_text,
)

KIND_LABELS = {
    "summary": "Summary (bottom line up front)", "text": "Text", "judgments": "Key judgments",
    "timeline": "Timeline", "chart": "Chart", "table": "Table", "quote": "Quote", "image": "Image",
    "key_figures": "Key figures",
    "map": "Map",
}


class SectionEditor(QWidget):
    message = Signal(str)  # a problem to show in the status bar (bad value typed, ...)

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        self.setAccessibleName(f"{KIND_LABELS.get(section.kind, section.kind)} editor")
        outer = QVBoxLayout(self)
        heading = QLabel(f"<b>{KIND_LABELS.get(section.kind, section.kind)}</b> section")
        heading.setObjectName("editorHeading")
        outer.addWidget(heading)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = self._line(form, "&Title:", "Section title",
                                     lambda t: self.set_field("title", t, "title"))
        self.caveat_edit = self._line(form, "&Caveat:", "Caveat",
                                      lambda t: self.set_field("caveat", optional(t), "caveat"))
        self.caveat_edit.setPlaceholderText("Short warning shown on the slide, e.g. UNVERIFIED")
        self.part_edit = self._line(form, "P&art:", "Part this section opens",
                                    lambda t: self.set_field("part", optional(t), "part"))
        self.part_edit.setPlaceholderText("Opens a part here, e.g. Background (a header slide)")
        self.part_edit.setToolTip("This section and the ones after it, up to the next part, "
                                  "are grouped under this title: a section-header slide, a "
                                  "heading in the paper")
        self.marking_combo = MarkingCombo()
        self.marking_combo.setAccessibleName("Handling marking")
        self.marking_combo.setToolTip("Who may see this section: an export for a lower "
                                      "audience leaves it out")
        self.marking_combo.chosen.connect(self._marking_chosen)
        label = QLabel("&Marking:")
        label.setBuddy(self.marking_combo)
        form.addRow(label, self.marking_combo)
        outer.addLayout(form)

        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.build_body(self.body)

        extra = QGroupBox("Sources and speaker notes")
        extra_form = QFormLayout(extra)
        self.sources_picker = SourcesPicker()
        self.sources_picker.setAccessibleName("Sources cited by this section")
        self.sources_picker.changed.connect(
            lambda ids: self.set_field("sources", ids, "sources", merge=False))
        sources_label = QLabel("So&urces:")
        sources_label.setBuddy(self.sources_picker)
        extra_form.addRow(sources_label, self.sources_picker)
        self.notes_edit = PlainTextEdit()
        self.notes_edit.setAccessibleName("Speaker notes")
        self.notes_edit.setPlaceholderText("What the briefer says; goes into the deck's notes")
        self.notes_edit.setMaximumHeight(90)
        watch_text(self.notes_edit, lambda t: self.set_field("notes", optional(t), "notes"))
        notes_label = QLabel("N&otes:")
        notes_label.setBuddy(self.notes_edit)
        extra_form.addRow(notes_label, self.notes_edit)
        outer.addWidget(extra)

        ctrl.sectionEdited.connect(self._section_edited)
        ctrl.propertiesChanged.connect(self.refresh)
        self.refresh()

    # -- to override ----------------------------------------------------------------------------
    def build_body(self, layout: QVBoxLayout) -> None:
        """Add the kind-specific widgets."""

    def refresh_body(self) -> None:
        """Re-read the kind-specific fields from the model."""

    def tab_chain(self) -> list[QWidget]:
        """The editor's fields that Tab visits, in the focus chain's order (the order they
        were built: heading fields, the kind's body, sources, notes)."""
        chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        for _ in range(2000):
            if widget is self or widget is None:
                break
            if self.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus \
                    and widget not in chain:
                chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    # -- helpers ----------------------------------------------------------------------------------
    def _line(self, form: QFormLayout, label: str, accessible: str, on_text) -> LineEdit:
        edit = LineEdit()
        edit.setAccessibleName(accessible)
        watch_text(edit, on_text)
        lab = QLabel(label)
        lab.setBuddy(edit)
        form.addRow(lab, edit)
        return edit

    def set_field(self, name: str, value: Any, label: str, merge: bool = True) -> None:
        if getattr(self.section, name) == value:
            return
        key = typing_session() if merge else None
        text = f"Edit {label} of “{self.section.title[:32]}”"
        self.ctrl.push(SetSectionField(self.ctrl, self.section, name, value, text, merge_key=key))

    def set_part(self, part: Any, name: str, value: Any, label: str, merge: bool = True) -> None:
        if getattr(part, name) == value:
            return
        key = typing_session() if merge else None
        self.ctrl.push(SetPartField(self.ctrl, self.section, part, name, value, label,
                                    merge_key=key))

    def _marking_chosen(self, level: str | None) -> None:
        self.set_marking(self.section, level)

    def set_marking(self, part: Any, level: str | None, what: str | None = None) -> None:
        """Mark this section or one of its parts: one undo step."""
        if part.marking == level:
            return
        try:
            self.ctrl.push(SetMarking(self.ctrl, self.section, part, level, what))
        except ValueError as exc:
            self.message.emit(str(exc))

    def _section_edited(self, section: m.Section, _what: str) -> None:
        if section is self.section:
            self.refresh()

    def refresh(self) -> None:
        s = self.section
        self.title_edit.set_text_quietly(s.title)
        self.caveat_edit.set_text_quietly(s.caveat or "")
        self.part_edit.set_text_quietly(s.part or "")
        self.notes_edit.set_text_quietly(s.notes or "")
        self.marking_combo.load(self.ctrl.doc.markings, s.marking,
                                inherit_label(self.ctrl.doc, None))
        if not self.sources_picker.shows(self.ctrl.doc.sources, s.sources):
            self.sources_picker.load(self.ctrl.doc.sources, s.sources)
        self.refresh_body()
