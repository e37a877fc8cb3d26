"""Filter and order inputs of the forecasting lists."""

from __future__ import annotations

import strawberry_django
from strawberry import auto

from graphql_schema.core.filters import ChoiceFilter, DateFilter, DecimalFilter, IDFilter, TextFilter
from saas.forecasting import models

from .enums import ForecastPeriod


@strawberry_django.filter_type(models.SalesTarget, name="SalesTargetFilter")
class SalesTargetFilter:
    user: IDFilter | None = strawberry_django.filter_field(description="This salesperson's targets.")
    team: IDFilter | None = strawberry_django.filter_field(description="This team's targets.")
    period_kind: ChoiceFilter[ForecastPeriod] | None = strawberry_django.filter_field(
        description="Month, quarter or year."
    )
    period_start: DateFilter | None = strawberry_django.filter_field(description="The period's first day.")
    amount: DecimalFilter | None = strawberry_django.filter_field(
        description="The amount (hidden from roles that may not see amounts)."
    )


@strawberry_django.order_type(models.SalesTarget, name="SalesTargetOrder")
class SalesTargetOrder:
    period_start: auto = strawberry_django.order_field(description="By period.")
    amount: auto = strawberry_django.order_field(description="By amount (not for roles that may not see amounts).")
    created_at: auto = strawberry_django.order_field(description="By when it was set.")


@strawberry_django.filter_type(models.CommissionRule, name="CommissionRuleFilter")
class CommissionRuleFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The name.")
    user: IDFilter | None = strawberry_django.filter_field(description="Rules for this salesperson.")
    team: IDFilter | None = strawberry_django.filter_field(description="Rules for this team.")
    pipeline: IDFilter | None = strawberry_django.filter_field(description="Rules for this pipeline.")
    valid_from: DateFilter | None = strawberry_django.filter_field(description="The first day it holds.")


@strawberry_django.order_type(models.CommissionRule, name="CommissionRuleOrder")
class CommissionRuleOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    rate: auto = strawberry_django.order_field(description="By rate.")
    valid_from: auto = strawberry_django.order_field(description="By start.")
