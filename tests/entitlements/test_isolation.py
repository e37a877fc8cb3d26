"""Tenant A can neither read nor change nor use tenant B's entitlements: lists, node, ticket link, mutations,
exports, the expiry job."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.entitlements import tasks
from saas.entitlements.models import Entitlement, EntitlementUsage
from tenants import services
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import codes, create_entitlement, mutate, open_ticket, ticket_entitlement, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    company = create_company(workspace_b, name="Bravo customer")["id"]
    made = create_entitlement(workspace_b, company, name="Bravo secret support", allowance="5")
    ticket = open_ticket(workspace_b, company)
    return {"company": company, "entitlement": made["id"], "ticket": ticket}


def test_lists_node_and_ticket_link_show_nothing_of_another_tenant(
    workspace_a: Workspace, theirs: dict[str, Any]
) -> None:
    data = workspace_a.api.data("{ entitlements { totalCount } deletedEntitlements { totalCount } }")
    assert data == {"entitlements": {"totalCount": 0}, "deletedEntitlements": {"totalCount": 0}}
    node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["entitlement"]})
    assert node["node"] is None
    assert ticket_entitlement(workspace_a, theirs["ticket"]) is None


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, company: str, theirs: dict[str, Any]
) -> None:
    workspace_b.activate()
    before = (AuditEntry.objects.count(), EntitlementUsage.objects.count())
    not_found = [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateEntitlement", {"id": theirs["entitlement"], "name": "x"})) == not_found
    for name in ("cancelEntitlement", "deleteEntitlement", "restoreEntitlement"):
        assert codes(mutate(workspace_a, name, {"id": theirs["entitlement"]})) == not_found, name
    refused = mutate(workspace_a, "createEntitlement", {"name": "x", "companyId": theirs["company"], "allowance": "1",
                     "startDate": "2027-01-01", "endDate": "2027-02-01"})  # fmt: skip
    assert codes(refused) == [("companyId", "not_found")]
    # their ticket cannot be linked, unlinked or charged; our ticket cannot use their entitlement
    link = {"ticketId": theirs["ticket"], "entitlementId": theirs["entitlement"]}
    assert codes(mutate(workspace_a, "linkTicketEntitlement", link)) in (
        [("entitlementId", "not_found")],
        [("ticketId", "not_found")],
    )
    assert codes(mutate(workspace_a, "unlinkTicketEntitlement", {"ticketId": theirs["ticket"]})) == [
        ("ticketId", "not_found")
    ]
    hours = {"ticketId": theirs["ticket"], "hours": "1"}
    assert codes(mutate(workspace_a, "recordEntitlementHours", hours)) == [("ticketId", "not_found")]
    ours = open_ticket(workspace_a, company)
    assert codes(mutate(workspace_a, "linkTicketEntitlement", {"ticketId": ours,
                 "entitlementId": theirs["entitlement"]})) == [("entitlementId", "not_found")]  # fmt: skip
    workspace_b.activate()
    assert (AuditEntry.objects.count(), EntitlementUsage.objects.count()) == before
    made = Entitlement.objects.get()
    assert (made.name, made.used, made.status) == ("Bravo secret support", 1, "active")
    workspace_a.activate()
    assert Entitlement.all_objects.count() == 0 and EntitlementUsage.objects.count() == 0


def test_exports_and_the_expiry_job_stay_in_their_workspace(
    workspace_a: Workspace, workspace_b: Workspace, company: str, theirs: dict[str, Any]
) -> None:
    create_entitlement(workspace_a, company, name="Alpha support")

    def export(ws: Workspace, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get("/exports/entitlements.csv", HTTP_AUTHORIZATION=f"Bearer {ws.token}")

    assert export(workspace_b, workspace_a).status_code == 401
    response = export(workspace_a, workspace_a)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Alpha support"]

    for ws in (workspace_a, workspace_b):
        ws.activate()
        Entitlement.objects.update(end_date=today() - timedelta(days=1))
    workspace_a.activate()
    assert tasks.expire_entitlements.apply_async(headers={"_schema_name": workspace_a.tenant.schema_name}).get() == 1
    workspace_b.activate()
    assert Entitlement.objects.get().status == "active"  # only A's job ran
