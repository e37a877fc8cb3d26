"""Teams, custom roles and record sharing through the settings API; their isolation between tenants."""

from __future__ import annotations

from typing import Any

import pytest

from saas.access import policy
from saas.access.models import CustomRole, RecordShare, Team, TeamMember
from saas.audit.models import AuditEntry
from saas.errors import ServiceError
from tenants.models import Membership, Role
from tests.access.conftest import AddPerson, SqlCount, gid
from tests.access.sample.models import SampleDeal
from tests.conftest import Workspace

CREATE_TEAM = """
mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id name } errors { field code } } }"""
ADD_MEMBER = """
mutation($input: AddTeamMemberInput!) {
  addTeamMember(input: $input) { team { name members { isManager member { email } } } errors { field code } }
}"""
TEAMS = "{ teams(first: 100) { totalCount edges { node { name members { isManager userId member { email } } } } } }"
CREATE_ROLE = """
mutation($input: CreateRoleInput!) {
  createRole(input: $input) {
    role { key name isBuiltIn permissions { recordType action scope } fieldRules { recordType field rule } }
    errors { field code }
  }
}"""
ROLES = "{ roles { key name isBuiltIn permissions { recordType action scope } fieldRules { field rule } } }"
SHARE = """
mutation($input: ShareRecordInput!) { shareRecord(input: $input) { share { id canEdit } errors { field code } } }"""


def member_gid(workspace: Workspace, user_id: int) -> str:
    return gid("Member", Membership.objects.get(tenant=workspace.tenant, user_id=user_id).pk)


@pytest.mark.django_db
def test_teams_with_managers_and_a_fixed_query_count(workspace_a: Workspace, add_person: AddPerson) -> None:
    api = workspace_a.api
    team = api.data(CREATE_TEAM, {"input": {"name": "North"}})["createTeam"]
    assert team["errors"] == []
    boss, rep = add_person(workspace_a, Role.MANAGER), add_person(workspace_a, Role.SALES)
    for person, manager in ((boss, True), (rep, False)):
        added = api.data(
            ADD_MEMBER,
            {
                "input": {
                    "teamId": team["team"]["id"],
                    "memberId": member_gid(workspace_a, person.user.pk),
                    "isManager": manager,
                }
            },
        )["addTeamMember"]
        assert added["errors"] == []
    assert added["team"]["members"] == [
        {"isManager": True, "member": {"email": boss.user.email}},
        {"isManager": False, "member": {"email": rep.user.email}},
    ]
    duplicate = api.data(CREATE_TEAM, {"input": {"name": "north"}})["createTeam"]
    assert duplicate["errors"] == [{"field": "name", "code": "taken"}]
    refused = rep.api.data(CREATE_TEAM, {"input": {"name": "Mine"}})["createTeam"]
    assert refused["errors"] == [{"field": None, "code": "permission_denied"}]

    api.data(TEAMS)
    with SqlCount() as few:
        api.data(TEAMS)
    for n in range(3):
        new = api.data(CREATE_TEAM, {"input": {"name": f"T{n}"}})["createTeam"]["team"]["id"]
        api.data(ADD_MEMBER, {"input": {"teamId": new, "memberId": member_gid(workspace_a, rep.user.pk)}})
    with SqlCount() as many:
        assert api.data(TEAMS)["teams"]["totalCount"] == 4
    # token with membership, teams page with count, seats, the workspace directory
    assert len(few) == len(many) == 4, many.statements


@pytest.mark.django_db
def test_manager_sees_the_team_records(workspace_a: Workspace, add_person: AddPerson) -> None:
    boss, rep, stranger = (add_person(workspace_a, r) for r in (Role.MANAGER, Role.SALES, Role.SALES))
    workspace_a.activate()
    team = Team.objects.create(name="South")
    TeamMember.objects.create(team=team, user_id=boss.user.pk, is_manager=True)
    TeamMember.objects.create(team=team, user_id=rep.user.pk)
    theirs = SampleDeal.objects.create(title="rep's", owner_id=rep.user.pk)
    SampleDeal.objects.create(title="stranger's", owner_id=stranger.user.pk)
    visible = policy.scope_queryset(boss.membership, SampleDeal.objects.all(), "read")
    assert [d.title for d in visible] == ["rep's"]
    assert policy.allows(boss.membership, "update", theirs)


