"""Event streams for subscription resolvers: listen on a tenant group, filter, check access.

Subscription resolvers (``graphql_schema/realtime`` and the modules') use these
instead of touching the channel layer: the group always belongs to the
connection's tenant and every record event passes the per-member read check.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Collection
from typing import Any

from django.conf import settings
from graphql import GraphQLError
from strawberry.relay import from_base64

from saas.access import policy
from saas.access.registry import RECORD_TYPES

from . import presence
from .consumer import QUEUE, SKIP, Queue, Skip, TenantGraphQLWSConsumer, Wait
from .events import (
    PRESENCE_CHANGED,
    RECORD_CHANGED,
    USER_NOTIFICATION,
    apublish,
    presence_group,
    records_group,
    user_group,
)
from .frames import CURRENT_OPERATION, frames_of
from .gate import Event, gate
from .tenancy import in_tenant


class NotSubscribable(GraphQLError):
    def __init__(self) -> None:
        super().__init__(
            "Subscriptions need a WebSocket (graphql-transport-ws) signed in as a member of this workspace.",
            extensions={"code": "UNAUTHENTICATED"},
        )


def subscriber_of(info: Any) -> TenantGraphQLWSConsumer:
    """The authenticated WebSocket connection running this subscription."""
    consumer = getattr(info.context, "request", None)
    if not isinstance(consumer, TenantGraphQLWSConsumer) or consumer.membership is None:
        raise NotSubscribable()
    return consumer


def check_record_types(types: Collection[str] | None) -> None:
    unknown = sorted(set(types or ()) - RECORD_TYPES.keys())
    if unknown:
        raise GraphQLError(
            f"Unknown record types: {', '.join(unknown)}. Known: {', '.join(sorted(RECORD_TYPES))}.",
            extensions={"code": "BAD_USER_INPUT"},
        )


def id_matcher(ids: Collection[str] | None) -> Callable[[Event], bool]:
    """Matches events by database id or by global (Relay) id."""
    if not ids:
        return lambda event: True
    plain: set[str] = set()
    typed: set[tuple[str, str]] = set()
    for value in ids:
        try:
            type_name, pk = from_base64(str(value))
        except Exception:
            plain.add(str(value))
        else:
            typed.add((type_name, pk))
    return lambda event: event["record_id"] in plain or (event["record_type"], event["record_id"]) in typed


async def record_events(
    info: Any,
    *,
    types: Collection[str] | None = None,
    ids: Collection[str] | None = None,
    where: Callable[[Event], bool] | None = None,
) -> AsyncIterator[Event]:
    """Record changes of the connection's tenant that this member may read (hidden fields removed).

    ``types`` / ``ids`` narrow by record type and id (database or global); ``where`` is a module's own
    filter on the (visible) event, e.g. ``lambda e: e["payload"].get("pipelineId") == pipeline_id``.
    """
    async for event in _record_stream(info, types, ids, where, None):
        yield event


async def record_payloads(
    info: Any,
    payload_of: Callable[[Event], Any],
    *,
    types: Collection[str] | None = None,
    ids: Collection[str] | None = None,
    where: Callable[[Event], bool] | None = None,
) -> AsyncIterator[Any]:
    """``record_events`` turned into the subscription's payloads by ``payload_of`` (e.g. ``RecordChange.shared``).

    For resolvers that yield every one of these payloads as it is (no filter of their own, no other
    value): once the subscription's first ``next`` went out, the connection may send the shared frame
    another subscriber of this process encoded for the same (visible) payload straight from the hub,
    checks and filters applied there, without waking the subscription's task.
    """
    async for payload in _record_stream(info, types, ids, where, payload_of):
        yield payload


async def _record_stream(
    info: Any,
    types: Collection[str] | None,
    ids: Collection[str] | None,
    where: Callable[[Event], bool] | None,
    payload_of: Callable[[Event], Any] | None,
) -> AsyncIterator[Any]:
    ws = subscriber_of(info)
    check_record_types(types)
    wanted_types = set(types or ())
    matches_id = id_matcher(ids)
    operation = CURRENT_OPERATION.get() if payload_of is not None else None

    def wanted(event: Event) -> bool:
        return (not wanted_types or event["record_type"] in wanted_types) and matches_id(event)

    def check_ahead(event: Event) -> asyncio.Future[Any] | None:
        """The permission check starts as the event arrives; the event waits for it in the connection."""
        membership = ws.membership
        return gate.prepare(ws.tenant, event, membership) if membership is not None and wanted(event) else None

    def after_leader(payload_json: str | None) -> str | Skip | Queue:
        assert operation is not None
        if not operation.is_live(operation):
            return SKIP
        return QUEUE if payload_json is None else operation.shared_frame(payload_json)

    def deliver_here(event: Event, decided: asyncio.Future[Any] | None) -> str | Skip | Queue | Wait:
        """The same steps as below, at the hub, ending in a frame another subscription encoded (or not)."""
        assert operation is not None and payload_of is not None
        if not operation.is_live(operation):
            return SKIP  # completed: nothing more for it
        if operation.key is None or operation.extensions is None or ws.membership is None:
            return QUEUE  # its first ``next`` hasn't gone out yet, or the normal path decides
        if not wanted(event) or event.get("tenant") != ws.schema_name:
            return SKIP
        if decided is None or decided.cancelled() or decided.exception() is not None:
            return QUEUE
        visible = decided.result().get(ws.membership.pk, QUEUE)
        if visible is None:
            return SKIP
        if visible is QUEUE:  # decided for another membership (changed since): asked again on the normal path
            return QUEUE
        if where is not None and not where(visible):
            return SKIP
        frames = frames_of(payload_of(visible))
        frame_key = operation.frame_key(operation.key)
        if frames is None or frame_key is None:
            return QUEUE
        frame = frames.get(frame_key)
        if frame is not None:
            return operation.shared_frame(frame)
        leader = frames.leaders.get(frame_key)
        if leader is None:
            operation.lead(frames, frame_key)  # this one executes; the others of its key wait for its frame
            return QUEUE
        return Wait(leader, after_leader)  # its frame, or (the leader failed) each goes its own way

    shortcut = deliver_here if operation is not None else None
    async with ws.listen(records_group(ws.schema_name), RECORD_CHANGED, check_ahead, shortcut) as messages:
        async for event in messages:
            if not wanted(event):
                continue
            membership = ws.membership
            if membership is None:
                return
            visible = await gate.visible(ws.tenant, event, membership)
            # ``where`` sees only what this member may see: a filter on a hidden field reveals nothing.
            if visible is not None and (where is None or where(visible)):
                yield visible if payload_of is None else payload_of(visible)


async def notification_events(info: Any) -> AsyncIterator[Event]:
    """Notifications for the connection's member in this tenant."""
    ws = subscriber_of(info)
    assert ws.membership is not None
    async with ws.listen(user_group(ws.schema_name, ws.membership.user_id), USER_NOTIFICATION) as messages:
        async for event in messages:
            yield event


