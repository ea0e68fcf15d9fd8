"""Compute binary-classification metrics and pick operating thresholds."""

from __future__ import annotations

import math
from collections.abc import Sequence


def confusion(y: Sequence[bool], pred: Sequence[bool]) -> tuple[int, int, int, int]:
    """Return (tp, fp, fn, tn)."""
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, pred, strict=True) if not a and b)
    fn = sum(1 for a, b in zip(y, pred, strict=True) if a and not b)
    return tp, fp, fn, len(y) - tp - fp - fn


def report(y: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Return precision, recall, F1, false-positive rate, MCC, accuracy and counts."""
    tp, fp, fn, tn = confusion(y, pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denom if denom else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "fpr": round(fp / (fp + tn), 4) if fp + tn else 0.0,
        "mcc": round(mcc, 4),
        "accuracy": round((tp + tn) / len(y), 4) if len(y) else 0.0,
        "positives": tp + fn,
        "negatives": fp + tn,
    }


def at_threshold(y: Sequence[bool], proba: Sequence[float], t: float) -> dict[str, float]:
    """Return report() for predictions proba >= t."""
    return report(y, [p >= t for p in proba])


def best_f1_threshold(y: Sequence[bool], proba: Sequence[float]) -> float:
    """Return the threshold (on a 0.01 grid) with the best F1 on these scores."""
    grid = [i / 100 for i in range(5, 96)]
    return max(grid, key=lambda t: (at_threshold(y, proba, t)["f1"], -abs(t - 0.5)))


def threshold_for_fpr(y: Sequence[bool], proba: Sequence[float], max_fpr: float) -> float:
    """Return the lowest grid threshold whose false-positive rate is at most max_fpr."""
    for i in range(5, 100):
        t = i / 100
        if at_threshold(y, proba, t)["fpr"] <= max_fpr:
            return t
    return 0.99


def char_counts(
    truth: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]
) -> tuple[int, int, int]:
    """Return (tp, fp, fn) characters between true and predicted [start, end) spans."""
    t = {i for a, b in truth for i in range(a, b)}
    p = {i for a, b in pred for i in range(a, b)}
    return len(t & p), len(p - t), len(t - p)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Return precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def pr_curve(
    y: Sequence[bool], scores: Sequence[float], thresholds: Sequence[float]
) -> list[dict[str, float]]:
    """Return precision, recall and false-positive rate at each threshold (score >= t)."""
    out = []
    for t in thresholds:
        r = at_threshold(y, scores, t)
        out.append(
            {"threshold": t, "precision": r["precision"], "recall": r["recall"], "fpr": r["fpr"]}
        )
    return out
