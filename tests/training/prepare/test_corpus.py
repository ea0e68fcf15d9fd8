"""Tests for the corpus loaders on the repository's real data."""

from __future__ import annotations

from training.prepare import corpus, sources
from training.prepare.splits import TEST, near_duplicate_key, split_of


def test_test_messages_come_once_per_near_duplicate() -> None:
    rows = sources.all_messages()
    test = [m for m in rows if split_of(m.text, m.source) == TEST]
    keys = [(m.source, m.spam, near_duplicate_key(m.text)) for m in test]
    assert len(keys) == len(set(keys))
    # Training keeps repeats (a recurring message weighs as it recurs).
    train = [m for m in rows if split_of(m.text, m.source) != TEST]
    train_keys = [(m.source, m.spam, near_duplicate_key(m.text)) for m in train]
    assert len(train_keys) > len(set(train_keys))
    # The published UCI file itself keeps its repeats (the Almeida protocol reads it whole).
    uci = corpus.uci_sms()
    assert len(uci) == 5574
    kept = [m for m in rows if m.source == uci[0].source]
    assert 5000 < len(kept) < len(uci)
    # Every train source is there, with its spam.
    names = {s.name for s in sources.train_sources()}
    assert {m.source for m in rows if m.spam} == names


def test_excluding_a_source_drops_exactly_it() -> None:
    rows = sources.all_messages(frozenset({"ru-tg-spam"}))
    assert "ru-tg-spam" not in {m.source for m in rows}
    assert len(rows) == len(sources.all_messages()) - sum(
        1 for m in sources.all_messages() if m.source == "ru-tg-spam"
    )
