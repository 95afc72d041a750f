"""One entry point for every output, shared by the CLI and the GUI's export worker.

Each output is rendered into a temporary file beside its target and published only when it is
complete, so an error half-way leaves every existing file as it was. The targets are checked
first (`briefing.export.targets`): an export never writes over what it reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from briefing.atomic import AtomicGroup, write_to
from briefing.errors import ExportError
from briefing.export import forked
from briefing.export.targets import Input, check_targets, export_inputs
from briefing.interrupts import interrupts_held
from briefing.model import document as m
from briefing.model.compare import EditionMarks
from briefing.progress import Progress, Steps
from briefing.text.faces import FontSet, using_main

#: told each warning of an export that goes ahead (what was removed from a template)
Warn = Callable[[str], None]


class Cancelled(Exception):
    """The user cancelled the export; no file was written or changed."""


@dataclass
class ExportJob:
    pptx: Path | None = None
    pdf: Path | None = None
    handout: Path | None = None
    report: Path | None = None
    per_page: int = 6
    paper_size: str = "a4"
    template: Path | None = None
    audience: str | None = None
    base_dir: Path | None = None
    #: the briefing file being exported (never written over), when it has one
    source: Path | None = None
    #: replace read-only targets too
    force: bool = False
    #: the previous edition: a "Changes since <its as-of date>" section after the bottom line
    since: m.Document | None = None
    #: its file (read, so never written over)
    since_path: Path | None = None

    def targets(self) -> list[tuple[str, Path]]:
        pairs = [("pptx", self.pptx), ("pdf", self.pdf), ("handout", self.handout),
                 ("report", self.report)]
        return [(k, p) for k, p in pairs if p is not None]


def default_job(doc_name: str, out_dir: Path) -> ExportJob:
    """`-o DIR`: the deck, the slides PDF and the handout, named after the document."""
    return ExportJob(pptx=out_dir / f"{doc_name}.pptx", pdf=out_dir / f"{doc_name}.pdf",
                     handout=out_dir / f"{doc_name}-handout.pdf")


def run_export(
    doc: m.Document, job: ExportJob, progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None, warn: Warn | None = None,
) -> list[Path]:
    """Render every requested output; returns the paths written.

    All outputs are rendered to temporary files first and only then renamed into place, so a
    failure or a cancel in the third output does not leave the first two half-updated. A
    template is cleaned (or refused) before anything is written; what was removed from it
    goes to `warn`. Ctrl-C (and SIGTERM) are held back while the files are published and while
    the temporaries are removed, so an interrupt finds either no file changed or all of them.
    """
    targets = job.targets()
    if not targets:
        raise ExportError("nothing to export: choose at least one output")
    check_job(doc, job)
    edition = None
    if job.since is not None:
        doc, edition = _with_changes(doc, job)
    else:
        doc = _for_audience(doc, job.audience)
    report = progress or (lambda _step, _fraction: None)
    renderers = {"pptx": _pptx, "pdf": _slides_pdf, "handout": _handout, "report": _report}
    shared = _Shared(doc, job, edition)
    template = shared.template()  # before forking: the child uses it, the warning is ours
    if template is not None and warn is not None:
        for text in filter(None, (template.warning(), *shared.look().warnings)):
            warn(text)
    # one step for the shared layout (when an output uses it), then one per output
    laid_out = any(_uses_layout(kind, shared.doc, job) for kind, _path in targets)
    steps = Steps(report, len(targets) + laid_out)
    if laid_out:
        shared.progress = steps.step(0, "Laying out the slides")
    group = AtomicGroup()
    deck: _DeckBeside | None = None
    try:
        if len(targets) > 1 and job.pptx:
            deck = _DeckBeside(shared, job)
            deck.start(group)
        for i, (kind, path) in enumerate(targets):
            if cancelled and cancelled():
                raise Cancelled()
            if kind == "pptx" and deck is not None and deck.started:
                continue
            # its first page is its first report: the shared layout may come before it
            shared.progress_of[kind] = steps.step(i + laid_out, f"Writing {path.name}")
            _render(renderers[kind], shared, job, lambda p=path: group.output(p), path,
                    cancelled)
        if deck is not None:
            deck.finish()
        if cancelled and cancelled():
            raise Cancelled()
        with interrupts_held():  # published and reported as one step (see `DONE`)
            try:
                group.commit()
            except OSError as exc:
                where = group.failed_target or targets[0][1]
                raise ExportError(f"could not save {where}: {_reason(exc)}; "
                                  f"{_unchanged_except(group.not_restored)}") from exc
            report(DONE, 1.0)
    finally:
        with interrupts_held():  # a second Ctrl-C must not leave temporaries behind
            try:
                if deck is not None:
                    deck.stop()
            finally:
                group.discard()
    return [p for _k, p in targets]


def check_job(doc: m.Document, job: ExportJob) -> None:
    """Raise `TargetError` (`ReadOnlyTarget` for a read-only file) when an output of `job` may
    not be written; `run_export` checks this first, a caller may ask earlier (to offer to
    replace a read-only file)."""
    inputs = export_inputs(doc, job.source, job.template, job.base_dir)
    if job.since_path is not None:
        inputs.append(Input("the previous edition", job.since_path))
    check_targets(job.targets(), inputs, force=job.force,
                  stem=job.source.stem if job.source else "briefing")


#: the last progress step, reported once every file is in place: a caller interrupted after it
#: must not say that nothing was changed
DONE = "Done"


UNCHANGED = "no file was changed"


def _unchanged_except(replaced: list[Path]) -> str:
    """What a failed publishing left: nothing changed, or exactly which files are new."""
    if not replaced:
        return UNCHANGED
    return (f"{', '.join(map(str, replaced))} already hold the new export and could not be put "
            "back (an old version is kept beside its file as a hidden .NAME.*.bak.tmp); no "
            "other file was changed")


def _render(renderer: Callable[[_Shared, ExportJob, BinaryIO], None], shared: _Shared,
            job: ExportJob, open_output: Callable[[], AbstractContextManager[BinaryIO]],
            path: Path, cancelled: Callable[[], bool] | None = None) -> None:
    """Render one output into its temporary; every failure becomes one message for the user.

    A failure after a stop was asked for is the stop: a library's bare `except:` (ReportLab's
    table styles) can turn the KeyboardInterrupt raised inside it into an error of its own."""
    try:
        with open_output() as stream:
            renderer(shared, job, stream)
    except (ExportError, Cancelled):
        raise
    except OSError as exc:
        raise ExportError(f"could not write {path}: {_reason(exc)}; {UNCHANGED}") from exc
    except ImportError as exc:
        raise ExportError(f"cannot write {path.name}: this export is not available in this "
                          f"installation (missing {exc.name})") from exc
    except Exception as exc:  # a renderer bug: the user still gets a message, not a traceback
        if cancelled is not None and cancelled():
            raise Cancelled() from exc
        raise ExportError(f"unexpected error while writing {path.name} "
                          f"({type(exc).__name__}: {_one_line(exc)}); {UNCHANGED}") from exc


class _DeckBeside:
    """The deck written by a forked child process while this one writes the PDFs (see
    `briefing.export.forked`); if no child could start, the deck is written in turn as ever, and if
    the child fails, this process writes it again, reporting the error as ever."""

    #: The first export of a process imports python-pptx and ReportLab, which is what a child
    #: hides best; later ones fork only for a long deck (a fork of a grown process costs more
    #: than writing a short deck: measured 0.49 s against 0.43 s for the example, warm).
    MIN_PAGES_WARM = 40
    exported_before = False

    def __init__(self, shared: _Shared, job: ExportJob) -> None:
        self.shared, self.job = shared, job
        self.child: forked.Child | None = None

    def start(self, group: AtomicGroup) -> None:
        warm, _DeckBeside.exported_before = _DeckBeside.exported_before, True
        if not forked.fork_safe():
            return
        try:
            pages = len(self.shared.deck().pages)  # laid out before forking: both use it
            if warm and pages < self.MIN_PAGES_WARM:
                return
            self.tmp = group.staged(self.job.pptx)
        except Exception:
            return  # the writers meet the problem again and report it
        forked.start(self._write, self._keep)

    def _keep(self, child: forked.Child) -> None:
        self.child = child

    @property
    def started(self) -> bool:
        return self.child is not None

    def _write(self) -> None:
        with write_to(self.tmp) as stream:
            _pptx(self.shared, self.job, stream)

    def finish(self) -> None:
        if self.child is not None and not self.child.wait():
            _render(_pptx, self.shared, self.job, lambda: write_to(self.tmp), self.job.pptx)

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop()


def _reason(exc: OSError) -> str:
    """The system's words for an OSError ("No space left on device"), else its message."""
    return exc.strerror or _one_line(exc) or type(exc).__name__


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _with_changes(doc: m.Document, job: ExportJob) -> tuple[m.Document, EditionMarks]:
    """The document for the audience with the changes since `job.since`, and the marks of
    what changed ("new"/"updated" tags, "was" readings): both editions are filtered for the
    audience before they are compared (see briefing.diff), so neither can mention what the
    audience may not see."""
    from briefing.diff.editions import AudienceError, compare_editions
    from briefing.diff.slide import with_changes
    from briefing.model.compare import edition_marks

    assert job.since is not None
    try:
        result = compare_editions(job.since, doc, job.audience)
    except AudienceError as exc:
        raise ExportError(str(exc)) from None
    marks = edition_marks(result)
    return with_changes(_for_audience(doc, job.audience), result, marks), marks


