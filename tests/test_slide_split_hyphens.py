"""A word broken after its hyphen stays one word when a slide's text is split (issue 14).

A line may break after a hyphen between letters ("Sistan-" / "Baluchestan"); when a long
section is split over slides, the lines of each slide are joined again into the slide's text,
which put a space at that break ("Sistan- Baluchestan") as if the line had ended between two
words: the deck and the PDF, which re-break the joined text, then printed it.
"""

from __future__ import annotations

import re

from briefing.layout.geometry import Paragraph, Run
from briefing.layout.text import paginate, split_paragraph
from briefing.text import metrics as tm

#: a hyphen between letters followed by a space: the symptom
GAINED_SPACE = re.compile(r"[^\W\d_]- [^\W\d_]")


def _words_before(word: str, width: float, size: float) -> str:
    """Filler words so that `word` starts on the first line and breaks after its hyphen."""
    filler = []
    while True:
        text = " ".join(filler + [word])
        lines = tm.wrap_text(text, width, size)
        if lines[0].endswith(word.split("-")[0] + "-"):
            return " ".join(filler)
        filler.append("village")
        assert len(filler) < 50


def test_a_line_broken_after_a_hyphen_says_the_word_goes_on():
    lines = tm.wrap([Run("a strike in Sistan-Baluchestan province")], 110, 12)
    first = lines[0]
    assert first.text.endswith("Sistan-") and first.at_hyphen and first.joined
    assert not first.ends_in_word  # not cut between characters: a break PowerPoint makes too
    assert not lines[-1].joined


def test_a_paragraph_split_between_slides_keeps_the_hyphenated_word_whole():
    size, width = 18.0, 300.0
    lead = _words_before("Sistan-Baluchestan", width * tm.WIDTH_SAFETY, size)
    text = f"{lead} Sistan-Baluchestan border counter-terrorism village " * 6
    p = Paragraph(runs=[Run(text.strip())], size=size)
    lines = tm.paragraph_lines(p, width)
    assert sum(line.at_hyphen for line in lines) >= 2  # the paragraph breaks at hyphens
    for keep in range(1, len(lines)):
        head, tail = split_paragraph(p, width, keep)
        for part in (head, tail):
            assert not GAINED_SPACE.search(part.text), (keep, part.text)
        # nothing lost, nothing gained (the slides meet at a space, or after a hyphen)
        assert f"{head.text} {tail.text}".replace("- ", "-") == p.text


def test_a_long_section_continued_over_slides_never_prints_a_hyphen_and_a_space():
    size, width = 18.0, 400.0
    sentence = ("Pakistan answered with strikes on a border village in Iran's "
                "Sistan-Baluchestan, citing counter-terrorism, and the well-known "
                "Jaish-al-Adl said nothing")
    paras = [Paragraph(runs=[Run(" ".join([sentence] * 8))], size=size)]
    pages = paginate(paras, width, lambda _k: 200)
    assert len(pages) > 2
    for page in pages:
        for q in page:
            assert not GAINED_SPACE.search(q.text), q.text
            for line in tm.paragraph_lines(q, width - 8):
                assert not GAINED_SPACE.search(line.text), line.text
