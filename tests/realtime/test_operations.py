"""Queries and mutations over the WebSocket: answered as over HTTP (auth, tenant, roles, limits, errors)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings

from saas.customers.models import Company
from tenants import services
from tests.access.test_api_keys import create_key
from tests.api.test_rate_limits import SMALL, Clock, add_member, as_owner, clock  # noqa: F401  (fixture)
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .helpers import RECORD_CHANGED, Subscriber

COMPANIES = "{ companies(first: 10) { edges { node { name creditLimit { amount } } } totalCount } }"
CREATE = (
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) {"
    " company { id name } errors { field code } } }"
)


async def ask(client: Subscriber, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Send one operation; every message answering it, up to ``complete`` or ``error``."""
    op_id = await client.subscribe(query, variables)
    answers = []
    while True:
        message = await client.next()
        assert message.get("id") == op_id, message
        answers.append(message)
        if message["type"] in ("complete", "error"):
            return answers


def over_socket(host: str, auth: dict[str, Any], *operations: tuple[str, dict[str, Any] | None]) -> list[Any]:
    async def scenario() -> list[Any]:
        client = Subscriber(host)
        assert await client.start(auth) == {"type": "connection_ack"}
        answers = [await ask(client, query, variables) for query, variables in operations]
        await client.stop()
        return answers

    return list(async_to_sync(scenario)())


