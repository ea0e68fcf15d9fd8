"""Fixtures for core tests: the shipped ruleset and the released model, loaded once."""

from __future__ import annotations

import pytest

from service.config import REPO_ROOT
from service.core.classifier import load_classifier
from service.core.engine import Engine
from service.core.rulefiles import load_ruleset


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine on the shipped rules and the committed model, as a fresh clone serves."""
    return Engine(
        ruleset=load_ruleset(REPO_ROOT / "rules", None),
        classifier=load_classifier(REPO_ROOT / "training" / "artifacts" / "darnel"),
    )
