"""Tickets through the API: create, assign, the lifecycle with its history, the conversation, the queue."""

from __future__ import annotations

from saas.access.models import Team, TeamMember
from saas.service.models import Ticket, TicketTransition
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace

from .conftest import TICKET, codes, create_ticket, gid, mutate


def test_a_ticket_goes_through_its_lifecycle_and_keeps_every_transition(
    workspace_a: Workspace, add_person: AddPerson
) -> None:
    api = workspace_a.api
    agent = add_person(workspace_a, Role.SERVICE)
    ticket = create_ticket(api, priority="HIGH", category="billing")
    assert ticket["status"] == "NEW" and ticket["assignee"] is None

    assigned = mutate(
        api,
        "assignTicket",
        {"ticketId": ticket["id"], "assigneeId": gid("User", agent.user.pk)},
        f"ticket {{ {TICKET} }}",
    )
    assert assigned["errors"] == []
    assert assigned["ticket"]["status"] == "ASSIGNED"
    for status in (
        "IN_PROGRESS",
        "WAITING_ON_CUSTOMER",
        "IN_PROGRESS",
        "RESOLVED",
        "IN_PROGRESS",
        "RESOLVED",
        "CLOSED",
        "ARCHIVED",
    ):
        moved = mutate(api, "changeTicketStatus", {"ticketId": ticket["id"], "status": status}, "ticket { status }")
        assert moved["errors"] == [], (status, moved)
        assert moved["ticket"]["status"] == status
    node = api.data(
        f"query($id: ID!) {{ node(id: $id) {{ ... on Ticket {{ {TICKET} resolvedAt closedAt }} }} }}",
        {"id": ticket["id"]},
    )["node"]
    path = [(t["fromStatus"], t["toStatus"]) for t in node["transitions"]]
    assert path == [
        (None, "NEW"),
        ("NEW", "ASSIGNED"),
        ("ASSIGNED", "IN_PROGRESS"),
        ("IN_PROGRESS", "WAITING_ON_CUSTOMER"),
        ("WAITING_ON_CUSTOMER", "IN_PROGRESS"),
        ("IN_PROGRESS", "RESOLVED"),
        ("RESOLVED", "IN_PROGRESS"),
        ("IN_PROGRESS", "RESOLVED"),
        ("RESOLVED", "CLOSED"),
        ("CLOSED", "ARCHIVED"),
    ]
    assert node["resolvedAt"] and node["closedAt"]


def test_an_invalid_transition_is_refused_with_a_typed_error_and_changes_nothing(workspace_a: Workspace) -> None:
    api = workspace_a.api
    ticket = create_ticket(api)
    refused = mutate(api, "changeTicketStatus", {"ticketId": ticket["id"], "status": "RESOLVED"}, "ticket { id }")
    assert codes(refused) == [("status", "invalid_transition")]
    assert refused["ticket"] is None
    # A new ticket without anyone to hold it cannot be "assigned" by status alone either.
    refused = mutate(api, "changeTicketStatus", {"ticketId": ticket["id"], "status": "ASSIGNED"}, "ticket { id }")
    assert codes(refused) == [("status", "invalid_transition")]
    workspace_a.activate()
    assert Ticket.objects.get().status == "new"
    assert TicketTransition.objects.count() == 1


def test_bad_input_is_refused_with_every_problem_and_nothing_written(workspace_a: Workspace) -> None:
    payload = mutate(
        workspace_a.api,
        "createTicket",
        {"subject": "  ", "category": "x" * 101, "companyId": gid("Company", "00000000-0000-0000-0000-000000000000")},
        "ticket { id }",
    )
    assert sorted(codes(payload)) == [("category", "too_long"), ("companyId", "not_found"), ("subject", "required")]
    workspace_a.activate()
    assert not Ticket.all_objects.exists()


def test_replies_and_internal_notes_and_the_first_response_time(workspace_a: Workspace) -> None:
    api = workspace_a.api
    ticket = create_ticket(api)
    note = mutate(
        api,
        "addTicketMessage",
        {"ticketId": ticket["id"], "body": "Customer sounds upset", "visibility": "INTERNAL"},
        "ticketMessage { visibility body } ticket { firstRespondedAt }",
    )
    assert note["errors"] == [] and note["ticketMessage"]["visibility"] == "INTERNAL"
    assert note["ticket"]["firstRespondedAt"] is None  # an internal note is no response to the customer
    reply = mutate(
        api,
        "addTicketMessage",
        {"ticketId": ticket["id"], "body": "We are on it."},
        "ticketMessage { visibility } ticket { firstRespondedAt lastMessageAt }",
    )
    assert reply["ticketMessage"]["visibility"] == "PUBLIC"
    first = reply["ticket"]["firstRespondedAt"]
    assert first is not None and reply["ticket"]["lastMessageAt"] == first
    again = mutate(api, "addTicketMessage", {"ticketId": ticket["id"], "body": "Fixed?"}, "ticket { firstRespondedAt }")
    assert again["ticket"]["firstRespondedAt"] == first
    node = api.data(
        "query($id: ID!) { node(id: $id) { ... on Ticket { messages { body visibility author { id } } } } }",
        {"id": ticket["id"]},
    )["node"]
    assert [m["body"] for m in node["messages"]] == ["Customer sounds upset", "We are on it.", "Fixed?"]
    empty = mutate(api, "addTicketMessage", {"ticketId": ticket["id"], "body": " "}, "ticket { id }")
    assert codes(empty) == [("body", "required")]