@pytest.mark.django_db
def test_custom_roles_define_scopes_and_field_rules(workspace_a: Workspace, add_person: AddPerson) -> None:
    api = workspace_a.api
    created = api.data(
        CREATE_ROLE,
        {
            "input": {
                "name": "Inside sales",
                "permissions": [
                    {"recordType": "*", "action": "READ", "scope": "ALL"},
                    {"recordType": "SampleDeal", "action": "UPDATE", "scope": "OWN"},
                ],
                "fieldRules": [{"recordType": "SampleDeal", "field": "amount", "rule": "HIDDEN"}],
            }
        },
    )["createRole"]
    assert created["errors"] == []
    role = created["role"]
    assert role["isBuiltIn"] is False and role["key"].startswith("custom:")
    assert role["fieldRules"] == [{"recordType": "SampleDeal", "field": "amount", "rule": "HIDDEN"}]

    person = add_person(workspace_a, Role.SALES)
    change = (
        "mutation($i: ChangeUserRoleInput!) { changeUserRole(input: $i) { member { role roleName } errors { code } } }"
    )
    changed = api.data(change, {"i": {"memberId": member_gid(workspace_a, person.user.pk), "role": role["key"]}})
    assert changed["changeUserRole"]["member"] == {"role": role["key"], "roleName": "Inside sales"}

    workspace_a.activate()
    membership = Membership.objects.get(user=person.user)
    SampleDeal.objects.create(title="someone's", owner_id=workspace_a.owner.pk)
    assert policy.scope_queryset(membership, SampleDeal.objects.all(), "read").count() == 1
    assert not policy.allows(membership, "update", SampleDeal.objects.get())
    assert not policy.allows(membership, "create", SampleDeal)
    assert policy.field_rule(membership, SampleDeal, "amount") == "hidden"

    roles = api.data(ROLES)["roles"]
    assert [r["key"] for r in roles][:7] == ["owner", "admin", "manager", "sales", "marketing", "service", "read_only"]
    sales = next(r for r in roles if r["key"] == "sales")
    assert {"recordType": "SampleDeal", "action": "READ", "scope": "OWN"} in sales["permissions"]
    assert {"field": "amount", "rule": "READ_ONLY"} in sales["fieldRules"]

    in_use = api.data(
        "mutation($k: String!) { deleteRole(input: {key: $k}) { ok errors { code } } }", {"k": role["key"]}
    )
    assert in_use["deleteRole"]["errors"] == [{"code": "in_use"}]

    key = api.data(
        'mutation($r: String!) { createApiKey(input: {name: "k", role: $r}) { apiKey { id } errors { code } } }',
        {"r": role["key"]},
    )["createApiKey"]
    api.data("mutation($id: ID!) { revokeApiKey(input: {id: $id}) { errors { code } } }", {"id": key["apiKey"]["id"]})
    api.data(
        "mutation($i: DeactivateUserInput!) { deactivateUser(input: $i) { errors { code } } }",
        {"i": {"memberId": member_gid(workspace_a, person.user.pk)}},
    )
    deleted = api.data(
        "mutation($k: String!) { deleteRole(input: {key: $k}) { ok errors { code } } }", {"k": role["key"]}
    )
    assert deleted["deleteRole"] == {"ok": True, "errors": []}
    assert not policy.allows(Membership.objects.get(user=person.user), "read", SampleDeal)


@pytest.mark.django_db
def test_bad_roles_are_refused_whole(workspace_a: Workspace) -> None:
    bad = workspace_a.api.data(
        CREATE_ROLE,
        {
            "input": {
                "name": "Sales",
                "permissions": [{"recordType": "Spaceship", "action": "READ", "scope": "ALL"}],
                "fieldRules": [{"recordType": "SampleDeal", "field": "title", "rule": "HIDDEN"}],
            }
        },
    )["createRole"]
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("name", "taken"),
        ("permissions", "invalid_choice"),
        ("fieldRules", "invalid"),
    }
    workspace_a.activate()
    assert not CustomRole.objects.exists()


