"""The entitlements list answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_entitlement, open_ticket

pytestmark = pytest.mark.django_db

LIST = (
    "{ entitlements(first: 50) { totalCount edges { node { id name kind status allowance used remaining"
    " startDate endDate channels company { id name } contact { id } contract { id number } owner { id fullName }"
    " slaPolicy { id name } } } } }"
)
PINNED = 4


def seed(ws: Workspace, n: int) -> None:
    company = create_company(ws, name=f"Customer {ws.subdomain}")["id"]
    for i in range(n):
        create_entitlement(ws, company, name=f"Support {i}", channels=["EMAIL"], allowance="9")
    open_ticket(ws, company, channel="EMAIL")


def test_the_list_costs_the_same_queries_for_1_and_6_records(make_workspace: Any) -> None:
    small, big = make_workspace("small-entitlements"), make_workspace("big-entitlements")
    seed(small, 1)
    seed(big, 6)
    one = count_queries(lambda: small.api.data(LIST))
    with assert_num_queries(one):
        data = big.api.data(LIST)
    assert data["entitlements"]["totalCount"] == 6
    assert one == PINNED


TICKETS = "{ tickets(first: 50) { totalCount edges { node { id subject entitled entitlement { id remaining } } } } }"


def test_tickets_tell_their_entitlement_in_a_fixed_number_of_queries(make_workspace: Any) -> None:
    small, big = make_workspace("small-entitled"), make_workspace("big-entitled")
    seed(small, 1)
    seed(big, 1)
    company = create_company(big, name="Unentitled")["id"]
    for _ in range(5):
        open_ticket(big, company)
    one = count_queries(lambda: small.api.data(TICKETS))
    with assert_num_queries(one):
        data = big.api.data(TICKETS)
    flags = sorted(edge["node"]["entitled"] for edge in data["tickets"]["edges"])
    assert flags == [False] * 5 + [True]
