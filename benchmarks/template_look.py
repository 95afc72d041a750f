"""How long the window holds when an export template is chosen: `ui.look.look_of` reads the
template (its clean package and theme) and finds its body font through fontconfig, once per
template file, in the GUI thread (the previews then lay out in the worker process, which reads
it once too). Each template is timed in a fresh interpreter, after the window's own imports.
Run: python -m benchmarks.template_look [TEMPLATE.pptx ...] (default: the sample corporate
template, and a copy of it whose theme names DejaVu Serif)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
CORPORATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TIMED = """
import sys, time
from pathlib import Path
import ui.controller, ui.preview  # what the window has loaded before a template is chosen
from ui.look import look_of
t = time.perf_counter(); look = look_of(Path(sys.argv[1])); first = time.perf_counter() - t
t = time.perf_counter(); look_of(Path(sys.argv[1])); again = time.perf_counter() - t
font = look.faces.regular if look.faces else "Liberation Sans"
print(f"{Path(sys.argv[1]).name}: first {first * 1000:.0f} ms, again {again * 1000:.2f} ms "
      f"(main font {font}; {look.problem or 'read'})")
"""


def serif_copy(folder: Path, family: str = "DejaVu Serif") -> Path:
    """The sample template with `family` as its theme's heading and body font."""
    out = folder / "corporate-serif.pptx"
    with zipfile.ZipFile(CORPORATE) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "ppt/theme/theme1.xml":
                root = etree.fromstring(data)
                for which in ("majorFont", "minorFont"):
                    root.find(f".//{_A}fontScheme/{_A}{which}/{_A}latin").set("typeface", family)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    return out


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        templates = [Path(a) for a in argv] or [CORPORATE, serif_copy(Path(tmp))]
        for template in templates:
            subprocess.run([sys.executable, "-c", _TIMED, str(template)], cwd=ROOT, check=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


if __name__ == "__main__":
    main(sys.argv[1:])
