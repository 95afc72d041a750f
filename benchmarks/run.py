"""Speed and memory of Briefing Desk: prints a table and writes benchmarks/results.json.

    python benchmarks/run.py [--sizes 50,200,500] [--repeat 3] [--no-gui] [--no-soffice]

Every figure is measured in this one run, so ratios (ours vs LibreOffice, 500 vs 50 sections)
are comparable even on a shared, noisy machine. Tests never assert on these numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = ("load", "layout", "pptx", "pdf", "handout", "report")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], repeat: int, **kw) -> dict[str, float]:
    """Wall time of `cmd` (min/median/max of `repeat` runs) and its median CPU time (user +
    system, all its processes): CPU time hardly changes when other work shares the machine."""
    times, cpus = [], []
    for _ in range(repeat):
        c0, t0 = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        times.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - c0)
    return {"min": min(times), "median": statistics.median(times), "max": max(times),
            "cpu_median": statistics.median(cpus)}


def cli_command() -> list[str]:
    """The installed `briefing` script beside this interpreter (what a user runs), else
    `python -m briefing`; never a version manager's shell shim found on PATH."""
    script = Path(sys.executable).parent / "briefing"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "briefing"]


def cold_cli(repeat: int, tmp: Path) -> dict[str, float]:
    return timed(cli_command() + ["export", "--example", "-o", str(tmp / "cold")], repeat)


def cli_at_scale(n: int, tmp: Path) -> dict[str, dict[str, float]]:
    """`briefing export FILE -o DIR` (deck, slides PDF, handout) of an N-section briefing as a
    whole process: the deck written by a forked child beside the PDFs, and in turn
    (BRIEFING_PARALLEL=0), to show what the child saves."""
    sys.path.insert(0, str(HERE))
    from generate import make_document

    from briefing.format.writer import save

    path = tmp / f"cli{n}.yaml"
    save(make_document(n), path)
    out = {}
    for label, parallel in (("beside", "1"), ("in_turn", "0")):
        env = dict(os.environ, BRIEFING_PARALLEL=parallel)
        out[label] = timed(cli_command() + ["export", str(path), "-o", str(tmp / label)], 1,
                           env=env)
    return out


def warm_in_process(repeat: int, tmp: Path) -> dict[str, float]:
    code = (
        "import time, statistics, json\n"
        "from pathlib import Path\n"
        "from briefing import load_file\n"
        "from briefing.export.job import default_job, run_export\n"
        "from briefing.resources import example_path\n"
        f"out = Path({str(tmp / 'warm')!r})\n"
        "doc = load_file(example_path())\n"
        "run_export(doc, default_job('example', out))\n"
        "times = []\n"
        f"for _ in range({repeat}):\n"
        "    t0 = time.perf_counter(); run_export(load_file(example_path()), default_job('example', out))\n"
        "    times.append(time.perf_counter() - t0)\n"
        "print(json.dumps({'min': min(times), 'median': statistics.median(times), 'max': max(times)}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def scale(sizes: list[int], tmp: Path) -> dict[str, dict[str, dict[str, float]]]:
    sys.path.insert(0, str(HERE))
    from generate import make_document

    from briefing import save

    results: dict[str, dict[str, dict[str, float]]] = {}
    for n in sizes:
        path = tmp / f"synthetic-{n}.yaml"
        save(make_document(n), path)
        results[str(n)] = {}
        for step in STEPS:
            res = subprocess.run([sys.executable, str(HERE / "step.py"), step, str(path)],
                                 check=True, capture_output=True, text=True)
            results[str(n)][step] = json.loads(res.stdout.strip().splitlines()[-1])
            print(f"  N={n:4d} {step:8s} {results[str(n)][step]['seconds']:8.2f} s "
                  f"{results[str(n)][step]['peak_rss_mb']:7.1f} MB", flush=True)
    return results


def soffice_anchor(repeat: int, tmp: Path) -> dict[str, float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    deck = tmp / "cold" / "iran-pakistan-2024.pptx"
    if not deck.exists():
        subprocess.run([sys.executable, "-m", "briefing", "export", "--example",
                        "--pptx", str(deck)], check=True)
    profile = tmp / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
           "pdf", "--outdir", str(tmp / "lo"), str(deck)]
    subprocess.run(cmd, check=True, capture_output=True)  # first start creates the profile
    return timed(cmd, repeat)


def gui(tmp: Path) -> dict | None:
    script = HERE / "gui_bench.py"
    if not script.exists():
        return None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                         timeout=600)
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1] if res.stderr else "failed"}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,500")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--no-soffice", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        results: dict = {
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "cpu_model": cpu_model(),
                        "load_average_at_start": os.getloadavg()},
        }
        print("cold CLI export --example (3 outputs) ...", flush=True)
        results["cold_cli"] = cold_cli(args.repeat, tmp)
        print("warm in-process export ...", flush=True)
        results["warm_in_process"] = warm_in_process(args.repeat, tmp)
        if not args.no_soffice:
            print("LibreOffice anchor ...", flush=True)
            results["soffice_pdf_of_example_deck"] = soffice_anchor(args.repeat, tmp)
        print("scale ...", flush=True)
        results["scale"] = scale(sizes, tmp)
        print(f"CLI export of N={max(sizes)} ...", flush=True)
        results["cli_at_scale"] = {"n": max(sizes), **cli_at_scale(max(sizes), tmp)}
        if not args.no_gui:
            print("GUI ...", flush=True)
            results["gui"] = gui(tmp)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["targets"] = targets(results, sizes)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    report(results, sizes)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def targets(r: dict, sizes: list[int]) -> list[dict]:
    """Each target of issue 7 with the figure that decides it."""
    out: list[dict] = []

    def check(name: str, value: float | None, limit: float, unit: str) -> None:
        out.append({"target": name, "value": None if value is None else round(value, 3),
                    "limit": limit, "unit": unit,
                    "met": None if value is None else bool(value <= limit)})

    cold = r["cold_cli"]["median"]
    check("cold CLI export --example, 3 outputs", cold, 2.5, "s")
    lo = r.get("soffice_pdf_of_example_deck")
    if lo:
        check("cold CLI / LibreOffice pptx->pdf", cold / lo["median"], 0.5, "ratio")
    check("warm in-process export of the example", r["warm_in_process"]["median"], 0.5, "s")
    top = str(max(sizes))
    if top in r["scale"]:
        for step in STEPS[2:]:
            row = r["scale"][top][step]
            check(f"N={top} {step} time", row["seconds"], 20.0, "s")
            check(f"N={top} {step} peak RSS", row["peak_rss_mb"], 500.0, "MB")
        low = str(min(sizes))
        if low != top:
            for step in STEPS[1:]:
                ratio = r["scale"][top][step]["seconds"] / max(r["scale"][low][step]["seconds"],
                                                               1e-9)
                check(f"growth {step} N={top}/N={low}", ratio, 12.0, "x")
    g = r.get("gui") or {}
    preview = g.get("preview") or {}
    if "redraw_ms_median" in preview:
        check("chart preview redraw, median", preview["redraw_ms_median"], 100.0, "ms")
    stall = g.get("stall") or {}
    if "max_gap_ms" in stall:
        check("longest UI stall during an export", stall["max_gap_ms"], 100.0, "ms")
    return out


