"""Per-event, per-subscriber read check, batched per process.

Every subscriber gets an event only if ``saas.access.policy`` lets its
membership read that record, and only the fields the policy doesn't hide.
Hundreds of subscribers of one process hear the same event at nearly the same
moment, so their checks are gathered for a couple of milliseconds and decided
in one database call (one row fetch per event and process, inside the tenant's
schema) instead of one call per subscriber.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from saas.access import policy, visibility
from saas.access.registry import RECORD_TYPES
from tenants.models import Membership, Tenant

from .events import BULK_ACTIONS
from .tenancy import in_tenant

logger = logging.getLogger(__name__)

Event = dict[str, Any]
Target = models.Model | type[models.Model] | None
BATCH_WINDOW_SECONDS = 0.003
KEEP_RESULTS_SECONDS = 10.0


def load_record(event: Event) -> Target:
    """The record the event is about, or its model when it is gone; None for unknown record types."""
    record_type = RECORD_TYPES.get(event["record_type"])
    if record_type is None:
        return None
    model = record_type.model
    if event["action"] in ("deleted", *BULK_ACTIONS):
        return model  # decided per member by ``could_read_deleted``; bulk events on the type
    try:
        record = model._default_manager.filter(pk=event["record_id"]).first()
    except (ValueError, TypeError):
        return None
    # Deleted since the event was sent: decide on the type, the delete event will follow.
    return record if record is not None else model


def could_read(membership: Membership, event: Event, target: Target) -> bool:
    """Could the member read the record just before this change (after it, for a creation)?"""
    if target is None:
        return False
    if event["action"] == "deleted":
        # The model is not enough: an own-scope member must not hear that a colleague's record went.
        record_type = RECORD_TYPES[event["record_type"]]
        owner = event.get("owner_before", visibility.UNKNOWN_OWNER)
        return visibility.could_read_deleted(membership, record_type, event["record_id"], owner)
    return policy.allows(membership, "read", target)


def _without(names: Any, hidden: Container[str]) -> Any:
    if not isinstance(names, list):
        return names
    return [name for name in names if not (isinstance(name, str) and _field_name(name) in hidden)]


def _field_name(name: str) -> str:
    """``creditLimit`` (as an API client names it) → ``credit_limit`` (the policy's name)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def visible_event(membership: Membership, event: Event, target: Target) -> Event | None:
    """The event as this member may see it, or None. Runs in the tenant's schema.

    Hidden fields go from the values *and* from every list of changed-field names (the event's
    ``fields`` and a payload's ``fields``), so a member does not learn that a hidden value changed.
    """
    if not could_read(membership, event, target):
        return None
    assert target is not None
    hidden = policy.hidden_fields(membership, "read", target)
    if not hidden:
        return event
    payload = {
        name: _without(value, hidden) if name == "fields" else value
        for name, value in event["payload"].items()
        if _field_name(name) not in hidden
    }
    return {**event, "fields": _without(event["fields"], hidden), "payload": payload}


def decide(event: Event, memberships: list[Membership]) -> dict[int, Event | None]:
    target = load_record(event)
    return {m.pk: visible_event(m, event, target) for m in memberships}


@dataclass
class _Batch:
    tenant: Tenant
    event: Event
    memberships: dict[int, Membership] = field(default_factory=dict)
    started: bool = False
    done: asyncio.Future[dict[int, Event | None]] | None = None
    task: asyncio.Task[None] | None = None


class EventGate:
    def __init__(self) -> None:
        self._batches: dict[str, _Batch] = {}

    async def visible(self, tenant: Tenant, event: Event, membership: Membership) -> Event | None:
        if event.get("tenant") != tenant.schema_name:  # never, by construction of the groups; checked anyway
            return None
        decided = self.prepare(tenant, event, membership)
        if decided is None:
            return None
        if decided.done():  # asked for ahead (``prepare``): no waiting
            return decided.result().get(membership.pk)
        results = await asyncio.shield(decided)
        return results.get(membership.pk)

    def prepare(
        self, tenant: Tenant, event: Event, membership: Membership
    ) -> asyncio.Future[dict[int, Event | None]] | None:
        """Have ``membership``'s answer for ``event`` decided (batched); the future is done once it is.

        Connections call this as an event arrives and hand it to the subscription only once decided, so
        the subscription's task wakes up once per event, with the answer ready.
        """
        if event.get("tenant") != tenant.schema_name:
            return None
        key = event["id"]
        batch = self._batches.get(key)
        decided = batch is not None and batch.started and batch.done is not None and batch.done.done()
        if decided and batch is not None and batch.done is not None and membership.pk in batch.done.result():
            return batch.done
        if batch is None or batch.started:
            loop = asyncio.get_running_loop()
            batch = _Batch(tenant, event, done=loop.create_future())
            self._batches[key] = batch
            batch.task = loop.create_task(self._decide(key, batch))
        batch.memberships.setdefault(membership.pk, membership)
        return batch.done

    async def _decide(self, key: str, batch: _Batch) -> None:
        assert batch.done is not None
        await asyncio.sleep(BATCH_WINDOW_SECONDS)
        batch.started = True
        try:
            results = await in_tenant(batch.tenant, decide, batch.event, list(batch.memberships.values()))
        except Exception:
            logger.exception("deciding who may see an event failed", extra={"event": batch.event.get("id")})
            results = {}  # refuse everybody rather than leak
        batch.done.set_result(results)
        asyncio.get_running_loop().call_later(KEEP_RESULTS_SECONDS, self._forget, key, batch)

    def _forget(self, key: str, batch: _Batch) -> None:
        if self._batches.get(key) is batch:
            del self._batches[key]


gate = EventGate()
