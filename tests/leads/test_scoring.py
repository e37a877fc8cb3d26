"""Lead scoring: per-tenant rules for field values and activities, decay with a half-life, recomputed on change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from saas.leads import scoring, tasks
from saas.leads.models import Lead, LeadActivity
from tenants.db import connection
from tenants.models import Role
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import codes, create_lead, member, mutate

pytestmark = pytest.mark.django_db

RULE = "scoringRule { id field value activityKind points }"
BREAKDOWN_QUERIES = 5  # the page and its count, its activities, the rules, the half-life: whatever the page size


def rule(ws: Workspace, **fields: object) -> dict[str, object]:
    payload = mutate(ws, "createScoringRule", fields, RULE)
    assert payload["errors"] == [], payload["errors"]
    return payload["scoringRule"]


def score(ws: Workspace, lead_id: str) -> int:
    data = ws.api.data("query($id: ID!) { node(id: $id) { ... on Lead { score } } }", {"id": lead_id})
    return data["node"]["score"]


def test_field_rules_score_a_lead_and_follow_its_changes(workspace_a: Workspace) -> None:
    rule(workspace_a, field="INDUSTRY", value="software", points=10)
    rule(workspace_a, field="SOURCE", value="referral", points=5)
    rule(workspace_a, field="EMAIL_DOMAIN", value="bigcorp.example", points=7)
    lead = create_lead(workspace_a, name="Ada", industry=" Software ", email="ada@BigCorp.example")
    assert lead["score"] == 17

    updated = mutate(
        workspace_a, "updateLead", {"id": lead["id"], "source": "REFERRAL", "industry": "Retail"}, "lead { score }"
    )
    assert updated["lead"]["score"] == 12


def test_new_and_changed_rules_rescore_every_lead(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada", region="Europe")
    made = rule(workspace_a, field="REGION", value="europe", points=4)
    assert score(workspace_a, lead["id"]) == 4
    mutate(workspace_a, "updateScoringRule", {"id": made["id"], "points": 9})
    assert score(workspace_a, lead["id"]) == 9
    mutate(workspace_a, "deleteScoringRule", {"id": made["id"]})
    assert score(workspace_a, lead["id"]) == 0


def test_activities_score_and_fade_with_the_half_life(workspace_a: Workspace) -> None:
    rule(workspace_a, activityKind="MEETING", points=20)
    rule(workspace_a, activityKind="CALL", points=4)
    lead = create_lead(workspace_a, name="Ada")
    logged = mutate(workspace_a, "logLeadActivity", {"leadId": lead["id"], "kind": "MEETING"}, "leadActivity { kind }")
    assert logged["errors"] == []
    assert score(workspace_a, lead["id"]) == 20

    half_life = mutate(workspace_a, "updateLeadScoring", {"halfLifeDays": 10}, "leadScoring { halfLifeDays }")
    assert half_life["leadScoring"] == {"halfLifeDays": 10}
    workspace_a.activate()
    now = timezone.now()
    LeadActivity.objects.update(occurred_at=now - timedelta(days=10))  # one half-life ago
    stored = Lead.objects.get()
    stored.activities.create(kind="call", occurred_at=now - timedelta(days=20))  # two half-lives: 4 → 1
    assert scoring.rescore_all(now) == 1
    assert Lead.objects.get().score == 11  # 20/2 + 4/4

    # Thirty days later the meeting is worth 20/16, the call 4/64: the decay task brings the score down.
    later = now + timedelta(days=30)
    assert scoring.rescore_all(later) == 1
    assert Lead.objects.get().score == 1


def test_no_half_life_means_activity_points_never_fade(workspace_a: Workspace) -> None:
    rule(workspace_a, activityKind="EMAIL", points=3)
    mutate(workspace_a, "updateLeadScoring", {"halfLifeDays": None})
    lead = create_lead(workspace_a, name="Ada")
    workspace_a.activate()
    Lead.objects.get().activities.create(kind="email", occurred_at=timezone.now() - timedelta(days=900))
    scoring.rescore_all(timezone.now() + timedelta(days=900))
    assert score(workspace_a, lead["id"]) == 3


def test_the_decay_task_is_idempotent_and_stays_in_its_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    for ws in (workspace_a, workspace_b):
        rule(ws, activityKind="MEETING", points=16)
    a = create_lead(workspace_a, name="Alpha lead")
    b = create_lead(workspace_b, name="Bravo lead")
    for ws in (workspace_a, workspace_b):
        ws.activate()
        Lead.objects.get().activities.create(kind="meeting", occurred_at=timezone.now() - timedelta(days=30))

    connection.set_schema_to_public()
    first = tasks.rescore_leads.apply_async(headers={"_schema_name": workspace_a.tenant.schema_name}).get()
    second = tasks.rescore_leads.apply_async(headers={"_schema_name": workspace_a.tenant.schema_name}).get()
    assert (first, second) == (1, 0)
    assert score(workspace_a, a["id"]) == 8  # one half-life (30 days by default)
    assert score(workspace_b, b["id"]) == 0  # bravo's lead was not touched by alpha's run

    connection.set_schema_to_public()
    assert tasks.rescore_leads_everywhere.apply().get() >= 2
    assert score(workspace_b, b["id"]) == 8


def test_the_decay_task_refuses_to_run_without_a_tenant() -> None:
    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        tasks.rescore_leads.apply(headers={"_schema_name": "public"}).get()


def test_scoring_rules_are_for_admins_and_bad_rules_are_refused(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    assert codes(mutate(sales, "createScoringRule", {"field": "INDUSTRY", "value": "x", "points": 1})) == [
        (None, "permission_denied")
    ]
    assert codes(mutate(workspace_a, "createScoringRule", {"points": 1})) == [(None, "invalid")]
    assert codes(mutate(workspace_a, "createScoringRule", {"field": "INDUSTRY", "points": 1})) == [
        ("value", "required")
    ]
    assert codes(
        mutate(
            workspace_a, "createScoringRule", {"field": "INDUSTRY", "activityKind": "CALL", "value": "x", "points": 1}
        )
    ) == [(None, "invalid")]
    assert codes(mutate(workspace_a, "createScoringRule", {"field": "REGION", "value": "x", "points": 5000})) == [
        ("points", "out_of_range")
    ]
    assert sales.api.execute("{ leadScoring { halfLifeDays } }")["errors"]
    assert workspace_a.api.data("{ leadScoring { halfLifeDays rules { id } } }")["leadScoring"] == {
        "halfLifeDays": 30,
        "rules": [],
    }


BREAKDOWN = (
    "query($id: ID!) { node(id: $id) { ... on Lead { score scoredAt scoreBreakdown { score computedAt halfLifeDays"
    " items { ruleId field value activityKind activities undecayedPoints points } } } } }"
)


def test_the_breakdown_says_which_rule_gave_what_and_adds_up_to_the_score(workspace_a: Workspace) -> None:
    industry = rule(workspace_a, field="INDUSTRY", value="software", points=10)
    rule(workspace_a, field="REGION", value="asia", points=50)  # does not match: not in the breakdown
    meeting = rule(workspace_a, activityKind="MEETING", points=20)
    rule(workspace_a, activityKind="CALL", points=4)
    mutate(workspace_a, "updateLeadScoring", {"halfLifeDays": 10})
    lead = create_lead(workspace_a, name="Ada", industry="Software")
    workspace_a.activate()
    now = timezone.now()
    stored = Lead.objects.get()
    stored.activities.create(kind="meeting", occurred_at=now - timedelta(days=10))  # half: 10
    stored.activities.create(kind="meeting", occurred_at=now - timedelta(days=20))  # quarter: 5
    scoring.rescore(stored, now)

    node = workspace_a.api.data(BREAKDOWN, {"id": lead["id"]})["node"]
    breakdown = node["scoreBreakdown"]
    assert node["score"] == breakdown["score"] == 25
    assert breakdown["halfLifeDays"] == 10 and breakdown["computedAt"] == node["scoredAt"]
    assert breakdown["items"] == [
        {"ruleId": industry["id"], "field": "INDUSTRY", "value": "software", "activityKind": None, "activities": 0,
         "undecayedPoints": 10, "points": 10.0},
        {"ruleId": meeting["id"], "field": None, "value": None, "activityKind": "MEETING", "activities": 2,
         "undecayedPoints": 40, "points": 15.0},
    ]  # fmt: skip


def test_the_breakdown_hides_the_value_of_a_field_the_role_may_not_see(workspace_a: Workspace) -> None:
    rule(workspace_a, field="EMAIL_DOMAIN", value="bigcorp.example", points=7)
    lead = create_lead(workspace_a, name="Ada", email="ada@bigcorp.example")
    workspace_a.activate()
    marketing = member(workspace_a, "marketing-breakdown@example.com", Role.MARKETING)  # reads leads, not e-mails
    result = marketing.api.execute(BREAKDOWN, {"id": lead["id"]})
    item = result["data"]["node"]["scoreBreakdown"]["items"][0]
    assert (item["field"], item["value"], item["points"]) == ("EMAIL_DOMAIN", None, 7.0)
    own = workspace_a.api.data(BREAKDOWN, {"id": lead["id"]})["node"]["scoreBreakdown"]["items"][0]
    assert own["value"] == "bigcorp.example"


def test_a_list_of_leads_reads_the_breakdowns_in_a_fixed_number_of_queries(make_workspace: Any) -> None:
    small, big = make_workspace("small-breakdowns"), make_workspace("big-breakdowns")
    query = "{ leads(first: 50) { edges { node { id scoreBreakdown { score items { points activities } } } } } }"
    for ws, n in ((small, 1), (big, 5)):
        rule(ws, activityKind="CALL", points=4)
        rule(ws, field="INDUSTRY", value="software", points=10)
        for i in range(n):
            lead = create_lead(ws, name=f"Lead {i}", industry="Software")
            mutate(ws, "logLeadActivity", {"leadId": lead["id"], "kind": "CALL"}, "leadActivity { kind }")
    one = count_queries(lambda: small.api.data(query))
    with assert_num_queries(one):
        data = big.api.data(query)
    assert all(e["node"]["scoreBreakdown"]["score"] == 14 for e in data["leads"]["edges"])
    assert one == BREAKDOWN_QUERIES
