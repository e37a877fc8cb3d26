"""Writing to the audit log. Every service that changes a record calls ``record``.

Who may read which entries is an access rule: ``saas.access.audit`` (this package imports no
module, so the access package may write here without a circle).
"""

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
    owner_id: int | None = None,
) -> AuditEntry:
    """Append one entry for the current tenant (the connection's schema).

    ``changes`` has one shape everywhere: ``{field: {"old": ..., "new": ...}}``. A value given
    plainly (context such as the member's e-mail, or what a delete removed) is stored in that
    shape too: as ``new``, or as ``old`` for a ``delete``. ``owner_id``: the record's owner after the
    write (before it, for a delete), for readers that judge a record that is gone.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor else None,
        actor_email=actor.email if actor else "",
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        changes={name: _as_change(action, value) for name, value in (changes or {}).items()},
        owner_id=owner_id,
    )


def _as_change(action: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict) and value.keys() == {"old", "new"}:
        return value
    return {"old": value, "new": None} if action == "delete" else {"old": None, "new": value}
