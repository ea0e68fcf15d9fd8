"""Store fixtures: one fresh store per test, on SQLite and on a private PostgreSQL schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service.db import open_database
from service.review.migrations import decisions, item_rules, items
from service.review.sql import SqlReviewStore

DEFAULT_PG = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def _pg_required() -> bool:
    return os.environ.get("DARNEL_REQUIRE_POSTGRES", "") in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a private schema, dropped at the end of the session.

    PostgreSQL unreachable: fail when DARNEL_REQUIRE_POSTGRES=1 (CI), skip otherwise.
    """
    base = os.environ.get("DARNEL_TEST_POSTGRES_URL") or DEFAULT_PG
    schema = f"darnel_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # any driver or network failure means "no PostgreSQL here"
        admin.dispose()
        if _pg_required():
            pytest.fail(f"PostgreSQL needed at {base}: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL unreachable at {base}: {exc}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _sqlite_store(tmp_path: Path) -> SqlReviewStore:
    store = SqlReviewStore(open_database(f"sqlite:///{tmp_path / 'review.db'}"))
    store.ensure_schema()
    return store


def _pg_store(url: str) -> SqlReviewStore:
    store = SqlReviewStore(open_database(url))
    store.ensure_schema()
    with store.engine.begin() as conn:
        for table in (decisions, item_rules, items):
            conn.execute(table.delete())
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlReviewStore]:
    """A fresh, empty review store on each backend."""
    if request.param == "sqlite":
        s = _sqlite_store(tmp_path)
    else:
        s = _pg_store(request.getfixturevalue("postgres_url"))
    yield s
    s.engine.dispose()
