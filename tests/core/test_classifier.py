"""Tests for service.core.classifier: loading, verification and prediction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from service.core.classifier import default_model_dir, load_classifier
from service.core.errors import ModelError
from service.core.features import text_matrix
from service.core.stacking import TreeEnsemble
from service.core.types import Candidate
from training.artifact import write_artifact
from training.fit import Head


def _head(spam: str, ham: str, weight: float) -> Head:
    """A head that weighs the n-grams of spam that ham does not share."""
    idx = np.array(
        sorted(set(text_matrix([spam]).indices) - set(text_matrix([ham]).indices)),
        dtype=np.int32,
    )
    return Head(idx, np.full(idx.size, weight, dtype=np.float32), -1.0, 1.0, 0.0)


@pytest.fixture
def artifact(tmp_path: Path) -> Path:
    heads = {
        "message": _head("prize win", "lunch at noon", 5.0),
        "span": _head("夜网论坛", "张江科学城", 5.0),
    }
    write_artifact(tmp_path, "0.0.1", heads, {"metrics": {}, "thresholds": {}})
    return tmp_path


def _cand(text: str) -> Candidate:
    return Candidate(
        0, len(text), text, "script_run", "Han", "zh", "en", "Latin", True, False, False, "", ""
    )


def _set_metadata(vdir: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite an artifact's metadata.json after applying change to it."""
    path = vdir / "metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    change(meta)
    path.write_text(json.dumps(meta), encoding="utf-8")


def _reseal(vdir: Path) -> None:
    """Make metadata's checksum match weights.npz again, so only later checks can refuse it."""
    digest = hashlib.sha256((vdir / "weights.npz").read_bytes()).hexdigest()
    _set_metadata(vdir, lambda meta: meta.update(weights_sha256=digest))


def test_loads_via_current_and_predicts(artifact: Path) -> None:
    clf = load_classifier(artifact)
    assert clf.version == "m-0.0.1"
    spam, ham = clf.message_proba(["WIN a PRIZE", "lunch at noon"])
    assert spam > 0.5 > ham
    assert clf.span_proba([_cand("北京夜网论坛")])[0] > 0.5
    assert clf.message_proba([]) == [] and clf.span_proba([]) == []


def test_loads_version_directory(artifact: Path) -> None:
    assert load_classifier(artifact / "0.0.1").version == "m-0.0.1"


def test_missing_artifact_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model artifact"):
        load_classifier(tmp_path / "nothing")


def test_missing_weights_raises(artifact: Path) -> None:
    (artifact / "0.0.1" / "weights.npz").unlink()
    with pytest.raises(ModelError, match="missing"):
        load_classifier(artifact)


def test_checksum_mismatch_raises(artifact: Path) -> None:
    w = artifact / "0.0.1" / "weights.npz"
    w.write_bytes(w.read_bytes() + b"tampered")
    with pytest.raises(ModelError, match="checksum mismatch"):
        load_classifier(artifact)


def test_corrupt_metadata_raises(artifact: Path) -> None:
    (artifact / "0.0.1" / "metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        load_classifier(artifact)


def test_corrupt_weights_with_matching_checksum_raise(artifact: Path) -> None:
    vdir = artifact / "0.0.1"
    (vdir / "weights.npz").write_bytes(b"not a zip file")
    _reseal(vdir)
    with pytest.raises(ModelError, match="unreadable"):
        load_classifier(artifact)


# An unknown schema, and a retired one (models 1.0.0 and 1.1.0).
@pytest.mark.parametrize("schema", ["old-schema", "char_wb1-4.h20.ctx1"])
def test_an_artifact_of_another_feature_schema_is_refused(artifact: Path, schema: str) -> None:
    _set_metadata(artifact / "0.0.1", lambda meta: meta.update(feature_schema_version=schema))
    with pytest.raises(ModelError, match="feature schema"):
        load_classifier(artifact)


def test_bad_current_raises(artifact: Path) -> None:
    (artifact / "CURRENT").write_text("../../etc\n", encoding="utf-8")
    with pytest.raises(ModelError, match="invalid version"):
        load_classifier(artifact)


def test_default_model_dir_points_into_training() -> None:
    assert default_model_dir().parts[-3:] == ("training", "artifacts", "darnel")


def _context_artifact(tmp_path: Path) -> Path:
    """An artifact whose context head flips the span head: high only when its score is low."""
    trees = TreeEnsemble(
        feature=np.array([0, 0, 0], dtype=np.int32),
        threshold=np.array([0.0, 0.0, 0.0]),
        left=np.array([1, 0, 0], dtype=np.int32),
        right=np.array([2, 0, 0], dtype=np.int32),
        value=np.array([0.0, 3.0, -3.0]),
        is_leaf=np.array([False, True, True]),
        roots=np.array([0], dtype=np.int32),
        baseline=0.0,
    )
    heads = {
        "message": _head("prize win", "lunch at noon", 5.0),
        "span": _head("夜网论坛", "张江科学城", 5.0),
    }
    write_artifact(tmp_path, "0.0.2", heads, {"metrics": {}, "thresholds": {}}, context=trees)
    return tmp_path


def test_the_context_head_rescores_candidates_in_their_document(tmp_path: Path) -> None:
    clf = load_classifier(_context_artifact(tmp_path))
    text = "北京夜网论坛"
    alone = clf.span_proba([_cand(text)])[0]
    in_doc = clf.span_proba_in(text, [_cand(text)])[0]
    assert alone > 0.5 and in_doc == pytest.approx(1 / (1 + np.exp(3.0)))
    assert clf.span_proba_in(text, []) == []


def test_an_artifact_without_a_context_head_scores_with_the_span_head(artifact: Path) -> None:
    clf = load_classifier(artifact)
    c = _cand("北京夜网论坛")
    assert clf.span_proba_in(c.text, [c]) == clf.span_proba([c])


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("schema", "ctx-trees-0", "context head built for"),
        ("features", ["z", "len"], "features differ"),
    ],
)
def test_a_context_head_of_another_schema_is_refused(
    tmp_path: Path, key: str, value: object, match: str
) -> None:
    root = _context_artifact(tmp_path)
    _set_metadata(root / "0.0.2", lambda meta: meta["context_head"].update({key: value}))
    with pytest.raises(ModelError, match=match):
        load_classifier(root)


def test_corrupt_context_trees_are_refused_even_with_a_matching_checksum(tmp_path: Path) -> None:
    root = _context_artifact(tmp_path)
    vdir = root / "0.0.2"
    with np.load(vdir / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["context_left"] = np.array([0, 0, 0], dtype=np.int32)  # a node that is its own child
    np.savez_compressed(vdir / "weights.npz", **arrays)  # type: ignore[arg-type]
    _reseal(vdir)
    with pytest.raises(ModelError, match="corrupt context head"):
        load_classifier(root)
