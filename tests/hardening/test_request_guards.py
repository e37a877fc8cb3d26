"""Cookie posts only from the workspace's own host; password and code checks throttled; introspection switch."""

from __future__ import annotations

import json
from typing import Any

import pyotp
import pytest
from django.test import Client, override_settings

from saas.customers.models import Contact
from tenants.models import TotpDevice
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token errors { field code } } }"
CREATE_CONTACT = 'mutation { createContact(input: {firstName: "Via", lastName: "Cookie"}) { contact { id } } }'
CHANGE_PASSWORD = (
    "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ok errors { field code } } }"
)


def browser_signed_in(workspace: Workspace) -> Client:
    """A browser holding the owner's session cookie for the workspace's host (as after logging in there)."""
    browser = Client(HTTP_HOST=workspace.api.host)
    answer = browser.post(
        "/graphql/",
        {"query": LOG_IN, "variables": {"input": {"email": workspace.owner.email, "password": PASSWORD}}},
        content_type="application/json",
        headers={"Origin": f"http://{workspace.api.host}"},
    ).json()
    assert answer["data"]["logIn"]["token"], answer
    return browser


def post(browser: Client, query: str, **headers: str) -> tuple[int, dict[str, Any]]:
    response = browser.post("/graphql/", {"query": query}, content_type="application/json", headers=headers)
    return response.status_code, json.loads(response.content)


def contacts(workspace: Workspace) -> int:
    workspace.activate()
    return Contact.all_objects.count()


@pytest.mark.django_db
def test_a_sibling_tenant_cannot_post_with_a_members_cookie(workspace_a: Workspace, workspace_b: Workspace) -> None:
    browser = browser_signed_in(workspace_a)
    for origin in ("http://bravo.localhost", "https://alpha.localhost.evil.example", "null", "http://localhost"):
        status, answer = post(browser, CREATE_CONTACT, Origin=origin)
        assert status == 403 and answer["errors"][0]["extensions"]["code"] == "FORBIDDEN_ORIGIN", (origin, answer)
    status, _ = post(browser, CREATE_CONTACT, Referer="http://bravo.localhost/contacts")
    assert status == 403
    assert contacts(workspace_a) == 0

    # the workspace's own pages work, by Origin or (without one) by Referer
    status, answer = post(browser, CREATE_CONTACT, Origin="http://alpha.localhost")
    assert status == 200 and answer["data"]["createContact"]["contact"]["id"], answer
    status, answer = post(browser, CREATE_CONTACT, Referer="http://alpha.localhost/contacts/new")
    assert status == 200 and answer["data"]["createContact"]["contact"]["id"], answer
    assert contacts(workspace_a) == 2


@pytest.mark.django_db
def test_bearer_tokens_and_api_keys_are_not_checked_for_origin(workspace_a: Workspace) -> None:
    integrator = Client(HTTP_HOST=workspace_a.api.host)
    status, answer = post(
        integrator, CREATE_CONTACT, Origin="http://bravo.localhost", Authorization=f"Bearer {workspace_a.token}"
    )
    assert status == 200 and answer["data"]["createContact"]["contact"]["id"], answer


@pytest.mark.django_db
def test_change_password_is_throttled_like_log_in(workspace_a: Workspace) -> None:
    api = workspace_a.api
    wrong = {"input": {"currentPassword": "not-it-at-all", "newPassword": "another-strong-pass-9"}}
    for _ in range(5):
        assert api.data(CHANGE_PASSWORD, wrong)["changePassword"]["errors"] == [
            {"field": "currentPassword", "code": "invalid"}
        ]
    right = {"input": {"currentPassword": PASSWORD, "newPassword": "another-strong-pass-9"}}
    assert api.data(CHANGE_PASSWORD, right)["changePassword"] == {
        "ok": False,
        "errors": [{"field": "currentPassword", "code": "locked"}],
    }
    workspace_a.owner.refresh_from_db()
    assert workspace_a.owner.check_password(PASSWORD)  # unchanged
    # The lock is on this check of this user: signing in still works (a stolen session cannot lock its owner out).
    assert GraphQLClient().data(LOG_IN, {"input": {"email": workspace_a.owner.email, "password": PASSWORD}})["logIn"][
        "token"
    ]


@pytest.mark.django_db
def test_two_factor_codes_are_throttled(workspace_a: Workspace) -> None:
    api = workspace_a.api
    secret = api.data("mutation { setUpTwoFactor { secret } }")["setUpTwoFactor"]["secret"]
    confirm = "mutation($c: String!) { confirmTwoFactor(input: {code: $c}) { ok errors { field code } } }"
    for _ in range(5):
        assert api.data(confirm, {"c": "000000"})["confirmTwoFactor"]["errors"] == [
            {"field": "code", "code": "invalid_otp"}
        ]
    locked = api.data(confirm, {"c": pyotp.TOTP(secret).now()})["confirmTwoFactor"]
    assert locked["errors"] == [{"field": "code", "code": "locked"}]
    assert not TotpDevice.objects.filter(user=workspace_a.owner, confirmed_at__isnull=False).exists()


INTROSPECT = "{ __schema { queryType { name } } }"


@pytest.mark.django_db
@override_settings(GRAPHQL_ANONYMOUS_INTROSPECTION=False)
def test_introspection_is_off_for_anonymous_callers_when_switched_off(workspace_a: Workspace) -> None:
    for anonymous in (GraphQLClient(), GraphQLClient(workspace_a.api.host)):
        assert anonymous.error_codes(INTROSPECT) == ["INTROSPECTION_DISABLED"]
        assert anonymous.error_codes('{ __type(name: "Query") { name } }') == ["INTROSPECTION_DISABLED"]
    assert GraphQLClient().data('query { subdomainAvailability(subdomain: "abc") { __typename } }')
    assert workspace_a.api.data(INTROSPECT)["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.django_db
def test_introspection_is_on_by_default_outside_production(public_api: GraphQLClient) -> None:
    assert public_api.data(INTROSPECT)["__schema"]["queryType"]["name"]


@pytest.mark.django_db
def test_an_email_longer_than_any_account_is_wrong_credentials_and_still_throttled(workspace_a: Workspace) -> None:
    """Found by the fuzzer: the throttle row's key column is 254 characters."""
    email = "x" * 5000 + "@example.com"
    for client in (GraphQLClient(), GraphQLClient(workspace_a.api.host)):
        for _ in range(2):
            assert client.data(LOG_IN, {"input": {"email": email, "password": "whatever-it-is"}})["logIn"] == {
                "token": None,
                "errors": [{"field": None, "code": "invalid_credentials"}],
            }
    attempts = [GraphQLClient().data(LOG_IN, {"input": {"email": email, "password": "x"}})["logIn"] for _ in range(2)]
    assert [a["errors"][0]["code"] for a in attempts] == ["invalid_credentials", "locked"]  # 5 failures lock
