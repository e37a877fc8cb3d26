"""Each list of the module answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.conftest import ok, product
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.query_count import assert_num_queries, count_queries

from .conftest import add_line, create_repair, create_warranty

pytestmark = pytest.mark.django_db

LISTS = {
    "warranties": "{ warranties(first: 50) { totalCount edges { node { id serialNumber status coverage startDate"
    " endDate company { id name } product { id name } owner { id fullName } } } } }",
    "repairOrders": "{ repairOrders(first: 50) { totalCount edges { node { id number displayNumber status"
    " serialNumber receivedOn nextStatuses company { id name } product { id name } warranty { id serialNumber }"
    " owner { id fullName } total { amount currency } coveredAmount { amount }"
    " lines { id kind description covered amount { amount } } } } } }",
}
# The pinned counts (the same for 1 and 6 records: relations are fetched per page).
PINNED = {"warranties": 5, "repairOrders": 7}


def seed(ws: Workspace, n: int) -> None:
    company = str(create_company(ws, name=f"Customer {ws.subdomain}")["id"])
    machine = product(ws, f"M-{ws.subdomain}", "Machine")
    for i in range(n):
        create_warranty(ws, company, machine, serialNumber=f"SN-{i}")
        repair = create_repair(ws, company, productId=machine, serialNumber=f"SN-{i}")
        ok(add_line(ws, repair["id"], kind="LABOUR", quantity="1", unitPrice="50"))


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
