"""A deal's timeline: its contacts' interactions and its own activities in one time order, newest first, paged,
in fixed SQL queries, only what the member may read (a contact, an interaction or an activity out of their sight
stays out of it through the deal too)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from saas.activities.models import Activity
from saas.customers.models import Contact, Interaction
from saas.sales.models import Deal, DealContact
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import create_deal, gid

pytestmark = pytest.mark.django_db

TIMELINE = (
    "query($deal: ID!, $first: Int, $after: String) { dealTimeline(dealId: $deal, first: $first, after: $after) {"
    " totalCount pageInfo { hasNextPage hasPreviousPage endCursor }"
    " edges { cursor node { __typename"
    " ... on Interaction { id subject kind direction channel occurredAt performedBy { id } contact { id fullName } }"
    " ... on Activity { id subject activityKind: kind status dueAt startsAt assignee { id } } } } } }"
)


def subjects(person: Any, deal: str, **page: Any) -> list[str]:
    data = person.api.data(TIMELINE, {"deal": deal, **page})["dealTimeline"]
    return [edge["node"]["subject"] for edge in data["edges"]]


def touch(contact: Contact, subject: str, hours_ago: int, by: Any, kind: str = "email") -> None:
    at = timezone.now() - timedelta(hours=hours_ago)
    Interaction.objects.create(kind=kind, subject=subject, occurred_at=at, contact=contact, performed_by=by)


@pytest.fixture
def deal(workspace_a: Workspace, add_person: Any) -> dict[str, Any]:
    """A seller's deal with two contacts (theirs and the owner's) and a contact of the seller's not on it."""
    seller = add_person(workspace_a, "sales")
    deal_id = create_deal(seller, title="Fleet renewal")["id"]
    workspace_a.activate()
    owner = workspace_a.owner
    mine = Contact.objects.create(first_name="Ann", owner=seller.user)
    theirs = Contact.objects.create(first_name="Bob", owner=owner)
    elsewhere = Contact.objects.create(first_name="Cy", owner=seller.user)
    record = Deal.objects.get()
    for contact in (mine, theirs):
        DealContact.objects.create(deal=record, contact=contact)
    touch(mine, "Ann's question", 5, seller.user)
    touch(mine, "Owner called Ann", 4, owner, kind="call")
    touch(theirs, "Bob's reply", 3, owner)
    touch(mine, "Note on Ann", 2, seller.user, kind="note")
    touch(elsewhere, "Not this deal", 1, seller.user)
    now = timezone.now()
    # The deal's own activities: a task the seller did (at its completion), a meeting the owner holds soon
    # (at its start), a note logged an hour ago (when it was logged); a task of another record is not the deal's.
    Activity.objects.create(
        kind="task",
        subject="Prepare the demo",
        assignee_id=seller.user.pk,
        status="done",
        due_at=now + timedelta(days=1),
        completed_at=now - timedelta(hours=3, minutes=30),
        record_type="Deal",
        record_id=str(record.pk),
    )
    Activity.objects.create(
        kind="meeting",
        subject="Review with Ann",
        assignee_id=owner.pk,
        starts_at=now + timedelta(minutes=30),
        ends_at=now + timedelta(hours=1),
        record_type="Deal",
        record_id=str(record.pk),
    )
    Activity.objects.create(
        kind="task",
        subject="Call Ann back",
        assignee_id=seller.user.pk,
        record_type="Contact",
        record_id=str(mine.pk),
        due_at=now,
    )
    return {"id": deal_id, "seller": seller, "contact": str(mine.pk)}


EVERYTHING = ["Review with Ann", "Note on Ann", "Bob's reply", "Prepare the demo", "Owner called Ann", "Ann's question"]


