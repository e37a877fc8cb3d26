"""Deals: create, update, move between stages (with history), delete and restore, through the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from saas.audit.models import AuditEntry
from saas.sales.models import Deal, DealStageChange, Pipeline
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact

from .conftest import DEAL_FIELDS, codes, create_deal, gid, mutate, stages

pytestmark = pytest.mark.django_db


def test_a_new_workspace_has_the_default_pipeline(workspace_a: Workspace) -> None:
    assert list(stages(workspace_a)) == ["Qualification", "Needs analysis", "Proposal", "Negotiation", "Won", "Lost"]
    workspace_a.activate()
    assert Pipeline.objects.filter(is_default=True).count() == 1


def test_create_a_deal_starts_in_the_first_stage_with_its_probability(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme Buyer")
    contact = create_contact(workspace_a, firstName="Ann")
    deal = create_deal(
        workspace_a,
        title="  Big rollout ",
        amount={"amount": "12500.50", "currency": "eur"},
        companyId=company["id"],
        contacts=[{"contactId": contact["id"], "role": "DECISION_MAKER"}],
        nextStep="Demo",
    )
    assert deal["title"] == "Big rollout"
    assert deal["amount"] == {"amount": "12500.50", "currency": "EUR"}
    assert deal["stage"]["name"] == "Qualification" and deal["probability"] == 10
    assert deal["company"]["name"] == "Acme Buyer"
    assert deal["owner"]["id"] == gid("User", workspace_a.owner.pk)
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Deal { contacts { role contact { firstName } }"
        " stageHistory { fromStage { name } toStage { name } by { id } } } } }",
        {"id": deal["id"]},
    )["node"]
    assert data["contacts"] == [{"role": "DECISION_MAKER", "contact": {"firstName": "Ann"}}]
    assert data["stageHistory"] == [
        {"fromStage": None, "toStage": {"name": "Qualification"}, "by": {"id": gid("User", workspace_a.owner.pk)}}
    ]
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Deal", action="create")
    assert entry.changes["title"] == {"old": None, "new": "Big rollout"}


def test_bad_input_is_a_typed_error_and_writes_nothing(workspace_a: Workspace) -> None:
    payload = mutate(
        workspace_a,
        "createDeal",
        {"title": " ", "amount": {"amount": "-1", "currency": "USD"}, "probability": 120},
        "deal { id }",
    )
    assert set(codes(payload)) == {
        ("title", "required"),
        ("amount.amount", "invalid_amount"),
        ("probability", "out_of_range"),
    }
    assert payload["deal"] is None
    workspace_a.activate()
    assert not Deal.all_objects.exists()


def test_a_deal_cannot_start_lost_without_a_reason(workspace_a: Workspace) -> None:
    lost = stages(workspace_a)["Lost"]
    payload = mutate(workspace_a, "createDeal", {"title": "Gone", "stageId": lost}, "deal { id }")
    assert codes(payload) == [("lostReason", "required")]


def test_update_changes_only_what_is_given(workspace_a: Workspace) -> None:
    deal = create_deal(workspace_a, title="Old", nextStep="Call")
    payload = mutate(
        workspace_a,
        "updateDeal",
        {"id": deal["id"], "title": "New", "amount": {"amount": "99", "currency": "USD"}},
        f"deal {{ {DEAL_FIELDS} }}",
    )
    assert payload["errors"] == []
    assert payload["deal"]["title"] == "New" and payload["deal"]["nextStep"] == "Call"
    assert Decimal(payload["deal"]["amount"]["amount"]) == 99 and payload["deal"]["amount"]["currency"] == "USD"
    payload = mutate(workspace_a, "updateDeal", {"id": deal["id"], "title": None}, "deal { id }")
    assert codes(payload) == [("title", "required")]


def test_move_records_history_time_in_stage_and_closes_on_won(workspace_a: Workspace) -> None:
    names = stages(workspace_a)
    deal = create_deal(workspace_a, title="Mover")
    workspace_a.activate()
    Deal.objects.filter(title="Mover").update(stage_entered_at=timezone.now() - timedelta(days=3))
    moved = mutate(
        workspace_a, "moveDeal", {"id": deal["id"], "stageId": names["Proposal"]}, f"deal {{ {DEAL_FIELDS} }}"
    )
    assert moved["errors"] == []
    assert moved["deal"]["stage"]["name"] == "Proposal" and moved["deal"]["probability"] == 50
    assert moved["deal"]["closedAt"] is None
    won = mutate(workspace_a, "moveDeal", {"id": deal["id"], "stageId": names["Won"]}, f"deal {{ {DEAL_FIELDS} }}")
    assert won["deal"]["closedAt"] is not None and won["deal"]["probability"] == 100
    workspace_a.activate()
    changes = list(DealStageChange.objects.order_by("at", "id"))
    assert [c.to_stage.name for c in changes if c.to_stage] == ["Qualification", "Proposal", "Won"]
    assert changes[1].time_in_previous >= timedelta(days=3)
    assert changes[2].time_in_previous < timedelta(days=1)
    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Deal { stageHistory { fromStage { name } timeInPrevious } } } }",
        {"id": deal["id"]},
    )["node"]["stageHistory"]
    assert history[1]["fromStage"]["name"] == "Qualification" and history[1]["timeInPrevious"] >= 3 * 86400


def test_moving_to_lost_needs_a_reason_and_reopening_clears_closed(workspace_a: Workspace) -> None:
    names = stages(workspace_a)
    deal = create_deal(workspace_a, title="Shaky")
    refused = mutate(workspace_a, "moveDeal", {"id": deal["id"], "stageId": names["Lost"]}, "deal { id }")
    assert codes(refused) == [("lostReason", "required")]
    workspace_a.activate()
    assert DealStageChange.objects.count() == 1  # nothing written
    lost = mutate(
        workspace_a,
        "moveDeal",
        {"id": deal["id"], "stageId": names["Lost"], "lostReason": "Price"},
        f"deal {{ {DEAL_FIELDS} }}",
    )
    assert lost["deal"]["lostReason"] == "Price" and lost["deal"]["closedAt"] is not None
    reopened = mutate(
        workspace_a, "moveDeal", {"id": deal["id"], "stageId": names["Proposal"]}, f"deal {{ {DEAL_FIELDS} }}"
    )
    assert reopened["deal"]["closedAt"] is None and reopened["deal"]["lostReason"] == ""


def test_a_stage_of_another_pipeline_moves_the_deal_there(workspace_a: Workspace) -> None:
    created = mutate(
        workspace_a,
        "createPipeline",
        {"name": "Renewals", "stages": [{"name": "Due"}, {"name": "Renewed", "kind": "WON"}]},
        "pipeline { id stages { id name probability kind } }",
    )
    assert created["errors"] == []
    due = created["pipeline"]["stages"][0]
    assert created["pipeline"]["stages"][1]["probability"] == 100
    deal = create_deal(workspace_a, title="Hop")
    moved = mutate(workspace_a, "moveDeal", {"id": deal["id"], "stageId": due["id"]}, f"deal {{ {DEAL_FIELDS} }}")
    assert moved["deal"]["pipeline"]["name"] == "Renewals"


def test_delete_and_restore(workspace_a: Workspace) -> None:
    deal = create_deal(workspace_a, title="Binned")
    assert mutate(workspace_a, "deleteDeal", {"id": deal["id"]}, "deal { id }")["errors"] == []
    data = workspace_a.api.data("{ deals { totalCount } deletedDeals { edges { node { title } } } }")
    assert data["deals"]["totalCount"] == 0
    assert data["deletedDeals"]["edges"] == [{"node": {"title": "Binned"}}]
    assert mutate(workspace_a, "restoreDeal", {"id": deal["id"]}, "deal { id }")["errors"] == []
    assert workspace_a.api.data("{ deals { totalCount } }")["deals"]["totalCount"] == 1


def test_list_filter_order_and_search(workspace_a: Workspace) -> None:
    names = stages(workspace_a)
    create_deal(workspace_a, title="Alpha warehouse", amount={"amount": "100", "currency": "USD"})
    create_deal(workspace_a, title="Beta scanners", amount={"amount": "300", "currency": "USD"}, stageId=names["Won"])
    create_deal(workspace_a, title="Gamma training", amount={"amount": "200", "currency": "USD"})
    ordered = workspace_a.api.data("{ deals(orderBy: [{amount: DESC}]) { edges { node { title } } } }")
    assert [e["node"]["title"] for e in ordered["deals"]["edges"]] == [
        "Beta scanners",
        "Gamma training",
        "Alpha warehouse",
    ]
    won = workspace_a.api.data("{ deals(filter: {status: {eq: WON}}) { edges { node { title } } } }")
    assert [e["node"]["title"] for e in won["deals"]["edges"]] == ["Beta scanners"]
    found = workspace_a.api.data('{ deals(search: "ware") { edges { node { title } } } }')
    assert [e["node"]["title"] for e in found["deals"]["edges"]] == ["Alpha warehouse"]
    big = workspace_a.api.data('{ deals(filter: {amount: {gte: "150"}}) { totalCount } }')
    assert big["deals"]["totalCount"] == 2
