"""A graphql-transport-ws client over Channels' in-process communicator, and test record events.

In-process tests run their async scenario with ``async_to_sync`` from the
(synchronous) test, so the consumer's ``database_sync_to_async`` calls run on the
test's own thread and connection, inside the test's transaction.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.test import TestCase

from realtime import events
from realtime.hub import hub
from realtime.tenancy import tenant_schema
from saas.audit import services as audit
from saas.audit.models import AuditEntry
from tenants import services
from tenants.models import Membership, Role, Tenant, User
from tests.conftest import Workspace

RECORD_CHANGED = """
subscription($types: [String!], $ids: [ID!]) {
  recordChanged(types: $types, ids: $ids) { action recordType recordId id fields payload occurredAt }
}
"""

_ids = itertools.count(1)


class Subscriber:
    """One WebSocket client of ``/graphql/`` on a tenant host."""

    def __init__(self, host: str, *, cookie: str | None = None, path: str = "/graphql/", app: Any = None) -> None:
        from saas.asgi import application

        headers = [(b"host", host.encode())]
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        # (channels.testing needs daphne; asgiref's communicator is all it wraps.)
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": headers,
            "subprotocols": ["graphql-transport-ws"],
        }
        self.communicator = ApplicationCommunicator(app or application, scope)

    async def handshake(self) -> bool:
        await self.communicator.send_input({"type": "websocket.connect"})
        response = await self.communicator.receive_output(timeout=5)
        return bool(response["type"] == "websocket.accept")

    async def send_json(self, message: dict[str, Any]) -> None:
        await self.communicator.send_input({"type": "websocket.receive", "text": json.dumps(message)})

    async def start(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """Handshake and ``connection_init``; the server's answer (``connection_ack``) or its close message."""
        assert await self.handshake()
        await self.send_json({"type": "connection_init", "payload": payload or {}})
        output = await self.communicator.receive_output(timeout=5)
        if output["type"] == "websocket.send":
            return dict(json.loads(output["text"]))
        return dict(output)

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        op_id = str(next(_ids))
        await self.send_json(
            {"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        )
        return op_id

    async def next(self, timeout: float = 3) -> dict[str, Any]:
        output = await self.communicator.receive_output(timeout=timeout)
        assert output["type"] == "websocket.send", output
        return dict(json.loads(output["text"]))

    async def next_data(self, field: str, timeout: float = 3) -> Any:
        message = await self.next(timeout)
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        return message["payload"]["data"][field]

    async def nothing(self, timeout: float = 0.3) -> bool:
        return bool(await self.communicator.receive_nothing(timeout=timeout))

    async def close_code(self, timeout: float = 3) -> int:
        """Skip any data still in flight; the code the server closed with."""
        while True:
            output = await self.communicator.receive_output(timeout=timeout)
            if output["type"] == "websocket.close":
                return int(output.get("code", 1000))

    async def stop(self) -> None:
        await self.communicator.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.communicator.wait(timeout=3)


def consumers_in(group: str) -> int:
    """Connections listening on ``group``: subscriptions through the hub, or their own channel (access)."""
    layer = get_channel_layer()
    hub_channels = {h.channel for h in hub._hubs.values()}
    own_channels = [c for c in getattr(layer, "groups", {}).get(group, {}) if c not in hub_channels]
    return hub.listening(group) + len(own_channels)


async def wait_for_group(group: str, count: int = 1, timeout: float = 3) -> None:
    """Until ``count`` subscriptions listen on ``group`` (they join their groups asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while consumers_in(group) < count:
        assert loop.time() < deadline, f"{group} has {consumers_in(group)} listeners, expected {count}"
        await asyncio.sleep(0.01)


def committed(fn: Any) -> Any:
    """Run ``fn`` and its on-commit callbacks (the test transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn()


def write_record(
    tenant: Tenant,
    action: events.EventAction,
    record_id: int,
    payload: dict[str, Any] | None = None,
    kind: str = "Thing",
) -> int:
    """Create / update / delete an AuditEntry with this id in ``tenant`` and emit the event, committed."""

    def write() -> int:
        with tenant_schema(tenant):
            if action == "created":
                AuditEntry.objects.create(id=record_id, action="create", record_type=kind, changes=payload or {})
            elif action == "updated":
                AuditEntry.objects.filter(id=record_id).update(changes=payload or {})
            else:
                AuditEntry.objects.filter(id=record_id).delete()
            events.emit(action, "AuditEntry", record_id, payload or {})
            return record_id

    return int(committed(write))


def add_member(workspace: Workspace, email: str, role: str = Role.SALES) -> tuple[User, Membership, str]:
    user = User.objects.create_user(email=email, password="a-strong-test-password-2026", full_name=email)
    membership = Membership.objects.create(user=user, tenant=workspace.tenant, role=role)
    return user, membership, services.issue_token(user)


def record(**kwargs: Any) -> AuditEntry:
    return audit.record(actor=None, **kwargs)
