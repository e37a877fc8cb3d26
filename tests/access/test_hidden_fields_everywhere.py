"""Focused cases of "a hidden field cannot be used to learn its value", one read path each.

The data-driven proof over every record type and role is tests/access/test_read_paths.py; these
pin the documented behaviour: ``FIELD_HIDDEN`` naming the field for ``filter:`` / ``orderBy:``
(root lists, nested lists, the SQL-pages fast path, saved views), search over visible text only,
duplicates within the read scope, and events decided on the record as it was.
"""

from __future__ import annotations

from typing import Any

import pytest

from realtime import events
from realtime.gate import decide
from saas.access.models import Team, TeamMember
from saas.customers.models import Company, Interaction
from tenants.models import Membership, Role
from tests.access.conftest import SqlCount
from tests.conftest import Workspace
from tests.customers.conftest import codes, create_company, create_contact, mutate
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db

COMPANIES = (
    "query($f: CompanyFilter, $o: [CompanyOrder!]) { companies(filter: $f, orderBy: $o) { edges { node { name } } } }"
)


def hidden_error(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (e["extensions"]["code"], e["extensions"].get("argument", ""), e["extensions"].get("field", ""))
        for e in result.get("errors") or []
    ]


@pytest.fixture
def globex(workspace_a: Workspace) -> dict[str, Any]:
    return create_company(workspace_a, name="Globex", creditLimit={"amount": "50000.00", "currency": "USD"})


def test_a_filter_on_a_hidden_field_is_refused_naming_it(workspace_a: Workspace, globex: dict[str, Any]) -> None:
    create_company(workspace_a, name="Initech")
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    probe = {"f": {"creditLimit": {"gte": "10000"}}}

    refused = marketing.api.execute(COMPANIES, probe)
    assert refused["data"] is None
    assert hidden_error(refused) == [("FIELD_HIDDEN", "filter", "creditLimit")]
    # Inside AND / OR / NOT too, and the same for a choice field.
    nested = {"f": {"name": {"contains": "o"}, "OR": {"NOT": {"creditRating": {"isNull": True}}}}}
    assert hidden_error(marketing.api.execute(COMPANIES, nested)) == [("FIELD_HIDDEN", "filter", "creditRating")]
    # Fields the role sees still filter, and a role that sees the limit filters on it.
    assert marketing.api.data(COMPANIES, {"f": {"name": {"eq": "Globex"}}})["companies"]["edges"] == [
        {"node": {"name": "Globex"}}
    ]
    assert workspace_a.api.data(COMPANIES, probe)["companies"]["edges"] == [{"node": {"name": "Globex"}}]


def test_a_filter_method_reading_a_hidden_field_is_refused(workspace_a: Workspace) -> None:
    """``email`` is a hand-written filter over ``emails``: the columns it reads decide, not its name."""
    create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"])
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    query = "query($f: ContactFilter) { contacts(filter: $f) { edges { node { firstName } } } }"

    result = service.api.execute(query, {"f": {"email": "ann@globex.example.com"}})

    assert hidden_error(result) == [("FIELD_HIDDEN", "filter", "email")]
    assert workspace_a.api.data(query, {"f": {"email": "ann@globex.example.com"}})["contacts"]["edges"] == [
        {"node": {"firstName": "Ann"}}
    ]


def test_sorting_by_a_hidden_field_is_refused(workspace_a: Workspace, globex: dict[str, Any]) -> None:
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    result = service.api.execute(COMPANIES, {"o": [{"name": "ASC"}, {"creditLimit": "DESC"}]})
    assert hidden_error(result) == [("FIELD_HIDDEN", "orderBy", "creditLimit")]
    assert service.api.data(COMPANIES, {"o": [{"name": "DESC"}]})["companies"]["edges"] == [
        {"node": {"name": "Globex"}}
    ]


