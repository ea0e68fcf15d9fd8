"""Tests for the evaluation's metric functions on tiny hand-made examples."""

from __future__ import annotations

import pytest

from training import engine_eval, metrics
from training.evaluate import targets
from training.inject import Document


def test_report_counts_a_hand_confusion_matrix() -> None:
    # tp=2, fp=1, fn=1, tn=4
    y = [True, True, True, False, False, False, False, False]
    pred = [True, True, False, True, False, False, False, False]
    r = metrics.report(y, pred)
    assert metrics.confusion(y, pred) == (2, 1, 1, 4)
    assert r["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert r["fpr"] == pytest.approx(0.2)
    # MCC = (2*4 - 1*1) / sqrt(3*3*5*5) = 7/15
    assert r["mcc"] == pytest.approx(7 / 15, abs=1e-4)


def test_char_counts_and_prf() -> None:
    tp, fp, fn = metrics.char_counts([(0, 10)], [(5, 15)])
    assert (tp, fp, fn) == (5, 5, 5)
    assert metrics.prf(tp, fp, fn) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert metrics.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_pr_curve_at_thresholds() -> None:
    pts = metrics.pr_curve([True, False, True, False], [0.9, 0.6, 0.4, 0.1], [0.5, 0.3])
    assert pts[0] == {"threshold": 0.5, "precision": 0.5, "recall": 0.5, "fpr": 0.5}
    assert pts[1] == {
        "threshold": 0.3,
        "precision": pytest.approx(2 / 3, abs=1e-4),
        "recall": 1.0,
        "fpr": 0.5,
    }


def _outcome(flagged: bool, spans: tuple[tuple[int, int], ...], clean: str) -> engine_eval.Outcome:
    return engine_eval.Outcome(
        flagged, 0.9 if flagged else 0.0, 0.9 if flagged else 0.1, spans, (), clean
    )


def test_summarise_documents_characters_and_clean_text() -> None:
    spam = Document("SPAM hello", "en", "leipzig", [(0, 4)], ["zh-promo"], clean="hello")
    clean = Document("hello there", "en", "leipzig", clean="hello there")
    missed = Document("hi BUY", "de", "leipzig", [(3, 6)], ["zh-promo"], clean="hi")
    outs = [
        _outcome(True, ((0, 4),), "hello"),  # exact
        _outcome(True, ((0, 5),), "there"),  # a false positive, 5 characters
        _outcome(False, (), "hi BUY"),  # missed
    ]
    s = engine_eval.summarise([spam, clean, missed], outs)
    overall = s["overall"]
    assert isinstance(overall, dict)
    assert overall["documents"]["recall"] == 0.5
    assert overall["documents"]["fpr"] == 1.0
    # characters: tp 4, fp 5, fn 3
    assert overall["characters"] == metrics.prf(4, 5, 3)
    assert overall["clean_text_exact"] == 0.5
    # Per injected document: F1 1.0 (exact) and 0.0 (missed), whatever their lengths.
    assert overall["mean_document_char_f1"] == 0.5
    by_lang = s["by_language"]
    assert isinstance(by_lang, dict)
    t = targets(by_lang)
    assert t["en"] == {
        "span_f1": pytest.approx(0.6154, abs=1e-4),
        "doc_recall": 1.0,
        "clean_flagged": 1.0,
        "met": False,
    }
    assert t["de"]["doc_recall"] == 0.0  # type: ignore[index]
