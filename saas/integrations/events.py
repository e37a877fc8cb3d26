"""Which record events webhooks may subscribe to, and the body each one is sent as.

Every record type registered with ``saas.access.registry`` offers ``<Type>.created``,
``<Type>.updated`` and ``<Type>.deleted``: a module that registers a type is subscribable by that alone.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from saas.access.registry import RECORD_TYPES

ACTIONS = ("created", "updated", "deleted")


def event_types() -> list[str]:
    """Every event type an endpoint may subscribe to, by record type then action."""
    return [f"{name}.{action}" for name in sorted(RECORD_TYPES) for action in ACTIONS]


def event_type_of(event: dict[str, Any]) -> str:
    return f"{event['record_type']}.{event['action']}"


def global_id(type_name: str, pk: Any) -> str:
    """The record's id as the API shows it (Relay's base64 of ``"<Type>:<pk>"``)."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def body_of(event: dict[str, Any]) -> str:
    """The JSON body of a record event, the same for every endpoint and every attempt.

    Webhooks are the admins': the values are what an admin reads (owners and admins see every field;
    the event never holds derived columns). Field names are the API's (camelCase), ids global ids.
    """
    occurred = event.get("published_at")
    occurred_at = datetime.fromtimestamp(occurred, UTC) if occurred else datetime.now(UTC)
    type_name = event["record_type"]
    values = {camel(name): value for name, value in (event.get("payload") or {}).items()}
    body = {
        "id": event["id"],
        "type": event_type_of(event),
        "occurredAt": occurred_at.isoformat().replace("+00:00", "Z"),
        "data": {
            "recordType": type_name,
            "recordId": global_id(type_name, event["record_id"]),
            "action": event["action"],
            "fields": [camel(name) for name in event.get("fields") or []],
            "values": values,
        },
    }
    return json.dumps(body, separators=(",", ":"), default=str)
