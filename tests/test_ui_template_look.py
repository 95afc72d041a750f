"""The window's previews look like the export they preview: with a corporate template chosen in
the export options, the slide preview, the chart preview and Print Handout lay out in the
template's main font and colours, as every exported output does, and paint with Qt fonts made
from the very files the layout measured, so the preview breaks lines where the PDF does.
Without a template nothing changes; a template that cannot be read leaves the default look and
says why, once (pytest-qt, offscreen, no real dialogs)."""

from __future__ import annotations

import re
import subprocess
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import test_ui_window as shared  # noqa: E402
from test_template_fonts import SERIF, needs_serif  # noqa: E402
from test_template_look import with_fonts  # noqa: E402

from briefing.export.job import ExportJob, run_export  # noqa: E402
from briefing.text.faces import LIBERATION, face_file, width  # noqa: E402
from ui.export_options import ExportOptions  # noqa: E402

dialogs, data_dir, window, select = shared.dialogs, shared.data_dir, shared.window, shared.select

pytestmark = needs_serif


@pytest.fixture(scope="module")
def serif_template(tmp_path_factory) -> Path:
    """The sample corporate template with an installed font clearly wider than Arial."""
    return with_fonts(tmp_path_factory.mktemp("serif"), SERIF.family, SERIF.family)


class Painted:
    """Every text the slide painter draws: (baseline, x, text, Qt font), in the GUI thread
    (`worker`: in the preview's worker thread instead); painting still under way for an
    earlier test's window is waited for first."""

    def __init__(self, monkeypatch, worker: bool = False) -> None:
        from ui import background, slide_painter

        background.run(lambda: None)  # the worker's jobs run in order: earlier ones are done
        self.calls: list[tuple[float, float, str, object]] = []
        self.lock = threading.Lock()
        original, font = slide_painter._text, slide_painter._font

        def text(painter, x, baseline, piece, size, bold, italic, color):
            if (threading.current_thread() is not threading.main_thread()) == worker:
                with self.lock:
                    self.calls.append((round(baseline, 2), x, piece, font(size, bold, italic)))
            original(painter, x, baseline, piece, size, bold, italic, color)

        monkeypatch.setattr(slide_painter, "_text", text)

    def clear(self) -> None:
        with self.lock:
            self.calls.clear()

    def families(self) -> set[str]:
        from PySide6.QtGui import QFontInfo

        return {QFontInfo(qfont).family() for _b, _x, _t, qfont in self.calls}

    def last_family(self) -> str | None:
        from PySide6.QtGui import QFontInfo

        with self.lock:
            return QFontInfo(self.calls[-1][3]).family() if self.calls else None

    def lines(self) -> list[str]:
        """The painted text line by line, top to bottom (bullets left out)."""
        rows: dict[float, list[tuple[float, str]]] = {}
        for baseline, x, piece, _font in self.calls:
            if piece.strip() != "•":
                rows.setdefault(baseline, []).append((x, piece))
        return [_words("".join(p for _x, p in sorted(row))) for _b, row in sorted(rows.items())
                if _words("".join(p for _x, p in row))]


def _words(text: str) -> str:
    return " ".join(w for w in text.split() if w != "•")


