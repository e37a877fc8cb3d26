"""The forecast and commission statements, computed from the deals a member may read.

Amounts are converted into the workspace's currency at the rates of its settings; deals in a currency
without a rate are left out of the sums and reported (``unconverted``). A member whose role hides deal
amounts gets the counts without amounts (forecast) or is refused (statements, ``AmountsHidden``).

The forecast runs a fixed number of queries whatever the number of deals, periods and people: one for
the deals (grouped in SQL by period, owner, currency, stage kind and forecast category), one for the
targets, one for the people's names (plus one for a team filter's members, inside the first as a
subquery).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from saas.access import policy
from saas.access.models import TeamMember
from saas.catalog.models import QuoteLine, QuoteStatus
from saas.errors import ErrorCode, FieldError, ServiceError
from saas.sales.models import Deal, ForecastCategory, StageKind, forecast_category_sql
from tenants.models import Membership, User

from .models import CommissionRule, PeriodKind, SalesTarget
from .periods import MONTHS, Period, periods
from .workspace import Converter, round_money, tenant_of, zone_of

MAX_PERIODS = 12
MAX_TREND = 24


class AmountsHidden(ServiceError):
    """The member's role hides deal amounts: there is no statement to show."""

    def __init__(self) -> None:
        super().__init__(FieldError("amount", "Your role may not see deal amounts.", ErrorCode.PERMISSION_DENIED))


@dataclass
class Figures:
    """Sums in the workspace currency (None when the role hides amounts) and deal counts."""

    won: Decimal | None = Decimal(0)
    commit: Decimal | None = Decimal(0)
    best_case: Decimal | None = Decimal(0)
    pipeline: Decimal | None = Decimal(0)
    weighted: Decimal | None = Decimal(0)
    won_count: int = 0
    open_count: int = 0
    target: Decimal | None = None

    def add(self, name: str, amount: Decimal | None) -> None:
        current = getattr(self, name)
        if current is not None and amount is not None:
            setattr(self, name, current + amount)

    def take(self, row: Mapping[str, Any], amounts: dict[str, Decimal]) -> None:
        """Add a grouped row of deals: its count and its amounts."""
        if row["stage__kind"] == StageKind.WON:
            self.won_count += row["n"]
        elif row["category"] != ForecastCategory.OMITTED:
            self.open_count += row["n"]
        for name, amount in amounts.items():
            self.add(name, amount)

    @property
    def attainment(self) -> float | None:
        """Won out of the target, as a percentage (None without a target or amounts)."""
        if self.won is None or not self.target:
            return None
        return float(round(self.won * 100 / self.target, 1))

    def rounded(self, currency: str) -> Figures:
        def r(value: Decimal | None) -> Decimal | None:
            return None if value is None else round_money(value, currency)

        return Figures(
            r(self.won),
            r(self.commit),
            r(self.best_case),
            r(self.pipeline),
            r(self.weighted),
            self.won_count,
            self.open_count,
            r(self.target),
        )


CATEGORY_FIGURE = {ForecastCategory.COMMIT: "commit", ForecastCategory.BEST_CASE: "best_case"}


def _row_amounts(row: Mapping[str, Any], converter: Converter, unconverted: dict[str, Decimal]) -> dict[str, Decimal]:
    """A grouped row of deals as the figures it adds to, in the workspace currency."""
    total = converter.convert(row["total"] or Decimal(0), row["currency"])
    if total is None:
        unconverted[row["currency"]] += row["total"] or 0
        return {}
    if row["stage__kind"] == StageKind.WON:
        return {"won": total}
    if row["category"] == ForecastCategory.OMITTED:
        return {}
    weighted = converter.convert(row["weighted"] or Decimal(0), row["currency"]) or Decimal(0)
    return {CATEGORY_FIGURE.get(row["category"], "pipeline"): total, "weighted": weighted / 100}


def _hidden() -> Figures:
    return Figures(None, None, None, None, None)


@dataclass
class Bucket:
    period: Period
    figures: Figures
    projected: Decimal | None = None  # the trend line's value for this period


@dataclass
class PersonRow:
    user_id: int
    name: str
    figures: Figures
    user: User | None = None


