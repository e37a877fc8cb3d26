"""Filter and order inputs of the entitlements list."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import ChoiceFilter, DateFilter, DateTimeFilter, DecimalFilter, IDFilter, TextFilter
from graphql_schema.permissions import require_membership
from saas.entitlements import models

from .enums import EntitlementKind, EntitlementStatus


@strawberry_django.filter_type(models.Entitlement, name="EntitlementFilter")
class EntitlementFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The entitlement itself, by global id.")
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    kind: ChoiceFilter[EntitlementKind] | None = strawberry_django.filter_field(description="Of this kind.")
    status: ChoiceFilter[EntitlementStatus] | None = strawberry_django.filter_field(description="In this status.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="For this contact.")
    contract: IDFilter | None = strawberry_django.filter_field(description="From this contract.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    allowance: DecimalFilter | None = strawberry_django.filter_field(description="Incidents or hours allowed.")
    used: DecimalFilter | None = strawberry_django.filter_field(description="Incidents or hours used.")
    start_date: DateFilter | None = strawberry_django.filter_field(description="First day.")
    end_date: DateFilter | None = strawberry_django.filter_field(description="Last day.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was made.")

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Entitlement, value, prefix)


@strawberry_django.order_type(models.Entitlement, name="EntitlementOrder")
class EntitlementOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    kind: auto = strawberry_django.order_field(description="By kind.")
    status: auto = strawberry_django.order_field(description="By status.")
    allowance: auto = strawberry_django.order_field(description="By allowance.")
    used: auto = strawberry_django.order_field(description="By what was used.")
    start_date: auto = strawberry_django.order_field(description="By first day.")
    end_date: auto = strawberry_django.order_field(description="By last day.")
    created_at: auto = strawberry_django.order_field(description="By when it was made.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Entitlement, value, prefix)
