"""Fit a two-label linear-chain CRF whose transitions depend on what lies between two atoms.

CRFsuite's transitions are one 2x2 table for every step, so leaving a spam run cost the
same between two pieces of one sentence as across a line break: a long promo carried its
label into the short host after it (model 1.19.0 flagged the English comment under a
1,300-character Telegram promo), and a lone spam sentence in clean prose paid the price of
two switches however clearly it stood apart. Here each step's table is a base table plus
one table per edge attribute the step has (a new line, a change of script or language).

Training maximises the weighted log-likelihood with an L2 penalty by L-BFGS. Forward and
backward run over all sequences at once, position by position (sequences sorted by length,
so the ones still running at a position are a prefix), which keeps the numpy calls per
iteration at a few per position instead of a few per atom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize

from service.core.labelfeatures import Features
from service.core.labeller import LABELS, Labeller

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Corpus:
    """The training sequences as matrices: one row per atom, sequences sorted longest first.

    `x` holds the atoms' attribute values, `g` their edge attributes (the step into the
    atom; the first atom of a sequence has none), `y` the labels, `w` each atom's sequence
    weight, `rows[t]` the rows of position t of the sequences that reach it. What does not
    change between L-BFGS iterations is laid out once: each row's sequence (`seq_of`), the
    gold labels one-hot, and every step (a row with a predecessor) with its gold pair.
    """

    x: sp.csr_matrix
    g: sp.csr_matrix
    y: npt.NDArray[np.int64]
    w: Array
    rows: list[npt.NDArray[np.int64]]
    last: npt.NDArray[np.int64]  # each sequence's last row
    seq_w: Array
    attributes: tuple[str, ...]
    edge_attributes: tuple[str, ...]
    seq_of: npt.NDArray[np.int64]
    onehot: Array
    steps: npt.NDArray[np.int64]  # rows with a predecessor (the row before them)
    gold_steps: Array  # (steps, 2, 2): one at each step's gold (previous, own) label pair


def _matrix(rows: Sequence[dict[str, float]], index: dict[str, int]) -> sp.csr_matrix:
    indptr = [0]
    cols: list[int] = []
    vals: list[float] = []
    for f in rows:
        for name, v in f.items():
            k = index.get(name)
            if k is not None:
                cols.append(k)
                vals.append(v)
        indptr.append(len(cols))
    return sp.csr_matrix(
        (np.array(vals, dtype=np.float64), np.array(cols, dtype=np.int64), np.array(indptr)),
        shape=(len(rows), len(index)),
    )


def build_corpus(
    feats: Sequence[Sequence[Features]],
    edges: Sequence[Sequence[Sequence[str]]],
    labels: Sequence[Sequence[int]],
    weights: Sequence[float],
) -> Corpus:
    """Lay the sequences out for training (empty sequences are dropped)."""
    keep = [i for i, xs in enumerate(feats) if xs]
    keep.sort(key=lambda i: -len(feats[i]))
    attributes = tuple(sorted({a for i in keep for f in feats[i] for a in f}))
    edge_attributes = tuple(sorted({e for i in keep for es in edges[i] for e in es}))
    a_index = {a: k for k, a in enumerate(attributes)}
    e_index = {e: k for k, e in enumerate(edge_attributes)}
    flat: list[dict[str, float]] = []
    flat_e: list[dict[str, float]] = []
    y: list[int] = []
    w: list[float] = []
    starts: list[int] = []
    for i in keep:
        starts.append(len(flat))
        flat.extend(feats[i])
        flat_e.extend({e: 1.0 for e in es} for es in edges[i])
        y.extend(labels[i])
        w.extend([weights[i]] * len(feats[i]))
    lengths = np.array([len(feats[i]) for i in keep], dtype=np.int64)
    start = np.array(starts, dtype=np.int64)
    rows = [start[: int(np.sum(lengths > t))] + t for t in range(int(lengths.max(initial=0)))]
    n = len(flat)
    gold = np.array(y, dtype=np.int64)
    seq_of = np.zeros(n, dtype=np.int64)
    for r in rows:
        seq_of[r] = np.arange(len(r))
    onehot = np.zeros((n, LABELS))
    onehot[np.arange(n), gold] = 1.0
    steps = np.concatenate([np.zeros(0, dtype=np.int64), *rows[1:]])
    gold_steps = np.zeros((len(steps), LABELS, LABELS))
    gold_steps[np.arange(len(steps)), gold[steps - 1], gold[steps]] = 1.0
    return Corpus(
        _matrix(flat, a_index),
        _matrix(flat_e, e_index),
        gold,
        np.array(w, dtype=np.float64),
        rows,
        start + lengths - 1,
        np.array([weights[i] for i in keep], dtype=np.float64),
        attributes,
        edge_attributes,
        seq_of,
        onehot,
        steps,
        gold_steps,
    )


def _lse(a: Array, axis: int) -> Array:
    m = a.max(axis=axis, keepdims=True)
    return np.asarray(np.squeeze(m, axis=axis) + np.log(np.exp(a - m).sum(axis=axis)))


def _unpack(theta: Array, c: Corpus) -> tuple[Array, Array, Array]:
    na, ne = len(c.attributes), len(c.edge_attributes)
    w = theta[: na * LABELS].reshape(na, LABELS)
    t = theta[na * LABELS : na * LABELS + LABELS * LABELS].reshape(LABELS, LABELS)
    e = theta[na * LABELS + LABELS * LABELS :].reshape(ne, LABELS, LABELS)
    return w, t, e


def objective(theta: Array, c: Corpus, c2: float) -> tuple[float, Array]:
    """Return the negative weighted log-likelihood plus c2 * |theta|^2, and its gradient."""
    w, t, e = _unpack(theta, c)
    n = c.x.shape[0]
    u = np.asarray(c.x @ w)  # (n, 2) emissions
    ne = len(c.edge_attributes)
    m = np.broadcast_to(t, (n, LABELS, LABELS)).copy()
    if ne:
        m += np.asarray(c.g @ e.reshape(ne, -1)).reshape(n, LABELS, LABELS)
    alpha = np.zeros((n, LABELS))
    beta = np.zeros((n, LABELS))
    first = c.rows[0]
    alpha[first] = u[first]
    for t_i in range(1, len(c.rows)):
        r = c.rows[t_i]
        prev = r - 1
        alpha[r] = u[r] + _lse(alpha[prev][:, :, None] + m[r], axis=1)
    for t_i in range(len(c.rows) - 1, 0, -1):
        r = c.rows[t_i]
        prev = r - 1
        beta[prev] = _lse(m[r] + (u[r] + beta[r])[:, None, :], axis=2)
    log_z = _lse(alpha[c.last], axis=1)
    lz = log_z[c.seq_of]
    p = np.exp(alpha + beta - lz[:, None])  # node marginals
    # Gold score: emissions of the gold labels plus the gold transitions.
    gold = float(np.sum(c.w * u[np.arange(n), c.y]))
    d_u = c.w[:, None] * (c.onehot - p)
    # Every step's pair marginals at once: the loops above are the only per-position work.
    r = c.steps
    prev = r - 1
    pair = alpha[prev][:, :, None] + m[r] + (u[r] + beta[r])[:, None, :] - lz[r][:, None, None]
    gold += float(np.sum(c.w[r] * m[r, c.y[prev], c.y[r]]))
    d_m = np.zeros((n, LABELS, LABELS))
    d_m[r] = c.w[r][:, None, None] * (c.gold_steps - np.exp(pair))
    loglik = gold - float(np.sum(c.seq_w * log_z))
    d_w = np.asarray(c.x.T @ d_u)
    d_t = d_m.sum(axis=0)
    d_e = np.asarray(c.g.T @ d_m.reshape(n, -1)).reshape(ne, LABELS, LABELS)
    grad = -np.concatenate([d_w.ravel(), d_t.ravel(), d_e.ravel()]) + 2.0 * c2 * theta
    return -loglik + c2 * float(theta @ theta), grad


def size(c: Corpus) -> int:
    """Return the number of weights: per attribute and label, the base table, per edge."""
    return (len(c.attributes) + LABELS + len(c.edge_attributes) * LABELS) * LABELS


def fit(c: Corpus, c2: float, max_iterations: int) -> Labeller:
    """Fit the weights by L-BFGS and return them as a Labeller."""
    res = minimize(
        objective,
        np.zeros(size(c)),
        args=(c, c2),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iterations},
    )
    w, t, e = _unpack(np.asarray(res.x), c)
    return Labeller(c.attributes, w.copy(), t.copy(), c.edge_attributes, e.copy())
