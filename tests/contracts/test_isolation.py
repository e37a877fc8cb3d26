"""Tenant A can neither read nor change tenant B's contracts and plans: lists, node, mutations, exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.contracts.models import Contract, PlanStep
from tenants import services
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import act, codes, contract_of, create_contract, make_order, mutate

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    company = create_company(workspace_b, name="Bravo customer")["id"]
    contract = create_contract(workspace_b, company, title="Bravo secret contract")
    contract_of(act(workspace_b, "activateContract", contract["id"]))
    order = make_order(workspace_b, company)
    given = {"companyId": company, "goal": "Bravo goal", "steps": [{"title": "Bravo step"}]}
    plan = ok(mutate(workspace_b, "createDevelopmentPlan", given, "developmentPlan { id steps { id } }"))
    plan = plan["developmentPlan"]
    return {"company": company, "contract": contract["id"], "order": order["id"], "plan": plan["id"],
            "step": plan["steps"][0]["id"]}  # fmt: skip


def test_lists_and_node_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, Any]) -> None:
    data = workspace_a.api.data(
        "{ contracts { totalCount } deletedContracts { totalCount } developmentPlans { totalCount } }"
    )
    assert data == {key: {"totalCount": 0} for key in ("contracts", "deletedContracts", "developmentPlans")}
    for key in ("contract", "plan"):
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs[key]})["node"] is None


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, company: str, theirs: dict[str, Any]
) -> None:
    workspace_b.activate()
    before = AuditEntry.objects.count()
    not_found = [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateContract", {"id": theirs["contract"], "title": "x"})) == not_found
    for move in ("activateContract", "terminateContract", "renewContract", "deleteContract"):
        assert codes(mutate(workspace_a, move, {"id": theirs["contract"]})) == not_found, move
    assert codes(mutate(workspace_a, "updateDevelopmentPlan", {"id": theirs["plan"], "goal": "x"})) == not_found
    assert codes(mutate(workspace_a, "addPlanStep", {"planId": theirs["plan"], "title": "x"})) == [
        ("planId", "not_found")
    ]
    for name in ("completePlanStep", "deletePlanStep"):
        assert codes(mutate(workspace_a, name, {"stepId": theirs["step"]})) == [("stepId", "not_found")], name
    # their company and order cannot be used by us
    refused = mutate(workspace_a, "createContract", {"title": "x", "companyId": theirs["company"],
                     "startDate": "2027-01-01", "endDate": "2027-02-01"})  # fmt: skip
    assert codes(refused) == [("companyId", "not_found")]
    assert codes(mutate(workspace_a, "createContractFromOrder", {"orderId": theirs["order"]})) == [
        ("orderId", "not_found")
    ]
    workspace_b.activate()
    assert AuditEntry.objects.count() == before
    assert Contract.objects.get().title == "Bravo secret contract" and Contract.objects.get().status == "active"
    assert PlanStep.objects.get().done is False
    workspace_a.activate()
    assert Contract.objects.count() == 0


def test_exports_hold_only_the_workspace_own_contracts(
    workspace_a: Workspace, workspace_b: Workspace, company: str, theirs: dict[str, Any]
) -> None:
    create_contract(workspace_a, company, title="Alpha contract")

    def export(ws: Workspace, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get("/exports/contracts.csv", HTTP_AUTHORIZATION=f"Bearer {ws.token}")

    assert export(workspace_b, workspace_a).status_code == 401
    response = export(workspace_a, workspace_a)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == ["Alpha contract"]
