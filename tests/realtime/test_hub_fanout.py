"""Hub fan-out: once a subscription's first ``next`` went out, shared frames go to it straight from the hub.

Every guarantee of the subscription's own path holds there too: the per-member check and hidden fields, its
filters, the order of its events, nothing after it completed, and 4429 for a connection too far behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from typing import Any

import pytest
import strawberry
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.urls import re_path
from strawberry.types import Info

from graphql_schema.extensions import Schema
from graphql_schema.realtime import RealtimeSubscription, RecordChange, record_payloads
from graphql_schema.realtime.execution import SharedEventExecutionContext
from graphql_schema.schema import Mutation, Query
from realtime.consumer import TenantGraphQLWSConsumer
from realtime.events import records_group
from realtime.gate import EventGate
from realtime.hub import hub
from realtime.middleware import TenantFromHostMiddleware
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, add_member, wait_for_group, write_record
from tests.realtime.test_access import sales_may_not_read_secrets  # noqa: F401  (fixture)

write = database_sync_to_async(write_record)


@pytest.fixture
def from_the_hub(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The frames the connections sent from the hub (without their subscription's task)."""
    pushed: list[str] = []
    push = TenantGraphQLWSConsumer.push

    def counting(self: TenantGraphQLWSConsumer, text: str) -> None:
        pushed.append(text)
        push(self, text)

    monkeypatch.setattr(TenantGraphQLWSConsumer, "push", counting)
    return pushed


@strawberry.type
class ColourSubscription:
    """A module's subscription on ``record_payloads``: its ``where`` runs at the hub too."""

    @strawberry.subscription
    async def things_of_colour(self, info: Info, colour: str) -> AsyncGenerator[RecordChange, None]:
        where = lambda e: e["payload"].get("colour") == colour  # noqa: E731
        async for change in record_payloads(info, RecordChange.shared, types=["AuditEntry"], where=where):
            yield change


@strawberry.type
class Subscription(ColourSubscription, RealtimeSubscription):
    pass


colour_application = TenantFromHostMiddleware(
    URLRouter(
        [
            re_path(
                r"^graphql/$",
                TenantGraphQLWSConsumer.as_asgi(
                    schema=Schema(
                        query=Query,
                        mutation=Mutation,
                        subscription=Subscription,
                        execution_context_class=SharedEventExecutionContext,
                    )
                ),
            )
        ]
    )
)


async def received(client: Subscriber, count: int) -> list[dict[str, Any]]:
    changes = [await client.next_data("recordChanged") for _ in range(count)]
    assert await client.nothing(0.1)
    return changes


@pytest.mark.django_db
@pytest.mark.usefixtures("sales_may_not_read_secrets")
def test_each_role_gets_its_own_visible_payload_from_the_hub(workspace_a: Workspace, from_the_hub: list[str]) -> None:
    _, _, sales_token = add_member(workspace_a, "sales@alpha.example.com")
    _, _, sales2_token = add_member(workspace_a, "sales2@alpha.example.com")
    tokens = {"owner": workspace_a.token, "owner2": workspace_a.token, "sales": sales_token, "sales2": sales2_token}

    async def scenario() -> dict[str, list[dict[str, Any]]]:
        clients = {name: Subscriber("alpha.localhost") for name in tokens}
        for name, client in clients.items():
            await client.start({"authToken": tokens[name]})
            await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), len(clients))
        for n in range(1, 5):
            await write(workspace_a.tenant, "created", n, {"name": f"Ann {n}", "salary": 5000 + n}, "Person")
        await write(workspace_a.tenant, "created", 5, {"name": "secret"}, "Secret")
        got = {name: await received(client, 5 if name.startswith("owner") else 4) for name, client in clients.items()}
        for client in clients.values():
            await client.stop()
        return got

    got = async_to_sync(scenario)()
    for name in ("owner", "owner2"):
        assert [c["payload"] for c in got[name]] == [
            *({"name": f"Ann {n}", "salary": 5000 + n} for n in range(1, 5)),
            {"name": "secret"},
        ]
    for name in ("sales", "sales2"):
        assert [c["payload"] for c in got[name]] == [{"name": f"Ann {n}"} for n in range(1, 5)]
        assert all(c["fields"] == ["name"] for c in got[name])
    # The owners share one visible variant: from their second event on, one of them gets the other's frame
    # from the hub. Each sales member's variant is its own (never shared), and no frame carries a salary to it.
    assert from_the_hub
    assert all('"salary"' in frame for frame in from_the_hub if "Ann" in frame)


