"""Rate limits on the API: each request's cost taken from the caller's buckets (``saas.ratelimits``).

The cost is the query-cost budget's (``limits.py``: page sizes times the pages they are nested in),
at least 1, plus ``MUTATION_COST`` for each mutation field. It is taken before anything runs from
the workspace's bucket and the API key's or member's; a request that does not fit gets a
``RATE_LIMITED`` error with ``retryAfter`` (seconds), HTTP 429 and ``Retry-After``, and nothing runs.
Every answer reports the tightest bucket in ``extensions.cost`` and in ``RateLimit-*`` headers
(the IETF draft's ``RateLimit-Limit`` / ``-Remaining`` / ``-Reset`` and ``RateLimit-Policy``).
The public host (sign-up, sign-in) has its own throttles and no buckets.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django_tenants.utils import get_public_schema_name
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType

from saas import ratelimits

MUTATION_COST = 10  # a write costs what a page of ten records does


class RateLimitedError(GraphQLError):
    def __init__(self, status: ratelimits.Status) -> None:
        self.status = status
        retry_after = math.ceil(status.retry_after)
        super().__init__(
            f"Rate limited: this request costs {status.cost} points and the {status.bucket.kind.replace('_', ' ')}"
            f" bucket holds {math.floor(status.available)}. Retry in {retry_after} s.",
            extensions={
                "code": "RATE_LIMITED",
                "retryAfter": retry_after,
                "bucket": status.bucket.kind,
                "cost": status.cost,
            },
        )


def request_cost(document: Any, operation_name: str | None, query_cost: int) -> int:
    """What a request costs: its query cost (at least 1), and ``MUTATION_COST`` per mutation field."""
    cost = max(query_cost, 1)
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name is not None and (definition.name is None or definition.name.value != operation_name):
            continue
        if definition.operation == OperationType.MUTATION:
            fields = [s for s in definition.selection_set.selections if isinstance(s, FieldNode)]
            cost += MUTATION_COST * max(len(fields), 1)
        break
    return cost


def _request(context: Any) -> Any:
    return context.get("request") if isinstance(context, dict) else getattr(context, "request", None)


def charge(context: Any, cost: int) -> ratelimits.Status | None:
    """Take ``cost`` from the caller's buckets; None where no limits apply. Raises ``RateLimitedError``."""
    if not settings.RATE_LIMIT_ENABLED:
        return None
    if getattr(context, "bulk_export", None) is not None:
        return None  # a bulk export's pages: paid for once, when it was started (core/bulk_exports.py)
    request = _request(context)
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return None
    membership = getattr(request, "membership", None)
    buckets = ratelimits.buckets_for(tenant, membership, api_key=getattr(request, "api_key", None) is not None)
    status = ratelimits.take(buckets, cost)
    response = context.get("response") if isinstance(context, dict) else getattr(context, "response", None)
    if response is not None:  # HTTP (the WebSocket has no headers to set)
        for name, value in headers(status).items():
            response[name] = value
        if not status.allowed:
            response.status_code = 429
    if not status.allowed:
        raise RateLimitedError(status)
    return status


def headers(status: ratelimits.Status) -> dict[str, str]:
    limit = status.bucket.limit
    window = math.ceil(limit.seconds_to_gain(limit.maximum))
    answer = {
        "RateLimit-Limit": str(limit.maximum),
        "RateLimit-Remaining": str(math.floor(status.available)),
        "RateLimit-Reset": str(math.ceil(status.seconds_to_full)),
        "RateLimit-Policy": f"{limit.maximum};w={window};name={status.bucket.kind}",
    }
    if not status.allowed:
        answer["Retry-After"] = str(math.ceil(status.retry_after))
    return answer


def cost_extension(status: ratelimits.Status | None) -> dict[str, Any]:
    """The bucket part of ``extensions.cost`` (Shopify's ``throttleStatus`` fields, flattened)."""
    if status is None:
        return {}
    return {
        "actual": status.cost,  # charged up front, as requested: pages are not refunded when shorter
        "bucketMaximum": status.bucket.limit.maximum,
        "currentlyAvailable": math.floor(status.available),
        "restoreRate": status.bucket.limit.restore_rate,
        "bucket": status.bucket.kind,
    }
