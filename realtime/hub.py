"""One channel-layer subscription per group and process, fanned out to that process's subscribers.

With a channel per WebSocket in every group, one event to a tenant with a
thousand open subscriptions costs a thousand Redis writes and reads. Instead,
each process (each event loop) holds one channel of its own, joins a group
when its first local subscriber needs it and leaves with the last, and hands
each message to its local listeners. Events carry the group they were sent to
(``realtime.events.publish`` adds it), which is how the hub knows whose it is.

On Redis (channels-redis), the hub's channel has a Redis key of its own (a client prefix no
other channel uses), so the hub reads it in batches with one blocking ``BZMPOP`` (Redis 7, as
infra runs) instead of channels-redis's general ``receive``: four Redis commands per message, a
receive lock shared with every consumer of the process and a task or two. Messages are the layer's
own (same serializer, same keys, sent by its ``group_send``); other layers go through ``receive``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from channels.layers import get_channel_layer

from saas.fastpaths import fell_back

logger = logging.getLogger(__name__)

GROUP_REFRESH_SECONDS = 3600.0  # channel layers expire group memberships (a day by default)
BATCH = 256  # messages taken from Redis at most per read
BLOCK_SECONDS = 5  # a read waits this long for a message on Redis, then asks again

Listener = Callable[[dict[str, Any]], None]
Receive = Callable[[], Awaitable[list[dict[str, Any]]]]


def _redis_receiver(layer: Any) -> tuple[str, Receive] | None:
    """A channel of its own on a channels-redis layer, and a batched reader of it; None for other layers."""
    try:
        from channels_redis.core import RedisChannelLayer
    except ImportError:  # pragma: no cover  (channels-redis is a dependency)
        return None
    if type(layer) is not RedisChannelLayer:  # e.g. the pub/sub layer: its own receive
        fell_back("realtime.hub", f"layer {type(layer).__name__}: the layer's own receive")
        return None
    non_local = f"specific.{uuid.uuid4().hex}!"  # the key's part: this prefix is the hub's alone
    key = layer.prefix + non_local  # where channels-redis's group_send puts messages for this channel
    index = layer.consistent_hash(non_local)

    async def receive() -> list[dict[str, Any]]:
        popped = await layer.connection(index).bzmpop(BLOCK_SECONDS, 1, [key], min=True, count=BATCH)
        if not popped:
            return []
        messages = []
        for member, _ in popped[1]:
            message = layer.deserialize(member)
            message.pop("__asgi_channel__", None)
            messages.append(message)
        return messages

    return f"{non_local}hub", receive


class _LoopHub:
    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.listeners: dict[str, set[Listener]] = {}
        self.lock = asyncio.Lock()
        self.tasks: list[asyncio.Task[None]] = []
        self.receive_batch: Receive | None = None

    async def add(self, group: str, listener: Listener) -> None:
        async with self.lock:
            if self.channel is None:
                redis = _redis_receiver(self.layer)
                if redis is not None:
                    self.channel, self.receive_batch = redis
                else:
                    self.channel = await self.layer.new_channel()
                loop = asyncio.get_running_loop()
                self.tasks = [loop.create_task(self._receive()), loop.create_task(self._refresh())]
            listeners = self.listeners.setdefault(group, set())
            if not listeners:
                await self.layer.group_add(group, self.channel)
            listeners.add(listener)

    async def remove(self, group: str, listener: Listener) -> None:
        async with self.lock:
            listeners = self.listeners.get(group)
            if listeners is None:
                return
            listeners.discard(listener)
            if not listeners:
                del self.listeners[group]
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:  # the membership expires on the layer by itself
                    logger.warning("realtime hub could not leave group %s", group, exc_info=True)

    async def _receive(self) -> None:
        channel = self.channel
        assert channel is not None
        receive_batch = self.receive_batch
        while True:
            try:
                messages = await receive_batch() if receive_batch is not None else [await self.layer.receive(channel)]
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("realtime hub could not receive; retrying")
                await asyncio.sleep(1)
                continue
            for message in messages:
                for listener in list(self.listeners.get(message.get("group", ""), ())):
                    try:
                        listener(message)
                    except Exception:
                        logger.exception("realtime listener failed")

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            for group in list(self.listeners):
                try:
                    await self.layer.group_add(group, self.channel)
                except Exception:  # tried again at the next refresh, before the membership expires
                    logger.warning("realtime hub could not refresh group %s", group, exc_info=True)


class Hub:
    def __init__(self) -> None:
        self._hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopHub] = weakref.WeakKeyDictionary()

    def _here(self) -> _LoopHub:
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None:
            layer = get_channel_layer()
            if layer is None:
                raise RuntimeError("realtime needs a channel layer (CHANNEL_LAYERS)")
            hub = self._hubs[loop] = _LoopHub(layer)
        return hub

    async def add(self, group: str, listener: Listener) -> None:
        await self._here().add(group, listener)

    async def remove(self, group: str, listener: Listener) -> None:
        await self._here().remove(group, listener)

    def listening(self, group: str) -> int:
        """How many local listeners ``group`` has (tests wait on this)."""
        return sum(len(hub.listeners.get(group, ())) for hub in list(self._hubs.values()))

    def reset(self) -> None:
        """Forget every loop's state (tests switch channel layers between tests)."""
        for hub in list(self._hubs.values()):
            for task in hub.tasks:
                task.cancel()
        self._hubs = weakref.WeakKeyDictionary()


hub = Hub()
