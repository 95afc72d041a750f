"""`briefing-desk [FILE]`: start the desktop app (or, with --screenshot, render it to a PNG)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing import __version__

SCREENSHOT_SIZE = (1400, 900)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-desk",
        description="Edit a crisis briefing, see its slides, export PowerPoint and PDF.")
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE",
                        help="the briefing to open (default: the built-in example, or an "
                             "autosave to recover)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="render the main window at 1400x900 to PNG and exit")
    parser.add_argument("--audience", metavar="LEVEL",
                        help="with --screenshot: set the Audience selector to LEVEL first")
    parser.add_argument("--section", metavar="ID",
                        help="with --screenshot: select this section (default: the first chart)")
    parser.add_argument("--version", action="version", version=f"briefing-desk {__version__}")
    return parser


def make_app(argv: Sequence[str]):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName("Briefing Desk")
    app.setApplicationName("Briefing Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("briefing-desk")
    return app


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get(
            "WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app([sys.argv[0], *argv])
    from . import background
    from .mainwindow import MainWindow

    window = MainWindow()
    try:
        if args.screenshot:
            return screenshot(app, window, args.file, args.screenshot, args.audience,
                              args.section)
        window.restore_layout()
        window.startup(args.file)  # may ask about recovery before the window appears
        window.show()
        return app.exec()
    finally:
        background.stop_lanes()  # the worker processes end with the window, work or not


def screenshot(app, window, file: Path | None, out: Path, audience: str | None = None,
               section: str | None = None) -> int:
    """Load FILE (never an autosave), settle the previews, grab the window, write `out`."""
    if file is None or not window.load_path(file):
        if file is not None:
            print(f"briefing-desk: {file}: cannot be opened; showing the example",
                  file=sys.stderr)
        window.load_example()
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(5):
        app.processEvents()
    if audience is not None:
        if audience not in window.ctrl.doc.markings:
            print(f"briefing-desk: --audience {audience}: the briefing's levels are "
                  f"{', '.join(window.ctrl.doc.markings) or 'none'}", file=sys.stderr)
            window.close()
            return 2
        window.set_audience(audience)
    # pick the chart section if there is one: it shows the most of the window
    sections = window.ctrl.doc.sections
    rows = [i for i, s in enumerate(sections) if s.id == section] if section else []
    if section and not rows:
        print(f"briefing-desk: --section {section}: no such section id", file=sys.stderr)
        window.close()
        return 2
    rows = rows or [i for i, s in enumerate(sections) if s.kind == "chart"]
    window.select_row(rows[0] if rows else 0)
    window.slide_preview.wait_for_charts = True  # the slides' charts drawn, not "drawing…"
    for _ in range(5):
        app.processEvents()
    window.slide_preview.refresh_now()
    if window.editor is not None and hasattr(window.editor, "preview"):
        window.editor.preview.render_now()
    window.validate_now()
    for _ in range(10):
        app.processEvents()
    image = window.grab().toImage()
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = image.save(str(out), "PNG")
    window.ctrl.undo.setClean()
    window.close()
    if not ok:
        print(f"briefing-desk: could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({image.width()}x{image.height()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
