"""ASGI middleware of the WebSocket branch: host name → tenant, once, at connect.

Strawberry's Channels consumer bypasses Django's middleware, so the tenant is
resolved here (with the same cache as HTTP requests) and put into
``scope["tenant"]``. Unknown hosts, the public site and template schemas are
refused before the handshake completes (HTTP 403).
"""

from __future__ import annotations

from typing import Any

from django_tenants.utils import get_public_schema_name

from tenants.middleware import domain_cache
from tenants.models import Tenant

from .auth import header
from .tenancy import in_public

Scope = dict[str, Any]


def tenant_for_host(hostname: str) -> Tenant | None:
    tenant = domain_cache.get(hostname)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        return None
    return tenant


async def refuse(scope: Scope, receive: Any, send: Any) -> None:
    """Answer a WebSocket handshake with a refusal (closing before accepting gives HTTP 403)."""
    if scope["type"] == "websocket":
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.close", "code": 4404})


class TenantFromHostMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        hostname = (header(scope, b"host") or "").split(":")[0].strip().lower()
        tenant = await in_public(tenant_for_host, hostname) if hostname else None
        if tenant is None:
            await refuse(scope, receive, send)
            return
        await self.app(dict(scope, tenant=tenant), receive, send)
