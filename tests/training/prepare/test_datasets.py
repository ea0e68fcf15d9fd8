"""Tests for training.prepare.datasets: how labelled candidates are weighted."""

from __future__ import annotations

import pytest

from service.core.language import detect_document
from service.core.segment import candidates
from service.core.types import Candidate
from training.prepare import datasets
from training.prepare.datasets import _weight
from training.prepare.hardsets import HARD_WEIGHT
from training.prepare.inject import Document


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


def test_documents_segmented_in_workers_come_back_whole_and_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"Line {i} of prose here. Call 0800 {i} 北京夜网论坛\nTwo {i}." for i in range(240)]
    docs = [Document(t, "en", "leipzig") for t in texts]
    forked = datasets.segment_all(docs, candidates, detect_document)
    monkeypatch.setattr(datasets, "SEGMENT_WORKERS", 1)
    assert forked == datasets.segment_all(docs, candidates, detect_document)
    assert [c[0].text for c in forked[:2]] == ["Line 0 of prose here.", "Line 1 of prose here."]