@pytest.mark.django_db
def test_sharing_a_record_with_a_user_and_a_team(workspace_a: Workspace, add_person: AddPerson) -> None:
    owner_rep, friend, teammate = (add_person(workspace_a, Role.SALES) for _ in range(3))
    workspace_a.activate()
    deal = SampleDeal.objects.create(title="big one", owner_id=owner_rep.user.pk)
    team = Team.objects.create(name="Helpers")
    TeamMember.objects.create(team=team, user_id=teammate.user.pk)
    assert not policy.allows(friend.membership, "read", deal)

    record = gid("SampleDeal", deal.pk)
    refused = friend.api.data(
        SHARE, {"input": {"recordId": record, "memberId": member_gid(workspace_a, friend.user.pk)}}
    )
    assert refused["shareRecord"]["errors"] == [{"field": "recordId", "code": "not_found"}]

    shared = owner_rep.api.data(
        SHARE, {"input": {"recordId": record, "memberId": member_gid(workspace_a, friend.user.pk)}}
    )["shareRecord"]
    assert shared["errors"] == [] and shared["share"]["canEdit"] is False
    workspace_a.activate()
    friend_m = Membership.objects.get(user=friend.user)
    assert [d.pk for d in policy.scope_queryset(friend_m, SampleDeal.objects.all(), "read")] == [deal.pk]
    assert policy.allows(friend_m, "read", deal) and not policy.allows(friend_m, "update", deal)

    owner_rep.api.data(SHARE, {"input": {"recordId": record, "teamId": gid("Team", team.pk), "canEdit": True}})
    workspace_a.activate()
    teammate_m = Membership.objects.get(user=teammate.user)
    assert policy.allows(teammate_m, "update", deal)
    assert not policy.allows(teammate_m, "delete", deal)
    assert policy.scope_queryset(teammate_m, SampleDeal.objects.all(), "update").count() == 1

    shares = owner_rep.api.data(
        "query($id: ID!) { recordShares(recordId: $id) { canEdit member { email } team { name } } }", {"id": record}
    )["recordShares"]
    assert len(shares) == 2
    assert friend.api.data("query($id: ID!) { recordShares(recordId: $id) { canEdit } }", {"id": record})

    workspace_a.activate()
    share_id = gid("RecordShare", RecordShare.objects.get(user_id=friend.user.pk).pk)
    unshare = "mutation($id: ID!) { unshareRecord(input: {id: $id}) { ok errors { code } } }"
    assert friend.api.data(unshare, {"id": share_id})["unshareRecord"]["errors"] == [{"code": "permission_denied"}]
    assert owner_rep.api.data(unshare, {"id": share_id})["unshareRecord"]["ok"] is True
    workspace_a.activate()
    assert not policy.allows(friend_m, "read", deal)
    assert AuditEntry.objects.filter(record_type="SampleDeal", record_id=str(deal.pk)).count() == 3


