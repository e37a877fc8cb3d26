from __future__ import annotations

from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.catalog.conftest import ok, price_book, prices, product
from tests.conftest import Workspace
from tests.invoicing.conftest import company, order_for
from tests.sales.conftest import codes as codes
from tests.sales.conftest import create_deal

RETURN_FIELDS = (
    "id number displayNumber status nextStatuses reason resolution notes currency closedAt"
    " company { id } contact { id } order { id } owner { id } creditNote { id displayNumber isCreditNote"
    " total { amount } creditOf { id } }"
    " refundAmount { amount currency } lines { id quantity orderLine { id description quantity product { id name } } }"
    " statusHistory { fromStatus toStatus note by { id } }"
)
CLAIM_FIELDS = (
    "id number displayNumber kind status nextStatuses description currency settledAt company { id } order { id }"
    " warranty { id } owner { id } amountClaimed { amount currency } amountApproved { amount }"
    " statusHistory { fromStatus toStatus note }"
)
INPUT_TYPES = {
    "deleteReturnRequest": "ReturnRequestIdInput",
    "restoreReturnRequest": "ReturnRequestIdInput",
    "deleteClaim": "ClaimIdInput",
    "restoreClaim": "ClaimIdInput",
}


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = INPUT_TYPES.get(name, name[0].upper() + name[1:] + "Input")
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def order_lines(ws: Any, order: str) -> list[dict[str, Any]]:
    data = ws.api.data(
        "query($id: ID!) { node(id: $id) { ... on Order { lines { id quantity product { name } } } } }", {"id": order}
    )
    return list(data["node"]["lines"])


def request_return(ws: Any, order: str, lines: list[tuple[str, str]], **fields: Any) -> dict[str, Any]:
    payload = mutate(
        ws, "createReturnRequest", returning(order, lines, **fields), f"returnRequest {{ {RETURN_FIELDS} }}"
    )
    return dict(ok(payload)["returnRequest"])


def returning(order: str, lines: list[tuple[str, str]], **fields: Any) -> dict[str, Any]:
    given = [{"orderLineId": line, "quantity": quantity} for line, quantity in lines]
    return {"orderId": order, "reason": "Damaged", "lines": given, **fields}


def move(ws: Any, request: str, status: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, "moveReturnRequest", {"id": request, "status": status, **extra},
                  f"returnRequest {{ {RETURN_FIELDS} }}")  # fmt: skip


def submit_claim(ws: Any, company_id: str, **fields: Any) -> dict[str, Any]:
    given = {"companyId": company_id, "description": "Arrived broken", "amountClaimed": "500", **fields}
    return dict(ok(mutate(ws, "createClaim", given, f"claim {{ {CLAIM_FIELDS} }}"))["claim"])


def move_claim(ws: Any, claim: str, status: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, "moveClaim", {"id": claim, "status": status, **extra}, f"claim {{ {CLAIM_FIELDS} }}")


def sold(ws: Workspace, customer: str = "Globex") -> dict[str, Any]:
    """An order of ``customer`` in ``ws``: 12 seats at 90 + onboarding 1999.99, 10 % off, VAT 20 % (total 3326.39)."""
    seat = product(ws, "SEAT", "Seat licence", unit="seat")
    onboarding = product(ws, "SETUP", "Onboarding")
    usd = price_book(ws, "Standard USD", "USD")
    prices(ws, usd, seat, [("0", "100"), ("10", "90")])
    prices(ws, usd, onboarding, [("0", "1999.99")])
    deal = create_deal(ws, title="Seats", amount={"amount": "5000", "currency": "USD"})
    customer_id = company(ws, customer)
    order = order_for(ws, {"deal": deal["id"], "seat": seat, "setup": onboarding}, customer_id)
    seats, setup = order_lines(ws, order["id"])
    return {"company": customer_id, "order": order["id"], "seats": seats["id"], "setup": setup["id"]}


@pytest.fixture
def sale(workspace_a: Workspace) -> dict[str, Any]:
    return sold(workspace_a)
