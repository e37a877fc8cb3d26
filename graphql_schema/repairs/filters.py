"""Filter and order inputs of the warranties and repair orders lists."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import ChoiceFilter, DateFilter, DateTimeFilter, IDFilter, IntFilter, TextFilter
from graphql_schema.permissions import require_membership
from saas.repairs import models, services

from .enums import Coverage, RepairStatus, WarrantyStatus


def _mine(info: Info, value: bool, prefix: str) -> Q:
    mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
    return mine if value else ~mine


@strawberry_django.filter_type(models.Warranty, name="WarrantyFilter")
class WarrantyFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The warranty itself, by global id.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="With this contact.")
    product: IDFilter | None = strawberry_django.filter_field(description="On this product.")
    order: IDFilter | None = strawberry_django.filter_field(description="Sold on this order.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    serial_number: TextFilter | None = strawberry_django.filter_field(description="The unit's serial number.")
    coverage: ChoiceFilter[Coverage] | None = strawberry_django.filter_field(description="Covering this.")
    start_date: DateFilter | None = strawberry_django.filter_field(description="First day.")
    end_date: DateFilter | None = strawberry_django.filter_field(description="Last day.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was registered.")

    @strawberry_django.filter_field(description="Active (not void, not past its end date), expired or void today.")
    def status(self, value: WarrantyStatus, prefix: str) -> Q:
        day = services.today()
        if value == WarrantyStatus.VOID:
            return Q(**{f"{prefix}voided_at__isnull": False})
        live = Q(**{f"{prefix}voided_at__isnull": True})
        if value == WarrantyStatus.EXPIRED:
            return live & Q(**{f"{prefix}end_date__lt": day})
        return live & Q(**{f"{prefix}end_date__gte": day})

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _mine(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Warranty, value, prefix)


@strawberry_django.order_type(models.Warranty, name="WarrantyOrder")
class WarrantyOrder:
    serial_number: auto = strawberry_django.order_field(description="By serial number.")
    start_date: auto = strawberry_django.order_field(description="By first day.")
    end_date: auto = strawberry_django.order_field(description="By last day.")
    created_at: auto = strawberry_django.order_field(description="By when it was registered.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Warranty, value, prefix)


@strawberry_django.filter_type(models.RepairOrder, name="RepairOrderFilter")
class RepairOrderFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The repair order itself, by global id.")
    number: IntFilter | None = strawberry_django.filter_field(description="The repair order's number.")
    status: ChoiceFilter[RepairStatus] | None = strawberry_django.filter_field(description="In this status.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this customer.")
    contact: IDFilter | None = strawberry_django.filter_field(description="With this contact.")
    product: IDFilter | None = strawberry_django.filter_field(description="Of this product.")
    ticket: IDFilter | None = strawberry_django.filter_field(description="Made from this ticket.")
    warranty: IDFilter | None = strawberry_django.filter_field(description="Under this warranty.")
    invoice: IDFilter | None = strawberry_django.filter_field(description="Invoiced on this invoice.")
    owner: IDFilter | None = strawberry_django.filter_field(description="The technician's id.")
    serial_number: TextFilter | None = strawberry_django.filter_field(description="The unit's serial number.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of its figures.")
    received_on: DateFilter | None = strawberry_django.filter_field(description="When it came in.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was made.")

    @strawberry_django.filter_field(description="true: returned or cancelled; false: still in the workshop.")
    def closed(self, value: bool, prefix: str) -> Q:
        closed = Q(**{f"{prefix}status__in": list(services.CLOSED)})
        return closed if value else ~closed

    @strawberry_django.filter_field(description="true: under a warranty; false: without one.")
    def under_warranty(self, value: bool, prefix: str) -> Q:
        return Q(**{f"{prefix}warranty__isnull": not value})

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _mine(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.RepairOrder, value, prefix)


@strawberry_django.order_type(models.RepairOrder, name="RepairOrderOrder")
class RepairOrderOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    status: auto = strawberry_django.order_field(description="By status.")
    received_on: auto = strawberry_django.order_field(description="By when it came in.")
    serial_number: auto = strawberry_django.order_field(description="By serial number.")
    total: auto = strawberry_django.order_field(description="By what it charges (not for roles that may not see it).")
    created_at: auto = strawberry_django.order_field(description="By when it was made.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.RepairOrder, value, prefix)
