"""Backpressure, notifications and presence."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from realtime import events
from realtime.consumer import TenantGraphQLWSConsumer
from realtime.events import presence_group, records_group, user_group
from realtime.tenancy import tenant_schema
from saas.audit.models import AuditEntry
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, add_member, committed, wait_for_group, write_record

write = database_sync_to_async(write_record)

NOTIFICATIONS = "subscription { notifications { id kind message payload createdAt } }"
PRESENCE = """
subscription($type: String!, $id: ID!) { presence(recordType: $type, recordId: $id) { userId fullName email } }
"""


@pytest.mark.django_db
def test_a_subscriber_too_slow_to_keep_up_is_closed_with_4429(
    workspace_a: Workspace, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REALTIME_MAX_PENDING_EVENTS = 5
    send = TenantGraphQLWSConsumer.send

    async def slow_send(self: TenantGraphQLWSConsumer, *args: Any, **kwargs: Any) -> None:
        if self.membership is not None:  # after connection_ack: a client that reads slowly
            await asyncio.sleep(0.5)
        await send(self, *args, **kwargs)

    monkeypatch.setattr(TenantGraphQLWSConsumer, "send", slow_send)

    async def scenario() -> int:
        slow = Subscriber("alpha.localhost")
        await slow.start({"authToken": workspace_a.token})
        await slow.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"))
        for n in range(30):
            await write(workspace_a.tenant, "created", n + 1)
        code = await slow.close_code(timeout=5)
        await slow.stop()
        return code

    assert async_to_sync(scenario)() == 4429


def notify(workspace: Workspace, user_id: int, message: str) -> None:
    def send() -> None:
        with tenant_schema(workspace.tenant):
            events.notify(user_id, "assigned", message, {"dealId": "1"})

    committed(send)


@pytest.mark.django_db
def test_notifications_reach_only_their_member_in_their_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    colleague, _, colleague_token = add_member(workspace_a, "colleague@alpha.example.com")
    owner = workspace_a.owner
    Membership.objects.create(user=owner, tenant=workspace_b.tenant, role=Role.SALES)

    async def scenario() -> tuple[dict[str, Any], bool, bool]:
        mine = Subscriber("alpha.localhost")
        my_other_tenant = Subscriber("bravo.localhost")
        theirs = Subscriber("alpha.localhost")
        await mine.start({"authToken": workspace_a.token})
        await my_other_tenant.start({"authToken": workspace_a.token})
        await theirs.start({"authToken": colleague_token})
        for client in (mine, my_other_tenant, theirs):
            await client.subscribe(NOTIFICATIONS)
        await wait_for_group(user_group("alpha", owner.pk))
        await wait_for_group(user_group("bravo", owner.pk))
        await wait_for_group(user_group("alpha", colleague.pk))
        await database_sync_to_async(notify)(workspace_a, owner.pk, "Deal Big was assigned to you")
        got = await mine.next_data("notifications")
        quiet = await my_other_tenant.nothing(0.2), await theirs.nothing(0.1)
        for client in (mine, my_other_tenant, theirs):
            await client.stop()
        return got, *quiet

    got, other_tenant_quiet, colleague_quiet = async_to_sync(scenario)()
    assert got["kind"] == "assigned"
    assert got["message"] == "Deal Big was assigned to you"
    assert got["payload"] == {"dealId": "1"}
    assert other_tenant_quiet and colleague_quiet


@pytest.mark.django_db
def test_presence_shows_who_views_a_record_of_this_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    _, _, colleague_token = add_member(workspace_a, "colleague@alpha.example.com")
    for workspace in (workspace_a, workspace_b):
        with tenant_schema(workspace.tenant):
            AuditEntry.objects.create(id=5, action="create", record_type="Thing")
    variables = {"type": "AuditEntry", "id": "5"}

    async def scenario() -> list[list[str]]:
        owner = Subscriber("alpha.localhost")
        colleague = Subscriber("alpha.localhost")
        stranger = Subscriber("bravo.localhost")  # the same record id in another tenant
        await owner.start({"authToken": workspace_a.token})
        await colleague.start({"authToken": colleague_token})
        await stranger.start({"authToken": workspace_b.token})
        seen: list[list[str]] = []

        async def viewers(client: Subscriber) -> list[str]:
            return [v["email"] for v in await client.next_data("presence")]

        await stranger.subscribe(PRESENCE, variables)
        seen.append(await viewers(stranger))
        await owner.subscribe(PRESENCE, variables)
        seen.append(await viewers(owner))
        await colleague.subscribe(PRESENCE, variables)
        seen.append(await viewers(colleague))
        seen.append(await viewers(owner))  # the colleague came
        await colleague.stop()
        seen.append(await viewers(owner))  # the colleague left
        assert await stranger.nothing(0.1)
        await owner.stop()
        await stranger.stop()
        return seen

    seen = async_to_sync(scenario)()
    owner, colleague, stranger = workspace_a.owner.email, "colleague@alpha.example.com", workspace_b.owner.email
    assert seen == [[stranger], [owner], [owner, colleague], [owner, colleague], [owner]]


@pytest.mark.django_db
def test_presence_of_a_record_one_may_not_see_is_refused(workspace_a: Workspace) -> None:
    async def scenario() -> dict[str, Any]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(PRESENCE, {"type": "AuditEntry", "id": "404"})
        message = await client.next()
        await client.stop()
        return message

    message = async_to_sync(scenario)()
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    assert presence_group("alpha", "AuditEntry", "404").startswith("tenant.alpha.presence.")