def _for_audience(doc: m.Document, audience: str | None) -> m.Document:
    if audience is None:
        return doc
    from briefing.model.markings import filter_for_audience

    return filter_for_audience(doc, audience)


class _Shared:
    """What the outputs of one export have in common, computed once: the slide layout, and a
    template's look (its colours for every output, not only the deck).

    The deck, the slides PDF and the handout draw the very same pages; laying the document out
    once instead of three times is a third of a big export.
    """

    def __init__(self, doc: m.Document, job: ExportJob,
                 edition: EditionMarks | None = None) -> None:
        self.doc, self.job, self.edition = doc, job, edition
        self._deck = None
        self._template = None
        self._look = None
        self.progress: Progress | None = None  # of the layout, counted in sections
        self.progress_of: dict[str, Progress] = {}  # of each output, counted in pages

    def template(self):
        """The export's template as a clean package (`pptx_clean`), or None without one."""
        if self.job.template is None:
            return None
        if self._template is None:
            from briefing.render.pptx.clean import clean_template

            self._template = clean_template(self.job.template)
        return self._template

    def look(self):
        """The template's theme and warnings (`template_look`); None without a template."""
        template = self.template()
        if template is None:
            return None
        if self._look is None:
            from briefing.export.look import clean_look

            self._look = clean_look(template, self.doc.theme)
        return self._look

    def theme(self):
        """The theme every output of this export is drawn in: the template's, else None (each
        output takes the briefing's own)."""
        look = self.look()
        return look.theme if look is not None else None

    def main_faces(self) -> FontSet | None:
        """The main font every output of this export measures and draws with: the template's
        (`template_fonts`), else None (Liberation Sans)."""
        look = self.look()
        return look.main_font.faces if look is not None else None

    def heading_faces(self) -> FontSet | None:
        """The font of every output's titles and headings where it is not the main font: the
        template's heading font (`template_fonts`), else None (the main font)."""
        look = self.look()
        heading = look.heading_font if look is not None else None
        return heading.faces if heading is not None else None

    def deck(self):
        if self._deck is None:
            from briefing.layout.incremental import SectionCache

            def sections_done(done: int, total: int) -> None:
                if self.progress is not None:
                    self.progress(f"section {done:,} of {total:,}", done / total)

            # a cache that starts empty: `layout_document` itself, section by section
            with using_main(self.main_faces(), self.heading_faces()):
                self._deck = SectionCache().layout(
                    self.doc, self.theme(), base_dir=self.job.base_dir,
                    progress=sections_done, edition=self.edition)
        return self._deck


