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
