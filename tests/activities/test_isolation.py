"""Tenant A can neither read nor change tenant B's activities and plans, by any query, mutation or id."""

from __future__ import annotations

from typing import Any

import pytest

from saas.activities.models import Activity
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import attempt, codes, create_activity, gid

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    company = create_company(workspace_b, name="Bravo Secret Co")
    task = create_activity(
        workspace_b, subject="Bravo secret", recordId=company["id"], dueAt="2027-03-02T09:00:00+00:00"
    )
    plan = workspace_b.api.data(
        "mutation($i: CreateFollowUpPlanInput!) { createFollowUpPlan(input: $i) { followUpPlan { id } } }",
        {"i": {"name": "Bravo plan", "steps": [{"dayOffset": 0, "subject": "Call"}]}},
    )["createFollowUpPlan"]["followUpPlan"]
    return {"company": company["id"], "task": task["id"], "plan": plan["id"]}


def test_lists_calendar_and_nodes_show_nothing_of_another_tenant(
    workspace_a: Workspace, theirs: dict[str, Any]
) -> None:
    data = workspace_a.api.data(
        "query($r: ID!) { activities { totalCount } deletedActivities { totalCount } followUpPlans { totalCount }"
        " onRecord: activities(record: $r) { totalCount } myReminders { id }"
        ' calendar(from: "2027-03-01T00:00:00Z", to: "2027-03-31T00:00:00Z") { startsAt } }',
        {"r": theirs["company"]},
    )
    assert data == {
        "activities": {"totalCount": 0},
        "deletedActivities": {"totalCount": 0},
        "followUpPlans": {"totalCount": 0},
        "onRecord": {"totalCount": 0},
        "myReminders": [],
        "calendar": [],
    }
    for global_id in (theirs["task"], theirs["plan"]):
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}) == {"node": None}


def test_mutations_cannot_touch_or_link_another_tenants_records(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    assert codes(attempt(workspace_a, "updateActivity", {"id": theirs["task"], "subject": "x"})) == [
        ("id", "not_found")
    ]
    for name in ("completeActivity", "deleteActivity", "restoreActivity"):
        assert codes(attempt(workspace_a, name, {"id": theirs["task"]}, "RecordIdInput"))[0][1] == "not_found", name
    linked = attempt(workspace_a, "createActivity", {"subject": "Peek", "recordId": theirs["company"]})
    assert codes(linked) == [("recordId", "not_found")]
    applied = workspace_a.api.data(
        "mutation($i: ApplyFollowUpPlanInput!) { applyFollowUpPlan(input: $i) { errors { field code } } }",
        {"i": {"planId": theirs["plan"], "recordId": theirs["company"]}},
    )["applyFollowUpPlan"]
    assert applied["errors"][0]["code"] == "not_found"
    workspace_b.activate()
    assert Activity.objects.get().subject == "Bravo secret"
    assert Activity.objects.get().status == "open"


def test_user_ids_of_another_tenant_find_nothing_on_the_calendar(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, Any]
) -> None:
    data = workspace_a.api.data(
        'query($u: [ID!]) { calendar(from: "2027-03-01T00:00:00Z", to: "2027-03-31T00:00:00Z", userIds: $u)'
        " { startsAt } }",
        {"u": [gid("User", workspace_b.owner.pk)]},
    )
    assert data == {"calendar": []}
