"""Exporting text that needs a font of the machine (Chinese from Noto Sans CJK): time and memory.

Usage: python benchmarks/machine_fonts.py [DISTINCT ...]  (default 40 300 3000)
For each count, writes a briefing whose text uses that many different Chinese characters
(1,500 characters of text, or the count if more), exports it with every output in a fresh
process, with the machine's fonts and without them (BRIEFING_SYSTEM_FONTS=0: boxes and a
warning), and prints one JSON line each: {"distinct", "machine_fonts", "seconds",
"peak_rss_mb"}. Needs a CJK font known to fontconfig (apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def briefing(distinct: int) -> str:
    rnd = random.Random(distinct)
    chars = [chr(c) for c in rnd.sample(range(0x4E00, 0x9FA5), distinct)]
    text = "".join(chars) + "".join(rnd.choice(chars) for _ in range(max(0, 1500 - distinct)))
    body = "\n".join(f"      - {text[i:i + 50]}" for i in range(0, len(text), 50))
    return ("format: briefing/1\ntitle: Machine fonts\nas_of: 2024-01-20\nsections:\n"
            f"  - kind: text\n    title: Text\n    text: |\n{body}\n")


def run(path: Path, out: Path, machine_fonts: bool) -> tuple[float, float]:
    env = dict(os.environ, BRIEFING_SYSTEM_FONTS="1" if machine_fonts else "0")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _EXPORT, "export", str(path), "-o", str(out),
                           "--report"], env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.split()[-1]) / 1024


#: the export in this process, then its own peak resident memory in KB (the deck written
#: beside it in a fork is not counted)
_EXPORT = ("import resource, sys\nfrom briefing.cli import main\nstatus = main(sys.argv[1:])\n"
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(status)")


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [40, 300, 3000]
    with tempfile.TemporaryDirectory() as tmp:
        for distinct in counts:
            path = Path(tmp) / f"cjk-{distinct}.yaml"
            path.write_text(briefing(distinct), encoding="utf-8")
            for machine_fonts in (False, True):
                seconds, peak = run(path, Path(tmp) / f"out-{distinct}-{machine_fonts}",
                                    machine_fonts)
                print(json.dumps({"distinct": distinct, "machine_fonts": machine_fonts,
                                  "seconds": round(seconds, 2), "peak_rss_mb": round(peak)}))


if __name__ == "__main__":
    main()
