"""Compute binary-classification metrics and pick operating thresholds."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


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


def cluster_interval(
    counts: Sequence[tuple[int, int, int]],
    clusters: Sequence[str],
    reps: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    stat: str = "f1",
) -> tuple[float, float]:
    """Return a percentile bootstrap interval of the F1 (or recall) of summed (tp, fp, fn).

    Whole clusters are resampled, not rows: the test documents reuse a few dozen long spam
    messages (one Telegram message fills 12,240 of the 71,290 Russian-spam characters in
    nine documents), so rows sharing a message rise and fall together and a row bootstrap
    would claim more certainty than the test set holds.
    """
    if stat not in ("f1", "recall"):
        raise ValueError(f"stat must be f1 or recall, not {stat!r}")
    if not counts:
        return 0.0, 0.0
    keys = sorted(set(clusters))
    index = {k: i for i, k in enumerate(keys)}
    per = np.zeros((len(keys), 3), dtype=np.float64)
    for (tp, fp, fn), key in zip(counts, clusters, strict=True):
        per[index[key]] += (tp, fp, fn)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(keys), size=(reps, len(keys)))
    # Each replicate's counts: how often each cluster was drawn, times its counts.
    weights = np.stack([np.bincount(d, minlength=len(keys)) for d in draws])
    tp, fp, fn = (weights @ per).T
    num, denom = (2 * tp, 2 * tp + fp + fn) if stat == "f1" else (tp, tp + fn)
    # A draw with nothing to measure (only clean documents) has no F1 or recall: left out.
    value = np.divide(num, denom, out=np.full_like(tp, np.nan), where=denom > 0)
    if np.isnan(value).all():
        return 0.0, 0.0
    tail = (1 - level) / 2 * 100
    lo, hi = np.nanpercentile(value, [tail, 100 - tail])
    return round(float(lo), 4), round(float(hi), 4)


def rate_upper_bound(k: int, n: int, level: float = 0.95) -> float:
    """Return the one-sided Clopper–Pearson upper bound of a rate seen k times in n.

    With no false positive in 80 clean documents the bound is still 3.7%: it says how
    small a per-language rate the test documents can show at all.
    """
    from scipy.stats import beta

    if n <= 0 or k >= n:
        return 1.0
    return round(float(beta.ppf(level, k + 1, n - k)), 4)


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion seen k times in n (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is honest at 0 or n hits.
    """
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)
