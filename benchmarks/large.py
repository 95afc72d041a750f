"""Large legitimate documents: time and peak memory of exporting every output.

    python benchmarks/large.py [--rows 10000] [--repeat 1] [--keep DIR] [--sequential] [--steps]
                                   [--json FILE]

Two generated briefings, seeded: a table of N rows (four columns; about 600 KB of YAML at
10,000 rows) and a timeline of N events (about 1.2 MB). Each is exported as a user would,
`python -m briefing export FILE -o DIR --report` (deck, slides PDF, handout, paper), in a fresh
process; the figures are its wall time, its CPU time (user + system, every process of the
export: the deck is written by a forked child beside the PDFs) and the peak resident memory of
its largest process. The targets (issue 12, item 6): under 20 s and 500 MB each. `--steps`
adds each output alone (`benchmarks/step.py`). Tests never assert on these numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORDS = ("militant officials strike statement province ministry border drone village "
         "reported missile").split()
TARGET_SECONDS, TARGET_MB = 20.0, 500.0


def long_table(rows: int, seed: int = 1) -> str:
    """A briefing of one table section of `rows` rows: number, event, count, place."""
    rng = random.Random(seed)
    out = ["format: briefing/1", "title: Big table", "as_of: 2024-01-19", "sections:",
           "  - kind: table", "    title: Ten thousand rows", "    table:",
           "      columns: [No., Event, Count, Place]", "      rows:"]
    for i in range(rows):
        event = " ".join(rng.choice(WORDS) for _ in range(3))
        out.append(f'      - ["{i}", "{event}", "{rng.randint(0, 999)}", "{rng.choice(WORDS)}"]')
    return "\n".join(out) + "\n"


def long_timeline(events: int, seed: int = 1) -> str:
    """A briefing of one timeline section of `events` events of eight words and a place."""
    rng = random.Random(seed)
    out = ["format: briefing/1", "title: Big timeline", "as_of: 2024-01-19", "sections:",
           "  - kind: timeline", "    title: Ten thousand events", "    events:"]
    for i in range(events):
        date = dt.date(2023, i % 12 + 1, i % 28 + 1)
        text = " ".join(rng.choice(WORDS) for _ in range(8))
        out.append(f'      - {{date: {date.isoformat()}, text: "{text}", '
                   f"place: {rng.choice(WORDS)}}}")
    return "\n".join(out) + "\n"


#: run in a fresh interpreter: the export as a child, then its resource usage (the children's
#: peak is the largest single process among them and their own waited-for children)
_MEASURE = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"exit": done.returncode, "stderr": done.stderr.decode()[-500:],
                  "wall": wall, "cpu": r.ru_utime + r.ru_stime,
                  "peak_mb": r.ru_maxrss / 1024}))
"""


def measure(cmd: list[str], env: dict[str, str]) -> dict:
    res = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True,
                         text=True, check=True, env=env, cwd=ROOT)
    out = json.loads(res.stdout)
    if out["exit"] != 0:
        raise SystemExit(f"export failed ({' '.join(cmd)}):\n{out['stderr']}")
    return out


def counts(out_dir: Path, name: str) -> dict[str, int]:
    """Slides and pages of what was written (the paper's pages, the deck's slides)."""
    from pypdf import PdfReader

    return {"slides": len(PdfReader(out_dir / f"{name}.pdf").pages),
            "paper_pages": len(PdfReader(out_dir / f"{name}-report.pdf").pages)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the briefings and outputs here")
    ap.add_argument("--sequential", action="store_true",
                    help="also with the deck written in turn (BRIEFING_PARALLEL=0)")
    ap.add_argument("--steps", action="store_true", help="also each output alone")
    ap.add_argument("--json", type=Path, help="write every figure to this file")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-large-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {}
    for name, make in (("table", long_table), ("timeline", long_timeline)):
        path = work / f"{name}{args.rows}.yaml"
        path.write_text(make(args.rows), encoding="utf-8")
        label = f"{name} of {args.rows:,} ({path.stat().st_size / 1e3:.0f} KB)"
        modes = [("beside", "1")] + ([("in_turn", "0")] if args.sequential else [])
        for mode, parallel in modes:
            out_dir = work / f"out-{name}-{mode}"
            cmd = [sys.executable, "-m", "briefing", "export", str(path), "-o", str(out_dir),
                   "--report"]
            runs = [measure(cmd, dict(env, BRIEFING_PARALLEL=parallel))
                    for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall"])
            met = best["wall"] < TARGET_SECONDS and max(r["peak_mb"] for r in runs) < TARGET_MB
            results[f"{name}/{mode}"] = {"runs": runs, **counts(out_dir, path.stem)}
            print(f"{label:34s} deck {mode:8s} wall {best['wall']:6.1f} s  "
                  f"CPU {best['cpu']:6.1f} s  largest process "
                  f"{max(r['peak_mb'] for r in runs):6.0f} MB  "
                  f"({results[f'{name}/{mode}']['slides']} slides, "
                  f"{results[f'{name}/{mode}']['paper_pages']} paper pages)  "
                  f"target {'met' if met else 'NOT met'}", flush=True)
        if args.steps:
            for step in ("load", "layout", "pptx", "pdf", "handout", "report"):
                res = subprocess.run([sys.executable, str(HERE / "step.py"), step, str(path)],
                                     capture_output=True, text=True, check=True, env=env)
                figures = json.loads(res.stdout.strip().splitlines()[-1])
                results[f"{name}/{step}"] = figures
                print(f"  {step:8s} CPU {figures['cpu_seconds']:6.2f} s  "
                      f"peak {figures['peak_rss_mb']:6.0f} MB", flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "results": results,
                                         "when": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                               time.gmtime())}, indent=1))


if __name__ == "__main__":
    main()
