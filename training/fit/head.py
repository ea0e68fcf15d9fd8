"""Fit one calibrated linear head on hashed features and export it as plain arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

# Weights this small change no probability by more than rounding; dropping them keeps the
# committed artifact a few MB instead of tens.
PRUNE_BELOW = 2e-3


@dataclass(frozen=True)
class Head:
    """A fitted head as the artifact stores it: sparse weights, intercept, Platt (a, b)."""

    idx: npt.NDArray[np.int32]
    val: npt.NDArray[np.float32]
    intercept: float
    calib_a: float
    calib_b: float

    def decision(self, x: sp.csr_matrix) -> npt.NDArray[np.float64]:
        """Return raw scores with the pruned weights (what the service computes)."""
        coef = np.zeros(x.shape[1], dtype=np.float32)
        coef[self.idx] = self.val
        return np.asarray(x @ coef, dtype=np.float64) + self.intercept

    def proba(self, x: sp.csr_matrix) -> npt.NDArray[np.float64]:
        """Return calibrated probabilities."""
        z = self.decision(x)
        return 1.0 / (1.0 + np.exp(-(self.calib_a * z + self.calib_b)))


def fit_head(
    x: sp.csr_matrix,
    y: npt.NDArray[np.bool_],
    weight: npt.NDArray[np.float64],
    x_cal: sp.csr_matrix,
    y_cal: npt.NDArray[np.bool_],
    c: float,
    seed: int,
) -> Head:
    """Fit L2 logistic regression, prune tiny weights, then Platt-scale on the calibration set.

    Classes are re-weighted to balance during fitting (spam is the minority), which skews
    raw probabilities; the Platt step on untouched calibration data undoes that skew.
    """
    model = LogisticRegression(
        C=c, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=seed
    )
    model.fit(x, y, sample_weight=weight)
    coef = model.coef_.ravel().astype(np.float32)
    keep = np.flatnonzero(np.abs(coef) >= PRUNE_BELOW).astype(np.int32)
    head = Head(keep, coef[keep], float(model.intercept_[0]), 1.0, 0.0)
    calib = platt_scale(head.decision(x_cal), y_cal)
    if calib is None:
        return head
    return Head(head.idx, head.val, head.intercept, *calib)


def platt_scale(z: npt.NDArray[np.float64], y: npt.NDArray[np.bool_]) -> tuple[float, float] | None:
    """Return Platt's (a, b) mapping raw scores to probabilities on held-out rows, or None
    when those rows hold only one class."""
    if len(set(y.tolist())) < 2:
        return None
    platt = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    platt.fit(z.reshape(-1, 1), y)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])
