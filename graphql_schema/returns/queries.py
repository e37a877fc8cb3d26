"""Lists of return requests and claims (each in a fixed number of SQL queries)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from saas.returns import models
from saas.returns.models import SEARCH_CONFIG, claim_search_vector, return_search_vector

from .filters import ClaimFilter, ClaimOrder, ReturnRequestFilter, ReturnRequestOrder
from .types import ClaimNode, ReturnRequestNode

RETURN_SEARCH = "Full text over number (RMA-7), reason and notes; every word must match the start of a word."
CLAIM_SEARCH = "Full text over number (CL-7) and description."


def _returns(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    return listed(
        queryset, info, filter=filter, order_by=order_by, order_type=ReturnRequestOrder, search_text=search,
        search_vector=return_search_vector(), search_config=SEARCH_CONFIG,
    )  # fmt: skip


def _claims(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    return listed(
        queryset, info, filter=filter, order_by=order_by, order_type=ClaimOrder, search_text=search,
        search_vector=claim_search_vector(), search_config=SEARCH_CONFIG,
    )  # fmt: skip


@strawberry.type
class ReturnsQuery:
    @strawberry_django.connection(
        KeysetConnection[ReturnRequestNode], description="Return requests, newest number first."
    )
    def return_requests(
        self,
        info: Info,
        filter: ReturnRequestFilter | None = None,
        order_by: list[ReturnRequestOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=RETURN_SEARCH)] = None,
    ) -> QuerySet[Any]:
        return _returns(models.ReturnRequest.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[ReturnRequestNode], description="The recycle bin: deleted return requests."
    )
    def deleted_return_requests(
        self,
        info: Info,
        filter: ReturnRequestFilter | None = None,
        order_by: list[ReturnRequestOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.ReturnRequest.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _returns(queryset, info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[ClaimNode], description="Claims, newest number first.")
    def claims(
        self,
        info: Info,
        filter: ClaimFilter | None = None,
        order_by: list[ClaimOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=CLAIM_SEARCH)] = None,
    ) -> QuerySet[Any]:
        return _claims(models.Claim.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[ClaimNode], description="The recycle bin: deleted claims.")
    def deleted_claims(
        self,
        info: Info,
        filter: ClaimFilter | None = None,
        order_by: list[ClaimOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Claim.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _claims(queryset, info, filter, order_by, search)
