"""The WebSocket end of ``/graphql/`` on a tenant host (graphql-transport-ws).

One consumer per connection. It knows its tenant from the host (see
``realtime.middleware``), authenticates at ``connection_init`` and keeps the
member's ``Membership`` for per-event permission checks; the credentials are
checked again every ``REALTIME_ACCESS_RECHECK_SECONDS`` and whenever an
``access_changed`` event arrives, and the connection is closed (4403) once they
are refused. Events waiting for delivery are bounded per connection: a
subscriber that falls ``REALTIME_MAX_PENDING_EVENTS`` behind is closed (4429).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage
from strawberry.types.unset import UNSET, UnsetType

from tenants.models import Membership, Tenant

from .auth import Credentials, credentials_from, member_for
from .events import ACCESS_CHANGED, access_group
from .frames import CURRENT_OPERATION, OperationFrames, next_frame
from .hub import hub
from .tenancy import in_public

logger = logging.getLogger(__name__)

Prepare = Callable[[dict[str, Any]], "asyncio.Future[Any] | None"]
Held = collections.deque[tuple[dict[str, Any], "asyncio.Future[Any] | None"]]

CLOSE_ACCESS_REVOKED = 4403
CLOSE_TOO_SLOW = 4429


@dataclass
class RealtimeContext:
    """``info.context`` of operations over WebSocket: ``request`` is the consumer (tenant, membership)."""

    request: TenantGraphQLWSConsumer
    connection_params: dict[str, Any] = field(default_factory=dict)

    @property
    def ws(self) -> TenantGraphQLWSConsumer:
        return self.request


def is_subscription(message: dict[str, Any]) -> bool | None:
    """Whether a ``subscribe`` message asks for a subscription; None when unclear (left to strawberry)."""
    try:
        payload = message["payload"]
        document = parse(payload["query"])
    except Exception:
        return None
    name = payload.get("operationName")
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [op for op in operations if name is None or (op.name is not None and op.name.value == name)]
    if len(chosen) != 1:
        return None
    return chosen[0].operation == OperationType.SUBSCRIPTION


class SubscriptionsOnly(BaseGraphQLTransportWSHandler[Any, Any]):
    """Queries and mutations go over HTTP, through Django's middleware; the WebSocket only subscribes.

    Each subscription also gets an ``OperationFrames`` (``realtime.frames``): its ``next`` frames may be
    a shared, already encoded payload wrapped around its own id.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: dict[str, OperationFrames] = {}

    async def handle_subscribe(self, message: Any) -> None:
        if self.connection_acknowledged and is_subscription(message) is False:
            error = GraphQLError("Send queries and mutations over HTTP.", extensions={"code": "BAD_REQUEST"})
            await self.send_message(ErrorMessage(id=message["id"], type="error", payload=[error.formatted]))
            return
        operation_id = message.get("id") if isinstance(message, dict) else None
        if not isinstance(operation_id, str):
            await super().handle_subscribe(message)
            return
        before = self.operations.get(operation_id)
        frames = OperationFrames(operation_id, self._send_text, self._is_live)
        token = CURRENT_OPERATION.set(frames)  # the operation's task, created in there, inherits it
        try:
            await super().handle_subscribe(message)
        finally:
            CURRENT_OPERATION.reset(token)
        operation = self.operations.get(operation_id)
        if operation is not None and operation is not before:
            self.frames[operation_id] = frames

    def _is_live(self, frames: OperationFrames) -> bool:
        return self.frames.get(frames.id) is frames and frames.id in self.operations

    async def _send_text(self, text: str) -> None:
        await self.websocket.ws_consumer.send(text)  # type: ignore[attr-defined]

    async def send_message(self, message: Any) -> None:
        if message.get("type") == "next":
            frames = self.frames.get(message["id"])
            if frames is not None and frames.pending is not None:
                cache, key = frames.pending
                frames.pending = None
                payload = message["payload"]
                if not payload.get("errors"):  # results with errors are neither shared nor kept
                    payload_json = str(self.view.encode_json(payload))
                    frames.extensions = str(self.view.encode_json(payload.get("extensions")))
                    cache[(key, frames.extensions)] = payload_json
                    await self._send_text(next_frame(frames.id, payload_json))
                    return
        await super().send_message(message)

    def forget_id(self, id: str) -> None:
        self.frames.pop(id, None)
        super().forget_id(id)

    async def cleanup_operation(self, operation_id: str) -> None:
        self.frames.pop(operation_id, None)
        await super().cleanup_operation(operation_id)


