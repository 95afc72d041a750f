"""What a valid briefing still lacks for some readers: advice, not errors.

A picture without `alt` exports (the deck and the PDFs fall back to its caption, then the
section's title), but a screen reader then says only that, not what the picture shows. The rule
is made here, on the model, so the command line and the desktop app can both say it.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model import document as m

MISSING_ALT = ("no `alt` text: a screen reader says only {fallback}, not what the picture "
               "shows; add `alt: ...` under `image:` describing it in a sentence")


@dataclass(frozen=True)
class Advice:
    """One piece of advice: the field it is about (a path, as problems name fields), the
    path of the nearest part that is written (to locate it), and what to do."""

    path: str
    written: str
    message: str


def advise(doc: m.Document) -> list[Advice]:
    """Every piece of advice for `doc`, in document order."""
    out: list[Advice] = []
    for i, section in enumerate(doc.sections):
        if section.kind == "image" and section.image is not None \
                and not (section.image.alt or "").strip():
            caption = (section.image.caption or "").strip()
            fallback = "its caption" if caption else "\"Picture\" and the slide's title"
            out.append(Advice(f"sections[{i}].image.alt", f"sections[{i}].image",
                              MISSING_ALT.format(fallback=fallback)))
    return out
