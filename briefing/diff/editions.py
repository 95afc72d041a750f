"""Two editions compared as an audience sees them.

Both editions are filtered for the audience *before* they are compared, so a change inside a part
the audience may not see leaves no trace: not a line, not a count, not a removed section.
"""

from __future__ import annotations

from briefing.model import document as m
from briefing.model.compare import Comparison, compare
from briefing.model.markings import filter_for_audience


class AudienceError(ValueError):
    """The audience is not a level of one of the editions; `edition` says which ('old', 'new')."""

    def __init__(self, message: str, edition: str):
        super().__init__(message)
        self.edition = edition


def compare_editions(old: m.Document, new: m.Document, audience: str | None = None
                     ) -> Comparison:
    """The changes from `old` to `new` that `audience` may see (all of them for None)."""
    if audience is not None:
        for name, doc in (("old", old), ("new", new)):
            if audience not in doc.markings:
                levels = ", ".join(doc.markings) or "none"
                raise AudienceError(f"--audience {audience!r} is not a handling level of the "
                                    f"{name} edition (its levels: {levels})", name)
        old, new = filter_for_audience(old, audience), filter_for_audience(new, audience)
    return compare(old, new)
