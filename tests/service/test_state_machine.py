"""The ticket lifecycle as a hypothesis state machine: any sequence of moves, valid or not, through the API.

The model is the documented lifecycle (new → assigned → in progress ⇄ waiting on customer → resolved →
closed → archived; resolved reopens to in progress). After every step the ticket's status, its recorded
transitions and the refusals must agree with the model.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from saas.service.models import Ticket, TicketTransition
from tests.conftest import Workspace

from .conftest import create_ticket, gid, mutate

ALLOWED = {
    "NEW": {"ASSIGNED"},
    "ASSIGNED": {"IN_PROGRESS"},
    "IN_PROGRESS": {"WAITING_ON_CUSTOMER", "RESOLVED"},
    "WAITING_ON_CUSTOMER": {"IN_PROGRESS", "RESOLVED"},
    "RESOLVED": {"CLOSED", "IN_PROGRESS"},
    "CLOSED": {"ARCHIVED"},
    "ARCHIVED": set(),
}
STATUSES = sorted(ALLOWED)


@pytest.mark.django_db(transaction=False)
def test_the_ticket_lifecycle_holds_for_any_sequence_of_moves(workspace_a: Workspace) -> None:
    api = workspace_a.api

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.ticket = create_ticket(api)
            self.status = "NEW"
            self.moves: list[tuple[str | None, str]] = [(None, "NEW")]
            self.assigned = False

        @rule(status=st.sampled_from(STATUSES))
        def move(self, status: str) -> None:
            payload = mutate(
                api, "changeTicketStatus", {"ticketId": self.ticket["id"], "status": status}, "ticket { status }"
            )
            valid = status in ALLOWED[self.status] and (status != "ASSIGNED" or self.assigned)
            if valid:
                assert payload["errors"] == [], (self.status, status, payload)
                self.moves.append((self.status, status))
                self.status = status
            else:
                assert [(e["field"], e["code"]) for e in payload["errors"]] == [("status", "invalid_transition")]
                assert payload["ticket"] is None

        @rule()
        def assign(self) -> None:
            payload = mutate(
                api,
                "assignTicket",
                {"ticketId": self.ticket["id"], "assigneeId": gid("User", workspace_a.owner.pk)},
                "ticket { status }",
            )
            assert payload["errors"] == []
            self.assigned = True
            if self.status == "NEW":
                self.moves.append(("NEW", "ASSIGNED"))
                self.status = "ASSIGNED"

        @invariant()
        def agrees_with_the_model(self) -> None:
            node: dict[str, Any] = api.data(
                "query($id: ID!) { node(id: $id) { ... on Ticket { status resolvedAt closedAt"
                " transitions { fromStatus toStatus } } } }",
                {"id": self.ticket["id"]},
            )["node"]
            assert node["status"] == self.status
            assert [(t["fromStatus"], t["toStatus"]) for t in node["transitions"]] == self.moves
            assert (node["resolvedAt"] is not None) == (self.status in {"RESOLVED", "CLOSED", "ARCHIVED"})
            assert (node["closedAt"] is not None) == (self.status in {"CLOSED", "ARCHIVED"})

        def teardown(self) -> None:
            workspace_a.activate()
            Ticket.all_objects.all().delete()
            assert not TicketTransition.objects.exists()

    Lifecycle.TestCase.settings = settings(
        max_examples=15, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
    )
    Lifecycle.TestCase().runTest()
