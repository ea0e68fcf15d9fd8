"""Load a verified, pickle-free model artifact and predict spam probabilities with it."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from service.core.errors import ModelError
from service.core.features import (
    N_FEATURES,
    SUPPORTED_SCHEMAS,
    candidate_matrix,
    text_matrix,
)
from service.core.labelfeatures import atom_features, edge_features
from service.core.labeller import LABELLER_SCHEMA, Labeller
from service.core.tiling import Tiling
from service.core.types import Candidate, RuleHit

WEIGHTS_FILE = "weights.npz"
METADATA_FILE = "metadata.json"
CURRENT_FILE = "CURRENT"
HEADS = ("message", "span")


@dataclass(frozen=True)
class _Head:
    """One calibrated linear model: dense weights, intercept, Platt scaling (a, b)."""

    coef: npt.NDArray[np.float32]
    intercept: float
    calib_a: float
    calib_b: float

    def decision(self, x: sp.csr_matrix) -> npt.NDArray[np.float64]:
        return np.asarray(x @ self.coef, dtype=np.float64) + self.intercept

    def proba(self, x: sp.csr_matrix) -> list[float]:
        if x.shape[0] == 0:
            return []
        z = self.decision(x)
        p = 1.0 / (1.0 + np.exp(-(self.calib_a * z + self.calib_b)))
        return [float(v) for v in p]


class Classifier:
    """Message-level and span-level spam probabilities from one artifact."""

    def __init__(
        self,
        version: str,
        message: _Head,
        span: _Head,
        metadata: dict[str, object],
        labeller: Labeller | None = None,
    ):
        self.version = version
        self.metadata = metadata
        self._message = message
        self._span = span
        self._labeller = labeller

    def message_proba(self, texts: Sequence[str]) -> list[float]:
        """Return, for each whole text, the calibrated probability that it is spam."""
        return self._message.proba(text_matrix(texts))

    def span_proba(self, candidates: Sequence[Candidate]) -> list[float]:
        """Return, for each candidate, the calibrated probability that it is injected spam."""
        return self._span.proba(candidate_matrix(candidates))

    def label(self, text: str, tiling: Tiling, hits: Sequence[Sequence[RuleHit]]) -> list[float]:
        """Return each atom's probability of being spam, read as one labelled sequence.

        `hits[i]` are the rule hits of atom i. Without a labeller (models before 1.19) each
        atom is scored by the span head alone.
        """
        atoms = [a.candidate for a in tiling.atoms]
        if not atoms:
            return []
        if self._labeller is None:
            return self.span_proba(atoms)
        # Whole atoms are their units: each text is vectorised once.
        parts = [a.candidate for a in tiling.atoms if not a.whole]
        z = self._span.decision(candidate_matrix(parts + tiling.units))
        z_unit = z[len(parts) :]
        z_atom = np.empty(len(atoms), dtype=np.float64)
        k = 0
        for i, a in enumerate(tiling.atoms):
            if a.whole:
                z_atom[i] = z_unit[a.unit]
            else:
                z_atom[i] = z[k]
                k += 1
        feats = atom_features(text, tiling, z_atom, z_unit, hits)
        return self._labeller.marginals(feats, edge_features(text, tiling))


def default_model_dir() -> Path:
    """Return the directory of the model released with the repository."""
    return Path(__file__).resolve().parents[2] / "training" / "artifacts" / "darnel"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_version_dir(path: Path) -> Path:
    """Accept a version directory, or a model directory whose CURRENT names the version."""
    if (path / METADATA_FILE).is_file():
        return path
    current = path / CURRENT_FILE
    if current.is_file():
        name = current.read_text(encoding="utf-8").strip()
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ModelError(f"{current}: invalid version name {name!r}")
        return path / name
    raise ModelError(f"no model artifact at {path} (neither {METADATA_FILE} nor {CURRENT_FILE})")


def _read_metadata(vdir: Path) -> dict[str, object]:
    meta_path = vdir / METADATA_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ModelError(f"missing {meta_path}") from e
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ModelError(f"corrupt {meta_path}: {e}") from e
    if not isinstance(meta, dict):
        raise ModelError(f"corrupt {meta_path}: not a JSON object")
    schema = meta.get("feature_schema_version")
    if schema not in SUPPORTED_SCHEMAS:
        raise ModelError(
            f"{vdir}: model built for feature schema {schema!r}, this service computes "
            f"{', '.join(map(repr, SUPPORTED_SCHEMAS))}; retrain (darnel train) or install "
            "a matching model"
        )
    if meta.get("n_features") != N_FEATURES:
        raise ModelError(f"{vdir}: n_features {meta.get('n_features')!r} != {N_FEATURES}")
    return meta


def _head(arrays: dict[str, npt.NDArray[np.generic]], name: str) -> _Head:
    """Rebuild a dense weight vector from the stored non-zero indices and values."""
    idx = arrays[f"{name}_idx"].astype(np.int64)
    val = arrays[f"{name}_val"].astype(np.float32)
    if idx.shape != val.shape or (idx.size and (idx.min() < 0 or idx.max() >= N_FEATURES)):
        raise ModelError(f"corrupt weights for {name}: bad index/value arrays")
    coef = np.zeros(N_FEATURES, dtype=np.float32)
    coef[idx] = val
    intercept = arrays[f"{name}_intercept"].astype(np.float64).ravel()
    calib = arrays[f"{name}_calib"].astype(np.float64).ravel()
    if intercept.size != 1 or calib.size != 2 or not np.all(np.isfinite(calib)):
        raise ModelError(f"corrupt weights for {name}: bad intercept/calibration")
    return _Head(coef, float(intercept[0]), float(calib[0]), float(calib[1]))


def _labeller(
    arrays: dict[str, npt.NDArray[np.generic]], meta: dict[str, object], vdir: Path
) -> Labeller | None:
    """Rebuild the labeller, or None for an artifact that has none (models < 1.19)."""
    info = meta.get("labeller")
    if info is None:
        return None
    if not isinstance(info, dict) or info.get("schema") != LABELLER_SCHEMA:
        raise ModelError(
            f"{vdir}: labeller built for {info!r}, this service computes "
            f"{LABELLER_SCHEMA!r}; retrain (darnel train) or install a matching model"
        )
    names = arrays["labeller_attributes"]
    edges = arrays["labeller_edge_attributes"]
    if names.dtype.kind != "U" or (edges.size and edges.dtype.kind != "U"):
        raise ModelError("corrupt labeller: attribute names are not text")
    return Labeller(
        tuple(str(a) for a in names.tolist()),
        arrays["labeller_weights"].astype(np.float64),
        arrays["labeller_transitions"].astype(np.float64),
        tuple(str(e) for e in edges.tolist()),
        arrays["labeller_edge_weights"].astype(np.float64),
    )


def load_classifier(path: Path) -> Classifier:
    """Load and verify an artifact; raise ModelError if missing, corrupt or incompatible."""
    vdir = resolve_version_dir(Path(path))
    meta = _read_metadata(vdir)
    weights = vdir / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"missing {weights}")
    expected = meta.get("weights_sha256")
    actual = sha256_file(weights)
    if expected != actual:
        raise ModelError(
            f"{weights}: checksum mismatch (metadata says {expected}, file is {actual})"
        )
    try:
        with np.load(weights, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        heads = {name: _head(arrays, name) for name in HEADS}
        labeller = _labeller(arrays, meta, vdir)
    except KeyError as e:
        raise ModelError(f"{weights}: missing array {e}") from e
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        raise ModelError(f"{weights}: unreadable: {e}") from e
    version = str(meta.get("model_version", vdir.name))
    return Classifier(f"m-{version}", heads["message"], heads["span"], meta, labeller)
