"""Print Handout: the deck's slides, several to a sheet, through Qt's print dialog.

The slides come from the same layout step as every export and are painted by
`ui.slide_painter`, so the printout matches the handout PDF's content. Printing to a PDF
printer (QPrinter.OutputFormat.PdfFormat) works without any dialog, which is what tests use.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QInputDialog, QWidget

from briefing.format.themes import load_theme
from briefing.layout import SLIDE_HEIGHT, SLIDE_WIDTH, layout_document
from briefing.model import document as m

from .slide_painter import font_family, paint_page

PER_PAGE_CHOICES = (1, 2, 3, 4, 6)
_GRID = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3)}


def print_handout(doc: m.Document, printer: QPrinter, *, per_page: int = 6,
                  base_dir: Path | None = None) -> int:
    """Print the handout on `printer`; returns the number of sheets."""
    if per_page not in PER_PAGE_CHOICES:
        raise ValueError(f"{per_page} slides per page: choose one of {PER_PAGE_CHOICES}")
    try:
        theme = load_theme(doc.theme)
    except KeyError:
        theme = load_theme(None)
    deck = layout_document(doc, theme, base_dir=base_dir)
    sheets = [deck.pages[i:i + per_page] for i in range(0, len(deck.pages), per_page)]
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for n, sheet in enumerate(sheets):
            if n:
                printer.newPage()
            _sheet(painter, printer, doc, sheet, per_page, n + 1, len(sheets), theme)
    finally:
        painter.end()
    return len(sheets)


def _sheet(painter: QPainter, printer: QPrinter, doc: m.Document, pages: list, per_page: int,
           number: int, total: int, theme) -> None:
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    dpp = printer.resolution() / 72.0  # device pixels per point
    painter.save()
    painter.scale(dpp, dpp)
    width, height = area.width() / dpp, area.height() / dpp

    font = QFont(font_family())
    font.setPixelSize(9)  # the painter works in points here, so pixels are points
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    header = doc.title + (f" — {doc.classification}" if doc.classification else "")
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextSingleLine)
    painter.drawText(QRectF(0, 0, width, 14), flags, header)
    painter.drawText(QRectF(0, height - 14, width, 14), flags,
                     f"Handout, page {number} of {total}")
    cols, rows = _GRID[per_page]
    top, bottom, gap = 24.0, height - 22.0, 14.0
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


def print_with_dialog(parent: QWidget, doc: m.Document, base_dir: Path | None,
                      per_page: int = 6) -> bool:
    """Ask how many slides per page, show the print dialog, print. False if cancelled.

    `doc` is what the chosen audience may see (the window passes the filtered copy)."""
    start = PER_PAGE_CHOICES.index(per_page) if per_page in PER_PAGE_CHOICES else 4
    choice, ok = QInputDialog.getItem(parent, "Print Handout", "Slides per page:",
                                      [str(n) for n in PER_PAGE_CHOICES], start, False)
    if not ok:
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Handout")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_handout(doc, printer, per_page=int(choice), base_dir=base_dir)
    return True
