"""Open the SQL database (SQLite by default, any SQLAlchemy URL) and apply migrations."""

from __future__ import annotations

import fcntl
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text

log = logging.getLogger(__name__)

# One migration step: (version, description, function applying it inside a transaction).
Migration = tuple[int, str, Callable[[Connection], None]]


def open_database(url: str) -> Engine:
    """Create an engine; SQLite files get WAL, a busy timeout and foreign keys.

    WAL lets readers (the queue page) run while a decision is written, and the busy timeout
    makes a second worker wait for the write lock instead of failing at once.
    """
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations across processes: every gunicorn worker migrates at start-up.

    PostgreSQL: a session advisory lock. SQLite: an exclusive lock on a file beside the
    database. Other back ends: no lock (single-process use).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(74201)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(74201)"))
                conn.commit()
        return
    db = engine.url.database if engine.dialect.name == "sqlite" else None
    if not db or db == ":memory:":
        yield
        return
    with open(f"{db}.migrate.lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def migrate(engine: Engine, component: str, steps: Sequence[Migration]) -> int:
    """Apply a component's pending migrations in order; return its schema version.

    Each component (review queue, API keys, ...) keeps its own version line in one
    `schema_migrations` table, so parts of the service evolve their tables independently.
    """
    with _migration_lock(engine):
        return _migrate_locked(engine, component, steps)


def _migrate_locked(engine: Engine, component: str, steps: Sequence[Migration]) -> int:
    """Apply migrations while holding the migration lock."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " component VARCHAR(64) NOT NULL, version INTEGER NOT NULL,"
                " description VARCHAR(200) NOT NULL, PRIMARY KEY (component, version))"
            )
        )
    current = 0
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT MAX(version) FROM schema_migrations WHERE component = :c"),
            {"c": component},
        ).scalar()
        current = int(row or 0)
    for version, description, apply in sorted(steps, key=lambda s: s[0]):
        if version <= current:
            continue
        with engine.begin() as conn:
            apply(conn)
            conn.execute(
                text(
                    "INSERT INTO schema_migrations (component, version, description)"
                    " VALUES (:c, :v, :d)"
                ),
                {"c": component, "v": version, "d": description},
            )
        log.info("migrated %s to version %d: %s", component, version, description)
        current = version
    return current


class SchemaOnce:
    """Migrate one component's tables on first use, once per process, thread-safely."""

    def __init__(self, engine: Engine, component: str, steps: Sequence[Migration]) -> None:
        self._engine = engine
        self._component = component
        self._steps = steps
        self._lock = threading.Lock()
        self._ready = False

    def ensure(self) -> None:
        """Apply pending migrations unless this process already did."""
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                migrate(self._engine, self._component, self._steps)
                self._ready = True
