"""recordChanged carries the changed fields' new values in GraphQL names and shapes, minus hidden fields."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from realtime.events import records_group
from tests.api.test_rate_limits import add_member
from tests.conftest import Workspace
from tests.customers.conftest import create_company, gid, mutate

from .helpers import RECORD_CHANGED, Subscriber, committed, wait_for_group


async def subscribed(host: str, token: str, group: str, listeners: int) -> Subscriber:
    client = Subscriber(host)
    assert await client.start({"authToken": token}) == {"type": "connection_ack"}
    await client.subscribe(RECORD_CHANGED, {"types": ["Company"]})
    await wait_for_group(group, listeners)
    return client


@pytest.mark.django_db
def test_an_update_arrives_with_its_new_values_in_graphql_names_hidden_ones_removed(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    parent = create_company(workspace_a, name="Holding")
    company = create_company(workspace_a, name="Globex", creditLimit={"amount": "5000.00", "currency": "USD"})
    marketing = add_member(workspace_a, "marketing")  # credit limit and rating hidden
    tag = workspace_a.api.data('mutation { createTag(input: {name: "VIP"}) { tag { id } errors { code } } }')[
        "createTag"
    ]["tag"]["id"]

    def update() -> None:
        payload = mutate(
            workspace_a,
            "updateCompany",
            {
                "id": company["id"],
                "name": "Globex 2",
                "lifecycleStage": "ACTIVE",
                "size": "MICRO",  # stored "1-10": the enum's name, not the stored value
                "creditLimit": {"amount": "7500", "currency": "EUR"},
                "parentId": parent["id"],
                "tagIds": [tag],
                "addresses": [{"kind": "office", "city": "Lyon", "postalCode": "69001"}],
            },
        )
        assert payload["errors"] == []

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], bool]:
        group = records_group(workspace_a.tenant.schema_name)
        owner = await subscribed("alpha.localhost", workspace_a.token, group, 1)
        reader = await subscribed("alpha.localhost", marketing.token, group, 2)
        other = await subscribed("bravo.localhost", workspace_b.token, records_group("bravo"), 1)
        await database_sync_to_async(committed)(update)
        seen_by_owner = await owner.next_data("recordChanged")
        seen_by_reader = await reader.next_data("recordChanged")
        silent = await other.nothing(0.3)
        for client in (owner, reader, other):
            await client.stop()
        return seen_by_owner, seen_by_reader, silent

    seen_by_owner, seen_by_reader, silent = async_to_sync(scenario)()
    visible = {
        "name": "Globex 2",
        "lifecycleStage": "ACTIVE",
        "size": "MICRO",
        "parent": parent["id"],
        "tags": [tag],
        "addresses": [
            {"kind": "office", "street": None, "city": "Lyon", "region": None, "postalCode": "69001", "country": None}
        ],
    }
    assert seen_by_owner["action"] == "UPDATED" and seen_by_owner["id"] == company["id"]
    assert seen_by_owner["payload"] == {**visible, "creditLimit": {"amount": "7500.00", "currency": "EUR"}}
    assert seen_by_owner["fields"] == sorted([*visible, "creditLimit"])
    # The same change for a role that may not see the credit limit: neither its value nor its name.
    assert seen_by_reader["payload"] == visible
    assert seen_by_reader["fields"] == sorted(visible)
    assert silent  # another workspace never hears of it


@pytest.mark.django_db
def test_a_currency_change_alone_shows_the_whole_money_value_and_owners_are_user_ids(
    workspace_a: Workspace,
) -> None:
    company = create_company(workspace_a, name="Globex", creditLimit={"amount": "5000.00", "currency": "USD"})
    colleague = add_member(workspace_a, "sales")

    def update() -> None:
        assert (
            mutate(
                workspace_a,
                "updateCompany",
                {"id": company["id"], "creditLimit": {"amount": "5000.00", "currency": "EUR"}},
            )["errors"]
            == []
        )
        assert (
            mutate(workspace_a, "updateCompany", {"id": company["id"], "ownerId": gid("User", colleague.user.pk)})[
                "errors"
            ]
            == []
        )

    async def scenario() -> list[dict[str, Any]]:
        client = await subscribed("alpha.localhost", workspace_a.token, records_group("alpha"), 1)
        await database_sync_to_async(committed)(update)
        changes = [await client.next_data("recordChanged") for _ in range(2)]
        await client.stop()
        return changes

    currency, owner = async_to_sync(scenario)()
    assert currency["fields"] == ["creditLimit"]
    assert currency["payload"] == {"creditLimit": {"amount": "5000.00", "currency": "EUR"}}
    assert owner["fields"] == ["owner"] and owner["payload"] == {"owner": gid("User", colleague.user.pk)}


@pytest.mark.django_db
def test_a_deletion_carries_its_time_in_iso_8601(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")

    async def scenario() -> dict[str, Any]:
        client = await subscribed("alpha.localhost", workspace_a.token, records_group("alpha"), 1)
        await database_sync_to_async(committed)(lambda: mutate(workspace_a, "deleteCompany", {"id": company["id"]}))
        change = await client.next_data("recordChanged")
        await client.stop()
        return dict(change)

    change = async_to_sync(scenario)()
    assert change["action"] == "DELETED" and change["fields"] == ["deletedAt"]
    assert "T" in change["payload"]["deletedAt"] and change["payload"]["deletedAt"].endswith("+00:00")
