from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import strawberry
import strawberry_django
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from graphql_schema.core.filters import DateTimeFilter, IDFilter, TextFilter
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.nodes import Scoped, column, membership_of, record_type
from graphql_schema.core.sqlpages import REQUEST_VALUE, SqlValue, in_sql
from graphql_schema.permissions import require_admin
from saas.access import audit, policy
from saas.audit.history import CACHE_NAME, newest_first
from saas.audit.models import AuditEntry
from saas.records import record_type_name
from tenants.db import connection
from tenants.models import User

ACTOR_NAME = "actor_full_name"


def with_actor_names(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Each entry with its actor's current name, in the same query (users live in the public schema,
    which every tenant's search path includes; there is no foreign key across schemas to follow)."""
    names = User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]
    return queryset.annotate(**{ACTOR_NAME: Subquery(names)})


@dataclass(frozen=True)
class ActorName(SqlValue):
    """``actor_name`` in SQL: the actor's current name, else their e-mail; empty for the system."""

    columns: tuple[str, ...] = ("actor_id", "actor_email")

    def json_sql(self, columns: dict[str, str], leaf: Any, required: bool) -> tuple[str, str | None]:
        actor = columns["actor_id"]
        name = f"(SELECT u.full_name FROM {User._meta.db_table} u WHERE u.id = {actor} LIMIT 1)"
        named = f"to_json(COALESCE(NULLIF({name}, ''), {columns['actor_email']}))::text"
        return f"""CASE WHEN {actor} IS NULL THEN '""' ELSE {named} END""", None


def _hidden_fields_by_record_type(info: Any) -> dict[str, list[str]]:
    return {name: sorted(fields) for name, fields in policy.hidden_by_record_type(membership_of(info)).items()}


@dataclass(frozen=True)
class VisibleChanges(SqlValue):
    """``changes`` in SQL: without the fields the member's role hides (``audit.visible_changes``)."""

    columns: tuple[str, ...] = ("record_type", "changes")
    request_value: Any = _hidden_fields_by_record_type

    def json_sql(self, columns: dict[str, str], leaf: Any, required: bool) -> tuple[str, str | None]:
        changes, hidden = columns["changes"], f"({columns[REQUEST_VALUE]} -> {columns['record_type']})"
        visible = f"COALESCE({changes}, '{{}}'::jsonb) - ARRAY(SELECT jsonb_array_elements_text({hidden}))"
        # a JSON object, or nothing (an empty object); anything else is the normal path's error
        return f"to_json({visible})::text", f"({changes} IS NULL OR jsonb_typeof({changes}) = 'object')"


@record_type(AuditEntry, name="AuditEntry", description="One write: who, when, what changed (old and new).")
class AuditEntryNode(Scoped, relay.Node):
    created_at: datetime = column("When it was written.")
    actor_email: str = strawberry_django.field(description="Who did it; empty for the system (e.g. the pool rule).")
    action: str = column('What was done: "create", "update", "delete", "restore", "merge", "sign_in" or "security".')
    record_type: str = column('The record\'s type, e.g. "Company".')

    @strawberry_django.field(
        only=["actor_id", "actor_email"],
        description="The actor's name (their e-mail if they gave no name); empty for the system.",
        metadata=in_sql(ActorName()),
    )
    def actor_name(self, root: AuditEntry) -> str:
        if root.actor_id is None:
            return ""
        name = getattr(root, ACTOR_NAME, None) if hasattr(root, ACTOR_NAME) else _name_of(root.actor_id)
        return name or root.actor_email

    @strawberry_django.field(only=["record_type", "record_id"], description="Global id of the record changed.")
    def record_id(self, root: AuditEntry) -> strawberry.ID:
        return strawberry.ID(str(relay.GlobalID(root.record_type, root.record_id)))

    @strawberry_django.field(
        only=["record_type", "changes"],
        description="`{field: {old, new}}` for every field that changed (fields your role hides are left out).",
        metadata=in_sql(VisibleChanges()),
    )
    def changes(self, root: AuditEntry, info: Info) -> JSON:
        visible: Any = audit.visible_changes(membership_of(info), root)
        return visible

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        return with_actor_names(audit.visible_entries(membership_of(info), queryset))

    # Audit entries have integer keys, unique only inside a tenant: the id names the tenant too,
    # so an id from another workspace finds nothing here.
    @classmethod
    def resolve_id(cls, root: Any, *, info: Info) -> str:
        return f"{connection.schema_name}.{root.pk}"

    @staticmethod
    def sql_node_id(pk: str) -> str:
        """``resolve_id`` in SQL (core/sqlpages.py): a tenant's search path starts with its schema."""
        return f"current_schema() || '.' || {pk}::text"

    @classmethod
    def parse_node_id(cls, node_id: str) -> int | None:
        schema, _, pk = node_id.rpartition(".")
        if schema != connection.schema_name or not pk.isdigit():
            return None
        return int(pk)

    @classmethod
    def resolve_nodes(cls, *, info: Info, node_ids: Any = None, required: bool = False) -> Any:
        pks = {node_id: cls.parse_node_id(str(node_id)) for node_id in node_ids or []}
        queryset = cls.get_queryset(AuditEntry.objects.all(), info)
        found = queryset.in_bulk([pk for pk in pks.values() if pk is not None])
        return [found.get(pk) if pk is not None else None for pk in pks.values()]