@pytest.mark.django_db
def test_the_hub_applies_each_subscriptions_ids_filter(workspace_a: Workspace, from_the_hub: list[str]) -> None:
    async def scenario() -> tuple[list[str], list[str], list[str]]:
        every, one, one_too = (Subscriber("alpha.localhost") for _ in range(3))
        for client in (every, one, one_too):
            await client.start({"authToken": workspace_a.token})
        await every.subscribe(RECORD_CHANGED)
        await one.subscribe(RECORD_CHANGED, {"ids": ["1"]})
        await one_too.subscribe(RECORD_CHANGED, {"ids": ["1"]})
        await wait_for_group(records_group("alpha"), 3)
        await write(workspace_a.tenant, "created", 1, {"name": "a"})
        await write(workspace_a.tenant, "created", 2, {"name": "b"})
        await write(workspace_a.tenant, "updated", 1, {"name": "a2"})
        await write(workspace_a.tenant, "created", 3, {"name": "c"})
        await write(workspace_a.tenant, "updated", 1, {"name": "a3"})
        got = (
            [c["recordId"] for c in await received(every, 5)],
            [c["payload"]["name"] for c in await received(one, 3)],
            [c["payload"]["name"] for c in await received(one_too, 3)],
        )
        for client in (every, one, one_too):
            await client.stop()
        return got

    every, one, one_too = async_to_sync(scenario)()
    assert every == ["1", "2", "1", "3", "1"]
    assert one == one_too == ["a", "a2", "a3"]
    assert from_the_hub  # the two ids-filtered subscriptions share one key: one got the other's frames


async def three_subscribers_then_three_writes(
    workspace: Workspace, before_the_writes: Callable[[], None] = lambda: None
) -> list[list[str]]:
    """Three subscribers hear record 1 the whole way, then records 2, 3 and 4: what each received of those."""
    clients = [Subscriber("alpha.localhost") for _ in range(3)]
    for client in clients:
        await client.start({"authToken": workspace.token})
        await client.subscribe(RECORD_CHANGED)
    await wait_for_group(records_group("alpha"), 3)
    await write(workspace.tenant, "created", 1, {"name": "1"})  # the first of each goes the whole way
    for client in clients:
        assert (await client.next_data("recordChanged"))["recordId"] == "1"
    before_the_writes()
    for n in (2, 3, 4):
        await write(workspace.tenant, "created", n, {"name": str(n)})
    got = [[c["recordId"] for c in await received(client, 3)] for client in clients]
    for client in clients:
        await client.stop()
    return got


@pytest.mark.django_db
def test_a_slow_event_keeps_its_place_ahead_of_later_ones_from_the_hub(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch, from_the_hub: list[str]
) -> None:
    """An event whose check is slow is still delivered before the later events that were ready first."""
    decide = EventGate._decide

    async def slow_for_the_second(self: EventGate, key: str, batch: Any) -> None:
        if batch.event["record_id"] == "2":
            await asyncio.sleep(0.3)
        await decide(self, key, batch)

    monkeypatch.setattr(EventGate, "_decide", slow_for_the_second)

    assert async_to_sync(three_subscribers_then_three_writes)(workspace_a) == [["2", "3", "4"]] * 3
    assert from_the_hub


@pytest.mark.django_db
def test_a_subscription_busy_on_its_own_path_gets_its_events_in_order(
    workspace_a: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    from_the_hub: list[str],
    connections: list[TenantGraphQLWSConsumer],
) -> None:
    """While one subscription's task still sends an event, later events wait behind it, not beside it."""
    send = TenantGraphQLWSConsumer.send
    slow: list[TenantGraphQLWSConsumer] = []

    async def slow_first_record(self: TenantGraphQLWSConsumer, *args: Any, **kwargs: Any) -> None:
        text = args[0] if args else kwargs.get("text_data")
        if self in slow and isinstance(text, str) and '"recordId":"2"' in text:
            await asyncio.sleep(0.3)
        await send(self, *args, **kwargs)

    monkeypatch.setattr(TenantGraphQLWSConsumer, "send", slow_first_record)

    def slowly() -> None:  # whichever connection executes event 2 for the others sends it slowly
        slow.extend(connections)

    assert async_to_sync(three_subscribers_then_three_writes)(workspace_a, slowly) == [["2", "3", "4"]] * 3


