"""Lists of warranties and repair orders (each in a fixed number of SQL queries)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from saas.repairs import models
from saas.repairs.models import SEARCH_CONFIG, repair_search_vector, warranty_search_vector

from .filters import RepairOrderFilter, RepairOrderOrder, WarrantyFilter, WarrantyOrder
from .types import RepairOrderNode, WarrantyNode

WARRANTY_SEARCH = "Full text over serial number and notes; every word must match the start of a word."
REPAIR_SEARCH = "Full text over number (R-7), serial number, problem and diagnosis."


def _warranties(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    return listed(
        queryset, info, filter=filter, order_by=order_by, order_type=WarrantyOrder, search_text=search,
        search_vector=warranty_search_vector(), search_config=SEARCH_CONFIG,
    )  # fmt: skip


def _repair_orders(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    return listed(
        queryset, info, filter=filter, order_by=order_by, order_type=RepairOrderOrder, search_text=search,
        search_vector=repair_search_vector(), search_config=SEARCH_CONFIG,
    )  # fmt: skip


@strawberry.type
class RepairsQuery:
    @strawberry_django.connection(KeysetConnection[WarrantyNode], description="Warranties, latest start first.")
    def warranties(
        self,
        info: Info,
        filter: WarrantyFilter | None = None,
        order_by: list[WarrantyOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=WARRANTY_SEARCH)] = None,
    ) -> QuerySet[Any]:
        return _warranties(models.Warranty.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[WarrantyNode], description="The recycle bin: deleted warranties.")
    def deleted_warranties(
        self,
        info: Info,
        filter: WarrantyFilter | None = None,
        order_by: list[WarrantyOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Warranty.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _warranties(queryset, info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[RepairOrderNode], description="Repair orders, newest number first.")
    def repair_orders(
        self,
        info: Info,
        filter: RepairOrderFilter | None = None,
        order_by: list[RepairOrderOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=REPAIR_SEARCH)] = None,
    ) -> QuerySet[Any]:
        return _repair_orders(models.RepairOrder.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[RepairOrderNode], description="The recycle bin: deleted repair orders."
    )
    def deleted_repair_orders(
        self,
        info: Info,
        filter: RepairOrderFilter | None = None,
        order_by: list[RepairOrderOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.RepairOrder.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _repair_orders(queryset, info, filter, order_by, search)
