"""Tests for training.datasets: how labelled candidates are weighted."""

from __future__ import annotations

from service.core.types import Candidate
from training.datasets import _weight
from training.hardsets import HARD_WEIGHT
from training.inject import Document


def _cand(text: str) -> Candidate:
    return Candidate(0, len(text), text, "sentence", "Cyrillic", "ru", "ru", "Cyrillic",
                     False, False, False, "", "")  # fmt: skip


def test_clean_prose_using_a_spam_topic_word_weighs_as_a_hard_negative() -> None:
    doc = Document("", "ru", "leipzig")
    plain = "Дед у нас работал на стареньком автобусе."
    assert _weight(doc, _cand(plain), "") == HARD_WEIGHT
    assert _weight(doc, _cand("Любопытно живём."), "") == 1.0
    # Spam rows keep weight 1 whatever words they use.
    assert _weight(doc, _cand(plain), "ru-tg-spam") == 1.0
