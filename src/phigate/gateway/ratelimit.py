"""Request rate limits per credential and per user: in memory by default, Redis for several replicas.

A sliding-window counter: the count of the current fixed window plus the previous window's count
weighted by how much of it still overlaps the sliding window. Redis does both counters for every key
of a request in one atomic Lua call, so replicas share limits exactly. If the store fails, the request
is refused (fail closed).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from phigate.gateway.errors import RateLimited, ServiceUnavailable

__all__ = ["Counter", "Limit", "MemoryCounter", "RateLimiter", "RedisCounter"]


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``requests`` per ``window`` seconds for the subject ``name`` (``key:...``, ``user:...``)."""

    name: str
    requests: int


class Counter(Protocol):
    """Counts hits in fixed windows."""

    async def incr(self, names: Sequence[str], window: int, now: float) -> list[tuple[int, int]]:
        """Add one hit to each name's current window; return (current, previous) counts per name."""


class MemoryCounter:
    """Counters in this process only: for one replica."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._pruned = -1

    async def incr(self, names: Sequence[str], window: int, now: float) -> list[tuple[int, int]]:
        """Count and return (current, previous) per name."""
        index = int(now // window)
        if index != self._pruned:  # forget windows older than the previous one
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= index - 1}
            self._pruned = index
        result = []
        for name in names:
            current = self._counts.get((name, index), 0) + 1
            self._counts[(name, index)] = current
            result.append((current, self._counts.get((name, index - 1), 0)))
        return result


_LUA = """
local out = {}
for i, key in ipairs(KEYS) do
  local cur = redis.call('INCR', key .. ':' .. ARGV[1])
  if cur == 1 then redis.call('EXPIRE', key .. ':' .. ARGV[1], ARGV[3]) end
  local prev = tonumber(redis.call('GET', key .. ':' .. ARGV[2]) or '0')
  out[#out + 1] = cur
  out[#out + 1] = prev
end
return out
"""


class RedisCounter:
    """Counters in Redis, shared by every replica, under ``prefix``."""

    def __init__(self, url: str, *, prefix: str = "phigate:rl") -> None:
        import redis.asyncio as aioredis

        self.prefix = prefix
        self._redis: Any = aioredis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self._script: Any = self._redis.register_script(_LUA)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()

    async def incr(self, names: Sequence[str], window: int, now: float) -> list[tuple[int, int]]:
        """Count atomically in Redis; any Redis failure refuses the request."""
        from redis.exceptions import RedisError

        index = int(now // window)
        keys = [f"{self.prefix}:{name}" for name in names]
        try:
            flat = await self._script(keys=keys, args=[index, index - 1, window * 2 + 1])
        except RedisError as exc:
            raise ServiceUnavailable(f"rate-limit store unavailable ({type(exc).__name__})") from exc
        return [(int(flat[i]), int(flat[i + 1])) for i in range(0, len(flat), 2)]


class RateLimiter:
    """Checks a request's limits; raises ``RateLimited`` with a ``Retry-After`` when one is exceeded."""

    def __init__(self, counter: Counter, *, window: int = 60, clock: Callable[[], float] = time.time) -> None:
        if window < 1:
            raise ValueError("window must be at least one second")
        self.counter = counter
        self.window = window
        self.clock = clock

    async def check(self, limits: Sequence[Limit]) -> None:
        """Count one request against every limit; refuse if any is over."""
        active = [limit for limit in limits if limit.requests > 0]
        if not active:
            return
        now = self.clock()
        counts = await self.counter.incr([limit.name for limit in active], self.window, now)
        elapsed = (now % self.window) / self.window
        for limit, (current, previous) in zip(active, counts, strict=True):
            if current + previous * (1.0 - elapsed) > limit.requests:
                retry = max(1, math.ceil(self.window - now % self.window))
                kind = limit.name.split(":", 1)[0]
                raise RateLimited(f"rate limit exceeded for this {kind}", retry_after=retry)
