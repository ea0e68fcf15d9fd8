"""Tests for training.fit.vectorise: what the span head's documents are built from."""

from __future__ import annotations

import json
from pathlib import Path

from training.fit import vectorise
from training.fit.vectorise import Config
from training.prepare.feedback import read_feedback_files
from training.prepare.splits import TRAIN


def test_spam_decisions_are_spliced_into_training_prose_as_a_source_is(tmp_path: Path) -> None:
    # Moderators' spam decisions are pieces of a group of their own: the span head sees them
    # inside prose, as it sees each source's spam, not only as whole messages.
    texts = [f"Cheap replica watches model {w} at watch-outlet.example" for w in "ABCDEFGHIJ"]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "label": "spam"}) for t in texts), "utf-8")
    examples, docs = read_feedback_files([path])
    cfg = Config(
        docs_per_language=40,
        languages=("en", "zh"),
        feedback_examples=examples,
        feedback_docs=docs,
    )
    built = vectorise.span_documents(cfg, vectorise.load_sentences(cfg), TRAIN)
    spliced = [
        d.text[a:b]
        for d in built
        for (a, b), src in zip(d.spans, d.spam_sources, strict=True)
        if src == "feedback-moderator"
    ]
    assert spliced
    assert set(spliced) <= set(texts)
    without = vectorise.span_documents(
        Config(docs_per_language=40, languages=("en", "zh")), vectorise.load_sentences(cfg), TRAIN
    )
    assert not any("watch-outlet" in d.text for d in without)
