"""Fixtures for abuse tests: the engine and an app as a fresh clone serves them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from service.config import load_settings
from service.core.engine import Engine
from service.runtime.runtime import Runtime


@pytest.fixture(scope="session")
def abuse_instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private instance folder, so generated secrets never land in the work tree."""
    return tmp_path_factory.mktemp("abuse-instance")


@pytest.fixture(scope="session")
def fresh_engine(abuse_instance: Path) -> Engine:
    """The engine on the shipped rules and model (rules alone when no model is committed)."""
    settings = load_settings(environ={}, overrides={"instance_dir": abuse_instance})
    return Runtime.start(settings).engine


@pytest.fixture(scope="module")
def app(abuse_instance: Path) -> Iterator[Flask]:
    """An app with default limits and no cache, so every request reaches the engine."""
    yield create_app({"cache": "none", "instance_dir": abuse_instance})
