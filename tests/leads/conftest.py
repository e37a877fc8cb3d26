from __future__ import annotations

from typing import Any

from saas.access.models import Team, TeamMember
from tenants import services
from tenants.models import Membership, Role, User
from tests.conftest import PASSWORD, Workspace

LEAD_FIELDS = "id name companyName email phone status source score region industry owner { id }"


def mutate(ws: Workspace, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    """Run ``name(input:)`` and return its payload (``errors`` always selected)."""
    input_type = name[0].upper() + name[1:] + "Input"
    if name in ("deleteLead", "restoreLead"):
        input_type = "LeadIdInput"
    if name in ("deleteLeads", "restoreLeads"):
        input_type = "LeadIdsInput"
    if name in ("deleteCampaign", "restoreCampaign"):
        input_type = "CampaignIdInput"
    if name in ("deleteCampaigns", "restoreCampaigns"):
        input_type = "CampaignIdsInput"
    if name in ("deleteScoringRule", "deleteAssignmentRule"):
        input_type = "RuleIdInput"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def create_lead(ws: Workspace, **fields: Any) -> dict[str, Any]:
    payload = mutate(ws, "createLead", fields, f"lead {{ {LEAD_FIELDS} }}")
    assert payload["errors"] == [], payload["errors"]
    return payload["lead"]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def member(ws: Workspace, email: str, role: str = Role.SALES) -> Workspace:
    user = User.objects.create_user(email=email, password=PASSWORD)
    Membership.objects.create(user=user, tenant=ws.tenant, role=role)
    return Workspace(ws.tenant, user, services.issue_token(user), ws.subdomain)


def team(ws: Workspace, name: str, *members: Workspace) -> Team:
    ws.activate()
    made = Team.objects.create(name=name)
    for seat in members:
        TeamMember.objects.create(team=made, user_id=seat.owner.pk)
    return made


CAMPAIGN_FIELDS = (
    "id name type status startDate endDate currency formKey owner { id } budget { amount currency }"
    " actualCost { amount currency } expectedRevenue { amount currency } leadsCount convertedCount"
    " conversionRate wonAmount { amount currency } costPerLead { amount currency } roi"
)


def create_campaign(ws: Workspace, **fields: Any) -> dict[str, Any]:
    payload = mutate(ws, "createCampaign", {"name": "Campaign", **fields}, f"campaign {{ {CAMPAIGN_FIELDS} }}")
    assert payload["errors"] == [], payload["errors"]
    return payload["campaign"]
