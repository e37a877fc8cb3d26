"""Activities: create on a record, update, complete (recurrence), delete and restore, lists, bad input."""

from __future__ import annotations

import pytest

from saas.activities.models import Activity
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import attempt, codes, create_activity, gid

pytestmark = pytest.mark.django_db


def test_a_task_on_a_company_shows_on_the_companys_list(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")
    other = create_company(workspace_a, name="Initech")
    task = create_activity(
        workspace_a, subject="Send the proposal", recordId=company["id"], dueAt="2027-03-01T09:00:00+00:00"
    )
    assert task["recordId"] == company["id"] and task["recordType"] == "Company"
    assert task["kind"] == "TASK" and task["status"] == "OPEN" and task["priority"] == "NORMAL"
    assert task["assignee"]["id"] == gid("User", workspace_a.owner.pk)  # me, by default
    create_activity(workspace_a, subject="Other company's task", recordId=other["id"])

    query = "query($r: ID!) { activities(record: $r) { totalCount edges { node { subject } } } }"
    listed = workspace_a.api.data(query, {"r": company["id"]})["activities"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"subject": "Send the proposal"}}]}


def test_update_reschedules_and_keeps_the_reminder_in_step(workspace_a: Workspace) -> None:
    task = create_activity(
        workspace_a, subject="Call Ann", kind="CALL", dueAt="2027-03-01T09:00:00+00:00", remindBeforeMinutes=30
    )
    assert task["remindAt"] == "2027-03-01T08:30:00+00:00"
    moved = attempt(workspace_a, "updateActivity", {"id": task["id"], "dueAt": "2027-03-04T09:00:00+00:00"})
    assert moved["errors"] == []
    assert moved["activity"]["dueAt"] == "2027-03-04T09:00:00+00:00"
    assert moved["activity"]["remindAt"] == "2027-03-04T08:30:00+00:00"
    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Activity { history { edges { node { action changes } } } } } }",
        {"id": task["id"]},
    )["node"]["history"]["edges"]
    assert [e["node"]["action"] for e in history] == ["update", "create"]
    assert history[0]["node"]["changes"]["due_at"]["new"].startswith("2027-03-04")


def test_completing_a_recurring_task_creates_the_next_occurrence(workspace_a: Workspace) -> None:
    task = create_activity(
        workspace_a, subject="Weekly report", dueAt="2027-03-01T09:00:00+00:00", recurrence="FREQ=WEEKLY;COUNT=3"
    )
    first = attempt(workspace_a, "completeActivity", {"id": task["id"]}, "RecordIdInput")
    assert first["errors"] == [] and first["activity"]["status"] == "DONE"
    second = first["nextActivity"]
    assert second["dueAt"] == "2027-03-08T09:00:00+00:00" and second["status"] == "OPEN"
    assert second["recurrence"] == "FREQ=WEEKLY;COUNT=3" and second["subject"] == "Weekly report"

    third = attempt(workspace_a, "completeActivity", {"id": second["id"]}, "RecordIdInput")["nextActivity"]
    assert third["dueAt"] == "2027-03-15T09:00:00+00:00"
    # COUNT=3: the third is the last one.
    last = attempt(workspace_a, "completeActivity", {"id": third["id"]}, "RecordIdInput")
    assert last["errors"] == [] and last["nextActivity"] is None
    again = attempt(workspace_a, "completeActivity", {"id": third["id"]}, "RecordIdInput")
    assert codes(again) == [("id", "invalid")]
    workspace_a.activate()
    assert Activity.objects.count() == 3


def test_a_moved_occurrence_keeps_the_series_rhythm(workspace_a: Workspace) -> None:
    task = create_activity(
        workspace_a, subject="Stand-up", dueAt="2027-03-01T09:00:00+00:00", recurrence="FREQ=WEEKLY;BYDAY=MO"
    )
    attempt(workspace_a, "updateActivity", {"id": task["id"], "dueAt": "2027-03-02T09:00:00+00:00"})
    done = attempt(workspace_a, "completeActivity", {"id": task["id"]}, "RecordIdInput")
    assert done["nextActivity"]["dueAt"] == "2027-03-08T09:00:00+00:00"  # still Mondays


def test_delete_and_restore(workspace_a: Workspace) -> None:
    task = create_activity(workspace_a, subject="Bin me")
    deleted = attempt(workspace_a, "deleteActivity", {"id": task["id"]}, "RecordIdInput")
    assert deleted["errors"] == []
    lists = workspace_a.api.data("{ activities { totalCount } deletedActivities { totalCount } }")
    assert lists == {"activities": {"totalCount": 0}, "deletedActivities": {"totalCount": 1}}
    restored = attempt(workspace_a, "restoreActivity", {"id": task["id"]}, "RecordIdInput")
    assert restored["errors"] == [] and restored["activity"]["subject"] == "Bin me"
    assert workspace_a.api.data("{ activities { totalCount } }")["activities"]["totalCount"] == 1


