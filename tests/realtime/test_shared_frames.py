"""Fan-out shortcuts keep every guarantee: shared encoded payloads (realtime/frames.py), checks started ahead."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from realtime.events import records_group
from realtime.frames import OperationFrames
from realtime.gate import EventGate
from realtime.hub import hub
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, add_member, wait_for_group, write_record
from tests.realtime.test_access import sales_may_not_read_secrets  # noqa: F401  (fixture)

write = database_sync_to_async(write_record)


@pytest.fixture
def cached_sends(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operation ids that got a shared frame instead of an execution of their own (from the hub or their task)."""
    sent: list[str] = []
    shared_frame = OperationFrames.shared_frame

    def counting(self: OperationFrames, payload_json: str) -> str:
        sent.append(self.id)
        return shared_frame(self, payload_json)

    monkeypatch.setattr(OperationFrames, "shared_frame", counting)
    return sent


@pytest.mark.django_db
@pytest.mark.usefixtures("sales_may_not_read_secrets")
def test_shared_frames_keep_each_roles_visible_payload(workspace_a: Workspace, cached_sends: list[str]) -> None:
    _, _, sales_token = add_member(workspace_a, "sales@alpha.example.com")

    async def scenario() -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
        clients = {"owner": Subscriber("alpha.localhost"), "owner2": Subscriber("alpha.localhost")}
        clients["sales"] = Subscriber("alpha.localhost")
        await clients["owner"].start({"authToken": workspace_a.token})
        await clients["owner2"].start({"authToken": workspace_a.token})
        await clients["sales"].start({"authToken": sales_token})
        ids = {name: await client.subscribe(RECORD_CHANGED) for name, client in clients.items()}
        await wait_for_group(records_group("alpha"), 3)
        for n in range(1, 4):
            await write(workspace_a.tenant, "created", n, {"name": f"Ann {n}", "salary": 5000 + n}, "Person")
        got: dict[str, list[dict[str, Any]]] = {name: [] for name in clients}
        for name, client in clients.items():
            for _ in range(3):
                message = await client.next()
                assert message["type"] == "next" and message["id"] == ids[name], message
                got[name].append(message["payload"])
            assert await client.nothing(0.1)
        for client in clients.values():
            await client.stop()
        return got, ids

    got, ids = async_to_sync(scenario)()
    for name in ("owner", "owner2"):
        assert [p["data"]["recordChanged"]["payload"] for p in got[name]] == [
            {"name": f"Ann {n}", "salary": 5000 + n} for n in range(1, 4)
        ]
    assert [p["data"]["recordChanged"]["payload"] for p in got["sales"]] == [{"name": f"Ann {n}"} for n in range(1, 4)]
    assert all(p["data"]["recordChanged"]["fields"] == ["name"] for p in got["sales"])
    # Each operation's first event goes the whole way; from then on one of the two owners gets the other's
    # encoded payload (events 2 and 3), never the sales member, whose visible variant is its own.
    assert len(cached_sends) == 2
    assert ids["sales"] not in cached_sends
    # A shared frame is the same message as an executed one, extensions included.
    for payloads in got.values():
        assert all(p.get("extensions") == payloads[0].get("extensions") for p in payloads)


@pytest.mark.django_db
def test_a_shared_frame_carries_each_subscriptions_own_id(workspace_a: Workspace, cached_sends: list[str]) -> None:
    """Two subscriptions on one connection share frames, each under its own id; a completed one hears nothing."""

    async def scenario() -> tuple[list[tuple[str, Any]], list[tuple[str, Any]], str, str]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        first = await client.subscribe(RECORD_CHANGED)
        second = await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)

        async def received(count: int) -> list[tuple[str, Any]]:
            messages = [await client.next() for _ in range(count)]
            assert all(m["type"] == "next" for m in messages), messages
            return sorted((m["id"], m["payload"]["data"]["recordChanged"]["recordId"]) for m in messages)

        await write(workspace_a.tenant, "created", 1, {"name": "a"})
        await write(workspace_a.tenant, "created", 2, {"name": "b"})
        both = await received(4)
        await client.send_json({"id": first, "type": "complete"})
        while hub.listening(records_group("alpha")) > 1:  # the completed subscription stops listening
            await asyncio.sleep(0.01)
        await write(workspace_a.tenant, "created", 3, {"name": "c"})
        only_second = await received(1)
        assert await client.nothing(0.2)
        await client.stop()
        return both, only_second, first, second

    both, only_second, first, second = async_to_sync(scenario)()
    assert both == sorted([(first, "1"), (first, "2"), (second, "1"), (second, "2")])
    assert only_second == [(second, "3")]
    assert len(cached_sends) == 1  # event 2: one of the two executed it, the other got its frame


@pytest.mark.django_db
def test_events_wait_for_their_permission_check_in_order(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check starts as an event arrives (realtime.gate.prepare); a slow check never lets a later event pass."""
    decide = EventGate._decide

    async def slow_for_the_first(self: EventGate, key: str, batch: Any) -> None:
        if batch.event["record_id"] == "1":
            await asyncio.sleep(0.3)
        await decide(self, key, batch)

    monkeypatch.setattr(EventGate, "_decide", slow_for_the_first)

    async def scenario() -> list[str]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"))
        for n in (1, 2, 3):
            await write(workspace_a.tenant, "created", n, {"name": str(n)})
        got = [(await client.next_data("recordChanged"))["recordId"] for _ in range(3)]
        await client.stop()
        return got

    assert async_to_sync(scenario)() == ["1", "2", "3"]