def test_the_deals_interactions_and_activities_newest_first_and_paged(
    workspace_a: Workspace, deal: dict[str, Any]
) -> None:
    assert subjects(workspace_a, deal["id"]) == EVERYTHING
    data = workspace_a.api.data(TIMELINE, {"deal": deal["id"]})["dealTimeline"]
    kinds = [
        (edge["node"]["__typename"], edge["node"].get("kind") or edge["node"]["activityKind"]) for edge in data["edges"]
    ]
    assert (
        kinds[0] == ("Activity", "MEETING") and kinds[3] == ("Activity", "TASK") and kinds[1] == ("Interaction", "NOTE")
    )
    first = workspace_a.api.data(TIMELINE, {"deal": deal["id"], "first": 4})["dealTimeline"]
    assert first["totalCount"] == 6 and first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    after = first["pageInfo"]["endCursor"]
    second = workspace_a.api.data(TIMELINE, {"deal": deal["id"], "first": 4, "after": after})["dealTimeline"]
    assert [e["node"]["subject"] for e in second["edges"]] == ["Owner called Ann", "Ann's question"]
    assert second["pageInfo"]["hasPreviousPage"] and not second["pageInfo"]["hasNextPage"]
    # Every edge's cursor goes on from its entry.
    third = subjects(workspace_a, deal["id"], first=1, after=first["edges"][0]["cursor"])
    assert third == ["Note on Ann"]


def test_a_cursor_of_another_list_is_refused(workspace_a: Workspace, deal: dict[str, Any]) -> None:
    contacts = workspace_a.api.data("{ contacts(first: 1) { pageInfo { endCursor } } }")["contacts"]
    answer = workspace_a.api.execute(TIMELINE, {"deal": deal["id"], "after": contacts["pageInfo"]["endCursor"]})
    assert answer["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


def test_a_member_sees_through_the_deal_only_what_they_may_read(workspace_a: Workspace, deal: dict[str, Any]) -> None:
    # The seller reads their own contact and interactions: not Bob (the owner's contact), not the owner's call;
    # their own task on the deal, not the owner's meeting.
    assert subjects(deal["seller"], deal["id"]) == ["Note on Ann", "Prepare the demo", "Ann's question"]
    own = deal["seller"].api.data(
        "query($id: ID!) { node(id: $id) { ... on Contact { interactions { totalCount } } } }",
        {"id": gid("Contact", deal["contact"])},
    )
    assert own["node"]["interactions"]["totalCount"] == 2  # the contact's own timeline says the same


def test_a_deal_out_of_sight_or_of_another_workspace_has_no_timeline(
    workspace_a: Workspace, workspace_b: Workspace, deal: dict[str, Any], add_person: Any
) -> None:
    other_seller = add_person(workspace_a, "sales")
    assert subjects(other_seller, deal["id"]) == []
    assert subjects(workspace_b, deal["id"]) == []
    assert subjects(workspace_a, gid("Deal", "not-a-key")) == []
    assert subjects(workspace_a, gid("Contact", deal["contact"])) == []  # not a deal's id


def test_the_timeline_costs_the_same_queries_for_1_and_8_of_each(make_workspace: Any) -> None:
    def seed(ws: Workspace, n: int) -> str:
        deal_id = create_deal(ws, title="Deal")["id"]
        ws.activate()
        record = Deal.objects.get()
        for i in range(n):
            contact = Contact.objects.create(first_name=f"C{i}", owner=ws.owner)
            DealContact.objects.create(deal=record, contact=contact)
            touch(contact, f"Touch {i}", i + 1, ws.owner)
            Activity.objects.create(
                subject=f"Task {i}",
                assignee_id=ws.owner.pk,
                due_at=timezone.now() - timedelta(minutes=i),
                record_type="Deal",
                record_id=str(record.pk),
            )
        return str(deal_id)

    small, big = make_workspace("small-timeline"), make_workspace("big-timeline")
    small_deal, big_deal = seed(small, 1), seed(big, 8)
    pinned = count_queries(lambda: small.api.data(TIMELINE, {"deal": small_deal}))
    with assert_num_queries(pinned):
        assert len(subjects(big, big_deal)) == 16
    assert pinned == 7
