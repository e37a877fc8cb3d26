"""Satisfaction surveys and service statistics in the API (rules in saas.service.surveys / statistics).

The public survey page reads ``surveyLink(token:)`` and calls ``answerSurvey`` without signing in: the
signed token is the credential, checked against the host's workspace.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db import connection
from django.db.models import QuerySet
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info

from graphql_schema.access.types import TeamNode
from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.mutations import Call
from graphql_schema.core.nodes import Scoped, decode_id, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import ContactNode
from graphql_schema.errors import UserError
from graphql_schema.permissions import require_membership
from saas.access.services import require_admin
from saas.errors import ServiceError
from saas.service import models, statistics, surveys

from .filters import SurveyFilter, SurveyOrder
from .types import TicketNode

strawberry.enum(
    models.SurveyKind,
    name="SurveyKind",
    description="CSAT: how satisfied (1-5), sent when a ticket is resolved; NPS: how likely to recommend (0-10).",
)
SurveyLinkState = strawberry.enum(
    surveys.LinkState,
    name="SurveyLinkState",
    description="What a survey link can do: OPEN (answer it), ANSWERED (used once already), EXPIRED, INVALID "
    "(altered or unknown), WRONG_WORKSPACE (it belongs to another workspace's address).",
)
StatisticsPeriod = strawberry.enum(statistics.Period, name="StatisticsPeriod", description="Day, week or month.")


@record_type(models.Survey, name="Survey", description="A satisfaction survey sent to a customer, with its answer.")
class SurveyNode(Scoped, relay.Node):
    ticket: TicketNode | None = strawberry_django.field(description="The ticket it is about (CSAT).")
    contact: ContactNode | None = strawberry_django.field(description="Who was asked.")
    agent: UserNode | None = strawberry_django.field(description="Whom a CSAT answer scores: who resolved the ticket.")
    team: TeamNode | None = strawberry_django.field(description="The team that held the ticket.")
    sent_by: UserNode | None = strawberry_django.field(description="Who sent an NPS survey; null: sent on resolving.")
    sent_at: datetime = strawberry_django.field(description="When the link went out.")
    expires_at: datetime = strawberry_django.field(description="When the link stops working.")
    responded_at: datetime | None = strawberry_django.field(description="When it was answered; null: not yet.")
    score: int | None = strawberry_django.field(description="CSAT 1-5, NPS 0-10; null: not answered.")
    comment: str = strawberry_django.field(description="What the customer wrote with the score.")
    created_at: datetime = strawberry_django.field(description="When it was created.")
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(
        only=["kind"], metadata=in_sql(ChoiceName("kind", blank_is_null=False)), description="CSAT or NPS."
    )
    def kind(self, root: models.Survey) -> models.SurveyKind:
        return models.SurveyKind(root.kind)


@strawberry.type(description="A survey link as its public page shows it (no sign-in).")
class SurveyLink:
    state: SurveyLinkState = strawberry.field(description="Whether it can be answered, and if not, why.")  # type: ignore[valid-type]
    kind: models.SurveyKind | None = strawberry.field(description="Null for a link that names no survey here.")
    workspace_name: str = strawberry.field(description="Who is asking.")
    subject: str | None = strawberry.field(description="The ticket's subject (CSAT).")
    lowest: int | None = strawberry.field(description="The lowest score.")
    highest: int | None = strawberry.field(description="The highest score.")


def survey_link(state: surveys.LinkState, survey: models.Survey | None) -> SurveyLink:
    # A link that names nothing here says nothing about any survey.
    shown = survey if state in {surveys.LinkState.OPEN, surveys.LinkState.ANSWERED, surveys.LinkState.EXPIRED} else None
    scale = models.SURVEY_SCALE[shown.kind] if shown is not None else (None, None)
    return SurveyLink(
        state=state,
        kind=models.SurveyKind(shown.kind) if shown is not None else None,
        workspace_name=str(getattr(getattr(connection, "tenant", None), "name", "") or ""),
        subject=shown.ticket.subject if shown is not None and shown.ticket is not None else None,
        lowest=scale[0],
        highest=scale[1],
    )


@strawberry.type(description="Satisfaction from answered surveys.")
class SatisfactionFigures:
    csat_responses: int = strawberry.field(description="CSAT answers.")
    csat_satisfied_percent: float | None = strawberry.field(description="% of CSAT answers of 4 or 5; null: none.")
    csat_average: float | None = strawberry.field(description="Average CSAT score (1-5); null: no answers.")
    nps_responses: int = strawberry.field(description="NPS answers.")
    promoters: int = strawberry.field(description="NPS answers of 9 or 10.")
    detractors: int = strawberry.field(description="NPS answers from 0 to 6.")
    nps: float | None = strawberry.field(description="% promoters - % detractors (-100 to 100); null: no answers.")

    @classmethod
    def of(cls, s: statistics.Satisfaction) -> SatisfactionFigures:
        return cls(
            csat_responses=s.csat_responses,
            csat_satisfied_percent=s.csat_satisfied_percent,
            csat_average=s.csat_average,
            nps_responses=s.nps_responses,
            promoters=s.promoters,
            detractors=s.detractors,
            nps=s.nps,
        )


@strawberry.type(description="The desk's figures over one period (or the whole range).")
class ServiceFigures:
    start: date | None = strawberry.field(description="The period's first day; null for the range's totals.")
    tickets_created: int = strawberry.field(description="Tickets that came in.")
    tickets_resolved: int = strawberry.field(description="Tickets resolved (and not reopened since).")
    median_first_response_minutes: float | None = strawberry.field(
        description="Median minutes from arrival to the first public reply, of tickets that came in."
    )
    median_resolution_minutes: float | None = strawberry.field(
        description="Median minutes from arrival to resolution, of tickets resolved."
    )
    sla_compliance_percent: float | None = strawberry.field(
        description="% of the tickets resolved with an SLA that met both targets; null: none had one."
    )
    satisfaction: SatisfactionFigures = strawberry.field(description="Answers given in the period.")

    @classmethod
    def of(cls, f: statistics.Figures) -> ServiceFigures:
        return cls(
            start=f.start,
            tickets_created=f.tickets_created,
            tickets_resolved=f.tickets_resolved,
            median_first_response_minutes=f.median_first_response_minutes,
            median_resolution_minutes=f.median_resolution_minutes,
            sla_compliance_percent=f.sla_compliance_percent,
            satisfaction=SatisfactionFigures.of(f.satisfaction),
        )


@strawberry.type(description="The satisfaction scores of one agent or team over the range.")
class SatisfactionScore:
    id: strawberry.ID = strawberry.field(description="The agent's User id or the team's Team id.")
    name: str = strawberry.field(description="Their name.")
    satisfaction: SatisfactionFigures = strawberry.field(description="Their answers' figures.")


@strawberry.type(description="Service statistics over what you may read, per period.")
class ServiceStatistics:
    period: StatisticsPeriod = strawberry.field(description="The length of each period.")  # type: ignore[valid-type]
    from_: date = strawberry.field(name="from", description="The range's first day (workspace time zone).")
    to: date = strawberry.field(description="The range's last day, included.")
    totals: ServiceFigures = strawberry.field(description="The whole range.")
    periods: list[ServiceFigures] = strawberry.field(description="Every period of the range, empty ones included.")
    by_agent: list[SatisfactionScore] = strawberry.field(description="Satisfaction per agent (CSAT answers).")
    by_team: list[SatisfactionScore] = strawberry.field(description="Satisfaction per team.")


def _refused(error: ServiceError) -> GraphQLError:
    first = error.errors[0]
    return GraphQLError(
        first.message, extensions={"code": "BAD_USER_INPUT", "field": first.field, "reason": first.code}
    )


FROM_HELP = "First day; default: 30 days, 12 weeks or 12 months back."


def _score(type_name: str, score: statistics.Score) -> SatisfactionScore:
    return SatisfactionScore(
        id=strawberry.ID(relay.to_base64(type_name, score.key)),
        name=score.name,
        satisfaction=SatisfactionFigures.of(score.satisfaction),
    )


@strawberry.type
class SurveyQuery:
    @strawberry_django.connection(KeysetConnection[SurveyNode], description="Surveys sent and their answers.")
    def surveys(
        self, info: Info, filter: SurveyFilter | None = None, order_by: list[SurveyOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.Survey.objects.all(), info, filter=filter, order_by=order_by, order_type=SurveyOrder)

    @strawberry.field(description="What a survey link allows, for its public page (no sign-in needed).")
    def survey_link(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The token of the link.")]
    ) -> SurveyLink:
        link = surveys.read_link(token)
        return survey_link(link.state, link.survey)

    @strawberry.field(
        description="Ticket volume, first-response and resolution times, SLA compliance and satisfaction per "
        "period, over the tickets and surveys you may read."
    )
    def service_statistics(
        self,
        info: Info,
        period: Annotated[
            StatisticsPeriod,  # type: ignore[valid-type]
            strawberry.argument(description="The length of each period; default: a day."),
        ] = statistics.Period.DAY,
        from_: Annotated[date | None, strawberry.argument(name="from", description=FROM_HELP)] = None,
        to: Annotated[date | None, strawberry.argument(description="Last day (included); default: today.")] = None,
        team_id: Annotated[relay.GlobalID | None, strawberry.argument(description="Only this team's.")] = None,
        assignee_id: Annotated[relay.GlobalID | None, strawberry.argument(description="Only this agent's.")] = None,
    ) -> ServiceStatistics:
        membership = require_membership(info)
        try:
            team = decode_id(team_id, "Team", "teamId")
            agent = decode_id(assignee_id, "User", "assigneeId")
            stats = statistics.service_statistics(
                membership, statistics.Period(period), from_, to, team_id=team, assignee_id=agent
            )
        except ServiceError as error:
            raise _refused(error) from error
        return ServiceStatistics(
            period=stats.period,
            from_=stats.start,
            to=stats.end,
            totals=ServiceFigures.of(stats.totals),
            periods=[ServiceFigures.of(f) for f in stats.periods],
            by_agent=[_score("User", s) for s in stats.by_agent],
            by_team=[_score("Team", s) for s in stats.by_team],
        )


@strawberry.input
class AnswerSurveyInput:
    token: str = strawberry.field(description="The token of the survey link.")
    score: int = strawberry.field(description="CSAT 1-5, NPS 0-10.")
    comment: str | None = strawberry.field(default=None, description="Anything to add (at most 2000 characters).")


@strawberry.type
class AnswerSurveyPayload:
    survey: SurveyLink | None = strawberry.field(default=None, description="The link, now answered.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class SendNpsSurveyInput:
    contact_ids: list[relay.GlobalID] = strawberry.field(description="Contact ids (at most 100); each needs an e-mail.")


@strawberry.type
class SendNpsSurveyPayload:
    surveys: list[SurveyNode] | None = strawberry.field(default=None, description="One survey per contact.")
    errors: list[UserError] = strawberry.field(default_factory=list)


class AnswerSurvey(Call):
    """Anyone holding the link answers; the payload shows the link as its page does (no survey record)."""

    def answer(self, result: Any) -> AnswerSurveyPayload:
        return AnswerSurveyPayload(survey=survey_link(surveys.LinkState.ANSWERED, result))


@strawberry.type
class SurveyMutation:
    answer_survey = AnswerSurvey(
        AnswerSurveyInput, AnswerSurveyPayload, "survey", surveys.answer_survey, authenticated=False
    ).field(
        "Answer a survey through its link (no sign-in): once per link, before it expires, on its workspace's "
        "address; refusals: `invalid`, `expired`, `used`, `out_of_range`."
    )
    send_nps_survey = Call(
        SendNpsSurveyInput,
        SendNpsSurveyPayload,
        "surveys",
        surveys.send_nps,
        ids={"contact_ids": ("contact_ids", "Contact")},
        permission=require_admin,
    ).field("Owners and admins: e-mail an NPS survey to each contact (all or none: each needs an address).")
