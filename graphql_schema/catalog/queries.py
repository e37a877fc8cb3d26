"""Lists of the catalogue: products, price books, quotes and orders (each in fixed SQL queries)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from saas.catalog import models

from .filters import (
    OrderFilter,
    OrderOrder,
    PriceBookFilter,
    PriceBookOrder,
    ProductFilter,
    ProductOrder,
    QuoteFilter,
    QuoteOrder,
)
from .types import OrderNode, PriceBookNode, ProductNode, QuoteNode

ORDER_SEARCH = "Words found in the deal's title or its company's name, or the number (O-12)."


def _orders(orders: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    for word in (search or "").split()[:10]:
        number = word.upper().removeprefix("O-")
        matches = Q(deal__title__icontains=word) | Q(deal__company__name__icontains=word)
        orders = orders.filter(matches | Q(number=int(number)) if number.isdigit() else matches)
    return listed(orders, info, filter=filter, order_by=order_by, order_type=OrderOrder)


@strawberry.type
class CatalogQuery:
    @strawberry_django.connection(KeysetConnection[ProductNode], description="Products, by name.")
    def products(
        self, info: Info, filter: ProductFilter | None = None, order_by: list[ProductOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.Product.objects.all(), info, filter=filter, order_by=order_by, order_type=ProductOrder)

    @strawberry_django.connection(KeysetConnection[PriceBookNode], description="Price books, by name.")
    def price_books(
        self, info: Info, filter: PriceBookFilter | None = None, order_by: list[PriceBookOrder] | None = None
    ) -> QuerySet[Any]:
        queryset = models.PriceBook.objects.all()
        return listed(queryset, info, filter=filter, order_by=order_by, order_type=PriceBookOrder)

    @strawberry_django.connection(
        KeysetConnection[QuoteNode],
        description="Quotes, newest number first; every version unless `filter: {isLatest: {eq: true}}`.",
    )
    def quotes(
        self, info: Info, filter: QuoteFilter | None = None, order_by: list[QuoteOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.Quote.objects.all(), info, filter=filter, order_by=order_by, order_type=QuoteOrder)

    @strawberry_django.connection(KeysetConnection[OrderNode], description="Orders, newest first.")
    def orders(
        self,
        info: Info,
        filter: OrderFilter | None = None,
        order_by: list[OrderOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=ORDER_SEARCH)] = None,
    ) -> QuerySet[Any]:
        return _orders(models.Order.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[OrderNode], description="The recycle bin: deleted orders, last deleted first."
    )
    def deleted_orders(
        self,
        info: Info,
        filter: OrderFilter | None = None,
        order_by: list[OrderOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=ORDER_SEARCH)] = None,
    ) -> QuerySet[Any]:
        queryset = models.Order.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _orders(queryset, info, filter, order_by, search)
