"""API requests per day, counted per workspace for the ``api_requests_per_day`` plan limit.

The count lives in the cache: Redis with ``REDIS_URL`` (one ``INCR`` per request, shared by every web
process), else this process's memory. A day is a UTC calendar day; its counter expires a day after
it ends. What counts as an API request is decided by the caller (``graphql_schema/billing/metering.py``:
requests made with an API key).
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Tenant

PUBLIC = "public"
KEEP_SECONDS = 2 * 86_400  # the day itself and one more (the billing page may still read yesterday's)


def _key(tenant_id: int, day: date) -> str:
    return f"billing:api-requests:{tenant_id}:{day.isoformat()}"


def today() -> date:
    return timezone.now().date()  # USE_TZ: the UTC date


def count_api_request(tenant: Tenant, limit: int | None) -> int | None:
    """Count one request of today; answer today's count, or None (not counted) when it would pass ``limit``."""
    key = _key(tenant.pk, today())
    # Cache keys carry the current schema (django-tenants): count from schema public, like the standing.
    with schema_context(PUBLIC):
        cache.add(key, 0, KEEP_SECONDS)
        count = int(cache.incr(key))
        if limit is not None and count > limit:
            cache.decr(key)  # a refused request does not count
            return None
    return count


def api_requests_today(tenant: Tenant) -> int:
    with schema_context(PUBLIC):
        return int(cache.get(_key(tenant.pk, today()), 0))
