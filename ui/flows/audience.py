"""Audience: the toolbar selector and View ▸ Audience, for whom previews and exports are."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup

from .. import export_options


class AudienceFlow:
    """The chosen audience (mixed into `MainWindow`)."""

    def set_audience(self, level: str | None) -> None:
        """Preview and export for `level` (None: all content). Nothing is written."""
        self.ctrl.set_audience(level)
        levels = self.ctrl.doc.markings
        if levels:
            self.statusBar().showMessage(
                "Previewing and exporting " + export_options.audience_text(levels, level), 8000)

    def _refresh_audience(self) -> None:
        levels = self.ctrl.doc.markings
        combo = self.audience_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("All content", None)
        combo.setItemData(0, "Everything in the briefing, whatever its marking",
                          Qt.ItemDataRole.ToolTipRole)
        for level in levels:
            combo.addItem(level, level)
            combo.setItemData(combo.count() - 1, export_options.audience_text(levels, level),
                              Qt.ItemDataRole.ToolTipRole)
        audience = self.ctrl.audience
        combo.setCurrentIndex(combo.findData(audience) if audience else 0)
        combo.setEnabled(bool(levels))
        combo.setToolTip(
            "Who the preview and the exports are for (Ctrl+6): content marked above the "
            "chosen level is left out (nothing is written until you export)" if levels else
            "This briefing declares no markings (Document properties ▸ Markings), so every "
            "export has all its content")
        combo.blockSignals(False)

    def _fill_audience_menu(self) -> None:
        self.audience_menu.clear()
        levels = self.ctrl.doc.markings
        if not levels:
            self.audience_menu.addAction("(the briefing declares no markings)").setEnabled(False)
            return
        group = QActionGroup(self.audience_menu)
        for i, level in enumerate([None, *levels]):
            text = f"&{i + 1} {level or 'All content'}"
            action = self.audience_menu.addAction(text, lambda lv=level: self.set_audience(lv))
            action.setCheckable(True)
            action.setChecked(level == self.ctrl.audience)
            group.addAction(action)
