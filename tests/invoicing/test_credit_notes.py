"""Credit notes: an issued invoice of negative lines against the invoice it credits, lowering what is owed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from strawberry import relay

from saas.errors import ServiceError
from saas.invoicing import services
from saas.invoicing.models import Invoice
from tenants.models import Membership
from tests.conftest import Workspace

from .conftest import codes, create_invoice, line, mutate, pay

pytestmark = pytest.mark.django_db

CREDIT = [{"description": "Seats back", "quantity": 1, "unit_price": Decimal(100), "tax_rate": Decimal(20)}]


def _credit(ws: Workspace, invoice_id: str, lines: list[dict[str, Any]] = CREDIT) -> Invoice:
    """The service itself (returns call it when they refund an invoiced order)."""
    ws.activate()
    membership = Membership.objects.get(tenant=ws.tenant, user=ws.owner)
    return services.credit_invoice(membership, relay.GlobalID.from_id(invoice_id).node_id, lines)


def _gid(invoice: Invoice) -> str:
    return str(relay.GlobalID("CustomerInvoice", str(invoice.pk)))


def _balances(ws: Workspace) -> list[tuple[str, str, str]]:
    data = ws.api.data("{ customerBalances { currency invoiced { amount } outstanding { amount } } }")
    return [(b["currency"], b["invoiced"]["amount"], b["outstanding"]["amount"]) for b in data["customerBalances"]]


def test_a_credit_note_is_issued_against_the_invoice_and_lowers_the_balance(
    workspace_a: Workspace, issued: dict[str, Any]
) -> None:
    assert _balances(workspace_a) == [("USD", "290.00", "290.00")]
    note = _credit(workspace_a, issued["id"])
    assert note.is_credit_note and note.credit_of_id is not None and note.status == "issued"
    assert (note.total, note.number, note.due_date) == (Decimal("-120.00"), 2, None)
    assert _balances(workspace_a) == [("USD", "170.00", "170.00")]
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on CustomerInvoice { isCreditNote creditOf { id } isOverdue } } }",
        {"id": _gid(note)},
    )
    assert data["node"] == {"isCreditNote": True, "creditOf": {"id": issued["id"]}, "isOverdue": False}
    # it takes no payment, and voiding it gives the balance back
    assert codes(pay(workspace_a, _gid(note), "1")) == [("invoiceId", "invalid_transition")]
    voided = mutate(workspace_a, "voidInvoice", {"id": _gid(note)}, "invoice { status }")
    assert voided["invoice"] == {"status": "VOID"}
    assert _balances(workspace_a) == [("USD", "290.00", "290.00")]


def test_credit_notes_never_give_back_more_than_the_invoice(workspace_a: Workspace, issued: dict[str, Any]) -> None:
    _credit(workspace_a, issued["id"], [{"description": "Most", "quantity": 1, "unit_price": Decimal(250)}])
    with pytest.raises(ServiceError) as refused:
        _credit(workspace_a, issued["id"], [{"description": "More", "quantity": 1, "unit_price": Decimal("40.01")}])
    assert [(e.field, e.code) for e in refused.value.errors] == [("lines", "out_of_range")]
    assert "Only 40.00 USD" in refused.value.errors[0].message
    _credit(workspace_a, issued["id"], [{"description": "The rest", "quantity": 1, "unit_price": Decimal(40)}])
    assert Invoice.objects.filter(credit_of__isnull=False).count() == 2


def test_drafts_void_invoices_and_credit_notes_are_not_credited(workspace_a: Workspace, globex: str) -> None:
    draft = create_invoice(workspace_a, globex, [line("Seats", "1", "100")])
    with pytest.raises(ServiceError) as refused:
        _credit(workspace_a, draft["id"])
    assert [(e.field, e.code) for e in refused.value.errors] == [("invoiceId", "invalid_transition")]
    assert Invoice.objects.count() == 1
