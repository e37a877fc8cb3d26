"""Filter and order inputs of the catalogue's lists."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto, relay
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import BooleanFilter, ChoiceFilter, DateTimeFilter, IDFilter, IntFilter, TextFilter
from saas.catalog import models

from .enums import OrderStatus, QuoteStatus


@strawberry_django.filter_type(models.Product, name="ProductFilter")
class ProductFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    sku: TextFilter | None = strawberry_django.filter_field(description="The SKU.")
    active: BooleanFilter | None = strawberry_django.filter_field(description="Still sold.")


@strawberry_django.order_type(models.Product, name="ProductOrder")
class ProductOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    sku: auto = strawberry_django.order_field(description="By SKU.")
    created_at: auto = strawberry_django.order_field(description="By when it was added.")


@strawberry_django.filter_type(models.PriceBook, name="PriceBookFilter")
class PriceBookFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code.")
    active: BooleanFilter | None = strawberry_django.filter_field(description="Used for new quotes.")


@strawberry_django.order_type(models.PriceBook, name="PriceBookOrder")
class PriceBookOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    currency: auto = strawberry_django.order_field(description="By currency.")


@strawberry_django.filter_type(models.Quote, name="QuoteFilter")
class QuoteFilter:
    deal: IDFilter | None = strawberry_django.filter_field(description="For this deal.")
    status: ChoiceFilter[QuoteStatus] | None = strawberry_django.filter_field(description="In this status.")
    number: IntFilter | None = strawberry_django.filter_field(description="The quote's number.")
    is_latest: BooleanFilter | None = strawberry_django.filter_field(
        description="true: latest versions only; false: replaced versions only."
    )
    title: TextFilter | None = strawberry_django.filter_field(description="The title.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When the version was made.")


@strawberry_django.order_type(models.Quote, name="QuoteOrder")
class QuoteOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    version: auto = strawberry_django.order_field(description="By version.")
    total: auto = strawberry_django.order_field(description="By total.")
    created_at: auto = strawberry_django.order_field(description="By when the version was made.")


@strawberry_django.filter_type(models.Order, name="OrderFilter")
class OrderFilter:
    deal: IDFilter | None = strawberry_django.filter_field(description="For this deal.")
    status: ChoiceFilter[OrderStatus] | None = strawberry_django.filter_field(description="In this status.")
    number: IntFilter | None = strawberry_django.filter_field(description="The order's number.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When the quote was accepted.")

    @strawberry_django.filter_field(description="Of this customer (its deal's company): e.g. the orders to return.")
    def company(self, value: relay.GlobalID, prefix: str) -> Q:
        if value.type_name != "Company":
            return Q(pk__in=[])
        return Q(**{f"{prefix}deal__company_id": value.node_id})

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Order, value, prefix)


@strawberry_django.order_type(models.Order, name="OrderOrder")
class OrderOrder:
    number: auto = strawberry_django.order_field(description="By number.")
    total: auto = strawberry_django.order_field(description="By total.")
    created_at: auto = strawberry_django.order_field(description="By when it was made.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Order, value, prefix)
