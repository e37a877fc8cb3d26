"""The hub on Redis: its channel has a key of its own, read in batches, every message once and in order."""

from __future__ import annotations

import asyncio
import os
import secrets
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer

from realtime.hub import BATCH, hub

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis for the channels-redis layer: set REDIS_URL (.ci/run does)"),
]


@pytest.fixture
def redis_layer() -> Any:
    channel_layers.backends = {}
    hub.reset()
    yield get_channel_layer()
    channel_layers.backends = {}
    hub.reset()


def test_a_burst_reaches_the_hubs_listeners_once_each_in_order(redis_layer: Any) -> None:
    group = f"tenant.hubtest{secrets.token_hex(3)}.records"
    other = f"tenant.hubtest{secrets.token_hex(3)}.records"
    count = BATCH * 2 + 10  # more than one read's worth

    async def scenario() -> tuple[list[int], list[int], list[int], bool]:
        got: list[int] = []
        got_too: list[int] = []
        got_other: list[int] = []
        everything = asyncio.Event()

        def listener(message: dict[str, Any]) -> None:
            got.append(message["n"])
            if len(got) == count:
                everything.set()

        listeners = [
            (group, listener),
            (group, lambda message: got_too.append(message["n"])),
            (other, lambda message: got_other.append(message["n"])),
        ]
        for name, each in listeners:
            await hub.add(name, each)
        batched = hub._here().receive_batch is not None
        for n in range(count):  # as realtime.events.publish sends them
            await redis_layer.group_send(group, {"type": "record.changed", "group": group, "n": n})
        await redis_layer.group_send(other, {"type": "record.changed", "group": other, "n": -1})
        await asyncio.wait_for(everything.wait(), 10)
        await asyncio.sleep(0.2)  # nothing more comes
        for name, each in listeners:
            await hub.remove(name, each)
        return got, got_too, got_other, batched

    got, got_too, got_other, batched = async_to_sync(scenario)()
    assert batched  # channels-redis: the hub reads its own key in batches
    assert got == got_too == list(range(count))
    assert got_other == [-1]
