"""Filter and order inputs of the sales lists (the deals list, the board, nested lists)."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto, relay
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import (
    ChoiceFilter,
    DateFilter,
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    IntFilter,
    TextFilter,
)
from graphql_schema.permissions import require_membership
from saas.sales import models

from .enums import StageKind


@strawberry_django.filter_type(models.Deal, name="DealFilter")
class DealFilter:
    id: IDFilter | None
    title: TextFilter | None
    currency: TextFilter | None
    amount: DecimalFilter | None
    probability: IntFilter | None
    expected_close_date: DateFilter | None
    pipeline: IDFilter | None
    stage: IDFilter | None
    company: IDFilter | None
    owner: IDFilter | None
    next_step: TextFilter | None
    created_at: DateTimeFilter | None
    closed_at: DateTimeFilter | None

    @strawberry_django.filter_field(description="Open, won or lost (the kind of the deal's stage).")
    def status(self, value: ChoiceFilter[StageKind], prefix: str) -> Q:
        q = Q()
        if value.exact:
            q &= Q(**{f"{prefix}stage__kind": StageKind(value.exact).value})
        if value.in_list:
            q &= Q(**{f"{prefix}stage__kind__in": [StageKind(v).value for v in value.in_list]})
        return q

    @strawberry_django.filter_field(description="Competes with this competitor.")
    def competitor(self, value: relay.GlobalID, prefix: str) -> Q:
        through = models.Deal.competitors.through
        return Q(**{f"{prefix}pk__in": through.objects.filter(competitor_id=value.node_id).values("deal_id")})

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Deal, value, prefix)


@strawberry_django.order_type(models.Deal, name="DealOrder")
class DealOrder:
    title: auto
    amount: auto
    probability: auto
    expected_close_date: auto
    created_at: auto
    updated_at: auto
    closed_at: auto

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Deal, value, prefix)


@strawberry_django.filter_type(models.Pipeline, name="PipelineFilter")
class PipelineFilter:
    name: TextFilter | None


@strawberry_django.order_type(models.Pipeline, name="PipelineOrder")
class PipelineOrder:
    name: auto
    position: auto


@strawberry_django.filter_type(models.Stage, name="StageFilter")
class StageFilter:
    name: TextFilter | None
    pipeline: IDFilter | None
    kind: ChoiceFilter[StageKind] | None


@strawberry_django.order_type(models.Stage, name="StageOrder")
class StageOrder:
    name: auto
    position: auto


@strawberry_django.filter_type(models.Competitor, name="CompetitorFilter")
class CompetitorFilter:
    name: TextFilter | None
    website: TextFilter | None


@strawberry_django.order_type(models.Competitor, name="CompetitorOrder")
class CompetitorOrder:
    name: auto
    created_at: auto


@strawberry_django.filter_type(models.CompetingProduct, name="CompetingProductFilter")
class CompetingProductFilter:
    name: TextFilter | None
    competitor: IDFilter | None
    price: DecimalFilter | None


@strawberry_django.order_type(models.CompetingProduct, name="CompetingProductOrder")
class CompetingProductOrder:
    name: auto
    price: auto