def test_filters_and_ordering(workspace_a: Workspace) -> None:
    create_activity(workspace_a, subject="Late", dueAt="2027-03-09T09:00:00+00:00", priority="HIGH")
    create_activity(workspace_a, subject="Early", dueAt="2027-03-02T09:00:00+00:00")
    create_activity(workspace_a, subject="Meet", kind="MEETING", startsAt="2027-03-05T10:00:00+00:00")
    query = (
        "{ activities(filter: {kind: {eq: TASK}}, orderBy: [{dueAt: ASC}]) { edges { node { subject } } } "
        " high: activities(filter: {priority: {eq: HIGH}}) { edges { node { subject } } } }"
    )
    data = workspace_a.api.data(query)
    assert [e["node"]["subject"] for e in data["activities"]["edges"]] == ["Early", "Late"]
    assert [e["node"]["subject"] for e in data["high"]["edges"]] == ["Late"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"subject": " "}, [("subject", "required")]),
        ({"subject": "x" * 201}, [("subject", "too_long")]),
        ({"subject": "Meet", "kind": "MEETING"}, [("startsAt", "required")]),
        (
            {"subject": "Meet", "startsAt": "2027-03-01T10:00:00+00:00", "endsAt": "2027-03-01T09:00:00+00:00"},
            [("endsAt", "invalid_date")],
        ),
        ({"subject": "R", "recurrence": "FREQ=WEEKLY"}, [("recurrence", "required")]),
        (
            {"subject": "R", "dueAt": "2027-03-01T09:00:00+00:00", "recurrence": "FREQ=SOMETIMES"},
            [("recurrence", "invalid_format")],
        ),
        (
            {"subject": "R", "dueAt": "2027-03-01T09:00:00+00:00", "recurrence": "FREQ=HOURLY"},
            [("recurrence", "invalid_format")],
        ),
        ({"subject": "R", "remindBeforeMinutes": -5}, [("remindBeforeMinutes", "out_of_range")]),
        ({"subject": "R", "assigneeId": gid("User", 999999)}, [("assigneeId", "not_found")]),
        (
            {"subject": "R", "recordId": gid("Company", "00000000-0000-0000-0000-000000000000")},
            [("recordId", "not_found")],
        ),
        ({"subject": "R", "recordId": gid("Nonsense", "1")}, [("recordId", "not_found")]),
        ({"subject": "R", "recordId": gid("Company", "not-a-uuid")}, [("recordId", "not_found")]),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    workspace_a: Workspace, fields: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    payload = attempt(workspace_a, "createActivity", fields)
    assert payload["activity"] is None and codes(payload) == expected
    workspace_a.activate()
    assert not Activity.all_objects.exists()


def test_an_activity_cannot_be_linked_to_an_activity(workspace_a: Workspace) -> None:
    task = create_activity(workspace_a, subject="First")
    assert codes(attempt(workspace_a, "createActivity", {"subject": "Second", "recordId": task["id"]})) == [
        ("recordId", "invalid")
    ]


def test_a_note_is_done_when_written(workspace_a: Workspace) -> None:
    note = create_activity(workspace_a, subject="Met at the fair", kind="NOTE")
    assert note["status"] == "DONE"


def test_mine_filters_the_activities_assigned_to_whoever_asks(workspace_a: Workspace) -> None:
    from tenants.models import Role
    from tests.customers.test_tags_groups_views import member

    manager = member(workspace_a, "mona@alpha.example.com", Role.ADMIN)
    create_activity(workspace_a, subject="Owner's")
    create_activity(manager, subject="Mona's")
    query = "{ activities(filter: {mine: true}) { edges { node { subject } } } }"
    assert [e["node"]["subject"] for e in manager.api.data(query)["activities"]["edges"]] == ["Mona's"]
    assert [e["node"]["subject"] for e in workspace_a.api.data(query)["activities"]["edges"]] == ["Owner's"]


def test_the_demo_workspace_has_a_week_of_activities_after_its_customers() -> None:
    from saas import modules
    from saas.activities.demo import seed_activities
    from saas.customers.demo import seed_customers
    from saas.kernel.demo import seed_demo_workspace
    from tenants.db import connection

    seeders = modules.demo_seeders()
    assert seeders.index(seed_customers) < seeders.index(seed_activities)
    connection.set_tenant(seed_demo_workspace())
    linked = Activity.objects.exclude(record_type="")
    assert linked.count() == 7 and Activity.objects.exclude(recurrence="").count() == 1
    assert all(a.assignee_id is not None for a in Activity.objects.all())


def test_search_finds_words_of_the_subject_and_notes(workspace_a: Workspace) -> None:
    create_activity(workspace_a, subject="Renewal call", notes="Ask about the warehouse expansion")
    create_activity(workspace_a, subject="Send invoice")
    query = "query($q: String) { activities(search: $q) { edges { node { subject } } } }"
    for words, found in (("renew", ["Renewal call"]), ("warehouse", ["Renewal call"]), ("invoice", ["Send invoice"])):
        edges = workspace_a.api.data(query, {"q": words})["activities"]["edges"]
        assert [e["node"]["subject"] for e in edges] == found, words
