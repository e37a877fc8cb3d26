"""Serialise a shared subscription result once per process, send it to each subscriber with its own id.

Subscribers of one process that ask the same thing of the same (visible)
event get the same ``next`` payload (see ``graphql_schema.realtime.execution``).
The first of them goes the whole way (execution, extensions, encoding); its
payload's JSON is kept on the event's shared payload object, keyed by the
share key and the operation's ``extensions``. Later subscribers whose key
matches skip execution and encoding: their frame is that JSON wrapped in
``{"id": <their operation id>, "type": "next", ...}``, sent from their own
operation task, after their own per-event permission check (the payload
object is already the variant their membership may see).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field

FrameCache = dict[tuple[Hashable, str], str]


def next_frame(operation_id: str, payload_json: str) -> str:
    """The text strawberry would send: ``{"id":…,"type":"next","payload":…}`` (compact separators)."""
    return f'{{"id":{json.dumps(operation_id)},"type":"next","payload":{payload_json}}}'


@dataclass(eq=False)
class OperationFrames:
    """One subscribe operation of a connection, as seen by the shared-frame path."""

    id: str
    send_text: Callable[[str], Awaitable[None]]
    is_live: Callable[[OperationFrames], bool]
    # The JSON of this operation's ``extensions`` (part of every ``next``), once its first ``next`` went out.
    extensions: str | None = None
    # (frame cache, share key) of the payload strawberry is executing for this operation now.
    pending: tuple[FrameCache, Hashable] | None = field(default=None, repr=False)

    def cached(self, frames: FrameCache, key: Hashable) -> str | None:
        if self.extensions is None:
            return None
        return frames.get((key, self.extensions))

    async def send_cached(self, payload_json: str) -> bool:
        """Send a shared payload as this operation's ``next``; False once the operation is over."""
        if not self.is_live(self):
            return False
        await self.send_text(next_frame(self.id, payload_json))
        return True


# Set by the connection's handler while it starts an operation: the operation's task inherits it.
CURRENT_OPERATION: ContextVar[OperationFrames | None] = ContextVar("realtime_operation_frames", default=None)
