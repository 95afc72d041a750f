"""The deck names a complex-script font (`a:cs`) with the letters of each run of Arabic script.

PowerPoint and LibreOffice draw Arabic script in a run's complex-script font, not in its
`a:latin` (Arial). The deck named none, so LibreOffice drew Urdu's heh goal (U+06C1) and yeh
barree (U+06D2) in its default, which lacks them: as boxes. Each Arabic-script run now names
the family the PDFs draw it in: Noto Naskh Arabic where it has such a letter, else DejaVu
Sans (both shipped in `resources/fonts`)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefing import load_file

ROOT = Path(__file__).resolve().parent.parent
PERSIAN_HEAVY = ROOT / "tests" / "data" / "persian-heavy.yaml"
FONTS = ROOT / "resources" / "fonts"


def _family_cmap(family: str) -> set[int]:
    """The code points of the shipped regular face of `family`."""
    for path in sorted(FONTS.glob("*.ttf")):
        font = TTFont(path, lazy=True)
        if font["name"].getDebugName(1) == family:
            return set(font.getBestCmap())
    raise AssertionError(f"no shipped font of the family {family!r}")


@pytest.fixture(scope="module")
def runs() -> list[tuple[str, str, str | None]]:
    """(lang, text, a:cs typeface) of every run on the deck's slides."""
    from briefing.render.pptx.deck import write_pptx

    out = io.BytesIO()
    write_pptx(load_file(PERSIAN_HEAVY), out, base_dir=PERSIAN_HEAVY.parent)
    found = []
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as deck:
        for name in sorted(n for n in deck.namelist() if re.match(r"ppt/slides/slide\d+\.xml", n)):
            xml = deck.read(name).decode()
            for rpr, text in re.findall(r"<a:r><a:rPr (.*?)</a:rPr><a:t>([^<]*)</a:t>", xml):
                lang = re.search(r'lang="([^"]+)"', rpr)
                cs = re.search(r'<a:cs typeface="([^"]+)"', rpr)
                found.append((lang.group(1) if lang else "", text, cs.group(1) if cs else None))
    return found


def test_an_urdu_run_names_a_complex_script_font_with_heh_goal_and_yeh_barree(runs):
    urdu = [(text, cs) for lang, text, cs in runs if lang == "ur-PK" and "\u06c1" in text]
    assert urdu
    for _text, cs in urdu:
        assert cs is not None
        assert {0x06C1, 0x06D2} <= _family_cmap(cs)


def test_every_arabic_script_run_names_a_font_with_all_its_letters(runs):
    arabic = [(text, cs) for lang, text, cs in runs if lang in ("fa-IR", "ur-PK")]
    assert arabic
    for text, cs in arabic:
        assert cs is not None, text
        letters = {ord(c) for c in text if "\u0600" <= c <= "\u06ff"}
        assert letters <= _family_cmap(cs), text


def test_latin_runs_name_no_complex_script_font(runs):
    assert all(cs is None for lang, _text, cs in runs if lang == "en-GB")
