"""How forecasting plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from saas.access.registry import register

from .models import CommissionRule, PeriodKind, SalesTarget

# Targets: managers and admins set them (managers for anyone: a team's target has no owner to scope
# by); everyone else reads their own and their teams' targets (``team_targets``) and changes none.
TARGET_ROLES = {
    "manager": {"create": "all", "read": "all", "update": "all", "delete": "all", "export": "all"},
    **{
        role: {"create": "none", "read": "own", "update": "none", "delete": "none", "export": "none"}
        for role in ("sales", "marketing", "service", "read_only")
    },
}
# Commission rules are workspace settings: members read them, owners and admins shape them.
SETTINGS_ONLY = {
    role: {"create": "none", "update": "none", "delete": "none"}
    for role in ("manager", "sales", "marketing", "service", "read_only")
}


def team_targets(membership: Any) -> Q:
    """The targets of the teams the member belongs to: readable besides their own."""
    from saas.access.models import TeamMember

    return Q(team_id__in=TeamMember.objects.filter(user_id=membership.user_id).values("team_id"))


def new_target(owner_id: int | None) -> SalesTarget:
    from saas.access.models import Team

    team = None if owner_id is not None else Team.objects.get_or_create(name="Matrix team")[0]
    start = date(2026, 1, 1)
    taken = SalesTarget.objects.filter(team=team) if owner_id is None else SalesTarget.objects.filter(user_id=owner_id)
    while taken.filter(period_start=start).exists():
        start = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return SalesTarget.objects.create(
        user_id=owner_id, team=team, period_kind=PeriodKind.MONTH, period_start=start, amount=5000, currency="USD"
    )


def new_rule(owner_id: int | None) -> CommissionRule:
    return CommissionRule.objects.create(name="Matrix rule", rate=5, valid_from=date(2026, 1, 1))


def register_record_types() -> None:
    register(
        SalesTarget,
        owner_field="user",
        sensitive_fields=("amount",),
        factory=new_target,
        role_overrides=TARGET_ROLES,
        readable_when=team_targets,
        field_overrides={"sales": {"amount": None}},  # sellers see their own quota, as their deals' amounts
    )
    register(CommissionRule, owner_field=None, factory=new_rule, role_overrides=SETTINGS_ONLY)
