from __future__ import annotations

from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.conftest import Workspace
from tests.sales.conftest import codes as codes
from tests.sales.conftest import create_deal

QUOTE_FIELDS = (
    "id number version isLatest status currency pdfUrl discountPercent"
    " lines { id position product { id sku } description quantity unitPrice priceOverridden discountPercent"
    " amount { amount } }"
    " subtotal { amount currency } discountAmount { amount } taxAmount { amount } total { amount currency }"
    " taxes { name rate amount } deal { id }"
)
ORDER_FIELDS = (
    "id number status total { amount currency } lines { id quantity fulfilledQuantity amount { amount } } quote { id }"
)
INPUT_TYPES = {
    "sendQuote": "QuoteIdInput",
    "acceptQuote": "QuoteIdInput",
    "rejectQuote": "QuoteIdInput",
    "expireQuote": "QuoteIdInput",
    "cancelOrder": "OrderIdInput",
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


def product(ws: Any, sku: str, name: str = "", **fields: Any) -> str:
    payload = ok(mutate(ws, "createProduct", {"sku": sku, "name": name or sku, **fields}, "product { id }"))
    return str(payload["product"]["id"])


def price_book(ws: Any, name: str, currency: str) -> str:
    payload = ok(mutate(ws, "createPriceBook", {"name": name, "currency": currency}, "priceBook { id }"))
    return str(payload["priceBook"]["id"])


def prices(ws: Any, book: str, item: str, tiers: list[tuple[str, str]]) -> list[dict[str, Any]]:
    payload = mutate(
        ws,
        "setPrices",
        {"priceBookId": book, "productId": item, "tiers": [{"minQuantity": m, "unitPrice": p} for m, p in tiers]},
        "entries { id minQuantity unitPrice }",
    )
    return list(ok(payload)["entries"])


@pytest.fixture
def catalogue(workspace_a: Workspace) -> dict[str, str]:
    """Two products priced in a USD book (seats in tiers) and a EUR book; a USD deal and a EUR deal."""
    seat = product(workspace_a, "SEAT", "Seat licence", unit="seat")
    setup = product(workspace_a, "SETUP", "Onboarding")
    usd = price_book(workspace_a, "Standard USD", "USD")
    eur = price_book(workspace_a, "Standard EUR", "EUR")
    prices(workspace_a, usd, seat, [("0", "100"), ("10", "90"), ("50", "75.5")])
    prices(workspace_a, usd, setup, [("0", "1999.99")])
    prices(workspace_a, eur, seat, [("0", "92")])
    deal = create_deal(workspace_a, title="Seats for Globex", amount={"amount": "5000", "currency": "USD"})
    euro_deal = create_deal(workspace_a, title="Euro deal", amount={"amount": "10", "currency": "EUR"})
    return {"seat": seat, "setup": setup, "usd": usd, "eur": eur, "deal": deal["id"], "euro_deal": euro_deal["id"]}


def create_quote(ws: Any, deal: str, lines: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    payload = mutate(ws, "createQuote", {"dealId": deal, "lines": lines, **fields}, f"quote {{ {QUOTE_FIELDS} }}")
    return dict(ok(payload)["quote"])
