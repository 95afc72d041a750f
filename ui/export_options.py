"""The few choices an export asks for before the file dialog, remembered between sessions.

Every kind: an optional corporate template (.pptx) whose colours and font every output uses
(the deck its masters too) and the previews show (`ui.look`); the slides PDF, which asks nothing,
takes the one remembered. Handout: slides per page (1, 2, 3 with note lines, 4, 6) and paper
size (A4, Letter). Briefing paper: paper size. Each offers "Include changes since …" with the previous edition
remembered for this file (its `since:` key, else the last one compared with). Every dialog also
says which audience the export is for, because
exporting all content when a lower audience was meant is the mistake that matters.

`ask` is the one entry point the window calls; tests replace it (no real modal dialog).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PER_PAGE_CHOICES = (1, 2, 3, 4, 6)
PER_PAGE_LABELS = {1: "1 — one slide per page", 2: "2", 3: "3 — with lines for notes",
                   4: "4", 6: "6"}
PAPER_SIZES = {"a4": "A4", "letter": "US Letter"}
MAX_TEMPLATES = 5
KINDS_WITH_OPTIONS = ("pptx", "handout", "report")


@dataclass(frozen=True)
class ExportOptions:
    template: Path | None = None  # every output's look; None: the briefing's own theme
    per_page: int = 6  # handout only
    paper_size: str = "a4"  # handout and briefing paper
    recent_templates: tuple[Path, ...] = ()
    #: the previous edition offered ("Include changes since …"): per file, not saved here
    since: Path | None = None
    include_since: bool = False


def load_options(settings: QSettings) -> ExportOptions:
    """The last choices (defaults for a first export); a vanished template is forgotten."""
    def text(key: str, default: str) -> str:
        value = settings.value(key, default)
        return str(value) if value is not None else default

    try:
        per_page = int(text("export/per_page", "6"))
    except ValueError:
        per_page = 6
    paper = text("export/paper_size", "a4").lower()
    template = text("export/template", "")
    recent = settings.value("export/recent_templates", []) or []
    if isinstance(recent, str):
        recent = [recent]
    recent_paths = tuple(Path(p) for p in recent if p and Path(p).is_file())[:MAX_TEMPLATES]
    return ExportOptions(
        template=Path(template) if template and Path(template).is_file() else None,
        per_page=per_page if per_page in PER_PAGE_CHOICES else 6,
        paper_size=paper if paper in PAPER_SIZES else "a4",
        recent_templates=recent_paths)


def save_options(settings: QSettings, options: ExportOptions) -> None:
    settings.setValue("export/per_page", options.per_page)
    settings.setValue("export/paper_size", options.paper_size)
    settings.setValue("export/template", str(options.template) if options.template else "")
    recent = list(options.recent_templates)
    if options.template is not None:
        recent = [options.template] + [p for p in recent if p != options.template]
    settings.setValue("export/recent_templates", [str(p) for p in recent[:MAX_TEMPLATES]])


def audience_text(levels: list[str], audience: str | None) -> str:
    """One line for the dialogs and the status bar: who the export is for."""
    if not levels:
        return ""
    if audience is None:
        return f"All content, including {levels[-1]}"
    if audience == levels[-1]:
        return f"{audience}: all content"
    above = ", ".join(levels[levels.index(audience) + 1:])
    return f"{audience} only: content marked {above} is left out"


class ExportOptionsDialog(QDialog):
    """A small form; Enter exports with the remembered choices."""

    def __init__(self, kind: str, options: ExportOptions, levels: list[str],
                 audience: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self._options = options
        titles = {"pptx": "Export PowerPoint", "handout": "Export Handout",
                  "report": "Export Briefing Paper"}
        self.setWindowTitle(titles.get(kind, "Export"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.template_combo: QComboBox | None = None
        self.per_page_combo: QComboBox | None = None
        self.paper_combo: QComboBox | None = None
        if kind in KINDS_WITH_OPTIONS:
            row = QHBoxLayout()
            self.template_combo = QComboBox()
            self.template_combo.setAccessibleName("PowerPoint template")
            self.template_combo.setToolTip("A corporate .pptx whose fonts and colours every "
                                           "output uses, and the previews show (the deck its "
                                           "slide masters too); or the briefing's own theme")
            self.template_combo.addItem("None — the briefing's own theme", None)
            for path in options.recent_templates:
                self.template_combo.addItem(path.name, str(path))
            self._select_template(options.template)
            row.addWidget(self.template_combo, 1)
            choose = QPushButton("&Choose…")
            choose.setToolTip("Pick a PowerPoint template (.pptx or .potx)")
            choose.clicked.connect(self.choose_template)
            row.addWidget(choose)
            label = QLabel("&Template:")
            label.setBuddy(self.template_combo)
            form.addRow(label, row)
        if kind == "handout":
            self.per_page_combo = QComboBox()
            self.per_page_combo.setAccessibleName("Slides per page")
            for n in PER_PAGE_CHOICES:
                self.per_page_combo.addItem(PER_PAGE_LABELS[n], n)
            self.per_page_combo.setCurrentIndex(PER_PAGE_CHOICES.index(options.per_page))
            label = QLabel("&Slides per page:")
            label.setBuddy(self.per_page_combo)
            form.addRow(label, self.per_page_combo)
        if kind in ("handout", "report"):
            self.paper_combo = QComboBox()
            self.paper_combo.setAccessibleName("Paper size")
            for key, name in PAPER_SIZES.items():
                self.paper_combo.addItem(name, key)
            self.paper_combo.setCurrentIndex(list(PAPER_SIZES).index(options.paper_size))
            label = QLabel("&Paper size:")
            label.setBuddy(self.paper_combo)
            form.addRow(label, self.paper_combo)
        self.since_check: QCheckBox | None = None
        if options.since is not None:
            self.since_check = QCheckBox(f"Include changes since {options.since.name}")
            self.since_check.setAccessibleName("Include changes since the previous edition")
            self.since_check.setToolTip(f"{options.since}: a 'Changes since' slide after the "
                                        "bottom line, NEW and UPDATED tags, changed figures "
                                        "marked under their charts")
            self.since_check.setChecked(options.include_since)
            form.addRow("Editions:", self.since_check)
        if levels:
            who = QLabel(audience_text(levels, audience))
            who.setWordWrap(True)
            who.setToolTip("Change it with the Audience selector on the toolbar "
                           "(View ▸ Audience); the slide preview shows that export")
            who.setStyleSheet("font-weight: bold; color: %s"
                              % ("#b00020" if audience is None else "#2e7d32"))
            form.addRow("Audience:", who)
        outer.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for button in self.findChildren(QPushButton):  # Enter always means Export
            button.setAutoDefault(False)
        self.export_button.setDefault(True)

    def _select_template(self, path: Path | None) -> None:
        if self.template_combo is None:
            return
        if path is None:
            self.template_combo.setCurrentIndex(0)
            return
        i = self.template_combo.findData(str(path))
        if i < 0:
            self.template_combo.insertItem(1, path.name, str(path))
            i = 1
        self.template_combo.setItemData(i, str(path), Qt.ItemDataRole.ToolTipRole)
        self.template_combo.setCurrentIndex(i)

    def choose_template(self) -> None:
        start = str(self._options.template.parent) if self._options.template else ""
        name, _ = QFileDialog.getOpenFileName(self, "Choose a PowerPoint template", start,
                                              "PowerPoint templates (*.pptx *.potx);;All files (*)")
        if name:
            self._select_template(Path(name))

    def options(self) -> ExportOptions:
        template = None
        if self.template_combo is not None and self.template_combo.currentData():
            template = Path(self.template_combo.currentData())
        elif self.template_combo is None:
            template = self._options.template  # not asked: keep the remembered one
        per_page = self.per_page_combo.currentData() if self.per_page_combo else \
            self._options.per_page
        paper = self.paper_combo.currentData() if self.paper_combo else self._options.paper_size
        include = self.since_check.isChecked() if self.since_check is not None else \
            self._options.include_since
        return replace(self._options, template=template, per_page=int(per_page),
                       paper_size=str(paper), include_since=include)


def ask(parent: QWidget | None, kind: str, options: ExportOptions, levels: list[str],
        audience: str | None) -> ExportOptions | None:
    """Show the options for `kind`; the chosen options, or None when cancelled."""
    dialog = ExportOptionsDialog(kind, options, levels, audience, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options()
