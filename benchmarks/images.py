"""Time and peak memory of exporting briefings that show one big picture (issue 12, item 3).

    python benchmarks/images.py [--sections 1,10] [--size 9400] [--jpeg] [--keep DIR]

Writes a SIZE x SIZE RGBA PNG (just inside Pillow's 89.5-megapixel limit at 9400), or with
--jpeg an RGB JPEG of the same picture, and, for each
N in --sections, a briefing of N image sections that all show it, then runs
`/usr/bin/time -v python -m briefing export FILE -o OUT --report` on each (deck, slides PDF,
handout and briefing paper) and prints wall time, CPU time, the peak resident memory of the
largest process (`Maximum resident set size`), and the size of every output. Tests never
assert on these figures; docs/reliability.md quotes them.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_picture(path: Path, size: int) -> None:
    """A smooth RGBA picture (gradients in every channel, so it compresses to about a megabyte
    but decodes to size * size * 4 bytes, as a photograph saved as PNG would); a JPEG keeps
    the colour channels."""
    from PIL import Image

    g = Image.linear_gradient("L").resize((size, size))
    r = Image.radial_gradient("L").resize((size, size))
    picture = Image.merge("RGBA", (g, r, g.transpose(Image.Transpose.ROTATE_90),
                                   r.point(lambda v: 255 - v)))
    if path.suffix == ".jpg":
        picture = picture.convert("RGB")
    picture.save(path)


def briefing(n: int, image: str) -> str:
    sections = "".join(f"  - kind: image\n    title: Picture {i + 1}\n"
                       f"    image: {{path: {image}, caption: Satellite view {i + 1}}}\n"
                       for i in range(n))
    return ("format: briefing/1\ntitle: Big pictures\nas_of: 2024-01-19\nsections:\n"
            + sections)


def measure(cmd: list[str]) -> dict[str, float]:
    run = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=ROOT, capture_output=True,
                         text=True)
    if run.returncode != 0:
        sys.exit(f"failed ({run.returncode}): {' '.join(cmd)}\n{run.stderr[-2000:]}")

    def field(name: str) -> str:
        found = re.search(rf"^\s*{re.escape(name)}: (.+)$", run.stderr, re.M)
        return found.group(1) if found else "0"

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    return {"wall_s": round(sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall))), 2),
            "cpu_s": round(float(field("User time (seconds)"))
                           + float(field("System time (seconds)")), 2),
            "peak_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", default="1,10")
    ap.add_argument("--size", type=int, default=9400)
    ap.add_argument("--jpeg", action="store_true", help="a JPEG instead of an RGBA PNG")
    ap.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        name = "big.jpg" if args.jpeg else "big.png"
        big_picture(tmp / name, args.size)
        print(f"{args.size}x{args.size} {'RGB JPEG' if args.jpeg else 'RGBA PNG'}, "
              f"{(tmp / name).stat().st_size / 1e6:.1f} MB")
        for n in (int(x) for x in args.sections.split(",")):
            doc = tmp / f"pictures{n}.yaml"
            doc.write_text(briefing(n, name), encoding="utf-8")
            out = tmp / f"out{n}"
            figures = measure([sys.executable, "-m", "briefing", "export", str(doc), "-o",
                               str(out), "--report"])
            sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
                              for p in sorted(out.iterdir()))
            print(f"{n:>3} section(s): {figures['wall_s']} s wall, {figures['cpu_s']} s CPU, "
                  f"peak {figures['peak_mb']} MB; {sizes}")


if __name__ == "__main__":
    main()
