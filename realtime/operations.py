"""Queries and mutations sent over the WebSocket, answered exactly as ``POST /graphql/`` answers them.

graphql-transport-ws lets a client send every operation over one socket. A query or mutation here
runs through the HTTP tenant schema (same optimizer, request limits, cost budget, rate-limit
buckets, error masking and typed codes), synchronously, in the tenant's schema, with a request
built from the connection's credentials, which are checked again for every operation as an HTTP
request would check them. Only the transport differs: the result goes out as a ``next`` message
followed by ``complete``, and a request error (nothing ran: syntax, validation, a variable, a
limit, ``RATE_LIMITED``) as an ``error`` message, the protocol's way to say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from graphql import GraphQLFormattedError

from graphql_schema.extensions import code_parse_errors
from graphql_schema.schema import tenant_schema as http_tenant_schema
from graphql_schema.views import is_request_error
from tenants.db import connection
from tenants.middleware import skip_csrf_checks
from tenants.models import Membership, Tenant

from .auth import Credentials, header, member_for


@dataclass
class SocketRequestContext:
    """``info.context`` of a query or mutation over the socket: what the HTTP view gives, minus a response.

    Without a response there are no headers to set (``RateLimit-*``); the same figures are in
    ``extensions.cost`` and in a ``RATE_LIMITED`` error's extensions.
    """

    request: HttpRequest
    response: None = None

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str) -> Any:
        return getattr(self, key, None)


@dataclass(frozen=True)
class Outcome:
    """What to send back: a ``next`` payload, an ``error`` payload, or ``refused`` (close 4403)."""

    next: dict[str, Any] | None = None
    error: list[GraphQLFormattedError] | None = None
    refused: bool = False


def socket_request(
    scope: dict[str, Any], tenant: Tenant, membership: Membership, credentials: Credentials
) -> HttpRequest:
    """An ``HttpRequest`` as the middleware would have left it for these credentials on this host."""
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = scope.get("path", "/graphql/")
    for name, meta in ((b"host", "HTTP_HOST"), (b"user-agent", "HTTP_USER_AGENT"), (b"origin", "HTTP_ORIGIN")):
        value = header(scope, name)
        if value is not None:
            request.META[meta] = value
    client = scope.get("client")
    if client:
        request.META["REMOTE_ADDR"] = client[0]
    request.tenant = tenant  # type: ignore[attr-defined]
    request.membership = membership  # type: ignore[attr-defined]
    request.user = membership.user
    request.api_key = credentials.api_key  # type: ignore[attr-defined]
    request.auth_token = credentials.token or credentials.api_key  # type: ignore[attr-defined]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    request.session = store(credentials.session_key)
    skip_csrf_checks(request)  # the handshake checked the origin
    return request


def run_operation(scope: dict[str, Any], tenant: Tenant, credentials: Credentials, payload: dict[str, Any]) -> Outcome:
    """Authenticate again, then execute one query or mutation in ``tenant``'s schema (call in ``public``)."""
    membership = member_for(tenant, credentials)
    if membership is None:
        return Outcome(refused=True)
    request = socket_request(scope, tenant, membership, credentials)
    connection.set_tenant(tenant)  # ``realtime.tenancy.in_public`` puts ``public`` back afterwards
    variables = payload.get("variables")
    extensions = payload.get("extensions")
    result = http_tenant_schema.execute_sync(
        payload.get("query"),
        variable_values=variables if isinstance(variables, dict) else None,
        context_value=SocketRequestContext(request),
        operation_name=payload.get("operationName"),
        operation_extensions=extensions if isinstance(extensions, dict) else None,
    )
    code_parse_errors(result.errors)
    errors = [error.formatted for error in result.errors or ()]
    if is_request_error(result):
        return Outcome(error=errors)
    answer: dict[str, Any] = {"data": result.data}
    if errors:
        answer["errors"] = errors
    if result.extensions:
        answer["extensions"] = result.extensions
    return Outcome(next=answer)
