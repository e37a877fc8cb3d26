"""``record.audit_history``: a record's audit entries, prefetchable for a whole page of records.

Audit entries name their record by type and id (no foreign key: the log is append-only and
outlives what it describes), so Django cannot prefetch them on its own. This descriptor
speaks Django's prefetch protocol (``get_prefetch_querysets``), so
``prefetch_related(Prefetch("audit_history", queryset=...))`` loads the history of every record
of a page in one query, and a list's ``history`` stays at a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

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


class _RecordHistory:
    """What ``record.audit_history`` returns: the record's entries, and the prefetch protocol."""

    def __init__(self, record: models.Model) -> None:
        from saas.records import record_type_name

        self.record = record
        self.record_type = record_type_name(type(record))

    def _of_this_record(self, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
        return queryset.filter(record_type=self.record_type, record_id=str(self.record.pk))

    def get_queryset(self) -> models.QuerySet[AuditEntry]:
        return self._of_this_record(AuditEntry.objects.all())

    def _apply_rel_filters(self, queryset: models.QuerySet[AuditEntry]) -> models.QuerySet[AuditEntry]:
        return self._of_this_record(queryset)

    def get_prefetch_querysets(
        self, instances: Sequence[models.Model], querysets: Sequence[models.QuerySet[AuditEntry]] | None = None
    ) -> tuple[models.QuerySet[AuditEntry], Callable[[Any], str], Callable[[Any], str], bool, str, bool]:
        queryset = querysets[0] if querysets else AuditEntry.objects.all()
        queryset = queryset.filter(record_type=self.record_type, record_id__in=[str(i.pk) for i in instances])
        return queryset, lambda entry: entry.record_id, lambda record: str(record.pk), False, CACHE_NAME, False


class AuditHistory:
    """Model attribute: ``Company.audit_history``; see the module docstring."""

    def __get__(self, instance: models.Model | None, owner: type[models.Model]) -> Any:
        if instance is None:
            return self
        return _RecordHistory(instance)


def prefetched_history(record: models.Model) -> list[AuditEntry] | None:
    """The entries a ``Prefetch("audit_history", ...)`` loaded for ``record``, or None."""
    cached = getattr(record, "_prefetched_objects_cache", {}).get(CACHE_NAME)
    return None if cached is None else list(cached)
