"""How a source entry and an event's place and actor are worded, once for every output.

The sources slide and the paper's endnotes used to word the same source differently ("Grade B2"
against "Graded B2", "Publisher, date" against "Publisher. date", a URL with or without a full
stop before the grade, a lower-case "unknown." starting a sentence), and the deck and the paper
named an event's place and actor in opposite orders. Both take their words from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model.document import Source, format_date
from briefing.text.bidi import needs_bidi, paragraph_direction

#: a timeline table's column headings, in every output (the slides said "What happened" where
#: the paper said "Event"); the paper adds a "Sources" column
TIMELINE_COLUMNS = ("Date", "Where / who", "Event")

#: primary language subtags written right to left
_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})
#: Unicode directional isolates (UAX #9): a run set apart from the text around it, so
#: neighbouring numbers and punctuation neither join it nor take its direction
RLI, LRI, PDI = "\u2067", "\u2066", "\u2069"


def entry_direction(language: str | None) -> str:
    """The direction a source entry reads in: the briefing's language's ("ltr" for every
    language the format takes today, English), in every output."""
    primary = (language or "en").split("-")[0].lower()
    return "rtl" if primary in _RTL_LANGUAGES else "ltr"


def isolated(text: str, direction: str) -> str:
    """`text` as an isolated run of its own direction inside a paragraph of `direction`
    (RLI/LRI ... PDI), where it has right-to-left letters or reads the other way: a Persian
    title's full stop and the publisher after it stay on the entry's side of the title, and a
    number at the title's end stays in it. Text of the paragraph's direction is as it is."""
    if not text or (paragraph_direction(text) == direction and not needs_bidi(text)):
        return text
    own = paragraph_direction(text)
    return f"{RLI if own == 'rtl' else LRI}{text}{PDI}"


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
    #: the entry's reading direction (`entry_direction`); a title of the other direction is
    #: an isolate inside it (`isolated`), its full stop outside
    direction: str = "ltr"

    @property
    def url_stop(self) -> str:
        """What follows the URL: a full stop before a grade, so the grade is its own sentence."""
        return "." if self.url and self.grade else ""


def source_words(src: Source, language: str | None = None) -> SourceWords:
    """The entry's words in a briefing of `language`; the one ordering of a mixed
    left-to-right and right-to-left entry that every output follows (docs/format.md)."""
    direction = entry_direction(language)
    origin = ", ".join(p for p in (isolated((src.publisher or "").strip(), direction),
                                   format_date(src.date) if src.date else "") if p)
    grade = (src.reliability or "") + (str(src.credibility) if src.credibility else "")
    title = src.title.strip().rstrip(".")  # as written: a title may begin in lower case
    return SourceWords(title=isolated(title, direction) + "." if title else "",
                       origin=sentence(origin),
                       url=(src.url or "").strip(), grade=f"Grade {grade}." if grade else "",
                       direction=direction)


def source_text(src: Source, language: str | None = None) -> str:
    """A source entry as one line of text (the sources slide)."""
    w = source_words(src, language)
    return " ".join(p for p in (w.title, w.origin, w.url + w.url_stop if w.url else "", w.grade)
                    if p)


def place_and_actor(place: str | None, actor: str | None) -> list[str]:
    """An event's place, then its actor (where, then who), in every output."""
    return [p for p in (place, actor) if p]
