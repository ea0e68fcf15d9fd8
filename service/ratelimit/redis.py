"""Count rate-limit windows in Redis so every worker and host shares one limit per key."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import redis

from service.ratelimit.base import WINDOW_SECONDS, Decision

# INCRBY and the first hit's PEXPIRE must be atomic: a worker dying between them would
# leave a counter that never expires and a key locked out for good.
_SCRIPT = """
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {n, ttl}
"""


class RedisLimiter:
    """A fixed window per key whose counter and expiry live in Redis.

    Raises redis.RedisError when Redis fails; wrap it in FallbackLimiter to degrade.
    """

    name = "redis"

    def __init__(
        self, client: redis.Redis[Any], prefix: str = "darnel:rl:", window: int = WINDOW_SECONDS
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.window = window
        self._script = client.register_script(_SCRIPT)
        # The digest EVALSHA names the script by, as redis-py computes it for the script.
        self._sha = hashlib.sha1(_SCRIPT.encode("utf-8")).hexdigest()

    def hit(self, key: str, limit: int, cost: int = 1) -> Decision:
        """Add `cost` hits for `key` in Redis and decide."""
        reply = self._script(keys=[self.prefix + key], args=[cost, self.window * 1000])
        return self.decide(reply, limit)

    def queue_hit(self, pipe: Any, key: str, cost: int = 1) -> None:
        """Add the hit to another caller's pipeline; its reply goes to `decide`.

        EVALSHA, not the registered script: a pipeline holding a registered script asks
        SCRIPT EXISTS first, one more round trip on every request. A reply of NOSCRIPT
        (Redis restarted) is the caller's cue to call `hit`, which loads the script.
        """
        pipe.evalsha(self._sha, 1, self.prefix + key, cost, self.window * 1000)

    @staticmethod
    def decide(reply: Any, limit: int) -> Decision:
        """Turn the script's reply (count, milliseconds left) into a decision."""
        count, ttl_ms = reply
        retry = max(1, math.ceil(int(ttl_ms) / 1000))
        return Decision(int(count) <= limit, int(count), limit, retry)
