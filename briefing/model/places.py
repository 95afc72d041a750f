"""Map marker numbers, shared by the map and the timeline: decided once, here.

Places named by timeline events (`place_ref`) are numbered first, in the order of the events
(document order), then every other place in the order of its map section's list. Run on the
document as the audience sees it, so a removed place leaves no gap and no number behind.
"""

from __future__ import annotations

from briefing.model.document import Document


def place_numbers(doc: Document) -> dict[str, int]:
    """Place key (id, else name) -> its marker number, over every included map section."""
    keys = [p.key for s in doc.included_sections if s.kind == "map" for p in s.places
            if p is not None]
    known = set(keys)
    numbers: dict[str, int] = {}
    for section in doc.included_sections:
        if section.kind != "timeline":
            continue
        for event in section.events:
            ref = event.place_ref
            if ref in known and ref not in numbers:
                numbers[ref] = len(numbers) + 1
    for key in keys:
        if key not in numbers:
            numbers[key] = len(numbers) + 1
    return numbers
