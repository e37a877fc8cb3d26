"""The ``User`` node: a member of this workspace, as seen from CRM records (owner, performed by)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

from django.db import models
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.nodes import column, record_type
from tenants.db import connection
from tenants.models import User


@record_type(User, name="User", description="A member of this workspace.")
class UserNode(relay.Node):
    email: str = column("Their sign-in e-mail.")
    full_name: str = column("Their full name.")

    _id_attr: ClassVar[str | None] = "pk"  # see graphql_schema.core.nodes.Scoped

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        # Users are global: only members of this workspace are visible through it.
        tenant = getattr(connection, "tenant", None)
        if tenant is None:
            return queryset.none()
        return queryset.filter(memberships__tenant_id=tenant.pk, memberships__is_active=True)

    @classmethod
    def scope_key(cls, info: Info) -> Hashable | None:
        """What ``get_queryset`` depends on: the workspace only (see graphql_schema/core/sqlpages.py)."""
        tenant = getattr(connection, "tenant", None)
        return None if tenant is None else tenant.pk
