"""Token buckets for the API's rate limits: cost points that refill at a steady rate.

Each bucket holds at most ``maximum`` points and gains ``restore_rate`` points a second; a request
takes its cost from every bucket that applies to it (its workspace, and its API key or member) at
once, or from none of them. With ``REDIS_URL`` the buckets live in Redis and one Lua script reads,
refills and takes from all of them atomically (every web process sees the same buckets); without it
they live in this process's memory, which is right for one process (development, tests).

The clock is ``clock()`` (seconds), passed into the script too, so tests move it to exhaust and
refill a bucket without sleeping. ``rate_limit_for(tenant, kind)`` says a bucket's size: the
``RATE_LIMIT_*`` settings, unless a plan says otherwise (``PLAN_RATE_LIMITS`` is the hook billing
fills: ``(tenant, kind) -> Limit | None``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings

Kind = Literal["tenant", "api_key", "member", "public_form"]
# The API's kinds, which plans may size; ``public_form`` (per client address on a workspace's public forms,
# e.g. saas.leads' web form) is sized by its settings only.
KINDS: tuple[Kind, ...] = ("tenant", "api_key", "member")
# The cost of the costliest query the API accepts (graphql_schema.core.limits.MAX_QUERY_COST): a bucket
# must hold at least this much, or that query could never run.
LARGEST_REQUEST_COST = 10_000


def clock() -> float:
    """The time buckets refill by; tests replace it (``monkeypatch.setattr(ratelimits, "clock", ...)``)."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    maximum: int  # points a full bucket holds: the largest burst
    restore_rate: float  # points gained per second

    def seconds_to_gain(self, points: float) -> float:
        return points / self.restore_rate if self.restore_rate > 0 else math.inf


@dataclass(frozen=True)
class Bucket:
    kind: Kind
    key: str  # e.g. "tenant:12", "member:7"
    limit: Limit


@dataclass(frozen=True)
class Status:
    """What a request found in the tightest of its buckets (the one with the fewest points left)."""

    allowed: bool
    cost: int
    bucket: Bucket
    available: float  # after taking the cost, when allowed
    retry_after: float  # seconds until the cost fits, when refused; 0 when allowed

    @property
    def seconds_to_full(self) -> float:
        return self.bucket.limit.seconds_to_gain(self.bucket.limit.maximum - self.available)


#: Billing's hook: the limit of one kind of bucket for a workspace's plan, or None for the settings' default.
PLAN_RATE_LIMITS: list[Callable[[Any, Kind], Limit | None]] = []


def rate_limit_for(tenant: Any, kind: Kind) -> Limit:
    """The bucket size of ``kind`` for this workspace: its plan's, else ``RATE_LIMIT_<KIND>_*``."""
    for hook in PLAN_RATE_LIMITS:
        limit = hook(tenant, kind)
        if limit is not None:
            return limit
    prefix = f"RATE_LIMIT_{kind.upper()}"
    return Limit(getattr(settings, f"{prefix}_MAXIMUM"), getattr(settings, f"{prefix}_RESTORE_RATE"))


class MemoryBuckets:
    """Buckets of this process (no ``REDIS_URL``): ``key -> (points, when)``, under one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[float, float]] = {}

    def take(self, buckets: Sequence[Bucket], cost: int, now: float) -> list[tuple[float, float]]:
        """Take ``cost`` from every bucket or none; answer ``(points after, seconds to wait)`` per bucket."""
        with self._lock:
            levels = [self._level(b, now) for b in buckets]
            allowed = all(level >= cost for level in levels)
            answers = []
            for bucket, level in zip(buckets, levels, strict=True):
                if allowed:
                    level -= cost
                    self._state[bucket.key] = (level, now)
                answers.append((level, 0.0 if level >= cost or allowed else bucket.limit.seconds_to_gain(cost - level)))
            return answers

    def _level(self, bucket: Bucket, now: float) -> float:
        points, when = self._state.get(bucket.key, (float(bucket.limit.maximum), now))
        gained = max(now - when, 0.0) * bucket.limit.restore_rate
        return min(float(bucket.limit.maximum), points + gained)

    def reset(self) -> None:
        with self._lock:
            self._state.clear()


# KEYS: the buckets. ARGV: cost, now, then maximum and restore rate per key. Answers per key
# {points after * 1000, milliseconds to wait} (Lua numbers go back to Redis as integers).
TAKE_SCRIPT = """
local cost = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local levels = {}
local allowed = true
for i, key in ipairs(KEYS) do
  local maximum = tonumber(ARGV[1 + 2 * i])
  local rate = tonumber(ARGV[2 + 2 * i])
  local state = redis.call('HMGET', key, 'points', 'when')
  local points = tonumber(state[1]) or maximum
  local when = tonumber(state[2]) or now
  local elapsed = now - when
  if elapsed < 0 then elapsed = 0 end
  points = math.min(maximum, points + elapsed * rate)
  levels[i] = points
  if points < cost then allowed = false end
