"""Orders made by mistake go to the recycle bin and back (the undo), one or a selection, all or nothing; an order
something was delivered on or billed from stays (``in_use``: it is cancelled instead)."""

from __future__ import annotations

from typing import Any

import pytest

from saas.catalog.models import Order
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries
from tests.sales.conftest import create_deal

from .conftest import codes, create_quote, mutate, ok, price_book, prices, product

pytestmark = pytest.mark.django_db

BIN = "{ orders { totalCount } deletedOrders { totalCount edges { node { id number deletedAt } } } }"
INPUT_TYPES = {"deleteOrder": "OrderIdInput", "restoreOrder": "OrderIdInput"}


def new_order(ws: Any, catalogue: dict[str, str], quantity: str = "1", *more: str) -> dict[str, Any]:
    """An order of ``quantity`` seats (and of each product in ``more``, one)."""
    lines = [{"productId": catalogue["seat"], "quantity": quantity}, *({"productId": p, "quantity": "1"} for p in more)]
    quote = create_quote(ws, catalogue["deal"], lines)
    ok(mutate(ws, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(mutate(ws, "acceptQuote", {"id": quote["id"]}, "order { id number lines { id } }"))["order"]
    return {**order, "quote": quote["id"]}


def one(ws: Any, verb: str, order_id: str) -> dict[str, Any]:
    name = f"{verb}Order"
    query = (
        f"mutation($input: OrderIdInput!) {{ {name}(input: $input)"
        " { order { id deletedAt } errors { field message code } } }"
    )
    return dict(ws.api.data(query, {"input": {"id": order_id}})[name])


def bulk(ws: Any, verb: str, ids: list[str]) -> dict[str, Any]:
    answer = "deletedIds" if verb == "delete" else "restoredIds"
    query = (
        f"mutation($input: OrderIdsInput!) {{ {verb}Orders(input: $input)"
        f" {{ {answer} errors {{ field message code }} }} }}"
    )
    return dict(ws.api.data(query, {"input": {"orderIds": ids}})[f"{verb}Orders"])


def counts(ws: Workspace) -> tuple[int, int]:
    data = ws.api.data(BIN)
    return data["orders"]["totalCount"], data["deletedOrders"]["totalCount"]


def test_a_selection_goes_to_the_bin_and_comes_back_all_or_nothing(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    ids = [new_order(workspace_a, catalogue)["id"] for _ in range(3)]
    assert ok(bulk(workspace_a, "delete", ids[:2]))["deletedIds"] == ids[:2]
    assert counts(workspace_a) == (1, 2)
    assert codes(bulk(workspace_a, "delete", [ids[2], ids[0]])) == [("orderIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", [ids[0], ids[2]])) == [("orderIds", "not_found")]
    assert codes(bulk(workspace_a, "delete", [])) == [("orderIds", "required")]
    assert counts(workspace_a) == (1, 2)  # nothing changed
    assert ok(bulk(workspace_a, "restore", ids[:2]))["restoredIds"] == ids[:2]
    assert counts(workspace_a) == (3, 0)


def test_one_order_to_the_bin_and_back_and_its_quote_no_longer_names_it(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    order = new_order(workspace_a, catalogue)
    assert ok(one(workspace_a, "delete", order["id"]))["order"]["deletedAt"]
    quote = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { order { id } } } }", {"id": order["quote"]}
    )
    assert quote["node"]["order"] is None
    # Accepting its quote again does not make a second order: the one in the bin is named.
    assert codes(mutate(workspace_a, "acceptQuote", {"id": order["quote"]}, "order { id }")) == [
        ("id", "invalid_transition")
    ]
    assert ok(one(workspace_a, "restore", order["id"]))["order"]["deletedAt"] is None
    assert ok(mutate(workspace_a, "acceptQuote", {"id": order["quote"]}, "order { id }"))["order"]["id"] == order["id"]


def test_an_order_with_a_delivery_stays_and_nothing_of_the_selection_moves(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    clean, delivered = (
        new_order(workspace_a, catalogue, "3"),
        new_order(workspace_a, catalogue, "3", catalogue["setup"]),
    )
    fulfil = {"id": delivered["id"], "lines": [{"lineId": line["id"], "quantity": "1"} for line in delivered["lines"]]}
    ok(mutate(workspace_a, "fulfilOrder", fulfil, "order { id }"))
    refused = bulk(workspace_a, "delete", [clean["id"], delivered["id"]])
    assert codes(refused) == [("orderIds", "in_use")] and refused["deletedIds"] == []
    assert refused["errors"][0]["message"] == (
        f"Delivered or billed orders stay on record: O-{delivered['number']} (deliveries). Cancel them instead."
    )
    assert codes(one(workspace_a, "delete", delivered["id"])) == [("id", "in_use")]
    assert counts(workspace_a) == (2, 0)
    # Cancelling is the way out for it; the clean one may still go.
    ok(mutate(workspace_a, "cancelOrder", {"id": delivered["id"]}, "order { id }"))
    assert codes(one(workspace_a, "delete", delivered["id"])) == [("id", "in_use")]
    ok(bulk(workspace_a, "delete", [clean["id"]]))


def test_an_invoiced_order_stays_until_its_draft_invoice_is_in_the_bin(
    workspace_a: Workspace, catalogue: dict[str, str]
) -> None:
    company = workspace_a.api.data('mutation { createCompany(input: {name: "Globex"}) { company { id } } }')[
        "createCompany"
    ]["company"]["id"]
    ok(mutate(workspace_a, "updateDeal", {"id": catalogue["deal"], "companyId": company}, "deal { id }"))
    order = new_order(workspace_a, catalogue)
    invoice = ok(mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }"))["invoice"]
    refused = one(workspace_a, "delete", order["id"])
    assert codes(refused) == [("id", "in_use")]
    assert f"O-{order['number']} (invoice)." in refused["errors"][0]["message"]
    delete_invoice = "mutation($input: InvoiceIdInput!) { deleteInvoice(input: $input) { errors { code } } }"
    assert workspace_a.api.data(delete_invoice, {"input": {"id": invoice["id"]}})["deleteInvoice"]["errors"] == []
    ok(one(workspace_a, "delete", order["id"]))
    # An order in the bin is not invoiced.
    refused = mutate(workspace_a, "invoiceOrder", {"orderId": order["id"]}, "invoice { id }")
    assert codes(refused) == [("orderId", "not_found")]


def test_a_seller_deletes_only_their_own_and_a_reader_nothing(
    workspace_a: Workspace, catalogue: dict[str, str], add_person: Any
) -> None:
    seller, other = add_person(workspace_a, "sales"), add_person(workspace_a, "sales")
    usd = {"amount": "1", "currency": "USD"}
    mine = new_order(seller, {**catalogue, "deal": create_deal(seller, title="Mine", amount=usd)["id"]})
    theirs = new_order(other, {**catalogue, "deal": create_deal(other, title="Theirs", amount=usd)["id"]})
    refused = bulk(seller, "delete", [mine["id"], theirs["id"]])
    assert refused["errors"] and refused["deletedIds"] == []
    ok(bulk(seller, "delete", [mine["id"]]))
    reader = add_person(workspace_a, "read_only")
    assert bulk(reader, "restore", [mine["id"]])["errors"]
    assert bulk(reader, "delete", [theirs["id"]])["errors"]
    assert one(reader, "delete", theirs["id"])["errors"]
    # The seller's bin shows their own order, not what they may not read.
    assert [e["node"]["id"] for e in seller.api.data(BIN)["deletedOrders"]["edges"]] == [mine["id"]]
    workspace_a.activate()
    assert Order.all_objects.filter(deleted_at__isnull=False).count() == 1


def test_another_workspace_cannot_see_delete_or_restore_them(workspace_a: Workspace, workspace_b: Workspace) -> None:
    item = product(workspace_b, "BRAVO-1")
    prices(workspace_b, price_book(workspace_b, "Bravo book", "USD"), item, [("0", "10")])
    deal = create_deal(workspace_b, title="Bravo deal", amount={"amount": "1", "currency": "USD"})
    bravo = {"deal": deal["id"], "seat": item}
    live, binned = new_order(workspace_b, bravo), new_order(workspace_b, bravo)
    ok(bulk(workspace_b, "delete", [binned["id"]]))
    assert counts(workspace_a) == (0, 0)
    assert codes(bulk(workspace_a, "delete", [live["id"]])) == [("orderIds", "not_found")]
    assert codes(bulk(workspace_a, "restore", [binned["id"]])) == [("orderIds", "not_found")]
    assert codes(one(workspace_a, "delete", live["id"])) == [("id", "not_found")]
    assert codes(one(workspace_a, "restore", binned["id"])) == [("id", "not_found")]
    assert counts(workspace_b) == (1, 1)


def test_deleting_and_restoring_tell_live_clients(
    workspace_a: Workspace, catalogue: dict[str, str], monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr("realtime.events.publish", lambda group, event: sent.append(event))
    order = new_order(workspace_a, catalogue)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ok(bulk(workspace_a, "delete", [order["id"]]))
    with django_capture_on_commit_callbacks(execute=True):
        ok(bulk(workspace_a, "restore", [order["id"]]))
    assert [(e["action"], e["record_type"]) for e in sent] == [("deleted", "Order"), ("updated", "Order")]


BIN_PAGE = (
    "{ deletedOrders(first: 50) { totalCount edges { node { id number status deletedAt total { amount currency }"
    " deal { title company { name } } quote { number version } lines { quantity fulfilledQuantity } } } } }"
)


def test_the_bin_costs_the_same_queries_for_1_and_6_orders(make_workspace: Any) -> None:
    def seed(ws: Workspace, n: int) -> None:
        item = product(ws, f"P-{ws.subdomain}")
        prices(ws, price_book(ws, "Book", "USD"), item, [("0", "10")])
        deal = create_deal(ws, title="Deal", amount={"amount": "1", "currency": "USD"})
        ids = [new_order(ws, {"deal": deal["id"], "seat": item})["id"] for _ in range(n)]
        ok(bulk(ws, "delete", ids))

    small, big = make_workspace("small-order-bin"), make_workspace("big-order-bin")
    seed(small, 1)
    seed(big, 6)
    pinned = count_queries(lambda: small.api.data(BIN_PAGE))
    with assert_num_queries(pinned):
        assert big.api.data(BIN_PAGE)["deletedOrders"]["totalCount"] == 6
    assert pinned == 5
