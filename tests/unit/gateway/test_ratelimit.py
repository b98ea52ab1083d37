"""Sliding-window rate limits, in memory and in the real Redis (shared by two limiters)."""

from __future__ import annotations

import uuid

import pytest

from phigate.gateway.errors import RateLimited, ServiceUnavailable
from phigate.gateway.ratelimit import Limit, MemoryCounter, RateLimiter, RedisCounter

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_memory_limit_refuses_the_request_over_the_limit() -> None:
    clock = Clock(1000.0)
    limiter = RateLimiter(MemoryCounter(), window=60, clock=clock)
    for _ in range(3):
        await limiter.check([Limit("key:a", 3)])
    with pytest.raises(RateLimited) as caught:
        await limiter.check([Limit("key:a", 3)])
    assert 1 <= caught.value.retry_after <= 60
    await limiter.check([Limit("key:b", 3)])  # another key is not affected


async def test_sliding_window_weights_the_previous_window() -> None:
    clock = Clock(60.0 * 100)  # start of a window
    limiter = RateLimiter(MemoryCounter(), window=60, clock=clock)
    for _ in range(4):
        await limiter.check([Limit("user:u", 4)])
    clock.now += 60 + 15  # a quarter into the next window: 3 of the 4 still count
    await limiter.check([Limit("user:u", 4)])  # 1 + 4 * 0.75 = 4
    with pytest.raises(RateLimited):
        await limiter.check([Limit("user:u", 4)])  # 2 + 3 = 5
    clock.now += 120  # both windows gone
    await limiter.check([Limit("user:u", 4)])


async def test_zero_means_no_limit_and_the_per_user_limit_applies() -> None:
    limiter = RateLimiter(MemoryCounter(), window=60, clock=Clock(0.0))
    for _ in range(5):
        await limiter.check([Limit("key:k", 0), Limit("user:u", 5)])
    with pytest.raises(RateLimited, match="user"):
        await limiter.check([Limit("key:k", 0), Limit("user:u", 5)])


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RateLimiter(MemoryCounter(), window=0)


@pytest.mark.redis
async def test_redis_limits_are_shared_between_limiters(redis_url: str) -> None:
    prefix = f"phigate-test:{uuid.uuid4().hex}"
    one, two = RedisCounter(redis_url, prefix=prefix), RedisCounter(redis_url, prefix=prefix)
    clock = Clock(5000.0)
    first, second = RateLimiter(one, clock=clock), RateLimiter(two, clock=clock)
    try:
        for limiter in (first, second, first):
            await limiter.check([Limit("key:shared", 3)])
        with pytest.raises(RateLimited):
            await second.check([Limit("key:shared", 3)])
    finally:
        await one.aclose()
        await two.aclose()


async def test_unreachable_redis_refuses() -> None:
    counter = RedisCounter("redis://127.0.0.1:1/0", prefix="x")
    with pytest.raises(ServiceUnavailable, match="rate-limit store"):
        await RateLimiter(counter).check([Limit("key:a", 1)])
    await counter.aclose()
