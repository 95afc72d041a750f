"""The slide preview: the selected section's slides exactly as they will be exported.

It runs the same layout step as the exporters (`briefing.layout.layout_document`) and paints the
pages with `ui.slide_painter`, so continuation slides appear here before anyone exports. The
layout waits until editing pauses (~250 ms) and runs in the background, laying out again only
the sections that changed (`ui.preview_layout`): the window only paints the slides shown. With
an export template chosen, the slides are laid out and painted in its look (`ui.look`: its
colours and main font), as every export draws them.
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing.model import document as m
from briefing.text.faces import using_main

from . import background
from .controller import DocumentController
from .preview_layout import PreviewRequest, PreviewResult, lay_out


class _ChartDone(QObject):
    done = Signal(str)


class _LaidOut(QObject):
    done = Signal(int, object)  # (request number, its future)


class _PageDrawn(QObject):
    done = Signal(int, int, object)  # (slides shown, their number, the slide's QImage)


def _result(future) -> PreviewResult:
    """A layout's result; a failure of the worker itself becomes a message, not a traceback."""
    try:
        return future.result()
    except Exception as exc:
        return PreviewResult([], "", None, problems=[f"The slides cannot be laid out: {exc}"])


class SlidePreview(QWidget):
    DELAY_MS = 250

    def __init__(self, ctrl: DocumentController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl = ctrl
        self.section: m.Section | None = None
        self.pages: list = []  # the layout pages last shown (tests read them)
        self.excluded = False  # the selected section is not in the chosen audience's export
        self.render_count = 0
        self.setAccessibleName("Slide preview")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        top.addWidget(self.caption, 1)
        self.all_box = QCheckBox("All slides")
        self.all_box.setToolTip("Show the whole deck instead of the selected section's slides")
        self.all_box.toggled.connect(self.start_layout)
        top.addWidget(self.all_box)
        outer.addLayout(top)
        self.audience_note = QLabel()
        self.audience_note.setWordWrap(True)
        self.audience_note.setAccessibleName("Audience of the preview")
        self.audience_note.setStyleSheet("background: #e6f0e6; color: #1b5e20; "
                                         "padding: 3px 6px; border-radius: 3px")
        self.audience_note.hide()
        outer.addWidget(self.audience_note)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.holder = QWidget()
        self.holder.setStyleSheet("background: #d9dde3")
        self.pages_layout = QVBoxLayout(self.holder)
        self.pages_layout.setSpacing(10)
        self.pages_layout.addStretch(1)
        self.scroll.setWidget(self.holder)
        outer.addWidget(self.scroll, 1)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #9a4a00")
        self.problems.hide()
        outer.addWidget(self.problems)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.start_layout)
        ctrl.documentEdited.connect(self.schedule)
        ctrl.documentReplaced.connect(self.schedule)
        ctrl.audienceChanged.connect(self.schedule)
        ctrl.lookChanged.connect(self.schedule)
        self._width = 0
        self.chart_done = _ChartDone(self)
        self.chart_done.done.connect(self._chart_drawn)
        self._pending: set[str] = set()
        self.wait_for_charts = False  # True: draw charts at once (screenshots, tests)
        self._shown: list[tuple[QLabel, object]] = []  # the slide images shown, and their pages
        self._shown_theme = None
        self._shown_faces = (None, None)  # the main and title fonts the slides shown were measured in
        self._shown_width = 0
        self.chart_repaints = 0
        self._job = None  # the layout running in the background, if any
        self._again = False  # asked for again while it ran
        self._generation = 0  # the latest request; older results are not shown
        self.laid_out = _LaidOut(self)
        self.laid_out.done.connect(self._laid_out_slot)
        self._shown_set = 0  # slides put on screen so far; older paintings are not shown
        self._current_set = [0]  # the same, read by the painting worker; -1: closed
        self.destroyed.connect(lambda *_a, c=self._current_set: c.__setitem__(0, -1))
        self.painted_count = 0  # slide images painted in the background and shown
        self.last_laid_out: list[str] = []  # sections the last layout did not take from cache
        self.page_drawn = _PageDrawn(self)
        self.page_drawn.done.connect(self._page_drawn)

    def _charts(self, frame, theme):
        """A slide chart's drawing from the cache; a missing one is built in the background."""
        from .slide_painter import cached_chart_picture, chart_key, chart_picture

        if self.wait_for_charts:
            if threading.current_thread() is not threading.main_thread():
                return chart_picture(frame, theme)  # painting on the worker already
            return background.run(chart_picture, frame, theme)
        drawing = cached_chart_picture(frame, theme)
        if drawing is None:
            key = chart_key(frame, theme)
            if key not in self._pending:
                self._pending.add(key)
                signals = self.chart_done

                def job() -> None:
                    chart_picture(frame, theme)
                    background.emit_safely(lambda: signals.done, key)

                background.submit(job)
        return drawing

    def _chart_drawn(self, key: str) -> None:
        """A slide's chart is ready: repaint the slides shown, without laying the document out
        again (that is the slow part, and it ran in the GUI thread, during an export too)."""
        self._pending.discard(key)
        if self.busy():  # a full refresh is on its way anyway
            return
        from briefing.layout import ChartFrame

        from .slide_painter import render_page

        with using_main(*self._shown_faces):
            for label, page in self._shown:
                if any(isinstance(el, ChartFrame) for el in page.elements):
                    try:
                        label.setPixmap(QPixmap.fromImage(render_page(
                            page, self._shown_theme, self._shown_width, self._charts,
                            self.devicePixelRatioF())))
                    except RuntimeError:  # the label is gone: a refresh replaced it
                        return
        self.chart_repaints += 1

    def show_section(self, section: m.Section | None) -> None:
        self.section = section
        self.schedule()

    def schedule(self) -> None:
        self.timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if abs(self.width() - self._width) > 8:
            self._width = self.width()
            self.schedule()

    def busy(self) -> bool:
        """True while a layout waits for editing to pause or runs in the background."""
        return self.timer.isActive() or self._job is not None

    def _request(self) -> PreviewRequest:
        """What to lay out, as the document is now (a snapshot: the worker gets its own copy),
        in the export template's look (its fonts registered with Qt here, in the GUI thread,
        before a worker paints in them)."""
        row = self.ctrl.index_of(self.section) if self.section is not None else -1
        look = self.ctrl.look
        return PreviewRequest(self.ctrl.snapshot(), row if row >= 0 else None,
                              self.ctrl.audience, self.ctrl.base_dir, self.all_box.isChecked(),
                              look.template)

    def start_layout(self) -> None:
        """Lay out in the background and show the slides when they come (the timer's slot).

        A request made while one runs waits for it, then runs with the document as it is then;
        only the sections an edit changed are laid out again (`ui.preview_layout`)."""
        self.timer.stop()
        if self._job is not None:
            self._again = True
            return
        self._again = False
        self._generation += 1
        generation, signals = self._generation, self.laid_out
        job = background.submit_to(background.LAYOUT, lay_out, self._request())
        self._job = job
        job.add_done_callback(
            lambda f: background.emit_safely(lambda: signals.done, generation, f))

    def _laid_out_slot(self, generation: int, future) -> None:
        if future is self._job:
            self._job = None
        if generation == self._generation and not self._again:
            self._show(_result(future), paint_now=False)
        if self._again and self._job is None:
            self.start_layout()

    def refresh_now(self) -> None:
        """Lay out and show at once, waiting for the layout (screenshots, tests), from a whole
        new snapshot: what changed without an edit command is shown too."""
        self.timer.stop()
        self.ctrl.snapshots.clear()
        self._generation += 1  # a layout running now is not shown
        self._again = False
        if self._job is not None:
            _result(self._job)
            self._job = None  # done: its queued result is not shown (older generation)
        request = self._request()
        self._show(_result(background.submit_to(background.LAYOUT, lay_out, request)),
                   paint_now=True)

    def _show(self, result: PreviewResult, paint_now: bool) -> None:
        """Put the laid-out slides on screen: the slide images are painted by the preview
        worker (a slide of a long table took up to 100 ms in the GUI thread) and shown as they
        come, or at once with `paint_now` (screenshots, tests)."""
        from .slide_painter import render_page

        doc, audience = self.ctrl.doc, self.ctrl.audience
        pages, note, theme = result.pages, result.note, result.theme
        problems = result.problems
        self.excluded = result.excluded
        self.last_laid_out = result.laid_out
        if audience is not None and doc.markings:
            from .export_options import audience_text

            self.audience_note.setText(f"Previewing the {audience} export — "
                                       + audience_text(doc.markings, audience).split(": ", 1)[-1])
            self.audience_note.show()
        else:
            self.audience_note.hide()
        self.pages = pages
        self.caption.setText(note)
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        while self.pages_layout.count() > 1:
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().hide()  # at once: deleteLater would leave it painted a moment
                item.widget().deleteLater()
        width = max(self.scroll.viewport().width() - 24, 240)
        self._shown, self._shown_theme, self._shown_width = [], theme, width
        self._shown_faces = (result.faces, result.heading)
        self._shown_set += 1
        self._current_set[0] = self._shown_set
        ratio = self.devicePixelRatioF()
        if self.excluded:
            gone = QLabel(f"Not in the {audience} export")
            gone.setAlignment(Qt.AlignmentFlag.AlignCenter)
            gone.setMinimumHeight(int(width * 9 / 16))
            gone.setAccessibleName(note)
            gone.setToolTip(note)
            gone.setStyleSheet("background: #f4f4f4; color: #777; border: 2px dashed #aaa; "
                               "font-size: 15px")
            self.pages_layout.insertWidget(self.pages_layout.count() - 1, gone)
        for page in pages:
            label = QLabel()
            if paint_now:
                with using_main(result.faces, result.heading):
                    label.setPixmap(QPixmap.fromImage(render_page(page, theme, width,
                                                                  self._charts, ratio)))
            else:
                label.setPixmap(_blank(width, ratio))
            label.setAccessibleName(f"Slide {page.number}: {page.title}")
            label.setToolTip(f"Slide {page.number}: {page.title}"
                             + (" (continued)" if getattr(page, "continued", False) else ""))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._shown.append((label, page))
            tag = QLabel(f"Slide {page.number}" + (" — continued" if page.continued else ""))
            tag.setStyleSheet("color: #333; background: transparent")
            self.pages_layout.insertWidget(self.pages_layout.count() - 1, tag)
            self.pages_layout.insertWidget(self.pages_layout.count() - 1, label)
            if page.notes.strip():
                notes = QLabel(f"<i>Speaker notes:</i> {html.escape(page.notes.strip())}")
                notes.setWordWrap(True)
                notes.setStyleSheet("color: #444; background: transparent")
                self.pages_layout.insertWidget(self.pages_layout.count() - 1, notes)
        self.render_count += 1
        if not paint_now and pages:
            with using_main(result.faces, result.heading):  # the painting job: a copy of this context
                self._paint_in_background(pages, theme, width, ratio)

    def _paint_in_background(self, pages: list, theme, width: int, ratio: float) -> None:
        from .slide_painter import render_page

        shown, signals, charts = self._shown_set, self.page_drawn, self._charts
        current = self._current_set

        def job() -> None:
            for k, page in enumerate(pages):
                if current[0] != shown:
                    return  # replaced (or the preview closed): paint nothing more for it
                image = render_page(page, theme, width, charts, ratio)
                background.emit_safely(lambda: signals.done, shown, k, image)

        background.submit(job)

    def _page_drawn(self, shown: int, k: int, image) -> None:
        if shown != self._shown_set or k >= len(self._shown):
            return  # slides shown since replaced them
        try:
            self._shown[k][0].setPixmap(QPixmap.fromImage(image))
        except RuntimeError:  # the label is gone
            return
        self.painted_count += 1




def _blank(width: int, ratio: float) -> QPixmap:
    """A slide-sized light placeholder, shown until the slide's image is painted."""
    from briefing.layout import SLIDE_HEIGHT, SLIDE_WIDTH

    ratio = max(float(ratio), 1.0)  # as `render_page` sizes its image
    height = max(1, round(width * SLIDE_HEIGHT / SLIDE_WIDTH))
    pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor("#eef0f3"))
    return pixmap
