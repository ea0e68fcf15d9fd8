"""Account value types: roles and the user record the web layer sees."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What an account may do: moderators work the queue, admins also see rule statistics."""

    MODERATOR = "moderator"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    """An account without its password hash."""

    id: int
    name: str
    roles: frozenset[Role]
    created_ms: int

    @property
    def can_moderate(self) -> bool:
        """Say whether the account may read and decide the review queue (admins may too)."""
        return bool(self.roles & {Role.MODERATOR, Role.ADMIN})

    @property
    def is_admin(self) -> bool:
        """Say whether the account has the admin role."""
        return Role.ADMIN in self.roles


def parse_roles(raw: str) -> frozenset[Role]:
    """Parse a comma-separated role list (empty means no role); raises ValueError."""
    return frozenset(Role(r.strip()) for r in raw.split(",") if r.strip())
