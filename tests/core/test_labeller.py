"""Tests for service.core.labeller: chain marginals, unknown attributes, corrupt arrays."""

import itertools
import math

import numpy as np
import pytest

from service.core.errors import ModelError
from service.core.labeller import Labeller


def _labeller() -> Labeller:
    return Labeller(
        ("bias", "spammy", "clean"),
        np.array([[0.2, -0.1], [-1.0, 2.0], [1.5, -1.5]]),
        np.array([[0.5, -1.0], [-0.8, 1.2]]),
        ("new_line", "script_change"),
        np.array([[[-0.5, 1.0], [1.5, -0.2]], [[0.0, 0.3], [0.4, 0.0]]]),
    )


def _brute(
    lab: Labeller, feats: list[dict[str, float]], edges: list[tuple[str, ...]] | None = None
) -> list[float]:
    """Marginals by summing every labelling: the reference the chain must match."""
    em = lab.emissions(feats)
    edges = edges or [()] * len(feats)
    index = {e: k for k, e in enumerate(lab.edge_attributes)}
    total = 0.0
    spam = [0.0] * len(feats)
    for ys in itertools.product((0, 1), repeat=len(feats)):
        s = sum(em[i][y] for i, y in enumerate(ys))
        for i in range(1, len(ys)):
            a, b = ys[i - 1], ys[i]
            s += lab.transitions[a, b]
            s += sum(lab.edge_weights[index[e], a, b] for e in edges[i] if e in index)
        w = math.exp(s)
        total += w
        for i, y in enumerate(ys):
            spam[i] += w * y
    return [v / total for v in spam]


def test_marginals_match_a_sum_over_every_labelling() -> None:
    lab = _labeller()
    feats = [
        {"bias": 1.0, "clean": 1.0},
        {"bias": 1.0, "spammy": 1.0},
        {"bias": 1.0},
        {"bias": 1.0, "spammy": 0.5, "unknown": 9.0},
        {"bias": 1.0, "clean": 1.0},
    ]
    assert lab.marginals(feats) == pytest.approx(_brute(lab, feats), abs=1e-9)


def test_edge_attributes_weigh_into_each_step_as_in_the_sum_over_labellings() -> None:
    lab = _labeller()
    feats = [{"bias": 1.0, "spammy": 1.0}, {"bias": 1.0}, {"bias": 1.0, "clean": 0.3}]
    edges = [(), ("new_line", "unknown"), ("new_line", "script_change")]
    got = lab.marginals(feats, edges)
    assert got == pytest.approx(_brute(lab, feats, edges), abs=1e-9)
    # The new line makes leaving spam cheaper here, so the atom after it is read as cleaner.
    assert got[1] < lab.marginals(feats)[1]


def test_a_neighbour_pulls_a_neutral_atom_towards_its_label() -> None:
    lab = _labeller()
    alone = lab.marginals([{"bias": 1.0}])[0]
    beside_spam = lab.marginals([{"bias": 1.0, "spammy": 3.0}, {"bias": 1.0}])[1]
    assert beside_spam > alone


def test_huge_scores_neither_overflow_nor_give_nan() -> None:
    lab = _labeller()
    ps = lab.marginals([{"spammy": 1e6}, {"clean": 1e6}, {"bias": 1.0}])
    assert all(0.0 <= p <= 1.0 for p in ps) and ps[0] == pytest.approx(1.0)


def test_no_atoms_no_marginals() -> None:
    assert _labeller().marginals([]) == []


@pytest.mark.parametrize(
    ("weights", "transitions"),
    [
        (np.zeros((2, 2)), np.zeros((2, 2))),  # fewer rows than attributes
        (np.zeros((3, 2)), np.zeros((3, 3))),
        (np.full((3, 2), np.nan), np.zeros((2, 2))),
    ],
)
def test_corrupt_arrays_are_refused(weights: np.ndarray, transitions: np.ndarray) -> None:
    with pytest.raises(ModelError):
        Labeller(("a", "b", "c"), weights, transitions)


def test_edge_weights_that_do_not_match_their_names_are_refused() -> None:
    with pytest.raises(ModelError):
        Labeller(("a",), np.zeros((1, 2)), np.zeros((2, 2)), ("new_line",), np.zeros((2, 2, 2)))
    with pytest.raises(ModelError):
        Labeller(("a",), np.zeros((1, 2)), np.zeros((2, 2)), ("x",), np.full((1, 2, 2), np.inf))