def test_assignment_rules_share_new_tickets_round_robin_in_a_team(
    workspace_a: Workspace, add_person: AddPerson
) -> None:
    agents = [add_person(workspace_a, Role.SERVICE) for _ in range(3)]
    workspace_a.activate()
    team = Team.objects.create(name="Billing desk")
    for agent in agents:
        TeamMember.objects.create(team=team, user_id=agent.user.pk)
    other = Team.objects.create(name="Everything else")
    TeamMember.objects.create(team=other, user_id=workspace_a.owner.pk)
    api = workspace_a.api
    rule = mutate(
        api,
        "createTicketAssignmentRule",
        {"name": "Billing", "category": "billing", "teamId": gid("Team", team.pk)},
        "ticketAssignmentRule { id }",
    )
    assert rule["errors"] == []
    catch_all = mutate(
        api,
        "createTicketAssignmentRule",
        {"name": "Rest", "teamId": gid("Team", other.pk)},
        "ticketAssignmentRule { id }",
    )
    assert catch_all["errors"] == []

    billing = [create_ticket(api, category="Billing") for _ in range(4)]
    expected = sorted(a.user.pk for a in agents)
    assert [t["assignee"]["id"] for t in billing] == [gid("User", pk) for pk in [*expected, expected[0]]]
    assert all(t["status"] == "ASSIGNED" for t in billing)
    other_ticket = create_ticket(api, category="shipping")
    assert other_ticket["assignee"]["id"] == gid("User", workspace_a.owner.pk)


def test_only_admins_change_desk_settings(workspace_a: Workspace, add_person: AddPerson) -> None:
    agent = add_person(workspace_a, Role.SERVICE)
    refused = mutate(
        agent.api,
        "createSlaPolicy",
        {"name": "Urgent", "priority": "URGENT", "firstResponseMinutes": 30, "resolutionMinutes": 240},
        "slaPolicy { id }",
    )
    assert codes(refused) == [(None, "permission_denied")]
    hours = mutate(agent.api, "setBusinessHours", {"days": []}, "businessHours { weekday }")
    assert codes(hours) == [(None, "permission_denied")]
    made = mutate(
        workspace_a.api,
        "createSlaPolicy",
        {"name": "Urgent", "priority": "URGENT", "firstResponseMinutes": 30, "resolutionMinutes": 240},
        "slaPolicy { id priority }",
    )
    assert made["errors"] == []
    twice = mutate(
        workspace_a.api,
        "createSlaPolicy",
        {"name": "Urgent 2", "priority": "URGENT", "firstResponseMinutes": 300, "resolutionMinutes": 240},
        "slaPolicy { id }",
    )
    assert sorted(codes(twice)) == [("priority", "taken"), ("resolutionMinutes", "invalid")]


def test_the_queue_lists_filters_searches_and_sorts(workspace_a: Workspace) -> None:
    api = workspace_a.api
    create_ticket(api, subject="Refund for order 1042", priority="LOW")
    create_ticket(api, subject="Broken hinge on cabinet", priority="URGENT")
    mine = create_ticket(
        api, subject="Refund not received", priority="HIGH", assigneeId=gid("User", workspace_a.owner.pk)
    )
    data = api.data(
        '{ tickets(search: "refund", orderBy: [{subject: ASC}]) { totalCount edges { node { subject } } } }'
    )
    assert [e["node"]["subject"] for e in data["tickets"]["edges"]] == ["Refund for order 1042", "Refund not received"]
    data = api.data("{ tickets(filter: {assignee: {isNull: true}}) { totalCount } }")
    assert data["tickets"]["totalCount"] == 2
    data = api.data("{ tickets(filter: {mine: true}) { edges { node { id } } } }")
    assert [e["node"]["id"] for e in data["tickets"]["edges"]] == [mine["id"]]
    data = api.data("{ tickets(filter: {priority: {in: [URGENT, HIGH]}}) { totalCount } }")
    assert data["tickets"]["totalCount"] == 2


def test_a_ticket_names_the_product_it_is_about(workspace_a: Workspace, workspace_b: Workspace) -> None:
    from tests.catalog.conftest import product

    printer, scanner = product(workspace_a, "P-100", "Laser printer"), product(workspace_a, "S-200", "Scanner")
    theirs = product(workspace_b, "P-100", "Bravo's printer")
    made = mutate(
        workspace_a.api, "createTicket", {"subject": "Jams", "productId": printer}, "ticket { id product { name } }"
    )
    assert made["errors"] == [] and made["ticket"]["product"] == {"name": "Laser printer"}
    ticket = made["ticket"]["id"]
    create_ticket(workspace_a.api, subject="No product")

    moved = mutate(workspace_a.api, "updateTicket", {"id": ticket, "productId": scanner}, "ticket { product { name } }")
    assert moved["ticket"]["product"] == {"name": "Scanner"}
    by_product = "query($p: ID!) { tickets(filter: {product: {eq: $p}}) { edges { node { subject } } } }"
    assert workspace_a.api.data(by_product, {"p": scanner})["tickets"]["edges"] == [{"node": {"subject": "Jams"}}]
    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Ticket { history { edges { node { changes } } } } } }", {"id": ticket}
    )
    assert any("product" in edge["node"]["changes"] for edge in history["node"]["history"]["edges"])

    # another workspace's product (or none at all) is not found, and nothing changes
    for unknown in (theirs, gid("Product", "00000000-0000-0000-0000-000000000000")):
        refused = mutate(workspace_a.api, "updateTicket", {"id": ticket, "productId": unknown}, "ticket { id }")
        assert codes(refused) == [("productId", "not_found")]
        assert codes(mutate(workspace_a.api, "createTicket", {"subject": "x", "productId": unknown})) == [
            ("productId", "not_found")
        ]
    cleared = mutate(workspace_a.api, "updateTicket", {"id": ticket, "productId": None}, "ticket { product { name } }")
    assert cleared["ticket"]["product"] is None
    workspace_a.activate()
    assert Ticket.objects.count() == 2
