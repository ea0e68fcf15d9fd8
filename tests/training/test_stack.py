"""Tests for training.stack: the flat copy of the trees answers exactly as sklearn's model."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier

from service.core.types import Candidate
from training.datasets import LabelledCandidate
from training.inject import Document
from training.stack import content_folds, export_trees, fit_context, oof_decisions


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
    folds = np.arange(n, dtype=np.int64) % 3
    z = oof_decisions(x, y, np.ones(n), folds, c=10.0, seed=0)
    # Out of fold, a private feature is unseen: scores carry no label information.
    assert abs(float(np.corrcoef(z, y)[0, 1])) < 0.2


def _labelled(docs: list[Document]) -> list[LabelledCandidate]:
    out = []
    for i, d in enumerate(docs):
        for piece in d.text.split(" | "):
            a = d.text.index(piece)
            c = Candidate(
                a, a + len(piece), piece, "sentence", "Latin", "en", "en", "Latin",
                a == 0, False, False, "", "",
            )  # fmt: skip
            spam = any(x <= a < y for x, y in d.spans)
            out.append(LabelledCandidate(c, spam, i, "src" if spam else ""))
    return out


def test_content_folds_keep_every_copy_of_a_message_or_sentence_together() -> None:
    msgs = [f"WIN a prize now, call 0870{i:07d} today" for i in range(3)]
    # Host sentences that differ in words (numbers alone would make them near-duplicates).
    names = [a + b for a in ("North", "South", "East", "West") for b in "ABCDEFGHIJ"]
    hosts = [f"The {n} council met to discuss the budget of the town" for n in names]
    docs = []
    for i in range(40):
        m = msgs[i % 3]
        text = f"{hosts[i]} | {m} | {hosts[(i * 7) % 40]}"
        a = text.index(m)
        docs.append(Document(text, "en", "leipzig", [(a, a + len(m))], ["src"]))
    cands = _labelled(docs)
    folds = content_folds(docs, cands)
    by_text: dict[str, set[int]] = {}
    for lc, f in zip(cands, folds.tolist(), strict=True):
        by_text.setdefault(lc.candidate.text, set()).add(f)
    # Each host sentence (in two documents) and each message (in 13 or 14) has one fold,
    assert all(len(v) == 1 for v in by_text.values())
    # and the three messages, which differ only in their numbers, share it.
    assert len({next(iter(by_text[m])) for m in msgs}) == 1
    # The host sentences spread over all folds.
    assert {next(iter(by_text[h])) for h in hosts} == {0, 1, 2}
