"""Colour is never the only carrier of meaning, and every text reads (issue 17, item 4).

WCAG 2.1 AA: 4.5:1 for text, 3:1 for large text (18 pt, or 14 pt bold), checked on the pairs
the layout actually draws (`layout.legibility.deck_inks`: the deck, the slides PDF, the
handout's slides, the app's preview) and the paper's colours (`layout.paper_ink`), for every
theme in templates/themes and the corporate template's colours: a new theme is checked by
being there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from briefing.format.reader import load_file
from briefing.format.themes import Theme, load_theme
from briefing.layout.colors import contrast, contrast_ratio, lightness, readable
from briefing.layout.document import layout_document
from briefing.layout.legibility import deck_inks
from briefing.layout.paper_ink import paper_inks
from briefing.render.pdf.common import paper_theme
from briefing.render.pptx.template import template_look
from briefing.resources import example_path, themes_dir

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "corporate" / "corporate-sample.pptx"
BRIEFINGS = [example_path(), ROOT / "tests" / "data" / "stress.yaml"]


def every_theme() -> list[Theme]:
    themes = [load_theme(p.stem) for p in sorted(themes_dir().glob("*.yaml"))]
    return [*themes, template_look(Presentation(str(TEMPLATE))).theme]


THEMES = every_theme()
IDS = [t.name for t in THEMES]


def test_the_contrast_ratio_is_wcags():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("E3A21A") == "000000" and contrast("1F4E79") == "FFFFFF"
    assert readable("52606D", "FFFFFF") == "52606D"  # a theme's colour is kept where it reads
    assert readable("E0E0E0", "FFFFFF") == "000000"  # else the readable of black and white
    assert lightness("000000") == pytest.approx(0.0) and lightness("FFFFFF") == pytest.approx(100.0)


@pytest.mark.parametrize("briefing", BRIEFINGS, ids=lambda p: p.stem)
@pytest.mark.parametrize("theme", THEMES, ids=IDS)
def test_every_text_on_every_slide_reads_in_every_theme(briefing, theme):
    deck = layout_document(load_file(briefing), theme)
    inks = list(deck_inks(deck))
    kinds = {i.where.split(") ", 1)[-1].split(" ")[0] for i in inks}
    assert {"title", "footer", "chart", "table"} <= kinds  # the walk reaches what it checks
    bad = sorted({str(i).split(": ", 1)[1] for i in inks if not i.legible})
    assert not bad, f"{theme.name}: text below WCAG AA contrast:\n" + "\n".join(bad)


@pytest.mark.parametrize("theme", THEMES, ids=IDS)
def test_the_paper_and_the_handout_pages_read_in_every_theme(theme):
    example = load_file(example_path())
    for drawn in (theme, paper_theme(example, theme)):  # the handout's pages, the paper's
        bad = [str(i) for i in paper_inks(drawn) if not i.legible]
        assert not bad, "\n".join(bad)


def test_a_confidence_tag_on_a_light_colour_is_written_in_black():
    """The paper wrote white on every tag: 2.2:1 on the default theme's amber 'moderate'."""
    theme = load_theme(None)
    tag = next(i for i in paper_inks(theme) if "moderate" in i.where)
    assert tag.color == "000000" and tag.legible


def test_a_theme_with_unreadable_colours_is_drawn_readable(example_doc):
    """A theme (or a template's colour scheme) cannot make a text unreadable: the layout keeps
    each colour where it reads and takes black or white where it does not."""
    from dataclasses import replace

    poor = replace(load_theme(None), name="poor", muted="B0B0B0", accent="F2E394",
                   accent_text="FFFFFF", banner="9BBB59", banner_text="FFFFFF",
                   warning="F79646", warning_text="FFFFFF")
    deck = layout_document(example_doc, poor)
    bad = sorted({str(i).split(": ", 1)[1] for i in deck_inks(deck) if not i.legible})
    assert not bad, "\n".join(bad)
    assert deck.theme.text == poor.text  # what already reads is kept
    bad = [str(i) for i in paper_inks(paper_theme(example_doc, poor)) if not i.legible]
    assert not bad, "\n".join(bad)
