"""Helpers of the entitlements tests: API calls as a member, a customer, and tickets of it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.service.conftest import _real_time_again as _real_time_again  # the service clock put back

ENTITLEMENT = (
    "id name kind status allowance used remaining startDate endDate channels ticketCount"
    " company { id name } contact { id } contract { id } slaPolicy { id } owner { id }"
    " usage { kind amount note ticket { id } by { id } }"
)
TICKET_ENTITLEMENT = "entitled linkedAt ticket { id } entitlement { id remaining status } available { id }"
INPUT_TYPES = {
    "cancelEntitlement": "EntitlementIdInput",
    "deleteEntitlement": "EntitlementIdInput",
    "restoreEntitlement": "EntitlementIdInput",
}


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = INPUT_TYPES.get(name, name[0].upper() + name[1:] + "Input")
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload["errors"]
    return payload


def today() -> date:
    return date.today()


def create_entitlement(ws: Any, company: str, **fields: Any) -> dict[str, Any]:
    given = {
        "name": "Premium support",
        "companyId": company,
        "kind": "INCIDENTS",
        "allowance": "2",
        "startDate": (today() - timedelta(days=10)).isoformat(),
        "endDate": (today() + timedelta(days=30)).isoformat(),
        **fields,
    }
    return dict(ok(mutate(ws, "createEntitlement", given, f"entitlement {{ {ENTITLEMENT} }}"))["entitlement"])


def entitlement(ws: Any, entitlement_id: str) -> dict[str, Any]:
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Entitlement {{ {ENTITLEMENT} }} }} }}"
    return dict(ws.api.data(query, {"id": entitlement_id})["node"])


def open_ticket(ws: Any, company: str | None, **fields: Any) -> str:
    given = {"subject": "Printer on fire", **({"companyId": company} if company else {}), **fields}
    made = ok(mutate(ws, "createTicket", given, "ticket { id }"))
    return str(made["ticket"]["id"])


def ticket_entitlement(ws: Any, ticket: str) -> dict[str, Any] | None:
    query = f"query($id: ID!) {{ ticketEntitlement(ticketId: $id) {{ {TICKET_ENTITLEMENT} }} }}"
    result = ws.api.data(query, {"id": ticket})["ticketEntitlement"]
    return dict(result) if result is not None else None


@pytest.fixture
def company(workspace_a: Workspace) -> str:
    return str(create_company(workspace_a, name="Globex")["id"])