@dataclass
class Forecast:
    currency: str
    kind: str
    amounts_hidden: bool
    buckets: list[Bucket]
    trend: list[tuple[Period, Decimal | None]]  # won per period before the first bucket
    slope: Decimal | None  # the trend line's change per period
    total: Figures
    people: list[PersonRow]
    unconverted: dict[str, Decimal] = field(default_factory=dict)  # currency → amount left out
    # Open deals without an expected close date: in no period, so shown apart (not in ``total``).
    no_close_date: Figures = field(default_factory=Figures)


def _deals(membership: Membership, user_id: int | None, team_id: int | None, pipeline_id: Any) -> QuerySet[Deal]:
    deals = policy.scope_queryset(membership, Deal.objects.all(), "read")
    if user_id is not None:
        deals = deals.filter(owner_id=user_id)
    if team_id is not None:
        deals = deals.filter(owner_id__in=TeamMember.objects.filter(team_id=team_id).values("user_id"))
    if pipeline_id is not None:
        deals = deals.filter(pipeline_id=pipeline_id)
    return deals


NO_CLOSE_DATE = -1  # the bucket of open deals without an expected close date


def _bucket_index(all_periods: list[Period], zone: Any, first_forecast: int) -> Case:
    """The index of the period a deal falls in: won deals by when they closed, open ones by expected close
    (``NO_CLOSE_DATE`` for an open one without)."""
    whens = [When(stage__kind=StageKind.OPEN, expected_close_date__isnull=True, then=Value(NO_CLOSE_DATE))]
    for i, period in enumerate(all_periods):
        start, end = period.moments(zone)
        whens.append(When(stage__kind=StageKind.WON, closed_at__gte=start, closed_at__lt=end, then=Value(i)))
        if i >= first_forecast:
            whens.append(
                When(
                    stage__kind=StageKind.OPEN,
                    expected_close_date__gte=period.start,
                    expected_close_date__lt=period.end,
                    then=Value(i),
                )
            )
    return Case(*whens, default=Value(None), output_field=IntegerField())


def forecast(
    membership: Membership,
    *,
    kind: str = PeriodKind.MONTH,
    day: date | None = None,
    count: int = 1,
    trend_periods: int = 6,
    user_id: int | None = None,
    team_id: int | None = None,
    pipeline_id: Any = None,
) -> Forecast:
    """Won, commit, best case, pipeline and weighted pipeline per period, against the targets, with a trend.

    ``count`` periods of ``kind`` from the one holding ``day`` (default: today in the workspace's time
    zone); the trend is the won amount of the ``trend_periods`` periods before, and a straight line
    fitted to them (least squares) projected over the forecast's periods. Open deals count in the
    period of their expected close date (none: in ``no_close_date``, not in any period), won deals in the period they
    were won; commit, best case and pipeline are the open deals of that category (``category_for``),
    the weighted pipeline is the sum of amount * probability of the open deals not omitted.
    """
    tenant = tenant_of(membership)
    zone = zone_of(tenant)
    first_month = tenant.fiscal_year_start_month or 1
    day = day or timezone.now().astimezone(zone).date()
    ahead = periods(kind, day, count, first_month)
    before = periods(kind, day, -trend_periods, first_month) if trend_periods else []
    all_periods = [*before, *ahead]
    converter = Converter.of(tenant)
    hidden = "amount" in policy.hidden_fields(membership, "read", Deal)

    deals = _deals(membership, user_id, team_id, pipeline_id).filter(
        Q(
            stage__kind=StageKind.WON,
            closed_at__gte=all_periods[0].moments(zone)[0],
            closed_at__lt=ahead[-1].moments(zone)[1],
        )
        | Q(stage__kind=StageKind.OPEN, expected_close_date__gte=ahead[0].start, expected_close_date__lt=ahead[-1].end)
        | Q(stage__kind=StageKind.OPEN, expected_close_date__isnull=True)
    )
    weighted = ExpressionWrapper(F("amount") * F("probability"), output_field=DecimalField())
    rows = (
        deals.order_by()
        .annotate(bucket=_bucket_index(all_periods, zone, len(before)), category=forecast_category_sql())
        .values("bucket", "owner_id", "currency", "stage__kind", "category")
        .annotate(n=Count("pk"), total=Sum("amount"), weighted=Sum(weighted))
    )

    def fresh() -> Figures:
        return _hidden() if hidden else Figures()

    per_bucket = [fresh() for _ in all_periods]
    per_person: dict[int, Figures] = defaultdict(fresh)
    unconverted: dict[str, Decimal] = defaultdict(Decimal)
    no_close_date = fresh()
    for row in rows:
        if row["bucket"] is None:
            continue
        amounts = _row_amounts(row, converter, unconverted)
        if row["bucket"] == NO_CLOSE_DATE:
            no_close_date.take(row, amounts)
            continue
        per_bucket[row["bucket"]].take(row, amounts)
        if row["bucket"] >= len(before) and row["owner_id"] is not None:
            per_person[row["owner_id"]].take(row, amounts)

    bucket_targets, person_targets = _targets(membership, ahead, converter, user_id, team_id)
    total = fresh()
    for i, _period in enumerate(ahead):
        figures = per_bucket[len(before) + i]
        figures.target = bucket_targets[i]
        for name in ("won", "commit", "best_case", "pipeline", "weighted"):
            total.add(name, getattr(figures, name))
        total.won_count += figures.won_count
        total.open_count += figures.open_count
    total.target = sum((t for t in bucket_targets if t is not None), Decimal(0)) if any(bucket_targets) else None

    people_ids = set(per_person) | set(person_targets)
    users = _users(people_ids)
    names = {pk: user.full_name or user.email for pk, user in users.items()}
    people = []
    for person in sorted(people_ids, key=lambda pk: (names.get(pk) or "", pk)):
        figures = per_person.get(person) or fresh()
        figures.target = person_targets.get(person)
        people.append(
            PersonRow(person, names.get(person) or "", figures.rounded(converter.currency), users.get(person))
        )

    trend = [
        (period, None if hidden else round_money(per_bucket[i].won or Decimal(0), converter.currency))
        for i, period in enumerate(before)
    ]
    slope, projections = (
        _projection([won for _, won in trend], len(ahead)) if not hidden else (None, [None] * len(ahead))
    )
    buckets = [
        Bucket(period, per_bucket[len(before) + i].rounded(converter.currency), projections[i])
        for i, period in enumerate(ahead)
    ]
    return Forecast(
        currency=converter.currency,
        kind=kind,
        amounts_hidden=hidden,
        buckets=buckets,
        trend=trend,
        slope=slope,
        total=total.rounded(converter.currency),
        people=people,
        unconverted={} if hidden else dict(unconverted),
        no_close_date=no_close_date.rounded(converter.currency),
    )


