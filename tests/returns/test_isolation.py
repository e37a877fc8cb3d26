"""Tenant A can neither read nor change tenant B's returns and claims: lists, node, mutations, exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.invoicing.models import Invoice
from saas.returns.models import Claim, ReturnLine, ReturnRequest
from tenants import services
from tests.conftest import Workspace

from .conftest import codes, mutate, request_return, returning, sold, submit_claim

pytestmark = pytest.mark.django_db

LISTS = ("returnRequests", "deletedReturnRequests", "claims", "deletedClaims")


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    sale = sold(workspace_b, "Bravo customer")
    customer, order, line = sale["company"], sale["order"], sale["seats"]
    request = request_return(workspace_b, order, [(line, "1")], notes="Bravo secret")
    claim = submit_claim(workspace_b, customer, description="Bravo secret claim")
    return {"company": customer, "order": order, "line": line, "request": request["id"], "claim": claim["id"]}


def _theirs_now(ws: Workspace) -> Any:
    ws.activate()
    return (AuditEntry.objects.count(), list(ReturnRequest.all_objects.values_list("status", "notes", "deleted_at")),
            list(Claim.all_objects.values_list("status", "description", "deleted_at")), ReturnLine.objects.count(),
            Invoice.objects.count())  # fmt: skip


def test_lists_and_node_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, Any]) -> None:
    data = workspace_a.api.data("{ " + " ".join(f"{name} {{ totalCount }}" for name in LISTS) + " }")
    assert data == {name: {"totalCount": 0} for name in LISTS}
    for key in ("request", "claim"):
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs[key]})["node"] is None


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    before = _theirs_now(workspace_b)
    workspace_a.activate()
    not_found = [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateReturnRequest", {"id": theirs["request"], "notes": "x"})) == not_found
    assert codes(mutate(workspace_a, "moveReturnRequest", {"id": theirs["request"], "status": "APPROVED"})) == not_found
    assert codes(mutate(workspace_a, "deleteReturnRequest", {"id": theirs["request"]})) == not_found
    assert codes(mutate(workspace_a, "updateClaim", {"id": theirs["claim"], "description": "x"})) == not_found
    assert codes(mutate(workspace_a, "moveClaim", {"id": theirs["claim"], "status": "UNDER_REVIEW"})) == not_found
    assert codes(mutate(workspace_a, "deleteClaim", {"id": theirs["claim"]})) == not_found
    # their order, company and order lines cannot be used by us
    refused = mutate(workspace_a, "createReturnRequest", returning(theirs["order"], [(theirs["line"], "1")],
                     companyId=theirs["company"]))  # fmt: skip
    assert sorted(codes(refused)) == [("companyId", "not_found"), ("orderId", "not_found")]
    refused = mutate(workspace_a, "createClaim", {"companyId": theirs["company"], "description": "x",
                     "amountClaimed": "1", "orderId": theirs["order"]})  # fmt: skip
    assert sorted(codes(refused)) == [("companyId", "not_found"), ("orderId", "not_found")]
    assert _theirs_now(workspace_b) == before
    workspace_a.activate()
    assert ReturnRequest.all_objects.count() == 0 and Claim.all_objects.count() == 0


@pytest.mark.parametrize("name", ["returns", "claims"])
def test_exports_hold_only_the_workspace_own_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any], name: str
) -> None:
    sale = sold(workspace_a, "Alpha customer")
    request_return(workspace_a, sale["order"], [(sale["seats"], "1")])
    submit_claim(workspace_a, sale["company"])

    def export(ws: Workspace, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get(f"/exports/{name}.csv?columns=company", HTTP_AUTHORIZATION=f"Bearer {ws.token}")

    assert export(workspace_b, workspace_a).status_code == 401
    response = export(workspace_a, workspace_a)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Alpha customer" in body and "Bravo" not in body
    assert len(list(csv.reader(io.StringIO(body)))) == 2