@pytest.mark.django_db
def test_a_query_answers_with_next_then_complete_like_http(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Globex", creditLimit={"amount": "5000.00", "currency": "USD"})
    (answer,) = over_socket("alpha.localhost", {"authToken": workspace_a.token}, (COMPANIES, None))
    nxt, complete = answer
    assert nxt["type"] == "next" and complete == {"id": nxt["id"], "type": "complete"}
    http = workspace_a.api.execute(COMPANIES)
    assert (
        nxt["payload"]["data"]
        == http["data"]
        == {
            "companies": {
                "edges": [{"node": {"name": "Globex", "creditLimit": {"amount": "5000.00"}}}],
                "totalCount": 1,
            }
        }
    )
    assert nxt["payload"]["extensions"]["cost"]["requested"] == 10  # the same budget as HTTP reports


@pytest.mark.django_db
def test_a_mutation_writes_once_and_answers_its_payload(workspace_a: Workspace) -> None:
    (answer,) = over_socket(
        "alpha.localhost", {"Authorization": f"Bearer {workspace_a.token}"}, (CREATE, {"input": {"name": "Initech"}})
    )
    payload = answer[0]["payload"]["data"]["createCompany"]
    assert payload["errors"] == [] and payload["company"]["name"] == "Initech"
    workspace_a.activate()
    assert list(Company.objects.values_list("name", flat=True)) == ["Initech"]


@pytest.mark.django_db
def test_bad_input_gets_the_same_typed_errors_and_changes_nothing(workspace_a: Workspace) -> None:
    auth = {"authToken": workspace_a.token}
    invalid, unparsable, unknown_field = over_socket(
        "alpha.localhost",
        auth,
        (CREATE, {"input": {"name": ""}}),
        ("{ companies(first: 10) { edges ", None),
        ("{ companies { nope } }", None),
    )
    assert invalid[0]["payload"]["data"]["createCompany"]["errors"] == [{"field": "name", "code": "required"}]
    assert invalid[1]["type"] == "complete"
    assert unparsable[0]["type"] == "error"
    assert unparsable[0]["payload"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert unknown_field[0]["type"] == "error"
    assert unknown_field[0]["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    too_big = over_socket("alpha.localhost", auth, ("{ companies(first: 500) { totalCount } }", None))[0]
    assert too_big[0]["type"] == "error"
    assert too_big[0]["payload"][0]["extensions"]["code"] == "PAGE_SIZE_OUT_OF_RANGE"
    workspace_a.activate()
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_roles_hold_over_the_socket(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Globex", creditLimit={"amount": "5000.00", "currency": "USD"})
    marketing = add_member(workspace_a, "marketing")  # reads everything, sensitive fields hidden
    read_only = add_member(workspace_a, "read_only")

    (read,) = over_socket("alpha.localhost", {"authToken": marketing.token}, (COMPANIES, None))
    payload = read[0]["payload"]
    assert payload["data"]["companies"]["edges"] == [{"node": {"name": "Globex", "creditLimit": None}}]
    assert {e["extensions"]["code"] for e in payload["errors"]} == {"FORBIDDEN"}

    (refused,) = over_socket("alpha.localhost", {"authToken": read_only.token}, (CREATE, {"input": {"name": "X"}}))
    assert refused[0]["payload"]["data"]["createCompany"] == {
        "company": None,
        "errors": [{"field": None, "code": "permission_denied"}],
    }
    workspace_a.activate()
    assert list(Company.objects.values_list("name", flat=True)) == ["Globex"]


@pytest.mark.django_db
def test_another_workspaces_records_cannot_be_read_or_changed_over_the_socket(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    theirs = create_company(workspace_b, name="Bravo Secret")
    update = "mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { id } errors { code } } }"
    read, changed, listed = over_socket(
        "alpha.localhost",
        {"authToken": workspace_a.token},
        ("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["id"]}),
        (update, {"input": {"id": theirs["id"], "name": "Taken over"}}),
        (COMPANIES, None),
    )
    assert read[0]["payload"]["data"] == {"node": None}
    assert changed[0]["payload"]["data"]["updateCompany"] == {"company": None, "errors": [{"code": "not_found"}]}
    assert listed[0]["payload"]["data"]["companies"]["totalCount"] == 0
    workspace_b.activate()
    assert list(Company.objects.values_list("name", flat=True)) == ["Bravo Secret"]

    async def foreign_token() -> dict[str, Any]:  # bravo's owner is nobody on alpha's host
        return await Subscriber("alpha.localhost").start({"authToken": workspace_b.token})

    assert async_to_sync(foreign_token)()["code"] == 4403


@pytest.mark.django_db
@override_settings(**SMALL)
def test_the_socket_charges_the_same_buckets_and_is_refused_when_they_are_empty(
    workspace_a: Workspace,
    clock: Clock,  # noqa: F811
) -> None:
    page = "{ companies(first: 100) { totalCount } }"  # costs 100
    as_owner(workspace_a, page)  # over HTTP: 200 of 300 left
    first, second, refused = over_socket(
        "alpha.localhost",
        {"authToken": workspace_a.token},
        (page, None),
        (page, None),
        (CREATE, {"input": {"name": "X"}}),
    )
    assert first[0]["payload"]["extensions"]["cost"]["currentlyAvailable"] == 100
    assert second[0]["payload"]["extensions"]["cost"]["currentlyAvailable"] == 0
    assert refused[0]["type"] == "error"
    assert refused[0]["payload"][0]["extensions"] == {
        "code": "RATE_LIMITED",
        "retryAfter": 2,
        "bucket": "member",
        "cost": 11,
    }
    workspace_a.activate()
    assert not Company.objects.exists()  # the refused mutation did not run
    assert as_owner(workspace_a, page).status_code == 429  # HTTP sees the bucket the socket emptied


@pytest.mark.django_db
@override_settings(**SMALL)
def test_an_api_key_works_over_the_socket_with_its_role_and_bucket(
    workspace_a: Workspace,
    clock: Clock,  # noqa: F811
) -> None:
    key = create_key(workspace_a, "read_only")["key"]
    create_company(workspace_a, name="Globex")
    read, write = over_socket(
        "alpha.localhost", {"apiKey": key}, (COMPANIES, None), (CREATE, {"input": {"name": "By key"}})
    )
    assert read[0]["payload"]["data"]["companies"]["totalCount"] == 1
    assert read[0]["payload"]["extensions"]["cost"]["bucket"] == "api_key"
    assert write[0]["payload"]["data"]["createCompany"]["errors"] == [{"field": None, "code": "permission_denied"}]
    (as_bearer,) = over_socket("alpha.localhost", {"Authorization": f"Bearer {key}"}, (COMPANIES, None))
    assert as_bearer[0]["payload"]["data"]["companies"]["totalCount"] == 1


@pytest.mark.django_db
def test_a_revoked_token_is_refused_at_the_next_operation(workspace_a: Workspace) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], int]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        before = await ask(client, COMPANIES)
        from asgiref.sync import sync_to_async

        await sync_to_async(services.revoke_token)(workspace_a.token)
        await client.subscribe(COMPANIES)
        return before, await client.close_code()

    before, code = async_to_sync(scenario)()
    assert before[0]["type"] == "next"
    assert code == 4403


@pytest.mark.django_db
def test_subscriptions_and_operations_share_one_socket(workspace_a: Workspace) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], dict[str, Any]]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(RECORD_CHANGED, {"types": ["Company"]})
        answer = await ask(client, "{ me { email } }")
        await client.stop()
        return answer, answer[0]["payload"]["data"]

    answer, data = async_to_sync(scenario)()
    assert data == {"me": {"email": workspace_a.owner.email}}
    assert answer[1]["type"] == "complete"
