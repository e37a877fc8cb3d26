"""Record work behind the web client: home-page figures, history, the audit-log page, pool, merge choices."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.utils import timezone
from strawberry import relay

from saas.customers.models import Company
from tenants.models import Role
from tests.conftest import Workspace
from tests.query_count import count_queries

from .conftest import codes, create_company, create_contact, gid, mutate
from .test_tags_groups_views import member

pytestmark = pytest.mark.django_db

STEPS = "{ gettingStarted { key done } }"
ACTIVITY = "{ activityByDay(days: 7) { day interactions } }"
ADMIN_LOG = """query($filter: AuditLogFilter) { workspaceAuditLog(first: 50, filter: $filter) {
  totalCount edges { node { actorName actorEmail action recordType recordId changes } } } }"""
HISTORY = """query($id: ID!) { node(id: $id) { ... on Company {
  history { edges { node { actorName action changes } } } } } }"""


def log(ws: Workspace, company_id: str, days_ago: int = 0) -> None:
    occurred = (timezone.now() - timedelta(days=days_ago)).isoformat()
    payload = mutate(ws, "logInteraction", {"kind": "CALL", "companyId": company_id, "occurredAt": occurred})
    assert payload["errors"] == []


def steps(ws: Workspace) -> dict[str, bool]:
    return {s["key"]: s["done"] for s in ws.api.data(STEPS)["gettingStarted"]}


# --- home page -------------------------------------------------------------------------------------


def test_getting_started_ticks_from_what_the_workspace_did(workspace_a: Workspace) -> None:
    assert steps(workspace_a) == dict.fromkeys(
        ["inviteMember", "addCompany", "addContact", "logInteraction", "setUpRoles", "addDeal", "customiseSettings"],
        False,
    )
    company = create_company(workspace_a, name="Acme")
    create_contact(workspace_a, firstName="Ann")
    log(workspace_a, company["id"])
    mutate(workspace_a, "updateWorkspace", {"currency": "EUR"}, "tenant { currency }")
    member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    done = steps(workspace_a)
    # No role changed and no deal added: those two stay open (the sales module's step ticks on a deal).
    assert done == {**dict.fromkeys(done, True), "setUpRoles": False, "addDeal": False}
    # Any member sees the workspace's checklist (it is about the workspace, not their scope).
    sales = member(workspace_a, "sam@alpha.example.com", Role.SALES)
    assert steps(sales) == done


def test_activity_by_day_counts_interactions_the_member_may_read(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    theirs = create_company(workspace_a, name="Owner's", ownerId=gid("User", workspace_a.owner.pk))
    mine = create_company(workspace_a, name="Sofia's", ownerId=gid("User", sales.owner.pk))
    log(workspace_a, theirs["id"])
    log(workspace_a, theirs["id"], days_ago=2)
    log(sales, mine["id"])
    log(sales, mine["id"], days_ago=30)  # outside the week

    owner_days = workspace_a.api.data(ACTIVITY)["activityByDay"]
    assert len(owner_days) == 7 and owner_days[-1]["day"] == timezone.localdate().isoformat()
    assert [d["interactions"] for d in owner_days] == [0, 0, 0, 0, 1, 0, 2]
    sales_days = sales.api.data(ACTIVITY)["activityByDay"]
    assert [d["interactions"] for d in sales_days] == [0, 0, 0, 0, 0, 0, 1]
    assert workspace_a.api.error_codes("{ activityByDay(days: 0) { day } }") == ["BAD_USER_INPUT"]


def test_statistics_obey_scopes_and_growth_fills_empty_months(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    create_company(workspace_a, name="Owner's", ownerId=gid("User", workspace_a.owner.pk))
    create_company(workspace_a, name="Sofia's", ownerId=gid("User", sales.owner.pk))
    workspace_a.activate()
    Company.objects.filter(name="Owner's").update(created_at=timezone.now() - timedelta(days=100))
    query = "{ customerStatistics { companies byOwner { count } growthByMonth { month newCompanies } } }"

    everything = workspace_a.api.data(query)["customerStatistics"]
    months = [m["month"] for m in everything["growthByMonth"]]
    assert months[-1] == timezone.localdate().replace(day=1).isoformat()
    # Consecutive first-of-months from the oldest record's month to this one (100 days: 4 or 5 of them).
    assert 4 <= len(months) <= 5 and all(m.endswith("-01") for m in months)
    assert all(
        date.fromisoformat(b) == (date.fromisoformat(a) + timedelta(days=32)).replace(day=1)
        for a, b in pairwise(months)
    )
    assert 0 in [m["newCompanies"] for m in everything["growthByMonth"]]  # a quiet month is there, as zero
    assert sum(m["newCompanies"] for m in everything["growthByMonth"]) == 2

    scoped = sales.api.data(query)["customerStatistics"]
    assert scoped["companies"] == 1 and scoped["byOwner"] == [{"count": 1}]
    assert sum(m["newCompanies"] for m in scoped["growthByMonth"]) == 1


# --- history and the audit-log page ----------------------------------------------------------------


def test_history_names_the_actor_and_hides_what_the_role_hides(workspace_a: Workspace) -> None:
    workspace_a.owner.full_name = "Olivia Owner"
    workspace_a.owner.save(update_fields=["full_name"])
    company = create_company(workspace_a, name="Acme", ownerId=gid("User", workspace_a.owner.pk))
    mutate(workspace_a, "updateCompany", {"id": company["id"], "industry": "Steel", "creditRating": "AA"})

    entries = workspace_a.api.data(HISTORY, {"id": company["id"]})["node"]["history"]["edges"]
    newest = entries[0]["node"]
    assert newest["actorName"] == "Olivia Owner"
    assert newest["changes"]["industry"] == {"old": "", "new": "Steel"}
    assert "credit_rating" in newest["changes"]

    # Credit rating is hidden from service members: never in history, never as a value.
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    seen = service.api.data(HISTORY, {"id": company["id"]})["node"]
    if seen is not None:
        assert all("credit_rating" not in e["node"]["changes"] for e in seen["history"]["edges"])
        assert seen["history"]["edges"][0]["node"]["actorName"] == "Olivia Owner"


def test_the_audit_log_page_is_for_admins_and_filters_by_actor_type_and_date(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    sales.owner.full_name = "Sofia Sales"
    sales.owner.save(update_fields=["full_name"])
    create_company(workspace_a, name="By the owner")
    create_company(sales, name="By Sofia", ownerId=gid("User", sales.owner.pk))
    mutate(workspace_a, "createTag", {"name": "VIP"})

    by_sofia = workspace_a.api.data(ADMIN_LOG, {"filter": {"actorId": {"eq": gid("User", sales.owner.pk)}}})
    entries = by_sofia["workspaceAuditLog"]["edges"]
    assert [e["node"]["actorName"] for e in entries] == ["Sofia Sales"]
    assert entries[0]["node"]["changes"]["name"] == {"old": None, "new": "By Sofia"}
    tags = workspace_a.api.data(ADMIN_LOG, {"filter": {"recordType": {"eq": "Tag"}}})["workspaceAuditLog"]
    assert tags["totalCount"] == 1
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    later = workspace_a.api.data(ADMIN_LOG, {"filter": {"createdAt": {"gte": tomorrow}}})["workspaceAuditLog"]
    assert later["totalCount"] == 0

    # Not for other members: refused, not an empty page.
    assert sales.api.error_codes(ADMIN_LOG) == ["FORBIDDEN"]


def test_audit_pages_resolve_in_a_fixed_number_of_queries(workspace_a: Workspace) -> None:
    other = member(workspace_a, "sofia@alpha.example.com", Role.ADMIN)
    create_company(workspace_a, name="One")
    few = count_queries(lambda: workspace_a.api.data(ADMIN_LOG))
    for i in range(5):
        create_company(other, name=f"Many {i}")
        create_company(workspace_a, name=f"More {i}")
    assert count_queries(lambda: workspace_a.api.data(ADMIN_LOG)) == few
    companies = "{ companies(first: 50) { edges { node { history(first: 5) { edges { node { actorName } } } } } } }"
    assert count_queries(lambda: workspace_a.api.data(companies)) <= few + 4


def test_audit_log_page_and_actor_names_stay_in_their_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    create_company(workspace_b, name="Theirs")
    create_company(workspace_a, name="Mine")
    mine = workspace_a.api.data(ADMIN_LOG)["workspaceAuditLog"]
    assert "Theirs" not in str(mine) and mine["totalCount"] >= 1
    theirs = workspace_a.api.data(ADMIN_LOG, {"filter": {"actorId": {"eq": gid("User", workspace_b.owner.pk)}}})
    assert theirs["workspaceAuditLog"]["totalCount"] == 0


# --- public pool -----------------------------------------------------------------------------------


def test_return_to_pool_and_undo(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    company = create_company(workspace_a, name="Acme", ownerId=gid("User", sales.owner.pk))
    back = mutate(
        sales, "transferCustomers", {"ownerId": None, "companyIds": [company["id"]]}, "companies { owner { id } }"
    )
    assert back == {"companies": [{"owner": None}], "errors": []}
    pool = sales.api.data("{ poolCompanies { edges { node { id } } } }")["poolCompanies"]["edges"]
    assert [e["node"]["id"] for e in pool] == [company["id"]]
    # Undo: the member claims it back.
    claimed = mutate(sales, "claimCompany", {"id": company["id"]}, "company { owner { id } }")
    assert claimed["company"]["owner"]["id"] == gid("User", sales.owner.pk)
    # Another workspace's record cannot be sent to the pool from here.
    other = mutate(sales, "transferCustomers", {"ownerId": None, "companyIds": [gid("Company", 999999)]})
    assert codes(other) == [("companyIds", "not_found")]


def test_pool_rule_is_read_by_all_and_set_by_admins(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    set_rule = mutate(workspace_a, "updatePoolRule", {"returnAfterDays": 30}, "poolRule { returnAfterDays }")
    assert set_rule == {"poolRule": {"returnAfterDays": 30}, "errors": []}
    assert sales.api.data("{ poolRule { returnAfterDays } }") == {"poolRule": {"returnAfterDays": 30}}
    refused = mutate(sales, "updatePoolRule", {"returnAfterDays": 5})
    assert codes(refused) == [(None, "permission_denied")]


# --- merge with choices ----------------------------------------------------------------------------


def merge(ws: Workspace, target: str, sources: list[str], choices: list[dict[str, Any]]) -> dict[str, Any]:
    return mutate(
        ws,
        "mergeCompanies",
        {"targetId": target, "sourceIds": sources, "choices": choices},
        "company { name industry website owner { id } creditLimit { amount currency } }",
    )


def test_merge_keeps_the_value_picked_per_field_and_audits_it(workspace_a: Workspace) -> None:
    other = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    keep = create_company(workspace_a, name="Acme", industry="Steel", website="acme.example.com")
    dupe = create_company(
        workspace_a,
        name="ACME Ltd",
        industry="Metals",
        website="",
        ownerId=gid("User", other.owner.pk),
        creditLimit={"amount": "5000", "currency": "EUR"},
    )
    result = merge(
        workspace_a,
        keep["id"],
        [dupe["id"]],
        [
            {"field": "name", "sourceId": dupe["id"]},
            {"field": "website", "sourceId": dupe["id"]},  # a blank picked stays blank
            {"field": "ownerId", "sourceId": dupe["id"]},
            {"field": "creditLimit", "sourceId": dupe["id"]},
            {"field": "industry", "sourceId": keep["id"]},
        ],
    )
    assert result["errors"] == []
    merged = result["company"]
    assert merged["name"] == "ACME Ltd" and merged["industry"] == "Steel" and merged["website"] == ""
    assert merged["owner"]["id"] == gid("User", other.owner.pk)
    assert merged["creditLimit"] == {"amount": "5000.00", "currency": "EUR"}

    entry = workspace_a.api.data(HISTORY, {"id": keep["id"]})["node"]["history"]["edges"][0]["node"]
    assert entry["action"] == "merge"
    assert entry["changes"]["name"] == {"old": "Acme", "new": "ACME Ltd"}
    dupe_pk = relay.GlobalID.from_id(dupe["id"]).node_id
    assert entry["changes"]["picked"]["new"] == {
        "name": dupe_pk,
        "website": dupe_pk,
        "ownerId": dupe_pk,
        "creditLimit": dupe_pk,
        "industry": relay.GlobalID.from_id(keep["id"]).node_id,
    }


def test_merge_choices_are_validated_and_nothing_changes(workspace_a: Workspace) -> None:
    keep = create_company(workspace_a, name="Acme")
    dupe = create_company(workspace_a, name="ACME Ltd")
    stranger = create_company(workspace_a, name="Unrelated")
    bad = merge(
        workspace_a,
        keep["id"],
        [dupe["id"]],
        [
            {"field": "nonsense", "sourceId": dupe["id"]},
            {"field": "tags", "sourceId": dupe["id"]},
            {"field": "industry", "sourceId": stranger["id"]},
            {"field": "name", "sourceId": dupe["id"]},
            {"field": "name", "sourceId": keep["id"]},
        ],
    )
    assert codes(bad) == [
        ("choices", "invalid_choice"),
        ("choices", "invalid_choice"),
        ("choices", "invalid"),
        ("choices", "invalid"),
    ]
    assert bad["company"] is None
    workspace_a.activate()
    assert Company.objects.filter(name__in=["Acme", "ACME Ltd"]).count() == 2
    wrong_type = merge(workspace_a, keep["id"], [dupe["id"]], [{"field": "name", "sourceId": gid("Tag", 1)}])
    assert codes(wrong_type) == [("choices", "not_found")]


def test_merge_choice_refuses_fields_the_role_may_not_change(workspace_a: Workspace) -> None:
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    keep = create_company(workspace_a, name="Acme", ownerId=gid("User", service.owner.pk))
    dupe = create_company(workspace_a, name="Acme 2", ownerId=gid("User", service.owner.pk), creditRating="AA")
    refused = merge(service, keep["id"], [dupe["id"]], [{"field": "creditRating", "sourceId": dupe["id"]}])
    assert refused["company"] is None and ("choices", "read_only_field") in codes(refused), refused
    workspace_a.activate()
    assert Company.objects.filter(name="Acme 2").exists()