def _users(ids: set[int]) -> dict[int, User]:
    """The people named, in one query (none when nobody is named)."""
    if not ids:
        return {}
    return {user.pk: user for user in User.objects.filter(pk__in=ids).only("pk", "email", "full_name")}


def _projection(won: list[Decimal | None], ahead: int) -> tuple[Decimal | None, list[Decimal | None]]:
    """A least-squares line through the won amounts (x = 0, 1, …), continued over the next ``ahead`` periods.

    Fewer than two periods: no line. A projection is never below zero.
    """
    points = [w for w in won if w is not None]
    n = len(points)
    if n < 2:
        return None, [None] * ahead
    mean_x = Decimal(n - 1) / 2
    mean_y = sum(points, Decimal(0)) / n
    spread = sum(((Decimal(x) - mean_x) ** 2 for x in range(n)), Decimal(0))
    slope = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in enumerate(points)), Decimal(0)) / spread
    intercept = mean_y - slope * mean_x
    q = Decimal("0.01")
    return slope.quantize(q), [max(Decimal(0), intercept + slope * (n + i)).quantize(q) for i in range(ahead)]


def _targets(
    membership: Membership, ahead: list[Period], converter: Converter, user_id: int | None, team_id: int | None
) -> tuple[list[Decimal | None], dict[int, Decimal]]:
    """The target of every period (of the people, the person or the team asked for) and of every person.

    A target of the period's own kind counts; without one, the finer ones inside it add up (months
    of a quarter); without those, a coarser one is spread evenly (a year's target over its months).
    With neither a person nor a team asked for, the period's target is the people's targets added up.
    One query. None: no target, or the role hides target amounts.
    """
    hidden = "amount" in policy.hidden_fields(membership, "read", SalesTarget)
    first, end = ahead[0].start, ahead[-1].end
    rows = policy.scope_queryset(membership, SalesTarget.objects.all(), "read").filter(
        period_start__gte=_months_before(first, 11), period_start__lt=end
    )
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    elif user_id is not None:
        rows = rows.filter(user_id=user_id)
    else:
        rows = rows.filter(user_id__isnull=False)
    by_subject: dict[Any, list[tuple[str, date, Decimal]]] = defaultdict(list)
    for target in rows.values("user_id", "team_id", "period_kind", "period_start", "amount", "currency"):
        amount = converter.convert(target["amount"] or Decimal(0), target["currency"])
        if amount is not None:
            by_subject[target["user_id"] or f"team:{target['team_id']}"].append(
                (target["period_kind"], target["period_start"], amount)
            )
    if hidden:
        return [None] * len(ahead), {}
    per_period: list[Decimal | None] = [None] * len(ahead)
    per_person: dict[int, Decimal] = defaultdict(Decimal)
    for subject, targets in by_subject.items():
        for i, period in enumerate(ahead):
            amount = _target_of(period, targets)
            if amount is None:
                continue
            per_period[i] = (per_period[i] or Decimal(0)) + amount
            if isinstance(subject, int):
                per_person[subject] += amount
    return per_period, dict(per_person)


