"""What a demanding reader found on the pages of `tests/data/review-herat.yaml` (the Herat
earthquakes and returns from Pakistan, autumn 2023: ranges, a long category, Persian, Pashto
and Urdu names, a corporate template), each as the rule it broke."""

from __future__ import annotations

from pathlib import Path

from briefing.model.compare import short

DATA = Path(__file__).resolve().parent / "data"
HERAT = DATA / "review-herat.yaml"


def test_a_shortened_change_excerpt_ends_in_one_ellipsis_even_cut_at_a_gap():
    # text_change joins the changed stretches with " … "; a cut just after one printed
    # "reports 1,023 killed ……" on the changes slide
    joined = "apart. … reports 1,023 killed … OCHA estimated that every home was destroyed"
    cut = short(joined, 35)
    assert cut.endswith("killed…") and "……" not in cut and "… …" not in cut
