"""Customer development plans: steps in order, ticked done, progress; edits audited on the plan."""

from __future__ import annotations

from typing import Any

import pytest

from saas.activities.models import Activity
from saas.contracts.models import DevelopmentPlan, PlanStep
from tests.catalog.conftest import ok
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import PLAN_FIELDS, codes, mutate

pytestmark = pytest.mark.django_db
SELECTION = f"developmentPlan {{ {PLAN_FIELDS} }}"


def _plan(ws: Workspace, company: str, steps: list[str]) -> dict[str, Any]:
    given = {"companyId": company, "goal": "Land the EU branch", "targetDate": "2027-06-30",
             "steps": [{"title": t} for t in steps]}  # fmt: skip
    return dict(ok(mutate(ws, "createDevelopmentPlan", given, SELECTION))["developmentPlan"])


def test_a_plan_holds_ordered_steps_and_its_progress(workspace_a: Workspace, company: str) -> None:
    plan = _plan(workspace_a, company, ["Meet the CFO", "Run a pilot"])
    assert [s["title"] for s in plan["steps"]] == ["Meet the CFO", "Run a pilot"]
    assert (plan["progress"], plan["doneCount"], plan["status"]) == (0.0, 0, "ACTIVE")
    added = ok(mutate(workspace_a, "addPlanStep", {"planId": plan["id"], "title": "Sign", "dueDate": "2027-05-01"},
                      SELECTION))["developmentPlan"]  # fmt: skip
    assert [(s["title"], s["position"]) for s in added["steps"]][-1] == ("Sign", 2)
    first = added["steps"][0]["id"]
    ticked = ok(mutate(workspace_a, "completePlanStep", {"stepId": first}, SELECTION))["developmentPlan"]
    assert ticked["doneCount"] == 1 and ticked["progress"] == pytest.approx(1 / 3, abs=1e-4)
    unticked = ok(mutate(workspace_a, "completePlanStep", {"stepId": first, "done": False}, SELECTION))
    assert unticked["developmentPlan"]["doneCount"] == 0

    order = [s["id"] for s in reversed(added["steps"])]
    reordered = ok(mutate(workspace_a, "reorderPlanSteps", {"planId": plan["id"], "stepIds": order}, SELECTION))
    assert [s["title"] for s in reordered["developmentPlan"]["steps"]] == ["Sign", "Run a pilot", "Meet the CFO"]

    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on DevelopmentPlan { history { edges { node { changes } } } } } }",
        {"id": plan["id"]},
    )["node"]["history"]["edges"]
    assert any("steps" in (e["node"]["changes"] or {}) for e in history)


def test_a_step_links_an_activity_and_can_be_edited_and_removed(workspace_a: Workspace, company: str) -> None:
    plan = _plan(workspace_a, company, ["Call the buyer"])
    task = workspace_a.api.data(
        'mutation { createActivity(input: {kind: TASK, subject: "Call the buyer"}) {'
        " activity { id } errors { code } } }"
    )["createActivity"]["activity"]["id"]
    step = plan["steps"][0]["id"]
    linked = ok(mutate(workspace_a, "updatePlanStep", {"stepId": step, "activityId": task, "title": "Call Bob"},
                       SELECTION))["developmentPlan"]["steps"][0]  # fmt: skip
    assert (linked["title"], linked["activity"]["id"]) == ("Call Bob", task)
    ok(mutate(workspace_a, "deletePlanStep", {"stepId": step}, SELECTION))
    workspace_a.activate()
    assert PlanStep.objects.count() == 0 and Activity.objects.count() == 1


def test_bad_step_edits_are_refused_and_change_nothing(workspace_a: Workspace, company: str) -> None:
    plan = _plan(workspace_a, company, ["One", "Two"])
    ids = [s["id"] for s in plan["steps"]]
    assert codes(mutate(workspace_a, "reorderPlanSteps", {"planId": plan["id"], "stepIds": ids[:1]})) == [
        ("stepIds", "invalid")
    ]
    assert codes(mutate(workspace_a, "addPlanStep", {"planId": plan["id"], "title": "  "})) == [("title", "required")]
    assert codes(mutate(workspace_a, "completePlanStep", {"stepId": "999999"})) == [("stepId", "not_found")]
    assert codes(mutate(workspace_a, "createDevelopmentPlan", {"companyId": company, "goal": ""})) == [
        ("goal", "required")
    ]
    workspace_a.activate()
    assert list(PlanStep.objects.order_by("position").values_list("title", "done")) == [("One", False), ("Two", False)]
    assert DevelopmentPlan.objects.count() == 1


def test_plans_are_listed_by_company(workspace_a: Workspace, company: str) -> None:
    other = create_company(workspace_a, name="Initech")["id"]
    _plan(workspace_a, company, ["A"])
    _plan(workspace_a, other, [])
    data = workspace_a.api.data(
        "query($c: ID!) { developmentPlans(filter: {company: {eq: $c}}) {"
        " totalCount edges { node { id company { name } } } } }",
        {"c": company},
    )["developmentPlans"]
    assert data["totalCount"] == 1 and data["edges"][0]["node"]["company"]["name"] == "Globex"
    plan = data["edges"][0]["node"]["id"]
    updated = ok(
        mutate(workspace_a, "updateDevelopmentPlan", {"id": plan, "status": "ACHIEVED"}, "developmentPlan { status }")
    )
    assert updated["developmentPlan"]["status"] == "ACHIEVED"
