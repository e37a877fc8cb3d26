"""Follow-up plans: a sequence of planned touches that, applied to a record, creates its tasks."""

from __future__ import annotations

import pytest

from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import gid

pytestmark = pytest.mark.django_db

CREATE = (
    "mutation($i: CreateFollowUpPlanInput!) { createFollowUpPlan(input: $i) {"
    " followUpPlan { id name steps { dayOffset kind subject priority } } errors { field code } } }"
)
APPLY = (
    "mutation($i: ApplyFollowUpPlanInput!) { applyFollowUpPlan(input: $i) {"
    " activities { subject kind dueAt recordId assignee { id } } errors { field code } } }"
)


def test_applying_a_plan_creates_its_tasks_on_the_record(workspace_a: Workspace) -> None:
    plan = workspace_a.api.data(
        CREATE,
        {
            "i": {
                "name": "New lead",
                "steps": [
                    {"dayOffset": 7, "subject": "Send case study", "kind": "TASK"},
                    {"dayOffset": 0, "subject": "Intro call", "kind": "CALL", "priority": "HIGH"},
                ],
            }
        },
    )["createFollowUpPlan"]
    assert plan["errors"] == []
    assert [s["dayOffset"] for s in plan["followUpPlan"]["steps"]] == [0, 7]  # kept in day order
    company = create_company(workspace_a, name="Globex")

    applied = workspace_a.api.data(
        APPLY, {"i": {"planId": plan["followUpPlan"]["id"], "recordId": company["id"], "startOn": "2027-05-03"}}
    )["applyFollowUpPlan"]

    assert applied["errors"] == []
    assert [(a["subject"], a["kind"], a["dueAt"]) for a in applied["activities"]] == [
        ("Intro call", "CALL", "2027-05-03T09:00:00+00:00"),
        ("Send case study", "TASK", "2027-05-10T09:00:00+00:00"),
    ]
    assert {a["recordId"] for a in applied["activities"]} == {company["id"]}
    assert {a["assignee"]["id"] for a in applied["activities"]} == {gid("User", workspace_a.owner.pk)}
    count = workspace_a.api.data("query($r: ID!) { activities(record: $r) { totalCount } }", {"r": company["id"]})
    assert count["activities"]["totalCount"] == 2


@pytest.mark.parametrize(
    ("steps", "error"),
    [
        ([], ("steps", "required")),
        ([{"dayOffset": -1, "subject": "x"}], ("steps.0.dayOffset", "out_of_range")),
        ([{"dayOffset": 1, "subject": " "}], ("steps.0.subject", "required")),
    ],
)
def test_bad_plans_are_refused(workspace_a: Workspace, steps: list[dict[str, object]], error: tuple[str, str]) -> None:
    payload = workspace_a.api.data(CREATE, {"i": {"name": "Plan", "steps": steps}})["createFollowUpPlan"]
    assert payload["followUpPlan"] is None and (payload["errors"][0]["field"], payload["errors"][0]["code"]) == error
    assert workspace_a.api.data("{ followUpPlans { totalCount } }")["followUpPlans"]["totalCount"] == 0


def test_a_plan_on_a_missing_record_creates_nothing(workspace_a: Workspace) -> None:
    plan = workspace_a.api.data(CREATE, {"i": {"name": "P", "steps": [{"dayOffset": 0, "subject": "Call"}]}})
    plan_id = plan["createFollowUpPlan"]["followUpPlan"]["id"]
    missing = gid("Company", "00000000-0000-0000-0000-000000000000")
    applied = workspace_a.api.data(APPLY, {"i": {"planId": plan_id, "recordId": missing}})["applyFollowUpPlan"]
    assert applied["errors"] == [{"field": "recordId", "code": "not_found"}]
    assert workspace_a.api.data("{ activities { totalCount } }")["activities"]["totalCount"] == 0


def test_update_and_delete_a_plan(workspace_a: Workspace) -> None:
    plan = workspace_a.api.data(CREATE, {"i": {"name": "P", "steps": [{"dayOffset": 0, "subject": "Call"}]}})
    plan_id = plan["createFollowUpPlan"]["followUpPlan"]["id"]
    update = (
        "mutation($i: UpdateFollowUpPlanInput!) { updateFollowUpPlan(input: $i) {"
        " followUpPlan { name steps { dayOffset subject } } errors { field code } } }"
    )
    changed = workspace_a.api.data(
        update, {"i": {"id": plan_id, "name": "Renewal", "steps": [{"dayOffset": 30, "subject": "Renewal call"}]}}
    )["updateFollowUpPlan"]
    assert changed == {
        "followUpPlan": {"name": "Renewal", "steps": [{"dayOffset": 30, "subject": "Renewal call"}]},
        "errors": [],
    }
    blank = workspace_a.api.data(update, {"i": {"id": plan_id, "name": " "}})["updateFollowUpPlan"]
    assert blank["errors"] == [{"field": "name", "code": "required"}]
    gone = workspace_a.api.data(
        "mutation($i: RecordIdInput!) { deleteFollowUpPlan(input: $i) { deletedId errors { code } } }",
        {"i": {"id": plan_id}},
    )["deleteFollowUpPlan"]
    assert gone == {"deletedId": plan_id, "errors": []}
    assert workspace_a.api.data("{ followUpPlans { totalCount } }")["followUpPlans"]["totalCount"] == 0