def pdf_lines(pdf: Path, page: int) -> list[str]:
    """The text of page `page` (1-based) of a PDF line by line, top to bottom, as poppler reads
    it (bullets left out)."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout",
                          str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = []
    for y, body in re.findall(r'<line xMin="[^"]*" yMin="([^"]*)"[^>]*>(.*?)</line>', out,
                              re.S):
        words = re.findall(r"<word[^>]*>(.*?)</word>", body, re.S)
        text = _words(" ".join(words).replace("&apos;", "'").replace("&amp;", "&")
                      .replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">"))
        if text:
            lines.append((float(y), text))
    return [text for _y, text in sorted(lines)]


def slides_pdf(doc, tmp_path: Path, template: Path | None) -> Path:
    out = tmp_path / ("templated.pdf" if template else "plain.pdf")
    run_export(doc, ExportJob(pdf=out, template=template))
    return out


def preview_lines(window, painted: Painted) -> list[str]:
    painted.clear()
    window.slide_preview.refresh_now()
    assert len(window.slide_preview.pages) == 1
    return painted.lines()


# -- the Qt font of a face the core measured -------------------------------------------------------

def test_qt_font_for_a_face_outside_the_shipped_ones_is_its_files_family_and_style(qtbot):
    from PySide6.QtGui import QFontInfo, QFontMetricsF

    from ui.drawing_painter import qt_font

    text = "Pakistan answered with drone and rocket strikes"
    for name in (SERIF.faces.regular, SERIF.faces.bold):
        font = qt_font(name, 18.0)
        info = QFontInfo(font)
        assert info.family() == SERIF.family, (name, info.family())
        assert ("Bold" in info.styleName()) == (name == SERIF.faces.bold), info.styleName()
        # the advances of the very file the layout measured (fonts are set 64 times larger)
        assert QFontMetricsF(font).horizontalAdvance(text) / 64 == pytest.approx(
            width(text, name, 18.0), abs=0.01)
    assert face_file(SERIF.faces.regular).path.is_file()


# -- the slide preview -----------------------------------------------------------------------------

def test_the_slide_preview_breaks_lines_as_the_templated_pdf_does(window, serif_template,
                                                                   monkeypatch, tmp_path):
    painted = Painted(monkeypatch)
    editor = select(window, "bluf")  # five bullets of a sentence or two
    words = set(_words(editor.section.text.replace("*", "").replace("- ", "")).split())

    def bullets(lines: list[str]) -> list[str]:
        """The lines of the bullets (not the slide's title, banners, footer, numbers)."""
        return [line for line in lines if set(line.split()) <= words]

    shown = preview_lines(window, painted)
    page = window.slide_preview.pages[0].number
    doc = window.ctrl.doc
    plain_pdf = bullets(pdf_lines(slides_pdf(doc, tmp_path, None), page))
    templated_pdf = bullets(pdf_lines(slides_pdf(doc, tmp_path, serif_template), page))
    assert len(plain_pdf) >= 5
    assert templated_pdf != plain_pdf  # the paragraph breaks differently in the wider font

    assert bullets(shown) == plain_pdf
    assert painted.families() == {"Liberation Sans"}

    window.ctrl.set_template(serif_template)
    assert window.slide_preview.busy()  # choosing a template refreshes the preview
    assert bullets(preview_lines(window, painted)) == templated_pdf
    assert painted.families() == {SERIF.family}
    assert window.slide_preview.pages[0].background.upper() == "FBFAF7"  # the template's colours

    window.ctrl.set_template(None)  # back to the briefing's own look
    assert bullets(preview_lines(window, painted)) == plain_pdf
    assert painted.families() == {"Liberation Sans"}


def test_slides_painted_in_the_background_use_the_template_font(window, serif_template,
                                                               monkeypatch, qtbot):
    """The preview worker thread measures and paints under the template's main font too."""
    from ui import background

    select(window, "bluf")
    window.slide_preview.refresh_now()
    painted = Painted(monkeypatch, worker=True)
    window.ctrl.set_template(serif_template)
    before = window.slide_preview.painted_count
    qtbot.waitUntil(lambda: window.slide_preview.painted_count > before, timeout=30000)
    background.run(lambda: None)
    assert painted.families() == {SERIF.family}


def test_choosing_a_template_in_the_export_options_restyles_the_previews(
        window, dialogs, serif_template, monkeypatch, qtbot, tmp_path):
    painted = Painted(monkeypatch, worker=True)
    select(window, "bluf")
    dialogs.export_options = ExportOptions(template=serif_template)
    dialogs.save_path = tmp_path / "brief.pptx"
    window.act_export["pptx"].trigger()
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert window.ctrl.template == serif_template
    qtbot.waitUntil(lambda: painted.last_family() == SERIF.family, timeout=30000)
    # every export of the window is in that look, not the deck alone
    dialogs.save_path = out = tmp_path / "brief.pdf"
    window.act_export["pdf"].trigger()
    qtbot.waitUntil(lambda: not window.export_runner.running, timeout=60000)
    assert window.last_job.template == serif_template and out.is_file()


def test_a_template_that_cannot_be_read_leaves_the_default_look_and_says_why(
        window, monkeypatch, tmp_path):
    from briefing.errors import ExportError
    from briefing.export.look import export_look

    painted = Painted(monkeypatch)
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ExportError) as refused:
        export_look(broken)
    select(window, "bluf")
    window.ctrl.set_template(broken)
    window.slide_preview.refresh_now()
    assert painted.families() == {"Liberation Sans"}
    shown = window.slide_preview.problems.text()
    assert str(refused.value) in shown and "broken.pptx" in shown
    assert not window.slide_preview.problems.isHidden()


