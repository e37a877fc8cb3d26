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

from .enums import ForecastCategory, StageKind


@strawberry_django.filter_type(models.Deal, name="DealFilter")
class DealFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The deal itself, by global id.")
    title: TextFilter | None = strawberry_django.filter_field(description="The title.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of the amount.")
    amount: DecimalFilter | None = strawberry_django.filter_field(
        description="The amount (hidden from roles that may not see amounts)."
    )
    probability: IntFilter | None = strawberry_django.filter_field(description="Win probability, percent.")
    expected_close_date: DateFilter | None = strawberry_django.filter_field(description="Expected close date.")
    pipeline: IDFilter | None = strawberry_django.filter_field(description="In this pipeline.")
    stage: IDFilter | None = strawberry_django.filter_field(description="In this stage.")
    company: IDFilter | None = strawberry_django.filter_field(description="For this company.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    next_step: TextFilter | None = strawberry_django.filter_field(description="The next step.")
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When the deal was opened.")
    closed_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was won or lost.")

    @strawberry_django.filter_field(description="Open, won or lost (the kind of the deal's stage).")
    def status(self, value: ChoiceFilter[StageKind], prefix: str) -> Q:
        q = Q()
        if value.exact:
            q &= Q(**{f"{prefix}stage__kind": StageKind(value.exact).value})
        if value.in_list:
            q &= Q(**{f"{prefix}stage__kind__in": [StageKind(v).value for v in value.in_list]})
        return q

    @strawberry_django.filter_field(
        description="The forecast category it counts in (`Deal.forecastCategory`: the one chosen, else from its "
        "stage and probability)."
    )
    def forecast_category(self, value: ChoiceFilter[ForecastCategory], prefix: str) -> Q:
        counted = models.Deal.all_objects.annotate(counted_in=models.forecast_category_sql())

        def counted_in(categories: list[Any]) -> Q:
            wanted = [ForecastCategory(c).value for c in categories]
            return Q(**{f"{prefix}pk__in": counted.filter(counted_in__in=wanted).values("pk")})

        q = Q()
        if value.exact:
            q &= counted_in([value.exact])
        if value.in_list:
            q &= counted_in(value.in_list)
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
    title: auto = strawberry_django.order_field(description="By title.")
    amount: auto = strawberry_django.order_field(description="By amount (not for roles that may not see amounts).")
    probability: auto = strawberry_django.order_field(description="By win probability.")
    expected_close_date: auto = strawberry_django.order_field(description="By expected close date.")
    created_at: auto = strawberry_django.order_field(description="By when it was opened.")
    updated_at: auto = strawberry_django.order_field(description="By last change.")
    closed_at: auto = strawberry_django.order_field(description="By when it was won or lost.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Deal, value, prefix)


@strawberry_django.filter_type(models.Pipeline, name="PipelineFilter")
class PipelineFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")


@strawberry_django.order_type(models.Pipeline, name="PipelineOrder")
class PipelineOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    position: auto = strawberry_django.order_field(description="In the workspace's order.")


@strawberry_django.filter_type(models.Stage, name="StageFilter")
class StageFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    pipeline: IDFilter | None = strawberry_django.filter_field(description="Of this pipeline.")
    kind: ChoiceFilter[StageKind] | None = strawberry_django.filter_field(description="Open, won or lost.")


@strawberry_django.order_type(models.Stage, name="StageOrder")
class StageOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    position: auto = strawberry_django.order_field(description="In pipeline order.")


@strawberry_django.filter_type(models.Competitor, name="CompetitorFilter")
class CompetitorFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    website: TextFilter | None = strawberry_django.filter_field(description="The web address.")


@strawberry_django.order_type(models.Competitor, name="CompetitorOrder")
class CompetitorOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    created_at: auto = strawberry_django.order_field(description="By when it was added.")


@strawberry_django.filter_type(models.CompetingProduct, name="CompetingProductFilter")
class CompetingProductFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    competitor: IDFilter | None = strawberry_django.filter_field(description="Made by this competitor.")
    price: DecimalFilter | None = strawberry_django.filter_field(description="The price.")


@strawberry_django.order_type(models.CompetingProduct, name="CompetingProductOrder")
class CompetingProductOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    price: auto = strawberry_django.order_field(description="By price.")
