"""The one event path: services emit domain events here; nothing else touches the channel layer.

``emit`` defers publishing until the surrounding transaction commits, so
subscribers never hear of a write that was rolled back. Groups carry the tenant
in their name: ``tenant.<schema>.records``.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from tenants.db import connection

logger = logging.getLogger(__name__)

EventAction = Literal["created", "updated", "deleted"]


def records_group(schema_name: str) -> str:
    return f"tenant.{schema_name}.records"


def emit(action: EventAction, record_type: str, record_id: Any, payload: dict[str, Any] | None = None) -> None:
    """Announce that a record of the current tenant changed, once the transaction commits."""
    schema_name = connection.schema_name
    event = {
        "type": "record.changed",
        "tenant": schema_name,
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id),
        "payload": payload or {},
    }
    transaction.on_commit(lambda: publish(records_group(schema_name), event))


def publish(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # a full or absent channel layer must never fail the write that caused the event
        logger.exception("publishing event failed", extra={"group": group})
