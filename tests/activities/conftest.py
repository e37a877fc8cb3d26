from __future__ import annotations

from typing import Any

from tests.conftest import Workspace
from tests.customers.conftest import gid as gid

ACTIVITY = (
    "id subject kind status priority dueAt startsAt endsAt recurrence remindAt recordId recordType assignee { id }"
)


def create_activity(ws: Workspace, **fields: Any) -> dict[str, Any]:
    payload = ws.api.data(
        f"mutation($input: CreateActivityInput!) {{ createActivity(input: $input) {{"
        f" activity {{ {ACTIVITY} }} errors {{ field message code }} }} }}",
        {"input": fields},
    )["createActivity"]
    assert payload["errors"] == [], payload["errors"]
    return payload["activity"]


def attempt(ws: Workspace, name: str, input: dict[str, Any], input_type: str | None = None) -> dict[str, Any]:
    """Run ``name(input:)`` selecting the activity and errors; the payload."""
    input_type = input_type or name[0].upper() + name[1:] + "Input"
    selection = f"activity {{ {ACTIVITY} }}"
    if name == "completeActivity":
        selection += f" nextActivity {{ {ACTIVITY} }}"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]
