"""A copy of the document for a background thread, taken in a few milliseconds.

The GUI thread must not hand its live `Document` to a worker (edits would race with it), and a
deep copy of a long document holds the window: `copy.deepcopy` of 1,000 sections took about
100 ms. Pickling takes a fifth of that in the GUI thread; the worker unpickles its own copy.
Only the application's own objects are pickled and unpickled here, never anything read from
outside.
"""

from __future__ import annotations

import pickle

from briefing import model as m


def take(doc: m.Document) -> bytes:
    """The document as it is now, for `restore` in another thread."""
    return pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)


def restore(snapshot: bytes) -> m.Document:
    """A private copy of the document `take` saw."""
    doc = pickle.loads(snapshot)
    if not isinstance(doc, m.Document):
        raise TypeError("not a document snapshot")
    return doc
