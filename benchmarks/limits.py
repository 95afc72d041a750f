"""Time and peak memory of exporting briefings at the edges of what `validate` accepts.

Each case is a valid briefing at one of the reader's limits (docs/format.md); this writes it,
checks that `briefing validate` accepts it, then runs `briefing export FILE -o DIR --report
DIR/r.pdf` (deck, slides PDF, handout, paper) under `/usr/bin/time -v` and prints the exit
code, CPU seconds (user + system), wall seconds and peak resident memory of the whole process.

    python benchmarks/limits.py [CASE ...]
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.format.writer import dumps  # noqa: E402
from briefing.model import document as m  # noqa: E402


def _section(kind: str, title: str = "Section", **fields) -> m.Section:
    s = m.empty_section(kind, title, None)
    for key, value in fields.items():
        setattr(s, key, value)
    return s


def _doc(sections: list[m.Section], **kw) -> m.Document:
    return m.Document(sections=sections, **{"title": "Limits", "as_of": dt.date(2024, 1, 19),
                                            **kw})


W = "W" * 2000  # a one-line field at its limit, one wide letter, no space to break at
CASES: dict[str, Callable[[], m.Document]] = {
    "2,000-character title, subtitle, author, classification (no spaces)": lambda: _doc(
        [_section("text", text="x")], title=W, subtitle=W, author=W, classification=W),
    "as_of 9999-12-31T23:00-05:00": lambda: _doc(
        [_section("text", text="x")],
        as_of=dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
    "2,000-character section title and caveat (no spaces)": lambda: _doc(
        [_section("text", title=W, caveat=W, text="x")]),
    "5,000-character word in a table cell": lambda: _doc([_section("table", table=m.Table(
        list("ABCDE"), [m.TableRow(["a", "W" * 5000, "c", "d", "e"])]))]),
    "2,000-character timeline place, actor and time": lambda: _doc([_section(
        "timeline", events=[m.Event(dt.date(2024, 1, 1), "x", place="p" * 2000, actor=W,
                                    time=W)])]),
    "50 columns": lambda: _doc([_section("table", table=m.Table(
        [f"Column {i}" for i in range(50)], [m.TableRow([f"v{i}" for i in range(50)])]))]),
    "50 columns of 2,000-character headings, 300-character words": lambda: _doc([_section(
        "table", table=m.Table([W] * 50, [m.TableRow(["W" * 300] * 50)]))]),
    "200,000-character table cell of words": lambda: _doc([_section("table", table=m.Table(
        ["A", "B", "C"], [m.TableRow(["a", "word " * 40_000, "c"])]))]),
    "200,000-character table cell, one word": lambda: _doc([_section("table", table=m.Table(
        ["A", "B", "C"], [m.TableRow(["a", "w" * 200_000, "c"])]))]),
}


def _field(log: str, label: str) -> str:
    found = re.search(rf"{re.escape(label)}: (\S+)", log)
    return found.group(1) if found else "?"


def run(name: str, make: Callable[[], m.Document], tmp: Path) -> str:
    src = tmp / "case.yaml"
    src.write_text(dumps(make()), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "briefing", "validate", str(src)], cwd=ROOT,
                           capture_output=True, text=True)
    if check.returncode != 0:
        return f"| {name} | not valid: {check.stdout.strip()} | | | |"
    out = tmp / "out"
    proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "briefing", "export",
                           str(src), "-o", str(out), "--report", str(out / "r.pdf")],
                          cwd=ROOT, capture_output=True, text=True)
    log = proc.stderr
    cpu = float(_field(log, "User time (seconds)")) + float(_field(log, "System time (seconds)"))
    wall = _field(log, "Elapsed (wall clock) time (h:mm:ss or m:ss)")
    peak = int(_field(log, "Maximum resident set size (kbytes)")) / 1024
    return f"| {name} | {proc.returncode} | {cpu:.1f} | {wall} | {peak:.0f} |"


def main(names: list[str]) -> None:
    print("| case | exit | CPU s | wall | peak MB |\n|---|---|---|---|---|")
    for name, make in CASES.items():
        if names and not any(n in name for n in names):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            print(run(name, make, Path(tmp)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
