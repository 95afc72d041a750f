"""The chart editor's live preview: the drawing the PDFs print, redrawn off the GUI thread.

The preview shows the ReportLab drawing the PDFs print (`briefing.charts.cache.chart_drawing`),
built and painted (`ui.drawing_painter`) in a worker thread ~150 ms after the last edit, so
typing never waits for it; in the export template's colours and main font (`ui.look`).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from briefing.model import document as m

from .. import background
from ..controller import DocumentController
from ..events import ChartChange, SeriesMarked


class _RenderSignals(QObject):
    done = Signal(int, object, object)  # generation, QImage | None, Drawing | error text


PT_PER_PX = 0.72  # the preview lays the chart out as if printed at 100 dpi


def render_chart(chart: m.Chart, theme, width: int, height: int, ratio: float = 1.0):
    """The chart as the PDFs draw it (`briefing.charts.cache.chart_drawing` of the chart as the
    layout shapes it: a pie of many categories grouped as in every export), rasterised for a
    `width` x `height` pixel label on a screen with `ratio` device pixels per pixel:
    (QImage, Drawing)."""
    from briefing.charts.cache import chart_drawing
    from briefing.layout.chart_rules import chart_as_drawn

    from ..drawing_painter import drawing_image

    drawing = chart_drawing(chart_as_drawn(chart)[0], theme, width * PT_PER_PX,
                            height * PT_PER_PX)
    return drawing_image(drawing, width, height, ratio), drawing


class ChartPreview(QWidget):
    """The chart as it will be drawn, redrawn shortly after the last edit.

    The drawing is built and rasterised in a worker thread and shown as an image, so the window
    never waits for it, whatever the chart renderer costs. Results of superseded edits are
    dropped.
    """

    DELAY_MS = 150

    def __init__(self, ctrl: DocumentController, section: m.Section,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctrl, self.section = ctrl, section
        self.render_count = 0
        self.drawing = None  # the ReportLab Drawing last shown (tests read its labels)
        self.setAccessibleName("Chart preview")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #8a5a00")
        self.status.hide()
        layout.addWidget(self.status)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setAccessibleName("Chart preview image")
        layout.addWidget(self.image_label, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DELAY_MS)
        self.timer.timeout.connect(self.start_render)
        self.signals = _RenderSignals(self)
        self.signals.done.connect(self._rendered)
        self._generation = 0
        self._busy = False
        self._again = False
        ctrl.chartEdited.connect(self._chart_edited)
        ctrl.propertiesChanged.connect(self.schedule)  # the theme may have changed
        ctrl.lookChanged.connect(self.schedule)  # so may the export template's look
        self.schedule()

    def _chart_edited(self, section: m.Section, change: ChartChange) -> None:
        if section is self.section and not isinstance(change, SeriesMarked):
            self.schedule()  # a marking does not change the drawing

    def schedule(self) -> None:
        self.timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.schedule()

    def _job_args(self):
        """The chart, the theme and size to draw it in, and the export template's look (its
        fonts registered with Qt here, in the GUI thread, before the worker paints text)."""
        from ..drawing_painter import register_fonts

        register_fonts()
        look = self.ctrl.look
        theme = look.theme_for(self.ctrl.doc.theme)
        size = (max(self.image_label.width(), 320), max(self.image_label.height(), 200))
        return copy.deepcopy(self.section.chart), theme, size, self.devicePixelRatioF(), look

    def start_render(self) -> None:
        """Render in the background; one job at a time, the latest edit wins."""
        self.timer.stop()
        if self.section.chart is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._generation += 1
        generation = self._generation
        chart, theme, size, ratio, look = self._job_args()
        signals = self.signals

        def job() -> None:
            try:
                image, drawing = render_chart(chart, theme, *size, ratio)
            except Exception as exc:  # a half-typed chart must never break the editor
                image, drawing = None, f"{type(exc).__name__}: {exc}"
            background.emit_safely(lambda: signals.done, generation, image, drawing)

        with look.drawn():  # the job measures and draws in the export's main font
            background.submit(job)

    def render_now(self) -> None:
        """Render synchronously (screenshots, tests)."""
        self.timer.stop()
        if self.section.chart is None:
            return
        self._generation += 1
        chart, theme, size, ratio, look = self._job_args()
        try:
            with look.drawn():
                image, drawing = background.run(render_chart, chart, theme, *size, ratio)
        except Exception as exc:
            self._show(self._generation, None, f"{type(exc).__name__}: {exc}")
        else:
            self._show(self._generation, image, drawing)

    def _rendered(self, generation: int, image, result) -> None:
        self._busy = False
        self._show(generation, image, result)
        if self._again:
            self._again = False
            self.start_render()

    def _show(self, generation: int, image, result) -> None:
        if generation != self._generation:
            return  # an older edit's picture
        if image is None:
            self.status.setText(f"Preview not available: {result}")
            self.status.show()
            return
        self.status.hide()
        self.drawing = result
        self.image_label.setPixmap(QPixmap.fromImage(image))
        self.render_count += 1