def _may_view(membership: Any, record_type: str, record_id: str) -> bool:
    model = RECORD_TYPES[record_type].model
    try:
        record = model._default_manager.filter(pk=record_id).first()
    except (ValueError, TypeError):
        return False
    return record is not None and policy.allows(membership, "read", record)


def plain_id(record_type: str, record_id: str) -> str:
    """A database id from either a database id or a global id of ``record_type``."""
    try:
        type_name, pk = from_base64(str(record_id))
    except Exception:
        return str(record_id)
    return pk if type_name == record_type else str(record_id)


async def presence_updates(info: Any, record_type: str, record_id: str) -> AsyncIterator[list[presence.Viewer]]:
    """The viewers of a record now, then again whenever someone comes or goes; this connection is one of them."""
    ws = subscriber_of(info)
    check_record_types([record_type])
    pk = plain_id(record_type, record_id)
    if not await in_tenant(ws.tenant, _may_view, ws.membership, record_type, pk):
        raise GraphQLError("No such record.", extensions={"code": "NOT_FOUND"})
    assert ws.membership is not None
    user = ws.membership.user
    group = presence_group(ws.schema_name, record_type, pk)
    announcement = {"type": PRESENCE_CHANGED, "tenant": ws.schema_name, "origin": ws.channel_name}

    async def keep_alive() -> None:
        while True:
            await asyncio.sleep(max(1.0, settings.REALTIME_PRESENCE_TTL_SECONDS / 3))
            _, changed = await in_tenant(ws.tenant, presence.join, record_type, pk, ws.channel_name, user)
            if changed:  # someone's entry expired: tell the others
                await apublish(group, announcement)

    async with ws.listen(group, PRESENCE_CHANGED) as messages:
        viewers, _ = await in_tenant(ws.tenant, presence.join, record_type, pk, ws.channel_name, user)
        await apublish(group, announcement)
        heartbeat = asyncio.get_running_loop().create_task(keep_alive())
        try:
            yield viewers
            async for message in messages:
                if message.get("origin") == ws.channel_name:
                    continue
                yield await in_tenant(ws.tenant, presence.viewers, record_type, pk)
        finally:
            heartbeat.cancel()
            await in_tenant(ws.tenant, presence.leave, record_type, pk, ws.channel_name)
            await apublish(group, announcement)
