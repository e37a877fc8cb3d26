"""The calendar: a date range, by member or team, recurring series expanded, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from saas.access.models import Team, TeamMember
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_activity, gid

pytestmark = pytest.mark.django_db

CALENDAR = """query($from: DateTime!, $to: DateTime!, $users: [ID!], $team: ID) {
  calendar(from: $from, to: $to, userIds: $users, teamId: $team) {
    startsAt endsAt occurrence activity { id subject kind status assignee { id email } }
  }
}"""
MARCH = {"from": "2027-03-01T00:00:00+00:00", "to": "2027-04-01T00:00:00+00:00"}


def _entries(ws: Workspace, **variables: Any) -> list[tuple[str, str, int]]:
    rows = ws.api.data(CALENDAR, {**MARCH, **variables})["calendar"]
    return [(r["activity"]["subject"], r["startsAt"][:10], r["occurrence"]) for r in rows]


def test_the_range_holds_what_falls_in_it(workspace_a: Workspace) -> None:
    create_activity(workspace_a, subject="Before", dueAt="2027-02-28T23:00:00+00:00")
    create_activity(workspace_a, subject="Due", dueAt="2027-03-10T09:00:00+00:00")
    create_activity(
        workspace_a,
        subject="Meeting",
        kind="MEETING",
        startsAt="2027-03-12T10:00:00+00:00",
        endsAt="2027-03-12T11:00:00+00:00",
    )
    # Started in February, still running when March begins.
    create_activity(
        workspace_a,
        subject="Offsite",
        kind="MEETING",
        startsAt="2027-02-28T10:00:00+00:00",
        endsAt="2027-03-02T10:00:00+00:00",
    )
    create_activity(workspace_a, subject="After", dueAt="2027-04-01T00:00:00+00:00")
    create_activity(workspace_a, subject="Undated")
    assert _entries(workspace_a) == [
        ("Offsite", "2027-02-28", 0),
        ("Due", "2027-03-10", 0),
        ("Meeting", "2027-03-12", 0),
    ]


def test_recurring_series_are_expanded_from_their_current_occurrence(workspace_a: Workspace) -> None:
    create_activity(
        workspace_a,
        subject="Weekly",
        dueAt="2027-02-15T09:00:00+00:00",
        recurrence="FREQ=WEEKLY;COUNT=5",
    )
    # Feb 15, 22, Mar 1, 8, 15: the current occurrence (Feb 15) lies before March and is not shown.
    assert _entries(workspace_a) == [
        ("Weekly", "2027-03-01", 1),
        ("Weekly", "2027-03-08", 2),
        ("Weekly", "2027-03-15", 3),
    ]
    create_activity(
        workspace_a,
        subject="Daily meeting",
        kind="MEETING",
        startsAt="2027-03-30T08:00:00+00:00",
        endsAt="2027-03-30T08:15:00+00:00",
        recurrence="FREQ=DAILY",
    )
    daily = [e for e in _entries(workspace_a) if e[0] == "Daily meeting"]
    assert daily == [("Daily meeting", "2027-03-30", 0), ("Daily meeting", "2027-03-31", 1)]
    rows = workspace_a.api.data(CALENDAR, MARCH)["calendar"]
    assert rows[-1]["endsAt"] == "2027-03-31T08:15:00+00:00"


def test_done_and_cancelled(workspace_a: Workspace) -> None:
    done = create_activity(workspace_a, subject="Done one", dueAt="2027-03-03T09:00:00+00:00")
    workspace_a.api.data(
        "mutation($i: RecordIdInput!) { completeActivity(input: $i) { errors { code } } }", {"i": {"id": done["id"]}}
    )
    cancelled = create_activity(workspace_a, subject="Cancelled", dueAt="2027-03-04T09:00:00+00:00")
    workspace_a.api.data(
        "mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { errors { code } } }",
        {"i": {"id": cancelled["id"], "status": "CANCELLED"}},
    )
    assert _entries(workspace_a) == [("Done one", "2027-03-03", 0)]


def test_by_member_and_by_team(workspace_a: Workspace) -> None:
    sofia = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    noah = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    create_activity(sofia, subject="Sofia's", dueAt="2027-03-02T09:00:00+00:00")
    create_activity(noah, subject="Noah's", dueAt="2027-03-03T09:00:00+00:00")
    create_activity(workspace_a, subject="Owner's", dueAt="2027-03-04T09:00:00+00:00")

    assert [e[0] for e in _entries(workspace_a, users=[gid("User", sofia.owner.pk)])] == ["Sofia's"]
    workspace_a.activate()
    team = Team.objects.create(name="East")
    TeamMember.objects.create(team=team, user_id=sofia.owner.pk)
    TeamMember.objects.create(team=team, user_id=noah.owner.pk)
    assert [e[0] for e in _entries(workspace_a, team=gid("Team", team.pk))] == ["Sofia's", "Noah's"]
    # An own-scope member asking for the team still sees only what it may read.
    assert [e[0] for e in _entries(sofia, team=gid("Team", team.pk))] == ["Sofia's"]


def test_bad_ranges_are_refused(workspace_a: Workspace) -> None:
    backwards = workspace_a.api.execute(CALENDAR, {"from": MARCH["to"], "to": MARCH["from"]})
    assert backwards["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    too_long = workspace_a.api.execute(
        CALENDAR, {"from": "2027-01-01T00:00:00+00:00", "to": "2027-06-01T00:00:00+00:00"}
    )
    assert too_long["errors"][0]["extensions"]["field"] == "to"
    no_team = workspace_a.api.execute(CALENDAR, {**MARCH, "team": gid("Team", 999999)})
    assert no_team["errors"][0]["extensions"]["field"] == "teamId"


def _seed(ws: Workspace, count: int) -> None:
    for i in range(count):
        create_activity(ws, subject=f"Task {i}", dueAt=f"2027-03-{(i % 28) + 1:02d}T09:00:00+00:00")
    create_activity(ws, subject="Series", dueAt="2027-03-01T09:00:00+00:00", recurrence="FREQ=DAILY")


def test_the_calendar_costs_the_same_queries_for_one_and_many_entries(make_workspace: Any) -> None:
    small, big = make_workspace("small-co"), make_workspace("big-co")
    _seed(small, 1)
    _seed(big, 40)
    assert count_queries(lambda: small.api.data(CALENDAR, MARCH)) == count_queries(
        lambda: big.api.data(CALENDAR, MARCH)
    )
    big.api.data(CALENDAR, MARCH)
    # the token and its membership, then the activities with their assignees
    with assert_num_queries(2):
        rows = big.api.data(CALENDAR, MARCH)["calendar"]
    assert len(rows) == 40 + 31
