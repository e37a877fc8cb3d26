"""``record.audit_history``: a record's audit entries, prefetchable for a whole page of records.

Audit entries name their record by type and id (no foreign key: the log is append-only and
outlives what it describes), so Django cannot prefetch them on its own. This descriptor
speaks Django's prefetch protocol (``get_prefetch_querysets``), so
``prefetch_related(Prefetch("audit_history", queryset=...))`` loads the history of every record
of a page in one query, and a list's ``history`` stays at a fixed number of queries.

The descriptor itself (``AuditHistory``) lives on ``saas.records.Record``, which knows record
type names; this module imports no other package.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from .models import AuditEntry

CACHE_NAME = "audit_history"


def newest_first(queryset: models.QuerySet[AuditEntry], limit: int) -> models.QuerySet[AuditEntry]:
    """At most ``limit`` newest entries per record, each carrying its record's total (``_strawberry_total_count``).

    The total is the annotation strawberry-django's connections read for ``totalCount``.
    """
    per_record = [F("record_type"), F("record_id")]
    return (
        queryset.annotate(
            history_rank=Window(
                RowNumber(), partition_by=per_record, order_by=[F("created_at").desc(), F("id").desc()]
            ),
            _strawberry_total_count=Window(Count("id"), partition_by=per_record),
        )
        .filter(history_rank__lte=limit)
        .order_by("-created_at", "-id")
    )


def prefetched_history(record: models.Model) -> list[AuditEntry] | None:
    """The entries a ``Prefetch("audit_history", ...)`` loaded for ``record``, or None."""
    cached = getattr(record, "_prefetched_objects_cache", {}).get(CACHE_NAME)
    return None if cached is None else list(cached)
