"""Invoices: drafts with lines priced by the one pricing, issuing, voiding, and invoicing an order."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from saas.invoicing.models import Invoice, InvoiceLine
from tests.conftest import Workspace

from .conftest import (
    INVOICE_FIELDS,
    codes,
    company,
    create_invoice,
    issue,
    line,
    mutate,
    ok,
    order_for,
    pay,
)

pytestmark = pytest.mark.django_db


def test_a_draft_adds_up_its_lines_with_each_lines_tax_rate(workspace_a: Workspace, globex: str) -> None:
    invoice = create_invoice(
        workspace_a,
        globex,
        [
            line("Seats", "3", "19.99", "20", discount="10"),
            line("Setup", "1", "100", "20"),
            line("Book", "2", "5", "7"),
        ],
        currency="eur",
    )
    assert invoice["status"] == "DRAFT" and invoice["number"] is None and invoice["displayNumber"] == "Draft"
    assert invoice["currency"] == "EUR"
    # 3 x 19.99 less 10 % = 53.973 → 53.97; 100; 10
    assert [x["amount"]["amount"] for x in invoice["lines"]] == ["53.97", "100.00", "10.00"]
    assert invoice["subtotal"] == {"amount": "163.97", "currency": "EUR"}
    # 20 % of 153.97 = 30.794 → 30.79 (once per rate), 7 % of 10 = 0.70
    assert invoice["taxes"] == [{"rate": "20%", "amount": "30.79"}, {"rate": "7%", "amount": "0.70"}]
    assert invoice["taxAmount"]["amount"] == "31.49" and invoice["total"]["amount"] == "195.46"
    assert invoice["balance"] == {"amount": "195.46", "currency": "EUR"} and invoice["payments"] == []


def test_a_draft_is_edited_and_repriced_then_issued_with_a_number_and_a_due_date(
    workspace_a: Workspace, globex: str
) -> None:
    draft = create_invoice(workspace_a, globex, [line("Seats", "1", "10")], paymentTermsDays=10)
    changed = ok(
        mutate(
            workspace_a,
            "updateInvoice",
            {"id": draft["id"], "lines": [line("Seats", "4", "10", "10")], "notes": "Thanks"},
            f"invoice {{ {INVOICE_FIELDS} }}",
        )
    )["invoice"]
    assert changed["total"]["amount"] == "44.00" and changed["notes"] == "Thanks"
    first = issue(workspace_a, draft["id"])
    today = datetime.datetime.now(datetime.UTC).date()
    assert first["status"] == "ISSUED" and first["number"] == 1 and first["displayNumber"] == "INV-00001"
    assert first["issueDate"] == today.isoformat()
    assert first["dueDate"] == (today + datetime.timedelta(days=10)).isoformat() and first["isOverdue"] is False
    second = issue(workspace_a, create_invoice(workspace_a, globex, [line("More", "1", "1")])["id"])
    assert second["number"] == 2
    # an issued invoice no longer changes, and is not issued twice
    refused = mutate(workspace_a, "updateInvoice", {"id": draft["id"], "notes": "x"}, "invoice { id }")
    assert codes(refused) == [("id", "invalid_transition")]
    assert codes(mutate(workspace_a, "issueInvoice", {"id": draft["id"]})) == [("id", "invalid_transition")]
    workspace_a.activate()
    assert Invoice.objects.get(number=1).notes == "Thanks"


def test_bad_input_changes_nothing(workspace_a: Workspace, globex: str) -> None:
    refused = mutate(
        workspace_a,
        "createInvoice",
        {"companyId": globex, "lines": [line("", "0", "1"), line("x", "1", "1.00001", "101")], "currency": "dollars"},
        "invoice { id }",
    )
    assert set(codes(refused)) == {
        ("lines.0.description", "required"),
        ("lines.0.quantity", "out_of_range"),
        ("lines.1.unitPrice", "invalid_amount"),
        ("lines.1.taxRate", "out_of_range"),
        ("currency", "invalid_format"),
    }
    negative = mutate(workspace_a, "createInvoice", {"companyId": globex, "lines": [line("Credit", "1", "-5")]})
    assert codes(negative) == [("lines", "out_of_range")]
    empty = create_invoice(workspace_a, globex, [])
    assert codes(mutate(workspace_a, "issueInvoice", {"id": empty["id"]})) == [("lines", "required")]
    workspace_a.activate()
    assert Invoice.objects.count() == 1 and InvoiceLine.objects.count() == 0
    assert Invoice.objects.get().status == "draft"


def test_lifecycle_refuses_invalid_transitions_and_changes_nothing(
    workspace_a: Workspace, globex: str, issued: dict[str, Any]
) -> None:
    ok(pay(workspace_a, issued["id"], "100"))
    # partially paid: cannot be voided or issued again
    assert codes(mutate(workspace_a, "voidInvoice", {"id": issued["id"]})) == [("id", "invalid_transition")]
    assert codes(mutate(workspace_a, "issueInvoice", {"id": issued["id"]})) == [("id", "invalid_transition")]
    # a draft cannot be paid; a void one neither, nor issued, nor voided again
    draft = create_invoice(workspace_a, globex, [line("x", "1", "10")])
    assert codes(pay(workspace_a, draft["id"], "1")) == [("invoiceId", "invalid_transition")]
    ok(mutate(workspace_a, "voidInvoice", {"id": draft["id"]}, "invoice { status }"))
    assert codes(pay(workspace_a, draft["id"], "1")) == [("invoiceId", "invalid_transition")]
    assert codes(mutate(workspace_a, "issueInvoice", {"id": draft["id"]})) == [("id", "invalid_transition")]
    assert codes(mutate(workspace_a, "voidInvoice", {"id": draft["id"]})) == [("id", "invalid_transition")]
    workspace_a.activate()
    paid = Invoice.objects.get(pk=Invoice.objects.get(number=1).pk)
    assert paid.status == "partially_paid" and paid.amount_paid == 100 and paid.voided_at is None
    assert Invoice.objects.get(number__isnull=True).status == "void"


def test_an_issued_invoice_without_payments_can_be_voided(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    voided = ok(mutate(workspace_a, "voidInvoice", {"id": issued["id"]}, "invoice { status isOverdue }"))["invoice"]
    assert voided == {"status": "VOID", "isOverdue": False}


def test_invoicing_an_order_makes_one_draft_from_its_lines_and_adds_up_to_the_order(
    workspace_a: Workspace, catalogue: dict[str, str], globex: str
) -> None:
    order = order_for(workspace_a, catalogue, globex)
    first = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, f"invoice {{ {INVOICE_FIELDS} }}"))
    invoice = first["invoice"]
    assert invoice["status"] == "DRAFT" and invoice["order"] == {"id": order["id"]}
    assert invoice["company"]["id"] == globex
    assert [x["description"] for x in invoice["lines"]] == ["Seat licence", "Onboarding", "Discount 10%"]
    assert invoice["total"]["amount"] == order["total"]["amount"] == "3326.39"
    # idempotent: the same invoice again, no second one
    again = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }"))["invoice"]
    assert again["id"] == invoice["id"]
    workspace_a.activate()
    assert Invoice.objects.count() == 1 and InvoiceLine.objects.count() == 3
    # once voided, the order can be invoiced anew
    ok(mutate(workspace_a, "voidInvoice", {"id": invoice["id"]}, "invoice { id }"))
    fresh = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id status }"))["invoice"]
    assert fresh["id"] != invoice["id"] and fresh["status"] == "DRAFT"


def test_an_order_whose_deal_has_no_company_is_not_invoiced(workspace_a: Workspace, catalogue: dict[str, str]) -> None:
    from tests.catalog.conftest import create_quote
    from tests.catalog.conftest import mutate as catalog_mutate

    quote = create_quote(workspace_a, catalogue["deal"], [{"productId": catalogue["seat"], "quantity": "1"}])
    ok(catalog_mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(catalog_mutate(workspace_a, "acceptQuote", {"id": quote["id"]}, "order { id }"))["order"]
    refused = mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }")
    assert codes(refused) == [("orderId", "required")]
    workspace_a.activate()
    assert Invoice.objects.count() == 0


def test_the_pdf_opens_for_members_who_may_read_the_invoice(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    assert issued["pdfUrl"].startswith("/documents/invoices/") and issued["pdfUrl"].endswith(".pdf")
    response = workspace_a.api.http.get(issued["pdfUrl"], HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"INV-00001" in response.content
    assert workspace_a.api.http.get(issued["pdfUrl"]).status_code == 401


def test_search_finds_by_number_and_customer(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    other = company(workspace_a, "Initech")
    create_invoice(workspace_a, other, [line("x", "1", "1")])
    query = "query($q: String) { invoices(search: $q) { edges { node { company { name } } } } }"

    def found(words: str) -> list[str]:
        edges = workspace_a.api.data(query, {"q": words})["invoices"]["edges"]
        return sorted(e["node"]["company"]["name"] for e in edges)

    assert found("INV-00001") == ["Globex"] and found("initech") == ["Initech"] and found("glob") == ["Globex"]
    assert found("INV00001") == found("1") == ["Globex"]
