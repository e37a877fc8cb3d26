"""Record types of forecasting (targets, commission rules) and the computed forecast and statements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from django.db import connection
from strawberry import relay

from graphql_schema.access.types import TeamNode
from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import ProductNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.permissions import access_controlled
from graphql_schema.sales.types import DealNode, PipelineNode
from saas.forecasting import models
from saas.forecasting.periods import MONTHS, Period, add_months

from .enums import ForecastPeriod


@access_controlled  # amount: hidden or read-only by the member's role, like a deal's
@record_type(models.SalesTarget, name="SalesTarget", description="What a salesperson or a team should win in a period.")
class SalesTargetNode(Scoped, relay.Node):
    user: UserNode | None = strawberry_django.field(description="The salesperson (null: a team's target).")
    team: TeamNode | None = strawberry_django.field(description="The team (null: a salesperson's target).")
    period_start: date = strawberry_django.field(description="The first day of the period.")
    created_at: datetime = strawberry_django.field(description="When it was set.")
    updated_at: datetime = strawberry_django.field(description="Last change.")

    @strawberry_django.field(
        description="Month, quarter or year.",
        only=["period_kind"],
        metadata=in_sql(ChoiceName("period_kind", blank_is_null=False)),
    )
    def period_kind(self, root: models.SalesTarget) -> ForecastPeriod:
        return ForecastPeriod(root.period_kind)

    @strawberry_django.field(
        only=["period_kind", "period_start"], description="The period's name: 2026-12, FY2027 Q2 or FY2027."
    )
    def period_label(self, root: models.SalesTarget) -> str:
        months = MONTHS[models.PeriodKind(root.period_kind)]
        first = getattr(getattr(connection, "tenant", None), "fiscal_year_start_month", None) or 1
        return Period(root.period_kind, root.period_start, add_months(root.period_start, months), first).label

    @strawberry_django.field(
        only=["amount", "currency"], description="The amount to win. Null when your role may not see it."
    )
    def amount(self, root: models.SalesTarget) -> Money | None:
        return Money.of(root.amount, root.currency)

    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.CommissionRule, name="CommissionRule", description="A percentage of won deals paid to sellers.")
class CommissionRuleNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name.")
    rate: Decimal = strawberry_django.field(description="Percent of the won amount, e.g. 7.5.")
    user: UserNode | None = strawberry_django.field(description="Only this salesperson's deals.")
    team: TeamNode | None = strawberry_django.field(description="Only the deals of this team's members.")
    pipeline: PipelineNode | None = strawberry_django.field(description="Only deals of this pipeline.")
    product: ProductNode | None = strawberry_django.field(
        description="Only this product: paid on its lines of the deal's accepted quote."
    )
    valid_from: date = strawberry_django.field(description="The first day it holds (by the day a deal was won).")
    valid_until: date | None = strawberry_django.field(description="The last day it holds; null: open-ended.")
    created_at: datetime = strawberry_django.field(description="When it was made.")

    @strawberry_django.field(
        only=["min_amount", "currency"], description="Only deals worth at least this much; null: any amount."
    )
    def min_amount(self, root: models.CommissionRule) -> Money | None:
        return Money.of(root.min_amount, root.currency)

    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="A period of the fiscal calendar.")
class ForecastPeriodSpan:
    kind: ForecastPeriod = strawberry.field(description="Month, quarter or year.")
    label: str = strawberry.field(description="2026-12, FY2027 Q2 or FY2027.")
    start: date = strawberry.field(description="Its first day.")
    end: date = strawberry.field(description="Its last day.")


@strawberry.type(
    description="Forecast figures, in the workspace currency. Amounts are null when your role may not see deal amounts."
)
class ForecastFigures:
    won: Decimal | None = strawberry.field(description="Closed won.")
    commit: Decimal | None = strawberry.field(description="Open deals in the commit category.")
    best_case: Decimal | None = strawberry.field(description="Open deals in the best case category.")
    pipeline: Decimal | None = strawberry.field(description="Open deals in the pipeline category.")
    weighted_pipeline: Decimal | None = strawberry.field(
        description="The sum of amount x probability of the open deals that are not omitted."
    )
    target: Decimal | None = strawberry.field(description="The target; null: none set (or hidden from you).")
    attainment: float | None = strawberry.field(description="Won / target, percent (null without a target).")
    won_count: int = strawberry.field(description="Deals won.")
    open_count: int = strawberry.field(description="Open deals counted (omitted ones are not).")


@strawberry.type(description="One period of the forecast.")
class ForecastBucket:
    period: ForecastPeriodSpan = strawberry.field(description="The period.")
    figures: ForecastFigures = strawberry.field(description="Its figures.")
    projected: Decimal | None = strawberry.field(
        description="The trend line's won amount for this period (null: fewer than two past periods)."
    )


@strawberry.type(description="Won in a past period.")
class TrendPoint:
    period: ForecastPeriodSpan = strawberry.field(description="The period.")
    won: Decimal | None = strawberry.field(description="Won in it (null when amounts are hidden from you).")


@strawberry.type(description="One salesperson's figures over the forecast's periods.")
class ForecastPerson:
    user: UserNode | None = strawberry.field(description="The salesperson.")
    name: str = strawberry.field(description="Their name.")
    figures: ForecastFigures = strawberry.field(description="Their figures, all periods together.")


@strawberry.type(description="Won, commit, best case and pipeline per period against the targets, with a trend.")
class Forecast:
    currency: str = strawberry.field(description="The workspace currency every amount is in.")
    amounts_hidden: bool = strawberry.field(description="True: your role may not see deal amounts (amounts null).")
    buckets: list[ForecastBucket] = strawberry.field(description="The periods asked for, in order.")
    total: ForecastFigures = strawberry.field(description="All the periods together.")
    no_close_date: ForecastFigures = strawberry.field(
        description="Open deals without an expected close date: in no period (nor in `total`), shown apart."
    )
    trend: list[TrendPoint] = strawberry.field(description="Won in each of the periods before, oldest first.")
    trend_slope: Decimal | None = strawberry.field(description="The trend line's change per period.")
    people: list[ForecastPerson] = strawberry.field(description="Per salesperson, by name.")
    unconverted: list[Money] = strawberry.field(
        description="Amounts left out: currencies the workspace keeps no exchange rate for."
    )


@strawberry.type(description="One won deal on a commission statement.")
class CommissionLine:
    deal: DealNode = strawberry.field(description="The deal.")
    won_on: date = strawberry.field(description="The day it was won.")
    amount: Money = strawberry.field(description="The deal's amount, in its own currency.")
    base: Decimal = strawberry.field(description="What the rule pays on, in the workspace currency.")
    rule: CommissionRuleNode | None = strawberry.field(description="The rule that pays; null: none matched.")
    rate: Decimal | None = strawberry.field(description="The rule's percentage.")
    commission: Decimal = strawberry.field(description="base x rate, rounded half up to the minor unit.")


@strawberry.type(description="A salesperson's commission statement for a period.")
class CommissionStatement:
    user: UserNode | None = strawberry.field(description="The salesperson.")
    name: str = strawberry.field(description="Their name.")
    lines: list[CommissionLine] = strawberry.field(description="Their won deals, in the order they were won.")
    won: Decimal = strawberry.field(description="The won amounts added up, in the workspace currency.")
    commission: Decimal = strawberry.field(description="The commissions added up.")


@strawberry.type(description="Commission statements for one period.")
class Commissions:
    currency: str = strawberry.field(description="The workspace currency every amount is in.")
    period: ForecastPeriodSpan = strawberry.field(description="The period.")
    statements: list[CommissionStatement] = strawberry.field(description="Per salesperson, by name.")
    unconverted: list[DealNode] = strawberry.field(
        description="Won deals left out: their currency has no exchange rate in the workspace settings."
    )