class TenantGraphQLWSConsumer(GraphQLWSConsumer):
    graphql_transport_ws_handler_class = SubscriptionsOnly
    tenant: Tenant
    membership: Membership | None = None
    credentials: Credentials = Credentials()
    closing: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pending: int = settings.REALTIME_MAX_PENDING_EVENTS
        self._tasks: set[asyncio.Task[Any]] = set()
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._held: list[Held] = []
        self._access_group: str | None = None

    @property
    def schema_name(self) -> str:
        return self.tenant.schema_name

    async def connect(self) -> None:
        tenant = self.scope.get("tenant")
        if not isinstance(tenant, Tenant):  # mounted without TenantFromHostMiddleware: refuse
            await self.close()
            return
        self.tenant = tenant
        await super().connect()

    async def get_context(self, request: Any, response: Any) -> RealtimeContext:  # type: ignore[override]
        return RealtimeContext(request=self)

    async def on_ws_connect(self, context: RealtimeContext) -> UnsetType | dict[str, object] | None:  # type: ignore[override]
        credentials = credentials_from(context.connection_params, self.scope)
        membership = await in_public(member_for, self.tenant, credentials) if credentials.present else None
        if membership is None:
            raise ConnectionRejectionError({"message": "Sign in as a member of this workspace."})
        self.membership, self.credentials = membership, credentials
        if self.channel_layer is not None:
            self._access_group = access_group(self.schema_name, membership.user_id)
            await self.channel_layer.group_add(self._access_group, self.channel_name)
        self._spawn(self._recheck_periodically())
        return UNSET

    async def disconnect(self, code: int) -> None:
        self.closing = True
        for task in list(self._tasks):
            task.cancel()
        if self._access_group and self.channel_layer is not None:
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(self._access_group, self.channel_name)
        if self.run_task is not None:
            await super().disconnect(code)

    # --- events for this connection's subscriptions --------------------------------

    @contextlib.asynccontextmanager
    async def listen(
        self, group: str, kind: str, prepare: Prepare | None = None
    ) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        """Messages of type ``kind`` sent to ``group`` (a group of this connection's tenant), while inside.

        ``prepare(message)`` may return a future (e.g. the permission check, ``realtime.gate.prepare``): the
        message is then held back until that future is done, in order, so the subscription's task wakes up
        once per message, with what it needs ready.
        """
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        held: Held = collections.deque()

        def release(_: object = None) -> None:
            while held and (held[0][1] is None or held[0][1].done()):
                self.offer(queue, held.popleft()[0])

        def offer(message: dict[str, Any]) -> None:
            if message.get("type") != kind:
                return
            ready = prepare(message) if prepare is not None and not self.closing else None
            if not held and (ready is None or ready.done()):
                self.offer(queue, message)
            elif self.pending_events() >= self.max_pending:
                self.offer(queue, message)  # too far behind: closes the connection (4429)
            else:  # behind the messages held before it, whatever its own state
                held.append((message, ready))
                if ready is not None and not ready.done():
                    ready.add_done_callback(release)

        self._queues.add(queue)
        self._held.append(held)
        await hub.add(group, offer)
        try:
            yield self._drain(queue)
        finally:
            self._queues.discard(queue)
            self._held.remove(held)
            await hub.remove(group, offer)

    @staticmethod
    async def _drain(queue: asyncio.Queue[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        while True:
            message = await queue.get()
            yield message

    def pending_events(self) -> int:
        return sum(queue.qsize() for queue in self._queues) + sum(len(held) for held in self._held)

    def offer(self, queue: asyncio.Queue[dict[str, Any]], message: dict[str, Any]) -> None:
        """Queue a message for one subscription, unless this connection has fallen too far behind."""
        # Groups carry the tenant, so a foreign event can't arrive; dropped anyway should one ever do.
        if self.closing or message.get("tenant") != self.schema_name:
            return
        if self.pending_events() >= self.max_pending:
            self._spawn(self.shut(CLOSE_TOO_SLOW, "Too many undelivered events: the subscriber is too slow."))
            self._drop_queued()
            return
        queue.put_nowait(message)

    def _drop_queued(self) -> None:
        for queue in self._queues:
            while not queue.empty():
                queue.get_nowait()
        for held in self._held:
            held.clear()

    async def dispatch(self, message: dict[str, Any]) -> None:  # type: ignore[override]
        """Messages to this connection's own channel: the WebSocket protocol and access changes."""
        kind = message.get("type", "")
        if not kind or kind.startswith(("http.", "websocket.")):
            await super().dispatch(message)  # type: ignore[arg-type]
        elif kind == ACCESS_CHANGED and message.get("tenant") == self.schema_name and self.membership is not None:
            self._spawn(self.recheck_access())

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False) -> None:
        if self.closing:
            return
        await super().send(text_data, bytes_data, close)

    async def shut(self, code: int, reason: str) -> None:
        """Close this connection for good, dropping whatever is still queued for it."""
        if self.closing:
            return
        self.closing = True
        self._drop_queued()
        logger.info("closing realtime connection", extra={"code": code, "tenant": self.schema_name})
        await super().close(code=code, reason=reason)

    # --- access ---------------------------------------------------------------------

    async def recheck_access(self) -> None:
        membership = await in_public(member_for, self.tenant, self.credentials)
        if membership is None:
            await self.shut(CLOSE_ACCESS_REVOKED, "Access revoked.")
        else:
            self.membership = membership  # a changed role applies from the next event on

    async def _recheck_periodically(self) -> None:
        interval = settings.REALTIME_ACCESS_RECHECK_SECONDS
        # Spread the checks: connections opened together (a deploy, a reconnect storm) don't all check at once.
        await asyncio.sleep(interval * random.uniform(0.5, 1.0))
        while not self.closing:
            await self.recheck_access()
            await asyncio.sleep(interval)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_finished)

    def _task_finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("realtime connection task failed", exc_info=task.exception())
