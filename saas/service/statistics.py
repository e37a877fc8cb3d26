"""Service statistics: ticket volume, response and resolution times, SLA compliance and satisfaction per period.

Everything is counted over what the member may read: tickets in their read scope (for a role that does
not read every ticket, only tickets someone holds: the unassigned queue is nobody's figures) and surveys
in their read scope (a survey's owner is the agent it scores). A fixed number of SQL queries whatever the
range: one grouped query per source (tickets by arrival, tickets by resolution, answers), one for each
total whose median cannot be added up from the periods, one per breakdown (agents, teams) and one for
the agents' names.

Definitions (documented in saas/service/README.md):

- volume: tickets created in the period; resolved: tickets whose (last) resolution falls in it;
- first response: minutes from arrival to the first public reply, median over tickets arriving in the
  period that have one; resolution: minutes from arrival to resolution, median over tickets resolved in it
  (wall-clock minutes, not business minutes);
- SLA compliance: of the tickets resolved in the period that had an SLA, the share that met both targets
  (never marked breached, first reply — or the resolution, without one — and resolution by their due times);
- CSAT: answers from 1 to 5; satisfied = 4 or 5; NPS: answers from 0 to 10, promoters 9-10,
  detractors 0-6, NPS = % promoters - % detractors. Answers count in the period they were given.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Trunc

from saas.access import policy
from saas.access.registry import record_type_of
from saas.errors import ErrorCode, ErrorCollector
from tenants.db import connection
from tenants.models import Membership, User

from .models import Survey, SurveyKind, Ticket


class Period(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


# At most this many periods in one answer (a year of days, five years of weeks, ten of months).
MAX_PERIODS = {Period.DAY: 366, Period.WEEK: 261, Period.MONTH: 120}
DEFAULT_SPAN = {Period.DAY: timedelta(days=29), Period.WEEK: timedelta(weeks=11), Period.MONTH: timedelta(days=334)}


class Median(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)`` of a duration, in minutes (nulls left out)."""

    function = "percentile_cont"
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s) / 60.0)"
    output_field = FloatField()


def _minutes(end: str, start: str = "created_at") -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


@dataclass
class Satisfaction:
    csat_responses: int = 0
    csat_satisfied: int = 0
    csat_sum: int = 0
    nps_responses: int = 0
    promoters: int = 0
    detractors: int = 0

    def add(self, row: dict[str, Any]) -> None:
        for name in ("csat_responses", "csat_satisfied", "csat_sum", "nps_responses", "promoters", "detractors"):
            setattr(self, name, getattr(self, name) + (row.get(name) or 0))

    @property
    def csat_satisfied_percent(self) -> float | None:
        return round(100 * self.csat_satisfied / self.csat_responses, 1) if self.csat_responses else None

    @property
    def csat_average(self) -> float | None:
        return round(self.csat_sum / self.csat_responses, 2) if self.csat_responses else None

    @property
    def nps(self) -> float | None:
        if not self.nps_responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.nps_responses, 1)


@dataclass
class Figures:
    start: date | None = None
    tickets_created: int = 0
    tickets_resolved: int = 0
    median_first_response_minutes: float | None = None
    median_resolution_minutes: float | None = None
    sla_tickets: int = 0
    sla_met: int = 0
    satisfaction: Satisfaction = field(default_factory=Satisfaction)

    @property
    def sla_compliance_percent(self) -> float | None:
        return round(100 * self.sla_met / self.sla_tickets, 1) if self.sla_tickets else None


@dataclass
class Score:
    """Satisfaction of one agent or one team over the whole range."""

    key: Any
    name: str
    satisfaction: Satisfaction


@dataclass
class Statistics:
    period: Period
    start: date
    end: date
    totals: Figures
    periods: list[Figures]
    by_agent: list[Score]
    by_team: list[Score]


