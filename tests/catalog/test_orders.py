"""Accepting a quote makes its order (once); orders are fulfilled line by line or cancelled."""

from __future__ import annotations

from typing import Any

import pytest

from saas.catalog.models import Order, OrderLine, Quote
from tests.conftest import Workspace

from .conftest import ORDER_FIELDS, codes, create_quote, mutate, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(workspace_a: Workspace, catalogue: dict[str, str]) -> dict[str, Any]:
    quote = create_quote(
        workspace_a,
        catalogue["deal"],
        [{"productId": catalogue["seat"], "quantity": "12"}, {"productId": catalogue["setup"], "quantity": "1"}],
        discountPercent="10",
        taxes=[{"name": "VAT", "rate": "20"}],
    )
    ok(mutate(workspace_a, "sendQuote", {"id": quote["id"]}, "quote { status }"))
    return quote


def accept(ws: Workspace, quote_id: str) -> dict[str, Any]:
    return mutate(ws, "acceptQuote", {"id": quote_id}, f"quote {{ status }} order {{ {ORDER_FIELDS} }}")


def test_accepting_makes_the_order_with_the_quotes_lines_and_totals(
    workspace_a: Workspace, sent: dict[str, Any]
) -> None:
    payload = ok(accept(workspace_a, sent["id"]))
    order = payload["order"]
    assert payload["quote"]["status"] == "ACCEPTED"
    assert order["status"] == "OPEN" and order["quote"]["id"] == sent["id"] and order["number"] == 1
    assert order["total"] == {"amount": sent["total"]["amount"], "currency": "USD"}
    assert [line["quantity"] for line in order["lines"]] == ["12.000", "1.000"]
    assert [line["amount"]["amount"] for line in order["lines"]] == [line["amount"]["amount"] for line in sent["lines"]]
    assert all(line["fulfilledQuantity"] == "0.000" for line in order["lines"])


def test_accepting_again_returns_the_same_order_and_makes_no_other(
    workspace_a: Workspace, sent: dict[str, Any]
) -> None:
    first = ok(accept(workspace_a, sent["id"]))["order"]
    again = ok(accept(workspace_a, sent["id"]))["order"]
    assert again["id"] == first["id"]
    workspace_a.activate()
    assert Order.objects.count() == 1 and OrderLine.objects.count() == 2


def test_a_failing_order_leaves_the_quote_sent(
    workspace_a: Workspace, sent: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: when making the order fails, the quote is not accepted either."""
    from saas.catalog import services

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise services.ServiceError(services.FieldError("id", "Plan limit.", "plan_limit"))

    monkeypatch.setattr(services.OrderLine.objects, "bulk_create", broken)
    assert codes(accept(workspace_a, sent["id"])) == [("id", "plan_limit")]
    workspace_a.activate()
    assert Quote.objects.get().status == "sent" and Order.objects.count() == 0


def test_fulfilment_per_line_moves_the_order_to_partially_fulfilled_then_fulfilled(
    workspace_a: Workspace, sent: dict[str, Any]
) -> None:
    order = ok(accept(workspace_a, sent["id"]))["order"]
    seats, setup = (line["id"] for line in order["lines"])

    def fulfil(*lines: tuple[str, str]) -> dict[str, Any]:
        items = [{"lineId": line, "quantity": quantity} for line, quantity in lines]
        return mutate(workspace_a, "fulfilOrder", {"id": order["id"], "lines": items}, f"order {{ {ORDER_FIELDS} }}")

    partly = ok(fulfil((seats, "5")))["order"]
    assert partly["status"] == "PARTIALLY_FULFILLED"
    assert [line["fulfilledQuantity"] for line in partly["lines"]] == ["5.000", "0.000"]
    # more than is left is refused, and nothing of the call is recorded
    assert codes(fulfil((setup, "1"), (seats, "7.001"))) == [("lines.1.quantity", "out_of_range")]
    assert codes(fulfil(("999999", "1"))) == [("lines.0.lineId", "not_found")]
    done = ok(fulfil((seats, "7"), (setup, "1")))["order"]
    assert done["status"] == "FULFILLED"
    assert [line["fulfilledQuantity"] for line in done["lines"]] == ["12.000", "1.000"]
    assert codes(fulfil((seats, "1"))) == [("id", "invalid_transition")]
    assert codes(mutate(workspace_a, "cancelOrder", {"id": order["id"]}, "order { id }")) == [
        ("id", "invalid_transition")
    ]


def test_a_cancelled_order_takes_no_deliveries(workspace_a: Workspace, sent: dict[str, Any]) -> None:
    order = ok(accept(workspace_a, sent["id"]))["order"]
    assert ok(mutate(workspace_a, "cancelOrder", {"id": order["id"]}, "order { status }"))["order"] == {
        "status": "CANCELLED"
    }
    line = order["lines"][0]["id"]
    refused = mutate(workspace_a, "fulfilOrder", {"id": order["id"], "lines": [{"lineId": line, "quantity": "1"}]})
    assert codes(refused) == [("id", "invalid_transition")]
    assert codes(mutate(workspace_a, "cancelOrder", {"id": order["id"]})) == [("id", "invalid_transition")]
