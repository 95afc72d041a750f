"""Quote sections: the words, who said them and when."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout

from briefing.model import document as m

from .base import SectionEditor
from .widgets import DateField, LineEdit, PlainTextEdit, optional, watch_text


class QuoteEditor(SectionEditor):
    @property
    def quote(self) -> m.Quote:
        if self.section.quote is None:
            self.section.quote = m.Quote(text="")
        return self.section.quote

    def build_body(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.text_edit = PlainTextEdit()
        self.text_edit.setAccessibleName("Quotation")
        self.text_edit.setMinimumHeight(140)
        watch_text(self.text_edit, lambda t: self.set_part(self.quote, "text", t, "Edit quotation"))
        self.speaker_edit = LineEdit()
        self.speaker_edit.setAccessibleName("Speaker")
        watch_text(self.speaker_edit, lambda t: self.set_part(self.quote, "speaker", optional(t),
                                                              "Edit speaker"))
        self.date_field = DateField(optional=True)
        self.date_field.setAccessibleName("Date of the quotation")
        self.date_field.changed.connect(
            lambda d: self.set_part(self.quote, "date", d, "Edit quotation date", merge=False))
        for label, widget in (("&Quotation:", self.text_edit), ("&Speaker:", self.speaker_edit),
                              ("Date:", self.date_field)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
        layout.addLayout(form)
        layout.addStretch(1)

    def refresh_body(self) -> None:
        self.text_edit.set_text_quietly(self.quote.text)
        self.speaker_edit.set_text_quietly(self.quote.speaker or "")
        if self.date_field.value() != self.quote.date:
            self.date_field.set_value(self.quote.date)
