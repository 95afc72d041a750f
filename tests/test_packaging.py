"""An installed wheel carries everything the code needs at run time, not only a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    src = out / "src"
    # copy only what git would ship, so stray local files cannot make the test pass
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if files.returncode != 0:
        pytest.skip("not a git checkout")
    for name in files.stdout.splitlines():
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(src)], check=True)
    return next(out.glob("*.whl"))


def test_wheel_contains_the_example_fonts_themes_and_skeletons(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "briefing/_data/resources/examples/iran-pakistan-2024.yaml",
        "briefing/_data/resources/fonts/LiberationSans-Regular.ttf",
        "briefing/_data/resources/fonts/NotoNaskhArabic-Regular.ttf",
        "briefing/_data/resources/fonts/NotoNaskhArabic-Bold.ttf",
        "briefing/_data/resources/fonts/LICENSE-Noto.txt",
        "briefing/_data/templates/themes/default.yaml",
        "briefing/_data/templates/themes/high-contrast.yaml",
        "briefing/_data/templates/skeletons/basic.yaml",
        "briefing/_data/docs/format.md",
        "briefing/cli.py",
        "ui/__init__.py",
    ):
        assert needed in names, needed


def test_wheel_declares_both_commands(wheel):
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("entry_points.txt"))
        text = zf.read(entry).decode()
    assert "briefing = briefing.cli:main" in text
    assert "briefing-desk = ui.app:main" in text


def test_installed_layout_finds_its_data_without_the_checkout(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import briefing.resources as r; "
            "print(r.example_path()); print(r.theme_names())")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin"})
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "site" / "briefing" / "_data") in result.stdout
    assert "high-contrast" in result.stdout
