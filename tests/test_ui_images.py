"""The app's previews draw the prepared picture (`briefing.layout.pictures`), never the file itself: a
9400-pixel picture is not decoded whole on every repaint, and what the window shows is what
the exports draw."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

import briefing.layout.pictures as images  # noqa: E402
from briefing import load_file  # noqa: E402
from briefing.format.themes import load_theme  # noqa: E402
from briefing.layout import Box, ImageFrame, Page  # noqa: E402
from briefing.layout.pictures import MAX_DRAWN, load_picture  # noqa: E402


def test_the_slide_preview_paints_the_prepared_picture(qapp, tmp_path):
    from ui.slide_painter import picture_image, render_page

    Image.new("RGB", (4000, 1000), "#008080").save(tmp_path / "wide.png")
    picture = load_picture(tmp_path / "wide.png")
    assert (picture_image(picture).width(), picture_image(picture).height()) == (2934, 734)
    (tmp_path / "wide.png").unlink()  # the painter must not need the file
    frame = ImageFrame(Box(80, 100, 800, 200), tmp_path / "wide.png", "A wide view",
                       picture=picture)
    page = Page(1, "section", "Pictures", [frame])
    slide = render_page(page, load_theme(None), 960)
    assert QColor(slide.pixelColor(480, 200)).name() == "#008080"


def test_the_image_editor_shows_the_prepared_picture(qapp, tmp_path, monkeypatch):
    from ui.controller import DocumentController
    from ui.editors import editor_for
    from ui.editors import image as image_editor

    Image.new("RGB", (3000, 3000), "#804000").save(tmp_path / "big.png")
    path = tmp_path / "b.yaml"
    path.write_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                    "  - {kind: image, title: P, image: {path: big.png}}\n", encoding="utf-8")
    ctrl = DocumentController()
    ctrl.set_document(load_file(path), path)
    loaded = []
    monkeypatch.setattr(image_editor, "load_picture",
                        lambda p: loaded.append(p) or images.load_picture(p))
    editor = editor_for(ctrl, ctrl.doc.sections[0])
    try:
        assert loaded == [tmp_path / "big.png"]
        shown = editor.preview.pixmap()
        assert 0 < shown.width() <= 480 and 0 < shown.height() <= 300
        assert QColor(shown.toImage().pixelColor(10, 10)).name() == "#804000"
        assert max(load_picture(tmp_path / "big.png").size) <= max(MAX_DRAWN)
    finally:
        editor.deleteLater()


def test_a_missing_picture_shows_a_message_in_the_editor(qapp, tmp_path):
    from ui.controller import DocumentController
    from ui.editors import editor_for

    path = tmp_path / "b.yaml"
    path.write_text("format: briefing/1\ntitle: T\nas_of: 2024-01-19\nsections:\n"
                    "  - {kind: image, title: P, image: {path: gone.png}}\n", encoding="utf-8")
    ctrl = DocumentController()
    ctrl.set_document(load_file(path, check_files=False), path)
    editor = editor_for(ctrl, ctrl.doc.sections[0])
    try:
        assert "Cannot show gone.png" in editor.preview.text()
    finally:
        editor.deleteLater()


@pytest.fixture(autouse=True)
def _fresh_cache(tmp_path: Path):
    images.clear_cache()
    yield
    images.clear_cache()
