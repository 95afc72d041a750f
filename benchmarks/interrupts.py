"""How long an interrupted export takes to stop, and what it leaves: prints a table.

    python benchmarks/interrupts.py [--runs 30] [--sections 40]

Each run exports a seeded N-section briefing to four outputs (over an earlier export), and
sends Ctrl-C to its process group at a random moment after its first temporary appears, then
a second Ctrl-C or SIGTERM 0-10 ms later. Reported: the time from the first signal to the
process's exit (its clean-up: stopping the forked deck writer, removing temporaries and the
folders it made), and the outcomes. Tests never assert on these numbers
(tests/test_interrupts.py checks the outcomes).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAMES = ("doc.pptx", "doc.pdf", "doc-handout.pdf", "doc-report.pdf")


def one_run(briefing: Path, out: Path, rng: random.Random, length: float) -> tuple[float, str]:
    out.mkdir()
    for name in NAMES:
        (out / name).write_bytes(b"old")
    args = [sys.executable, "-m", "briefing", "export", str(briefing)]
    for flag, name in zip(("--pptx", "--pdf", "--handout", "--report"), NAMES, strict=True):
        args += [flag, str(out / name)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    while not any(p.name.endswith(".tmp") for p in out.iterdir()) and proc.poll() is None:
        time.sleep(0.001)
    time.sleep(rng.uniform(0, 1.2) * length)
    sent = time.perf_counter()
    try:
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(rng.uniform(0, 0.01))
        os.killpg(proc.pid, rng.choice([signal.SIGINT, signal.SIGTERM]))
    except ProcessLookupError:
        pass
    err = proc.communicate()[1]
    stopped = time.perf_counter() - sent
    left = sorted(p.name for p in out.iterdir() if p.name not in NAMES)
    new = sum((out / n).read_bytes() != b"old" for n in NAMES)
    if left or "Traceback" in err or "Exception ignored" in err:
        outcome = f"BAD: left {left}, {err.strip()!r}"
    elif proc.returncode == 0:
        outcome = "finished before the signal"
    elif new == 0 and err.endswith("no file was changed\n"):
        outcome = "stopped, nothing changed"
    elif new == len(NAMES) and "after the export was written" in err:
        outcome = "stopped after publishing, files named"
    else:
        outcome = f"BAD: {new} new files, {err.strip()!r}"
    return stopped, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sections", type=int, default=40)
    opts = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(HERE)]
    from generate import make_document

    from briefing import save

    with tempfile.TemporaryDirectory() as tmp:
        briefing = Path(tmp) / "doc.yaml"
        save(make_document(opts.sections), briefing)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "briefing", "export", str(briefing), "-o",
                        str(Path(tmp) / "whole"), "--report"], cwd=ROOT, check=True,
                       capture_output=True)
        length = time.perf_counter() - t0
        rng = random.Random(1)
        results = [one_run(briefing, Path(tmp) / f"out{i}", rng, length)
                   for i in range(opts.runs)]
    stops = [s for s, o in results if o.startswith("stopped")]
    print(f"{opts.sections}-section export, uninterrupted: {length:.2f} s")
    for outcome, count in Counter(o for _s, o in results).most_common():
        print(f"  {count:3d} x {outcome}")
    if stops:
        print(f"signal to exit when stopped: median {statistics.median(stops) * 1000:.0f} ms, "
              f"max {max(stops) * 1000:.0f} ms ({len(stops)} runs)")


if __name__ == "__main__":
    main()
