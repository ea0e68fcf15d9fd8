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
from service.core.labeller import Labeller
from service.core.segment import candidates
from service.core.tiling import Tiling, tile
from service.core.types import Candidate
from training.fit.artifact import write_artifact
from training.fit.head import Head


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


def _labeller_artifact(tmp_path: Path) -> Path:
    """An artifact whose labeller calls an atom spam only on a link, whatever its words."""
    labeller = Labeller(
        ("bias", "url"),
        np.array([[2.0, 0.0], [0.0, 6.0]]),
        np.zeros((2, 2)),
    )
    heads = {
        "message": _head("prize win", "lunch at noon", 5.0),
        "span": _head("夜网论坛", "张江科学城", 5.0),
    }
    write_artifact(tmp_path, "0.0.2", heads, {"metrics": {}, "thresholds": {}}, labeller=labeller)
    return tmp_path


def _tiling(text: str) -> Tiling:
    return tile(text, candidates(text, "en"))


def test_the_labeller_scores_atoms_by_its_own_attributes(tmp_path: Path) -> None:
    clf = load_classifier(_labeller_artifact(tmp_path))
    text = "Read the notes at www.example.com today.\nThe meeting is at noon."
    t = _tiling(text)
    ps = clf.label(text, t, [[] for _ in t.atoms])
    assert ps[0] > 0.9 > 0.5 > ps[1]
    assert clf.label("", tile("", []), []) == []


def test_an_artifact_without_a_labeller_scores_atoms_with_the_span_head(artifact: Path) -> None:
    clf = load_classifier(artifact)
    text = "北京夜网论坛 and a city"
    t = _tiling(text)
    assert clf.label(text, t, [[] for _ in t.atoms]) == clf.span_proba(
        [a.candidate for a in t.atoms]
    )


def test_a_labeller_of_another_schema_is_refused(tmp_path: Path) -> None:
    root = _labeller_artifact(tmp_path)
    _set_metadata(root / "0.0.2", lambda meta: meta["labeller"].update(schema="atoms-crf-0"))
    with pytest.raises(ModelError, match="labeller built for"):
        load_classifier(root)


def test_corrupt_labeller_arrays_are_refused_even_with_a_matching_checksum(tmp_path: Path) -> None:
    root = _labeller_artifact(tmp_path)
    vdir = root / "0.0.2"
    with np.load(vdir / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["labeller_weights"] = np.zeros((5, 2))  # rows for attributes it does not have
    np.savez_compressed(vdir / "weights.npz", **arrays)  # type: ignore[arg-type]
    _reseal(vdir)
    with pytest.raises(ModelError, match="corrupt labeller"):
        load_classifier(root)
