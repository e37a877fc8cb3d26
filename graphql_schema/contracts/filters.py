"""Filter and order inputs of the contracts and development plans lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import (
    BooleanFilter,
    ChoiceFilter,
    DateFilter,
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    IntFilter,
    TextFilter,
)
from graphql_schema.permissions import require_membership
from saas.contracts import models, services

from .enums import BillingFrequency, ContractStatus, PlanStatus


@strawberry_django.filter_type(models.Contract, name="ContractFilter")
class ContractFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The contract itself, by global id.")
    number: IntFilter | None = strawberry_django.filter_field(description="The contract's number.")
    title: TextFilter | None = strawberry_django.filter_field(description="The title.")
    status: ChoiceFilter[ContractStatus] | None = strawberry_django.filter_field(description="In this status.")
    billing_frequency: ChoiceFilter[BillingFrequency] | None = strawberry_django.filter_field(
        description="Billed this often."
    )
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="With this contact.")
    deal: IDFilter | None = strawberry_django.filter_field(description="From this deal.")
    order: IDFilter | None = strawberry_django.filter_field(description="From this order.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of the value.")
    value: DecimalFilter | None = strawberry_django.filter_field(
        description="The value (hidden from roles that may not see amounts)."
    )
    auto_renew: BooleanFilter | None = strawberry_django.filter_field(description="Renews automatically.")
    start_date: DateFilter | None = strawberry_django.filter_field(description="First day.")
    end_date: DateFilter | None = strawberry_django.filter_field(description="Last day.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was made.")

    @strawberry_django.filter_field(
        description="Active contracts whose last day is from today to this many days ahead (0: ending today)."
    )
    def ending_within_days(self, value: int, prefix: str) -> Q:
        today = services.today()
        last = today + timedelta(days=max(0, min(int(value), 3650)))
        return Q(
            **{f"{prefix}status": models.ContractStatus.ACTIVE, f"{prefix}end_date__gte": today,
               f"{prefix}end_date__lte": last}
        )  # fmt: skip

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Contract, value, prefix)


@strawberry_django.order_type(models.Contract, name="ContractOrder")
class ContractOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    title: auto = strawberry_django.order_field(description="By title.")
    status: auto = strawberry_django.order_field(description="By status.")
    start_date: auto = strawberry_django.order_field(description="By first day.")
    end_date: auto = strawberry_django.order_field(description="By last day.")
    value: auto = strawberry_django.order_field(description="By value (not for roles that may not see amounts).")
    created_at: auto = strawberry_django.order_field(description="By when it was made.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Contract, value, prefix)


@strawberry_django.filter_type(models.DevelopmentPlan, name="DevelopmentPlanFilter")
class DevelopmentPlanFilter:
    company: IDFilter | None = strawberry_django.filter_field(description="For this target account.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    status: ChoiceFilter[PlanStatus] | None = strawberry_django.filter_field(description="In this status.")
    goal: TextFilter | None = strawberry_django.filter_field(description="The goal.")
    target_date: DateFilter | None = strawberry_django.filter_field(description="The target date.")


@strawberry_django.order_type(models.DevelopmentPlan, name="DevelopmentPlanOrder")
class DevelopmentPlanOrder:
    goal: auto = strawberry_django.order_field(description="By goal.")
    target_date: auto = strawberry_django.order_field(description="By target date.")
    created_at: auto = strawberry_django.order_field(description="By when it was made.")
