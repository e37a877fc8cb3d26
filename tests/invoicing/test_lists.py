"""The invoices list answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import company, create_invoice, issue, line, ok, pay

pytestmark = pytest.mark.django_db

LIST = (
    "{ invoices(first: 50) { totalCount edges { node { id number displayNumber status isOverdue currency"
    " issueDate dueDate company { id name } owner { id } total { amount currency } amountPaid { amount }"
    " balance { amount } taxes { rate amount }"
    " lines { description amount { amount } product { sku } } payments { amount { amount } paidOn } } } } }"
)
PINNED = 6  # the same for 1 and 6 invoices: nested lists are prefetched per page


def seed(ws: Workspace, n: int) -> None:
    for i in range(n):
        invoice = create_invoice(ws, company(ws, f"Customer {i}"), [line("a", "1", "10", "20"), line("b", "2", "5")])
        issue(ws, invoice["id"])
        ok(pay(ws, invoice["id"], "1"))


def test_the_list_costs_the_same_queries_for_1_and_6_invoices(make_workspace: Any) -> None:
    small, big = make_workspace("small-invoices"), make_workspace("big-invoices")
    seed(small, 1)
    seed(big, 6)
    one = count_queries(lambda: small.api.data(LIST))
    with assert_num_queries(one):
        data = big.api.data(LIST)
    assert data["invoices"]["totalCount"] == 6
    assert one == PINNED


def test_filters_and_sorting(workspace_a: Workspace) -> None:
    seed(workspace_a, 3)
    query = (
        "query($f: InvoiceFilter, $o: [InvoiceOrder!])"
        " { invoices(filter: $f, orderBy: $o) { edges { node { number } } } }"
    )

    def numbers(f: Any = None, o: Any = None) -> list[int]:
        return [e["node"]["number"] for e in workspace_a.api.data(query, {"f": f, "o": o})["invoices"]["edges"]]

    assert numbers(o=[{"number": "ASC"}]) == [1, 2, 3]
    assert numbers(o=[{"number": "DESC"}]) == [3, 2, 1]
    assert numbers({"status": {"eq": "PARTIALLY_PAID"}}, [{"number": "ASC"}]) == [1, 2, 3]
    assert numbers({"status": {"eq": "PAID"}}) == []
    assert numbers({"overdue": True}) == [] and len(numbers({"mine": True})) == 3
