"""Export: options, file name, the background run with its progress dialog, and its result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from briefing.export.job import ExportJob
from briefing.format.reader import slugify

from .. import export_options
from ..problems import problem_lines
from ..settings import EXPORTS, documents_folder, settings


class ExportFlow:
    """File ▸ Export … (mixed into `MainWindow`)."""

    def export(self, kind: str) -> None:
        label, file_filter, suffix = EXPORTS[kind]
        if not self.confirm_export_with_problems(label):
            return
        options = export_options.load_options(settings())
        since = self.remembered_edition()
        options = replace(options, since=since,
                          include_since=since is not None and bool(self.ctrl.doc.since))
        if kind in export_options.KINDS_WITH_OPTIONS:
            chosen = export_options.ask(self, kind, options, self.ctrl.doc.markings,
                                        self.ctrl.audience)
            if chosen is None:
                return
            options = chosen
            export_options.save_options(settings(), options)
            self.ctrl.set_template(options.template)  # the previews take its look at once
        stem = self.ctrl.path.stem if self.ctrl.path else slugify(self.ctrl.doc.title)
        if self.ctrl.audience:
            stem += "-" + slugify(self.ctrl.audience)
        folder = self.export_folder(kind)
        name, _ = QFileDialog.getSaveFileName(self, label, str(folder / f"{stem}{suffix}"),
                                              file_filter)
        if name:
            path = Path(name)
            settings().setValue(f"export/folder/{kind}", str(path.parent))
            if path.suffix.lower() != suffix.rsplit(".", 1)[-1] and not path.suffix:
                path = path.with_name(path.name + "." + suffix.rsplit(".", 1)[-1])
            self.export_to(kind, path, options)

    def export_folder(self, kind: str) -> Path:
        """Where this kind of export was last written (a deck folder and a handout folder
        are often not the same), else the document's folder, else Documents."""
        last = settings().value(f"export/folder/{kind}", "")
        if last and Path(str(last)).is_dir():
            return Path(str(last))
        return self.ctrl.path.parent if self.ctrl.path else documents_folder()

    def confirm_export_with_problems(self, label: str) -> bool:
        """Say which problems the briefing has before asking for a file name. Most do not stop
        an export (an empty title exports as an empty title), so the question does not predict
        a failure; one that does stop it is reported with its reason, and no file changes."""
        self.validate_now()
        problems = self.problems
        if problems is None or not problems.count:
            return True
        lines = problem_lines(self.ctrl.doc, problems)
        more = f"\n… and {len(lines) - 10} more" if len(lines) > 10 else ""
        answer = QMessageBox.question(
            self, label,
            f"The briefing has {problems.count} problem(s), marked ⚠ in the outline:\n\n"
            + "\n".join(f"• {line}" for line in lines[:10]) + more
            + "\n\nThey would stop the saved file from opening again. Export anyway? If one "
            "of them stops the export you are told why, and no file is changed.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, kind: str, path: Path,
                  options: export_options.ExportOptions | None = None) -> None:
        """Start an export of the current document, for the chosen audience, in a worker."""
        from ..export_worker import ExportRunner

        if self.export_runner is not None and self.export_runner.running:
            self.statusBar().showMessage("An export is already running", 5000)
            return
        options = options or export_options.ExportOptions()
        job = ExportJob(base_dir=self.ctrl.base_dir, audience=self.ctrl.audience,
                        source=self.ctrl.path, **{kind: path})
        job.template = options.template  # every output in its look, as the previews show
        if kind == "handout":
            job.per_page = options.per_page
        if kind in ("handout", "report"):
            job.paper_size = options.paper_size
        if options.include_since and options.since is not None:
            job.since = self.load_edition(options.since)
            if job.since is None:
                return  # told, with the old edition's located errors
            job.since_path = options.since
            self.remember_edition(options.since)
        if not self._targets_allowed(job, path):
            return
        self.last_job = job
        runner = ExportRunner(self.ctrl.doc, job, self)
        dialog = QProgressDialog(f"Exporting {path.name}…", "Cancel", 0, 100, self)
        dialog.setWindowTitle(EXPORTS[kind][0])
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(runner.cancel)
        runner.progress.connect(lambda text, f: (dialog.setLabelText(text),
                                                 dialog.setValue(int(f * 100))))
        runner.done.connect(lambda ok, msg, paths: self._export_done(dialog, kind, path, ok,
                                                                     msg, paths))
        self.export_runner = runner
        self.export_dialog = dialog
        self.export_box.hide()
        self.statusBar().showMessage(f"Exporting {path.name}…")
        runner.start()

    def _targets_allowed(self, job: ExportJob, path: Path) -> bool:
        """The export's own check, asked before the worker starts: a read-only file is replaced
        only if the user says so; any other refused target gets its message."""
        from briefing.export.job import check_job
        from briefing.export.targets import ReadOnlyTarget, TargetError

        try:
            check_job(self.ctrl.doc, job)
        except ReadOnlyTarget as exc:
            answer = QMessageBox.question(
                self, "Replace a read-only file?",
                f"{exc.path} is read-only. Replace it anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
            job.force = True
            return self._targets_allowed(job, path)
        except TargetError as exc:
            QMessageBox.warning(self, "Export refused", f"{path.name} was not written:\n\n{exc}")
            return False
        return True

    def _export_done(self, dialog: QProgressDialog, kind: str, path: Path, ok: bool,
                     message: str, paths: list) -> None:
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()
        if ok:
            self.last_export = [Path(p) for p in paths]
            self.statusBar().clearMessage()
            audience = self.last_job.audience if self.last_job else None
            self.export_label.setText(f"Exported {path.name}"
                                      + (f" for {audience}" if audience else ""))
            self.export_box.show()
            self.open_file_button.setFocus()
            warnings = self.export_runner.warnings if self.export_runner is not None else []
            if warnings:
                QMessageBox.warning(self, "Exported, with notes about the template",
                                    f"{path.name} was written.\n\n"
                                    + "\n\n".join(w[:1].upper() + w[1:] for w in warnings))
        elif message == "cancelled":
            self.statusBar().showMessage("Export cancelled; no file was written", 8000)
        else:
            self.statusBar().showMessage(f"Export failed: {message}", 15000)
            QMessageBox.warning(self, "Export failed", f"{path.name} was not written:\n\n{message}")