def _months_before(day: date, months: int) -> date:
    from .periods import add_months

    return add_months(day, -months)


def _target_of(period: Period, targets: list[tuple[str, date, Decimal]]) -> Decimal | None:
    size = MONTHS[PeriodKind(period.kind)]
    exact = [amount for kind, start, amount in targets if kind == period.kind and start == period.start]
    if exact:
        return sum(exact, Decimal(0))
    for kind in sorted(MONTHS, key=lambda k: -MONTHS[k]):  # the coarsest finer kind present
        if MONTHS[kind] >= size:
            continue
        inside = [amount for k, start, amount in targets if k == kind and period.contains(start)]
        if inside:
            return sum(inside, Decimal(0))
    for kind in sorted(MONTHS, key=lambda k: MONTHS[k]):  # the finest coarser kind holding the period
        if MONTHS[kind] <= size:
            continue
        from .periods import add_months

        around = [
            amount
            for k, start, amount in targets
            if k == kind and start <= period.start and period.end <= add_months(start, MONTHS[kind])
        ]
        if around:
            return sum(around, Decimal(0)) * size / MONTHS[kind]
    return None


# --- commissions -----------------------------------------------------------------------------------------


@dataclass
class StatementLine:
    deal: Deal
    won_on: date
    amount: Decimal  # the deal's amount, in its own currency
    currency: str
    base: Decimal  # what the rule pays on, in the workspace currency (the product's lines for a product rule)
    rule: CommissionRule | None  # None: no rule matched, nothing earned
    commission: Decimal
    converted: Decimal  # the deal's amount in the workspace currency (rounded to the minor unit)


@dataclass
class Statement:
    user_id: int
    name: str
    period: Period
    lines: list[StatementLine]
    user: User | None = None

    @property
    def won(self) -> Decimal:
        return sum((line.converted for line in self.lines), Decimal(0))

    @property
    def commission(self) -> Decimal:
        return sum((line.commission for line in self.lines), Decimal(0))


@dataclass
class Statements:
    currency: str
    period: Period
    statements: list[Statement]
    unconverted: list[Deal]  # won deals in a currency without a rate: not in any statement


def _specificity(rule: CommissionRule, threshold: Decimal | None) -> tuple[Any, ...]:
    """Which of several matching rules pays: a person's over a team's over everyone's, then a product's,
    then a pipeline's, then the highest threshold, then the latest start."""
    return (
        rule.user_id is not None,
        rule.team_id is not None,
        rule.product_id is not None,
        rule.pipeline_id is not None,
        threshold if threshold is not None else Decimal(-1),
        rule.valid_from,
        str(rule.pk),
    )


