"""Help: the documentation, About, and opening files with the desktop's application."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from briefing import __version__
from briefing.resources import docs_dir

from .. import autosave
from ..settings import APP_NAME


class HelpFlow:
    """Help menu and opening files outside the application (mixed into `MainWindow`)."""

    def open_externally(self, path: Path, what: str = "file") -> bool:
        """Open `path` with the desktop's application for it. When none could (no xdg-open,
        no viewer for the type), say so with the path, so the user can open it by hand."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.statusBar().showMessage(f"Opened {path}", 5000)
            return True
        self.statusBar().showMessage(f"Nothing could open {path}", 15000)
        QMessageBox.information(
            self, f"Cannot open the {what}",
            f"No application on this computer could open the {what}:\n\n{path}\n\n"
            "Open it from your file manager, or install a desktop opener "
            "(on Linux, xdg-utils).")
        return False

    # -- help --------------------------------------------------------------------------------------
    def open_format_docs(self) -> None:
        self._open_doc("format.md")

    def open_gui_docs(self) -> None:
        self._open_doc("gui.md")

    def _open_doc(self, name: str) -> None:
        path = docs_dir() / name
        if not path.is_file():
            QMessageBox.information(self, "Documentation missing",
                                    f"{name} is not installed with this copy of {APP_NAME}.")
            return
        self.open_externally(path, "documentation")

    def about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Assemble crisis briefings from structured YAML and export PowerPoint decks, "
            "PDF slides and handouts.</p>"
            "<p>Edits are autosaved every 30 seconds to "
            f"<code>{autosave.data_dir()}</code>; after a crash the next start offers to "
            "recover them.</p>")