# -- the chart and map previews and Print Handout -------------------------------------------------------------

def test_the_chart_preview_draws_its_labels_in_the_template_font(window, serif_template):
    from reportlab.graphics.shapes import String

    editor = select(window, "casualties")
    window.ctrl.set_template(serif_template)
    editor.preview.render_now()

    def faces(node) -> set[str]:
        if isinstance(node, String):
            return {node.fontName}
        return set().union(*(faces(c) for c in getattr(node, "contents", ())))

    assert SERIF.faces.regular in faces(editor.preview.drawing)
    assert faces(editor.preview.drawing) <= set(SERIF.faces.faces)
    window.ctrl.set_template(None)
    editor.preview.render_now()
    assert faces(editor.preview.drawing) <= set(LIBERATION.faces)


def test_print_handout_lays_out_and_paints_in_the_template_font(window, serif_template,
                                                                  monkeypatch, tmp_path):
    from ui.look import look_of
    from ui.print_handout import pdf_printer, print_handout

    painted = Painted(monkeypatch)
    look = look_of(serif_template)
    assert look.faces == SERIF.faces
    sheets = print_handout(window.ctrl.doc, pdf_printer(tmp_path / "printed.pdf"), per_page=6,
                           look=look)
    assert sheets >= 1
    assert painted.families() == {SERIF.family}


def test_the_map_preview_labels_its_places_in_the_template_font(qtbot, monkeypatch,
                                                                serif_template):
    from briefing import load_file
    from briefing.resources import example_path
    from ui.editors.places import map_image
    from ui.look import DEFAULT, look_of

    painted = Painted(monkeypatch)
    doc = load_file(example_path())
    section = next(s for s in doc.sections if s.kind == "map")
    assert map_image(doc, section, look_of(serif_template)) is not None
    assert painted.families() == {SERIF.family}
    painted.clear()
    map_image(doc, section, DEFAULT)
    assert painted.families() == {"Liberation Sans"}


def test_the_slide_previews_title_is_painted_in_the_templates_heading_font(
        window, monkeypatch, tmp_path_factory):
    """A template pairing a serif heading font with a sans body font: the preview paints the
    slide's title in the one and its bullets in the other, as the slides PDF draws them."""
    from test_template_heading_font import BODY, HEAD

    if HEAD is None or BODY is None:
        pytest.skip("no installed serif and sans pair (fc-list : family)")
    from PySide6.QtGui import QFontInfo

    template = with_fonts(tmp_path_factory.mktemp("pair"), HEAD.family, BODY.family)
    painted = Painted(monkeypatch)
    select(window, "bluf")
    window.ctrl.set_template(template)
    preview_lines(window, painted)
    title = window.slide_preview.pages[0].title
    families = {piece: QFontInfo(qfont).family() for _b, _x, piece, qfont in painted.calls}
    assert families[title] == HEAD.family
    bullet = next(piece for piece in families if "IRGC" in piece)
    assert families[bullet] == BODY.family
    window.ctrl.set_template(None)
