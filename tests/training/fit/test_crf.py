"""Tests for training.fit.crf: the objective, its gradient, and what a fit learns."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from training.fit import crf

Seqs = tuple[
    list[list[dict[str, float]]], list[list[tuple[str, ...]]], list[list[int]], list[float]
]


def _sequences(n: int, seed: int) -> Seqs:
    rng = random.Random(seed)
    feats, edges, labels, weights = [], [], [], []
    for _ in range(n):
        k = rng.randint(1, 5)
        feats.append([{f"a{rng.randint(0, 4)}": 1.0, "z": rng.uniform(-1, 1)} for _ in range(k)])
        steps = [tuple(rng.sample(["e1", "e2", "e3"], rng.randint(0, 2))) for _ in range(k - 1)]
        edges.append([(), *steps])
        labels.append([rng.randint(0, 1) for _ in range(k)])
        weights.append(rng.choice([1.0, 3.0]))
    return feats, edges, labels, weights


def _brute_objective(theta: np.ndarray, c: crf.Corpus, data: Seqs, c2: float) -> float:
    """The weighted negative log-likelihood by summing over every labelling."""
    w, t, e = crf._unpack(theta, c)
    a_index = {a: k for k, a in enumerate(c.attributes)}
    e_index = {x: k for k, x in enumerate(c.edge_attributes)}

    def score(xs: list[dict[str, float]], es: list[tuple[str, ...]], ys: tuple[int, ...]) -> float:
        s = sum(v * w[a_index[a], y] for f, y in zip(xs, ys, strict=True) for a, v in f.items())
        for i in range(1, len(ys)):
            s += t[ys[i - 1], ys[i]] + sum(e[e_index[x], ys[i - 1], ys[i]] for x in es[i])
        return float(s)

    total = 0.0
    for xs, es, ys, sw in zip(*data, strict=True):
        every = [score(xs, es, y) for y in itertools.product((0, 1), repeat=len(xs))]
        total += sw * (score(xs, es, tuple(ys)) - float(np.logaddexp.reduce(every)))
    return -total + c2 * float(theta @ theta)


def test_the_objective_is_the_likelihood_summed_over_every_labelling() -> None:
    data = _sequences(25, 1)
    c = crf.build_corpus(*data)
    theta = np.random.default_rng(2).normal(size=crf.size(c))
    value, _grad = crf.objective(theta, c, 0.1)
    assert value == pytest.approx(_brute_objective(theta, c, data, 0.1), rel=1e-9)


def test_the_gradient_matches_finite_differences() -> None:
    c = crf.build_corpus(*_sequences(20, 3))
    theta = np.random.default_rng(4).normal(size=crf.size(c))
    _value, grad = crf.objective(theta, c, 0.5)
    eps = 1e-6
    numeric = np.array(
        [
            (crf.objective(theta + d, c, 0.5)[0] - crf.objective(theta - d, c, 0.5)[0]) / (2 * eps)
            for d in np.eye(len(theta)) * eps
        ]
    )
    assert np.abs(numeric - grad).max() < 1e-5 * max(1.0, np.abs(grad).max())


def test_a_fit_learns_that_spam_ends_where_a_new_line_starts() -> None:
    # Spam runs (attribute "s" on their first atom only) end exactly at a new line; inside
    # a line the label carries on. Only an edge attribute can say where the run stops.
    rng = random.Random(5)
    feats, edges, labels = [], [], []
    for _ in range(300):
        k = rng.randint(2, 4)
        run = [{"s": 1.0}] + [{"bias": 1.0}] * (k - 1)
        tail = [{"bias": 1.0}] * rng.randint(1, 3)
        feats.append(run + tail)
        edges.append([()] + [("same_line",)] * (k - 1) + [("new_line",)] * len(tail))
        labels.append([1] * k + [0] * len(tail))
    lab = crf.fit(crf.build_corpus(feats, edges, labels, [1.0] * len(feats)), 0.01, 200)
    probe = [{"s": 1.0}, {"bias": 1.0}, {"bias": 1.0}]
    same, new = lab.marginals(probe, [(), ("same_line",), ("new_line",)])[1:]
    assert same > 0.9 and new < 0.1


def test_empty_sequences_are_left_out() -> None:
    c = crf.build_corpus([[], [{"a": 1.0}]], [[], [()]], [[], [1]], [1.0, 1.0])
    assert c.x.shape[0] == 1 and len(c.last) == 1
