"""Run the message head's recipe on UCI SMS: Almeida et al.'s hold-out and 10-fold CV."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence

import numpy as np

from service.core.features import text_matrix
from training import metrics
from training.fit.head import fit_head
from training.prepare import corpus
from training.prepare.corpus import Message

# Almeida et al. (2011) trained on the first 30% of the collection, in file order.
ALMEIDA_TRAIN_SHARE = 0.3
FOLDS = 10


def _score(
    train: Sequence[Message], test: Sequence[Message], c: float, seed: int
) -> dict[str, float]:
    """Fit on train, predict test at the raw logistic 0.5 point (no calibration split)."""
    x = text_matrix([m.text for m in train])
    y = np.array([m.spam for m in train])
    head = fit_head(x, y, np.ones(len(train)), x[:0], y[:0], c, seed)
    pred = [z >= 0 for z in head.decision(text_matrix([m.text for m in test])).tolist()]
    truth = [m.spam for m in test]
    r = metrics.report(truth, pred)
    _tp, fp, _fn, tn = metrics.confusion(truth, pred)
    return {
        "mcc": r["mcc"],
        "accuracy": r["accuracy"],
        "spam_caught": r["recall"],
        "ham_blocked": round(fp / (fp + tn), 4) if fp + tn else 0.0,
        "train_rows": len(train),
        "test_rows": len(test),
    }


def almeida_holdout(c: float, seed: int) -> dict[str, float]:
    """Train on the first 30% of UCI SMS in file order; score the other 70%."""
    msgs = corpus.uci_sms()
    cut = int(len(msgs) * ALMEIDA_TRAIN_SHARE)
    return _score(msgs[:cut], msgs[cut:], c, seed)


def cross_validation(c: float, seed: int, folds: int = FOLDS) -> dict[str, object]:
    """Return mean and standard deviation of the metrics over seeded shuffled folds."""
    msgs = corpus.uci_sms()
    order = list(range(len(msgs)))
    random.Random(seed).shuffle(order)
    runs = []
    for k in range(folds):
        test_idx = set(order[k::folds])
        train = [m for i, m in enumerate(msgs) if i not in test_idx]
        test = [msgs[i] for i in sorted(test_idx)]
        runs.append(_score(train, test, c, seed))
    out: dict[str, object] = {"folds": folds}
    for key in ("mcc", "accuracy", "spam_caught", "ham_blocked"):
        vals = [r[key] for r in runs]
        out[key] = round(statistics.fmean(vals), 4)
        out[f"{key}_sd"] = round(statistics.stdev(vals), 4)
    return out
