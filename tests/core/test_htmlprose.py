"""Tests for service.core.htmlprose: prose blocks, word counts, anchor text."""

from __future__ import annotations

from service.core.htmlblocks import Piece
from service.core.htmlparse import Run
from service.core.htmlprose import is_anchor_text, is_code, is_prose, words


def _piece(text: str, link: int = -1) -> Piece:
    return Piece(Run(text, 0, len(text), 0, True), link, "")


def test_words_count_unspaced_scripts_by_pairs() -> None:
    assert words("one two three") == 3
    assert words("上海夜网论坛") == 3
    assert words("Visit 上海 now") == 3


def test_figures_and_punctuation_are_not_words() -> None:
    assert words("\ufeff / -41.283; 174.450") == 0
    assert words("Call 0800 123 456 now") == 2
    assert not is_prose([_piece("\ufeff / -41.283; 174.450 12 34 56")], 3)


def test_prose_needs_words_and_not_mostly_links() -> None:
    assert is_prose([_piece("This sentence has more than six words in it.")])
    assert not is_prose([_piece("Share this")])
    assert not is_prose([_piece("a", 0), _piece(" one two three four five six seven", 1)])


def test_credits_are_not_anchor_text() -> None:
    assert is_anchor_text("cheap adjustable beds")
    assert not is_anchor_text("Powered by SendPulse")
    assert not is_anchor_text(" / -42; 174")
    assert not is_anchor_text("AdChoices") and not is_anchor_text("is sponsored by")


def test_code_left_as_text_is_not_prose() -> None:
    code = "Krux('scrape', { 'page_attr_description': {meta_name: 'Description'}});"
    assert is_code(code)
    assert not is_prose([_piece(code)], 3)
    # Smileys and a price in brackets are dense in the same characters but make no call.
    assert not is_code("K:)k:)good:)study well. Wait ;-( ok")
    assert not is_code("Call now (£1.50/min) to claim your prize; offer ends today")
    assert not is_code("The function f(x) = 2x is linear, as the first chapter showed.")