def _name_of(user_id: int) -> str | None:
    # An entry not loaded through ``get_queryset`` (none today): one lookup.
    return User.objects.filter(pk=user_id).values_list("full_name", flat=True).first()


@strawberry_django.filter_type(AuditEntry, name="AuditLogFilter")
class AuditLogFilter:
    action: TextFilter | None
    record_type: TextFilter | None
    record_id: IDFilter | None = strawberry_django.filter_field(description="The record's global id.")
    actor_email: TextFilter | None
    actor_id: IDFilter | None = strawberry_django.filter_field(description="The actor's (a `User`'s) global id.")
    created_at: DateTimeFilter | None


@strawberry_django.order_type(AuditEntry, name="AuditLogOrder")
class AuditLogOrder:
    created_at: strawberry.auto


def audit_log(info: Info, filter: AuditLogFilter | None, order_by: list[AuditLogOrder] | None) -> models.QuerySet[Any]:
    return listed(AuditEntry.objects.all(), info, filter=filter, order_by=order_by, order_type=AuditLogOrder)


HISTORY_PREFETCH_LIMIT = 101  # the largest page and one more entry, which tells whether a next page exists


def history_prefetch(info: Info) -> Prefetch:
    """Optimizer hint of ``history``: the newest entries of every record of the page, in one query."""
    membership = getattr(info.context.request, "membership", None)
    entries = audit.visible_entries(membership, AuditEntry.objects.all())
    return Prefetch(CACHE_NAME, queryset=with_actor_names(newest_first(entries, HISTORY_PREFETCH_LIMIT)))


def history_rows(info: Info, model: type[models.Model], pk: Any) -> models.QuerySet[Any]:
    """One record's ``history`` as ``history_prefetch`` loads it, newest first (core/sqlrecords.py)."""
    membership = getattr(info.context.request, "membership", None)
    name = record_type_name(model)
    entries = AuditEntry.objects.filter(record_type=name, record_id=str(pk))
    return audit.visible_entries(membership, entries, of_record_type=name).order_by("-created_at", "-id")


def within_prefetched_history(info: Info) -> bool:
    """Whether the page asked of ``history`` is among the prefetched entries (a first page, not too long)."""
    selected = info.selected_fields[0] if info.selected_fields else None
    arguments = selected.arguments if isinstance(selected, SelectedField) else {}
    if any(arguments.get(name) is not None for name in ("after", "before", "last")):
        return False
    first = arguments.get("first")
    try:
        return first is None or int(first) < HISTORY_PREFETCH_LIMIT
    except (TypeError, ValueError):
        return False


def history_of(info: Info, record_type: str, record_id: Any) -> models.QuerySet[Any]:
    """A record's own audit trail, newest first."""
    return listed(AuditEntry.objects.filter(record_type=record_type, record_id=str(record_id)), info)


@strawberry.type
class AuditQuery:
    @strawberry_django.connection(
        KeysetConnection[AuditEntryNode],
        description="Every write in this workspace, newest first: all of it for owners and admins, "
        "else the writes to records you may read.",
    )
    def audit_log(
        self,
        info: Info,
        filter: AuditLogFilter | None = None,
        order_by: list[AuditLogOrder] | None = None,
    ) -> models.QuerySet[Any]:
        return audit_log(info, filter, order_by)

    @strawberry_django.connection(
        KeysetConnection[AuditEntryNode],
        description="The audit-log page of owners and admins: every write in this workspace, newest first "
        "(`FORBIDDEN` for anyone else, who reads a record's entries in its `history`).",
    )
    def workspace_audit_log(
        self,
        info: Info,
        filter: AuditLogFilter | None = None,
        order_by: list[AuditLogOrder] | None = None,
    ) -> models.QuerySet[Any]:
        require_admin(info)
        return audit_log(info, filter, order_by)
