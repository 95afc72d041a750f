"""Document properties: title, subtitle, as-of, author, classification, theme, markings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from briefing.resources import theme_names

from ..commands import SetDocumentField
from ..controller import DocumentController
from .widgets import DateField, LineEdit, optional, typing_session, watch_text


class PropertiesPanel(QWidget):
    def __init__(self, ctrl: DocumentController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl = ctrl
        self.setAccessibleName("Document properties")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def line(label: str, name: str, accessible: str, required: bool = False,
                 placeholder: str = "") -> LineEdit:
            edit = LineEdit()
            edit.setAccessibleName(accessible)
            edit.setPlaceholderText(placeholder)
            convert = (lambda t: t) if required else optional
            watch_text(edit, lambda t: self._set(name, convert(t), accessible.lower()))
            lab = QLabel(label)
            lab.setBuddy(edit)
            form.addRow(lab, edit)
            return edit

        self.title_edit = line("T&itle:", "title", "Document title", required=True)
        self.subtitle_edit = line("Su&btitle:", "subtitle", "Subtitle")
        self.as_of = DateField()
        self.as_of.setAccessibleName("As of date")
        self.as_of.setToolTip("When the information is current (shown on the title slide)")
        self.as_of.changed.connect(lambda d: self._set("as_of", d, "as-of date", merge=False))
        as_of_label = QLabel("As-of &date:")
        as_of_label.setBuddy(self.as_of)
        form.addRow(as_of_label, self.as_of)
        self.author_edit = line("Autho&r:", "author", "Author", placeholder="Desk or team")
        self.classification_edit = line("C&lassification:", "classification", "Classification",
                                        placeholder="e.g. UNCLASSIFIED")
        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName("Theme")
        for name in theme_names():
            self.theme_combo.addItem(name, name)
        self.theme_combo.activated.connect(
            lambda _i: self._set("theme", self.theme_combo.currentData(), "theme", merge=False))
        theme_label = QLabel("Theme:")
        theme_label.setBuddy(self.theme_combo)
        form.addRow(theme_label, self.theme_combo)
        self.markings_edit = LineEdit()
        self.markings_edit.setAccessibleName("Handling markings, lowest first")
        self.markings_edit.setPlaceholderText("PUBLIC, PARTNERS, INTERNAL (lowest first)")
        self.markings_edit.setToolTip("The handling levels this document uses, lowest first, "
                                      "separated by commas")
        watch_text(self.markings_edit, self._markings_edited)
        markings_label = QLabel("Mar&kings:")
        markings_label.setBuddy(self.markings_edit)
        form.addRow(markings_label, self.markings_edit)
        self.portion_box = QCheckBox("&Portion marks")
        self.portion_box.setAccessibleName("Portion marks")
        self.portion_box.setToolTip("Mark each paragraph and item with its handling level")
        self.portion_box.toggled.connect(
            lambda on: self._set("portion_marks", on, "portion marks", merge=False))
        form.addRow("", self.portion_box)
        self.sources_label = QLabel()
        self.sources_label.setMinimumWidth(60)
        self.sources_label.setWordWrap(True)
        self.sources_label.setStyleSheet("color: #555")
        form.addRow("Sources:", self.sources_label)

        ctrl.propertiesChanged.connect(self.refresh)
        ctrl.documentReplaced.connect(self.refresh)
        self.refresh()

    def _set(self, name: str, value: Any, label: str, merge: bool = True) -> None:
        if getattr(self.ctrl.doc, name) == value:
            return
        self.ctrl.push(SetDocumentField(self.ctrl, name, value, label,
                                        merge_key=typing_session() if merge else None))

    def _markings_edited(self, text: str) -> None:
        levels = [p.strip() for p in text.split(",") if p.strip()]
        self._set("markings", levels, "markings")

    def refresh(self) -> None:
        doc = self.ctrl.doc
        self.title_edit.set_text_quietly(doc.title)
        self.subtitle_edit.set_text_quietly(doc.subtitle or "")
        if self.as_of.value() != doc.as_of:
            self.as_of.set_value(doc.as_of)
        self.author_edit.set_text_quietly(doc.author or "")
        self.classification_edit.set_text_quietly(doc.classification or "")
        self.theme_combo.blockSignals(True)
        i = self.theme_combo.findData(doc.theme or "default")
        self.theme_combo.setCurrentIndex(max(i, 0))
        self.theme_combo.blockSignals(False)
        current = [p.strip() for p in self.markings_edit.text().split(",") if p.strip()]
        if current != doc.markings:
            self.markings_edit.set_text_quietly(", ".join(doc.markings))
        self.portion_box.blockSignals(True)
        self.portion_box.setChecked(doc.portion_marks)
        self.portion_box.blockSignals(False)
        n = len(doc.sources)
        ids = ", ".join(s.id for s in doc.sources[:12]) + (" …" if n > 12 else "")
        self.sources_label.setText(f"{n} source{'s' if n != 1 else ''}: {ids} (edit them in "
                                   "the Sources tab)" if n else "none yet: add them in the "
                                   "Sources tab")
