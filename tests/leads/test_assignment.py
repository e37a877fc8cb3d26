"""Assignment rules: round robin in a team, by region or industry, by load; only when nobody was named."""

from __future__ import annotations

from typing import Any

import pytest

from saas.leads.models import Lead
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.customers.conftest import gid

from .conftest import codes, create_lead, member, mutate, team

pytestmark = pytest.mark.django_db


def assignment_rule(ws: Workspace, **fields: Any) -> dict[str, Any]:
    payload = mutate(ws, "createAssignmentRule", fields, "assignmentRule { id name method teamName }")
    assert payload["errors"] == [], payload["errors"]
    return payload["assignmentRule"]


def owner_of(lead: dict[str, Any]) -> str | None:
    return lead["owner"]["id"] if lead["owner"] else None


def user(ws: Workspace) -> str:
    return gid("User", ws.owner.pk)


def test_round_robin_takes_turns_inside_the_team(workspace_a: Workspace) -> None:
    ann, bob, cat = (member(workspace_a, f"{n}@alpha.example.com") for n in ("ann", "bob", "cat"))
    inside = team(workspace_a, "Inside sales", ann, bob, cat)
    assignment_rule(workspace_a, name="Everyone", teamId=gid("Team", inside.pk))
    owners = [owner_of(create_lead(workspace_a, name=f"Lead {i}")) for i in range(5)]
    first, second, third = sorted([ann, bob, cat], key=lambda w: w.owner.pk)
    assert owners == [user(first), user(second), user(third), user(first), user(second)]


def test_a_named_owner_wins_over_the_rules(workspace_a: Workspace) -> None:
    ann = member(workspace_a, "ann@alpha.example.com")
    assignment_rule(workspace_a, name="Everyone", teamId=gid("Team", team(workspace_a, "T", ann).pk))
    lead = create_lead(workspace_a, name="Mine", ownerId=user(workspace_a))
    assert owner_of(lead) == user(workspace_a)


def test_region_and_industry_rules_pick_their_team_and_others_fall_through(workspace_a: Workspace) -> None:
    emea, tech, rest = (member(workspace_a, f"{n}@alpha.example.com") for n in ("emea", "tech", "rest"))
    assignment_rule(workspace_a, name="Europe", region="europe", teamId=gid("Team", team(workspace_a, "E", emea).pk))
    assignment_rule(
        workspace_a,
        name="Software",
        industry="Software",
        position=1,
        teamId=gid("Team", team(workspace_a, "S", tech).pk),
    )
    assignment_rule(
        workspace_a, name="Everything else", position=9, teamId=gid("Team", team(workspace_a, "R", rest).pk)
    )
    assert owner_of(create_lead(workspace_a, name="A", region="Europe", industry="Software")) == user(emea)
    assert owner_of(create_lead(workspace_a, name="B", region="Asia", industry="software")) == user(tech)
    assert owner_of(create_lead(workspace_a, name="C", region="Asia", industry="Retail")) == user(rest)


def test_by_load_the_member_with_fewest_open_leads_gets_it(workspace_a: Workspace) -> None:
    ann, bob = member(workspace_a, "ann@alpha.example.com"), member(workspace_a, "bob@alpha.example.com")
    workspace_a.activate()
    for i in range(3):
        Lead.objects.create(name=f"Ann's {i}", owner=ann.owner)
    Lead.objects.create(name="Bob's open", owner=bob.owner)
    for status in ("converted", "unqualified", "unqualified"):  # closed leads are no load
        Lead.objects.create(name="Bob's closed", owner=bob.owner, status=status)
    assignment_rule(
        workspace_a, name="Least busy", method="LOAD", teamId=gid("Team", team(workspace_a, "T", ann, bob).pk)
    )
    assert owner_of(create_lead(workspace_a, name="New 1")) == user(bob)  # 3 vs 1
    assert owner_of(create_lead(workspace_a, name="New 2")) == user(bob)  # 3 vs 2
    assert owner_of(create_lead(workspace_a, name="New 3")) == user(ann)  # 3 vs 3: the lower user id... or
    # ...ann, since ties go to the lower user id and ann joined first.


def test_inactive_members_and_empty_teams_are_skipped(workspace_a: Workspace) -> None:
    ann, bob = member(workspace_a, "ann@alpha.example.com"), member(workspace_a, "bob@alpha.example.com")
    Membership.objects.filter(user=ann.owner).update(is_active=False)
    assignment_rule(workspace_a, name="Empty", teamId=gid("Team", team(workspace_a, "Nobody").pk))
    assignment_rule(
        workspace_a, name="Ann and Bob", position=1, teamId=gid("Team", team(workspace_a, "AB", ann, bob).pk)
    )
    assert owner_of(create_lead(workspace_a, name="A")) == user(bob)
    assert owner_of(create_lead(workspace_a, name="B")) == user(bob)


def test_without_a_matching_rule_the_lead_stays_unassigned(workspace_a: Workspace) -> None:
    ann = member(workspace_a, "ann@alpha.example.com")
    assignment_rule(workspace_a, name="Europe", region="Europe", teamId=gid("Team", team(workspace_a, "E", ann).pk))
    assert owner_of(create_lead(workspace_a, name="A", region="Asia")) is None


def test_assignment_rules_are_for_admins_and_checked(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    sales_team = gid("Team", team(workspace_a, "T", sales).pk)
    assert codes(mutate(sales, "createAssignmentRule", {"name": "x", "teamId": sales_team})) == [
        (None, "permission_denied")
    ]
    assert codes(mutate(workspace_a, "createAssignmentRule", {"name": " ", "teamId": gid("Team", 999999)})) == [
        ("name", "required"),
        ("teamId", "not_found"),
    ]
    made = assignment_rule(workspace_a, name="All", teamId=sales_team)
    assert made["method"] == "ROUND_ROBIN" and made["teamName"] == "T"
    renamed = mutate(
        workspace_a, "updateAssignmentRule", {"id": made["id"], "method": "LOAD"}, "assignmentRule { method }"
    )
    assert renamed == {"assignmentRule": {"method": "LOAD"}, "errors": []}
    listed = workspace_a.api.data("{ leadAssignmentRules { name method } }")["leadAssignmentRules"]
    assert listed == [{"name": "All", "method": "LOAD"}]
    assert mutate(workspace_a, "deleteAssignmentRule", {"id": made["id"]})["errors"] == []
    assert workspace_a.api.data("{ leadAssignmentRules { name } }")["leadAssignmentRules"] == []
