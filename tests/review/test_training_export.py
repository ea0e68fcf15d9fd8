"""Feedback export: decisions become training JSONL that training/prepare/feedback.py accepts."""

from __future__ import annotations

import io
import json
from pathlib import Path

from review.factory import new_item
from service.review.models import Action, DecisionRequest
from service.review.sql import SqlReviewStore
from service.review.training_export import export
from training.prepare.feedback import read_feedback


def test_export_labels_spam_ham_and_removed_spans(store: SqlReviewStore, tmp_path: Path) -> None:
    ids = [
        store.upsert(new_item(f"Text {n}. 爱上海论坛 end.", content_id=str(n))).id for n in range(4)
    ]
    store.decide(DecisionRequest(ids[0], Action.SPAM, 1), "ann")
    store.decide(DecisionRequest(ids[1], Action.HAM, 1), "ann")
    store.decide(DecisionRequest(ids[2], Action.REMOVE_SPANS, 1), "ann")
    out = io.StringIO()
    assert export(store.decided(), out) == 4
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [(x["label"], bool(x["spans"])) for x in lines] == [
        ("spam", True),
        ("ham", False),
        ("spam", True),
        ("ham", False),
    ]
    assert "爱上海论坛" not in lines[3]["text"] and lines[3]["id"].endswith("-clean")
    assert all(x["source"] == "moderator" and x["weight"] == 1.0 for x in lines)
    path = tmp_path / "feedback.jsonl"
    path.write_text(out.getvalue(), "utf-8")
    examples, docs = read_feedback(path)
    assert len(examples) == 4 and len(docs) == 4
