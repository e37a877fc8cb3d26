"""The service desk's clock: every SLA decision takes ``now()`` from here.

Tests and the browser tests move it forward (``move``) to see SLAs breach without waiting; that is
possible only when ``DJANGO_ENV=test`` (``settings.TESTING``). In any other environment ``now()`` is
``timezone.now()`` and ``move`` refuses. The offset is kept per workspace in the cache (whose keys
carry the tenant's schema), so moving one workspace's clock never moves another's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_KEY = "service.clock.offset_seconds"


def now() -> datetime:
    """Return the current time as the service desk sees it."""
    if not settings.TESTING:
        return timezone.now()
    offset = cache.get(_KEY)
    return timezone.now() + timedelta(seconds=offset) if offset else timezone.now()


def move(by: timedelta) -> datetime:
    """Move this workspace's clock forward by ``by`` (test environments only); return the new now."""
    if not settings.TESTING:
        raise RuntimeError("The service clock can be moved only when DJANGO_ENV=test.")
    offset = (cache.get(_KEY) or 0) + by.total_seconds()
    cache.set(_KEY, offset, timeout=None)
    return now()


def reset() -> None:
    """Put this workspace's clock back to real time (test environments only)."""
    if settings.TESTING:
        cache.delete(_KEY)
