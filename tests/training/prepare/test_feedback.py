"""Tests for training.prepare.feedback: parsing, weights, de-duplication and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.core.types import Candidate
from training.prepare.datasets import LabelledCandidate, _weight
from training.prepare.feedback import (
    FeedbackError,
    feedback_snippets,
    read_feedback,
    read_feedback_files,
)


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_rows_become_weighted_examples_and_documents(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "a.jsonl",
        [
            {
                "text": "Intro. 北京夜网论坛 More.",
                "label": "spam",
                "source": "akismet",
                "spans": [{"start": 7, "end": 13}],
                "weight": 2.5,
            },
            {"text": "Cheap pills now", "label": "spam"},
            {"text": "Meeting moved to Tuesday.", "label": "ham", "language": "en"},
        ],
    )
    examples, docs = read_feedback(f)
    assert [e.weight for e in examples] == [2.5, 1.0, 1.0]
    assert examples[0].source == "feedback-akismet"
    # the spam row without spans is no document: which of its atoms are spam is not said
    assert [d.text for d in docs] == ["Intro. 北京夜网论坛 More.", "Meeting moved to Tuesday."]
    assert docs[0].spans == [(7, 13)] and docs[0].weight == 2.5
    # spliced into prose, a spam row gives what was marked, or the message when nothing was
    assert [(s.text, s.source) for s in feedback_snippets(examples, docs)] == [
        ("北京夜网论坛", "feedback-akismet"),
        ("Cheap pills now", "feedback-moderator"),
    ]


def test_feedback_weight_reaches_span_candidates(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "a.jsonl",
        [
            {
                "text": "x 北京夜网论坛",
                "label": "spam",
                "spans": [{"start": 2, "end": 8}],
                "weight": 4,
            }
        ],
    )
    _examples, docs = read_feedback(f)
    c = Candidate(
        2,
        8,
        "北京夜网论坛",
        "script_run",
        "Han",
        "zh",
        "und",
        "Latin",
        False,
        False,
        False,
        "x ",
        "",
    )
    assert _weight(docs[0], c, "feedback") == 4.0
    assert LabelledCandidate(c, True, 0, "feedback", 4.0).weight == 4.0


def test_duplicates_keep_the_latest_decision(tmp_path: Path) -> None:
    a = _write(
        tmp_path / "a.jsonl",
        [{"text": "Win a  FREE prize", "label": "spam"}, {"text": "hello", "label": "ham"}],
    )
    b = _write(tmp_path / "b.jsonl", [{"text": "win a free prize ", "label": "ham", "weight": 3}])
    examples, docs = read_feedback_files([a, b])
    assert [(e.text, e.spam, e.weight) for e in examples] == [
        ("hello", False, 1.0),
        ("win a free prize ", False, 3.0),
    ]
    assert len(docs) == 2


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"text": "ok", "label": "ham"}\n\n{"text": "x", "label": "maybe"}\n', "utf-8")
    with pytest.raises(FeedbackError, match=r"bad.jsonl:3"):
        read_feedback(f)
