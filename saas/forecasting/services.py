"""Business rules of forecasting: sales targets and commission rules (writes), forecast and statements (reads).

Every write: check access (``saas.access.policy``), validate everything first (nothing changes on bad
input), write in one transaction, then ``written`` (audit entry and realtime event). The forecast and
the commission statements are computed from the deals the member may read (``figures.py``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from saas.access import policy
from saas.access.models import Team
from saas.catalog.models import Product
from saas.errors import ErrorCode, ErrorCollector
from saas.kernel.changes import diff, snapshot
from saas.kernel.money import check_money
from saas.kernel.services import apply_fields, blank_for, collect, created, get_for, member_user, written
from saas.kernel.validation import check_choice, check_length
from saas.sales.models import Pipeline
from tenants.models import Membership

from .models import CommissionRule, PeriodKind, SalesTarget
from .periods import period_start
from .workspace import fiscal_first_month

TARGET_FIELDS = ("user", "team", "period_kind", "period_start", "amount", "currency")
RULE_FIELDS = (
    "name",
    "rate",
    "user",
    "team",
    "pipeline",
    "product",
    "min_amount",
    "currency",
    "valid_from",
    "valid_until",
)


def _team(errors: ErrorCollector, pk: Any, field: str) -> Team | None:
    try:
        team = Team.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        team = None
    if team is None:
        errors.add(field, "No such team.", ErrorCode.NOT_FOUND)
    return team


# --- targets -----------------------------------------------------------------------------------------


def _check_target_amount(data: dict[str, Any], errors: ErrorCollector, instance: SalesTarget | None) -> None:
    if "amount" not in data and instance is not None:
        return
    if data.get("amount") is None:
        errors.add("amount", "The amount to win.", ErrorCode.REQUIRED)
    check_money(data, "amount", "currency", "amount", errors)
    if data.get("amount") is not None and not errors.has("amount.amount") and data["amount"] <= 0:
        errors.add("amount.amount", "A target above zero.", ErrorCode.INVALID_AMOUNT)
    _two_places(data, "amount", errors, "amount.amount")


def _two_places(data: dict[str, Any], name: str, errors: ErrorCollector, field: str) -> None:
    """An amount as stored (two decimal places), so the answer shows what the database keeps."""
    if data.get(name) is not None and not errors.has(field):
        data[name] = Decimal(data[name]).quantize(Decimal("0.01"))


def _validate_target(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: SalesTarget | None = None
) -> None:
    if data.get("user") is not None:
        data["user"] = member_user(membership, data["user"], "userId", errors)
    if data.get("team") is not None:
        data["team"] = _team(errors, data["team"], "teamId")
    user = data.get("user", instance.user if instance else None)
    team = data.get("team", instance.team if instance else None)
    no_subject_error = not errors.has("userId") and not errors.has("teamId")
    if instance is None and (data.get("user") is None) == (data.get("team") is None) and no_subject_error:
        errors.add("userId", "A target is for one salesperson or one team: give userId or teamId.", ErrorCode.REQUIRED)
    _check_target_amount(data, errors, instance)
    check_choice(data.get("period_kind"), PeriodKind, "periodKind", errors)
    kind = data.get("period_kind") or (instance.period_kind if instance else PeriodKind.MONTH)
    day = data.get("period_start") or (instance.period_start if instance else None)
    if day is None:
        errors.add("periodStart", "A day in the period.", ErrorCode.REQUIRED)
    elif kind in PeriodKind.values:
        # Any day of the period names it: kept as the period's first day of the fiscal calendar.
        data["period_start"] = period_start(day, kind, fiscal_first_month(membership))
        data["period_kind"] = kind
        if errors.errors:
            return
        clash = SalesTarget.objects.filter(period_kind=kind, period_start=data["period_start"])
        clash = clash.filter(user=user) if user is not None else clash.filter(team=team)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if (user is not None or team is not None) and clash.exists():
            errors.add("periodStart", "There is a target for this period already.", ErrorCode.TAKEN)


def create_target(membership: Membership, data: dict[str, Any]) -> SalesTarget:
    """Set a salesperson's or a team's target for one fiscal month, quarter or year."""
    policy.check(membership, "create", SalesTarget)
    data = {k: v for k, v in data.items() if v is not None}
    errors = ErrorCollector()
    _validate_target(membership, data, errors)
    errors.raise_if_any()
    target = SalesTarget()
    apply_fields(target, data)
    policy.check(membership, "create", target, fields=data)
    with transaction.atomic():
        target.save()
        created(membership, target, TARGET_FIELDS)
    return target


def update_target(membership: Membership, target_id: Any, data: dict[str, Any]) -> SalesTarget:
    """Change a target's amount or period (whose target it is stays)."""
    target = get_for(membership, SalesTarget, target_id, "update")
    errors = ErrorCollector()
    _validate_target(membership, data, errors, target)
    errors.raise_if_any()
    policy.check(membership, "update", target, fields=data)
    with transaction.atomic():
        target = SalesTarget.objects.select_for_update().get(pk=target.pk)
        before = snapshot(target, TARGET_FIELDS)
        apply_fields(target, {k: v for k, v in data.items() if v is not None})
        target.save()
        if changes := diff(before, snapshot(target, TARGET_FIELDS)):
            written(membership, "update", target, changes, "updated")
    return target


