"""Tests for the message sources and the cutting of long messages into pieces."""

from __future__ import annotations

import pytest

from training.prepare import sources

EMAIL = """Date: Wed, 21 Aug 2002 10:54:46 -0500
From: someone@example.com

Dear friend, I write to you today with great news about your account.

> quoted line that must not appear in a piece
Visit http://cheap-meds.example/ now for 80% off every order. Offer ends soon!

--
signature line that must not appear either
"""


def test_a_short_message_is_its_own_piece() -> None:
    assert sources.pieces("Win a free phone now!") == ["Win a free phone now!"]
    assert sources.pieces("  two\n lines  ") == ["two lines"]


def test_long_mail_loses_headers_quotes_and_signature() -> None:
    got = sources.pieces(EMAIL * 3)
    assert got and all(sources.PIECE_MIN <= len(p) <= sources.PIECE_MAX for p in got)
    joined = " ".join(got)
    assert "quoted line" not in joined and "signature" not in joined
    assert "Date:" not in joined
    # The piece with the link is taken first.
    assert any("http://cheap-meds.example/" in p for p in got)


def test_pieces_are_capped_per_message() -> None:
    body = " ".join(f"Sentence number {i} is long enough to count here." for i in range(40))
    assert len(sources.pieces(body)) == sources.PIECES_PER_MESSAGE


def test_every_train_source_is_in_the_repository() -> None:
    for s in sources.train_sources():
        assert s.available(), s.name
        assert str(s.root()).startswith(str(sources.REPO_ROOT / "training" / "data"))


def test_eval_sources_are_read_beside_the_checkout_not_copied() -> None:
    for s in sources.eval_sources():
        assert s.root().parent.parent == sources.SHARED_DATA
        assert not (sources.REPO_ROOT / "training" / "data" / "messages" / s.name).exists()


def test_unknown_source_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="en-uci-sms-spam"):
        sources.by_name("nope")


def test_wordpress_spam_carries_its_promoted_link() -> None:
    rows = sources.by_name("en-wordpress-comment-spam").messages()
    assert rows and all(r.spam and "http" in r.text for r in rows)
