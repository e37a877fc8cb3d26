"""One channel-layer subscription per group and process, fanned out to that process's subscribers.

With a channel per WebSocket in every group, one event to a tenant with a
thousand open subscriptions costs a thousand Redis writes and reads. Instead,
each process (each event loop) holds one channel of its own, joins a group
when its first local subscriber needs it and leaves with the last, and hands
each message to its local listeners. Events carry the group they were sent to
(``realtime.events.publish`` adds it), which is how the hub knows whose it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable
from typing import Any

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

GROUP_REFRESH_SECONDS = 3600.0  # channel layers expire group memberships (a day by default)

Listener = Callable[[dict[str, Any]], None]


class _LoopHub:
    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.channel: str | None = None
        self.listeners: dict[str, set[Listener]] = {}
        self.lock = asyncio.Lock()
        self.tasks: list[asyncio.Task[None]] = []

    async def add(self, group: str, listener: Listener) -> None:
        async with self.lock:
            if self.channel is None:
                # The default prefix: channels-redis pops all of a process's channels from one key per prefix.
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
                with contextlib.suppress(Exception):
                    await self.layer.group_discard(group, self.channel)

    async def _receive(self) -> None:
        assert self.channel is not None
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("realtime hub could not receive; retrying")
                await asyncio.sleep(1)
                continue
            for listener in list(self.listeners.get(message.get("group", ""), ())):
                try:
                    listener(message)
                except Exception:
                    logger.exception("realtime listener failed")

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            for group in list(self.listeners):
                with contextlib.suppress(Exception):
                    await self.layer.group_add(group, self.channel)


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
