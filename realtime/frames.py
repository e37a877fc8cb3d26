"""Serialise a shared subscription result once per process, send it to each subscriber with its own id.

Subscribers of one process that ask the same thing of the same (visible)
event get the same ``next`` payload (see ``graphql_schema.realtime.execution``).
The first of them goes the whole way (execution, extensions, encoding); its
payload's JSON is kept on the event's shared payload object (a ``FrameCache``),
keyed by the share key and the operation's ``extensions``. Later subscribers
whose key matches skip execution and encoding: their frame is that JSON wrapped
in ``{"id": <their operation id>, "type": "next", ...}``, after their own
per-event permission check (the payload object is already the variant their
membership may see). Subscriptions that let the connection deliver for them
(``realtime.streams.record_payloads``) get that frame straight from the hub,
without waking their operation's task; the others send it from their task.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field

SHARED_FRAMES = "_shared_frames"  # the attribute of a shared payload object that holds its ``FrameCache``
FrameKey = tuple[Hashable, str]  # (share key, operation's extensions JSON)
LEADER_TIMEOUT_SECONDS = 5.0  # followers of a leader that never answers take their own path after this


def next_frame(operation_id: str, payload_json: str) -> str:
    """The text strawberry would send: ``{"id":…,"type":"next","payload":…}`` (compact separators)."""
    return f'{{"id":{json.dumps(operation_id)},"type":"next","payload":{payload_json}}}'


class FrameCache:
    """The encoded ``next`` payloads of one shared payload object, and who is encoding which right now."""

    __slots__ = ("frames", "leaders")

    def __init__(self) -> None:
        self.frames: dict[FrameKey, str] = {}
        # A subscription executing this payload for a key; the others of that key wait for its frame.
        self.leaders: dict[FrameKey, asyncio.Future[str | None]] = {}

    def get(self, key: FrameKey) -> str | None:
        return self.frames.get(key)

    def put(self, key: FrameKey, payload_json: str) -> None:
        self.frames[key] = payload_json
        self._settle(key, payload_json)

    def give_up(self, key: FrameKey) -> None:
        """The leader of ``key`` won't produce a shareable frame: its followers take their own path."""
        self._settle(key, None)

    def lead(self, key: FrameKey) -> asyncio.Future[str | None]:
        loop = asyncio.get_running_loop()
        leader = self.leaders[key] = loop.create_future()
        loop.call_later(LEADER_TIMEOUT_SECONDS, self._settle, key, None)
        return leader

    def _settle(self, key: FrameKey, payload_json: str | None) -> None:
        leader = self.leaders.get(key)
        if leader is not None and not leader.done():
            leader.set_result(payload_json)


def frames_of(payload: object) -> FrameCache | None:
    frames = getattr(payload, SHARED_FRAMES, None)
    return frames if isinstance(frames, FrameCache) else None


@dataclass(eq=False)
class OperationFrames:
    """One subscribe operation of a connection, as seen by the shared-frame path."""

    id: str
    send_text: Callable[[str], Awaitable[None]]
    is_live: Callable[[OperationFrames], bool]
    # The JSON of this operation's ``extensions`` (part of every ``next``), once its first ``next`` went out.
    extensions: str | None = None
    # The share key of its executions (query, operation name, variables), once known; None: never shared.
    key: Hashable | None = None
    # (frame cache, share key) of the payload strawberry is executing for this operation now.
    pending: tuple[FrameCache, Hashable] | None = field(default=None, repr=False)
    # Frames this operation leads (is executing for its followers): given up if it ends first.
    leading: list[tuple[FrameCache, FrameKey]] = field(default_factory=list, repr=False)
    _next_prefix: str | None = field(default=None, repr=False)

    def frame_key(self, key: Hashable) -> FrameKey | None:
        return None if self.extensions is None else (key, self.extensions)

    def cached(self, frames: FrameCache, key: Hashable) -> str | None:
        frame_key = self.frame_key(key)
        return None if frame_key is None else frames.get(frame_key)

    def shared_frame(self, payload_json: str) -> str:
        """This operation's ``next`` frame around a shared, already encoded payload."""
        if self._next_prefix is None:
            self._next_prefix = next_frame(self.id, "")[:-1]
        return f"{self._next_prefix}{payload_json}}}"

    async def send_cached(self, payload_json: str) -> bool:
        """Send a shared payload as this operation's ``next``; False once the operation is over."""
        if not self.is_live(self):
            return False
        await self.send_text(self.shared_frame(payload_json))
        return True

    def lead(self, frames: FrameCache, frame_key: FrameKey) -> None:
        frames.lead(frame_key)
        self.leading = [(c, k) for c, k in self.leading if not c.leaders[k].done()]
        self.leading.append((frames, frame_key))

    def give_up_leading(self) -> None:
        for frames, frame_key in self.leading:
            frames.give_up(frame_key)
        self.leading = []


# Set by the connection's handler while it starts an operation: the operation's task inherits it.
CURRENT_OPERATION: ContextVar[OperationFrames | None] = ContextVar("realtime_operation_frames", default=None)
