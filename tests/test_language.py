"""The language of each run of text (`text.language`), which the deck writes as `lang`."""

from __future__ import annotations

from briefing.text.language import run_language, split_by_language


def test_latin_text_is_in_the_documents_language():
    assert run_language("Border tensions") == "en-GB"
    assert run_language("Border tensions", "en-US") == "en-US"
    assert run_language("Border tensions", "xx-YY") == "en-GB"  # never a language not allowed


def test_arabic_script_is_persian_unless_a_letter_only_urdu_has_shows_it():
    assert run_language("سپاه پاسداران") == "fa-IR"
    assert run_language("یہ حملہ ناقابل قبول ہے") == "ur-PK"  # heh goal, heh doachashmee
    assert run_language("پاکستان کا ردعمل", hint="ur-PK") == "ur-PK"  # the section says so


def test_a_persian_phrase_in_an_english_sentence_is_its_own_run():
    assert split_by_language("The IRGC (سپاه پاسداران) said so.") == [
        ("The IRGC (", "en-GB"), ("سپاه پاسداران", "fa-IR"), (") said so.", "en-GB")]


def test_splitting_keeps_every_character_in_order():
    text = "«نقض آشکار» — Pakistan, 18 Jan; پاک فضائیہ ۱۸ جنوری."
    assert "".join(piece for piece, _lang in split_by_language(text)) == text
