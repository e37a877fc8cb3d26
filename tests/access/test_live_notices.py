"""Members hear at once what concerns them: their new role, a colleague accepting their invitation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.access.test_users import CHANGE_ROLE, member_gid
from tests.conftest import Workspace
from tests.graphql_client import GraphQLClient

INVITE = """
mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitation { id } errors { field code } } }"""
ACCEPT = """
mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { token member { email } errors { field code } }
}"""


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "saas.access.services.events.notify",
        lambda user_id, kind, message, payload=None: sent.append((user_id, kind, message, payload)),
    )
    return sent


@pytest.mark.django_db
def test_a_member_is_told_of_their_new_role(
    workspace_a: Workspace, add_person: AddPerson, notices: list[tuple[Any, ...]]
) -> None:
    person = add_person(workspace_a, Role.SALES)
    change = {"input": {"memberId": member_gid(workspace_a, person.user.pk), "role": "manager"}}
    assert workspace_a.api.data(CHANGE_ROLE, change)["changeUserRole"]["errors"] == []
    assert notices == [(person.user.pk, "role_changed", "Your role is now Manager.", {"role": "manager"})]
    # The same role again changes nothing, and says nothing.
    workspace_a.api.data(CHANGE_ROLE, change)
    assert len(notices) == 1


@pytest.mark.django_db
def test_the_inviter_is_told_when_the_invitation_is_accepted(
    workspace_a: Workspace, notices: list[tuple[Any, ...]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invited = workspace_a.api.data(INVITE, {"input": {"email": "new@alpha.example.com", "role": "sales"}})
    assert invited["inviteUser"]["errors"] == []
    link = next(line for line in mail.outbox[-1].body.split() if "accept-invitation?token=" in line)
    token = link.split("token=", 1)[1]
    visitor = GraphQLClient(workspace_a.api.host)
    accepted = visitor.data(
        ACCEPT, {"input": {"token": token, "password": "Another-Long-Passphrase-9", "fullName": "Nia New"}}
    )["acceptInvitation"]
    assert accepted["errors"] == [] and accepted["member"] == {"email": "new@alpha.example.com"}
    assert notices == [
        (workspace_a.owner.pk, "member_joined", "Nia New accepted your invitation.", {"email": "new@alpha.example.com"})
    ]
