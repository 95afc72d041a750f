"""A copy of the document for a worker, taken in a few milliseconds.

The GUI thread must not hand its live `Document` to a worker (edits would race with it), and a
deep copy of a long document holds the window: `copy.deepcopy` of 1,000 sections took about
100 ms, pickling it whole 18 ms (70-150 ms on a busy machine), once a keystroke. So a snapshot
is the document's own fields plus one pickle per section, and `SnapshotCache` keeps each
section's pickle until that section is edited: after a keystroke, one section is pickled again.
Only the application's own objects are pickled and unpickled here, never anything read from
outside.
"""

from __future__ import annotations

import pickle
from dataclasses import replace

from briefing.model import document as m

_PROTOCOL = pickle.HIGHEST_PROTOCOL


class SnapshotCache:
    """Each section's pickle, by the section object, until `forget` (it was edited) or `clear`
    (anything else changed, or nobody said what)."""

    def __init__(self) -> None:
        self._sections: dict[int, tuple[m.Section, bytes]] = {}
        self.pickled = 0  # sections pickled so far (tests count the work)

    def forget(self, section: m.Section) -> None:
        self._sections.pop(id(section), None)

    def clear(self) -> None:
        self._sections.clear()

    def take(self, doc: m.Document) -> bytes:
        """The document as it is now, for `restore` in another thread or process."""
        kept: dict[int, tuple[m.Section, bytes]] = {}
        parts = []
        for section in doc.sections:
            entry = self._sections.get(id(section))
            if entry is None or entry[0] is not section:
                entry = (section, pickle.dumps(section, protocol=_PROTOCOL))
                self.pickled += 1
            kept[id(section)] = entry  # the entry holds the section: its id stays its own
            parts.append(entry[1])
        self._sections = kept
        shell = replace(doc, sections=[])
        return pickle.dumps((shell, parts), protocol=_PROTOCOL)


def take(doc: m.Document) -> bytes:
    """The document as it is now, with nothing cached (a one-off: an export)."""
    return SnapshotCache().take(doc)


def restore(snapshot: bytes) -> m.Document:
    """A private copy of the document a snapshot saw."""
    shell, parts = pickle.loads(snapshot)
    if not isinstance(shell, m.Document):
        raise TypeError("not a document snapshot")
    shell.sections = [pickle.loads(p) for p in parts]
    return shell


def text_of(snapshot: bytes) -> str:
    """The document a snapshot saw, as the YAML a save writes (for the autosave, in a worker)."""
    from briefing.format.writer import dumps

    return dumps(restore(snapshot))


def read(path: str) -> tuple[bytes | None, list | None]:
    """`briefing.format.reader.load_file(path)` for a worker: (snapshot, None), or (None, problems)
    when the file is refused (the problems travel back; the exception would not)."""
    from briefing.errors import BriefingError
    from briefing.format.reader import load_file

    try:
        return take(load_file(path)), None
    except BriefingError as exc:
        return None, exc.problems
