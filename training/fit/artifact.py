"""Write a model artifact directory: weights.npz, metadata.json, MODEL_CARD.md, CURRENT."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import sklearn

from service.core.classifier import CURRENT_FILE, METADATA_FILE, WEIGHTS_FILE, sha256_file
from service.core.features import (
    CONTEXT_WEIGHT,
    FEATURE_SCHEMA_VERSION,
    N_FEATURES,
    NGRAM_RANGE,
)
from service.core.labeller import LABELLER_SCHEMA, Labeller
from training.fit.card import render_card
from training.fit.head import Head


def environment() -> dict[str, str]:
    """Return the versions that produced the artifact."""
    return {
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
    }


def write_artifact(
    root: Path,
    version: str,
    heads: dict[str, Head],
    metadata: dict[str, object],
    release: bool = True,
    labeller: Labeller | None = None,
) -> Path:
    """Write the version directory under root and, if release, point CURRENT at it."""
    vdir = root / version
    vdir.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name, head in heads.items():
        arrays[f"{name}_idx"] = head.idx.astype(np.int32)
        arrays[f"{name}_val"] = head.val.astype(np.float32)
        arrays[f"{name}_intercept"] = np.array([head.intercept], dtype=np.float64)
        arrays[f"{name}_calib"] = np.array([head.calib_a, head.calib_b], dtype=np.float64)
    extra: dict[str, object] = {}
    if labeller is not None:
        arrays.update(
            labeller_attributes=np.array(labeller.attributes, dtype=str),
            labeller_weights=labeller.weights,
            labeller_transitions=labeller.transitions,
            labeller_edge_attributes=np.array(labeller.edge_attributes, dtype=str),
            labeller_edge_weights=labeller.edge_weights,
        )
        extra["labeller"] = {
            "schema": LABELLER_SCHEMA,
            "attributes": len(labeller.attributes),
            "transitions": labeller.transitions.round(4).tolist(),
            "edges": {
                e: labeller.edge_weights[k].round(4).tolist()
                for k, e in enumerate(labeller.edge_attributes)
            },
        }
    weights = vdir / WEIGHTS_FILE
    np.savez_compressed(weights, **arrays)  # type: ignore[arg-type]
    meta = {
        "model_name": "darnel",
        "model_version": version,
        "feature_schema_version": FEATURE_SCHEMA_VERSION,
        "n_features": N_FEATURES,
        "features": {
            "analyzer": "char_wb",
            "ngram_range": list(NGRAM_RANGE),
            "context_weight": CONTEXT_WEIGHT,
            "text_fold": "service.core.normalize.fold",
        },
        "heads": {name: {"nonzero_weights": int(h.idx.size)} for name, h in heads.items()},
        "environment": environment(),
        **extra,
        **metadata,
        "weights_sha256": sha256_file(weights),
    }
    (vdir / METADATA_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    (vdir / "MODEL_CARD.md").write_text(render_card(meta), encoding="utf-8")
    if release:
        (root / CURRENT_FILE).write_text(version + "\n", encoding="utf-8")
    return vdir
