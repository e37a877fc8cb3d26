"""Invitations: emailed single-use links that expire; accepting signs in and seats in teams."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from saas.access.models import Team, TeamMember
from saas.audit.models import AuditEntry
from tenants.models import Invitation, Membership, Role, User
from tests.access.conftest import AddPerson, SqlCount, gid
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

INVITE = """
mutation($input: InviteUserInput!) {
  inviteUser(input: $input) { invitation { id email role } errors { field code } }
}"""
ACCEPT = """
mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { token member { email role } errors { field code } }
}"""
PUBLIC_ACCEPT = """
mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { token tenant { subdomain } errors { field code } }
}"""
INVITATIONS = "{ invitations(first: 100) { totalCount edges { node { email role } } } }"


Invite = Any


@pytest.fixture
def invite(django_capture_on_commit_callbacks: Any) -> Invite:
    def send(workspace: Workspace, email: str = "newbie@example.com", **extra: Any) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            invite_now(workspace, email, **extra)
        return token_from_mail(email)

    return send


def invite_now(workspace: Workspace, email: str, **extra: Any) -> str:
    """Invite (the email goes after commit) and return the token from the email's link."""
    mail.outbox.clear()
    result = workspace.api.data(INVITE, {"input": {"email": email, "role": "sales", **extra}})["inviteUser"]
    assert result["errors"] == [], result
    return result["invitation"]["id"]


def token_from_mail(email: str) -> str:
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    match = re.search(r"accept-invitation\?token=([\w-]+)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    return match.group(1)


@pytest.mark.django_db
def test_invite_accept_then_the_link_is_spent(workspace_a: Workspace, invite: Invite) -> None:
    workspace_a.activate()
    team = Team.objects.create(name="Field sales")
    token = invite(workspace_a, teamIds=[gid("Team", team.pk)])
    assert "alpha.localhost" in mail.outbox[0].body

    anonymous = GraphQLClient("alpha.localhost")
    accepted = anonymous.data(ACCEPT, {"input": {"token": token, "password": PASSWORD, "fullName": "New Bie"}})[
        "acceptInvitation"
    ]
    assert accepted["errors"] == [] and accepted["member"] == {"email": "newbie@example.com", "role": "sales"}
    me = GraphQLClient("alpha.localhost", accepted["token"]).data("{ me { email role } }")["me"]
    assert me == {"email": "newbie@example.com", "role": "sales"}
    workspace_a.activate()
    user = User.objects.get(email="newbie@example.com")
    assert TeamMember.objects.filter(team=team, user_id=user.pk).exists()
    assert AuditEntry.objects.filter(action="sign_in", actor_id=user.pk).exists()

    again = anonymous.data(ACCEPT, {"input": {"token": token, "password": PASSWORD, "fullName": "X"}})
    assert again["acceptInvitation"]["errors"] == [{"field": "token", "code": "used"}]


@pytest.mark.django_db
def test_expired_revoked_and_foreign_links_are_refused(
    workspace_a: Workspace, workspace_b: Workspace, invite: Invite
) -> None:
    token = invite(workspace_a)
    payload = {"input": {"token": token, "password": PASSWORD, "fullName": "N"}}
    on_b = GraphQLClient("bravo.localhost").data(ACCEPT, payload)["acceptInvitation"]
    assert on_b["errors"] == [{"field": "token", "code": "invalid"}]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = GraphQLClient("alpha.localhost").data(ACCEPT, payload)["acceptInvitation"]
    assert expired["errors"] == [{"field": "token", "code": "expired"}]
    garbage = GraphQLClient("alpha.localhost").data(ACCEPT, {"input": {**payload["input"], "token": "nope"}})
    assert garbage["acceptInvitation"]["errors"] == [{"field": "token", "code": "invalid"}]
    assert not User.objects.filter(email="newbie@example.com").exists()

    token2 = invite(workspace_a)
    token3 = invite(workspace_a)  # a new invitation replaces the older link
    old = GraphQLClient("alpha.localhost").data(ACCEPT, {"input": {**payload["input"], "token": token2}})
    assert old["acceptInvitation"]["errors"] == [{"field": "token", "code": "expired"}]
    ok = GraphQLClient("localhost").data(PUBLIC_ACCEPT, {"input": {**payload["input"], "token": token3}})
    assert ok["acceptInvitation"]["errors"] == [] and ok["acceptInvitation"]["tenant"]["subdomain"] == "alpha"


@pytest.mark.django_db
def test_existing_account_proves_its_password(workspace_a: Workspace, workspace_b: Workspace, invite: Invite) -> None:
    token = invite(workspace_a, workspace_b.owner.email)
    wrong = GraphQLClient("alpha.localhost").data(ACCEPT, {"input": {"token": token, "password": "wrong-password-1"}})
    assert wrong["acceptInvitation"]["errors"][0]["code"] == "invalid_credentials"
    right = GraphQLClient("alpha.localhost").data(ACCEPT, {"input": {"token": token, "password": PASSWORD}})
    assert right["acceptInvitation"]["errors"] == []
    assert Membership.objects.get(user=workspace_b.owner, tenant=workspace_a.tenant).role == Role.SALES


@pytest.mark.django_db
def test_bad_invitations_change_nothing(workspace_a: Workspace, add_person: AddPerson) -> None:
    sales = add_person(workspace_a, Role.SALES)
    cases = [
        ({"email": "not-an-email", "role": "sales"}, "invalid"),
        ({"email": sales.user.email, "role": "sales"}, "taken"),
        ({"email": "x@example.com", "role": "pope"}, "invalid_choice"),
        ({"email": "x@example.com", "role": "sales", "teamIds": [gid("Team", 999)]}, "not_found"),
    ]
    for given, code in cases:
        errors = workspace_a.api.data(INVITE, {"input": given})["inviteUser"]["errors"]
        assert code in {e["code"] for e in errors}, (given, errors)
    refused = sales.api.data(INVITE, {"input": {"email": "x@example.com", "role": "sales"}})["inviteUser"]
    assert refused["errors"][0]["code"] == "permission_denied"
    assert not Invitation.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_invitations_list_is_per_tenant_with_fixed_query_count(
    workspace_a: Workspace, workspace_b: Workspace, invite: Invite
) -> None:
    invite(workspace_a, "one@example.com")
    workspace_a.api.data(INVITATIONS)
    with SqlCount() as few:
        assert workspace_a.api.data(INVITATIONS)["invitations"]["totalCount"] == 1
    invite(workspace_a, "two@example.com")
    invite(workspace_a, "three@example.com")
    with SqlCount() as many:
        assert workspace_a.api.data(INVITATIONS)["invitations"]["totalCount"] == 3
    assert len(few) == len(many) == 2, many.statements  # token with membership, one page with its count
    assert workspace_b.api.data(INVITATIONS)["invitations"]["totalCount"] == 0
    a_invitation = Invitation.objects.filter(tenant=workspace_a.tenant).first()
    assert a_invitation is not None
    revoke = "mutation($id: ID!) { revokeInvitation(input: {id: $id}) { errors { code } } }"
    result = workspace_b.api.data(revoke, {"id": gid("Invitation", a_invitation.pk)})
    assert result["revokeInvitation"]["errors"] == [{"code": "not_found"}]
