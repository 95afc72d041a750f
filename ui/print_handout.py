"""Print Handout: the deck's slides, several to a sheet, through Qt's print dialog.

The slides come from the same layout step as every export and are painted by
`ui.slide_painter`, in the export template's look (`ui.look`: its colours and main font), so
the printout matches the handout PDF's content and line breaks; each sheet carries the
exported handout's marking banner top and bottom, decided by the same rule
(`pdf_common.Furniture.banner` of `pdf_slides.sheet_marking`), so a printed sheet is handled
exactly like the PDF for the same audience. The print form says which audience and which
banners; Preview opens Qt's print preview. Printing to a PDF printer
(QPrinter.OutputFormat.PdfFormat) works without any dialog, which is what tests use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from briefing.layout import SLIDE_HEIGHT, SLIDE_WIDTH, Deck, layout_document
from briefing.model import document as m
from briefing.render.pdf.common import Furniture
from briefing.render.pdf.slides import sheet_marking

from .drawing_painter import register_faces
from .look import DEFAULT, Look
from .slide_painter import font_family, paint_page

PER_PAGE_CHOICES = (1, 2, 3, 4, 6)
_GRID = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3)}
BANNER_PT = 16.0  # as the PDFs' banner (pdf_common.BANNER_HEIGHT)


@dataclass(frozen=True)
class Sheets:
    """The handout's sheets and, for each, the banner the exported handout prints on it."""

    deck: Deck
    pages: list[list]
    banners: list[str | None]

    @property
    def distinct_banners(self) -> list[str]:
        return list(dict.fromkeys(b for b in self.banners if b))


def handout_sheets(doc: m.Document, per_page: int, base_dir: Path | None = None,
                   deck: Deck | None = None, look: Look = DEFAULT) -> Sheets:
    """Lay `doc` out as the handout export does, in the export template's `look` (unless
    `deck` is that layout already), and group its slides into sheets."""
    if per_page not in PER_PAGE_CHOICES:
        raise ValueError(f"{per_page} slides per page: choose one of {PER_PAGE_CHOICES}")
    if deck is None:
        with look.drawn():
            deck = layout_document(doc, look.theme, base_dir=base_dir)
    pages = [deck.pages[i:i + per_page] for i in range(0, len(deck.pages), per_page)] or [[]]
    furniture = Furniture.for_document(doc, deck.theme)
    return Sheets(deck, pages, [furniture.banner(sheet_marking(doc, p)) for p in pages])


def print_handout(doc: m.Document, printer: QPrinter, *, per_page: int = 6,
                  base_dir: Path | None = None, deck: Deck | None = None,
                  progress: Callable[[int, int], bool] | None = None,
                  look: Look = DEFAULT) -> int:
    """Print the handout on `printer` (`deck`: `doc` laid out already, in `look`); returns the
    number of sheets. `progress(done, total)` is called before each sheet; False cancels: the
    print job is aborted (nothing half printed is kept) and 0 is returned.

    The export template's `look` is the printout's: the slides are measured and painted in its
    main font (its faces registered with Qt: `ui.drawing_painter.register_faces`)."""
    with look.drawn():
        return _print(doc, printer, per_page, base_dir, deck, progress, look)


def _print(doc: m.Document, printer: QPrinter, per_page: int, base_dir: Path | None,
           deck: Deck | None, progress: Callable[[int, int], bool] | None, look: Look) -> int:
    if look.face_names:
        register_faces(look.face_names)
    sheets = handout_sheets(doc, per_page, base_dir, deck, look)
    total = len(sheets.pages)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for n, (pages, banner) in enumerate(zip(sheets.pages, sheets.banners, strict=True)):
            if progress is not None and not progress(n, total):
                printer.abort()
                return 0
            if n:
                printer.newPage()
            _sheet(painter, printer, doc, sheets.deck, pages, banner, per_page, n + 1, total)
        if progress is not None:
            progress(total, total)
    finally:
        painter.end()
    return total


def laid_out(doc: m.Document, base_dir: Path | None, look: Look = DEFAULT) -> Deck:
    """The handout's deck in the export template's `look`, laid out in the layout worker
    while the window repaints (a 500-section briefing takes seconds); here if the worker was
    killed."""
    from concurrent.futures.process import BrokenProcessPool

    from . import background, snapshot
    from .preview_layout import whole_deck

    try:
        return background.wait_responsive(background.submit_to(
            background.LAYOUT, whole_deck, snapshot.take(doc), base_dir, look.template))
    except BrokenProcessPool:
        with look.drawn():
            return layout_document(doc, look.theme, base_dir=base_dir)


class SheetProgress:
    """A progress dialog for printing many sheets, with Cancel; shown only when printing
    takes more than half a second (a short handout prints without a flash)."""

    def __init__(self, parent: QWidget | None) -> None:
        self.dialog = QProgressDialog("Printing the handout…", "Cancel", 0, 1, parent)
        self.dialog.setWindowTitle("Print Handout")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(500)
        self.dialog.setAutoReset(False)
        self.cancelled = False

    def __call__(self, done: int, total: int) -> bool:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setLabelText(f"Printing sheet {min(done + 1, total)} of {total}…")
        self.dialog.setValue(done)  # a modal progress dialog lets the window repaint here
        self.cancelled = self.cancelled or self.dialog.wasCanceled()
        if done >= total:
            self.dialog.close()
        return not self.cancelled


