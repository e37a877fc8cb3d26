"""Filter and order inputs of the return requests and claims lists."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import ChoiceFilter, DateTimeFilter, IDFilter, IntFilter, TextFilter
from graphql_schema.permissions import require_membership
from saas.returns import models, services

from .enums import ClaimKind, ClaimStatus, Resolution, ReturnStatus


def _mine(info: Info, value: bool, prefix: str) -> Q:
    mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
    return mine if value else ~mine


@strawberry_django.filter_type(models.ReturnRequest, name="ReturnRequestFilter")
class ReturnRequestFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The return itself, by global id.")
    number: IntFilter | None = strawberry_django.filter_field(description="The return's number.")
    status: ChoiceFilter[ReturnStatus] | None = strawberry_django.filter_field(description="In this status.")
    resolution: ChoiceFilter[Resolution] | None = strawberry_django.filter_field(description="Resolved so.")
    reason: TextFilter | None = strawberry_django.filter_field(description="Why it comes back.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="With this contact.")
    order: IDFilter | None = strawberry_django.filter_field(description="Of this order.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of its refund.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was requested.")

    @strawberry_django.filter_field(description="true: refunded, replaced, closed or rejected; false: open.")
    def closed(self, value: bool, prefix: str) -> Q:
        closed = Q(**{f"{prefix}status__in": list(services.RETURN_CLOSED)})
        return closed if value else ~closed

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _mine(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.ReturnRequest, value, prefix)


@strawberry_django.order_type(models.ReturnRequest, name="ReturnRequestOrder")
class ReturnRequestOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    status: auto = strawberry_django.order_field(description="By status.")
    reason: auto = strawberry_django.order_field(description="By reason.")
    refund_amount: auto = strawberry_django.order_field(description="By refund (not for roles that may not see it).")
    created_at: auto = strawberry_django.order_field(description="By when it was requested.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.ReturnRequest, value, prefix)


@strawberry_django.filter_type(models.Claim, name="ClaimFilter")
class ClaimFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The claim itself, by global id.")
    number: IntFilter | None = strawberry_django.filter_field(description="The claim's number.")
    status: ChoiceFilter[ClaimStatus] | None = strawberry_django.filter_field(description="In this status.")
    kind: ChoiceFilter[ClaimKind] | None = strawberry_django.filter_field(description="Warranty or damage.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="With this contact.")
    order: IDFilter | None = strawberry_django.filter_field(description="On this order.")
    warranty: IDFilter | None = strawberry_django.filter_field(description="Under this warranty.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of its amounts.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was submitted.")

    @strawberry_django.filter_field(description="true: decided (approved, partly, rejected) or settled.")
    def decided(self, value: bool, prefix: str) -> Q:
        decided = Q(**{f"{prefix}status__in": list(services.CLAIM_DECIDED)})
        return decided if value else ~decided

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _mine(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Claim, value, prefix)


@strawberry_django.order_type(models.Claim, name="ClaimOrder")
class ClaimOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    status: auto = strawberry_django.order_field(description="By status.")
    kind: auto = strawberry_django.order_field(description="By kind.")
    amount_claimed: auto = strawberry_django.order_field(
        description="By amount claimed (not for roles that may not see it)."
    )
    created_at: auto = strawberry_django.order_field(description="By when it was submitted.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Claim, value, prefix)