def test_nested_lists_refuse_hidden_fields_too(workspace_a: Workspace, globex: dict[str, Any]) -> None:
    create_contact(workspace_a, firstName="Ann", companyId=globex["id"])
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    query = (
        "query($f: ContactFilter, $o: [ContactOrder!]) { companies { edges { node { name"
        " contacts(filter: $f, orderBy: $o) { edges { node { firstName } } } } } } }"
    )
    assert hidden_error(marketing.api.execute(query, {"f": {"birthday": {"isNull": False}}})) == [
        ("FIELD_HIDDEN", "filter", "birthday")
    ]
    assert hidden_error(marketing.api.execute(query, {"o": [{"birthday": "ASC"}]})) == [
        ("FIELD_HIDDEN", "orderBy", "birthday")
    ]
    shown = marketing.api.data(query, {"f": {"firstName": {"eq": "Ann"}}})["companies"]["edges"]
    assert shown[0]["node"]["contacts"]["edges"] == [{"node": {"firstName": "Ann"}}]


def test_the_sql_pages_fast_path_refuses_before_it_runs(workspace_a: Workspace, globex: dict[str, Any]) -> None:
    """Only plain columns selected: the page would be built by PostgreSQL; the filter is refused first."""
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    query = "query($f: CompanyFilter) { companies(first: 5, filter: $f) { edges { node { id name } } } }"
    result = marketing.api.execute(query, {"f": {"creditLimit": {"isNull": False}}})
    assert result.get("data") is None and hidden_error(result) == [("FIELD_HIDDEN", "filter", "creditLimit")]


def test_a_shared_saved_view_with_a_hidden_filter_behaves_like_the_filter(
    workspace_a: Workspace, globex: dict[str, Any]
) -> None:
    manager = member(workspace_a, "max@alpha.example.com", Role.MANAGER)
    view = mutate(
        manager,
        "createSavedView",
        {
            "name": "Big credit",
            "recordType": "COMPANY",
            "shared": True,
            "filter": {"creditLimit": {"gte": "10000"}},
            "ordering": [{"creditLimit": "DESC"}],
        },
        "savedView { id }",
    )
    assert view["errors"] == []
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    saved = marketing.api.data("{ savedViews { edges { node { name filter ordering } } } }")["savedViews"]["edges"]
    stored = saved[0]["node"]

    assert hidden_error(marketing.api.execute(COMPANIES, {"f": stored["filter"]})) == [
        ("FIELD_HIDDEN", "filter", "creditLimit")
    ]
    assert hidden_error(marketing.api.execute(COMPANIES, {"o": stored["ordering"]})) == [
        ("FIELD_HIDDEN", "orderBy", "creditLimit")
    ]


def test_search_words_found_only_in_hidden_fields_find_nothing(workspace_a: Workspace) -> None:
    create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"], phones=["+15550100"])
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    query = "query($s: String) { contacts(search: $s) { edges { node { firstName } } } }"

    for words in ["globex", "ann@globex", "15550100"]:
        assert service.api.data(query, {"s": words})["contacts"]["edges"] == [], words
        assert workspace_a.api.data(query, {"s": words})["contacts"]["edges"] == [{"node": {"firstName": "Ann"}}]
    assert service.api.data(query, {"s": "an"})["contacts"]["edges"] == [{"node": {"firstName": "Ann"}}]


def test_search_costs_the_same_queries_whatever_the_role_hides(workspace_a: Workspace) -> None:
    for n in range(3):
        create_contact(workspace_a, firstName=f"Ann{n}", emails=[f"ann{n}@globex.example.com"])
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    query = '{ contacts(search: "ann") { totalCount edges { node { id firstName } } } }'
    workspace_a.api.data(query)  # warm both clients' per-process caches
    service.api.data(query)
    with SqlCount() as owner_count:
        assert workspace_a.api.data(query)["contacts"]["totalCount"] == 3
    with SqlCount() as service_count:
        assert service.api.data(query)["contacts"]["totalCount"] == 3
    # The recheck on visible text is part of the same statements, not another query.
    assert len(service_count) == len(owner_count), (owner_count.statements, service_count.statements)


