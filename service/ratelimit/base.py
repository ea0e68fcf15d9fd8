"""What every rate limiter shares: the window length, a decision, and the limiter protocol."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Decision:
    """The outcome of one hit: allowed or not, and when the window resets."""

    allowed: bool
    count: int
    limit: int
    retry_after: int  # whole seconds until the window resets (at least 1)


class RateLimiter(Protocol):
    """Count hits per name in the current window and say whether they stay within limit."""

    name: str

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        """Add `cost` hits for `key` and decide; never raises because a backend failed."""
        ...
