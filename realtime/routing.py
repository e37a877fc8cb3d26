"""The WebSocket branch of the ASGI application: ``/graphql/`` of each tenant host."""

from __future__ import annotations

from channels.routing import URLRouter
from django.urls import re_path
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from graphql_schema.realtime.websocket import websocket_schema

from .consumer import TenantGraphQLWSConsumer
from .middleware import TenantFromHostMiddleware, refuse

websocket_application = TenantFromHostMiddleware(
    URLRouter(
        [
            re_path(
                r"^graphql/?$",
                TenantGraphQLWSConsumer.as_asgi(
                    schema=websocket_schema, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,)
                ),
            ),
            re_path(r"", refuse),  # type: ignore[arg-type]  # any other path: refused, not an error in the log
        ]
    )
)
