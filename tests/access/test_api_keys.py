"""API keys: created by admins with a role, shown once, stored hashed, revocable, last use recorded."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from saas.access.models import ApiKey
from saas.audit.models import AuditEntry
from tests.access.conftest import SqlCount
from tests.conftest import Workspace

CREATE = """
mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key apiKey { id name prefix role isActive lastUsedAt } errors { field code } }
}"""
REVOKE = "mutation($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { isActive revokedAt } errors { code } } }"
KEYS = "{ apiKeys(first: 100) { totalCount edges { node { name role isActive } } } }"
ME = "{ me { email role } }"


def call(host: str, query: str, *, bearer: str | None = None, api_key: str | None = None) -> dict[str, Any]:
    headers: dict[str, str] = {}
    if bearer:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
    if api_key:
        headers["HTTP_X_API_KEY"] = api_key
    response = Client(HTTP_HOST=host).post("/graphql/", {"query": query}, content_type="application/json", **headers)  # type: ignore[arg-type]
    return response.json()


def create_key(workspace: Workspace, role: str = "sales", **extra: Any) -> dict[str, Any]:
    result = workspace.api.data(CREATE, {"input": {"name": "Zapier", "role": role, **extra}})["createApiKey"]
    assert result["errors"] == [], result
    return result


@pytest.mark.django_db
def test_key_is_shown_once_stored_hashed_and_authenticates_both_ways(workspace_a: Workspace) -> None:
    created = create_key(workspace_a, "read_only")
    key = created["key"]
    assert key.startswith("crm_") and created["apiKey"]["role"] == "read_only"
    workspace_a.activate()
    stored = ApiKey.objects.get()
    assert key.split("_", 2)[2] not in str(stored.__dict__)
    assert stored.secret_hash == hashlib.sha256(key.split("_", 2)[2].encode()).hexdigest()
    assert AuditEntry.objects.filter(record_type="ApiKey", action="security").exists()

    host = "alpha.localhost"
    for how in ({"bearer": key}, {"api_key": key}):
        me = call(host, ME, **how)
        assert me["data"]["me"]["role"] == "read_only", me
    workspace_a.activate()
    assert ApiKey.objects.get().last_used_at is not None
    # the key's creation payload is the only place the key appears
    listed = workspace_a.api.data(KEYS)["apiKeys"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"name": "Zapier", "role": "read_only", "isActive": True}}]}


@pytest.mark.django_db
def test_key_scope_follows_its_role(workspace_a: Workspace) -> None:
    sales_key = create_key(workspace_a, "sales")["key"]
    admin_key = create_key(workspace_a, "admin")["key"]
    host = "alpha.localhost"
    refused = call(host, KEYS, bearer=sales_key)
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert call(host, KEYS, bearer=admin_key)["data"]["apiKeys"]["totalCount"] == 2
    # a sales key may not mint keys; nobody may mint an owner key
    query = 'mutation { createApiKey(input: {name: "x", role: "sales"}) { key errors { code } } }'
    assert call(host, query, bearer=sales_key)["data"]["createApiKey"]["errors"] == [{"code": "permission_denied"}]
    owner = workspace_a.api.data(CREATE, {"input": {"name": "root", "role": "owner"}})["createApiKey"]
    assert owner["key"] is None and owner["errors"][0]["code"] == "invalid_choice"
    # keys' service users are not listed as people
    emails = {
        e["node"]["email"] for e in workspace_a.api.data("{ users { edges { node { email } } } }")["users"]["edges"]
    }
    assert emails == {workspace_a.owner.email}


@pytest.mark.django_db
def test_revoked_key_is_refused_on_the_next_request(workspace_a: Workspace) -> None:
    created = create_key(workspace_a)
    key, key_id = created["key"], created["apiKey"]["id"]
    assert call("alpha.localhost", ME, bearer=key)["data"]["me"]
    revoked = workspace_a.api.data(REVOKE, {"id": key_id})["revokeApiKey"]
    assert revoked["errors"] == [] and revoked["apiKey"]["isActive"] is False
    after = call("alpha.localhost", ME, bearer=key)
    assert after["data"] is None and after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.django_db
def test_expired_and_forged_keys_are_refused(workspace_a: Workspace) -> None:
    soon = (timezone.now() + timedelta(hours=1)).isoformat()
    key = create_key(workspace_a, expiresAt=soon)["key"]
    assert call("alpha.localhost", ME, api_key=key)["data"]["me"]
    workspace_a.activate()
    ApiKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call("alpha.localhost", ME, api_key=key)["data"] is None
    for forged in (key[:-2] + "xx", "crm_nothing_here", "crm_"):
        assert call("alpha.localhost", ME, api_key=forged)["data"] is None
    past = workspace_a.api.data(
        CREATE, {"input": {"name": "old", "role": "sales", "expiresAt": "2001-01-01T00:00:00+00:00"}}
    )
    assert past["createApiKey"]["errors"] == [{"field": "expiresAt", "code": "in_past"}]


@pytest.mark.django_db
def test_keys_belong_to_one_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    key_a = create_key(workspace_a, "admin")
    assert call("bravo.localhost", ME, bearer=key_a["key"])["data"] is None
    assert workspace_b.api.data(KEYS)["apiKeys"]["totalCount"] == 0
    revoke_from_b = workspace_b.api.data(REVOKE, {"id": key_a["apiKey"]["id"]})["revokeApiKey"]
    assert revoke_from_b["errors"] == [{"code": "not_found"}]
    assert call("alpha.localhost", ME, bearer=key_a["key"])["data"]["me"]


@pytest.mark.django_db
def test_api_keys_list_has_a_fixed_query_count(workspace_a: Workspace) -> None:
    create_key(workspace_a)
    workspace_a.api.data(KEYS)
    with SqlCount() as one:
        workspace_a.api.data(KEYS)
    for _ in range(3):
        create_key(workspace_a)
    with SqlCount() as four:
        assert workspace_a.api.data(KEYS)["apiKeys"]["totalCount"] == 4
    assert len(one) == len(four) == 2, four.statements  # token with membership, one page with its count


@pytest.mark.django_db
def test_settings_nodes_are_for_admins_only(workspace_a: Workspace, add_person: Any) -> None:
    """What ``node(id:)`` would return goes through each type's get_queryset."""
    from types import SimpleNamespace

    from graphql_schema.access.types import ApiKeyNode, InvitationNode, RecordShareNode
    from saas.access.models import RecordShare
    from tenants.models import Invitation, Membership

    create_key(workspace_a)
    sales = add_person(workspace_a, "sales").membership
    owner = Membership.objects.get(user=workspace_a.owner)
    workspace_a.activate()
    RecordShare.objects.create(record_type="SampleDeal", record_id="1", user_id=owner.user_id)

    def info(membership: Any) -> Any:
        return SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(membership=membership)))

    for node_type, queryset in (
        (ApiKeyNode, ApiKey.objects.all()),
        (InvitationNode, Invitation.objects.all()),
        (RecordShareNode, RecordShare.objects.all()),
    ):
        assert not node_type.get_queryset(queryset, info(sales)).exists(), node_type
        assert not node_type.get_queryset(queryset, info(None)).exists(), node_type
    assert ApiKeyNode.get_queryset(ApiKey.objects.all(), info(owner)).count() == 1


