"""The one place that decides access to CRM records.

Services and resolvers never check roles by hand; they call:

- ``scope_queryset(membership, queryset, action)``: the rows this member may see, filtered in SQL;
- ``check(membership, action, record_or_model)``: raises ``ServiceError`` (code ``permission_denied``)
  when the member may not perform ``action`` (create / read / update / delete / export).

This first version knows the built-in roles only: every active member reads
everything in the tenant, ``read_only`` writes nothing. Issue 4 extends it with
per-role scopes (own / team / all), custom roles, field rules and sharing,
without changing these signatures.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from django.db import models

from saas.errors import FieldError, ServiceError
from tenants.models import Membership, Role

Action = Literal["create", "read", "update", "delete", "export"]
WRITE_ACTIONS: frozenset[str] = frozenset({"create", "update", "delete"})

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])


def allows(membership: Membership | None, action: Action, record: models.Model | type[models.Model]) -> bool:
    if membership is None or not membership.is_active:
        return False
    return not (action in WRITE_ACTIONS and membership.role == Role.READ_ONLY)


def check(membership: Membership | None, action: Action, record: models.Model | type[models.Model]) -> None:
    if not allows(membership, action, record):
        model = record if isinstance(record, type) else type(record)
        raise ServiceError(
            FieldError(None, f"Your role may not {action} {model._meta.verbose_name_plural}.", "permission_denied")
        )


def scope_queryset(membership: Membership | None, queryset: QuerySetT, action: Action = "read") -> QuerySetT:
    if not allows(membership, action, queryset.model):
        return queryset.none()
    return queryset


def hidden_fields(
    membership: Membership | None, action: Action, record: models.Model | type[models.Model]
) -> frozenset[str]:
    """Field names this member may not see (``read``) or change (``update``) on the record.

    Nothing is hidden from the built-in roles yet; issue 4's field rules answer here, and
    realtime drops these fields from every event it delivers.
    """
    return frozenset()