end
local answers = {}
for i, key in ipairs(KEYS) do
  local maximum = tonumber(ARGV[1 + 2 * i])
  local rate = tonumber(ARGV[2 + 2 * i])
  local points = levels[i]
  local wait = 0
  if allowed then
    points = points - cost
    redis.call('HSET', key, 'points', tostring(points), 'when', tostring(now))
    local ttl = 1
    if rate > 0 then ttl = math.ceil((maximum - points) / rate) + 1 end
    redis.call('EXPIRE', key, ttl)
  elseif points < cost then
    if rate > 0 then wait = (cost - points) / rate else wait = 86400 end
  end
  answers[i] = {math.floor(points * 1000), math.ceil(wait * 1000)}
end
return answers
"""


class RedisBuckets:
    """Buckets in Redis (``REDIS_URL``): every process of the deployment shares them."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.script = self.client.register_script(TAKE_SCRIPT)

    def take(self, buckets: Sequence[Bucket], cost: int, now: float) -> list[tuple[float, float]]:
        arguments: list[float] = [cost, now]
        for bucket in buckets:
            arguments += [bucket.limit.maximum, bucket.limit.restore_rate]
        answers = self.script(keys=[self.prefix + b.key for b in buckets], args=arguments)
        return [(int(points) / 1000, int(wait) / 1000) for points, wait in answers]

    def reset(self) -> None:
        keys = list(self.client.scan_iter(match=self.prefix + "*", count=1000))
        if keys:
            self.client.delete(*keys)


MAX_RETRY_AFTER = 86_400.0
_store: MemoryBuckets | RedisBuckets | None = None


def store() -> MemoryBuckets | RedisBuckets:
    global _store
    if _store is None:
        redis_url = getattr(settings, "REDIS_URL", None)
        prefix = f"{getattr(settings, 'CACHE_KEY_PREFIX', '')}ratelimit:"
        _store = RedisBuckets(redis_url, prefix) if redis_url else MemoryBuckets()
    return _store


def take(buckets: Sequence[Bucket], cost: int) -> Status:
    """Take ``cost`` points from all ``buckets`` (or none), and report the tightest one."""
    answers = store().take(buckets, cost, clock())
    allowed = all(wait == 0 for _, wait in answers)
    index = min(range(len(buckets)), key=lambda i: (-answers[i][1], answers[i][0]))
    points, wait = answers[index]
    wait = min(wait, MAX_RETRY_AFTER)  # a bucket that never refills: "try tomorrow" rather than infinity
    return Status(allowed=allowed, cost=cost, bucket=buckets[index], available=max(points, 0.0), retry_after=wait)


def buckets_for(tenant: Any, membership: Any, api_key: bool) -> list[Bucket]:
    """The workspace's bucket, and the API key's (a key acts as its own member) or the member's."""
    buckets = [Bucket("tenant", f"tenant:{tenant.pk}", rate_limit_for(tenant, "tenant"))]
    if membership is not None:
        kind: Kind = "api_key" if api_key else "member"
        buckets.append(Bucket(kind, f"{kind}:{tenant.pk}:{membership.pk}", rate_limit_for(tenant, kind)))
    return buckets


def reset() -> None:
    """Empty every bucket's record (all buckets full again): tests start from a clean state."""
    store().reset()
