"""Fit the context head: trees over out-of-fold span scores and each candidate's surroundings."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from service.core.stacking import CONTEXT_FEATURES, TreeEnsemble, context_features
from training.datasets import LabelledCandidate
from training.fit import platt_scale
from training.inject import Document
from training.splits import unit_of

FOLDS = 3
# Folds are drawn apart from the train/test split (whose salt is the data source's).
FOLD_SALT = "context-folds"
# Small on purpose: 26 dense features, ~80k rows. 150 trees of 31 leaves fit in seconds and
# are walked in about 0.1 ms for a comment's ten candidates.
TREES = 150
LEARNING_RATE = 0.15
LEAVES = 31
# Depth bounds the steps of the array walk at serving time (17 unbounded, 8 here); on
# 1.6.0's data 150 trees of depth <= 8 scored as 300 unbounded ones (AP 0.9939 vs 0.9940).
MAX_DEPTH = 8


def content_folds(
    docs: Sequence[Document], cands: Sequence[LabelledCandidate]
) -> npt.NDArray[np.int64]:
    """Assign each candidate a fold by what it is made of, not by its document.

    The training documents reuse their parts: 5,999 injections of 2,117 spam messages
    (three in four messages appear in two to twelve documents) and 14 of ~700 training
    sentences per language in each document. Folded by document, a message's other copies
    sat in the training folds, so its out-of-fold score was in effect in-sample. Here a
    candidate overlapping injected spam goes with that message (the longest overlap), any
    other with its own text, so every copy of a message or a host sentence is scored by a
    model that never saw it. Texts are keyed as the splits key them (`near_duplicate_key`):
    a spam template with another phone number is the same message.

    Measured through the engine on the test documents of model 1.14.0 (before the test
    split was deduplicated): span character F1 0.9641 -> 0.9661 with the folds alone; with
    them, 180 training documents per language instead of 120 went to 0.9716 (with folds by
    document the same step had gone down to 0.9534, the leak growing with the copies of each
    message). On the deduplicated test documents: 0.9563 -> 0.9657, and 0.9556 -> 0.9621 on
    a second draw; clean documents flagged 0.72% -> 0.92% and 0.50% -> 0.60%.
    """
    out = np.zeros(len(cands), dtype=np.int64)
    for i, lc in enumerate(cands):
        c = lc.candidate
        doc = docs[lc.doc]
        best, key = 0, c.text.strip()
        for a, b in doc.spans:
            overlap = min(b, c.end) - max(a, c.start)
            if overlap > best:
                best, key = overlap, doc.text[a:b]
        out[i] = int(unit_of(key, FOLD_SALT) * FOLDS)
    return out


def oof_decisions(
    x: sp.csr_matrix,
    y: npt.NDArray[np.bool_],
    w: npt.NDArray[np.float64],
    fold: npt.NDArray[np.int64],
    c: float,
    seed: int,
) -> npt.NDArray[np.float64]:
    """Return out-of-fold span-head scores for the given folds (`content_folds`).

    The trees must learn how far to trust a span score on text the span head has not seen;
    in-sample scores would teach them to trust it blindly.
    """
    out = np.zeros(x.shape[0], dtype=np.float64)
    for k in range(FOLDS):
        train = fold != k
        model = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=seed
        )
        model.fit(x[train], y[train], sample_weight=w[train])
        out[~train] = model.decision_function(x[~train])
    return out


def document_features(
    docs: Sequence[Document], cands: Sequence[LabelledCandidate], z: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return context features for labelled candidates, computed document by document."""
    out = np.zeros((len(cands), len(CONTEXT_FEATURES)), dtype=np.float64)
    rows: dict[int, list[int]] = defaultdict(list)
    for i, lc in enumerate(cands):
        rows[lc.doc].append(i)
    for d, idx in rows.items():
        out[idx] = context_features(docs[d].text, [cands[i].candidate for i in idx], z[idx])
    return out


def export_trees(model: HistGradientBoostingClassifier) -> TreeEnsemble:
    """Flatten a fitted binary HistGradientBoostingClassifier into plain arrays.

    Reads sklearn's fitted predictors (`_predictors`, `_baseline_prediction`): the test
    suite checks the flat copy against `decision_function` on every release.
    """
    feats: list[npt.NDArray[np.int64]] = []
    thr: list[npt.NDArray[np.float64]] = []
    left: list[npt.NDArray[np.int64]] = []
    right: list[npt.NDArray[np.int64]] = []
    val: list[npt.NDArray[np.float64]] = []
    leaf: list[npt.NDArray[np.bool_]] = []
    roots: list[int] = []
    offset = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        if np.any(nodes["is_categorical"]):
            raise ValueError("categorical splits are not supported")
        is_leaf = nodes["is_leaf"].astype(bool)
        roots.append(offset)
        feats.append(np.where(is_leaf, 0, nodes["feature_idx"]))
        thr.append(np.where(is_leaf, 0.0, nodes["num_threshold"]))
        left.append(np.where(is_leaf, 0, nodes["left"].astype(np.int64) + offset))
        right.append(np.where(is_leaf, 0, nodes["right"].astype(np.int64) + offset))
        val.append(np.where(is_leaf, nodes["value"], 0.0))
        leaf.append(is_leaf)
        offset += len(nodes)
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return TreeEnsemble(
        feature=np.concatenate(feats).astype(np.int32),
        threshold=np.concatenate(thr).astype(np.float64),
        left=np.concatenate(left).astype(np.int32),
        right=np.concatenate(right).astype(np.int32),
        value=np.concatenate(val).astype(np.float64),
        is_leaf=np.concatenate(leaf),
        roots=np.array(roots, dtype=np.int32),
        baseline=baseline,
    )


def fit_context(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.bool_],
    w: npt.NDArray[np.float64],
    x_cal: npt.NDArray[np.float64],
    y_cal: npt.NDArray[np.bool_],
    seed: int,
) -> TreeEnsemble:
    """Fit the trees, flatten them, then Platt-scale their raw sum on the calibration rows.

    Hard negatives carry extra weight in fitting, which lowers raw probabilities; the
    unweighted calibration rows put them back on the scale the thresholds expect.
    """
    model = HistGradientBoostingClassifier(
        max_iter=TREES,
        learning_rate=LEARNING_RATE,
        max_leaf_nodes=LEAVES,
        max_depth=MAX_DEPTH,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )
    model.fit(x, y, sample_weight=w)
    trees = export_trees(model)
    trees.validate(len(CONTEXT_FEATURES))
    calib = platt_scale(trees.decision(x_cal), y_cal)
    if calib is None:
        return trees
    return dataclasses.replace(trees, calib_a=calib[0], calib_b=calib[1])
