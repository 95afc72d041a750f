"""Finding the data files (example, themes, skeletons, fonts) from a wheel or a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root(kind: str) -> Path:
    """`kind` is 'resources', 'templates' or 'docs'.

    An installed wheel carries them under `briefing/_data/`; a source checkout (or an editable
    install) has them beside the package.
    """
    for candidate in (_PACKAGE_DIR / "_data" / kind, _PACKAGE_DIR.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Briefing Desk's {kind} folder is missing: reinstall the package")


def example_path() -> Path:
    return data_root("resources") / "examples" / "iran-pakistan-2024.yaml"


def fonts_dir() -> Path:
    return data_root("resources") / "fonts"


def icons_dir() -> Path:
    return data_root("resources") / "icons"


def themes_dir() -> Path:
    return data_root("templates") / "themes"


def skeletons_dir() -> Path:
    return data_root("templates") / "skeletons"


def docs_dir() -> Path:
    return data_root("docs")


@cache
def theme_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in themes_dir().glob("*.yaml")))


def skeleton_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in skeletons_dir().glob("*.yaml")))
