"""The WebSocket end of ``/graphql/`` on a tenant host (graphql-transport-ws).

One consumer per connection. It knows its tenant from the host (see
``realtime.middleware``), authenticates at ``connection_init`` and keeps the
member's ``Membership`` for per-event permission checks; the credentials are
checked again every ``REALTIME_ACCESS_RECHECK_SECONDS`` and whenever an
``access_changed`` event arrives, and the connection is closed (4403) once they
are refused. The same re-checks ask billing whether the workspace may still hear
live updates: once it is suspended until paid (or its plan lacks them), each open
subscription ends with the ``error`` a new one gets (``PAYMENT_REQUIRED`` /
``PLAN_LIMIT``), and the socket stays open. Events waiting for delivery are bounded per connection: a
subscriber that falls ``REALTIME_MAX_PENDING_EVENTS`` behind is closed (4429).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.channels import GraphQLWSConsumer
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage
from strawberry.types.unset import UNSET, UnsetType

from saas import modules
from saas.errors import ErrorCode, ServiceError
from tenants.models import Membership, Tenant

from .auth import Credentials, credentials_from, member_for
from .eager import run_eagerly, when_done
from .events import ACCESS_CHANGED, access_group
from .frames import CURRENT_OPERATION, OperationFrames, next_frame
from .hub import hub
from .tenancy import in_public
from .wire import DirectWriter, direct_writer

logger = logging.getLogger(__name__)

Prepare = Callable[[dict[str, Any]], "asyncio.Future[Any] | None"]
# A message, its ``prepare`` future, and what else it waits for (a shortcut's future) before going on.
Held = collections.deque[tuple[dict[str, Any], "asyncio.Future[Any] | None", "Wait | None"]]


class Skip:
    """A shortcut's answer: this message is nothing for the subscription (filtered out, not visible, over)."""


class Queue:
    """A shortcut's answer: the message takes the subscription's own path (its task, its resolver)."""


SKIP, QUEUE = Skip(), Queue()


@dataclass(slots=True)
class Wait:
    """A shortcut's answer: wait for ``future`` (e.g. a frame another subscription encodes), then ``then(result)``."""

    future: asyncio.Future[Any]
    then: Callable[[Any], str | Skip | Queue]


# Given a message at the head of a subscription's line, once its ``prepare`` future is done (or None), a
# shortcut answers with the frame to send for it, SKIP, QUEUE, or what to wait for before answering.
Shortcut = Callable[[dict[str, Any], "asyncio.Future[Any] | None"], "str | Skip | Queue | Wait"]

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
    """Whether a ``subscribe`` message asks for a subscription; None when unclear (it does not parse, ...)."""
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


def realtime_refusal(tenant: Tenant) -> GraphQLError | None:
    """Why live updates are refused: the plan lacks billing's ``realtime`` feature, or the workspace is
    suspended until paid (a read-only one still hears: subscriptions are reads). None when they may run.

    Asked at each ``subscribe``, and again for the open ones at every re-check of the connection
    (``TenantGraphQLWSConsumer.recheck_access``): a subscription refused now ends with this error."""
    try:
        modules.check_feature(tenant, "realtime")
    except ServiceError as refused:
        error = refused.errors[0]
        if error.code == ErrorCode.PAYMENT_REQUIRED:
            return GraphQLError(error.message, extensions={"code": "PAYMENT_REQUIRED", "standing": "suspended"})
        return GraphQLError(error.message, extensions={"code": "PLAN_LIMIT", "limit": "realtime"})
    return None


def access_now(tenant: Tenant, credentials: Credentials) -> tuple[Membership | None, GraphQLError | None]:
    """The member the credentials give now (None: refused), and why live updates are refused now, if they are."""
    membership = member_for(tenant, credentials)
    return membership, realtime_refusal(tenant) if membership is not None else None


