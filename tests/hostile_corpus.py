"""The hostile-input corpus: what each file must produce, and the big files built at test time.

Small hostile files live in `tests/data/hostile/` (and rule-breaking briefings in
`tests/data/invalid/`), each with a sidecar `NAME.expect`:

    # what the file is (comment)
    LINE:COL | FIELD.PATH | a substring of the message

one line per problem the reader must report (`-` where there is no line or no field path; a
path ending in `*` is a prefix, for paths that run 64 levels deep), or the single word `valid`.

Files too big to commit (a 100 MB string, 100,000 sections, 10,000-deep nesting, alias bombs,
decompression-bomb images, symlinks, FIFOs) are written on demand by `GENERATED`.

Run `python tests/hostile_corpus.py` to build everything in a temporary folder and print, for
each case, the exit code, CPU time and peak memory of `python -m briefing validate FILE`.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
HEAD = "format: briefing/1\ntitle: Hostile input\nas_of: 2024-01-19\n"
SECTION = "  - {kind: summary, title: Bottom line, text: Nothing here.}\n"
MB = 1024 * 1024


# -- expectations ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expected:
    """One problem the reader must report: where, in which field, and part of what it says."""

    line: int | None
    column: int | None
    path: str
    message: str

    @classmethod
    def parse(cls, text: str) -> Expected:
        where, path, message = (part.strip() for part in text.split("|", 2))
        line = column = None
        if where != "-":
            line_text, column_text = where.split(":")
            line, column = int(line_text), int(column_text)
        return cls(line, column, "" if path == "-" else path, message)

    def prefix(self, file: str | Path) -> str:
        """The start of the stderr line: `FILE:LINE:COL: error: PATH: ` (or the prefix of PATH)."""
        where = str(file) + (f":{self.line}:{self.column}" if self.line is not None else "")
        if not self.path:
            return f"{where}: error: "
        if self.path.endswith("*"):
            return f"{where}: error: {self.path[:-1]}"
        return f"{where}: error: {self.path}: "

    def matches(self, file: str | Path, reported: str) -> bool:
        start = self.prefix(file)
        return reported.startswith(start) and self.message in reported[len(start):]


def read_expect(path: Path) -> list[Expected] | None:
    """The expectations in a `.expect` file; None means the file must validate."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if lines == ["valid"]:
        return None
    return [Expected.parse(line) for line in lines]


def corpus_files(folder: Path) -> list[Path]:
    """Every document of a corpus folder that has its `.expect` beside it."""
    return sorted(p for p in folder.glob("*.yaml") if p.with_suffix(".expect").is_file())


def problem_lines(stderr: str) -> list[str]:
    """The `FILE...: error: ...` lines the CLI printed (without the closing 'N errors' count)."""
    return [line for line in stderr.splitlines() if ": error: " in line]


# -- generated cases ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    """A hostile input built into a folder at test time; `build` returns the briefing's path."""

    name: str
    build: Callable[[Path], Path]
    expected: list[Expected] | None
    note: str


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _marked(text: str) -> tuple[str, int, int]:
    """Remove the one '¦' from `text`; return the text and the 1-based line and column it marked."""
    i = text.index("¦")
    line = text.count("\n", 0, i) + 1
    return text.replace("¦", "", 1), line, i - (text.rfind("\n", 0, i) + 1) + 1


def _string_100mb(folder: Path) -> Path:
    path = folder / "string-100mb.yaml"
    with path.open("wb") as out:
        out.write((HEAD + "subtitle: ").encode())
        chunk = b"x" * MB
        for _ in range(100):
            out.write(chunk)
        out.write(("\nsections:\n" + SECTION).encode())
    return path


def _string_9mb(folder: Path) -> Path:
    return _write(folder, "string-9mb", HEAD + "subtitle: " + "x" * (9 * 10**6) + "\nsections:\n"
                  + SECTION)


