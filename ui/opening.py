"""Opening a file without freezing the window.

Reading and checking a 1,000-section briefing takes a third of a second (1,440 sections: about
half), and the window used to freeze for it. The file is read in a worker process
(`ui.background.CHECK`); meanwhile the window repaints and what the user types waits in Qt's
queue (`background.wait_responsive`), so it is neither lost nor typed into the old document.
"""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from briefing import model as m
from briefing.errors import BriefingError
from briefing.reader import load_file

from . import background, snapshot


def load_responsive(path: str | Path) -> m.Document:
    """`load_file(path)`, read in a worker; raises `BriefingError` as `load_file` does."""
    try:
        document, problems = background.wait_responsive(
            background.submit_to(background.CHECK, snapshot.read, str(path)))
    except (BrokenProcessPool, OSError, RuntimeError):  # no worker could run: read it here
        return load_file(path)
    if problems is not None:
        raise BriefingError(problems)
    return snapshot.restore(document)
