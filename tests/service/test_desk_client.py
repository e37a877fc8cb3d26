"""What the web client's service desk reads besides the records: allowed moves, the desk's clock, the export."""

from __future__ import annotations

from datetime import datetime, timedelta

from saas.service import clock
from tests.conftest import Workspace
from tests.exports.test_exports import csv_rows, export
from tests.graphql_client import GraphQLClient

from .conftest import create_ticket, mutate

ALLOWED = "query($id: ID!) { node(id: $id) { ... on Ticket { status allowedStatuses } } }"


def test_a_ticket_offers_only_the_moves_its_lifecycle_allows(workspace_a: Workspace) -> None:
    api = workspace_a.api
    ticket = create_ticket(api, subject="Screen flickers")
    seen = api.data(ALLOWED, {"id": ticket["id"]})["node"]
    assert seen == {"status": "NEW", "allowedStatuses": ["ASSIGNED"]}
    mutate(api, "assignTicket", {"ticketId": ticket["id"]}, "ticket { id }")
    mutate(api, "changeTicketStatus", {"ticketId": ticket["id"], "status": "IN_PROGRESS"}, "ticket { id }")
    seen = api.data(ALLOWED, {"id": ticket["id"]})["node"]
    assert seen == {"status": "IN_PROGRESS", "allowedStatuses": ["WAITING_ON_CUSTOMER", "RESOLVED"]}
    # A move not offered is refused with its typed error, and nothing changes.
    refused = mutate(api, "changeTicketStatus", {"ticketId": ticket["id"], "status": "ARCHIVED"}, "ticket { id }")
    assert [e["code"] for e in refused["errors"]] == ["invalid_transition"]
    assert api.data(ALLOWED, {"id": ticket["id"]})["node"]["status"] == "IN_PROGRESS"


def test_desk_now_follows_the_service_clock_of_the_workspace_only(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    before = datetime.fromisoformat(workspace_a.api.data("{ deskNow }")["deskNow"])
    workspace_a.activate()
    clock.move(timedelta(minutes=90))
    moved = datetime.fromisoformat(workspace_a.api.data("{ deskNow }")["deskNow"])
    other = datetime.fromisoformat(workspace_b.api.data("{ deskNow }")["deskNow"])
    assert moved - before >= timedelta(minutes=90)
    assert moved - other >= timedelta(minutes=89)


def test_desk_now_needs_a_member(workspace_a: Workspace) -> None:
    result = GraphQLClient(workspace_a.api.host).execute("{ deskNow }")  # no token
    assert result.get("data") is None or result["data"].get("deskNow") is None
    assert result["errors"]


def test_the_ticket_export_holds_the_listed_tickets_in_the_language_asked(workspace_a: Workspace) -> None:
    create_ticket(workspace_a.api, subject="Refund please", priority="URGENT")
    create_ticket(workspace_a.api, subject="Where is my parcel", priority="LOW")
    rows = csv_rows(
        export(workspace_a, "tickets", filter={"priority": {"eq": "URGENT"}}, columns="status,priority", lang="zh-CN")
    )
    assert rows == [["主题", "状态", "优先级"], ["Refund please", "新建", "紧急"]]


def test_the_ticket_export_of_a_workspace_holds_none_of_another(workspace_a: Workspace, workspace_b: Workspace) -> None:
    create_ticket(workspace_a.api, subject="Alpha's ticket")
    create_ticket(workspace_b.api, subject="Bravo's ticket")
    assert [r[0] for r in csv_rows(export(workspace_a, "tickets"))[1:]] == ["Alpha's ticket"]
    assert [r[0] for r in csv_rows(export(workspace_b, "tickets"))[1:]] == ["Bravo's ticket"]
