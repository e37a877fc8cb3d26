"""The one event path: services emit domain events here; nothing else touches the channel layer.

``emit`` / ``notify`` / ``access_changed`` defer publishing until the surrounding
transaction commits, so subscribers never hear of a write that was rolled back.
Every group name carries the tenant's schema:

- ``tenant.<schema>.records``: every record change of the tenant (``recordChanged`` and module subscriptions);
- ``tenant.<schema>.user.<id>``: notifications for one member;
- ``tenant.<schema>.user.<id>.access``: "re-check this member's credentials" (token revoked, user deactivated);
- ``tenant.<schema>.presence.<type>.<id>``: who is viewing a record (see ``realtime.presence``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
import uuid
from typing import Any, Literal

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from saas import modules
from tenants.db import connection

logger = logging.getLogger(__name__)

EventAction = Literal["created", "updated", "deleted"]
# Many records of a type at once (an import, its undo): one event, no record id; lists read themselves again.
BulkAction = Literal["imported", "import_undone"]
BULK_ACTIONS = ("imported", "import_undone")

# Message types on the channel layer (a consumer's ``dispatch`` routes on these).
RECORD_CHANGED = "record.changed"
USER_NOTIFICATION = "user.notification"
ACCESS_CHANGED = "user.access_changed"
PRESENCE_CHANGED = "presence.changed"

_GROUP_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


def records_group(schema_name: str) -> str:
    return f"tenant.{schema_name}.records"


def user_group(schema_name: str, user_id: Any) -> str:
    return f"tenant.{schema_name}.user.{int(user_id)}"


def access_group(schema_name: str, user_id: Any) -> str:
    return f"{user_group(schema_name, user_id)}.access"


def presence_group(schema_name: str, record_type: str, record_id: Any) -> str:
    # Group names allow few characters and < 100 of them: odd ids are hashed.
    key = str(record_id)
    if not _GROUP_SAFE.match(key):
        key = hashlib.sha1(key.encode()).hexdigest()[:20]
    return f"tenant.{schema_name}.presence.{record_type[:30]}.{key}"


def emit(
    action: EventAction,
    record_type: str,
    record_id: Any,
    payload: dict[str, Any] | None = None,
    *,
    fields: list[str] | None = None,
) -> None:
    """Announce that a record of the current tenant changed, once the transaction commits.

    ``payload`` holds the changed values (JSON-able) and ``fields`` the changed field names
    (the payload's keys by default); subscribers get both minus the fields their role may not see.
    """
    schema_name = connection.schema_name
    payload = payload or {}
    event = {
        "type": RECORD_CHANGED,
        "id": uuid.uuid4().hex,
        "tenant": schema_name,
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id),
        "fields": list(fields) if fields is not None else list(payload),
        "payload": payload,
    }
    if action == "deleted":
        event.update(_owner_before_delete(record_type, record_id))
    on_commit_publish(records_group(schema_name), event)
    # The same event feeds the modules that listen (webhooks, workflows), also only once committed.
    # ``robust``: a listener's failure is logged and never undoes or fails the write that caused it.
    for listener in modules.record_listeners():
        transaction.on_commit(functools.partial(listener, dict(event)), robust=True)


def emit_bulk(action: BulkAction, record_type: str, payload: dict[str, Any] | None = None) -> None:
    """Announce that many records of ``record_type`` changed at once (one event, not one per record).

    Members who may read the type hear it (the gate decides on the type: no record is named); the
    payload says which import, never which records or how many.
    """
    schema_name = connection.schema_name
    event = {
        "type": RECORD_CHANGED,
        "id": uuid.uuid4().hex,
        "tenant": schema_name,
        "action": action,
        "record_type": record_type,
        "record_id": "",
        "fields": [],
        "payload": payload or {},
    }
    on_commit_publish(records_group(schema_name), event)


def _owner_before_delete(record_type_name: str, record_id: Any) -> dict[str, Any]:
    """The owner the record has now, inside the deleting transaction (before a hard delete runs).

    The gate decides on it who could read the record just before it went (``could_read_deleted``);
    subscribers never see it. One query, for owned record types only.
    """
    from saas.access.registry import RECORD_TYPES

    record_type = RECORD_TYPES.get(record_type_name)
    if record_type is None or record_type.owner_attname is None:
        return {}
    try:
        rows = record_type.model._base_manager.filter(pk=record_id).values_list(record_type.owner_attname, flat=True)
        found = list(rows[:1])
    except (ValueError, TypeError):
        return {}
    return {"owner_before": found[0]} if found else {}


def notify(user_id: Any, kind: str, message: str, payload: dict[str, Any] | None = None) -> None:
    """Tell one member of the current tenant something (assignment, mention, reminder), after commit."""
    schema_name = connection.schema_name
    event = {
        "type": USER_NOTIFICATION,
        "id": uuid.uuid4().hex,
        "tenant": schema_name,
        "kind": kind,
        "message": message,
        "payload": payload or {},
    }
    on_commit_publish(user_group(schema_name, user_id), event)


def access_changed(user_id: Any) -> None:
    """The user's tokens, account or memberships changed: open connections re-check and close if refused.

    Sent to every tenant the user has a seat in (active or not), after commit.
    """
    from tenants.models import Membership

    schemas = list(Membership.objects.filter(user_id=user_id).values_list("tenant__schema_name", flat=True))
    for schema_name in schemas:
        on_commit_publish(
            access_group(schema_name, user_id), {"type": ACCESS_CHANGED, "tenant": schema_name, "user_id": user_id}
        )


def on_commit_publish(group: str, event: dict[str, Any]) -> None:
    transaction.on_commit(lambda: publish(group, event))


def publish(group: str, event: dict[str, Any]) -> None:
    """Send now. Stamps ``published_at`` (epoch seconds) so clients can measure delivery latency."""
    layer = get_channel_layer()
    if layer is None:
        return
    # ``group`` lets each process's hub (realtime.hub) hand the event to its local listeners.
    event = {**event, "group": group, "published_at": time.time()}
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a full or absent channel layer must never fail the write that caused the event
        logger.exception("publishing event failed", extra={"group": group})


async def apublish(group: str, event: dict[str, Any]) -> None:
    """``publish`` from async code (presence, inside a consumer)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(group, {**event, "group": group, "published_at": time.time()})
    except Exception:
        logger.exception("publishing event failed", extra={"group": group})