@pytest.mark.django_db
def test_tenant_b_cannot_touch_tenant_a_teams_roles_or_shares(
    workspace_a: Workspace, workspace_b: Workspace, add_person: AddPerson
) -> None:
    workspace_a.activate()
    team = Team.objects.create(name="Alpha team")
    role = CustomRole.objects.create(name="Alpha role", permissions={"*": {"read": "all"}})
    deal = SampleDeal.objects.create(title="alpha deal", owner_id=workspace_a.owner.pk)
    b = workspace_b.api
    assert b.data(TEAMS)["teams"]["totalCount"] == 0
    assert [r["key"] for r in b.data(ROLES)["roles"] if not r["isBuiltIn"]] == []
    results: list[Any] = [
        b.data(
            "mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { errors { code } } }",
            {"i": {"id": gid("Team", team.pk), "name": "pwned"}},
        )["updateTeam"],
        b.data(
            "mutation($i: DeleteTeamInput!) { deleteTeam(input: $i) { errors { code } } }",
            {"i": {"id": gid("Team", team.pk)}},
        )["deleteTeam"],
        b.data(
            "mutation($k: String!) { deleteRole(input: {key: $k}) { errors { code } } }", {"k": f"custom:{role.pk}"}
        )["deleteRole"],
        b.data(SHARE, {"input": {"recordId": gid("SampleDeal", deal.pk), "teamId": gid("Team", team.pk)}})[
            "shareRecord"
        ],
    ]
    assert all(r["errors"][0]["code"] == "not_found" for r in results), results
    # nothing in B, and A is unchanged (B's schema simply has no such rows)
    workspace_a.activate()
    assert Team.objects.get().name == "Alpha team" and CustomRole.objects.count() == 1
    assert not RecordShare.objects.exists()


@pytest.mark.django_db
def test_owner_transfer_respects_the_scope(workspace_a: Workspace, add_person: AddPerson) -> None:
    rep, other = add_person(workspace_a, Role.SALES), add_person(workspace_a, Role.SALES)
    workspace_a.activate()
    policy.check_owner(rep.membership, SampleDeal, rep.user.pk)
    with pytest.raises(ServiceError) as refused:
        policy.check_owner(rep.membership, SampleDeal, other.user.pk)
    assert refused.value.errors[0].field == "ownerId"
    policy.check_owner(Membership.objects.get(user=workspace_a.owner), SampleDeal, other.user.pk)


@pytest.mark.django_db
def test_roles_and_shares_lists_have_fixed_query_counts(workspace_a: Workspace, add_person: AddPerson) -> None:
    api = workspace_a.api
    workspace_a.activate()
    deal = SampleDeal.objects.create(title="d", owner_id=workspace_a.owner.pk)
    record = gid("SampleDeal", deal.pk)
    shares = "query($id: ID!) { recordShares(recordId: $id) { canEdit member { email } team { name } } }"

    def measure() -> tuple[int, int]:
        api.data(ROLES)
        api.data(shares, {"id": record})
        with SqlCount() as roles_sql:
            api.data(ROLES)
        with SqlCount() as shares_sql:
            api.data(shares, {"id": record})
        return len(roles_sql), len(shares_sql)

    def add_shares(n: int) -> None:
        workspace_a.activate()
        CustomRole.objects.create(name=f"R{n}", permissions={"*": {"read": "all"}})
        team = Team.objects.create(name=f"T{n}")
        RecordShare.objects.create(record_type="SampleDeal", record_id=str(deal.pk), team=team)
        person = add_person(workspace_a, Role.SALES)
        RecordShare.objects.create(record_type="SampleDeal", record_id=str(deal.pk), user_id=person.user.pk)

    add_shares(0)
    before = measure()
    for n in range(1, 4):
        add_shares(n)
    assert measure() == before
    # roles: token with membership, custom roles; shares: token with membership, record, shares with teams,
    # directory
    assert before == (2, 4)


@pytest.mark.django_db
def test_my_role_tells_the_client_what_it_may_do(workspace_a: Workspace, add_person: AddPerson) -> None:
    query = "{ myRole { key isBuiltIn permissions { recordType action scope } fieldRules { field rule } } }"
    sales = add_person(workspace_a, Role.SALES)
    mine = sales.api.data(query)["myRole"]
    assert (
        mine["key"] == "sales"
        and {"recordType": "SampleDeal", "action": "EXPORT", "scope": "NONE"} in mine["permissions"]
    )
    workspace_a.activate()
    role = CustomRole.objects.create(name="Viewer", permissions={"*": {"read": "all"}})
    viewer = add_person(workspace_a, Role.CUSTOM, custom_role_id=role.pk)
    assert viewer.api.data(query)["myRole"]["permissions"] == [{"recordType": "*", "action": "READ", "scope": "ALL"}]
