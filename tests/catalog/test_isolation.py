"""Tenant A can neither read nor change tenant B's products, price books, tiers, quotes or orders."""

from __future__ import annotations

import pytest

from saas.catalog.models import Order, PriceBookEntry, Product, Quote
from tests.conftest import Workspace
from tests.sales.conftest import create_deal

from .conftest import codes, create_quote, mutate, ok, price_book, prices, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, str]:
    item = product(workspace_b, "BRAVO-1", "Bravo secret product")
    book = price_book(workspace_b, "Bravo book", "USD")
    entry = prices(workspace_b, book, item, [("0", "10")])[0]
    deal = create_deal(workspace_b, title="Bravo deal", amount={"amount": "1", "currency": "USD"})
    quote = create_quote(workspace_b, deal["id"], [{"productId": item, "quantity": "1"}])
    draft = create_quote(workspace_b, deal["id"], [{"productId": item, "quantity": "2"}])
    ok(mutate(workspace_b, "sendQuote", {"id": quote["id"]}, "quote { id }"))
    order = ok(mutate(workspace_b, "acceptQuote", {"id": quote["id"]}, "order { id lines { id } }"))["order"]
    return {
        "product": item, "book": book, "entry": entry["id"], "deal": deal["id"], "quote": quote["id"],
        "draft": draft["id"], "order": order["id"], "line": order["lines"][0]["id"], "pdf": quote["pdfUrl"],
    }  # fmt: skip


def test_lists_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    data = workspace_a.api.data(
        "{ products { totalCount } priceBooks { totalCount } quotes { totalCount } orders { totalCount } }"
    )
    assert data == {key: {"totalCount": 0} for key in ("products", "priceBooks", "quotes", "orders")}


def test_node_finds_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    for key in ("product", "book", "entry", "quote", "order"):
        node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs[key]})["node"]
        assert node is None, key


def test_mutations_cannot_touch_or_use_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, str]
) -> None:
    not_found = [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateProduct", {"id": theirs["product"], "name": "x"})) == not_found
    assert codes(mutate(workspace_a, "updatePriceBook", {"id": theirs["book"], "name": "x"})) == not_found
    assert codes(mutate(workspace_a, "updateQuote", {"id": theirs["draft"], "title": "x"})) == not_found
    for move in ("sendQuote", "acceptQuote", "rejectQuote", "expireQuote"):
        assert codes(mutate(workspace_a, move, {"id": theirs["draft"]})) == not_found, move
    assert codes(mutate(workspace_a, "cancelOrder", {"id": theirs["order"]})) == not_found
    fulfil = {"id": theirs["order"], "lines": [{"lineId": theirs["line"], "quantity": "1"}]}
    assert codes(mutate(workspace_a, "fulfilOrder", fulfil)) == not_found
    # their product, book and deal cannot be used by us
    refused = mutate(
        workspace_a, "setPrices", {"priceBookId": theirs["book"], "productId": theirs["product"], "tiers": []}
    )
    assert set(codes(refused)) == {("priceBookId", "not_found"), ("productId", "not_found")}
    refused = mutate(workspace_a, "createQuote", {"dealId": theirs["deal"], "lines": []})
    assert codes(refused) == [("dealId", "not_found")]
    mine = create_deal(workspace_a, title="Mine")
    refused = mutate(
        workspace_a, "createQuote", {"dealId": mine["id"], "lines": [{"productId": theirs["product"], "quantity": "1"}]}
    )
    assert codes(refused) == [("lines.0.productId", "not_found")]
    # their PDF is not served to us
    assert workspace_a.api.http.get(theirs["pdf"], HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}").status_code == 404
    workspace_b.activate()
    assert Product.objects.get().name == "Bravo secret product" and PriceBookEntry.objects.count() == 1
    assert Quote.objects.filter(status="draft").count() == 1 and Order.objects.get().status == "open"
    workspace_a.activate()
    assert Quote.objects.count() == 0 and Order.objects.count() == 0
