"""Each list of the module answers in a fixed number of SQL queries, whatever the page size (pinned here)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_contract, mutate

pytestmark = pytest.mark.django_db

LISTS = {
    "contracts": "{ contracts(first: 50) { totalCount edges { node { id number title status startDate endDate"
    " billingFrequency autoRenew value { amount currency } company { id name } owner { id fullName }"
    " renewedFrom { id number } } } } }",
    "developmentPlans": "{ developmentPlans(first: 50) { totalCount edges { node { id goal status targetDate"
    " progress doneCount company { id name } owner { id } steps { id title done position } } } } }",
}
# The pinned counts (the same for 1 and 6 records: relations are fetched per page).
PINNED = {"contracts": 4, "developmentPlans": 5}


def seed(ws: Workspace, n: int) -> None:
    company = create_company(ws, name=f"Customer {ws.subdomain}")["id"]
    for i in range(n):
        create_contract(ws, company, title=f"Contract {i}")
        steps = [{"title": "One"}, {"title": "Two"}]
        ok(mutate(ws, "createDevelopmentPlan", {"companyId": company, "goal": f"Goal {i}", "steps": steps},
                  "developmentPlan { id }"))  # fmt: skip


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
