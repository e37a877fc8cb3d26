"""Competitors and their products, linked to deals; win/loss against each competitor."""

from __future__ import annotations

import pytest

from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace

from .conftest import codes, create_deal, mutate, stages

pytestmark = pytest.mark.django_db


def competitor(ws: object, name: str) -> str:
    payload = mutate(ws, "createCompetitor", {"name": name, "strengths": "Cheap"}, "competitor { id }")
    assert payload["errors"] == []
    return str(payload["competitor"]["id"])


def test_products_with_prices_and_names_unique(workspace_a: Workspace) -> None:
    rival = competitor(workspace_a, "Rival Inc")
    assert codes(mutate(workspace_a, "createCompetitor", {"name": "rival inc"})) == [("name", "taken")]
    made = mutate(
        workspace_a,
        "createCompetingProduct",
        {"competitorId": rival, "name": "Rival CRM", "price": {"amount": "49.90", "currency": "usd"}},
        "competingProduct { name price { amount currency } competitor { name } }",
    )
    assert made["competingProduct"] == {
        "name": "Rival CRM",
        "price": {"amount": "49.90", "currency": "USD"},
        "competitor": {"name": "Rival Inc"},
    }
    again = mutate(workspace_a, "createCompetingProduct", {"competitorId": rival, "name": "RIVAL crm"})
    assert codes(again) == [("name", "taken")]
    bad = mutate(
        workspace_a,
        "createCompetingProduct",
        {"competitorId": rival, "name": "Cheap", "price": {"amount": "1.001", "currency": "USD"}},
    )
    assert codes(bad) == [("price.amount", "invalid_amount")]


def test_win_loss_per_competitor(workspace_a: Workspace, add_person: AddPerson) -> None:
    names = stages(workspace_a)
    rival, other = competitor(workspace_a, "Rival"), competitor(workspace_a, "Other")
    won = create_deal(workspace_a, title="W", competitorIds=[rival, other])
    lost = create_deal(workspace_a, title="L", competitorIds=[rival])
    create_deal(workspace_a, title="O", competitorIds=[rival])
    mutate(workspace_a, "moveDeal", {"id": won["id"], "stageId": names["Won"]})
    mutate(workspace_a, "moveDeal", {"id": lost["id"], "stageId": names["Lost"], "lostReason": "Price"})
    rows = workspace_a.api.data("{ competitorWinLoss { competitor { name } won lost open winRate } }")
    assert rows["competitorWinLoss"] == [
        {"competitor": {"name": "Other"}, "won": 1, "lost": 0, "open": 0, "winRate": 1.0},
        {"competitor": {"name": "Rival"}, "won": 1, "lost": 1, "open": 1, "winRate": 0.5},
    ]
    filtered = workspace_a.api.data("query($c: ID!) { deals(filter: {competitor: $c}) { totalCount } }", {"c": other})
    assert filtered["deals"]["totalCount"] == 1
    # A seller sees win/loss over their own deals only.
    seller = add_person(workspace_a, Role.SALES)
    rows = seller.api.data("{ competitorWinLoss { won lost open } }")["competitorWinLoss"]
    assert all(r == {"won": 0, "lost": 0, "open": 0} for r in rows)


def test_sellers_cannot_shape_pipelines(workspace_a: Workspace, add_person: AddPerson) -> None:
    seller = add_person(workspace_a, Role.SALES)
    payload = mutate(seller, "createPipeline", {"name": "Mine", "stages": [{"name": "A"}]})
    assert codes(payload) == [(None, "permission_denied")]
    refused = mutate(workspace_a, "createPipeline", {"name": "Closed only", "stages": [{"name": "W", "kind": "WON"}]})
    assert codes(refused) == [("stages", "required")]
