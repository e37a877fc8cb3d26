"""Logging in, bearer tokens and sessions, and what a non-member gets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from tenants import services
from tenants.models import AuthToken, Membership, Role
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

ME = "{ me { email role } currentTenant { name subdomain } }"
LOG_IN = """
mutation($input: LogInInput!) {
  logIn(input: $input) { token memberships { role tenant { subdomain url } } errors { field message code } }
}
"""


@pytest.mark.django_db
def test_log_in_returns_token_and_memberships(
    public_api: GraphQLClient, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    Membership.objects.create(user=workspace_a.owner, tenant=workspace_b.tenant, role=Role.SALES)

    result = public_api.data(LOG_IN, {"input": {"email": workspace_a.owner.email.upper(), "password": PASSWORD}})[
        "logIn"
    ]

    assert result["errors"] == []
    assert result["memberships"] == [
        {"role": "owner", "tenant": {"subdomain": "alpha", "url": "http://alpha.localhost:8000"}},
        {"role": "sales", "tenant": {"subdomain": "bravo", "url": "http://bravo.localhost:8000"}},
    ]
    for subdomain in ("alpha", "bravo"):
        me = GraphQLClient(f"{subdomain}.localhost", result["token"]).data(ME)
        assert me["currentTenant"]["subdomain"] == subdomain


@pytest.mark.django_db
@pytest.mark.parametrize("email,password", [("owner1@nobody.example.com", PASSWORD), (None, "wrong-password-123")])
def test_wrong_credentials_get_one_vague_error(
    public_api: GraphQLClient, workspace_a: Workspace, email: str | None, password: str
) -> None:
    result = public_api.data(LOG_IN, {"input": {"email": email or workspace_a.owner.email, "password": password}})[
        "logIn"
    ]
    assert result["token"] is None
    assert result["errors"] == [
        {"field": None, "message": "Email or password is wrong.", "code": "invalid_credentials"}
    ]


@pytest.mark.django_db
def test_token_of_tenant_a_gets_nothing_from_tenant_b(workspace_a: Workspace, workspace_b: Workspace) -> None:
    on_b = GraphQLClient("bravo.localhost", workspace_a.token)
    assert on_b.error_codes(ME) == ["UNAUTHENTICATED", "UNAUTHENTICATED"] or on_b.error_codes(ME) == ["UNAUTHENTICATED"]
    assert on_b.execute(ME)["data"] is None
    assert workspace_a.api.data(ME)["currentTenant"]["subdomain"] == "alpha"


@pytest.mark.django_db
def test_anonymous_and_garbage_tokens_get_nothing(workspace_a: Workspace) -> None:
    for token in (None, "garbage", workspace_a.token + "x", signing.dumps({"t": "x"}, salt="other")):
        client = GraphQLClient("alpha.localhost", token)
        assert client.execute(ME)["data"] is None
        assert "UNAUTHENTICATED" in client.error_codes(ME)


@pytest.mark.django_db
def test_expired_token_is_refused(workspace_a: Workspace) -> None:
    AuthToken.objects.filter(user=workspace_a.owner).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "UNAUTHENTICATED" in workspace_a.api.error_codes(ME)


@pytest.mark.django_db
def test_token_past_signature_age_is_refused(workspace_a: Workspace, settings: Any) -> None:
    token = services.issue_token(workspace_a.owner)
    settings.AUTH_TOKEN_TTL_SECONDS = -1
    assert "UNAUTHENTICATED" in workspace_a.api.with_token(token).error_codes(ME)


@pytest.mark.django_db
def test_revoked_token_is_refused_on_next_request(workspace_a: Workspace) -> None:
    api = workspace_a.api
    assert api.data(ME)["me"]["role"] == "owner"
    assert api.data("mutation { logOut { ok } }") == {"logOut": {"ok": True}}
    assert "UNAUTHENTICATED" in api.error_codes(ME)
    assert AuthToken.objects.get(user=workspace_a.owner).revoked_at is not None


@pytest.mark.django_db
def test_deactivated_user_and_membership_are_refused(workspace_a: Workspace) -> None:
    Membership.objects.filter(user=workspace_a.owner).update(is_active=False)
    assert "UNAUTHENTICATED" in workspace_a.api.error_codes(ME)
    Membership.objects.filter(user=workspace_a.owner).update(is_active=True)
    workspace_a.owner.is_active = False
    workspace_a.owner.save()
    assert "UNAUTHENTICATED" in workspace_a.api.error_codes(ME)


TENANT_LOG_IN = """
mutation($input: LogInInput!) { logIn(input: $input) { me { email role } token errors { code } } }
"""


@pytest.mark.django_db
def test_session_login_on_tenant_host_for_the_web_client(workspace_a: Workspace, workspace_b: Workspace) -> None:
    browser = Client(HTTP_HOST="alpha.localhost")
    response = browser.post(
        "/graphql/",
        {"query": TENANT_LOG_IN, "variables": {"input": {"email": workspace_a.owner.email, "password": PASSWORD}}},
        content_type="application/json",
    )
    assert response.json()["data"]["logIn"]["me"]["role"] == "owner"
    assert "sessionid" in response.cookies

    me = browser.post("/graphql/", {"query": ME}, content_type="application/json").json()
    assert me["data"]["me"]["email"] == workspace_a.owner.email

    # The same person may not sign in to a workspace they are no member of.
    other = Client(HTTP_HOST="bravo.localhost").post(
        "/graphql/",
        {"query": TENANT_LOG_IN, "variables": {"input": {"email": workspace_a.owner.email, "password": PASSWORD}}},
        content_type="application/json",
    )
    assert other.json()["data"]["logIn"] == {"me": None, "token": None, "errors": [{"code": "invalid_credentials"}]}


@pytest.mark.django_db
def test_a_token_and_its_seat_are_read_in_one_query(workspace_a: Workspace, workspace_b: Workspace) -> None:
    from tests.query_count import assert_num_queries

    services.user_for_token(workspace_a.token)  # records the use: no last_used_at update below
    with assert_num_queries(1):
        seat = services.seat_for_token(workspace_a.token, workspace_a.tenant)
    assert seat is not None and seat.user == workspace_a.owner and seat.tenant == workspace_a.tenant
    assert seat.role == Role.OWNER and not hasattr(seat, "token_hash")  # the secret's hash is not carried along
    assert services.seat_for_token(workspace_a.token, workspace_b.tenant) is None  # no seat there
    assert services.seat_for_token(workspace_b.token, workspace_a.tenant) is None


@pytest.mark.django_db
def test_a_seat_is_refused_with_a_token_that_is_not_valid(workspace_a: Workspace) -> None:
    token, tenant = workspace_a.token, workspace_a.tenant
    payload = signing.loads(token, salt=services.TOKEN_SALT)
    forged = signing.dumps({"t": payload["t"], "s": "wrong secret"}, salt=services.TOKEN_SALT, compress=True)
    assert services.seat_for_token(forged, tenant) is None
    assert services.seat_for_token("not a token", tenant) is None
    record = AuthToken.objects.get(id=payload["t"])
    AuthToken.objects.filter(id=record.id).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.seat_for_token(token, tenant) is None
    AuthToken.objects.filter(id=record.id).update(expires_at=record.expires_at, revoked_at=timezone.now())
    assert services.seat_for_token(token, tenant) is None
    AuthToken.objects.filter(id=record.id).update(revoked_at=None)
    assert services.seat_for_token(token, tenant) is not None
    Membership.objects.filter(user=workspace_a.owner).update(is_active=False)
    assert services.seat_for_token(token, tenant) is None
    Membership.objects.filter(user=workspace_a.owner).update(is_active=True)
    workspace_a.owner.is_active = False
    workspace_a.owner.save()
    assert services.seat_for_token(token, tenant) is None


@pytest.mark.django_db
def test_a_request_with_a_token_reads_user_and_seat_in_one_query(workspace_a: Workspace) -> None:
    from tests.query_count import assert_num_queries

    api = workspace_a.api
    assert api.data(ME)["me"]["role"] == "owner"
    with assert_num_queries(1) as queries:
        response = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain)).post(
            "/graphql/",
            {"query": "{ __typename }"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}",
        )
    assert response.status_code == 200
    assert "tenants_authtoken" in queries.statements[0] and "tenants_membership" in queries.statements[0]
