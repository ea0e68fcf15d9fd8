"""Tests for training.stack: the flat copy of the trees answers exactly as sklearn's model."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier

from training.stack import export_trees, fit_context, oof_decisions


def _data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [rng.normal(size=n), rng.integers(0, 2, size=n), rng.integers(0, 5, size=n) * 0.5]
    )
    y = (x[:, 0] + x[:, 1] - 0.4 * x[:, 2] + rng.normal(scale=0.5, size=n)) > 0.3
    return x, y


def test_exported_trees_match_sklearn_on_unseen_rows() -> None:
    x, y = _data(3000, 1)
    model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=15, random_state=0)
    model.fit(x, y)
    trees = export_trees(model)
    trees.validate(x.shape[1])
    x_new, _ = _data(2000, 2)
    # Values exactly on a split point (the binary and half-step columns) included.
    np.testing.assert_allclose(trees.decision(x_new), model.decision_function(x_new), atol=1e-9)


def test_fit_context_learns_and_calibrates() -> None:
    x, y = _data(4000, 3)
    xc, yc = _data(1500, 4)
    trees = fit_context(x, y, np.ones(len(y)), xc, yc, seed=0)
    xt, yt = _data(1500, 5)
    p = trees.proba(xt)
    assert np.all((p > 0) & (p < 1))
    assert ((p >= 0.5) == yt).mean() > 0.8
    # Calibrated: the mean probability is close to the base rate.
    assert abs(p.mean() - yt.mean()) < 0.05


def test_oof_scores_come_from_models_that_did_not_see_the_row() -> None:
    rng = np.random.default_rng(0)
    n = 600
    y = rng.integers(0, 2, size=n).astype(bool)
    # Each row has a private feature that gives its label away in-sample only.
    x = sp.csr_matrix((np.where(y, 1.0, -1.0), (np.arange(n), np.arange(n))), shape=(n, n))
    groups = np.arange(n, dtype=np.int64)
    z = oof_decisions(x, y, np.ones(n), groups, c=10.0, seed=0)
    # Out of fold, a private feature is unseen: scores carry no label information.
    assert abs(float(np.corrcoef(z, y)[0, 1])) < 0.2