def delete_target(membership: Membership, target_id: Any) -> str:
    """Remove a target for good."""
    target = get_for(membership, SalesTarget, target_id, "delete")
    with transaction.atomic():
        gone = str(target.pk)
        written(membership, "delete", target, diff(snapshot(target, TARGET_FIELDS), {}), "deleted")
        target.delete()
    return gone


# --- commission rules ----------------------------------------------------------------------------------


def _validate_rule(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: CommissionRule | None = None
) -> None:
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
    if "rate" in data or instance is None:
        try:
            rate = Decimal(str(data.get("rate")))
        except InvalidOperation:
            rate = Decimal(-1)
        exponent = rate.as_tuple().exponent
        if not rate.is_finite() or not 0 <= rate <= 100 or not isinstance(exponent, int) or exponent < -4:
            errors.add("rate", "A percentage from 0 to 100 (at most 4 decimal places).", ErrorCode.OUT_OF_RANGE)
        else:
            rate = rate.quantize(Decimal("0.0001"))
        data["rate"] = rate
    if data.get("user") is not None:
        data["user"] = member_user(membership, data["user"], "userId", errors)
    if data.get("team") is not None:
        data["team"] = _team(errors, data["team"], "teamId")
    user = data.get("user", instance.user if instance else None)
    team = data.get("team", instance.team if instance else None)
    if user is not None and team is not None:
        errors.add("teamId", "A rule is for one salesperson or one team, not both.", ErrorCode.INVALID)
    if data.get("pipeline") is not None:
        data["pipeline"] = collect(errors, membership, Pipeline, data["pipeline"], "pipelineId")
    if data.get("product") is not None:
        data["product"] = collect(errors, membership, Product, data["product"], "productId")
    check_money(data, "min_amount", "currency", "minAmount", errors)
    _two_places(data, "min_amount", errors, "minAmount.amount")
    if instance is None and data.get("valid_from") is None:
        errors.add("validFrom", "The first day the rule holds.", ErrorCode.REQUIRED)
    start = data.get("valid_from") or (instance.valid_from if instance else None)
    end = data.get("valid_until", instance.valid_until if instance else None)
    if start is not None and end is not None and end < start:
        errors.add("validUntil", "The rule ends before it starts.", ErrorCode.INVALID)


def create_commission_rule(membership: Membership, data: dict[str, Any]) -> CommissionRule:
    """A new commission rule (admins: rules are workspace settings)."""
    policy.check(membership, "create", CommissionRule)
    data = {k: v for k, v in data.items() if v is not None}
    errors = ErrorCollector()
    _validate_rule(membership, data, errors)
    errors.raise_if_any()
    rule = CommissionRule()
    apply_fields(rule, data)
    with transaction.atomic():
        rule.save()
        created(membership, rule, RULE_FIELDS)
    return rule


def update_commission_rule(membership: Membership, rule_id: Any, data: dict[str, Any]) -> CommissionRule:
    """Change a rule; null clears an optional condition (user, team, pipeline, product, threshold, end)."""
    rule = get_for(membership, CommissionRule, rule_id, "update")
    errors = ErrorCollector()
    for required in ("name", "rate", "valid_from"):
        if required in data and data[required] is None:
            errors.add(required, "This field is required.", ErrorCode.REQUIRED)
            data.pop(required)
    _validate_rule(membership, data, errors, rule)
    errors.raise_if_any()
    policy.check(membership, "update", rule, fields=data)
    with transaction.atomic():
        rule = CommissionRule.objects.select_for_update().get(pk=rule.pk)
        before = snapshot(rule, RULE_FIELDS)
        apply_fields(rule, {k: blank_for(CommissionRule, k, v) for k, v in data.items()})
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError:  # user and team together after a partial change
            errors.add("teamId", "A rule is for one salesperson or one team, not both.", ErrorCode.INVALID)
            errors.raise_if_any()
        if changes := diff(before, snapshot(rule, RULE_FIELDS)):
            written(membership, "update", rule, changes, "updated")
    return rule


def delete_commission_rule(membership: Membership, rule_id: Any) -> str:
    """Remove a rule for good (statements are computed, so past ones change with it)."""
    rule = get_for(membership, CommissionRule, rule_id, "delete")
    with transaction.atomic():
        gone = str(rule.pk)
        written(membership, "delete", rule, diff(snapshot(rule, RULE_FIELDS), {}), "deleted")
        rule.delete()
    return gone