def _zone() -> ZoneInfo:
    try:
        return ZoneInfo(getattr(getattr(connection, "tenant", None), "time_zone", None) or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def period_start(day: date, period: Period) -> date:
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    return day


def _next(start: date, period: Period) -> date:
    if period == Period.DAY:
        return start + timedelta(days=1)
    if period == Period.WEEK:
        return start + timedelta(weeks=1)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_starts(start: date, end: date, period: Period) -> list[date]:
    """Every period from the one holding ``start`` to the one holding ``end``: the gaps are there, as zeros."""
    found, current = [], period_start(start, period)
    while current <= end:
        found.append(current)
        current = _next(current, period)
    return found


def _tickets(membership: Membership) -> QuerySet[Ticket]:
    queryset = policy.scope_queryset(membership, Ticket.objects.all(), "read")
    record_type = record_type_of(Ticket)
    assert record_type is not None
    if policy.scope_for(membership, record_type, "read") != "all":
        queryset = queryset.filter(assignee__isnull=False)
    return queryset


SATISFACTION = {
    "csat_responses": Count("id", filter=Q(kind=SurveyKind.CSAT)),
    "csat_satisfied": Count("id", filter=Q(kind=SurveyKind.CSAT, score__gte=4)),
    "csat_sum": Sum("score", filter=Q(kind=SurveyKind.CSAT)),
    "nps_responses": Count("id", filter=Q(kind=SurveyKind.NPS)),
    "promoters": Count("id", filter=Q(kind=SurveyKind.NPS, score__gte=9)),
    "detractors": Count("id", filter=Q(kind=SurveyKind.NPS, score__lte=6)),
}
SLA_MET = (
    Q(first_response_breached_at__isnull=True, resolution_breached_at__isnull=True)
    & Q(resolved_at__lte=F("resolution_due_at"))
    & (Q(first_response_due_at__isnull=True) | Q(_first_reply__lte=F("first_response_due_at")))
)


def service_statistics(
    membership: Membership,
    period: Period = Period.DAY,
    start: date | None = None,
    end: date | None = None,
    team_id: Any = None,
    assignee_id: Any = None,
) -> Statistics:
    """The desk's figures per period from ``start`` to ``end`` (days in the workspace's time zone, both included)."""
    zone = _zone()
    errors = ErrorCollector()
    end = end or datetime.now(zone).date()
    start = start or period_start(end - DEFAULT_SPAN[period], period)
    if start > end:
        errors.add("from", "The range starts after it ends.", ErrorCode.INVALID)
    starts = period_starts(start, end, period) if start <= end else []
    if len(starts) > MAX_PERIODS[period]:
        errors.add("from", f"At most {MAX_PERIODS[period]} periods of a {period} at once.", ErrorCode.OUT_OF_RANGE)
    errors.raise_if_any()
    low = datetime.combine(start, time.min, zone)
    high = datetime.combine(end + timedelta(days=1), time.min, zone)

    tickets, surveys = _tickets(membership), policy.scope_queryset(membership, Survey.objects.all(), "read")
    if team_id is not None:
        tickets, surveys = tickets.filter(team_id=team_id), surveys.filter(team_id=team_id)
    if assignee_id is not None:
        tickets, surveys = tickets.filter(assignee_id=assignee_id), surveys.filter(agent_id=assignee_id)
    arrived = tickets.filter(created_at__gte=low, created_at__lt=high)
    resolved = tickets.filter(resolved_at__gte=low, resolved_at__lt=high).alias(
        _first_reply=Coalesce("first_responded_at", "resolved_at")
    )
    answered = surveys.filter(responded_at__gte=low, responded_at__lt=high, score__isnull=False)
    arrival = {"n": Count("id"), "first_response": Median(_minutes("first_responded_at"))}
    resolution = {
        "n": Count("id"),
        "resolution": Median(_minutes("resolved_at")),
        "sla": Count("id", filter=Q(resolution_due_at__isnull=False)),
        "met": Count("id", filter=Q(resolution_due_at__isnull=False) & SLA_MET),
    }

    def bucket(name: str) -> Trunc:
        return Trunc(name, period.value, tzinfo=zone)

    figures = {s: Figures(start=s) for s in starts}

    def at(moment: datetime) -> Figures:
        return figures[period_start(moment.astimezone(zone).date(), period)]

    for row in _rows(arrived.annotate(b=bucket("created_at")).values("b").annotate(**arrival)):
        f = at(row["b"])
        f.tickets_created, f.median_first_response_minutes = row["n"], _round(row["first_response"])
    for row in _rows(resolved.annotate(b=bucket("resolved_at")).values("b").annotate(**resolution)):
        f = at(row["b"])
        f.tickets_resolved, f.median_resolution_minutes = row["n"], _round(row["resolution"])
        f.sla_tickets, f.sla_met = row["sla"], row["met"]
    for row in _rows(answered.annotate(b=bucket("responded_at")).values("b").annotate(**SATISFACTION)):
        at(row["b"]).satisfaction.add(row)

    totals = Figures()
    arrived_all = arrived.aggregate(**arrival)
    resolved_all = resolved.aggregate(**resolution)
    totals.tickets_created, totals.median_first_response_minutes = (
        arrived_all["n"],
        _round(arrived_all["first_response"]),
    )
    totals.tickets_resolved, totals.median_resolution_minutes = resolved_all["n"], _round(resolved_all["resolution"])
    totals.sla_tickets, totals.sla_met = resolved_all["sla"], resolved_all["met"]
    for f in figures.values():
        totals.satisfaction.add(vars(f.satisfaction))

    by_agent_rows = _rows(answered.filter(agent_id__isnull=False).values("agent_id").annotate(**SATISFACTION))
    by_team_rows = _rows(
        answered.filter(team_id__isnull=False).values("team_id", "team__name").annotate(**SATISFACTION)
    )
    names = {
        u["id"]: u["full_name"] or u["email"]
        for u in User.objects.filter(pk__in=[r["agent_id"] for r in by_agent_rows]).values("id", "full_name", "email")
    }
    by_agent = [Score(r["agent_id"], names.get(r["agent_id"], ""), _satisfaction(r)) for r in by_agent_rows]
    by_team = [Score(r["team_id"], r["team__name"], _satisfaction(r)) for r in by_team_rows]
    by_agent.sort(key=lambda s: (s.name.lower(), s.key))
    by_team.sort(key=lambda s: (s.name.lower(), s.key))
    return Statistics(period, start, end, totals, list(figures.values()), by_agent, by_team)


def _rows(grouped: Any) -> list[dict[str, Any]]:
    """The rows of a grouped ``values().annotate()`` query (no model ordering in its GROUP BY)."""
    return [dict(row) for row in grouped.order_by()]


def _satisfaction(row: dict[str, Any]) -> Satisfaction:
    found = Satisfaction()
    found.add(row)
    return found


def _round(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes, 1)
