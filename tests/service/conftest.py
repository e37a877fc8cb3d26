"""Helpers of the service tests: API calls as a member, and the service clock put back after each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from strawberry import relay

from saas.service import clock
from tests.access.conftest import add_person  # noqa: F401  (a fixture these tests use)
from tests.graphql_client import GraphQLClient

TICKET = (
    "id subject status priority category assignee { id } firstResponseDueAt resolutionDueAt firstRespondedAt"
    " firstResponseBreached resolutionBreached transitions { fromStatus toStatus actor { id } }"
)


def gid(type_name: str, pk: Any) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def mutate(api: GraphQLClient, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    """Run ``name(input: <Name>Input)`` and return its payload (``errors`` always selected)."""
    input_type = name[0].upper() + name[1:] + "Input"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return api.data(query, {"input": input})[name]


def create_ticket(api: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload = mutate(api, "createTicket", {"subject": "Printer on fire", **fields}, f"ticket {{ {TICKET} }}")
    assert payload["errors"] == [], payload["errors"]
    return payload["ticket"]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


@pytest.fixture(autouse=True)
def _real_time_again() -> Iterator[None]:
    """Tests that move a workspace's clock leave no offset behind (the cache outlives the test database)."""
    yield
    from django.core.cache import cache

    cache.clear()
    clock.reset()
