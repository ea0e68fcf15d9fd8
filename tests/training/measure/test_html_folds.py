"""Tests for training.measure.html_folds: one model per fold of whole pages, each trained
without its own pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from training.fit.vectorise import Config
from training.measure.html_folds import train_fold_models
from training.prepare.headings import pages_in_fold


@pytest.mark.slow
def test_each_fold_model_trained_without_exactly_its_own_pages(
    fold_models: list[Path], skipped_pages: Callable[[Path], list[str]]
) -> None:
    assert len(fold_models) == 2 and len(set(fold_models)) == 2
    for k, model in enumerate(fold_models):
        assert skipped_pages(model) == sorted(pages_in_fold(k, 2))
    assert not set(skipped_pages(fold_models[0])) & set(skipped_pages(fold_models[1]))


def test_one_fold_is_not_leaving_anything_out(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 2 folds"):
        train_fold_models(1, tmp_path, Config())
