"""Smoke test: train on a tiny sample into a temp dir and load it back through the core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.core.classifier import load_classifier
from training.fit import train


@pytest.mark.slow
def test_train_tiny_and_load(tmp_path: Path) -> None:
    feedback = tmp_path / "fb.jsonl"
    rows = [
        {"text": "Cheap pills at spam.example now", "label": "spam", "source": "moderator"},
        {
            "text": "Intro. 北京夜网论坛 More text.",
            "label": "spam",
            "source": "akismet",
            "language": "en",
            "spans": [{"start": 7, "end": 13}],
            "weight": 2,
        },
        {"text": "Meeting moved to Tuesday.", "label": "ham", "source": "moderator"},
    ]
    feedback.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    status = train.main(
        [
            "--out",
            str(tmp_path / "darnel"),
            "--version",
            "0.0.0-test",
            "--languages",
            "en,zh",
            "--docs-per-language",
            "6",
            "--max-messages",
            "400",
            "--feedback",
            str(feedback),
        ]
    )
    assert status == 0
    clf = load_classifier(tmp_path / "darnel")
    assert clf.version == "m-0.0.0-test"
    p = clf.message_proba(["hello", "FREE entry! text WIN to 80086 to claim your prize"])
    assert len(p) == 2 and all(0.0 <= v <= 1.0 for v in p)
    assert clf.metadata["config"]["feedback_rows"] == 3  # type: ignore[index]
    assert (tmp_path / "darnel" / "0.0.0-test" / "MODEL_CARD.md").is_file()
