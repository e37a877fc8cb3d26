"""Tenant isolation of every service type and path: another workspace's ids find nothing and change nothing."""

from __future__ import annotations

from datetime import date

from saas.service.models import Article, AssignmentRule, BusinessHours, Holiday, SlaPolicy, Ticket, TicketMessage
from tests.conftest import Workspace

from .conftest import create_ticket, gid, mutate


def test_workspace_b_cannot_read_or_change_workspace_a_service_records(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    a = workspace_a.api
    ticket = create_ticket(a, subject="Alpha's private ticket")
    article = mutate(a, "createArticle", {"title": "Alpha's draft"}, "article { id }")["article"]
    policy = mutate(
        a,
        "createSlaPolicy",
        {"name": "High", "priority": "HIGH", "firstResponseMinutes": 60, "resolutionMinutes": 240},
        "slaPolicy { id }",
    )["slaPolicy"]
    holiday = mutate(
        a, "createHoliday", {"date": date(2030, 5, 1).isoformat(), "name": "Labour day"}, "holiday { id }"
    )["holiday"]
    saturday = [{"weekday": 5, "opensAt": "10:00:00", "closesAt": "14:00:00"}]
    assert mutate(a, "setBusinessHours", {"days": saturday}, "businessHours { weekday }")["errors"] == []
    b = workspace_b.api
    for record in (ticket, article, policy, holiday):
        assert b.data("query($id: ID!) { node(id: $id) { id } }", {"id": record["id"]})["node"] is None
    lists = b.data(
        "{ tickets { totalCount } articles { totalCount } slaPolicies { totalCount } holidays { totalCount }"
        " ticketAssignmentRules { totalCount } businessHours { weekday } }"
    )
    assert [
        lists[k]["totalCount"] for k in ("tickets", "articles", "slaPolicies", "holidays", "ticketAssignmentRules")
    ] == [
        0,
        0,
        0,
        0,
        0,
    ]
    assert lists["businessHours"] == []  # alpha's Saturday is alpha's alone
    assert b.data('{ tickets(search: "private") { totalCount } }')["tickets"]["totalCount"] == 0
    # Bravo's own week is bravo's: setting it leaves alpha's as it was.
    sunday = [{"weekday": 6, "opensAt": "08:00:00", "closesAt": "12:00:00"}]
    assert mutate(b, "setBusinessHours", {"days": sunday}, "businessHours { weekday }")["errors"] == []
    assert a.data("{ businessHours { weekday opensAt closesAt } }")["businessHours"] == [
        {"weekday": 5, "opensAt": "10:00", "closesAt": "14:00"}
    ]

    attempts = [
        ("updateTicket", {"id": ticket["id"], "subject": "Taken"}, "ticket { id }"),
        ("assignTicket", {"ticketId": ticket["id"], "assigneeId": gid("User", workspace_b.owner.pk)}, "ticket { id }"),
        ("changeTicketStatus", {"ticketId": ticket["id"], "status": "ASSIGNED"}, "ticket { id }"),
        ("addTicketMessage", {"ticketId": ticket["id"], "body": "Hello from bravo"}, "ticket { id }"),
        ("deleteTicket", {"id": ticket["id"]}, "ticket { id }"),
        ("updateArticle", {"id": article["id"], "title": "Taken"}, "article { id }"),
        ("linkArticle", {"articleId": article["id"], "ticketId": ticket["id"]}, "article { id }"),
        ("deleteArticle", {"id": article["id"]}, "article { id }"),
        ("updateSlaPolicy", {"id": policy["id"], "name": "Taken"}, "slaPolicy { id }"),
        ("deleteHoliday", {"id": holiday["id"]}, "deletedId"),
    ]
    for name, input, selection in attempts:
        payload = mutate(b, name, input, selection)
        assert [e["code"] for e in payload["errors"]] == ["not_found"], (name, payload)
    # Bravo's ticket cannot point at alpha's records either.
    workspace_a.activate()
    company_id = gid("Company", "00000000-0000-0000-0000-000000000001")
    refused = mutate(b, "createTicket", {"subject": "x", "companyId": company_id}, "ticket { id }")
    assert [e["code"] for e in refused["errors"]] == ["not_found"]

    workspace_a.activate()
    assert Ticket.objects.get().subject == "Alpha's private ticket"
    assert Ticket.objects.get().status == "new"
    assert not TicketMessage.objects.exists()
    assert Article.objects.get().title == "Alpha's draft"
    assert SlaPolicy.objects.get().name == "High" and Holiday.objects.count() == 1
    assert list(BusinessHours.objects.values_list("weekday", flat=True)) == [5]
    workspace_b.activate()
    assert not Ticket.all_objects.exists() and not AssignmentRule.objects.exists()
    assert list(BusinessHours.objects.values_list("weekday", flat=True)) == [6]


def test_the_test_clock_endpoint_moves_only_its_own_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    from django.test import Client

    for ws in (workspace_a, workspace_b):
        mutate(
            ws.api,
            "createSlaPolicy",
            {"name": "High", "priority": "HIGH", "firstResponseMinutes": 60, "resolutionMinutes": 240},
            "slaPolicy { id }",
        )
        create_ticket(ws.api, priority="HIGH")
    response = Client(HTTP_HOST=workspace_a.api.host).post(
        "/test/service-clock/", data={"minutes": 90}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["breaches"] == 1
    breached = "{ tickets(filter: {breached: true}) { totalCount } }"
    assert workspace_a.api.data(breached)["tickets"]["totalCount"] == 1
    assert workspace_b.api.data(breached)["tickets"]["totalCount"] == 0