Renderer = Callable[["_Shared", ExportJob, BinaryIO], None]


def _in_main_font(render: Renderer) -> Renderer:
    """`render` measuring and drawing in the export's main font (`_Shared.main_faces`), and
    its titles in the heading font (`_Shared.heading_faces`): each output, in this process or
    the forked one, in the fonts the layout was measured in."""

    @functools.wraps(render)
    def inner(shared: _Shared, job: ExportJob, stream: BinaryIO) -> None:
        with using_main(shared.main_faces(), shared.heading_faces()):
            render(shared, job, stream)

    return inner


@_in_main_font
def _pptx(shared: _Shared, job: ExportJob, stream: BinaryIO) -> None:
    from briefing.render.pptx.deck import write_pptx

    deck = shared.deck() if _uses_layout("pptx", shared.doc, job) else None
    write_pptx(shared.doc, stream, template=shared.template(), base_dir=job.base_dir, deck=deck,
               progress=shared.progress_of.get("pptx"))


def _uses_layout(kind: str, doc: m.Document, job: ExportJob) -> bool:
    """Whether output `kind` draws the shared slide layout: the PDFs always do; the deck does
    unless its theme is unknown (then the deck exporter reports it, without laying out)."""
    return kind != "pptx" or job.template is not None or _theme_known(doc)


def _theme_known(doc: m.Document) -> bool:
    from briefing.format.themes import load_theme

    try:
        load_theme(doc.theme)
    except KeyError:
        return False  # the deck exporter reports it
    return True


@_in_main_font
def _slides_pdf(shared: _Shared, job: ExportJob, stream: BinaryIO) -> None:
    from briefing.render.pdf.slides import write_slides_pdf

    write_slides_pdf(shared.doc, stream, base_dir=job.base_dir, deck=shared.deck(),
                     progress=shared.progress_of.get("pdf"))


@_in_main_font
def _handout(shared: _Shared, job: ExportJob, stream: BinaryIO) -> None:
    from briefing.render.pdf.slides import write_handout_pdf

    write_handout_pdf(shared.doc, stream, per_page=job.per_page, paper_size=job.paper_size,
                      base_dir=job.base_dir, deck=shared.deck(),
                      progress=shared.progress_of.get("handout"))


@_in_main_font
def _report(shared: _Shared, job: ExportJob, stream: BinaryIO) -> None:
    from briefing.render.pdf.common import paper_theme
    from briefing.render.pdf.paper import write_report_pdf

    write_report_pdf(shared.doc, stream, base_dir=job.base_dir, paper_size=job.paper_size,
                     progress=shared.progress_of.get("report"),
                     theme=paper_theme(shared.doc, shared.theme()), edition=shared.edition)
