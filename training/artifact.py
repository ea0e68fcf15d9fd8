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
from service.core.stacking import CONTEXT_FEATURES, CONTEXT_SCHEMA_VERSION, TreeEnsemble
from training.card import render_card
from training.fit import Head


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
    context: TreeEnsemble | None = None,
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
    if context is not None:
        arrays.update(
            context_feature=context.feature,
            context_threshold=context.threshold,
            context_left=context.left,
            context_right=context.right,
            context_value=context.value,
            context_is_leaf=context.is_leaf,
            context_roots=context.roots,
            context_baseline=np.array([context.baseline], dtype=np.float64),
            context_calib=np.array([context.calib_a, context.calib_b], dtype=np.float64),
        )
        extra["context_head"] = {
            "schema": CONTEXT_SCHEMA_VERSION,
            "features": list(CONTEXT_FEATURES),
            "trees": int(context.roots.size),
            "nodes": int(context.feature.size),
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
