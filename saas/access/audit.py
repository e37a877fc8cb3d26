"""Who reads which audit entries: owners and admins the whole log (except entries about records
even they may not read: other members' private saved views); other members the entries
about records they may read (settings and security entries are for admins), without the values
of fields their role hides.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from saas.audit.models import AuditEntry
from tenants.models import Membership

from . import policy
from .registry import RECORD_TYPES


def visible_entries(
    membership: Membership | None, queryset: QuerySet[AuditEntry], of_record_type: str | None = None
) -> QuerySet[AuditEntry]:
    """The entries of ``queryset`` this member may read, filtered in SQL (one subquery per record type).

    ``of_record_type``: ``queryset`` holds entries of that record type only (one record's history, say),
    so only its rule is written (the same rows; the other types' subqueries take milliseconds to build).
    """
    if not policy.is_active(membership):
        return queryset.none()
    admin = policy.is_admin(membership)
    # Owners and admins read settings and security entries, and every record type they read in full;
    # a type they read only in part (other members' private saved views) is filtered like for anyone.
    readable = ~Q(record_type__in=list(RECORD_TYPES)) if admin else Q(pk__in=[])
    if of_record_type is not None:
        queryset = queryset.filter(record_type=of_record_type)
    for name, record_type in RECORD_TYPES.items():
        if of_record_type is not None and name != of_record_type:
            continue
        if record_type.model is AuditEntry:
            continue
        if admin and policy.scope_q(membership, record_type, "read") is None:
            readable |= Q(record_type=name)
            continue
        # The base manager: a record in the recycle bin keeps its history.
        rows = policy.scope_queryset(membership, record_type.model._base_manager.all(), "read")
        ids = rows.annotate(audit_record_id=Cast("pk", CharField())).values("audit_record_id")
        readable |= Q(record_type=name, record_id__in=ids)
    return queryset.filter(readable)


def visible_changes(membership: Membership | None, entry: AuditEntry) -> dict[str, Any]:
    """The entry's ``changes`` without the fields this member's role hides on that record type."""
    record_type = RECORD_TYPES.get(entry.record_type)
    changes = entry.changes or {}
    if record_type is None:
        return dict(changes)
    hidden = policy.hidden_fields(membership, "read", record_type.model)
    return {name: change for name, change in changes.items() if name not in hidden}
