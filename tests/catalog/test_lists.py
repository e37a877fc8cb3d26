"""Each catalogue list answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries
from tests.sales.conftest import create_deal

from .conftest import create_quote, mutate, ok, price_book, prices, product

pytestmark = pytest.mark.django_db

LISTS = {
    "products": "{ products(first: 50) { totalCount edges { node { id name sku unit active"
    " prices { minQuantity unitPrice priceBook { name currency } } } } } }",
    "priceBooks": "{ priceBooks(first: 50) { totalCount edges { node { id name currency active"
    " entries { minQuantity unitPrice product { sku } } } } } }",
    "quotes": "{ quotes(first: 50) { totalCount edges { node { id number version status currency"
    " subtotal { amount } total { amount currency } taxes { name amount } deal { id title } owner { id }"
    " lines { quantity unitPrice amount { amount } product { sku name } } } } } }",
    "orders": "{ orders(first: 50) { totalCount edges { node { id number status total { amount currency }"
    " deal { title } quote { number version }"
    " lines { quantity fulfilledQuantity amount { amount } product { sku } } } } } }",
}
# The pinned counts (the same for 1 and 6 records: nested lists are prefetched per page).
PINNED = {"products": 4, "priceBooks": 4, "quotes": 6, "orders": 6}


def seed(ws: Workspace, n: int) -> None:
    book = price_book(ws, f"Book {ws.subdomain}", "USD")
    deal = create_deal(ws, title="Deal", amount={"amount": "1", "currency": "USD"})
    for i in range(n):
        item = product(ws, f"P-{i}")
        prices(ws, book, item, [("0", "10"), ("5", "9")])
        lines = [{"productId": item, "quantity": "2"}, {"productId": item, "quantity": "6"}]
        quote = create_quote(ws, deal["id"], lines, taxes=[{"name": "VAT", "rate": "10"}])
        ok(mutate(ws, "sendQuote", {"id": quote["id"]}, "quote { id }"))
        ok(mutate(ws, "acceptQuote", {"id": quote["id"]}, "order { id }"))


@pytest.mark.parametrize("name", LISTS)
def test_each_list_costs_the_same_queries_for_1_and_6_records(make_workspace: Any, name: str) -> None:
    small, big = make_workspace(f"small-{name.lower()}"), make_workspace(f"big-{name.lower()}")
    seed(small, 1)
    seed(big, 6)
    one = count_queries(lambda: small.api.data(LISTS[name]))
    with assert_num_queries(one):
        data = big.api.data(LISTS[name])
    assert data[name]["totalCount"] == (6 if name != "priceBooks" else 1)
    assert one == PINNED[name]
