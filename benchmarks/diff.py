"""The diff of two 500-section editions, in process (target: under 1 s).

Usage: python benchmarks/diff.py [N] [--repeat R]  -> prints JSON with median seconds of
R runs (default 5) for: comparing the two models, the same with both editions filtered for an
audience first, the text and JSON change lists, (for scale) loading the two YAML files, and the
example's export (deck, slides PDF, handout, paper) without and with `--since` a previous
edition (target: no more than 10% slower), in wall and in processor time. The previous edition
differs in one figure and one section, so the export with `--since` draws the change slide, the
NEW/UPDATED tags and the "was" note as well.

Today's edition is yesterday's (benchmarks/generate.py) with a realistic day's edits: one chart
value in ten raised, one text in five extended by a sentence, one judgment in four with another
confidence, ten sections moved, five removed, five added, three sources regraded.
"""

from __future__ import annotations

import copy
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from generate import make_document  # noqa: E402

from briefing import dumps, load_file  # noqa: E402
from briefing.diff.editions import compare_editions  # noqa: E402
from briefing.diff.present import as_json, as_text  # noqa: E402
from briefing.model import document as m  # noqa: E402
from briefing.model.compare import compare  # noqa: E402


def next_edition(doc: m.Document, seed: int = 7) -> m.Document:
    rng = random.Random(seed)
    new = copy.deepcopy(doc)
    for section in new.sections:
        if section.chart and rng.random() < 0.1:
            value = section.chart.series[0].values[0]
            value.value = (value.value or 0) + rng.randint(1, 20)
        if section.text and rng.random() < 0.2:
            section.text += " Officials reported further strikes overnight."
        for item in section.items:
            if rng.random() < 0.25:
                item.confidence = rng.choice(m.CONFIDENCE_LEVELS)
    for _ in range(10):
        new.sections.insert(rng.randrange(len(new.sections)),
                            new.sections.pop(rng.randrange(len(new.sections))))
    for _ in range(5):
        new.sections.pop(rng.randrange(len(new.sections)))
    for i in range(5):
        new.sections.insert(rng.randrange(len(new.sections)),
                            m.empty_section("text", f"New today {i}", f"new-{i}"))
    for source in new.sources[:3]:
        source.reliability = "A"
    new.as_of = new.as_of.replace(day=new.as_of.day + 1)
    return new


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 4)


def main() -> None:
    args = sys.argv[1:]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 5
    n = int(args[0]) if args and args[0].isdigit() else 500
    old = make_document(n)
    old.markings = ["PUBLIC", "INTERNAL"]
    for section in old.sections[::7]:
        section.marking = "INTERNAL"
    new = next_edition(old)
    result = compare(old, new)
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "old.yaml", Path(tmp) / "new.yaml"]
        for path, doc in zip(files, (old, new), strict=True):
            path.write_text(dumps(doc), encoding="utf-8")
        load = _median(lambda: [load_file(p) for p in files], repeat)
        export = _export_times(Path(tmp), max(1, repeat // 2 + 1))
    print(json.dumps({
        "sections": n,
        "changes": len(result.changes),
        "compare_s": _median(lambda: compare(old, new), repeat),
        "compare_for_audience_s": _median(lambda: compare_editions(old, new, "PUBLIC"), repeat),
        "text_s": _median(lambda: as_text(result), repeat),
        "json_s": _median(lambda: json.dumps(as_json(result)), repeat),
        "load_both_files_s": load,
        **export,
    }, indent=2))


def _export_times(tmp: Path, repeat: int) -> dict[str, float]:
    """The example exported in process, without and with the changes since an older edition."""
    from briefing.export.job import ExportJob, run_export
    from briefing.resources import example_path

    doc = load_file(example_path())
    previous = copy.deepcopy(doc)
    previous.sections.pop()
    previous.sections[2].chart.series[1].values[0].value = 7  # type: ignore[union-attr]

    def export(since: m.Document | None) -> None:
        out = tmp / ("since" if since else "plain")
        job = ExportJob(pptx=out / "d.pptx", pdf=out / "d.pdf", handout=out / "h.pdf",
                        report=out / "r.pdf", base_dir=example_path().parent, since=since)
        run_export(doc, job)

    export(None)  # warm: fonts and caches, as in an application exporting again
    export(previous)
    times: dict[str, list[float]] = {"plain": [], "since": [], "plain_cpu": [], "since_cpu": []}
    for _ in range(repeat):  # interleaved, so a busy moment of the machine hits both alike
        for name, since in (("plain", None), ("since", previous)):
            wall, cpu = time.perf_counter(), time.process_time()
            export(since)
            times[name].append(time.perf_counter() - wall)
            times[name + "_cpu"].append(time.process_time() - cpu)
    med = {k: statistics.median(v) for k, v in times.items()}
    # processor time as well: on a shared machine, other processes stretch wall time unevenly
    return {"export_example_s": round(med["plain"], 4),
            "export_example_since_s": round(med["since"], 4),
            "since_slowdown_pct": round(100 * (med["since"] - med["plain"]) / med["plain"], 1),
            "export_example_cpu_s": round(med["plain_cpu"], 4),
            "export_example_since_cpu_s": round(med["since_cpu"], 4),
            "since_slowdown_cpu_pct": round(100 * (med["since_cpu"] - med["plain_cpu"])
                                            / med["plain_cpu"], 1)}


if __name__ == "__main__":
    main()