def report(r: dict, sizes: list[int]) -> None:
    print()
    print(f"{'measure':48s} {'median s':>9s}")
    print(f"{'cold CLI export --example (3 outputs)':48s} {r['cold_cli']['median']:9.2f}"
          f"  (CPU {r['cold_cli']['cpu_median']:.2f} s)")
    print(f"{'warm in-process export (3 outputs)':48s} {r['warm_in_process']['median']:9.3f}")
    lo = r.get("soffice_pdf_of_example_deck")
    if lo:
        print(f"{'LibreOffice pptx->pdf of the example deck':48s} {lo['median']:9.2f}"
              f"  (CPU {lo['cpu_median']:.2f} s)")
        print(f"{'  ratio cold CLI / LibreOffice (target <= 0.5)':48s} "
              f"{r['cold_cli']['median'] / lo['median']:9.2f}")
    print()
    print(f"{'N':>5s} " + " ".join(f"{s:>16s}" for s in STEPS))
    for n in sizes:
        row = r["scale"][str(n)]
        print(f"{n:5d} " + " ".join(f"{row[s]['seconds']:7.2f}s {row[s]['peak_rss_mb']:5.0f}MB"
                                   for s in STEPS))
    if len(sizes) > 1:
        lo_n, hi_n = str(sizes[0]), str(sizes[-1])
        print(f"growth {hi_n}/{lo_n}: " + ", ".join(
            f"{s} {r['scale'][hi_n][s]['seconds'] / max(r['scale'][lo_n][s]['seconds'], 1e-9):.1f}x"
            for s in STEPS))
    scale_cli = r.get("cli_at_scale")
    if scale_cli:
        print(f"CLI export of N={scale_cli['n']} (3 outputs): "
              f"{scale_cli['beside']['median']:.2f} s with the deck written beside the PDFs, "
              f"{scale_cli['in_turn']['median']:.2f} s in turn")
    if r.get("gui"):
        print("GUI:", json.dumps(r["gui"]))
    print()
    print(f"{'target':48s} {'value':>9s} {'limit':>7s}  met")
    for t in r.get("targets", []):
        value = "n/a" if t["value"] is None else f"{t['value']:.3g}"
        print(f"{t['target']:48s} {value:>9s} {t['limit']:>7g}  "
              f"{'yes' if t['met'] else 'NO' if t['met'] is False else '?'}")


if __name__ == "__main__":
    main()
