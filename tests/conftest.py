"""Shared fixtures. Qt must run offscreen before any QApplication exists, or it aborts the run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests draw the same examples on every run, so a red run is a change in the code, not
# a lucky draw; `BRIEFING_EXPLORE=1` (or a soak with BRIEFING_EXAMPLES) draws new ones, and
# what they find becomes a spec-style test (as tests/test_reader.py's lone surrogate did).
if os.environ.get("BRIEFING_EXPLORE") != "1" and not os.environ.get("BRIEFING_EXAMPLES"):
    from hypothesis import settings as _settings

    _settings.register_profile("repeatable", derandomize=True)
    _settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "iran-pakistan-2024.yaml"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example_doc():
    from briefing import load_file

    return load_file(EXAMPLE)


def example_slides() -> int:
    """The example deck's slide count, as the layout decides it (title, agenda, a header per
    part, the sections' slides, sources): tests derive it rather than hard-code it."""
    from briefing import load_file
    from briefing.layout import layout_document

    return len(layout_document(load_file(EXAMPLE)).pages)
