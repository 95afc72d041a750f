"""Printing: File ▸ Print Handout for the chosen audience."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from .. import export_options
from ..settings import settings


class PrintFlow:
    """Print Handout (mixed into `MainWindow`)."""

    def print_handout(self) -> None:
        """Print what the chosen audience may see, with the exported handout's banners; the
        status bar says where it went (a file's path, or the printer)."""
        from ..print_handout import PrintCancelled, print_with_dialog

        audience = self.ctrl.audience
        line = (export_options.audience_text(self.ctrl.doc.markings, audience)
                or "All content (the briefing declares no markings)")
        try:
            per_page = export_options.load_options(settings()).per_page
            where = print_with_dialog(self, self.ctrl.audience_view(), self.ctrl.base_dir,
                                      per_page, audience_line=line, look=self.ctrl.look)
        except OSError as exc:
            QMessageBox.warning(self, "Not printed", str(exc))
            return
        except PrintCancelled:
            self.statusBar().showMessage("Printing cancelled: the print job was withdrawn", 10000)
            return
        if where:
            self.statusBar().showMessage(
                f"Handout printed {where}" + (f" (the {audience} export)" if audience else ""),
                15000)