def commissions(
    membership: Membership, *, kind: str = PeriodKind.MONTH, day: date | None = None, user_id: int | None = None
) -> Statements:
    """Each salesperson's commission statement for one period: their won deals (that the member may
    read), the rule that pays on each, and the commission, rounded half up to the currency's minor unit.

    A deal earns by the most specific rule that holds on the day it was won (``_specificity``); its
    base is the deal's amount in the workspace currency, rounded to the minor unit, or for a product
    rule the amounts of that product's lines on the deal's accepted quote. Raises ``AmountsHidden``
    when the member's role hides deal amounts.
    """
    if "amount" in policy.hidden_fields(membership, "read", Deal):
        raise AmountsHidden()
    tenant = tenant_of(membership)
    zone = zone_of(tenant)
    day = day or timezone.now().astimezone(zone).date()
    (period,) = periods(kind, day, 1, tenant.fiscal_year_start_month or 1)
    converter = Converter.of(tenant)
    start, end = period.moments(zone)
    deals = _deals(membership, user_id, None, None).filter(
        stage__kind=StageKind.WON, closed_at__gte=start, closed_at__lt=end, owner_id__isnull=False
    )
    won = list(
        deals.order_by("closed_at", "id").only("title", "amount", "currency", "owner_id", "pipeline_id", "closed_at")
    )
    rules = list(
        policy.scope_queryset(membership, CommissionRule.objects.all(), "read")
        .filter(valid_from__lt=period.end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.start))
    )
    team_ids = {rule.team_id for rule in rules if rule.team_id is not None}
    teams: dict[int, set[int]] = defaultdict(set)
    if team_ids and won:
        for team, member in TeamMember.objects.filter(team_id__in=team_ids).values_list("team_id", "user_id"):
            teams[team].add(member)
    product_ids = {rule.product_id for rule in rules if rule.product_id is not None}
    product_lines: dict[tuple[Any, Any], list[tuple[Decimal, str]]] = defaultdict(list)
    if product_ids and won:
        lines = QuoteLine.objects.filter(
            quote__deal__in=[deal.pk for deal in won], quote__status=QuoteStatus.ACCEPTED, product_id__in=product_ids
        ).values_list("quote__deal_id", "product_id", "amount", "quote__currency")
        for deal_id, product_id, amount, currency in lines:
            product_lines[(deal_id, product_id)].append((amount, currency))

    by_person: dict[int, list[StatementLine]] = defaultdict(list)
    unconverted = []
    for deal in won:
        base = converter.convert(deal.amount or Decimal(0), deal.currency)
        if base is None:
            unconverted.append(deal)
            continue
        base = round_money(base, converter.currency)
        won_on = deal.closed_at.astimezone(zone).date() if deal.closed_at else period.start
        best: tuple[tuple[Any, ...], CommissionRule, Decimal] | None = None
        for rule in rules:
            rule_base = _rule_base(rule, deal, won_on, base, teams, product_lines, converter)
            if rule_base is None:
                continue
            threshold = converter.convert(rule.min_amount, rule.currency) if rule.min_amount is not None else None
            rank = _specificity(rule, threshold)
            if best is None or rank > best[0]:
                best = (rank, rule, rule_base)
        paying, paid_on = (best[1], best[2]) if best else (None, base)
        commission = round_money(paid_on * paying.rate / 100, converter.currency) if paying else Decimal(0)
        assert deal.owner_id is not None  # the query keeps owned deals only
        by_person[deal.owner_id].append(
            StatementLine(deal, won_on, deal.amount or Decimal(0), deal.currency, paid_on, paying, commission, base)
        )
    users = _users(set(by_person))
    names = {pk: user.full_name or user.email for pk, user in users.items()}
    statements = [
        Statement(person, names.get(person) or "", period, lines, users.get(person))
        for person, lines in sorted(by_person.items(), key=lambda item: (names.get(item[0]) or "", item[0]))
    ]
    return Statements(converter.currency, period, statements, unconverted)


def _rule_base(
    rule: CommissionRule,
    deal: Deal,
    won_on: date,
    base: Decimal,
    teams: dict[int, set[int]],
    product_lines: dict[tuple[Any, Any], list[tuple[Decimal, str]]],
    converter: Converter,
) -> Decimal | None:
    """What ``rule`` pays on for ``deal``; None when the rule does not hold for it."""
    if rule.valid_from > won_on or (rule.valid_until is not None and rule.valid_until < won_on):
        return None
    if rule.user_id is not None and rule.user_id != deal.owner_id:
        return None
    if rule.team_id is not None and deal.owner_id not in teams.get(rule.team_id, set()):
        return None
    if rule.pipeline_id is not None and rule.pipeline_id != deal.pipeline_id:
        return None
    if rule.min_amount is not None:
        threshold = converter.convert(rule.min_amount, rule.currency)
        if threshold is None or base < threshold:
            return None
    if rule.product_id is None:
        return base
    lines = product_lines.get((deal.pk, rule.product_id))
    if not lines:
        return None
    amounts = [converter.convert(amount, currency) for amount, currency in lines]
    if any(amount is None for amount in amounts):
        return None
    return round_money(sum((a for a in amounts if a is not None), Decimal(0)), converter.currency)
