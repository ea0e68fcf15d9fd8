"""Keep accounts in the service database (component `users`), with hashed passwords."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    select,
)
from sqlalchemy.exc import IntegrityError

from service.db import Migration, migrate
from service.users.models import Role, User, parse_roles
from service.users.passwords import hash_password, verify_password

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", String(300), nullable=False),
    Column("roles", String(200), nullable=False),  # comma-separated Role values
    Column("created_ms", BigInteger, nullable=False),
)


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[users])


STEPS: list[Migration] = [(1, "user accounts with roles", _create_v1)]


class UserExists(ValueError):
    """An account with that name already exists."""


def _to_user(row: object) -> User:
    r = row._mapping  # type: ignore[attr-defined]
    return User(int(r["id"]), str(r["name"]), parse_roles(r["roles"]), int(r["created_ms"]))


class UserStore:
    """Create, find and authenticate accounts."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self._clock = clock

    def ensure_schema(self) -> None:
        """Create or migrate the users table."""
        migrate(self.engine, "users", STEPS)

    def add(self, name: str, password: str, roles: frozenset[Role]) -> User:
        """Create an account; raises UserExists or ValueError for an empty name/password."""
        name = name.strip()
        if not name or len(name) > 100:
            raise ValueError("a user name has 1 to 100 characters")
        if len(password) < 8:
            raise ValueError("a password has at least 8 characters")
        role_text = ",".join(sorted(r.value for r in roles))
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(
                    users.insert().values(
                        name=name,
                        password_hash=hash_password(password),
                        roles=role_text,
                        created_ms=int(self._clock() * 1000),
                    )
                ).inserted_primary_key
        except IntegrityError as exc:
            raise UserExists(f"user {name!r} already exists") from exc
        if new_id is None:
            raise RuntimeError("the database returned no id for the new user")
        return self.get(int(new_id[0]))  # type: ignore[return-value]

    def get(self, user_id: int) -> User | None:
        """Return the account with this id, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).first()
        return None if row is None else _to_user(row)

    def all(self) -> list[User]:
        """Return every account, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(users).order_by(users.c.name)).all()
        return [_to_user(r) for r in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        """Return the account if the password matches, else None (same time either way)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name.strip())).first()
        stored = None if row is None else str(row._mapping["password_hash"])
        if not verify_password(stored, password) or row is None:
            return None
        return _to_user(row)
