"""Lists of contracts and development plans (each in a fixed number of SQL queries)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from saas.contracts import models
from saas.contracts.models import SEARCH_CONFIG, search_vector

from .filters import ContractFilter, ContractOrder, DevelopmentPlanFilter, DevelopmentPlanOrder
from .types import ContractNode, DevelopmentPlanNode

SEARCH_HELP = "Full text over number (C-12), title and terms; every word must match the start of a word."


def _contracts(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=ContractOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


@strawberry.type
class ContractsQuery:
    @strawberry_django.connection(KeysetConnection[ContractNode], description="Contracts, newest number first.")
    def contracts(
        self,
        info: Info,
        filter: ContractFilter | None = None,
        order_by: list[ContractOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _contracts(models.Contract.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[ContractNode], description="The recycle bin: deleted contracts.")
    def deleted_contracts(
        self,
        info: Info,
        filter: ContractFilter | None = None,
        order_by: list[ContractOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Contract.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _contracts(queryset, info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[DevelopmentPlanNode], description="Customer development plans, newest first."
    )
    def development_plans(
        self,
        info: Info,
        filter: DevelopmentPlanFilter | None = None,
        order_by: list[DevelopmentPlanOrder] | None = None,
    ) -> QuerySet[Any]:
        queryset = models.DevelopmentPlan.objects.all()
        return listed(queryset, info, filter=filter, order_by=order_by, order_type=DevelopmentPlanOrder)