def test_duplicates_stay_within_what_the_member_may_read(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    create_company(colleague, name="Initech")

    assert sales.api.data('{ companyDuplicates(name: "INITECH") { id } }')["companyDuplicates"] == []
    attempt = mutate(sales, "createCompany", {"name": "Initech"}, "company { id } duplicates { id name }")
    # A warning without id or fields; nothing is stored until the member insists.
    assert attempt["company"] is None and attempt["duplicates"] == []
    assert codes(attempt) == [(None, "duplicate_suspected")]
    assert "cannot see" in attempt["errors"][0]["message"] and "Initech" not in attempt["errors"][0]["message"]
    workspace_a.activate()
    assert Company.objects.filter(name="Initech").count() == 1
    insisted = mutate(sales, "createCompany", {"name": "Initech", "allowDuplicate": True}, "company { name }")
    assert insisted == {"company": {"name": "Initech"}, "errors": []}
    # Its own record is a duplicate it may see.
    again = mutate(sales, "createCompany", {"name": "initech"}, "duplicates { name }")
    assert again["duplicates"] == [{"name": "Initech"}]


def test_duplicates_never_match_on_fields_the_member_cannot_see(workspace_a: Workspace) -> None:
    create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"], phones=["+15550100"])
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)  # reads every contact, not e-mails
    query = "query($e: [String!], $p: [String!]) { contactDuplicates(emails: $e, phones: $p) { firstName } }"
    variables = {"e": ["ann@globex.example.com"], "p": ["+15550100"]}

    assert service.api.data(query, variables)["contactDuplicates"] == []
    assert workspace_a.api.data(query, variables)["contactDuplicates"] == [{"firstName": "Ann"}]


def captured_events(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    published: list[dict[str, Any]] = []
    monkeypatch.setattr(events, "on_commit_publish", lambda group, event: published.append(event))
    return published


def test_no_deleted_event_about_a_record_the_member_could_not_read(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    manager = member(workspace_a, "max@alpha.example.com", Role.MANAGER)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    workspace_a.activate()
    team = Team.objects.create(name="North")
    for person in (manager, colleague):
        TeamMember.objects.create(team=team, user_id=person.owner.pk)
    company = create_company(colleague, name="Initech")
    published = captured_events(monkeypatch)

    assert mutate(colleague, "deleteCompany", {"id": company["id"]})["errors"] == []  # soft delete: the row stays

    workspace_a.activate()
    (deleted,) = [e for e in published if e["action"] == "deleted"]
    seats = {m.user_id: m for m in Membership.objects.filter(tenant=workspace_a.tenant)}
    decided = decide(deleted, [seats[sales.owner.pk], seats[manager.owner.pk], seats[colleague.owner.pk]])
    assert decided[seats[sales.owner.pk].pk] is None
    assert decided[seats[manager.owner.pk].pk] is not None and decided[seats[colleague.owner.pk].pk] is not None


def test_a_hard_deleted_record_is_judged_on_its_owner_before_the_delete(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    workspace_a.activate()
    from django.utils import timezone

    theirs = Interaction.objects.create(kind="call", occurred_at=timezone.now(), performed_by_id=colleague.owner.pk)
    mine = Interaction.objects.create(kind="call", occurred_at=timezone.now(), performed_by_id=sales.owner.pk)
    published = captured_events(monkeypatch)
    for interaction in (theirs, mine):
        events.emit("deleted", "Interaction", interaction.pk)
        interaction.delete()

    seat = Membership.objects.get(user=sales.owner, tenant=workspace_a.tenant)
    heard = [decide(event, [seat])[seat.pk] for event in published]
    assert heard[0] is None and heard[1] is not None
    assert "owner_before" not in {key for event in heard if event for key in event["payload"]}


def test_hidden_field_names_leave_the_changed_field_list(
    workspace_a: Workspace, globex: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    published = captured_events(monkeypatch)
    update = {"id": globex["id"], "industry": "Energy", "creditLimit": {"amount": "70000.00", "currency": "USD"}}
    assert mutate(workspace_a, "updateCompany", update)["errors"] == []

    workspace_a.activate()
    (event,) = published
    assert {"credit_limit", "industry"} <= set(event["fields"])  # what the owner hears
    seat = Membership.objects.get(user=marketing.owner, tenant=workspace_a.tenant)
    seen = decide(event, [seat])[seat.pk]
    assert seen is not None
    assert "credit_limit" not in seen["fields"] and "industry" in seen["fields"]
    assert not {"credit_limit", "creditLimit"} & (set(seen["fields"]) | set(seen["payload"]))


def test_statistics_count_only_what_an_own_scope_member_reads(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    create_company(colleague, name="Initech", source="REFERRAL")
    create_company(sales, name="Globex")
    stats = sales.api.data("{ customerStatistics { companies bySource { key count } } }")["customerStatistics"]
    assert stats["companies"] == 1 and "referral" not in {b["key"] for b in stats["bySource"]}
