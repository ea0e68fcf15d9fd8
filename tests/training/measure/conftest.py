"""Fixtures for the measurement tests: a tiny training setting, and tiny leave-sites-out fold
models trained once with it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from service.core.classifier import METADATA_FILE
from training.fit.vectorise import Config
from training.measure.html_folds import train_fold_models

# A tiny training run, as the train smoke test's: two languages, few documents.
TINY = Config(docs_per_language=6, languages=("en", "zh"), max_messages=400)


@pytest.fixture
def tiny_config() -> Config:
    """The tiny training setting, for tests that train models of their own."""
    return TINY


@pytest.fixture(scope="session")
def fold_models(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two tiny models, each trained without the real pages of its fold of two."""
    return train_fold_models(2, tmp_path_factory.mktemp("sites"), TINY)


@pytest.fixture
def skipped_pages() -> Callable[[Path], list[str]]:
    """Read which real pages a model's training left out, from its metadata."""

    def read(model: Path) -> list[str]:
        meta = json.loads((model / METADATA_FILE).read_text(encoding="utf-8"))
        return list(meta["config"]["skip_pages"])

    return read
