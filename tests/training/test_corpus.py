"""Tests for the corpus loaders on the repository's real data."""

from __future__ import annotations

from training import corpus
from training.splits import TEST, near_duplicate_key, split_of


def test_test_messages_come_once_per_near_duplicate() -> None:
    rows = corpus.all_messages()
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
    # Every source and both labels are still there.
    assert {(m.source, m.spam) for m in rows} == {(m.source, m.spam) for m in uci} | {
        (m.source, m.spam) for m in corpus.ru_telegram() + corpus.id_sms()
    }
