"""The dependency rule: `briefing` (the core) never imports Qt; `ui` builds on `briefing`."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import briefing

CORE = Path(briefing.__file__).parent


def test_no_core_module_mentions_qt_imports():
    offenders = []
    for path in CORE.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                    q in stripped for q in ("PySide", "PyQt", "shiboken", " ui", "ui.")):
                offenders.append(f"{path.relative_to(CORE.parent)}:{n}: {stripped}")
    assert not offenders, "\n".join(offenders)


def test_no_module_imports_matplotlib():
    """Charts are ReportLab drawings everywhere (`briefing.charts.drawing`); matplotlib cost most of
    a second of every cold export and is not a dependency."""
    offenders = []
    for folder in (CORE, CORE.parent / "ui"):
        for path in folder.rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith(("import ", "from ")) and "matplotlib" in stripped:
                    offenders.append(f"{path.relative_to(CORE.parent)}:{n}: {stripped}")
    assert not offenders, "\n".join(offenders)


def in_a_fresh_process(code: str) -> str:
    """What `code` prints when run by a new interpreter (which must succeed)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_every_core_module_loads_no_qt():
    names = [m.name for m in pkgutil.walk_packages([str(CORE)], prefix="briefing.")
             if m.name != "briefing.__main__"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide', 'PyQt', 'shiboken')))\n"
        "print(','.join(qt))\n"
    )
    loaded = in_a_fresh_process(code)
    assert loaded == "", f"Qt loaded by the core: {loaded}"
    assert len(names) > 10


def test_the_import_contracts_hold():
    """pyproject.toml's import-linter contracts: the pipeline's layers (cli > export > render >
    charts > layout > text | format > model), the deck and the PDFs independent, no Qt in the
    core, no ReportLab or python-pptx under the layout, the GUI over the core, no cycles."""
    from importlinter.cli import lint_imports

    config = CORE.parent / "pyproject.toml"
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 0


def test_laying_out_a_document_loads_neither_reportlab_nor_python_pptx():
    # given a fresh process, when the example is laid out (every text measured), then neither
    # drawing library was imported: the layout measures with the font files themselves
    code = (
        "import sys\n"
        "from briefing.format.reader import load_file\n"
        "from briefing.layout import layout_document\n"
        "from briefing.resources import example_path\n"
        "deck = layout_document(load_file(example_path()))\n"
        "assert len(deck.pages) > 5\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'pptx'})))\n"
    )
    loaded = in_a_fresh_process(code)
    assert loaded == "", f"loaded by the layout: {loaded}"
