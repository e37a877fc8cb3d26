"""Integrators' requests against the plan: API keys need the ``api_keys`` feature, and count per day.

An API request is a GraphQL request made with an API key (the web and mobile clients, signed in as a
person, are not metered). Each one is counted for the day (``saas.billing.metering``); past the plan's
``api_requests_per_day`` a request runs nothing and answers a ``PLAN_LIMIT`` error naming the limit,
until the next UTC day or an upgrade. One schema extension, like the unpaid gate, so every operation
of every module is covered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from saas.billing import metering


class ApiRequestMeter(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        request = getattr(self.execution_context.context, "request", None)
        tenant = getattr(request, "tenant", None)
        if getattr(request, "api_key", None) is not None and tenant is not None and tenant.schema_name != "public":
            self.check(tenant)
        yield

    @staticmethod
    def check(tenant: Any) -> None:
        refusal = metering.count_or_refuse(tenant)
        if refusal is not None:
            extensions: dict[str, Any] = {"code": "PLAN_LIMIT", "limit": refusal.limit}
            if refusal.allowed is not None:
                extensions["allowed"] = refusal.allowed
            raise GraphQLError(refusal.message, extensions=extensions)
