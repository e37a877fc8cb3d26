"""Password reset and "find my workspace": signed single-use links, throttles, no account enumeration."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.test.utils import override_settings

from tenants import services
from tenants.models import AuthToken, LoginThrottle, Membership, Role, UserSession
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

NEW_PASSWORD = "a-brand-new-password-2027"
REQUEST = """
mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { ok errors { field code } } }
"""
RESET = """
mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ok errors { field message code } } }
"""
FIND = "mutation($input: FindWorkspacesInput!) { findWorkspaces(input: $input) { ok errors { field code } } }"
ME = "{ me { email } }"


def request_reset(api: GraphQLClient, email: str, workspace: str | None = "alpha", **extra: Any) -> dict[str, Any]:
    data = api.data(REQUEST, {"input": {"email": email, "workspace": workspace, **extra}})
    return data["requestPasswordReset"]


def reset(api: GraphQLClient, token: str, password: str = NEW_PASSWORD) -> dict[str, Any]:
    return api.data(RESET, {"input": {"token": token, "newPassword": password}})["resetPassword"]


def token_from_mail(index: int = -1) -> str:
    match = re.search(r"/reset-password\?token=(\S+)", str(mail.outbox[index].body))
    assert match, mail.outbox[index].body
    return match.group(1)


@pytest.fixture
def alpha(workspace_a: Workspace) -> GraphQLClient:
    return GraphQLClient("alpha.localhost")


@pytest.mark.django_db
def test_reset_end_to_end_ends_every_session(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    owner = workspace_a.owner
    browser = Client(HTTP_HOST="alpha.localhost")
    login = {"query": "mutation($i: LogInInput!) { logIn(input: $i) { token } }"}
    browser.post(
        "/graphql/", {**login, "variables": {"i": {"email": owner.email, "password": PASSWORD}}}, "application/json"
    )
    assert UserSession.objects.filter(user=owner).count() == 1

    assert request_reset(alpha, owner.email.upper()) == {"ok": True, "errors": []}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "Alpha Industries" in mail.outbox[0].subject
    assert "http://alpha.localhost:8000/reset-password?token=" in mail.outbox[0].body

    assert reset(alpha, token_from_mail()) == {"ok": True, "errors": []}
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=owner, revoked_at__isnull=True).exists()
    assert "UNAUTHENTICATED" in workspace_a.api.error_codes(ME)
    assert not UserSession.objects.filter(user=owner).exists()
    assert not Session.objects.filter(session_key=browser.session.session_key).exists()
    assert services.authenticate(owner.email, NEW_PASSWORD) == owner


@pytest.mark.django_db
def test_link_works_once(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    request_reset(alpha, workspace_a.owner.email)
    token = token_from_mail()
    assert reset(alpha, token)["ok"]
    again = reset(alpha, token, "yet-another-password-2028")
    assert again["errors"][0]["code"] == "used" and not again["ok"]
    workspace_a.owner.refresh_from_db()
    assert workspace_a.owner.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_expired_and_forged_links_are_refused(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    request_reset(alpha, workspace_a.owner.email)
    token = token_from_mail()
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        assert reset(alpha, token)["errors"] == [
            {"field": "token", "message": "This link has expired; ask for a new one.", "code": "expired"}
        ]
    for forged in ("garbage", token[:-2] + "xx", ""):
        assert reset(alpha, forged)["errors"][0]["code"] == "invalid"
    workspace_a.owner.refresh_from_db()
    assert workspace_a.owner.check_password(PASSWORD)


@pytest.mark.django_db
def test_link_of_one_workspace_does_nothing_on_another(
    workspace_a: Workspace, workspace_b: Workspace, alpha: GraphQLClient
) -> None:
    Membership.objects.create(user=workspace_a.owner, tenant=workspace_b.tenant, role=Role.SALES)
    request_reset(alpha, workspace_a.owner.email)
    token = token_from_mail()
    on_bravo = reset(GraphQLClient("bravo.localhost"), token)
    assert on_bravo["errors"][0]["code"] == "invalid"
    workspace_a.owner.refresh_from_db()
    assert workspace_a.owner.check_password(PASSWORD)
    # The public site takes a link of any workspace.
    assert reset(GraphQLClient(), token)["ok"]


@pytest.mark.django_db
def test_no_account_enumeration(workspace_a: Workspace, workspace_b: Workspace, public_api: GraphQLClient) -> None:
    member, stranger = workspace_a.owner.email, "nobody@nowhere.example.com"
    answers = [
        request_reset(public_api, member, "alpha"),
        request_reset(public_api, stranger, "alpha"),
        request_reset(public_api, member, "bravo"),  # an account, but no seat there
        request_reset(public_api, member, "no-such-workspace"),
    ]
    assert answers == [{"ok": True, "errors": []}] * 4
    assert [m.to for m in mail.outbox] == [[member]]


@pytest.mark.django_db
def test_deactivated_members_get_no_link(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    request_reset(alpha, workspace_a.owner.email)
    token = token_from_mail()
    Membership.objects.filter(user=workspace_a.owner).update(is_active=False)
    assert request_reset(alpha, workspace_a.owner.email)["ok"]
    assert len(mail.outbox) == 1
    assert reset(alpha, token)["errors"][0]["code"] == "invalid"


@pytest.mark.django_db
@override_settings(PASSWORD_RESET_MAX_REQUESTS=3)
def test_requests_are_throttled_per_address(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    for email in (workspace_a.owner.email, "nobody@nowhere.example.com"):
        for _ in range(3):
            assert request_reset(alpha, email)["ok"]
        assert request_reset(alpha, email) == {"ok": False, "errors": [{"field": None, "code": "throttled"}]}
    assert len(mail.outbox) == 3
    # Another address is not held up.
    assert request_reset(alpha, "someone@else.example.com")["ok"]


@pytest.mark.django_db
def test_bad_input_gets_typed_errors(workspace_a: Workspace, alpha: GraphQLClient, public_api: GraphQLClient) -> None:
    assert request_reset(alpha, "not an email")["errors"] == [{"field": "email", "code": "invalid"}]
    assert request_reset(public_api, workspace_a.owner.email, None)["errors"] == [
        {"field": "workspace", "code": "required"}
    ]
    request_reset(alpha, workspace_a.owner.email)
    weak = reset(alpha, token_from_mail(), "short")
    assert {e["code"] for e in weak["errors"]} == {"weak_password"}
    assert weak["errors"][0]["field"] == "newPassword"
    workspace_a.owner.refresh_from_db()
    assert workspace_a.owner.check_password(PASSWORD)
    assert reset(alpha, token_from_mail())["ok"]  # a refused password does not use the link up


@pytest.mark.django_db
def test_reset_lifts_a_sign_in_lockout(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    LoginThrottle.objects.create(email=workspace_a.owner.email, failures=0)
    request_reset(alpha, workspace_a.owner.email)
    reset(alpha, token_from_mail())
    assert not LoginThrottle.objects.filter(email=workspace_a.owner.email).exists()


@pytest.mark.django_db
def test_email_in_the_interface_language(workspace_a: Workspace, alpha: GraphQLClient) -> None:
    request_reset(alpha, workspace_a.owner.email, language="zh-CN")
    assert mail.outbox[0].subject == "重置您在 Alpha Industries 的密码"
    assert "仅可使用一次" in mail.outbox[0].body


@pytest.mark.django_db
def test_find_workspaces_emails_the_seats_and_says_nothing(
    workspace_a: Workspace, workspace_b: Workspace, public_api: GraphQLClient
) -> None:
    Membership.objects.create(user=workspace_a.owner, tenant=workspace_b.tenant, role=Role.SALES)
    for email in (workspace_a.owner.email, "nobody@nowhere.example.com"):
        assert public_api.data(FIND, {"input": {"email": email}})["findWorkspaces"] == {"ok": True, "errors": []}
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Alpha Industries: http://alpha.localhost:8000" in body
    assert "Bravo Logistics: http://bravo.localhost:8000" in body
