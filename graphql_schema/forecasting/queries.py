"""Lists and figures of forecasting: targets, commission rules, the forecast and commission statements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import decode_id
from graphql_schema.permissions import require_membership
from saas.errors import ServiceError
from saas.forecasting import figures, models
from saas.forecasting.periods import Period

from .enums import ForecastPeriod
from .filters import CommissionRuleFilter, CommissionRuleOrder, SalesTargetFilter, SalesTargetOrder
from .types import (
    CommissionLine,
    CommissionRuleNode,
    Commissions,
    CommissionStatement,
    Forecast,
    ForecastBucket,
    ForecastFigures,
    ForecastPeriodSpan,
    ForecastPerson,
    SalesTargetNode,
    TrendPoint,
)


def span(period: Period) -> ForecastPeriodSpan:
    return ForecastPeriodSpan(
        kind=ForecastPeriod(period.kind), label=period.label, start=period.start, end=period.end - timedelta(days=1)
    )


def _figures(f: figures.Figures) -> ForecastFigures:
    return ForecastFigures(
        won=f.won,
        commit=f.commit,
        best_case=f.best_case,
        pipeline=f.pipeline,
        weighted_pipeline=f.weighted,
        target=f.target,
        attainment=f.attainment,
        won_count=f.won_count,
        open_count=f.open_count,
    )


def _ids(user_id: relay.GlobalID | None, team_id: relay.GlobalID | None) -> tuple[int | None, int | None]:
    try:
        user = decode_id(user_id, "User", "userId")
        team = decode_id(team_id, "Team", "teamId")
        return (int(user) if user is not None else None), (int(team) if team is not None else None)
    except (ServiceError, ValueError) as error:
        raise ValidationError("userId / teamId: the id of a user / a team expected.") from error


class AmountsHiddenError(GraphQLError):
    """Commission statements for a member whose role hides deal amounts: refused, like a hidden field."""

    def __init__(self) -> None:
        super().__init__(
            "Your role may not see deal amounts, so there are no commission statements to show.",
            extensions={"code": "FIELD_HIDDEN", "argument": "commissions", "field": "amount"},
        )


@strawberry.type
class ForecastingQuery:
    @strawberry_django.connection(KeysetConnection[SalesTargetNode], description="Sales targets (quotas).")
    def sales_targets(
        self,
        info: Info,
        filter: SalesTargetFilter | None = None,
        order_by: list[SalesTargetOrder] | None = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Words found in the salesperson's name or e-mail or the team's name."),
        ] = None,
    ) -> QuerySet[Any]:
        targets = models.SalesTarget.objects.all()
        for word in (search or "").split()[:10]:
            targets = targets.filter(
                Q(user__full_name__icontains=word) | Q(user__email__icontains=word) | Q(team__name__icontains=word)
            )
        return listed(targets, info, filter=filter, order_by=order_by, order_type=SalesTargetOrder)

    @strawberry_django.connection(KeysetConnection[CommissionRuleNode], description="Commission rules.")
    def commission_rules(
        self, info: Info, filter: CommissionRuleFilter | None = None, order_by: list[CommissionRuleOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(
            models.CommissionRule.objects.all(), info, filter=filter, order_by=order_by, order_type=CommissionRuleOrder
        )

    @strawberry.field(
        description="Won, commit, best case, pipeline and weighted pipeline per period of the fiscal calendar, "
        "against the targets, with the trend of won deals; over the deals you may read, in the workspace currency."
    )
    def forecast(
        self,
        info: Info,
        period: Annotated[ForecastPeriod, strawberry.argument(description="Month, quarter or year.")],
        date: Annotated[date | None, strawberry.argument(description="A day in the first period; null: today.")] = None,
        periods: Annotated[int, strawberry.argument(description="How many periods, 1 to 12.")] = 1,
        trend_periods: Annotated[
            int, strawberry.argument(description="How many past periods the trend looks at, 0 to 24.")
        ] = 6,
        user_id: Annotated[relay.GlobalID | None, strawberry.argument(description="One salesperson's.")] = None,
        team_id: Annotated[relay.GlobalID | None, strawberry.argument(description="One team's.")] = None,
        pipeline_id: Annotated[relay.GlobalID | None, strawberry.argument(description="One pipeline's.")] = None,
    ) -> Forecast:
        membership = require_membership(info)
        if not 1 <= periods <= figures.MAX_PERIODS:
            raise ValidationError(f"periods: between 1 and {figures.MAX_PERIODS}.")
        if not 0 <= trend_periods <= figures.MAX_TREND:
            raise ValidationError(f"trendPeriods: between 0 and {figures.MAX_TREND}.")
        user, team = _ids(user_id, team_id)
        pipeline = decode_id(pipeline_id, "Pipeline", "pipelineId") if pipeline_id else None
        result = figures.forecast(
            membership,
            kind=period.value,
            day=date,
            count=periods,
            trend_periods=trend_periods,
            user_id=user,
            team_id=team,
            pipeline_id=pipeline,
        )
        return Forecast(
            currency=result.currency,
            amounts_hidden=result.amounts_hidden,
            buckets=[
                ForecastBucket(period=span(b.period), figures=_figures(b.figures), projected=b.projected)
                for b in result.buckets
            ],
            total=_figures(result.total),
            no_close_date=_figures(result.no_close_date),
            trend=[TrendPoint(period=span(p), won=won) for p, won in result.trend],
            trend_slope=result.slope,
            people=[
                ForecastPerson(
                    user=row.user,  # type: ignore[arg-type]
                    name=row.name,
                    figures=_figures(row.figures),
                )
                for row in result.people
            ],
            unconverted=[Money(amount=v, currency=c) for c, v in sorted(result.unconverted.items())],
        )

    @strawberry.field(
        description="Commission statements for one period: each salesperson's won deals (that you may read), the "
        "rule that pays on each and the commission, in the workspace currency. Refused (FIELD_HIDDEN) when your "
        "role may not see deal amounts."
    )
    def commissions(
        self,
        info: Info,
        period: Annotated[ForecastPeriod, strawberry.argument(description="Month, quarter or year.")],
        date: Annotated[date | None, strawberry.argument(description="A day in the period; null: today.")] = None,
        user_id: Annotated[relay.GlobalID | None, strawberry.argument(description="One salesperson's.")] = None,
    ) -> Commissions:
        membership = require_membership(info)
        user, _ = _ids(user_id, None)
        try:
            result = figures.commissions(membership, kind=period.value, day=date, user_id=user)
        except figures.AmountsHidden as error:
            raise AmountsHiddenError() from error
        return Commissions(
            currency=result.currency,
            period=span(result.period),
            statements=[
                CommissionStatement(
                    user=statement.user,  # type: ignore[arg-type]
                    name=statement.name,
                    lines=[
                        CommissionLine(
                            deal=line.deal,  # type: ignore[arg-type]
                            won_on=line.won_on,
                            amount=Money(amount=line.amount, currency=line.currency),
                            base=line.base,
                            rule=line.rule,  # type: ignore[arg-type]
                            rate=line.rule.rate if line.rule else None,
                            commission=line.commission,
                        )
                        for line in statement.lines
                    ],
                    won=statement.won,
                    commission=statement.commission,
                )
                for statement in result.statements
            ],
            unconverted=result.unconverted,  # type: ignore[arg-type]
        )