def test_an_admin_key_cannot_mint_more_keys(workspace_a: Workspace) -> None:
    admin_key = create_key(workspace_a, role="admin")["key"]
    host = workspace_a.api.host
    refused = call(
        host,
        'mutation { createApiKey(input: {name: "Heir", role: "admin"}) { key errors { code } } }',
        api_key=admin_key,
    )["data"]["createApiKey"]
    assert refused == {"key": None, "errors": [{"code": "permission_denied"}]}
    workspace_a.activate()
    assert ApiKey.objects.count() == 1
    # What an admin key is for still works: it reads and manages the workspace.
    assert call(host, KEYS, api_key=admin_key)["data"]["apiKeys"]["totalCount"] == 1


@pytest.mark.django_db
def test_an_api_key_cannot_mint_a_session_so_expiry_ends_everything_at_once(workspace_a: Workspace) -> None:
    """Decision: sessions are never minted from API keys; the key itself is checked on every request."""
    key = create_key(workspace_a, expiresAt=(timezone.now() + timedelta(hours=1)).isoformat())["key"]
    browser = Client(HTTP_HOST="alpha.localhost")
    start = "mutation { startSession { me { email } errors { code } } }"
    refused = browser.post(
        "/graphql/", {"query": start}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert refused.json()["data"]["startSession"] == {"me": None, "errors": [{"code": "api_key"}]}
    assert not browser.cookies.get("sessionid")
    # Even a session made for the key's service user some other way is worth nothing.
    workspace_a.activate()
    service_user = ApiKey.objects.get().user_id
    from tenants.models import User

    browser.force_login(User.objects.get(pk=service_user))
    me = browser.post("/graphql/", {"query": ME}, content_type="application/json").json()
    assert me["data"] is None and me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # The key itself works until it expires, then nothing does.
    assert call("alpha.localhost", ME, api_key=key)["data"]["me"]
    workspace_a.activate()
    ApiKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call("alpha.localhost", ME, api_key=key)["data"] is None
