"""The access module as the platform sees it (see saas.modules): its demo teams.

Its record types are the other modules'; it registers none of its own.
"""

from __future__ import annotations

from typing import Any

from saas.audit.models import AuditEntry
from saas.modules import GettingStartedStep, Module
from tenants.models import Invitation, Membership

from .demo import seed_teams
from .models import CustomRole


def _invited(tenant: Any) -> bool:
    invited = Invitation.objects.filter(tenant_id=tenant.pk).exists()
    return invited or Membership.objects.filter(tenant_id=tenant.pk).count() > 1


def _roles(tenant: Any) -> bool:
    # A custom role, or a change to what a role may do (field rules, team scopes) or to a team.
    return CustomRole.objects.exists() or AuditEntry.objects.filter(record_type__in=["Role", "Team"]).exists()


def _settings(tenant: Any) -> bool:
    return AuditEntry.objects.filter(record_type__in=["Workspace", "PoolRule"]).exists()


ACCESS = Module(
    name="access",
    demo_seeders=(seed_teams,),
    getting_started=(
        GettingStartedStep("inviteMember", 10, _invited),
        GettingStartedStep("setUpRoles", 50, _roles),
        GettingStartedStep("customiseSettings", 60, _settings),
    ),
)