class TenantTransportWS(BaseGraphQLTransportWSHandler[Any, Any]):
    """Subscriptions run here; queries and mutations as over HTTP (``realtime.operations``).

    Each subscription also gets an ``OperationFrames`` (``realtime.frames``): its ``next`` frames may be
    a shared, already encoded payload wrapped around its own id.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: dict[str, OperationFrames] = {}
        self.requests: set[str] = set()  # ids of queries and mutations under way
        self.websocket.ws_consumer.transport = self  # type: ignore[attr-defined]  # its re-checks end subscriptions

    async def end_subscriptions(self, error: GraphQLError) -> None:
        """End every open subscription with ``error`` (an ``error`` message each, what a new one is answered
        now): nothing more is delivered for them. The connection stays open; queries and mutations under
        way finish as they would."""
        for operation_id in [i for i in self.operations if i not in self.requests]:
            await self.cleanup_operation(operation_id)  # its task is cancelled: it sends nothing more
            await self.send_message(ErrorMessage(id=operation_id, type="error", payload=[error.formatted]))

    async def handle_subscribe(self, message: Any) -> None:
        well_formed = isinstance(message, dict) and isinstance(message.get("payload"), dict)
        if self.connection_acknowledged and well_formed and not is_subscription(message):  # unparsable: as HTTP
            await self._run_request(message)
            return
        operation_id = message.get("id") if isinstance(message, dict) else None
        if not isinstance(operation_id, str):
            await super().handle_subscribe(message)
            return
        if self.connection_acknowledged:
            refusal = await in_public(realtime_refusal, self.websocket.ws_consumer.tenant)  # type: ignore[attr-defined]
            if refusal is not None:
                await self.send_message(ErrorMessage(id=operation_id, type="error", payload=[refusal.formatted]))
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
            self.websocket.ws_consumer.operation_frames = self.frames  # type: ignore[attr-defined]

    async def _run_request(self, message: dict[str, Any]) -> None:
        """A query or mutation: executed off the event loop, answered with ``next`` + ``complete`` or ``error``."""
        operation_id = message["id"]
        if operation_id in self.requests or operation_id in self.operations:
            await self.websocket.close(code=4409, reason=f"Subscriber for {operation_id} already exists")
            return
        consumer: TenantGraphQLWSConsumer = self.websocket.ws_consumer  # type: ignore[attr-defined]
        self.requests.add(operation_id)
        consumer.spawn(self._answer_request(consumer, operation_id, message["payload"]))

    async def _answer_request(self, consumer: TenantGraphQLWSConsumer, operation_id: str, payload: Any) -> None:
        from .operations import run_operation  # runs the tenant schema, whose subscriptions import this module

        try:
            outcome = await in_public(run_operation, consumer.scope, consumer.tenant, consumer.credentials, payload)
            if outcome.refused:
                await consumer.shut(CLOSE_ACCESS_REVOKED, "Access revoked.")
            elif operation_id not in self.requests:
                return  # the client sent ``complete``: it no longer wants the answer
            elif outcome.error is not None:
                await self.send_message(ErrorMessage(id=operation_id, type="error", payload=outcome.error))
            else:
                await self.send_message({"id": operation_id, "type": "next", "payload": outcome.next})
                await self.send_message({"id": operation_id, "type": "complete"})
        finally:
            self.requests.discard(operation_id)

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
                    cache.put((key, frames.extensions), payload_json)  # its followers get it as it goes out here
                    frames.give_up_leading()  # led under other extensions (never, unless they change): not this
                    await self._send_text(next_frame(frames.id, payload_json))
                    return
                frames.give_up_leading()
        await super().send_message(message)

    def forget_id(self, id: str) -> None:
        self._forget_frames(id)
        super().forget_id(id)

    async def cleanup_operation(self, operation_id: str) -> None:
        if operation_id in self.requests:  # a query or mutation: it finishes, its answer is dropped
            self.requests.discard(operation_id)
            return
        self._forget_frames(operation_id)
        await super().cleanup_operation(operation_id)

    def _forget_frames(self, operation_id: str) -> None:
        frames = self.frames.pop(operation_id, None)
        if frames is not None:
            frames.give_up_leading()


class TenantGraphQLWSConsumer(GraphQLWSConsumer):
    graphql_transport_ws_handler_class = TenantTransportWS
    tenant: Tenant
    membership: Membership | None = None
    credentials: Credentials = Credentials()
    closing: bool = False
    operation_frames: dict[str, OperationFrames] | None = None  # the live subscriptions' (see TenantTransportWS)
    transport: TenantTransportWS | None = None  # the protocol's handler, once the socket speaks it

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pending: int = settings.REALTIME_MAX_PENDING_EVENTS
        self._tasks: set[asyncio.Task[Any]] = set()
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._held: list[Held] = []
        self._access_group: str | None = None
        # Frames waiting for the socket, in order: while one write is suspended (a slow client), the rest wait.
        self._outbox: collections.deque[dict[str, Any]] = collections.deque()
        self._writing = False
        self._direct: DirectWriter | UnsetType | None = UNSET  # worked out at the first frame (see realtime.wire)

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
        self, group: str, kind: str, prepare: Prepare | None = None, shortcut: Shortcut | None = None
    ) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
        """Messages of type ``kind`` sent to ``group`` (a group of this connection's tenant), while inside.

        ``prepare(message)`` may return a future (e.g. the permission check, ``realtime.gate.prepare``): the
        message is then held back until that future is done, in order, so the subscription's task wakes up
        once per message, with what it needs ready.

        ``shortcut`` lets the connection deliver for the subscription (hub fan-out): while the subscription's
        task waits for its next message with nothing queued (so every earlier message of it is out), the
        message at the head of the line is given to ``shortcut``, whose frame is sent from here, in order
        with every other frame of the connection, without waking the subscription's task.
        """
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        held: Held = collections.deque()
        idle = [False]  # the subscription's task waits on an empty queue

        def release(_: object = None) -> None:
            while held:
                message, ready, wait = held[0]
                if (ready is not None and not ready.done()) or (wait is not None and not wait.future.done()):
                    return
                held.popleft()
                outcome: str | Skip | Queue | Wait = QUEUE
                if shortcut is not None and idle[0] and queue.empty():
                    if wait is None:
                        outcome = shortcut(message, ready)
                    elif not wait.future.cancelled():
                        outcome = wait.then(wait.future.result())
                if isinstance(outcome, str):
                    self.push(outcome)
                elif isinstance(outcome, Wait):
                    held.appendleft((message, ready, outcome))  # e.g. waits for a frame another one encodes
                    when_done(outcome.future, release)
                    return
                elif outcome is QUEUE:
                    self.offer(queue, message)

        def offer(message: dict[str, Any]) -> None:
            if message.get("type") != kind:
                return
            ready = prepare(message) if prepare is not None and not self.closing else None
            if held and self.pending_events() >= self.max_pending:
                self.offer(queue, message)  # too far behind: closes the connection (4429)
                return
            held.append((message, ready, None))  # behind the messages held before it, whatever its own state
            if ready is not None and not ready.done():
                when_done(ready, release)
            elif len(held) == 1:
                release()

        async def drain() -> AsyncIterator[dict[str, Any]]:
            while True:
                idle[0] = queue.empty()
                try:
                    message = await queue.get()
                finally:
                    idle[0] = False
                yield message

        self._queues.add(queue)
        self._held.append(held)
        await hub.add(group, offer)
        try:
            yield drain()
        finally:
            self._queues.discard(queue)
            self._held.remove(held)
            await hub.remove(group, offer)

    def pending_events(self) -> int:
        queued = sum(queue.qsize() for queue in self._queues) + sum(len(held) for held in self._held)
        return queued + len(self._outbox)

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
        self._outbox.clear()
        for frames in (self.operation_frames or {}).values():  # what they were to encode for others won't come
            frames.give_up_leading()

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
        if close or (text_data is None and bytes_data is None):
            await super().send(text_data, bytes_data, close)
            return
        message: dict[str, Any] = {"type": "websocket.send"}
        if text_data is not None:
            message["text"] = text_data
        else:
            message["bytes"] = bytes_data
        if self._writing or self._outbox:  # goes out after the frames ahead of it
            self._outbox.append(message)
            return
        if text_data is not None and self._write_direct(text_data):
            return
        self._writing = True
        try:
            await self._write(message)
        finally:
            self._writing = False
            self._flush()

    def push(self, text: str) -> None:
        """Send a text frame from a callback (hub fan-out), in order with every other frame of the connection.

        No task is involved unless the socket makes the write wait (a slow client): the rest then waits in
        the outbox, which counts as pending (a connection too far behind is closed, 4429).
        """
        if self.closing:
            return
        if not self._outbox and not self._writing and self._write_direct(text):
            return
        if self._outbox and self.pending_events() >= self.max_pending:
            self._spawn(self.shut(CLOSE_TOO_SLOW, "Too many undelivered events: the subscriber is too slow."))
            self._drop_queued()
            return
        self._outbox.append({"type": "websocket.send", "text": text})
        if not self._writing:
            self._flush()

    def _flush(self) -> None:
        while self._outbox and not self._writing and not self.closing:
            message = self._outbox.popleft()
            text = message.get("text")
            if text is not None and self._write_direct(text):
                continue
            try:
                rest = run_eagerly(self._write(message))
            except Exception:
                logger.debug("realtime frame not sent; the connection is going", exc_info=True)
                self._outbox.clear()
                return
            if rest is not None:
                self._writing = True
                self._spawn(self._finish_write(rest))

    async def _finish_write(self, rest: Any) -> None:
        try:
            await rest
        except Exception:
            logger.debug("realtime frame not sent; the connection is going", exc_info=True)
            self._outbox.clear()
        finally:
            self._writing = False
            self._flush()

    def _write(self, message: dict[str, Any]) -> Coroutine[Any, Any, None]:
        return self.base_send(message)

    def _write_direct(self, text: str) -> bool:
        """Write a text frame straight to the socket if the server allows it now (``realtime.wire``)."""
        writer = self._direct
        if writer is UNSET:
            writer = self._direct = direct_writer(getattr(self, "base_send", None))
        if writer is None:
            return False
        try:
            return writer.write_text(text.encode())  # type: ignore[union-attr]
        except Exception:  # the normal send finds out what is wrong and reports it
            logger.debug("realtime frame not written directly", exc_info=True)
            return False

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
        """Close the connection (4403) if its credentials are refused now; end its subscriptions if the
        workspace may no longer hear live updates (suspended until paid, or a plan without them)."""
        membership, refusal = await in_public(access_now, self.tenant, self.credentials)
        if membership is None:
            await self.shut(CLOSE_ACCESS_REVOKED, "Access revoked.")
            return
        self.membership = membership  # a changed role applies from the next event on
        if refusal is not None and self.transport is not None and not self.closing:
            await self.transport.end_subscriptions(refusal)

    async def _recheck_periodically(self) -> None:
        interval = settings.REALTIME_ACCESS_RECHECK_SECONDS
        # Spread the checks: connections opened together (a deploy, a reconnect storm) don't all check at once.
        await asyncio.sleep(interval * random.uniform(0.5, 1.0))
        while not self.closing:
            await self.recheck_access()
            await asyncio.sleep(interval)

    def spawn(self, coroutine: Any) -> None:
        """Run ``coroutine`` as one of this connection's tasks (cancelled when it closes; failures logged)."""
        self._spawn(coroutine)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_finished)

    def _task_finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("realtime connection task failed", exc_info=task.exception())
