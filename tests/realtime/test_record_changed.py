"""recordChanged: a subscriber hears its own tenant's record changes, and only those."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from realtime.events import records_group
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, wait_for_group, write_record


async def subscribed(workspace: Workspace, variables: dict[str, Any] | None = None, listeners: int = 1) -> Subscriber:
    client = Subscriber(f"{workspace.subdomain}.localhost")
    assert await client.start({"authToken": workspace.token}) == {"type": "connection_ack"}
    await client.subscribe(RECORD_CHANGED, variables)
    await wait_for_group(records_group(workspace.tenant.schema_name), listeners)
    return client


write = database_sync_to_async(write_record)


@pytest.mark.django_db
def test_create_update_delete_reach_the_tenants_subscriber_and_nobody_else(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], bool]:
        on_a = await subscribed(workspace_a)
        on_b = await subscribed(workspace_b)
        # The same record id in both tenants: only alpha's changes go to alpha's subscriber.
        await write(workspace_a.tenant, "created", 7, {"name": "Alpha thing"})
        await write(workspace_a.tenant, "updated", 7, {"name": "Alpha thing 2"})
        await write(workspace_a.tenant, "deleted", 7)
        received = [await on_a.next_data("recordChanged") for _ in range(3)]
        silent_b = await on_b.nothing(0.3)
        await on_a.stop()
        await on_b.stop()
        return received, silent_b

    received, silent_b = async_to_sync(scenario)()
    assert [(e["action"], e["recordType"], e["recordId"]) for e in received] == [
        ("CREATED", "AuditEntry", "7"),
        ("UPDATED", "AuditEntry", "7"),
        ("DELETED", "AuditEntry", "7"),
    ]
    assert received[0]["id"] == base64.b64encode(b"AuditEntry:7").decode()
    assert received[1]["fields"] == ["name"]
    assert received[1]["payload"] == {"name": "Alpha thing 2"}
    assert silent_b


@pytest.mark.django_db
def test_the_other_tenant_writing_the_same_record_id_is_not_heard(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    async def scenario() -> tuple[bool, dict[str, Any]]:
        on_a = await subscribed(workspace_a, {"ids": ["7"]})
        await write(workspace_b.tenant, "created", 7, {"name": "Bravo's"})
        await write(workspace_b.tenant, "updated", 7, {"name": "Bravo's 2"})
        silent = await on_a.nothing(0.3)
        await write(workspace_a.tenant, "created", 7, {"name": "Alpha's"})
        own = await on_a.next_data("recordChanged")
        await on_a.stop()
        return silent, own

    silent, own = async_to_sync(scenario)()
    assert silent
    assert own["payload"] == {"name": "Alpha's"}


@pytest.mark.django_db
def test_types_and_ids_filter_what_arrives(workspace_a: Workspace) -> None:
    global_id = base64.b64encode(b"AuditEntry:12").decode()

    async def scenario() -> list[str]:
        by_id = await subscribed(workspace_a, {"types": ["AuditEntry"], "ids": ["11", global_id]})
        for record_id in (10, 11, 12, 13):
            await write(workspace_a.tenant, "created", record_id)
        got = [(await by_id.next_data("recordChanged"))["recordId"] for _ in range(2)]
        assert await by_id.nothing(0.2)
        await by_id.stop()
        return got

    assert async_to_sync(scenario)() == ["11", "12"]


@pytest.mark.django_db
def test_an_unknown_record_type_is_a_clear_error(workspace_a: Workspace) -> None:
    async def scenario() -> dict[str, Any]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(RECORD_CHANGED, {"types": ["Nope"]})
        message = await client.next()
        await client.stop()
        return message

    message = async_to_sync(scenario)()
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Unknown record types: Nope" in errors[0]["message"]


@pytest.mark.django_db
def test_subscribers_of_many_tenants_at_once_each_get_only_their_own(make_workspace: Any) -> None:
    """Concurrency: 4 tenants x 3 subscribers, all tenants writing interleaved and concurrently."""
    workspaces = [make_workspace(f"tenant-{n}", f"Tenant {n}") for n in range(4)]
    writes_per_tenant = 8

    async def scenario() -> dict[str, list[list[dict[str, Any]]]]:
        clients = {ws.subdomain: [await subscribed(ws, listeners=i + 1) for i in range(3)] for ws in workspaces}

        async def writer(ws: Workspace) -> None:
            for i in range(writes_per_tenant):
                # Every tenant uses the same record ids; the payload says whose write it was.
                await write(ws.tenant, "created", 100 + i, {"tenant": ws.subdomain, "n": i})
                await asyncio.sleep(0)

        await asyncio.gather(*(writer(ws) for ws in workspaces))
        received: dict[str, list[list[dict[str, Any]]]] = {}
        for subdomain, subscribers in clients.items():
            received[subdomain] = []
            for client in subscribers:
                got = [await client.next_data("recordChanged") for _ in range(writes_per_tenant)]
                assert await client.nothing(0.1)
                received[subdomain].append(got)
                await client.stop()
        return received

    for subdomain, per_client in async_to_sync(scenario)().items():
        for got in per_client:
            assert {e["payload"]["tenant"] for e in got} == {subdomain}
            assert sorted(e["payload"]["n"] for e in got) == list(range(writes_per_tenant))


@pytest.mark.django_db
def test_subscribers_asking_differently_each_get_their_own_shape(workspace_a: Workspace) -> None:
    """Execution is shared per event only between identical selections (see graphql_schema/realtime/execution.py)."""
    by_id = "subscription { recordChanged { recordId } }"
    by_payload = "subscription($types: [String!]) { recordChanged(types: $types) { action payload } }"

    async def scenario() -> list[dict[str, Any]]:
        clients = [Subscriber("alpha.localhost") for _ in range(3)]
        for client in clients:
            await client.start({"authToken": workspace_a.token})
        await clients[0].subscribe(by_id)
        await clients[1].subscribe(by_payload, {"types": ["AuditEntry"]})
        await clients[2].subscribe(by_id)
        await wait_for_group(records_group("alpha"), 3)
        await write(workspace_a.tenant, "created", 3, {"name": "x"})
        got = [await client.next_data("recordChanged") for client in clients]
        for client in clients:
            await client.stop()
        return got

    assert async_to_sync(scenario)() == [
        {"recordId": "3"},
        {"action": "CREATED", "payload": {"name": "x"}},
        {"recordId": "3"},
    ]
