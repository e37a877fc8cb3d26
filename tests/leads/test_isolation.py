"""Tenant A can neither read nor change tenant B's leads, rules or settings, by any query, mutation or id."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.leads.models import Lead
from tenants import services
from tests.conftest import Workspace
from tests.customers.conftest import create_company, gid

from .conftest import create_lead, mutate, team

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, str]:
    """Tenant B's lead, activity, rules, team and company, by global id."""
    lead = create_lead(workspace_b, name="Bravo Secret Lead", companyName="Bravo Secret Co", email="s@bravo.example")
    activity = mutate(workspace_b, "logLeadActivity", {"leadId": lead["id"], "kind": "CALL"}, "leadActivity { id }")
    scoring = mutate(
        workspace_b, "createScoringRule", {"field": "REGION", "value": "x", "points": 1}, "scoringRule { id }"
    )
    bravo_team = team(workspace_b, "Bravo team", workspace_b)
    assignment = mutate(
        workspace_b,
        "createAssignmentRule",
        {"name": "B", "teamId": gid("Team", bravo_team.pk)},
        "assignmentRule { id }",
    )
    company = create_company(workspace_b, name="Bravo Holding")
    return {
        "lead": lead["id"],
        "activity": activity["leadActivity"]["id"],
        "scoring": scoring["scoringRule"]["id"],
        "assignment": assignment["assignmentRule"]["id"],
        "team": gid("Team", bravo_team.pk),
        "company": company["id"],
        "user": gid("User", workspace_b.owner.pk),
    }


def test_lists_nodes_and_settings_show_nothing_of_another_tenant(
    workspace_a: Workspace, theirs: dict[str, str]
) -> None:
    data = workspace_a.api.data(
        "{ leads { totalCount } deletedLeads { totalCount } leadScoring { rules { id } } leadAssignmentRules { id } }"
    )
    assert data == {
        "leads": {"totalCount": 0},
        "deletedLeads": {"totalCount": 0},
        "leadScoring": {"rules": []},
        "leadAssignmentRules": [],
    }
    for key in ("lead", "activity"):
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs[key]}) == {"node": None}


def mutations(t: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("updateLead", {"id": t["lead"], "name": "Stolen"}),
        ("deleteLead", {"id": t["lead"]}),
        ("restoreLead", {"id": t["lead"]}),
        ("deleteLeads", {"leadIds": [t["lead"]]}),
        ("restoreLeads", {"leadIds": [t["lead"]]}),
        ("logLeadActivity", {"leadId": t["lead"], "kind": "CALL"}),
        ("convertLead", {"leadId": t["lead"]}),
        ("updateScoringRule", {"id": t["scoring"], "points": 99}),
        ("deleteScoringRule", {"id": t["scoring"]}),
        ("updateAssignmentRule", {"id": t["assignment"], "name": "Stolen"}),
        ("deleteAssignmentRule", {"id": t["assignment"]}),
        ("createAssignmentRule", {"name": "Theirs", "teamId": t["team"]}),
        ("createLead", {"name": "X", "ownerId": t["user"]}),
    ]


def test_mutations_cannot_touch_another_tenant(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, str]
) -> None:
    workspace_b.activate()
    before = AuditEntry.objects.count()
    for name, input in mutations(theirs):
        payload = mutate(workspace_a, name, input)
        assert payload["errors"], f"{name} accepted another tenant's ids"
        assert {e["code"] for e in payload["errors"]} <= {"not_found", "invalid"}, (name, payload["errors"])
    # Converting one of A's leads into B's company is refused as well.
    ours = create_lead(workspace_a, name="Alpha lead", companyName="Alpha Co")
    refused = mutate(workspace_a, "convertLead", {"leadId": ours["id"], "companyId": theirs["company"]})
    assert [e["code"] for e in refused["errors"]] == ["not_found"]
    workspace_b.activate()
    assert AuditEntry.objects.count() == before
    assert Lead.objects.get().name == "Bravo Secret Lead" and Lead.objects.get().status == "new"


def test_exports_hold_only_the_workspace_own_leads(workspace_a: Workspace, workspace_b: Workspace) -> None:
    create_lead(workspace_a, name="Alpha lead")
    create_lead(workspace_b, name="Bravo lead one")
    create_lead(workspace_b, name="Bravo lead two")

    def export(ws: Workspace, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get("/exports/leads.csv", HTTP_AUTHORIZATION=f"Bearer {ws.token}")

    assert export(workspace_b, workspace_a).status_code == 401  # B's owner is nobody on A's host
    response = export(workspace_a, workspace_a)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == ["Alpha lead"]
