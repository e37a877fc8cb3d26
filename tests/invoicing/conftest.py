from __future__ import annotations

from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.catalog.conftest import catalogue as catalogue  # products, price books and deals
from tests.catalog.conftest import create_quote
from tests.catalog.conftest import mutate as catalog_mutate
from tests.conftest import Workspace
from tests.sales.conftest import codes as codes

INVOICE_FIELDS = (
    "id number displayNumber status isOverdue currency paymentTermsDays issueDate dueDate notes pdfUrl"
    " company { id name } order { id } owner { id }"
    " lines { id position description quantity unitPrice discountPercent taxRate amount { amount } product { id } }"
    " subtotal { amount currency } taxAmount { amount } total { amount currency } amountPaid { amount }"
    " balance { amount currency } taxes { rate amount }"
    " payments { id amount { amount } paidOn method reference }"
)
INPUT_TYPES = {
    "issueInvoice": "InvoiceIdInput",
    "voidInvoice": "InvoiceIdInput",
    "deleteInvoice": "InvoiceIdInput",
    "restoreInvoice": "InvoiceIdInput",
}


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = INPUT_TYPES.get(name, name[0].upper() + name[1:] + "Input")
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload["errors"]
    return payload


def company(ws: Any, name: str = "Globex") -> str:
    payload = ws.api.data(
        "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { code } } }",
        {"input": {"name": name}},
    )["createCompany"]
    assert payload["errors"] == [], payload["errors"]
    return str(payload["company"]["id"])


def line(description: str, quantity: str, unit_price: str, tax_rate: str = "0", discount: str = "0") -> dict[str, Any]:
    return {
        "description": description, "quantity": quantity, "unitPrice": unit_price, "taxRate": tax_rate,
        "discountPercent": discount,
    }  # fmt: skip


def create_invoice(ws: Any, company_id: str, lines: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    payload = mutate(
        ws, "createInvoice", {"companyId": company_id, "lines": lines, **fields}, f"invoice {{ {INVOICE_FIELDS} }}"
    )
    return dict(ok(payload)["invoice"])


def issue(ws: Any, invoice_id: str) -> dict[str, Any]:
    return dict(ok(mutate(ws, "issueInvoice", {"id": invoice_id}, f"invoice {{ {INVOICE_FIELDS} }}"))["invoice"])


def pay(ws: Any, invoice_id: str, amount: str, **fields: Any) -> dict[str, Any]:
    return mutate(
        ws, "recordPayment", {"invoiceId": invoice_id, "amount": amount, **fields}, f"invoice {{ {INVOICE_FIELDS} }}"
    )


@pytest.fixture
def globex(workspace_a: Workspace) -> str:
    return company(workspace_a, "Globex")


@pytest.fixture
def issued(workspace_a: Workspace, globex: str) -> dict[str, Any]:
    """An issued USD invoice: 2 x 100 at 20 % + 1 x 50 untaxed = 250 + 40 tax = 290."""
    invoice = create_invoice(
        workspace_a, globex, [line("Seats", "2", "100", "20"), line("Setup", "1", "50")], paymentTermsDays=14
    )
    return issue(workspace_a, invoice["id"])


def order_for(ws: Workspace, catalogue: dict[str, str], company_id: str) -> dict[str, Any]:
    """An order of 12 seats + setup, 10 % off, VAT 20 %, on a deal of ``company_id``."""
    ok(catalog_mutate(ws, "updateDeal", {"id": catalogue["deal"], "companyId": company_id}, "deal { id }"))
    quote = create_quote(
        ws,
        catalogue["deal"],
        [{"productId": catalogue["seat"], "quantity": "12"}, {"productId": catalogue["setup"], "quantity": "1"}],
        discountPercent="10",
        taxes=[{"name": "VAT", "rate": "20"}],
    )
    ok(catalog_mutate(ws, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(catalog_mutate(ws, "acceptQuote", {"id": quote["id"]}, "order { id total { amount } }"))["order"]
    return dict(order)
