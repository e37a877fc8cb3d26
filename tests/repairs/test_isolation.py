"""Tenant A can neither read nor change tenant B's warranties and repair orders: lists, node, mutations, exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.invoicing.models import Invoice
from saas.repairs.models import RepairLine, RepairOrder, Warranty
from tenants import services
from tests.catalog.conftest import ok, product
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.service.conftest import create_ticket

from .conftest import add_line, codes, create_repair, create_warranty, mutate

pytestmark = pytest.mark.django_db

LISTS = ("warranties", "deletedWarranties", "repairOrders", "deletedRepairOrders")


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    company = str(create_company(workspace_b, name="Bravo customer")["id"])
    machine = product(workspace_b, "BRAVO-1", "Bravo machine")
    warranty = create_warranty(workspace_b, company, machine, serialNumber="BRAVO-SN")
    repair = create_repair(workspace_b, company, productId=machine, serialNumber="BRAVO-SN", problem="Bravo secret")
    line = ok(add_line(workspace_b, repair["id"], kind="LABOUR", quantity="1", unitPrice="70"))
    ticket = create_ticket(workspace_b.api, companyId=company)
    return {"company": company, "product": machine, "warranty": warranty["id"], "repair": repair["id"],
            "line": line["repairOrder"]["lines"][0]["id"], "ticket": ticket["id"]}  # fmt: skip


def test_lists_and_node_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, Any]) -> None:
    data = workspace_a.api.data("{ " + " ".join(f"{name} {{ totalCount }}" for name in LISTS) + " }")
    assert data == {name: {"totalCount": 0} for name in LISTS}
    for key in ("warranty", "repair"):
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs[key]})["node"] is None


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    workspace_b.activate()
    before = (AuditEntry.objects.count(), list(RepairOrder.objects.values_list("status", "problem", "total")),
              list(Warranty.objects.values_list("serial_number", "voided_at")), RepairLine.objects.count())  # fmt: skip
    workspace_a.activate()
    not_found = [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateWarranty", {"id": theirs["warranty"], "notes": "x"})) == not_found
    assert codes(mutate(workspace_a, "voidWarranty", {"id": theirs["warranty"]})) == not_found
    assert codes(mutate(workspace_a, "deleteWarranty", {"id": theirs["warranty"]})) == not_found
    assert codes(mutate(workspace_a, "updateRepairOrder", {"id": theirs["repair"], "diagnosis": "x"})) == not_found
    assert codes(mutate(workspace_a, "moveRepairOrder", {"id": theirs["repair"], "status": "DIAGNOSING"})) == not_found
    for name in ("deleteRepairOrder", "invoiceRepairOrder"):
        assert codes(mutate(workspace_a, name, {"id": theirs["repair"]})) == not_found, name
    assert codes(
        mutate(workspace_a, "addRepairLine", {"repairOrderId": theirs["repair"], "kind": "OTHER", "unitPrice": "1"})
    ) == [("repairOrderId", "not_found")]
    assert codes(mutate(workspace_a, "updateRepairLine", {"lineId": theirs["line"], "unitPrice": "1"})) == [
        ("lineId", "not_found")
    ]
    assert codes(mutate(workspace_a, "removeRepairLine", {"lineId": theirs["line"]})) == [("lineId", "not_found")]
    # their company, product, ticket and warranty cannot be used by us
    refused = mutate(
        workspace_a,
        "createRepairOrder",
        {
            "companyId": theirs["company"],
            "problem": "x",
            "productId": theirs["product"],
            "ticketId": theirs["ticket"],
            "warrantyId": theirs["warranty"],
        },
    )
    assert sorted(codes(refused)) == [("companyId", "not_found"), ("productId", "not_found"),
                                      ("ticketId", "not_found"), ("warrantyId", "not_found")]  # fmt: skip
    refused = mutate(workspace_a, "createWarranty", {"companyId": theirs["company"], "productId": theirs["product"],
                     "serialNumber": "x", "startDate": "2026-01-01", "endDate": "2026-12-31"})  # fmt: skip
    assert sorted(codes(refused)) == [("companyId", "not_found"), ("productId", "not_found")]
    workspace_b.activate()
    after = (AuditEntry.objects.count(), list(RepairOrder.objects.values_list("status", "problem", "total")),
             list(Warranty.objects.values_list("serial_number", "voided_at")), RepairLine.objects.count())  # fmt: skip
    assert after == before and Invoice.objects.count() == 0
    workspace_a.activate()
    assert RepairOrder.all_objects.count() == 0 and Warranty.all_objects.count() == 0


def test_a_warranty_of_another_tenant_is_never_matched(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    company = str(create_company(workspace_a, name="Alpha customer")["id"])
    machine = product(workspace_a, "ALPHA-1", "Alpha machine")
    repair = create_repair(workspace_a, company, productId=machine, serialNumber="BRAVO-SN")
    assert repair["warranty"] is None


@pytest.mark.parametrize("name", ["warranties", "repairs"])
def test_exports_hold_only_the_workspace_own_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any], name: str
) -> None:
    company = str(create_company(workspace_a, name="Alpha customer")["id"])
    machine = product(workspace_a, "ALPHA-1", "Alpha machine")
    create_warranty(workspace_a, company, machine, serialNumber="ALPHA-SN")
    create_repair(workspace_a, company, productId=machine, serialNumber="ALPHA-SN")

    def export(ws: Workspace, host_of: Workspace) -> Any:
        client = Client(HTTP_HOST=services.tenant_host(host_of.subdomain))
        return client.get(f"/exports/{name}.csv?columns=company", HTTP_AUTHORIZATION=f"Bearer {ws.token}")

    assert export(workspace_b, workspace_a).status_code == 401
    response = export(workspace_a, workspace_a)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Alpha customer" in body and "Bravo" not in body
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
