"""Image sections: pick the file (kept beside the briefing), see it, describe it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from briefing.layout.pictures import load_picture
from briefing.model import document as m

from ..slide_painter import picture_image
from .base import SectionEditor
from .widgets import LineEdit, optional, watch_text

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.svg);;All files (*)"


class ImageEditor(SectionEditor):
    @property
    def image(self) -> m.Image:
        if self.section.image is None:
            self.section.image = m.Image(path="")
        return self.section.image

    def build_body(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = LineEdit()
        self.path_edit.setAccessibleName("Image file, relative to the briefing")
        self.path_edit.setPlaceholderText("images/map.png (relative to the briefing's folder)")
        watch_text(self.path_edit, lambda t: self.set_part(self.image, "path", t.strip(),
                                                           "Edit image path"))
        choose = QPushButton("Choo&se…")
        choose.setToolTip("Pick an image; one outside the briefing's folder is copied into "
                          "its images/ subfolder")
        choose.clicked.connect(self.choose)
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        path_label = QLabel("Ima&ge file:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, row)
        self.alt_edit = self._field(form, "Alt te&xt:", "Alternative text for screen readers",
                                    "alt", "Describe the image for someone who cannot see it")
        self.caption_edit = self._field(form, "&Caption:", "Caption", "caption", "")
        self.credit_edit = self._field(form, "Credit:", "Credit", "credit", "© who took it")
        layout.addLayout(form)
        self.preview = QLabel()
        self.preview.setAccessibleName("Image preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(200)
        self.preview.setStyleSheet("background: #f4f4f4; border: 1px solid #ccc")
        layout.addWidget(self.preview, 1)

    def _field(self, form: QFormLayout, label: str, accessible: str, attr: str,
               placeholder: str) -> LineEdit:
        edit = LineEdit()
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        watch_text(edit, lambda t: self.set_part(self.image, attr, optional(t),
                                                 f"Edit image {attr}"))
        lab = QLabel(label)
        lab.setBuddy(edit)
        form.addRow(lab, edit)
        return edit

    def refresh_body(self) -> None:
        self.path_edit.set_text_quietly(self.image.path)
        self.alt_edit.set_text_quietly(self.image.alt or "")
        self.caption_edit.set_text_quietly(self.image.caption or "")
        self.credit_edit.set_text_quietly(self.image.credit or "")
        self._show_preview()

    def _show_preview(self) -> None:
        path = self.ctrl.base_dir / self.image.path if self.image.path else None
        picture = load_picture(path) if path else None  # prepared once, as the slides draw it
        pixmap = QPixmap.fromImage(picture_image(picture))
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No image chosen" if not self.image.path
                                 else f"Cannot show {self.image.path}: file missing or not an image")
        else:
            self.preview.setPixmap(pixmap.scaled(480, 300, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose an image", str(self.ctrl.base_dir),
                                              IMAGE_FILTER)
        if name:
            rel = self.place_image(Path(name))
            if rel is not None:
                self.set_part(self.image, "path", rel, "Choose image", merge=False)

    def place_image(self, chosen: Path) -> str | None:
        """The path to store: relative if inside the briefing's folder, else copied into it."""
        base = self.ctrl.base_dir.resolve()
        chosen = chosen.resolve()
        if chosen.is_relative_to(base):
            return chosen.relative_to(base).as_posix()
        if self.ctrl.path is None:
            QMessageBox.information(self, "Save the briefing first",
                                    "Images are kept in the briefing's folder. Save the briefing, "
                                    "then choose the image again and it will be copied there.")
            return None
        target = base / "images" / chosen.name
        try:
            target.parent.mkdir(exist_ok=True)
            if not target.exists():
                shutil.copy2(chosen, target)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot copy the image", f"{target}: {exc.strerror or exc}")
            return None
        return target.relative_to(base).as_posix()