def _text_9mb(folder: Path) -> Path:
    return _write(folder, "section-text-9mb", HEAD + "sections:\n  - kind: text\n    title: T\n"
                  "    text: " + "word " * (18 * 10**5) + "\n")


def _sections(n: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        body = "".join(f"  - {{kind: summary, title: Section {i}, text: Text {i}.}}\n"
                       for i in range(n))
        return _write(folder, f"sections-{n}", HEAD + "sections:\n" + body)
    return build


def _flow_nesting(n: int, opener: str = "[", closer: str = "]") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return _write(folder, f"nesting-{n}-{'list' if opener == '[' else 'map'}",
                      HEAD + "sections: " + opener * n + closer * n + "\n")
    return build


def _dash_nesting(folder: Path) -> Path:
    return _write(folder, "nesting-10000-dashes", "- " * 10_000 + "x\n")


def _many_values(folder: Path) -> Path:
    return _write(folder, "values-300000",
                  HEAD + "".join(f"k{i}: {i}\n" for i in range(150_000)))


_LONG_LIST = HEAD + "sections:\n  - kind: chart\n    title: C\n    chart:\n      type: column\n" \
    "      categories: [" + ", ".join(f"c{i}" for i in range(10_000)) + ", ¦c10000, " + \
    ", ".join(f"c{i}" for i in range(10_001, 100_000)) + "]\n" \
    "      series: [{name: s, values: [1]}]\n"


def _long_list(folder: Path) -> Path:
    return _write(folder, "list-100000", _marked(_LONG_LIST)[0])


def _alias_bomb_wide(folder: Path) -> Path:
    lines = ["a0: &a0 [" + ",".join(['"lol"'] * 1000) + "]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 1000) + "]" for i in (1, 2)]
    return _write(folder, "alias-bomb-wide", "\n".join(lines) + "\n")


def _alias_bomb_sections(folder: Path) -> Path:
    """2,000 sections, each an alias of one section holding a big alias-built table."""
    row = "r: &r [" + ",".join(['"cell"'] * 50) + "]\n"
    table = "  - &s {kind: table, title: T, table: {columns: &c [" + \
        ",".join(f"c{i}" for i in range(50)) + "], rows: [" + ",".join(["*r"] * 200) + "]}}\n"
    return _write(folder, "alias-bomb-sections",
                  "format: briefing/1\n" + row + "title: T\nas_of: 2024-01-19\nsections:\n" + table
                  + "".join("  - *s\n" for _ in range(1999)))


def _alias_text_sections(folder: Path) -> Path:
    """A 200,000-character text anchored once and aliased into 1,999 more sections (issue 12)."""
    return _write(folder, "alias-text-sections", HEAD + "sections:\n"
                  "  - {kind: text, title: First, text: &t \"" + "x" * 200_000 + "\"}\n"
                  + "".join(f"  - {{kind: text, title: S{i}, text: *t}}\n" for i in range(1999)))


def _alias_text_rows(folder: Path) -> Path:
    """A table whose 9,000 rows are aliases of one 200,000-character row (issue 12)."""
    row = "[" + ", ".join(['"' + "y" * 20_000 + '"'] * 10) + "]"
    return _write(folder, "alias-text-rows", HEAD + "sections:\n  - kind: table\n    title: T\n"
                  "    table:\n      columns: [a, b, c, d, e, f, g, h, i, j]\n      rows:\n"
                  f"        - &r {row}\n" + "        - *r\n" * 8999)


def png_bytes(width: int, height: int) -> bytes:
    """A well-formed PNG header claiming `width` x `height` pixels, with a tiny body.

    Enough for Pillow to read the size (and refuse it) without anyone allocating the bitmap.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


IMAGE_DOC = HEAD + "sections:\n  - kind: image\n    title: Picture\n    image: {path: ¦%s, alt: A}\n"
_IMAGE_AT = _marked(IMAGE_DOC % "x")[1:]


def _image_case(name: str, prepare: Callable[[Path], str]) -> Callable[[Path], Path]:
    """A briefing whose image is what `prepare` puts in the folder (it returns the relative path)."""
    def build(folder: Path) -> Path:
        rel = prepare(folder)
        return _write(folder, name, _marked(IMAGE_DOC % rel)[0])
    return build


def _real_png(path: Path, size: tuple[int, int] = (32, 24)) -> None:
    from PIL import Image

    Image.new("RGB", size, (200, 40, 40)).save(path, "PNG")


def _bomb(folder: Path) -> str:
    (folder / "bomb.png").write_bytes(png_bytes(30_000, 30_000))
    return "bomb.png"


def _bomb_warning_zone(folder: Path) -> str:
    (folder / "big.png").write_bytes(png_bytes(10_000, 10_000))  # above the limit, below 2x
    return "big.png"


def _truncated_png(folder: Path) -> str:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(out, "PNG")
    data = out.getvalue()
    (folder / "cut.png").write_bytes(data[: len(data) - 100])
    return "cut.png"


def _oversized_file(folder: Path) -> str:
    path = folder / "huge.png"
    with path.open("wb") as out:
        out.write(png_bytes(100, 100))
        out.truncate(60 * MB)  # sparse: 60 MB on paper, nothing on disk
    return "huge.png"


def _symlink_out(folder: Path) -> str:
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    _real_png(outside / "secret.png")
    (folder / "link.png").symlink_to(outside / "secret.png")
    return "link.png"


def _symlink_dir_out(folder: Path) -> str:
    outside = folder.parent / f"{folder.name}-outside-dir"
    outside.mkdir(exist_ok=True)
    _real_png(outside / "pic.png")
    (folder / "pictures").symlink_to(outside, target_is_directory=True)
    return "pictures/pic.png"


def _symlink_dangling(folder: Path) -> str:
    (folder / "gone.png").symlink_to(folder / "never-existed.png")
    return "gone.png"


def _symlink_inside(folder: Path) -> str:
    (folder / "img").mkdir()
    _real_png(folder / "img" / "real.png")
    (folder / "alias.png").symlink_to(folder / "img" / "real.png")
    return "alias.png"


def _symlink_loop(folder: Path) -> str:
    (folder / "loop-a.png").symlink_to(folder / "loop-b.png")
    (folder / "loop-b.png").symlink_to(folder / "loop-a.png")
    return "loop-a.png"


def _fifo_image(folder: Path) -> str:
    os.mkfifo(folder / "pipe.png")
    return "pipe.png"


def _dir_named_png(folder: Path) -> str:
    (folder / "folder.png").mkdir()
    return "folder.png"


def _fifo_briefing(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _directory_briefing(folder: Path) -> Path:
    path = folder / "a-folder.yaml"
    path.mkdir()
    return path


def _missing_briefing(folder: Path) -> Path:
    return folder / "does-not-exist.yaml"


def _sparse_briefing(folder: Path) -> Path:
    path = folder / "sparse-1gb.yaml"
    with path.open("wb") as out:
        out.write(HEAD.encode())
        out.truncate(1024 * MB)
    return path


def _e(where: str, path: str, message: str) -> list[Expected]:
    return [Expected.parse(f"{where} | {path or '-'} | {message}")]


_IMG = f"{_IMAGE_AT[0]}:{_IMAGE_AT[1]}"
_LIST_AT = _marked(_LONG_LIST)[1:]

GENERATED: list[Generated] = [
    Generated("string-100mb", _string_100mb,
              _e("-", "", "the file is 104.9 MB; briefing files are limited to 10 MB"),
              "a 100 MB string: refused from its size, before reading"),
    Generated("sparse-1gb", _sparse_briefing,
              _e("-", "", "briefing files are limited to 10 MB"),
              "a 1 GB (sparse) file"),
    Generated("string-9mb", _string_9mb,
              _e("4:11", "subtitle", "9,000,000 characters; the limit here is 2,000"),
              "a 9 MB one-line field, under the file limit"),
    Generated("section-text-9mb", _text_9mb,
              _e("7:11", "sections[0].text", "the limit here is 200,000"),
              "a 9 MB section text"),
    Generated("sections-100000", _sections(100_000),
              _e(f"{4 + 2001}:5", "sections", "more than 2,000 sections in one list"),
              "100,000 sections: stopped at the 2,001st while streaming"),
    Generated("sections-2000", _sections(2000), None,
              "2,000 sections: the limit itself is accepted"),
    Generated("nesting-10000-list", _flow_nesting(10_000),
              _e("4:74", "sections[0]*", "nested more than 64 levels"),
              "10,000 nested [ ]"),
    Generated("nesting-10000-map", _flow_nesting(10_000, "{a: ", "}"),
              _e(f"4:{11 + 4 * 63}", "sections.a*", "nested more than 64 levels"),
              "10,000 nested {a: }"),
    Generated("nesting-1000000-list", _flow_nesting(1_000_000),
              _e("4:74", "sections[0]*", "nested more than 64 levels"),
              "1,000,000 nested [ ] (libyaml is quadratic here: the stream must stop early)"),
    Generated("nesting-10000-dashes", _dash_nesting,
              _e(f"1:{2 * 64 + 1}", "[0]*", "nested more than 64 levels"),
              "'- - - ... x': 10,000 compact block lists"),
    Generated("values-300000", _many_values,
              _e("50000:9", "k49996", "more than 100,000 values"),
              "150,000 keys (300,000 values) in one mapping"),
    Generated("list-100000", _long_list,
              _e(f"{_LIST_AT[0]}:{_LIST_AT[1]}", "sections[0].chart.categories",
                 "more than 10,000 entries in one list"),
              "100,000 chart categories"),
    Generated("alias-bomb-wide", _alias_bomb_wide,
              _e("2:5", "", "would expand to more than 100,000 values"),
              "3 levels of 1,000 aliases (a billion values)"),
    Generated("alias-bomb-sections", _alias_bomb_sections,
              _e("6:3", "", "would expand to more than 100,000 values"),
              "2,000 aliased sections each holding a 10,000-cell table"),
    Generated("alias-text-sections", _alias_text_sections,
              _e("5:3", "sections", "would hold more than 10,485,760 characters of text (the "
                 "value on line 5, 200,000 characters, is used 2,000 times)"),
              "a 200,000-character text aliased into 2,000 sections (few values, 400 M characters)"),
    Generated("alias-text-rows", _alias_text_rows,
              _e("10:9", "sections[0].table.rows", "would hold more than 10,485,760 characters"),
              "9,000 table rows aliasing one 200,000-character row"),
    Generated("image-decompression-bomb", _image_case("image-decompression-bomb", _bomb),
              _e(_IMG, "sections[0].image.path", "too large to open safely"),
              "a PNG header claiming 30,000 x 30,000 pixels (Pillow's DecompressionBombError)"),
    Generated("image-bomb-warning-zone", _image_case("image-bomb-warning-zone", _bomb_warning_zone),
              _e(_IMG, "sections[0].image.path", "too large to open safely"),
              "100 megapixels: over Pillow's limit, under the size where Pillow itself refuses"),
    Generated("image-truncated-noise", _image_case("image-truncated-noise", _truncated_png),
              _e(_IMG, "sections[0].image.path", "is damaged or cut short"),
              "a 256x256 noise PNG without its last 100 bytes"),
    Generated("image-60mb-file", _image_case("image-60mb-file", _oversized_file),
              _e(_IMG, "sections[0].image.path", "images are limited to 50 MB"),
              "a 60 MB (sparse) image file"),
    Generated("image-symlink-out", _image_case("image-symlink-out", _symlink_out),
              _e(_IMG, "sections[0].image.path", "is a link to a file outside the briefing's folder"),
              "a symlink to a real image outside the folder"),
    Generated("image-symlink-dir-out", _image_case("image-symlink-dir-out", _symlink_dir_out),
              _e(_IMG, "sections[0].image.path", "is a link to a file outside the briefing's folder"),
              "a symlinked subfolder that leads outside"),
    Generated("image-symlink-dangling", _image_case("image-symlink-dangling", _symlink_dangling),
              _e(_IMG, "sections[0].image.path", "not found next to the briefing"),
              "a symlink to nothing"),
    Generated("image-symlink-loop", _image_case("image-symlink-loop", _symlink_loop),
              _e(_IMG, "sections[0].image.path", "'loop-a.png'"),
              "two symlinks pointing at each other"),
    Generated("image-symlink-inside", _image_case("image-symlink-inside", _symlink_inside), None,
              "a symlink to an image inside the folder is fine"),
    Generated("image-fifo", _image_case("image-fifo", _fifo_image),
              _e(_IMG, "sections[0].image.path", "is not a regular file"),
              "a named pipe with a .png name (opening it would block for ever)"),
    Generated("image-folder-named-png", _image_case("image-folder-named-png", _dir_named_png),
              _e(_IMG, "sections[0].image.path", "is a folder, not an image"),
              "a folder called folder.png"),
    Generated("briefing-is-fifo", _fifo_briefing,
              _e("-", "", "is not a regular file"), "a named pipe given as the briefing"),
    Generated("briefing-is-folder", _directory_briefing,
              _e("-", "", "is a folder, not a briefing file"), "a folder given as the briefing"),
    Generated("briefing-missing", _missing_briefing,
              _e("-", "", "file not found"), "a path to nothing"),
]


# -- running the CLI in a child process, measured ----------------------------------------------
@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float
    peak_mb: float | None
    """The child's own peak resident memory, None if it died before reporting it."""


# The child reports its own peak memory on exit. On Linux getrusage()/wait4() would not do:
# a child's ru_maxrss starts from its parent's size at fork, so under a big pytest process
# every child would look big. VmHWM belongs to the child's own address space.
_CHILD = """\
import atexit, os, resource, runpy, sys
def _peak():
    kb = None
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    kb = int(line.split()[1])
    except OSError:
        pass
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.environ['BRIEFING_PEAK_FILE'], 'w') as out:
        out.write(str(kb))
atexit.register(_peak)
sys.argv[0] = 'briefing'
runpy.run_module('briefing', run_name='__main__', alter_sys=True)
"""


def run_cli(args: list[str], timeout: float = 120.0) -> Run:
    """`python -m briefing ARGS` in a child: exit code, output, CPU time (wait4), peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        env = dict(os.environ, PYTHONPATH=str(ROOT), BRIEFING_PEAK_FILE=str(peak_file))
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], cwd=ROOT, env=env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            try:
                _pid, status, usage = os.wait4(proc.pid, 0)
            finally:
                killer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
        peak = int(peak_file.read_text()) / 1024 if peak_file.is_file() else None
        return Run(proc.returncode, out_path.read_text("utf-8", "replace"),
                   err_path.read_text("utf-8", "replace"),
                   usage.ru_utime + usage.ru_stime, peak)


def main() -> None:
    """Build every generated case and print how the CLI fares on each (for docs/reliability.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'case':34} {'exit':>4} {'cpu s':>6} {'peak MB':>8}  first line of stderr")
        for case in GENERATED:
            folder = Path(tmp) / case.name
            folder.mkdir()
            path = case.build(folder)
            run = run_cli(["validate", str(path)])
            first = (run.stderr or run.stdout).splitlines()[0] if (run.stderr or run.stdout) else ""
            first = first.replace(str(folder) + "/", "")
            print(f"{case.name:34} {run.returncode:>4} {run.cpu_seconds:>6.2f} "
                  f"{run.peak_mb or -1:>8.1f}  {first[:110]}")


if __name__ == "__main__":
    main()
