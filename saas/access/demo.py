"""Teams of the demo workspace: the manager runs a team of the two sales people."""

from __future__ import annotations

from typing import Any

from tenants.models import Membership, Role

from .models import Team, TeamMember


def seed_teams(tenant: Any, members: list[Any]) -> None:
    roles = {m.user_id: m.role for m in Membership.objects.filter(tenant=tenant, user__in=members)}
    team, _ = Team.objects.get_or_create(name="Field sales", defaults={"description": "New business, north region"})
    for user in members:
        role = roles.get(user.pk)
        if role in {Role.MANAGER, Role.SALES}:
            TeamMember.objects.get_or_create(team=team, user_id=user.pk, defaults={"is_manager": role == Role.MANAGER})
