"""Opening a file without freezing the window.

Reading and checking a 1,000-section briefing takes a third of a second (1,440 sections: about
half), and the window used to freeze for it. The file is read in a worker process
(`ui.background.CHECK`); meanwhile the window repaints and what the user types waits in Qt's
queue (`background.wait_responsive`), so it is neither lost nor typed into the old document.
"""

from __future__ import annotations

import gc
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from briefing.errors import BriefingError
from briefing.format.reader import load_file
from briefing.model import document as m

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
    gc.disable()  # 200,000 new objects for 1,000 sections: no full collection halfway
    try:
        doc = snapshot.restore(document)
    finally:
        gc.enable()
    # The document lives as long as it is open, and is a tree (no reference cycles: reference
    # counting frees it when it is closed). Frozen, the collector does not walk it again at
    # every full collection in the GUI thread (100-300 ms each for 1,000 sections). What else
    # is alive now is frozen with it: a reference cycle among those that dies later is not
    # collected (Qt wrappers of a closed editor: small beside a document).
    gc.freeze()
    return doc
