"""The activity lists resolve in a fixed number of SQL queries."""

from __future__ import annotations

from typing import Any

import pytest

from tests.customers.conftest import create_company
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_activity

pytestmark = pytest.mark.django_db

ACTIVITIES = """{ activities(first: 100) { totalCount edges { node {
  id subject kind status priority dueAt recordId recordType assignee { id email fullName }
  history(first: 2) { edges { node { action } } }
} } } }"""


def _seed(ws: Any, count: int) -> str:
    company = create_company(ws, name="Globex")
    for i in range(count):
        create_activity(ws, subject=f"Task {i}", recordId=company["id"])
    return str(company["id"])


def test_activities_cost_the_same_queries_for_one_and_many_rows(make_workspace: Any) -> None:
    small, big = make_workspace("small-co"), make_workspace("big-co")
    _seed(small, 1)
    company = _seed(big, 30)
    assert count_queries(lambda: small.api.data(ACTIVITIES)) == count_queries(lambda: big.api.data(ACTIVITIES))
    query = "query($r: ID!) { activities(record: $r, first: 100) { totalCount edges { node { id subject } } } }"
    big.api.data(query, {"r": company})
    with assert_num_queries(2):  # the token with its membership, then the page (count in the same round trip)
        data = big.api.data(query, {"r": company})
    assert data["activities"]["totalCount"] == 30
