"""``history``: any record type's audit trail as a connection, declared with one line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry_django
from strawberry.types import Info

from graphql_schema.audit.types import (
    AuditEntryNode,
    history_of,
    history_prefetch,
    history_rows,
    within_prefetched_history,
)
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.sqlpages import in_sql
from graphql_schema.core.sqlrecords import RowsOf
from saas.audit.history import prefetched_history
from saas.audit.models import AuditEntry
from saas.records import record_type_name


def history_field() -> Any:
    """``history``: the record's audit trail; one query for a whole page of records (see saas/audit/history.py).

    ``history: KeysetConnection[AuditEntryNode] = history_field()`` in a record type. Entries are
    read through ``saas.audit.services.visible_changes``: hidden fields stay hidden.
    """

    def history(root: Any, info: Info) -> Iterable[AuditEntry]:
        prefetched = prefetched_history(root)
        if prefetched is not None and within_prefetched_history(info):
            return prefetched
        return history_of(info, record_type_name(type(root)), root.pk)

    return strawberry_django.connection(
        KeysetConnection[AuditEntryNode],
        description="Every change to this record, newest first.",
        prefetch_related=[history_prefetch],
        metadata=in_sql(RowsOf(history_rows)),  # a record page's history, built by PostgreSQL (core/sqlrecords.py)
    )(history)
