"""Members in system settings: list, role change, deactivation, bulk reassignment, isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saas.access.registry import REASSIGNERS
from saas.audit.models import AuditEntry
from tenants.models import AuthToken, Membership, Role
from tests.access.conftest import AddPerson, SqlCount, gid
from tests.access.sample.models import SampleDeal
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

USERS = "{ users(first: 100) { totalCount edges { node { id userId email fullName role roleName isActive } } } }"
CHANGE_ROLE = """
mutation($input: ChangeUserRoleInput!) {
  changeUserRole(input: $input) { member { email role } errors { field message code } }
}"""
DEACTIVATE = """
mutation($input: DeactivateUserInput!) {
  deactivateUser(input: $input) { member { email isActive } errors { field code } }
}"""
REASSIGN = """
mutation($input: ReassignRecordsInput!) {
  reassignRecords(input: $input) { moved { recordType count } errors { field code } }
}"""
ME = "{ me { email role } }"


def member_gid(workspace: Workspace, user_id: int) -> str:
    return gid("Member", Membership.objects.get(tenant=workspace.tenant, user_id=user_id).pk)


@pytest.mark.django_db
def test_users_list_has_a_fixed_query_count(workspace_a: Workspace, add_person: AddPerson) -> None:
    add_person(workspace_a, Role.SALES)
    workspace_a.api.data(USERS)
    with SqlCount() as few:
        result = workspace_a.api.data(USERS)
    assert result["users"]["totalCount"] == 2
    for role in (Role.MARKETING, Role.SERVICE, Role.MANAGER):
        add_person(workspace_a, role)
    with SqlCount() as many:
        result = workspace_a.api.data(USERS)
    assert result["users"]["totalCount"] == 5
    assert len(many) == len(few) == 2, many.statements  # token with membership, one page with its count


@pytest.mark.django_db
def test_admin_changes_a_role_and_it_is_audited(workspace_a: Workspace, add_person: AddPerson) -> None:
    person = add_person(workspace_a, Role.SALES)
    result = workspace_a.api.data(
        CHANGE_ROLE, {"input": {"memberId": member_gid(workspace_a, person.user.pk), "role": "manager"}}
    )["changeUserRole"]
    assert result == {"member": {"email": person.user.email, "role": "manager"}, "errors": []}
    assert person.api.data(ME)["me"]["role"] == "manager"
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Membership", action="security")
    assert entry.changes["role"] == {"old": "sales", "new": "manager"} and entry.actor_id == workspace_a.owner.pk


@pytest.mark.django_db
def test_non_admins_cannot_change_roles_and_the_last_owner_stays(workspace_a: Workspace, add_person: AddPerson) -> None:
    sales = add_person(workspace_a, Role.SALES)
    admin = add_person(workspace_a, Role.ADMIN)
    owner_id = member_gid(workspace_a, workspace_a.owner.pk)
    refused = sales.api.data(
        CHANGE_ROLE, {"input": {"memberId": member_gid(workspace_a, sales.user.pk), "role": "admin"}}
    )
    assert refused["changeUserRole"]["errors"][0]["code"] == "permission_denied"
    by_admin = admin.api.data(CHANGE_ROLE, {"input": {"memberId": owner_id, "role": "sales"}})
    assert by_admin["changeUserRole"]["errors"][0]["code"] == "permission_denied"
    last = workspace_a.api.data(CHANGE_ROLE, {"input": {"memberId": owner_id, "role": "admin"}})
    assert last["changeUserRole"]["errors"][0]["code"] == "last_owner"
    bad = workspace_a.api.data(CHANGE_ROLE, {"input": {"memberId": owner_id, "role": "emperor"}})
    assert bad["changeUserRole"]["errors"][0]["code"] == "invalid_choice"
    assert Membership.objects.get(user=sales.user).role == Role.SALES


@pytest.mark.django_db
def test_deactivated_members_next_request_is_refused(workspace_a: Workspace, add_person: AddPerson) -> None:
    person = add_person(workspace_a, Role.SALES)
    browser = Client(HTTP_HOST=person.host)
    login = browser.post(
        "/graphql/",
        {
            "query": "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token } }",
            "variables": {"e": person.user.email, "p": PASSWORD},
        },
        content_type="application/json",
    )
    assert login.json()["data"]["logIn"]["token"]
    session_me = lambda: browser.post("/graphql/", {"query": ME}, content_type="application/json").json()  # noqa: E731
    assert session_me()["data"]["me"]["email"] == person.user.email
    assert person.api.data(ME)["me"]["email"] == person.user.email

    result = workspace_a.api.data(DEACTIVATE, {"input": {"memberId": member_gid(workspace_a, person.user.pk)}})
    assert result["deactivateUser"] == {"member": {"email": person.user.email, "isActive": False}, "errors": []}

    assert "UNAUTHENTICATED" in person.api.error_codes(ME)
    assert session_me()["data"] is None
    # No other workspace: every token of theirs is revoked too.
    assert not AuthToken.objects.filter(user=person.user, revoked_at__isnull=True).exists()


@pytest.mark.django_db
def test_deactivation_keeps_tokens_working_in_other_workspaces(
    workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson
) -> None:
    person = add_person(workspace_a, Role.SALES)
    Membership.objects.create(user=person.user, tenant=workspace_b.tenant, role=Role.SALES)
    workspace_a.api.data(DEACTIVATE, {"input": {"memberId": member_gid(workspace_a, person.user.pk)}})
    assert "UNAUTHENTICATED" in person.api.error_codes(ME)
    assert GraphQLClient("bravo.localhost", person.token).data(ME)["me"]["email"] == person.user.email


@pytest.mark.django_db
def test_deactivate_and_hand_records_over(workspace_a: Workspace, add_person: AddPerson) -> None:
    leaver, heir = add_person(workspace_a, Role.SALES), add_person(workspace_a, Role.SALES)
    workspace_a.activate()
    SampleDeal.objects.create(title="a", owner_id=leaver.user.pk)
    SampleDeal.objects.create(title="b", owner_id=leaver.user.pk)
    result = workspace_a.api.data(
        DEACTIVATE,
        {
            "input": {
                "memberId": member_gid(workspace_a, leaver.user.pk),
                "reassignToMemberId": member_gid(workspace_a, heir.user.pk),
            }
        },
    )
    assert result["deactivateUser"]["errors"] == []
    workspace_a.activate()
    assert SampleDeal.objects.filter(owner_id=heir.user.pk).count() == 2


@pytest.mark.django_db
def test_bulk_reassign_goes_through_every_registered_hook(workspace_a: Workspace, add_person: AddPerson) -> None:
    a, b = add_person(workspace_a, Role.SALES), add_person(workspace_a, Role.SALES)
    calls: list[tuple[int, int]] = []
    REASSIGNERS["OpenTasks"] = lambda src, dst, actor: calls.append((src, dst)) or 7  # type: ignore[func-returns-value]
    try:
        workspace_a.activate()
        SampleDeal.objects.create(title="a", owner_id=a.user.pk)
        moved = workspace_a.api.data(
            REASSIGN,
            {
                "input": {
                    "fromMemberId": member_gid(workspace_a, a.user.pk),
                    "toMemberId": member_gid(workspace_a, b.user.pk),
                }
            },
        )["reassignRecords"]
    finally:
        del REASSIGNERS["OpenTasks"]
    assert moved["errors"] == []
    counts = {m["recordType"]: m["count"] for m in moved["moved"]}
    assert counts["OpenTasks"] == 7 and counts["SampleDeal"] == 1  # and every other registered type's hook
    assert calls == [(a.user.pk, b.user.pk)]
    refused = a.api.data(
        REASSIGN,
        {
            "input": {
                "fromMemberId": member_gid(workspace_a, b.user.pk),
                "toMemberId": member_gid(workspace_a, a.user.pk),
            }
        },
    )
    assert refused["reassignRecords"]["errors"][0]["code"] == "permission_denied"


@pytest.mark.django_db
def test_tenant_a_cannot_see_or_change_tenant_b_members(
    workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson
) -> None:
    person_b = add_person(workspace_b, Role.SALES)
    emails = {e["node"]["email"] for e in workspace_a.api.data(USERS)["users"]["edges"]}
    assert emails == {workspace_a.owner.email}
    b_member = member_gid(workspace_b, person_b.user.pk)
    result: dict[str, Any] = workspace_a.api.data(CHANGE_ROLE, {"input": {"memberId": b_member, "role": "admin"}})
    assert result["changeUserRole"]["errors"][0]["code"] == "not_found"
    result = workspace_a.api.data(DEACTIVATE, {"input": {"memberId": b_member}})
    assert result["deactivateUser"]["errors"][0]["code"] == "not_found"
    node = workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": b_member}) if _has_node() else None
    assert node is None or node["node"] is None
    assert Membership.objects.get(user=person_b.user).is_active
    # and a token of A is nobody on B
    assert "UNAUTHENTICATED" in GraphQLClient("bravo.localhost", workspace_a.token).error_codes(USERS)


def _has_node() -> bool:
    from graphql_schema.schema import Query

    return hasattr(Query, "node")


@pytest.mark.django_db
def test_company_info_is_for_admins(workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson) -> None:
    update = "mutation($n: String!) { updateCompanyInfo(input: {name: $n}) { tenant { name } errors { field code } } }"
    sales = add_person(workspace_a, Role.SALES)
    assert sales.api.data(update, {"n": "Hijacked"})["updateCompanyInfo"]["errors"][0]["code"] == "permission_denied"
    assert workspace_a.api.data(update, {"n": " "})["updateCompanyInfo"]["errors"] == [
        {"field": "name", "code": "required"}
    ]
    done = workspace_a.api.data(update, {"n": "Alpha Holdings"})["updateCompanyInfo"]
    assert done == {"tenant": {"name": "Alpha Holdings"}, "errors": []}
    workspace_b.tenant.refresh_from_db()
    assert workspace_b.tenant.name == "Bravo Logistics"


@pytest.mark.django_db
def test_access_changes_are_announced_after_commit(
    workspace_a: Workspace, add_person: AddPerson, django_capture_on_commit_callbacks: Any
) -> None:
    from saas.access.signals import access_changed

    heard: list[tuple[list[int], str]] = []

    def listener(sender: Any, user_ids: list[int], reason: str, **kwargs: Any) -> None:
        heard.append((user_ids, reason))

    access_changed.connect(listener)
    try:
        person = add_person(workspace_a, Role.SALES)
        member = member_gid(workspace_a, person.user.pk)
        with django_capture_on_commit_callbacks(execute=True):
            workspace_a.api.data(CHANGE_ROLE, {"input": {"memberId": member, "role": "manager"}})
            workspace_a.api.data(DEACTIVATE, {"input": {"memberId": member}})
    finally:
        access_changed.disconnect(listener)
    assert heard == [([person.user.pk], "role_changed"), ([person.user.pk], "deactivated")]
