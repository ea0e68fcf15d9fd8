"""The labeller: a linear-chain CRF over a text's atoms whose output is the spans.

Two labels, clean (0) and spam (1). Each atom's attributes (`labelfeatures`) weigh for
either label; a 2x2 transition table weighs each step from one atom's label to the
next's, plus one table per edge attribute of the step (what lies between the two atoms: a
line break, a change of script), so that leaving a spam run costs less where a new line
starts than inside a sentence. The probability that an atom is spam is its marginal under
the chain (forward-backward), so a harmless-looking sentence between two spam sentences is
read with them, and a lone short exclamation among clean prose is not. Trained by
`training/fit/crf.py`; the weights are stored as plain arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from service.core.errors import ModelError
from service.core.labelfeatures import Features

# Bump when attributes are added, removed or change meaning: the loader refuses a labeller
# trained on another set.
LABELLER_SCHEMA = "atoms-crf-3"
LABELS = 2


@dataclass(frozen=True)
class Labeller:
    """Attribute weights per label and label-to-label transition weights."""

    attributes: tuple[str, ...]
    weights: npt.NDArray[np.float64]  # (attributes, LABELS)
    transitions: npt.NDArray[np.float64]  # (LABELS, LABELS): from row to column
    edge_attributes: tuple[str, ...] = ()
    edge_weights: npt.NDArray[np.float64] = field(
        default_factory=lambda: np.zeros((0, LABELS, LABELS))
    )  # (edge attributes, LABELS, LABELS): added to the transitions of a step that has one

    def __post_init__(self) -> None:
        if self.weights.shape != (len(self.attributes), LABELS):
            raise ModelError("corrupt labeller: weights do not match its attributes")
        if self.transitions.shape != (LABELS, LABELS):
            raise ModelError("corrupt labeller: transitions are not 2x2")
        if self.edge_weights.shape != (len(self.edge_attributes), LABELS, LABELS):
            raise ModelError("corrupt labeller: edge weights do not match their attributes")
        if not all(
            np.all(np.isfinite(a)) for a in (self.weights, self.transitions, self.edge_weights)
        ):
            raise ModelError("corrupt labeller: weights are not finite")
        # Each attribute's (clean, spam) weights as plain floats: emissions read them once per
        # attribute of every atom, and indexing the numpy array there cost a numpy scalar per
        # read (the same products and sums in the same order, so the same scores).
        rows = {
            a: (float(w0), float(w1))
            for a, (w0, w1) in zip(self.attributes, self.weights.tolist(), strict=True)
        }
        object.__setattr__(self, "_rows", rows)
        # Each edge attribute's table as plain floats: read once per step on the hot path.
        tables = {
            e: [[float(self.edge_weights[k, i, j]) for j in range(LABELS)] for i in range(LABELS)]
            for k, e in enumerate(self.edge_attributes)
        }
        object.__setattr__(self, "_edges", tables)

    def emissions(self, feats: Sequence[Features]) -> list[tuple[float, float]]:
        """Return each atom's (clean, spam) score; unknown attributes weigh nothing."""
        rows: dict[str, tuple[float, float]] = self.__dict__["_rows"]
        out = []
        for f in feats:
            s0 = s1 = 0.0
            for name, value in f.items():
                r = rows.get(name)
                if r is not None:
                    s0 += value * r[0]
                    s1 += value * r[1]
            out.append((s0, s1))
        return out

    def steps(self, edges: Sequence[Sequence[str]], n: int) -> list[list[list[float]]]:
        """Return the transition table into each atom: the base table plus the tables of
        the step's edge attributes (unknown ones weigh nothing; atom 0's is unused)."""
        base = [[float(self.transitions[i, j]) for j in range(LABELS)] for i in range(LABELS)]
        tables: dict[str, list[list[float]]] = self.__dict__["_edges"]
        # A text's steps have a handful of distinct edge sets: each table is summed once (in
        # the same order, so to the same floats) and shared by the steps that have its set.
        summed: dict[tuple[str, ...], list[list[float]]] = {}
        out = []
        for i in range(n):
            key = tuple(edges[i]) if i < len(edges) else ()
            t = summed.get(key)
            if t is None:
                t = base
                names = [e for e in key if e in tables]
                if names:
                    t = [row[:] for row in base]
                    for e in names:
                        et = tables[e]
                        for a in range(LABELS):
                            for b in range(LABELS):
                                t[a][b] += et[a][b]
                summed[key] = t
            out.append(t)
        return out

    def marginals(
        self, feats: Sequence[Features], edges: Sequence[Sequence[str]] = ()
    ) -> list[float]:
        """Return each atom's probability of being spam under the chain; `edges[i]` names
        what lies between atom i-1 and atom i (`labelfeatures.edge_features`)."""
        em = self.emissions(feats)
        n = len(em)
        if n == 0:
            return []
        ts = self.steps(edges, n)
        # Forward and backward in log space over two labels, in plain floats: a page has
        # thousands of atoms and numpy's per-call cost would dominate.
        fwd = [(0.0, 0.0)] * n
        fwd[0] = em[0]
        for i in range(1, n):
            a0, a1 = fwd[i - 1]
            e0, e1 = em[i]
            t = ts[i]
            fwd[i] = (e0 + _lse(a0 + t[0][0], a1 + t[1][0]), e1 + _lse(a0 + t[0][1], a1 + t[1][1]))
        bwd = [(0.0, 0.0)] * n
        for i in range(n - 2, -1, -1):
            b0, b1 = bwd[i + 1]
            e0, e1 = em[i + 1]
            t = ts[i + 1]
            bwd[i] = (
                _lse(t[0][0] + e0 + b0, t[0][1] + e1 + b1),
                _lse(t[1][0] + e0 + b0, t[1][1] + e1 + b1),
            )
        out = []
        for i in range(n):
            s0 = fwd[i][0] + bwd[i][0]
            s1 = fwd[i][1] + bwd[i][1]
            out.append(1.0 / (1.0 + math.exp(max(-700.0, min(700.0, s0 - s1)))))
        return out


def _lse(a: float, b: float) -> float:
    """log(exp(a) + exp(b)) without overflow."""
    m = a if a > b else b
    return m + math.log1p(math.exp(-abs(a - b)))
