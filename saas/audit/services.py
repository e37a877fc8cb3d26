"""Writing to the audit log. Every service that changes a record calls ``record``."""

from __future__ import annotations

from typing import Any

from .models import AuditEntry


def record(
    *,
    actor: Any | None,
    action: str,
    record_type: str,
    record_id: str | int = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry for the current tenant (the connection's schema)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor else None,
        actor_email=actor.email if actor else "",
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        changes=changes or {},
    )
