"""Tenant A can neither read nor change tenant B's pipelines, deals or competitors, by any query, mutation or id."""

from __future__ import annotations

import pytest

from saas.sales.models import Deal
from tests.conftest import Workspace

from .conftest import codes, create_deal, gid, mutate, stages

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, str]:
    deal = create_deal(workspace_b, title="Bravo secret deal", amount={"amount": "999", "currency": "USD"})
    binned = create_deal(workspace_b, title="Bravo binned")
    mutate(workspace_b, "deleteDeal", {"id": binned["id"]}, "deal { id }")
    competitor = mutate(workspace_b, "createCompetitor", {"name": "Bravo rival"}, "competitor { id }")["competitor"]
    product = mutate(
        workspace_b,
        "createCompetingProduct",
        {"competitorId": competitor["id"], "name": "Rival box", "price": {"amount": "5", "currency": "USD"}},
        "competingProduct { id }",
    )["competingProduct"]
    return {
        "deal": deal["id"],
        "binned": binned["id"],
        "stage": stages(workspace_b)["Proposal"],
        "pipeline": deal["pipeline"]["id"],
        "competitor": competitor["id"],
        "product": product["id"],
    }


def test_lists_board_and_win_loss_show_nothing_of_another_tenant(
    workspace_a: Workspace, theirs: dict[str, str]
) -> None:
    create_deal(workspace_a, title="Alpha deal")
    data = workspace_a.api.data(
        "{ deals { edges { node { title } } } deletedDeals { totalCount } competitors { totalCount }"
        " competingProducts { totalCount } pipelines { totalCount } stages { totalCount }"
        " pipelineBoard { columns { count deals { title } } } competitorWinLoss { competitor { name } } }"
    )
    assert [e["node"]["title"] for e in data["deals"]["edges"]] == ["Alpha deal"]
    assert data["deletedDeals"]["totalCount"] == 0
    assert data["competitors"]["totalCount"] == 0 and data["competingProducts"]["totalCount"] == 0
    assert data["pipelines"]["totalCount"] == 1 and data["stages"]["totalCount"] == 6
    assert sum(c["count"] for c in data["pipelineBoard"]["columns"]) == 1
    assert data["competitorWinLoss"] == []


def test_node_finds_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    for key, value in theirs.items():
        node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": value})["node"]
        assert node is None, key


def test_mutations_cannot_touch_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    assert codes(mutate(workspace_a, "updateDeal", {"id": theirs["deal"], "title": "x"}, "deal { id }")) == [
        ("id", "not_found")
    ]
    assert codes(mutate(workspace_a, "moveDeal", {"id": theirs["deal"], "stageId": theirs["stage"]})) == [
        ("id", "not_found")
    ]
    assert codes(mutate(workspace_a, "deleteDeal", {"id": theirs["deal"]})) == [("id", "not_found")]
    assert codes(mutate(workspace_a, "restoreDeal", {"id": theirs["binned"]})) == [("id", "not_found")]
    assert codes(mutate(workspace_a, "updateCompetitor", {"id": theirs["competitor"], "name": "x"})) == [
        ("id", "not_found")
    ]
    assert mutate(workspace_a, "deleteCompetingProduct", {"id": theirs["product"]})["errors"][0]["code"] == "not_found"
    # Their stage, pipeline or competitor cannot be used for a deal of ours either.
    mine = create_deal(workspace_a, title="Mine")
    assert codes(mutate(workspace_a, "moveDeal", {"id": mine["id"], "stageId": theirs["stage"]})) == [
        ("stageId", "not_found")
    ]
    refused = mutate(
        workspace_a,
        "createDeal",
        {"title": "x", "pipelineId": theirs["pipeline"], "competitorIds": [theirs["competitor"]]},
        "deal { id }",
    )
    assert set(codes(refused)) == {("pipelineId", "not_found"), ("competitorIds", "not_found")}
    workspace_a.activate()
    assert Deal.objects.count() == 1


def test_their_deal_is_untouched(workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, str]) -> None:
    mutate(workspace_a, "updateDeal", {"id": theirs["deal"], "title": "hacked"})
    workspace_b.activate()
    assert Deal.objects.get(title="Bravo secret deal").amount == 999
    assert gid("Deal", "x")
