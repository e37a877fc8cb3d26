"""Roles hold: a link only to a record the member may read; activities of records out of sight never show."""

from __future__ import annotations

import pytest

from saas.access import policy
from saas.activities.models import Activity
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.customers.test_tags_groups_views import member

from .conftest import attempt, codes, create_activity, gid

pytestmark = pytest.mark.django_db

LIST = "{ activities { totalCount edges { node { subject } } } }"


def _subjects(ws: Workspace) -> list[str]:
    return sorted(e["node"]["subject"] for e in ws.api.data(LIST)["activities"]["edges"])


def test_a_link_to_a_record_the_member_cannot_read_is_refused(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    theirs = create_company(workspace_a, name="Owner's account", ownerId=gid("User", workspace_a.owner.pk))
    mine = create_company(sales, name="Sofia's account")

    refused = attempt(sales, "createActivity", {"subject": "Peek", "recordId": theirs["id"]})
    assert refused["activity"] is None and codes(refused) == [("recordId", "not_found")]
    assert attempt(sales, "createActivity", {"subject": "Mine", "recordId": mine["id"]})["errors"] == []
    task = create_activity(sales, subject="Relink me")
    relinked = attempt(sales, "updateActivity", {"id": task["id"], "recordId": theirs["id"]})
    assert codes(relinked) == [("recordId", "not_found")]


def test_activities_of_records_the_member_cannot_read_never_show(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    secret = create_company(workspace_a, name="Owner's account", ownerId=gid("User", workspace_a.owner.pk))
    # Assigned to the salesperson, but on a record only the owner may read (e.g. the account moved away).
    hidden = create_activity(
        workspace_a, subject="On the secret account", recordId=secret["id"], assigneeId=gid("User", sales.owner.pk)
    )
    create_activity(workspace_a, subject="Free-standing", assigneeId=gid("User", sales.owner.pk))

    assert _subjects(sales) == ["Free-standing"]
    assert sales.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": hidden["id"]}) == {"node": None}
    assert codes(attempt(sales, "updateActivity", {"id": hidden["id"], "subject": "x"})) == [("id", "not_found")]
    assert codes(attempt(sales, "completeActivity", {"id": hidden["id"]}, "RecordIdInput")) == [("id", "not_found")]
    calendar = sales.api.data(
        '{ calendar(from: "2020-01-01T00:00:00Z", to: "2020-03-01T00:00:00Z") { activity { subject } } }'
    )
    assert calendar == {"calendar": []}
    workspace_a.activate()
    seat = Membership.objects.get(user=sales.owner, tenant=workspace_a.tenant)
    assert not policy.can_read(seat, "Activity", Activity.objects.get(subject="On the secret account").pk)
    assert policy.can_read(seat, "Activity", Activity.objects.get(subject="Free-standing").pk)

    # Sharing the company with the salesperson brings its activity into sight.
    share = workspace_a.api.data(
        "mutation($input: ShareRecordInput!) { shareRecord(input: $input) { errors { code } } }",
        {"input": {"recordId": secret["id"], "memberId": gid("Member", seat.pk)}},
    )
    assert share["shareRecord"]["errors"] == []
    assert _subjects(sales) == ["Free-standing", "On the secret account"]


def test_own_scope_roles_see_and_change_only_their_activities(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    create_activity(sales, subject="Sofia's")
    noahs = create_activity(colleague, subject="Noah's")
    assert _subjects(sales) == ["Sofia's"]
    assert codes(attempt(sales, "updateActivity", {"id": noahs["id"], "subject": "x"})) == [("id", "not_found")]
    for_other = attempt(sales, "createActivity", {"subject": "For Noah", "assigneeId": gid("User", colleague.owner.pk)})
    assert codes(for_other) == [(None, "permission_denied")]
    # The owner sees everyone's.
    assert _subjects(workspace_a) == ["Noah's", "Sofia's"]


def test_read_only_members_cannot_write(workspace_a: Workspace) -> None:
    reader = member(workspace_a, "rita@alpha.example.com", Role.READ_ONLY)
    create_activity(workspace_a, subject="Visible")
    assert _subjects(reader) == ["Visible"]
    assert codes(attempt(reader, "createActivity", {"subject": "Nope"})) == [(None, "permission_denied")]


def test_realtime_events_of_activities_on_unreadable_records_reach_only_who_may_read_them(
    workspace_a: Workspace,
) -> None:
    from realtime import gate

    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    secret = create_company(workspace_a, name="Owner's account", ownerId=gid("User", workspace_a.owner.pk))
    create_activity(
        workspace_a, subject="On the secret account", recordId=secret["id"], assigneeId=gid("User", sales.owner.pk)
    )
    create_activity(workspace_a, subject="Free-standing", assigneeId=gid("User", sales.owner.pk))
    workspace_a.activate()
    seats = list(Membership.objects.filter(tenant=workspace_a.tenant).order_by("id"))
    owner_seat, sales_seat = seats[0], seats[1]
    assert sales_seat.user_id == sales.owner.pk

    def event(subject: str) -> dict[str, object]:
        pk = Activity.objects.get(subject=subject).pk
        return {
            "action": "updated",
            "record_type": "Activity",
            "record_id": str(pk),
            "fields": ["subject"],
            "payload": {"subject": subject},
        }

    hidden = gate.decide(event("On the secret account"), [owner_seat, sales_seat])
    assert hidden[owner_seat.pk] is not None and hidden[sales_seat.pk] is None
    shown = gate.decide(event("Free-standing"), [owner_seat, sales_seat])
    assert shown[sales_seat.pk] is not None


def test_service_staff_take_back_their_own_activities_and_delete_nothing_else(workspace_a: Workspace) -> None:
    agent = member(workspace_a, "sam@alpha.example.com", Role.SERVICE)
    mine = create_activity(agent, subject="Call the customer back")
    theirs = create_activity(workspace_a, subject="The owner's call", assigneeId=gid("User", workspace_a.owner.pk))
    company = create_company(workspace_a, name="Sam's customer", ownerId=gid("User", agent.owner.pk))

    assert attempt(agent, "deleteActivity", {"id": mine["id"]}, "RecordIdInput")["errors"] == []
    assert attempt(agent, "restoreActivity", {"id": mine["id"]}, "RecordIdInput")["errors"] == []  # the undo
    assert [code for _, code in codes(attempt(agent, "deleteActivity", {"id": theirs["id"]}, "RecordIdInput"))] == [
        "permission_denied"
    ]
    refused = agent.api.data(
        "mutation($input: RecordIdInput!) { deleteCompany(input: $input) { errors { code } } }",
        {"input": {"id": company["id"]}},
    )
    assert refused["deleteCompany"]["errors"] == [{"code": "permission_denied"}]  # customers' records: never
    assert _subjects(agent) == ["Call the customer back", "The owner's call"]
