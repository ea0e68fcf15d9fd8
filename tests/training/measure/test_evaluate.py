"""Tests for the evaluation's metric functions on tiny hand-made examples."""

from __future__ import annotations

import pytest

from training import metrics
from training.measure import engine_eval, report
from training.measure.evaluate import targets
from training.prepare.inject import Document


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
        # Two clusters: drawn twice, the spam document alone has F1 1 and the clean one,
        # whose 5 characters were flagged, F1 0; a draw without spam has no recall at all.
        "span_f1_ci95": (0.0, 1.0),
        "doc_recall": 1.0,
        "doc_recall_ci95": (1.0, 1.0),
        "clean_flagged": 1.0,
        "clean_flagged_upper95": 1.0,
        "met": False,
    }
    assert t["de"]["doc_recall"] == 0.0  # type: ignore[index]


def test_cluster_interval_resamples_whole_clusters() -> None:
    # Two messages: one always found (tp 10), one always missed (fn 10), each in 5 rows.
    counts = [(2, 0, 0)] * 5 + [(0, 0, 2)] * 5
    clusters = ["a"] * 5 + ["b"] * 5
    lo, hi = metrics.cluster_interval(counts, clusters, reps=2000, seed=1)
    # Resampling the two clusters gives recall 0, 0.5 or 1 (F1 0, 2/3 or 1), so the
    # interval spans nearly all of it; one row per cluster gives the same interval.
    assert lo == 0.0 and hi == 1.0
    assert metrics.cluster_interval([(10, 0, 0), (0, 0, 10)], ["a", "b"], 2000, 1) == (lo, hi)
    # Ten independent rows of the same counts give a narrower interval.
    rows_lo, rows_hi = metrics.cluster_interval(counts, [str(i) for i in range(10)], 2000, 1)
    assert lo < rows_lo and rows_hi < hi
    assert 0.0 < rows_lo < 2 / 3 < rows_hi < 1.0


def test_cluster_interval_recall_and_point_cases() -> None:
    assert metrics.cluster_interval([], []) == (0.0, 0.0)
    # A single cluster has no spread: the interval is the point value.
    assert metrics.cluster_interval([(3, 1, 1), (1, 1, 1)], ["x", "x"]) == (0.6667, 0.6667)
    assert metrics.cluster_interval([(3, 9, 1)], ["x"], stat="recall") == (0.75, 0.75)
    with pytest.raises(ValueError):
        metrics.cluster_interval([(1, 0, 0)], ["x"], stat="precision")


def _target(
    f1: float, f1_ci: list[float], recall: float, recall_ci: list[float], upper: float, met: bool
) -> dict[str, object]:
    return {
        "span_f1": f1,
        "span_f1_ci95": f1_ci,
        "doc_recall": recall,
        "doc_recall_ci95": recall_ci,
        "clean_flagged": 0.0,
        "clean_flagged_upper95": upper,
        "met": met,
    }


def test_target_table_says_which_languages_meet_all_three() -> None:
    lines = report.target_lines(
        {
            "en": _target(0.88, [0.83, 0.93], 0.96, [0.92, 0.99], 0.04, False),
            "el": _target(0.99, [0.98, 1.0], 1.0, [1.0, 1.0], 0.05, True),
        }
    )
    assert lines[0] == "All three met in 1 of 2 languages: el."
    assert (
        "| el | 0.9900 | 0.9800–1.0000 | 1.0000 | 1.0000–1.0000 | 0.0000 | 0.0500 | yes |" in lines
    )
    assert (
        "| en | 0.8800 | 0.8300–0.9300 | 0.9600 | 0.9200–0.9900 | 0.0000 | 0.0400 | no |" in lines
    )


def test_rate_upper_bound() -> None:
    # No event in n trials: the bound solves (1 - p)^n = 0.05.
    assert metrics.rate_upper_bound(0, 80) == pytest.approx(1 - 0.05 ** (1 / 80), abs=1e-4)
    assert metrics.rate_upper_bound(0, 600) <= 0.005 < metrics.rate_upper_bound(0, 500)
    assert metrics.rate_upper_bound(3, 3) == 1.0
    assert metrics.rate_upper_bound(0, 0) == 1.0