@pytest.mark.django_db
def test_a_completed_subscription_gets_nothing_from_the_hub(workspace_a: Workspace, from_the_hub: list[str]) -> None:
    async def scenario() -> tuple[list[str], bool]:
        stays, leaves = Subscriber("alpha.localhost"), Subscriber("alpha.localhost")
        await stays.start({"authToken": workspace_a.token})
        await leaves.start({"authToken": workspace_a.token})
        await stays.subscribe(RECORD_CHANGED)
        leaving = await leaves.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)
        await write(workspace_a.tenant, "created", 1, {"name": "a"})
        await write(workspace_a.tenant, "created", 2, {"name": "b"})
        assert [c["recordId"] for c in await received(leaves, 2)] == ["1", "2"]
        await leaves.send_json({"id": leaving, "type": "complete"})
        await asyncio.sleep(0)  # completed, while (maybe) still listening on the hub
        await write(workspace_a.tenant, "created", 3, {"name": "c"})
        await write(workspace_a.tenant, "created", 4, {"name": "d"})
        got = [c["recordId"] for c in await received(stays, 4)]
        nothing = await leaves.nothing(0.3)
        for client in (stays, leaves):
            await client.stop()
        return got, nothing

    got, nothing = async_to_sync(scenario)()
    assert got == ["1", "2", "3", "4"]
    assert nothing


@pytest.mark.django_db
def test_a_connection_too_slow_for_the_hubs_frames_is_closed_with_4429(
    workspace_a: Workspace,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    from_the_hub: list[str],
    connections: list[TenantGraphQLWSConsumer],
    stalled_writes: list[TenantGraphQLWSConsumer],
) -> None:
    """Frames from the hub wait behind a write the client doesn't read; too many of them close it (4429)."""
    settings.REALTIME_MAX_PENDING_EVENTS = 5
    stalled = stalled_writes

    async def scenario() -> tuple[int, list[str]]:
        slow, fast = Subscriber("alpha.localhost"), Subscriber("alpha.localhost")
        await slow.start({"authToken": workspace_a.token})
        await fast.start({"authToken": workspace_a.token})
        await slow.subscribe(RECORD_CHANGED)
        await slow.subscribe(RECORD_CHANGED)  # two of a key on one connection: one gets the other's frames
        await fast.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 3)
        await write(workspace_a.tenant, "created", 1)
        for _ in range(2):
            await slow.next()
        await fast.next()
        stalled.append(connections[0])  # the slow one: it reads no more
        for n in range(2, 32):
            await write(workspace_a.tenant, "created", n)
        code = await slow.close_code(timeout=5)
        fast_got = [c["recordId"] for c in await received(fast, 30)]
        for client in (slow, fast):
            await client.stop()
        return code, fast_got

    code, fast_got = async_to_sync(scenario)()
    assert code == 4429
    assert fast_got == [str(n) for n in range(2, 32)]  # the others' deliveries don't wait for it
    assert hub.listening(records_group("alpha")) == 0


@pytest.mark.django_db
def test_the_hub_applies_a_modules_where_filter(
    workspace_a: Workspace, workspace_b: Workspace, from_the_hub: list[str]
) -> None:
    query = "subscription($colour: String!) { thingsOfColour(colour: $colour) { recordId payload } }"

    async def scenario() -> dict[str, list[str]]:
        clients = {name: Subscriber("alpha.localhost", app=colour_application) for name in ("red", "red2", "blue")}
        for name, client in clients.items():
            await client.start({"authToken": workspace_a.token})
            await client.subscribe(query, {"colour": name.rstrip("2")})
        await wait_for_group(records_group("alpha"), 3)
        await write(workspace_b.tenant, "created", 1, {"colour": "red"})  # another tenant
        for n, colour in enumerate(["red", "blue", "red", "blue", "red", "red"], start=2):
            await write(workspace_a.tenant, "created", n, {"colour": colour})
        got = {}
        for name, client in clients.items():
            count = 2 if name == "blue" else 4
            got[name] = [(await client.next_data("thingsOfColour"))["recordId"] for _ in range(count)]
            assert await client.nothing(0.1)
        for client in clients.values():
            await client.stop()
        return got

    assert async_to_sync(scenario)() == {"red": ["2", "4", "6", "7"], "red2": ["2", "4", "6", "7"], "blue": ["3", "5"]}
    assert from_the_hub  # the two red subscriptions: one got the other's frames from the hub
