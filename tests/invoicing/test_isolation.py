"""Tenant A can neither read nor change tenant B's invoices, payments, balances, PDFs or exports."""

from __future__ import annotations

from typing import Any

import pytest

from saas.invoicing.models import Invoice, Payment
from tests.conftest import Workspace

from .conftest import codes, company, create_invoice, issue, line, mutate, ok, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    bravo = company(workspace_b, "Bravo secret customer")
    invoice = issue(workspace_b, create_invoice(workspace_b, bravo, [line("Secret", "1", "100")])["id"])
    paid = ok(pay(workspace_b, invoice["id"], "10"))["invoice"]
    draft = create_invoice(workspace_b, bravo, [line("Draft", "1", "5")])
    return {"company": bravo, "invoice": invoice, "draft": draft, "payment": paid["payments"][0]["id"]}


def test_reads_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, Any]) -> None:
    data = workspace_a.api.data("{ invoices { totalCount } customerBalances { companyName } }")
    assert data == {"invoices": {"totalCount": 0}, "customerBalances": []}
    node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["invoice"]["id"]})
    assert node["node"] is None
    balances = workspace_a.api.data(
        "query($c: ID) { customerBalances(companyId: $c) { companyName } }", {"c": theirs["company"]}
    )
    assert balances["customerBalances"] == []
    bearer = f"Bearer {workspace_a.token}"
    assert workspace_a.api.http.get(theirs["invoice"]["pdfUrl"], HTTP_AUTHORIZATION=bearer).status_code == 404
    export: Any = workspace_a.api.http.get("/exports/invoices.csv", HTTP_AUTHORIZATION=bearer)
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200 and b"Bravo" not in body


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    invoice, draft = theirs["invoice"]["id"], theirs["draft"]["id"]
    assert codes(mutate(workspace_a, "updateInvoice", {"id": draft, "notes": "x"})) == [("id", "not_found")]
    assert codes(mutate(workspace_a, "issueInvoice", {"id": draft})) == [("id", "not_found")]
    assert codes(mutate(workspace_a, "voidInvoice", {"id": draft})) == [("id", "not_found")]
    assert codes(pay(workspace_a, invoice, "1")) == [("invoiceId", "not_found")]
    refused = mutate(workspace_a, "deletePayment", {"invoiceId": invoice, "paymentId": theirs["payment"]})
    assert codes(refused) == [("invoiceId", "not_found")]
    refused = mutate(workspace_a, "createInvoice", {"companyId": theirs["company"], "lines": []})
    assert codes(refused) == [("companyId", "not_found")]
    workspace_b.activate()
    assert Invoice.objects.filter(status="partially_paid").count() == 1 and Payment.objects.count() == 1
    assert Invoice.objects.get(number__isnull=True).notes == ""
    workspace_a.activate()
    assert Invoice.objects.count() == 0
