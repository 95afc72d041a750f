"""How a source entry and an event's place and actor are worded, once for every output.

The sources slide and the paper's endnotes used to word the same source differently ("Grade B2"
against "Graded B2", "Publisher, date" against "Publisher. date", a URL with or without a full
stop before the grade, a lower-case "unknown." starting a sentence), and the deck and the paper
named an event's place and actor in opposite orders. Both take their words from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model.document import Source, format_date


def sentence(text: str) -> str:
    """`text` as a sentence: first letter capitalised, ending in a full stop."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class SourceWords:
    """A source entry's parts, each a sentence but the URL: "Title." "Publisher, 18 January
    2024." "https://..." "Grade B2." (the URL gets its full stop when the grade follows)."""

    title: str
    origin: str  # publisher and date, "" when neither is known
    url: str
    grade: str

    @property
    def url_stop(self) -> str:
        """What follows the URL: a full stop before a grade, so the grade is its own sentence."""
        return "." if self.url and self.grade else ""


def source_words(src: Source) -> SourceWords:
    origin = ", ".join(p for p in ((src.publisher or "").strip(),
                                   format_date(src.date) if src.date else "") if p)
    grade = (src.reliability or "") + (str(src.credibility) if src.credibility else "")
    title = src.title.strip().rstrip(".")  # as written: a title may begin in lower case
    return SourceWords(title=title + "." if title else "", origin=sentence(origin),
                       url=(src.url or "").strip(), grade=f"Grade {grade}." if grade else "")


def source_text(src: Source) -> str:
    """A source entry as one line of text (the sources slide)."""
    w = source_words(src)
    return " ".join(p for p in (w.title, w.origin, w.url + w.url_stop if w.url else "", w.grade)
                    if p)


def place_and_actor(place: str | None, actor: str | None) -> list[str]:
    """An event's place, then its actor (where, then who), in every output."""
    return [p for p in (place, actor) if p]
