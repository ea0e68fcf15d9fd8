"""Tests for training.measure.feedback_curve: moderators' decisions teaching a left-out source."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from service.config import REPO_ROOT
from service.core.engine import Engine
from service.core.rulefiles import load_ruleset
from training.fit import vectorise
from training.fit.vectorise import Config
from training.measure import feedback_curve
from training.measure.feedback_curve import decisions, halves, write_lines
from training.prepare.corpus import Message
from training.prepare.feedback import read_feedback_files
from training.prepare.splits import near_duplicate_key

SOURCE = "en-smokedetector-titles"


def _messages() -> list[Message]:
    spam = [
        Message(f"  Cheap pills {w} at rxshop{i}.example, order now ", True, "en", "s")
        for i, w in enumerate(["today", "tonight", "here", "again", "fast", "online"])
    ]
    ham = [Message(f"See you at the station at {h} o'clock", False, "en", "s") for h in "3456"]
    return spam + ham


def test_halves_lose_nothing_and_keep_near_copies_of_a_template_together() -> None:
    msgs = [
        *_messages(),
        Message("Call 0800 111 222 to claim your prize", True, "en", "s"),
        Message("Call 0800 999 333 to claim your prize", True, "en", "s"),
    ]
    first, second = halves(msgs)
    assert sorted(m.text for m in first + second) == sorted(m.text for m in msgs)
    side = {m.text: m in first for m in msgs}
    assert (
        side["Call 0800 111 222 to claim your prize"]
        == side["Call 0800 999 333 to claim your prize"]
    )
    keys_first = {near_duplicate_key(m.text) for m in first}
    assert not keys_first & {near_duplicate_key(m.text) for m in second}


def test_decisions_mark_whole_spam_messages_and_read_back_as_feedback(tmp_path: Path) -> None:
    pool = _messages()
    lines = decisions(pool, 4, seed=7)
    assert len(lines) == 4
    assert len({ln["text"] for ln in lines}) == 4
    assert all(ln["label"] == "spam" for ln in lines)
    assert decisions(pool, 4, seed=7) == lines  # the same draw for the same seed
    examples, docs = read_feedback_files([write_lines(lines, tmp_path / "f.jsonl")])
    assert [e.spam for e in examples] == [True] * 4
    for doc in docs:
        ((a, b),) = doc.spans
        assert doc.text[a:b] == doc.text.strip()
    assert read_feedback_files([write_lines(decisions(pool, 0, 7), tmp_path / "0.jsonl")]) == (
        [],
        [],
    )
    with pytest.raises(ValueError, match="has 6 to decide"):
        decisions(pool, 7, seed=7)


def test_each_model_of_the_curve_leaves_the_source_out_and_learns_its_k_decisions(
    tmp_path: Path, tiny_config: Config
) -> None:
    cfg = tiny_config
    sentences = vectorise.load_sentences(cfg)
    train = feedback_curve.trainer(cfg, load_ruleset(REPO_ROOT / "rules", None), tmp_path)
    trained: list[Any] = []

    def train_with(exclude: frozenset[str], feedback: Sequence[Path]) -> Engine:
        engine = train(exclude, feedback)
        assert engine.classifier is not None
        trained.append(engine.classifier.metadata["config"])
        return engine

    out = feedback_curve.curve(SOURCE, [0, 5], train_with, sentences, [], cfg.seed, tmp_path)
    assert [(c["exclude_sources"], c["feedback_rows"]) for c in trained] == [
        ([SOURCE], 0),
        ([SOURCE], 5),
    ]
    assert sorted(out) == [0, 5]
    for summary in out.values():
        assert summary["injected_flagged"]["n"] > 0
        assert summary["messages"]["spam"] > 0
    text = feedback_curve.markdown({SOURCE: out}, cfg.docs_per_language)
    assert f"| {SOURCE}, 5 decisions |" in text


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--groups", "no-such-source"], "not a train message source"),
        (["--k", "ten"], "whole numbers"),
        (["--k", "-5"], "none below 0"),
    ],
)
def test_the_command_refuses_what_it_cannot_measure(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        feedback_curve.main(argv)
    assert stop.value.code == 2
    assert says in capsys.readouterr().err
