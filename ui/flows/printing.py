"""Printing: File ▸ Print Handout for the chosen audience."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from .. import export_options
from ..settings import settings


class PrintFlow:
    """Print Handout (mixed into `MainWindow`)."""

    def print_handout(self) -> None:
        from ..print_handout import print_with_dialog

        try:
            per_page = export_options.load_options(settings()).per_page
            if print_with_dialog(self, self.ctrl.audience_view(), self.ctrl.base_dir, per_page):
                audience = self.ctrl.audience
                self.statusBar().showMessage(
                    "Handout sent to the printer" + (f" ({audience} export)" if audience else ""),
                    5000)
        except OSError as exc:
            QMessageBox.warning(self, "Not printed", str(exc))
