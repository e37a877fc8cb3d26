"""Account security: lockout, two-factor sign-in, sessions and tokens, password rules, sign-in audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from saas.audit.models import AuditEntry
from tenants.models import AuthToken, LoginThrottle, TotpDevice, UserSession
from tests.access.conftest import AddPerson, SqlCount
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

LOG_IN = """
mutation($input: LogInInput!) { logIn(input: $input) { token errors { field message code } } }
"""
ME = "{ me { email } }"


def log_in(client: GraphQLClient, email: str, password: str, otp: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"email": email, "password": password}
    if otp is not None:
        payload["otpCode"] = otp
    return client.data(LOG_IN, {"input": payload})["logIn"]


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_for_a_while(public_api: GraphQLClient, workspace_a: Workspace) -> None:
    email = workspace_a.owner.email
    for _ in range(5):
        assert log_in(public_api, email, "wrong-password-123")["errors"][0]["code"] == "invalid_credentials"
    locked = log_in(public_api, email, PASSWORD)
    assert locked["token"] is None and locked["errors"][0]["code"] == "locked"
    # the tenant host's sign-in obeys the same lock
    assert log_in(GraphQLClient("alpha.localhost"), email, PASSWORD)["errors"][0]["code"] == "locked"
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert log_in(public_api, email, PASSWORD)["token"]
    assert not LoginThrottle.objects.filter(email=email).exists()  # success resets the count


@pytest.mark.django_db
def test_unknown_emails_lock_too_so_lockout_reveals_no_account(public_api: GraphQLClient) -> None:
    for _ in range(5):
        log_in(public_api, "ghost@example.com", "whatever-password")
    assert log_in(public_api, "ghost@example.com", "whatever-password")["errors"][0]["code"] == "locked"


@pytest.mark.django_db
def test_two_factor_set_up_and_sign_in(workspace_a: Workspace) -> None:
    api = workspace_a.api
    setup = api.data("mutation { setUpTwoFactor { secret provisioningUri errors { code } } }")["setUpTwoFactor"]
    assert setup["provisioningUri"].startswith("otpauth://totp/")
    totp = pyotp.TOTP(setup["secret"])
    confirm = "mutation($c: String!) { confirmTwoFactor(input: {code: $c}) { ok errors { field code } } }"
    assert api.data(confirm, {"c": "000000"})["confirmTwoFactor"]["errors"][0]["code"] == "invalid_otp"
    assert api.data(confirm, {"c": totp.now()})["confirmTwoFactor"] == {"ok": True, "errors": []}
    assert api.data("{ twoFactorEnabled }")["twoFactorEnabled"] is True

    client = GraphQLClient("alpha.localhost")
    email = workspace_a.owner.email
    asked = log_in(client, email, PASSWORD)
    assert asked["token"] is None and asked["errors"] == [
        {"field": "otpCode", "message": "Enter the code from your authenticator app.", "code": "otp_required"}
    ]
    assert log_in(client, email, PASSWORD, "123456")["errors"][0]["code"] == "invalid_otp"
    # a code already used (at confirmation) is not accepted again; the next step's code is
    TotpDevice.objects.update(last_used_step=0)
    code = totp.now()
    assert log_in(client, email, PASSWORD, code)["token"]
    assert log_in(client, email, PASSWORD, code)["errors"][0]["code"] == "invalid_otp"
    # the public site asks the same
    assert log_in(GraphQLClient(), email, PASSWORD)["errors"][0]["code"] == "otp_required"


@pytest.mark.django_db
def test_sessions_list_and_revoke(workspace_a: Workspace) -> None:
    browser = Client(HTTP_HOST="alpha.localhost", HTTP_USER_AGENT="Firefox")
    response = browser.post(
        "/graphql/",
        {"query": LOG_IN, "variables": {"input": {"email": workspace_a.owner.email, "password": PASSWORD}}},
        content_type="application/json",
    )
    browser_token = response.json()["data"]["logIn"]["token"]
    sessions_query = "{ mySessions { id kind userAgent workspace current } }"
    sessions = workspace_a.api.data(sessions_query)["mySessions"]
    kinds = sorted(s["kind"] for s in sessions)
    assert kinds == ["session", "token", "token"]
    web = next(s for s in sessions if s["kind"] == "session")
    assert web["userAgent"] == "Firefox" and web["workspace"] == "Alpha Industries" and not web["current"]
    assert sum(s["current"] for s in sessions) == 1

    revoke = "mutation($id: ID!) { revokeSession(input: {id: $id}) { ok errors { code } } }"
    assert workspace_a.api.data(revoke, {"id": web["id"]})["revokeSession"]["ok"] is True
    session_me = browser.post("/graphql/", {"query": ME}, content_type="application/json").json()
    assert session_me["data"] is None
    other_token = next(s for s in sessions if s["kind"] == "token" and not s["current"])
    assert workspace_a.api.data(revoke, {"id": other_token["id"]})["revokeSession"]["ok"] is True
    assert "UNAUTHENTICATED" in GraphQLClient("alpha.localhost", browser_token).error_codes(ME)
    assert workspace_a.api.data(revoke, {"id": "token:not-a-uuid"})["revokeSession"]["errors"] == [
        {"code": "not_found"}
    ]


@pytest.mark.django_db
def test_cannot_revoke_someone_elses_session(workspace_a: Workspace, add_person: AddPerson) -> None:
    other = add_person(workspace_a, "admin")
    token = AuthToken.objects.filter(user=other.user).first()
    assert token is not None
    revoke = "mutation($id: ID!) { revokeSession(input: {id: $id}) { ok errors { code } } }"
    result = workspace_a.api.data(revoke, {"id": f"token:{token.id}"})["revokeSession"]
    assert result["errors"] == [{"code": "not_found"}]
    assert other.api.data(ME)["me"]


@pytest.mark.django_db
def test_password_rules_and_change(workspace_a: Workspace) -> None:
    change = """mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ok errors { field code } } }"""
    weak = workspace_a.api.data(change, {"input": {"currentPassword": PASSWORD, "newPassword": "12345"}})
    assert {e["code"] for e in weak["changePassword"]["errors"]} == {"weak_password"}
    wrong = workspace_a.api.data(change, {"input": {"currentPassword": "nope", "newPassword": "another-strong-pass-9"}})
    assert wrong["changePassword"]["errors"][0]["field"] == "currentPassword"
    other_token = log_in(GraphQLClient(), workspace_a.owner.email, PASSWORD)["token"]
    done = workspace_a.api.data(
        change, {"input": {"currentPassword": PASSWORD, "newPassword": "another-strong-pass-9"}}
    )
    assert done["changePassword"] == {"ok": True, "errors": []}
    assert workspace_a.api.data(ME)["me"]  # this token stays
    assert "UNAUTHENTICATED" in GraphQLClient("alpha.localhost", other_token).error_codes(ME)


@pytest.mark.django_db
def test_every_sign_in_is_audited_in_the_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    log_in(GraphQLClient("alpha.localhost"), workspace_a.owner.email, PASSWORD)
    log_in(GraphQLClient(), workspace_a.owner.email, PASSWORD)
    workspace_a.activate()
    entries = AuditEntry.objects.filter(action="sign_in", actor_id=workspace_a.owner.pk)
    assert entries.count() == 2
    workspace_b.activate()
    assert not AuditEntry.objects.filter(action="sign_in", actor_id=workspace_a.owner.pk).exists()


@pytest.mark.django_db
def test_one_address_failing_across_many_emails_is_throttled(
    public_api: GraphQLClient, workspace_a: Workspace, settings: Any
) -> None:
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for n in range(3):
        log_in(public_api, f"victim{n}@example.com", "wrong-password-123")
    throttled = log_in(public_api, workspace_a.owner.email, PASSWORD)
    assert throttled["errors"][0]["code"] == "locked"


@pytest.mark.django_db
def test_old_failures_are_forgotten(public_api: GraphQLClient, workspace_a: Workspace) -> None:
    email = workspace_a.owner.email
    for _ in range(4):
        log_in(public_api, email, "wrong-password-123")
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(hours=1))
    log_in(public_api, email, "wrong-password-123")
    assert LoginThrottle.objects.get(email=email).failures == 1
    assert log_in(public_api, email, PASSWORD)["token"]


@pytest.mark.django_db
def test_sessions_list_has_a_fixed_query_count(workspace_a: Workspace) -> None:
    query = "{ mySessions { id kind current } }"
    workspace_a.api.data(query)
    with SqlCount() as few:
        workspace_a.api.data(query)
    for _ in range(3):
        log_in(GraphQLClient(), workspace_a.owner.email, PASSWORD)
    with SqlCount() as many:
        assert len(workspace_a.api.data(query)["mySessions"]) == 4
    assert len(few) == len(many) == 3, many.statements  # token with membership, tokens, sessions


IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
SESSIONS = "{ mySessions { kind userAgent device { browser operatingSystem model } ipAddress lastUsedAt current } }"


def later(minutes: int) -> Any:
    """The clock ``minutes`` from now, for the throttled "last used" writes."""
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


@pytest.mark.django_db
def test_sessions_show_device_place_and_when_last_used(workspace_a: Workspace) -> None:
    phone = Client(HTTP_HOST="alpha.localhost", HTTP_USER_AGENT=IPHONE, REMOTE_ADDR="203.0.113.7")
    answer = phone.post(
        "/graphql/",
        {"query": LOG_IN, "variables": {"input": {"email": workspace_a.owner.email, "password": PASSWORD}}},
        content_type="application/json",
    )
    token = answer.json()["data"]["logIn"]["token"]
    sessions = workspace_a.api.data(SESSIONS)["mySessions"]
    web = next(s for s in sessions if s["kind"] == "session")
    assert web["device"] == {"browser": "Mobile Safari 17", "operatingSystem": "iOS 17.2", "model": "iPhone"}
    assert web["ipAddress"] == "203.0.113.7"
    assert web["lastUsedAt"] is not None  # signing in is a use
    issued = next(s for s in sessions if s["kind"] == "token" and s["userAgent"] == IPHONE)
    assert issued["ipAddress"] == "203.0.113.7" and issued["lastUsedAt"] is None

    # The owner's own token, used again some minutes later from elsewhere: it lists itself with the new place.
    with later(6):
        desk = GraphQLClient("alpha.localhost", workspace_a.token)
        desk.http = Client(HTTP_HOST="alpha.localhost", REMOTE_ADDR="198.51.100.2")
        mine = next(s for s in desk.data(SESSIONS)["mySessions"] if s["current"])
    assert mine["ipAddress"] == "198.51.100.2" and mine["lastUsedAt"] is not None

    # The phone's token used later from another network: its place and time follow.
    with later(10):
        roaming = GraphQLClient("alpha.localhost", token)
        roaming.http = Client(HTTP_HOST="alpha.localhost", REMOTE_ADDR="192.0.2.55")
        assert roaming.data(ME)["me"]["email"] == workspace_a.owner.email
    used = AuthToken.objects.get(user=workspace_a.owner, user_agent=IPHONE)
    assert used.ip_address == "192.0.2.55" and used.last_used_at is not None


@pytest.mark.django_db
def test_session_use_is_recorded_at_most_every_few_minutes(workspace_a: Workspace) -> None:
    browser = Client(HTTP_HOST="alpha.localhost", HTTP_USER_AGENT=WINDOWS_EDGE, REMOTE_ADDR="203.0.113.7")
    browser.post(
        "/graphql/",
        {"query": LOG_IN, "variables": {"input": {"email": workspace_a.owner.email, "password": PASSWORD}}},
        content_type="application/json",
    )
    row = UserSession.objects.get(user=workspace_a.owner)
    signed_in_at = row.last_used_at
    assert signed_in_at is not None

    # Right after sign-in, requests write nothing about the session's use.
    browser.defaults["REMOTE_ADDR"] = "198.51.100.9"
    with SqlCount() as soon:
        assert browser.post("/graphql/", {"query": ME}, content_type="application/json").json()["data"]["me"]
    writes = [s for s in soon.statements if s.startswith(("UPDATE", "INSERT", "DELETE"))]
    assert writes == [], writes
    row.refresh_from_db()
    assert (row.last_used_at, row.ip_address) == (signed_in_at, "203.0.113.7")

    # Some minutes later, a request records the use: when and from where.
    with later(6):
        assert browser.post("/graphql/", {"query": ME}, content_type="application/json").json()["data"]["me"]
    row.refresh_from_db()
    assert row.last_used_at is not None and row.last_used_at > signed_in_at
    assert row.ip_address == "198.51.100.9"
    listed = next(s for s in workspace_a.api.data(SESSIONS)["mySessions"] if s["kind"] == "session")
    assert listed["ipAddress"] == "198.51.100.9"
