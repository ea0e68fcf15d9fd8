"""Tests for service.core.shares: language shares of a text's letters."""

from service.core.segment import candidates
from service.core.shares import language_shares


def test_island_letters_go_to_their_language() -> None:
    text = "爱上海论坛 Venture capital flows into Shanghai."
    islands = [c for c in candidates(text, "en") if c.kind == "script_run"]
    shares = dict((s.language, s.share) for s in language_shares(text, "en", islands))
    assert set(shares) == {"en", "zh"}
    assert abs(sum(shares.values()) - 1.0) < 1e-3 and shares["en"] > shares["zh"] > 0


def test_no_letters_gives_the_document_language_all() -> None:
    (only,) = language_shares("12 34", "und", [])
    assert only.language == "und" and only.share == 1.0


def test_a_foreign_sentence_and_its_runs_count_once() -> None:
    text = (
        "The council met on Monday. Привет всем! Мы нашли для вас полезного бота. "
        "The vote is next week."
    )
    islands = [
        c for c in candidates(text, "en") if c.script == "Cyrillic" or c.kind == "script_run"
    ]
    assert len(islands) > 1  # the sentences and the runs inside them overlap
    shares = dict((s.language, s.share) for s in language_shares(text, "en", islands))
    assert abs(sum(shares.values()) - 1.0) < 1e-3
    assert 0.3 < shares["en"] < 0.7
