"""The pipeline board: stages with their first deals, counts and sums, scoped by role, in fixed SQL queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from saas.sales.models import Deal
from saas.sales.services import default_pipeline
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_deal, gid, mutate, stages

pytestmark = pytest.mark.django_db

BOARD = """query($first: Int!, $filter: DealFilter) { pipelineBoard(first: $first, filter: $filter) {
  pipeline { name }
  columns { stage { name kind probability } count sums { amount currency }
    deals { id title probability amount { amount currency } owner { id fullName } company { id name } stage { id } } }
} }"""


def board(ws: Any, first: int = 20, filter: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    data = ws.api.data(BOARD, {"first": first, "filter": filter})
    return {c["stage"]["name"]: c for c in data["pipelineBoard"]["columns"]}


def test_columns_hold_first_deals_counts_and_sums_per_currency(workspace_a: Workspace) -> None:
    names = stages(workspace_a)
    for i in range(3):
        create_deal(workspace_a, title=f"Q{i}", amount={"amount": "100.10", "currency": "USD"})
    create_deal(workspace_a, title="Euro", amount={"amount": "50", "currency": "EUR"})
    create_deal(workspace_a, title="No amount")
    create_deal(workspace_a, title="Prop", amount={"amount": "7", "currency": "USD"}, stageId=names["Proposal"])
    columns = board(workspace_a, first=2)
    qualification = columns["Qualification"]
    assert qualification["count"] == 5
    assert qualification["sums"] == [{"amount": "50.00", "currency": "EUR"}, {"amount": "300.30", "currency": "USD"}]
    assert [d["title"] for d in qualification["deals"]] == ["No amount", "Euro"]  # newest first, cut at 2
    assert columns["Proposal"]["count"] == 1 and columns["Proposal"]["sums"] == [{"amount": "7.00", "currency": "USD"}]
    assert columns["Won"] == {**columns["Won"], "count": 0, "sums": [], "deals": []}


def test_sums_change_when_a_deal_moves(workspace_a: Workspace) -> None:
    names = stages(workspace_a)
    deal = create_deal(workspace_a, title="Mover", amount={"amount": "1000", "currency": "USD"})
    assert board(workspace_a)["Qualification"]["sums"] == [{"amount": "1000.00", "currency": "USD"}]
    mutate(workspace_a, "moveDeal", {"id": deal["id"], "stageId": names["Negotiation"]}, "deal { id }")
    columns = board(workspace_a)
    assert columns["Qualification"]["count"] == 0 and columns["Qualification"]["sums"] == []
    assert columns["Negotiation"]["sums"] == [{"amount": "1000.00", "currency": "USD"}]


def test_filter_narrows_deals_counts_and_sums(workspace_a: Workspace) -> None:
    create_deal(workspace_a, title="Alpha", amount={"amount": "10", "currency": "USD"})
    create_deal(workspace_a, title="Beta", amount={"amount": "20", "currency": "USD"})
    column = board(workspace_a, filter={"title": {"startsWith": "al"}})["Qualification"]
    assert column["count"] == 1 and column["sums"] == [{"amount": "10.00", "currency": "USD"}]


def test_out_of_scope_deals_are_not_counted_and_hidden_amounts_have_no_sums(
    workspace_a: Workspace, add_person: AddPerson
) -> None:
    seller = add_person(workspace_a, Role.SALES)
    marketer = add_person(workspace_a, Role.MARKETING)
    create_deal(workspace_a, title="Owner's", amount={"amount": "500", "currency": "USD"})
    create_deal(seller, title="Seller's", amount={"amount": "40", "currency": "USD"})
    mine = board(seller)["Qualification"]
    assert mine["count"] == 1 and [d["title"] for d in mine["deals"]] == ["Seller's"]
    assert mine["sums"] == [{"amount": "40.00", "currency": "USD"}]
    # Marketing reads every deal but not amounts: counts yes, sums and amounts no.
    data = marketer.api.execute(BOARD, {"first": 5})
    column = next(c for c in data["data"]["pipelineBoard"]["columns"] if c["stage"]["name"] == "Qualification")
    assert column["count"] == 2 and column["sums"] is None
    assert all(d["amount"] is None for d in column["deals"])


def test_hidden_amount_cannot_be_filtered_on_the_board(workspace_a: Workspace, add_person: AddPerson) -> None:
    marketer = add_person(workspace_a, Role.MARKETING)
    result = marketer.api.execute(BOARD, {"first": 5, "filter": {"amount": {"gte": "1"}}})
    assert result["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"


def seed(ws: Workspace, per_stage: int) -> None:
    ws.activate()
    pipeline = default_pipeline()
    now = timezone.now()
    Deal.objects.bulk_create(
        Deal(
            title=f"D{stage.position}-{i}",
            amount=Decimal(i + 1),
            currency="USD" if i % 2 else "EUR",
            pipeline=pipeline,
            stage=stage,
            stage_entered_at=now,
            owner=ws.owner,
        )
        for stage in pipeline.stages.all()
        for i in range(per_stage)
    )


def test_the_board_costs_the_same_queries_for_1_and_50_deals_per_stage(make_workspace) -> None:
    small, big = make_workspace("small-board"), make_workspace("big-board")
    seed(small, 1)
    seed(big, 60)
    one = count_queries(lambda: board(small, first=50))
    board(big, first=50)  # the first request of a workspace sets up its billing state
    with assert_num_queries(one):
        columns = board(big, first=50)
    assert all(len(c["deals"]) == 50 and c["count"] == 60 for c in columns.values())
    assert one <= 8


def test_another_pipeline_by_id_and_another_tenants_pipeline_is_not_found(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    workspace_b.activate()
    theirs = default_pipeline()
    result = workspace_a.api.execute(
        "query($id: ID!) { pipelineBoard(pipelineId: $id) { pipeline { name } } }", {"id": gid("Pipeline", theirs.pk)}
    )
    assert result["data"] is None or result["data"]["pipelineBoard"] is None
    assert result["errors"]
