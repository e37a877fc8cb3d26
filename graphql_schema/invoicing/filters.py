"""Filter and order inputs of the invoices list."""

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
from saas.invoicing import models, services

from .enums import InvoiceStatus


@strawberry_django.filter_type(models.Invoice, name="InvoiceFilter")
class InvoiceFilter:
    status: ChoiceFilter[InvoiceStatus] | None = strawberry_django.filter_field(description="In this status.")
    company: IDFilter | None = strawberry_django.filter_field(description="Billed to this company.")
    contact: IDFilter | None = strawberry_django.filter_field(description="For this contact.")
    order: IDFilter | None = strawberry_django.filter_field(description="Made from this order.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owned by.")
    number: IntFilter | None = strawberry_django.filter_field(description="The invoice number.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code.")
    issue_date: DateFilter | None = strawberry_django.filter_field(description="When it was issued.")
    due_date: DateFilter | None = strawberry_django.filter_field(description="When it falls due.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was drafted.")

    @strawberry_django.filter_field(
        description="true: issued or partially paid, and past its due date; false: every other invoice."
    )
    def overdue(self, value: bool, prefix: str) -> Q:
        condition = services.overdue_q(prefix=prefix)
        return condition if value else ~condition

    @strawberry_django.filter_field(description="true: owned by you (whoever asks); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Invoice, value, prefix)


@strawberry_django.order_type(models.Invoice, name="InvoiceOrder")
class InvoiceOrder:
    number: auto = strawberry_django.order_field(description="By number (drafts have none).")
    status: auto = strawberry_django.order_field(description="By status.")
    issue_date: auto = strawberry_django.order_field(description="By issue date.")
    due_date: auto = strawberry_django.order_field(description="By due date.")
    total: auto = strawberry_django.order_field(description="By total.")
    created_at: auto = strawberry_django.order_field(description="By when it was drafted.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Invoice, value, prefix)
