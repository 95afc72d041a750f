"""The `briefing` command: validate, export, diff, example, new.

Exit codes: 0 success, 1 invalid input or failed export, 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing.format.previous import load_previous
from briefing.format.reader import load_file
from briefing.model.document import Document

from . import __version__
from .errors import BriefingError, ExportError
from .interrupts import StopOnce
from .resources import example_path, skeleton_names, skeletons_dir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Validate crisis briefings written in YAML and export them to PowerPoint "
                    "and PDF.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="check briefing files and report every problem",
                       description="Check briefing files; exit 0 when all are valid, 1 otherwise.")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="export a briefing to PPTX, PDF slides, handout, paper",
                       description="Export a briefing. With -o DIR: DIR/<name>.pptx, "
                       "DIR/<name>.pdf and DIR/<name>-handout.pdf (plus DIR/<name>-report.pdf "
                       "with --report). Single outputs with --pptx, --pdf, --handout, --report.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("file", nargs="?", metavar="FILE", type=Path, help="the briefing (.yaml)")
    src.add_argument("--example", action="store_true", help="export the built-in example")
    p.add_argument("-o", "--output-dir", type=Path, metavar="DIR",
                   help="write the deck, slides PDF and handout into DIR")
    # output paths stay strings until checked: Path() would drop a trailing "/" (a folder)
    p.add_argument("--pptx", metavar="PATH", help="write the PowerPoint deck here")
    p.add_argument("--pdf", metavar="PATH", help="write the slides PDF here")
    p.add_argument("--handout", metavar="PATH", help="write the handout PDF here")
    p.add_argument("--report", nargs="?", const=True, default=None, metavar="PATH",
                   help="write the portrait briefing paper here (with -o: DIR/<name>-report.pdf)")
    p.add_argument("--per-page", type=int, choices=(1, 2, 3, 4, 6), default=6,
                   help="slides per handout page (default 6)")
    p.add_argument("--paper-size", choices=("a4", "letter"), default="a4",
                   help="handout and paper size (default a4)")
    p.add_argument("--template", type=Path, metavar="PPTX",
                   help="an organisation's .pptx whose masters and layouts the deck uses")
    p.add_argument("--audience", metavar="LEVEL",
                   help="leave out everything marked above this handling level")
    p.add_argument("--force", action="store_true",
                   help="replace output files even when they are read-only")
    p.add_argument("--since", type=Path, metavar="OLD",
                   help="the previous edition: add a 'Changes since <its date>' slide after the "
                        "bottom line and a section in the paper, and mark what changed (wins "
                        "over the briefing's own `since:`)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("diff", help="list what changed between two editions of a briefing",
                       description="List what changed from OLD to NEW (sections, text, figures, "
                       "judgments, events, sources), grouped by section. Exit 0 whether or not "
                       "anything changed, 1 when a file does not load.")
    p.add_argument("old", metavar="OLD", type=Path, help="the earlier edition (.yaml)")
    p.add_argument("new", metavar="NEW", type=Path, help="the later edition (.yaml)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for a person (default), json for scripts (docs/editions.md)")
    p.add_argument("--audience", metavar="LEVEL",
                   help="show only the changes this handling level may see")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("example", help="print the built-in example briefing (YAML)",
                       description="Print the built-in example briefing to standard output.")
    p.set_defaults(func=cmd_example)

    p = sub.add_parser("new", help="print a skeleton briefing to start from",
                       description="Print a skeleton briefing to standard output.")
    p.add_argument("--template", default="basic", metavar="NAME",
                   help=f"skeleton name: {', '.join(skeleton_names())} (default basic)")
    p.set_defaults(func=cmd_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Ctrl-C or `kill PID` (SIGTERM) stop a command with exit 130 or 143, temporaries
    removed, no child left, and one line saying which files, if any, were written."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.stop = StopOnce()
    try:
        with args.stop.installed():
            return int(args.func(args, parser) or 0)
    except KeyboardInterrupt:
        print(args.stop.message(), file=sys.stderr)
        return args.stop.exit_code()


def cmd_validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    status = 0
    for path in args.files:
        try:  # what validate accepts, export exports: the previous edition must load too
            doc = load_file(path)
            load_previous(doc, path.resolve().parent, name=str(path))
        except BriefingError as exc:
            _report(exc)
            status = 1
        else:
            _warn(path, doc)
            _gazetteer_notes(path, doc)
            print(f"{path}: ok")
    return status


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from briefing.export.job import DONE, Cancelled, ExportJob, default_job, run_export
    from briefing.export.targets import ReadOnlyTarget, TargetError, file_path

    path: Path = example_path() if args.example else args.file
    report_flag = args.report
    if not (args.output_dir or args.pptx or args.pdf or args.handout
            or isinstance(report_flag, str)):
        parser.error("export: say where to write: -o DIR, or --pptx/--pdf/--handout/--report PATH")
    if report_flag is True and not args.output_dir:
        parser.error("export: --report without a PATH needs -o DIR")
    if args.template is not None and not args.template.is_file():
        print(f"{args.template}: error: template not found: give the path of a .pptx file",
              file=sys.stderr)
        return 1
    try:
        doc = load_file(path)
    except BriefingError as exc:
        _report(exc)
        return 1
    _warn(path, doc)
    try:  # --since wins over the file's `since:`; the old edition's pictures are not read
        previous = load_previous(doc, path.resolve().parent, args.since, str(path))
    except BriefingError as exc:
        _report(exc)
        return 1
    since_path, since = previous if previous is not None else (None, None)
    if args.audience is not None and args.audience not in doc.markings:
        levels = ", ".join(doc.markings) or "none"
        print(f"{path}: error: --audience {args.audience!r} is not a handling level of this "
              f"document (its levels: {levels})", file=sys.stderr)
        return 1
    name = path.stem
    job = default_job(name, args.output_dir) if args.output_dir else ExportJob()
    given = {kind: getattr(args, kind) for kind in ("pptx", "pdf", "handout", "report")
             if isinstance(getattr(args, kind), str)}
    try:
        for kind, text in given.items():
            setattr(job, kind, file_path(kind, text, stem=name))
    except TargetError as exc:
        print(f"{path}: error: {exc}", file=sys.stderr)
        return 1
    if report_flag is True:
        job.report = args.output_dir / f"{name}-report.pdf"
    job.per_page, job.paper_size = args.per_page, args.paper_size
    job.template, job.audience = args.template, args.audience
    job.base_dir = path.resolve().parent
    job.source, job.force = path, args.force
    job.since, job.since_path = since, since_path
    stop: StopOnce = args.stop

    def progress(step: str, _fraction: float) -> None:
        if step == DONE:  # reported while interrupts are held, right after publishing
            stop.written = [p for _k, p in job.targets()]

    try:
        written = run_export(doc, job, progress, stop.requested,
                             warn=lambda text: print(f"{args.template}: warning: {text}",
                                                     file=sys.stderr))
    except ReadOnlyTarget as exc:
        print(f"{path}: error: {exc.path} is read-only: make it writable, choose another file "
              "name, or give --force to replace it; nothing was written", file=sys.stderr)
        return 1
    except TargetError as exc:
        print(f"{path}: error: {exc}", file=sys.stderr)
        return 1
    except ExportError as exc:
        print(f"{path}: error: export failed: {exc}", file=sys.stderr)
        return 1
    except Cancelled:  # a stop that could not be raised where it came (see StopOnce)
        raise KeyboardInterrupt from None
    for out in written:
        print(f"wrote {out}")
    return 0


def cmd_diff(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json

    from briefing.diff.editions import AudienceError, compare_editions
    from briefing.diff.present import as_json, as_text

    docs = []
    status = 0
    for path in (args.old, args.new):
        try:  # the diff reads no image, so a moved picture does not stop it
            docs.append(load_file(path, check_files=False))
        except BriefingError as exc:
            _report(exc)
            status = 1
    if status:
        return status
    try:
        result = compare_editions(docs[0], docs[1], args.audience)
    except AudienceError as exc:
        where = args.old if exc.edition == "old" else args.new
        print(f"{where}: error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(as_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(result))
    return 0


def cmd_example(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    sys.stdout.write(example_path().read_text(encoding="utf-8"))
    return 0


def cmd_new(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    names = skeleton_names()
    if args.template not in names:
        parser.error(f"new: unknown template {args.template!r}; available: {', '.join(names)}")
    sys.stdout.write((skeletons_dir() / f"{args.template}.yaml").read_text(encoding="utf-8"))
    return 0


def _warn(path: Path, doc: Document | None = None) -> None:
    """What will not print as written (characters no font here has), and what a reader will
    miss (a picture without `alt`, `format.advice`); not errors."""
    from briefing.export.coverage import advice_notices, check_file

    notices = check_file(path) + (advice_notices(doc, path) if doc is not None else [])
    for notice in sorted(notices, key=lambda n: (n.line, n.column, n.path)):
        print(notice, file=sys.stderr)


def _gazetteer_notes(path: Path, doc) -> None:
    """What each place without coordinates was matched to, so a wrong town is seen."""
    asked = [(f"sections[{i}].places[{j}]", p.name) for i, s in enumerate(doc.sections)
             if s.kind == "map" for j, p in enumerate(s.places) if p.lat is None]
    if not asked:
        return
    from briefing.maps.gazetteer import lookup  # the gazetteer's data, only when asked

    for where, name in asked:
        print(f"{path}: note: {where}: {lookup(name).note}", file=sys.stderr)


def _report(exc: BriefingError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    count = len(exc.problems)
    print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
