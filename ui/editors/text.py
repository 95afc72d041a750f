"""Summary and text sections: Markdown-light text with bullets, **bold** and *italic*."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from .base import SectionEditor
from .widgets import PlainTextEdit, watch_text


class TextEditor(SectionEditor):
    def build_body(self, layout: QVBoxLayout) -> None:
        bar = QHBoxLayout()
        for label, tip, shortcut, handler in (
            ("• Bullets", "Start or end bullet lines (“- ” at the line start)", "Ctrl+Shift+8",
             self.toggle_bullets),
            ("Bold", "Wrap the selection in **…** (Ctrl+B)", "Ctrl+B", self.make_bold),
            ("Italic", "Wrap the selection in *…* (Ctrl+I)", "Ctrl+I", self.make_italic),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.setAccessibleName(label.strip("• "))
            button.setShortcut(QKeySequence(shortcut))
            button.clicked.connect(handler)
            bar.addWidget(button)
        bar.addStretch(1)
        hint = QLabel("- bullet  ·  **bold**  ·  *italic*")
        hint.setStyleSheet("color: #666")
        bar.addWidget(hint)
        layout.addLayout(bar)
        self.text_edit = PlainTextEdit()
        self.text_edit.setAccessibleName("Section text")
        self.text_edit.setPlaceholderText("- First point\n- Second point with **bold** words")
        self.text_edit.setMinimumHeight(220)
        watch_text(self.text_edit, lambda t: self.set_field("text", t, "text"))
        layout.addWidget(self.text_edit, 1)

    def refresh_body(self) -> None:
        self.text_edit.set_text_quietly(self.section.text or "")

    # -- formatting: edit the text, the normal typing path turns it into one command ----------------
    def _wrap(self, marker: str) -> None:
        cursor = self.text_edit.textCursor()
        selected = cursor.selectedText()
        if selected.startswith(marker) and selected.endswith(marker) and len(selected) > 2 * len(marker):
            cursor.insertText(selected[len(marker):-len(marker)])
        else:
            cursor.insertText(f"{marker}{selected or 'text'}{marker}")
        self.text_edit.setFocus()

    def make_bold(self) -> None:
        self._wrap("**")

    def make_italic(self) -> None:
        self._wrap("*")

    def toggle_bullets(self) -> None:
        cursor = self.text_edit.textCursor()
        start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        doc = self.text_edit.document()
        first, last = doc.findBlock(start), doc.findBlock(end)
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        all_bullets = all(b.text().startswith("- ") for b in blocks)
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        for b in blocks:
            edit.setPosition(b.position())
            if all_bullets:
                edit.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 2)
                edit.removeSelectedText()
            else:
                edit.insertText("- ")
        edit.endEditBlock()
        self.text_edit.setFocus()
