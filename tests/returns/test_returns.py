"""Return requests: what comes back of an order, the lifecycle with its kept moves, and the refund's credit note."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.invoicing.models import Invoice
from saas.returns.models import ReturnLine, ReturnRequest, ReturnStatusChange
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.invoicing.conftest import issue
from tests.invoicing.conftest import mutate as invoicing_mutate

from .conftest import RETURN_FIELDS, codes, move, mutate, request_return, returning

pytestmark = pytest.mark.django_db


def _state(ws: Workspace) -> tuple[Any, ...]:
    ws.activate()
    return (
        list(ReturnRequest.all_objects.order_by("number").values_list("number", "status", "reason", "refund_amount")),
        list(ReturnLine.objects.order_by("id").values_list("order_line_id", "quantity")),
        ReturnStatusChange.objects.count(),
        list(Invoice.objects.order_by("id").values_list("status", "total")),
        AuditEntry.objects.count(),
    )


def _invoiced(ws: Workspace, order: str) -> dict[str, Any]:
    invoice = ok(invoicing_mutate(ws, "invoiceOrder", {"orderId": order}, "invoice { id }"))["invoice"]
    return issue(ws, invoice["id"])


def _balance(ws: Workspace, company: str) -> list[dict[str, Any]]:
    query = "query($id: ID!) { node(id: $id) { ... on Company { outstandingBalance { amount currency } } } }"
    return list(ws.api.data(query, {"id": company})["node"]["outstandingBalance"])


def test_a_return_walks_from_request_to_refund_and_credits_the_invoice(
    workspace_a: Workspace, sale: dict[str, Any]
) -> None:
    invoice = _invoiced(workspace_a, sale["order"])
    assert invoice["total"]["amount"] == "3326.39"
    assert _balance(workspace_a, sale["company"]) == [{"amount": "3326.39", "currency": "USD"}]
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "2")], notes="Cracked cases")
    assert (request["number"], request["displayNumber"], request["status"]) == (1, "RMA-1", "REQUESTED")
    assert request["company"] == {"id": sale["company"]} and request["resolution"] == "REFUND"
    # 2 seats at 90 = 180, less the quote's 10 % = 162, VAT 20 % = 32.40
    assert request["refundAmount"] == {"amount": "194.40", "currency": "USD"}
    assert [(line["orderLine"]["product"]["name"], line["quantity"], line["orderLine"]["quantity"])
            for line in request["lines"]] == [("Seat licence", "2.000", "12.000")]  # fmt: skip
    assert request["nextStatuses"] == ["APPROVED", "REJECTED"]
    for status in ("APPROVED", "RECEIVED", "INSPECTED"):
        request = ok(move(workspace_a, request["id"], status, note=f"to {status}"))["returnRequest"]
    assert request["nextStatuses"] == ["REFUNDED", "REPLACED", "CLOSED", "REJECTED"]
    refunded = ok(move(workspace_a, request["id"], "REFUNDED"))["returnRequest"]
    assert refunded["status"] == "REFUNDED" and refunded["nextStatuses"] == [] and refunded["closedAt"]
    credit = refunded["creditNote"]
    assert credit["isCreditNote"] is True and credit["creditOf"] == {"id": invoice["id"]}
    assert credit["total"] == {"amount": "-194.40"} and credit["displayNumber"] == "INV-00002"
    assert _balance(workspace_a, sale["company"]) == [{"amount": "3131.99", "currency": "USD"}]
    assert [(c["fromStatus"], c["toStatus"]) for c in refunded["statusHistory"]] == [
        (None, "REQUESTED"), ("REQUESTED", "APPROVED"), ("APPROVED", "RECEIVED"), ("RECEIVED", "INSPECTED"),
        ("INSPECTED", "REFUNDED"),
    ]  # fmt: skip
    assert refunded["statusHistory"][1]["note"] == "to APPROVED" and refunded["statusHistory"][1]["by"]
    # final: nothing moves or changes any more
    assert codes(move(workspace_a, request["id"], "CLOSED")) == [("status", "invalid_transition")]
    changed = mutate(workspace_a, "updateReturnRequest", {"id": request["id"], "notes": "x"}, "returnRequest { id }")
    assert codes(changed) == [("id", "invalid_transition")]


def test_a_customers_orders_are_found_for_a_return(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    query = "query($c: ID!) { orders(filter: {company: $c}) { edges { node { id lines { id } } } } }"
    found = workspace_a.api.data(query, {"c": sale["company"]})["orders"]["edges"]
    assert [edge["node"]["id"] for edge in found] == [sale["order"]] and len(found[0]["node"]["lines"]) == 2


def test_a_refund_of_an_order_never_invoiced_issues_no_credit_note(
    workspace_a: Workspace, sale: dict[str, Any]
) -> None:
    request = request_return(workspace_a, sale["order"], [(sale["setup"], "1")])
    for status in ("APPROVED", "RECEIVED", "INSPECTED", "REFUNDED"):
        request = ok(move(workspace_a, request["id"], status))["returnRequest"]
    assert request["status"] == "REFUNDED" and request["creditNote"] is None
    workspace_a.activate()
    assert Invoice.objects.count() == 0


def test_refused_moves_are_typed_and_change_nothing(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    _invoiced(workspace_a, sale["order"])
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "1")], resolution="REPLACEMENT")
    before = _state(workspace_a)
    refused = move(workspace_a, request["id"], "REFUNDED")
    assert codes(refused) == [("status", "invalid_transition")]
    assert "requested cannot become refunded" in refused["errors"][0]["message"]
    assert _state(workspace_a) == before
    for status in ("APPROVED", "RECEIVED", "INSPECTED"):
        ok(move(workspace_a, request["id"], status))
    before = _state(workspace_a)
    # a replacement is not refunded (no credit note made), a refund is not replaced
    assert codes(move(workspace_a, request["id"], "REFUNDED")) == [("status", "invalid_transition")]
    assert _state(workspace_a) == before
    replaced = ok(move(workspace_a, request["id"], "REPLACED"))["returnRequest"]
    assert replaced["status"] == "REPLACED" and replaced["creditNote"] is None


def test_a_refund_waits_for_a_draft_invoice_to_be_issued(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    ok(invoicing_mutate(workspace_a, "invoiceOrder", {"orderId": sale["order"]}, "invoice { id }"))
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "1")])
    for status in ("APPROVED", "RECEIVED", "INSPECTED"):
        ok(move(workspace_a, request["id"], status))
    before = _state(workspace_a)
    refused = move(workspace_a, request["id"], "REFUNDED")
    assert codes(refused) == [("status", "invalid_transition")] and "draft" in refused["errors"][0]["message"]
    assert _state(workspace_a) == before


def test_no_more_comes_back_than_was_ordered_less_earlier_returns(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    first = request_return(workspace_a, sale["order"], [(sale["seats"], "10")])
    before = _state(workspace_a)
    too_many = mutate(workspace_a, "createReturnRequest", returning(sale["order"], [(sale["seats"], "3")]),
                      "returnRequest { id }")  # fmt: skip
    assert codes(too_many) == [("lines.0.quantity", "out_of_range")]
    assert "At most 2 of Seat licence" in too_many["errors"][0]["message"]
    assert _state(workspace_a) == before
    second = request_return(workspace_a, sale["order"], [(sale["seats"], "2"), (sale["setup"], "1")])
    assert second["number"] == 2
    # a rejected return gives its units back; a changed one counts what it has now
    ok(move(workspace_a, first["id"], "REJECTED", note="Outside the return window"))
    grown = mutate(workspace_a, "updateReturnRequest",
                   {"id": second["id"], "lines": [{"orderLineId": sale["seats"], "quantity": "12"}]},
                   f"returnRequest {{ {RETURN_FIELDS} }}")  # fmt: skip
    assert ok(grown)["returnRequest"]["refundAmount"]["amount"] == "1166.40"  # 12 x 90 less 10 %, + 20 %
    assert codes(mutate(workspace_a, "createReturnRequest", returning(sale["order"], [(sale["seats"], "1")]))) == [
        ("lines.0.quantity", "out_of_range")
    ]


def test_bad_input_is_refused_with_typed_errors_and_changes_nothing(
    workspace_a: Workspace, sale: dict[str, Any]
) -> None:
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "1")])
    before = _state(workspace_a)
    bad = mutate(
        workspace_a,
        "createReturnRequest",
        {"orderId": sale["order"], "reason": "Bored of it", "lines": [
            {"orderLineId": "999999", "quantity": "1"}, {"orderLineId": sale["setup"], "quantity": "0"}]},
        "returnRequest { id }",
    )  # fmt: skip
    assert sorted(codes(bad)) == [
        ("lines.0.orderLineId", "not_found"), ("lines.1.quantity", "out_of_range"), ("reason", "invalid_choice")
    ]  # fmt: skip
    empty = mutate(workspace_a, "createReturnRequest", {"orderId": sale["order"], "reason": " ", "lines": []})
    assert sorted(codes(empty)) == [("lines", "required"), ("reason", "required")]
    twice = mutate(workspace_a, "createReturnRequest",
                   returning(sale["order"], [(sale["seats"], "1"), (sale["seats"], "1")]))  # fmt: skip
    assert codes(twice) == [("lines.1.orderLineId", "invalid")]
    other = mutate(workspace_a, "updateReturnRequest", {"id": request["id"], "reason": None, "resolution": None})
    assert sorted(codes(other)) == [("reason", "required"), ("resolution", "required")]
    assert _state(workspace_a) == before
    # once the goods are in, what came back no longer changes
    for status in ("APPROVED", "RECEIVED"):
        ok(move(workspace_a, request["id"], status))
    late = mutate(workspace_a, "updateReturnRequest",
                  {"id": request["id"], "lines": [{"orderLineId": sale["seats"], "quantity": "2"}]})  # fmt: skip
    assert codes(late) == [("lines", "invalid_transition")]


def test_delete_and_undo_search_and_history(workspace_a: Workspace, sale: dict[str, Any]) -> None:
    request = request_return(workspace_a, sale["order"], [(sale["seats"], "1")], notes="Grinder noise")
    found = workspace_a.api.data('{ byNote: returnRequests(search: "grinder") { totalCount }'
                                 ' byNumber: returnRequests(search: "RMA-1") { totalCount } }')  # fmt: skip
    assert found == {"byNote": {"totalCount": 1}, "byNumber": {"totalCount": 1}}
    ok(move(workspace_a, request["id"], "APPROVED"))
    ok(mutate(workspace_a, "deleteReturnRequest", {"id": request["id"]}, "returnRequest { id }"))
    gone = workspace_a.api.data("{ returnRequests { totalCount } deletedReturnRequests { totalCount } }")
    assert gone == {"returnRequests": {"totalCount": 0}, "deletedReturnRequests": {"totalCount": 1}}
    # a deleted return no longer holds its units
    request_return(workspace_a, sale["order"], [(sale["seats"], "12")])
    ok(mutate(workspace_a, "restoreReturnRequest", {"id": request["id"]}, "returnRequest { id }"))
    assert workspace_a.api.data("{ returnRequests { totalCount } }") == {"returnRequests": {"totalCount": 2}}
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on ReturnRequest { history { edges { node { action changes } } } } } }",
        {"id": request["id"]},
    )
    changed = [set(edge["node"]["changes"]) for edge in data["node"]["history"]["edges"]]
    assert any("lines" in fields for fields in changed) and any("status" in fields for fields in changed)
