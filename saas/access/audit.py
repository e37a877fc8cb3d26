"""Who reads which audit entries: owners and admins the whole log; other members the entries
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


def visible_entries(membership: Membership | None, queryset: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """The entries of ``queryset`` this member may read, filtered in SQL (one subquery per record type)."""
    if policy.is_admin(membership):
        return queryset
    if not policy.is_active(membership):
        return queryset.none()
    readable = Q(pk__in=[])
    for name, record_type in RECORD_TYPES.items():
        if record_type.model is AuditEntry:
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
