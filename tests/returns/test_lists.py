"""Each list of the module answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import request_return, sold, submit_claim

pytestmark = pytest.mark.django_db

LISTS = {
    "returnRequests": "{ returnRequests(first: 50) { totalCount edges { node { id number displayNumber status"
    " nextStatuses reason resolution company { id name } order { id number } owner { id fullName }"
    " refundAmount { amount currency } creditNote { id }"
    " lines { id quantity orderLine { id description product { id name } } } } } } }",
    "claims": "{ claims(first: 50) { totalCount edges { node { id number displayNumber kind status nextStatuses"
    " company { id name } order { id } warranty { id } owner { id fullName } amountClaimed { amount currency }"
    " amountApproved { amount } } } } }",
}
# The pinned counts (the same for 1 and 6 records: relations are fetched per page).
PINNED = {"returnRequests": 7, "claims": 5}


def seed(ws: Workspace, n: int) -> None:
    sale = sold(ws, f"Customer {ws.subdomain}")
    for _ in range(n):
        request_return(ws, sale["order"], [(sale["seats"], "1"), (sale["setup"], "0.1")])
        submit_claim(ws, sale["company"], orderId=sale["order"])


@pytest.mark.parametrize("name", LISTS)
def test_each_list_costs_the_same_queries_for_1_and_6_records(make_workspace: Any, name: str) -> None:
    small, big = make_workspace(f"small-{name.lower()}"), make_workspace(f"big-{name.lower()}")
    seed(small, 1)
    seed(big, 6)
    one = count_queries(lambda: small.api.data(LISTS[name]))
    with assert_num_queries(one):
        data = big.api.data(LISTS[name])
    assert data[name]["totalCount"] == 6
    assert one == PINNED[name]