def _sheet(painter: QPainter, printer: QPrinter, doc: m.Document, deck: Deck, pages: list,
           banner: str | None, per_page: int, number: int, total: int) -> None:
    theme = deck.theme
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    dpp = printer.resolution() / 72.0  # device pixels per point
    painter.save()
    painter.scale(dpp, dpp)
    width, height = area.width() / dpp, area.height() / dpp

    font = QFont(font_family())
    font.setPixelSize(9)  # the painter works in points here, so pixels are points
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextSingleLine)
    band = BANNER_PT if banner else 0.0
    if banner:
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        for y in (0.0, height - BANNER_PT):
            rect = QRectF(0, y, width, BANNER_PT)
            painter.fillRect(rect, QColor("#" + theme.banner.lstrip("#")))
            painter.setPen(QColor("#" + theme.banner_text.lstrip("#")))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter
                                       | Qt.TextFlag.TextSingleLine), banner)
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    painter.drawText(QRectF(0, band + 2, width, 14), flags, doc.title)
    painter.drawText(QRectF(0, height - band - 16, width, 14), flags,
                     f"Handout, page {number} of {total}")
    cols, rows = _GRID[per_page]
    top, bottom, gap = band + 24.0, height - band - 22.0, 14.0
    cell_w = (width - (cols - 1) * gap) / cols
    cell_h = (bottom - top - (rows - 1) * gap) / rows
    aspect = SLIDE_HEIGHT / SLIDE_WIDTH
    slide_w = min(cell_w * (0.55 if per_page == 3 else 1.0), cell_h / aspect)
    slide_h = slide_w * aspect
    for i, page in enumerate(pages):
        r, c = divmod(i, cols)
        x = c * (cell_w + gap)
        y = top + r * (cell_h + gap)
        painter.save()
        painter.translate(x, y)
        paint_page(painter, page, theme, slide_w, slide_h)
        painter.restore()
        painter.setPen(QPen(QColor("#999999"), 0.5))
        painter.drawRect(QRectF(x, y, slide_w, slide_h))
        if per_page == 3:  # lines for notes beside each slide
            lx = x + slide_w + gap
            for k in range(1, 8):
                ly = y + k * slide_h / 8
                painter.drawLine(lx, ly, width, ly)
    painter.restore()


def pdf_printer(path: Path, paper: str = "a4") -> QPrinter:
    """A printer that writes a PDF file (also how tests print)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    size = QPageSize(QPageSize.PageSizeId.Letter if paper == "letter" else QPageSize.PageSizeId.A4)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                      QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    return printer


def printed_where(printer: QPrinter) -> str:
    """Where a finished print went, for the status bar: a file's path or the printer's name."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return f"to {printer.outputFileName()}"
    return f"to the printer {printer.printerName()}" if printer.printerName() else \
        "to the printer"


class PrintForm(QDialog):
    """Slides per sheet, and what the sheets will say: the audience and the banners."""

    PREVIEW = 2  # done() code of the Preview button

    def __init__(self, parent: QWidget | None, doc: m.Document, base_dir: Path | None,
                 per_page: int, audience_line: str, look: Look = DEFAULT):
        super().__init__(parent)
        self.doc, self.base_dir, self.look = doc, base_dir, look
        self.deck = laid_out(doc, base_dir, look)  # once: the choice only regroups
        self.setWindowTitle("Print Handout")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.per_page_combo = QComboBox()
        self.per_page_combo.setAccessibleName("Slides per sheet")
        for n in PER_PAGE_CHOICES:
            self.per_page_combo.addItem(str(n) + (" (with lines for notes)" if n == 3 else ""), n)
        self.per_page_combo.setCurrentIndex(
            PER_PAGE_CHOICES.index(per_page) if per_page in PER_PAGE_CHOICES else 4)
        self.per_page_combo.currentIndexChanged.connect(self._refresh)
        form.addRow("&Slides per sheet:", self.per_page_combo)
        self.audience_label = QLabel(audience_line)
        self.audience_label.setWordWrap(True)
        form.addRow("For:", self.audience_label)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setAccessibleName("Marking banners")
        form.addRow("Banners:", self.banner_label)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button = buttons.addButton("Pre&view…",
                                                QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(lambda: self.done(self.PREVIEW))
        layout.addWidget(buttons)
        self._refresh()

    @property
    def per_page(self) -> int:
        return int(self.per_page_combo.currentData())

    def _refresh(self) -> None:
        banners = handout_sheets(self.doc, self.per_page, deck=self.deck).distinct_banners
        self.banner_label.setText(
            ", ".join(f"“{b}”" for b in banners) + " (top and bottom of each sheet, as in "
            "the exported handout)" if banners else "none (the briefing has no classification "
            "or markings)")


def print_with_dialog(parent: QWidget, doc: m.Document, base_dir: Path | None,
                      per_page: int = 6, audience_line: str = "All content",
                      look: Look = DEFAULT) -> str | None:
    """The print form, then the print preview or the print dialog; where the handout went
    ("to /path/handout.pdf", "to the printer X"), or None if cancelled.

    `doc` is what the chosen audience may see (the window passes the filtered copy), `look`
    the export template's (the window's `ctrl.look`)."""
    form = PrintForm(parent, doc, base_dir, per_page, audience_line, look)
    choice = form.exec()
    if choice == QDialog.DialogCode.Rejected:
        return None
    per_page, deck = form.per_page, form.deck
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if choice == PrintForm.PREVIEW:
        preview = QPrintPreviewDialog(printer, parent)
        preview.setWindowTitle("Print Handout — preview")
        preview.paintRequested.connect(
            lambda p: print_handout(doc, p, per_page=per_page, deck=deck,
                                    progress=SheetProgress(preview), look=look))
        if preview.exec() != QDialog.DialogCode.Accepted:
            return None
        return printed_where(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Handout")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    progress = SheetProgress(parent)
    print_handout(doc, printer, per_page=per_page, deck=deck, progress=progress, look=look)
    if progress.cancelled:
        raise PrintCancelled
    return printed_where(printer)


class PrintCancelled(Exception):
    """The user cancelled printing part-way: the print job was aborted."""
