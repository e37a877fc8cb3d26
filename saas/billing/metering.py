"""API requests per day, counted per workspace for the ``api_requests_per_day`` plan limit.

The count lives in the cache: Redis with ``REDIS_URL`` (one ``INCR`` per request, shared by every web
process), else this process's memory. A day is a UTC calendar day; its counter expires a day after
it ends. What counts as an API request is decided by the caller (``graphql_schema/billing/metering.py``:
requests made with an API key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin

from tenants.cache import platform_cache
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
    # A platform key (tenants/cache.py), the same whichever schema counts it.
    platform_cache.add(key, 0, KEEP_SECONDS)
    count = int(platform_cache.incr(key))
    if limit is not None and count > limit:
        platform_cache.decr(key)  # a refused request does not count
        return None
    return count


@dataclass(frozen=True)
class ApiRefusal:
    """Why an API request is refused: the message, the limit it hit, and what the plan allows (if a number)."""

    message: str
    limit: str
    allowed: int | None = None


def count_or_refuse(tenant: Tenant) -> ApiRefusal | None:
    """Count one API request (made with an API key) against the plan, or say why it may not run."""
    from . import plans  # plans reads this module's counts

    refusal = plans.feature_refusal(tenant, "api_keys")
    if refusal is not None:
        return ApiRefusal(refusal, "api_keys")
    limit = plans.terms(tenant).api_requests_per_day
    if count_api_request(tenant, limit) is None:
        assert limit is not None
        reached = f"Plan limit reached: {plans.LIMIT_LABELS['api_requests_per_day']}."
        message = f"{reached} The plan allows {limit:,} a day; it starts again at midnight UTC, or upgrade for more."
        return ApiRefusal(message, "api_requests_per_day", limit)
    return None


class ApiRequestMeterMiddleware(MiddlewareMixin):
    """API-key requests to HTTP endpoints other than GraphQL (exports, uploads, documents) count too.

    GraphQL counts each operation itself (``graphql_schema/billing/metering.py``); past the limit these
    endpoints answer 429 with the same ``plan_limit`` error and run nothing.
    """

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        tenant = getattr(request, "tenant", None)
        if getattr(request, "api_key", None) is None or tenant is None or tenant.schema_name == PUBLIC:
            return None
        if request.resolver_match is not None and request.resolver_match.url_name == "graphql":
            return None
        refusal = count_or_refuse(tenant)
        if refusal is None:
            return None
        error = {"field": None, "message": refusal.message, "code": "plan_limit", "limit": refusal.limit}
        return JsonResponse({"errors": [error]}, status=429 if refusal.allowed is not None else 403)


def api_requests_today(tenant: Tenant) -> int:
    return int(platform_cache.get(_key(tenant.pk, today()), 0))
