"""Leads through the API: create, edit, list with filter / order / search, recycle bin, bad input."""

from __future__ import annotations

import pytest

from saas.audit.models import AuditEntry
from saas.leads.models import Lead
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import gid
from tests.query_count import assert_num_queries, count_queries

from .conftest import LEAD_FIELDS, codes, create_lead, member, mutate

pytestmark = pytest.mark.django_db


def test_create_edit_delete_and_restore_a_lead(workspace_a: Workspace) -> None:
    lead = create_lead(
        workspace_a,
        name="  Ada Lovelace ",
        companyName="Analytical Engines",
        email="ADA@Engines.example",
        phone="+44 (20) 7946-0000",
        industry="Software",
    )
    assert lead["name"] == "Ada Lovelace"
    assert lead["email"] == "ada@engines.example"
    assert lead["phone"] == "+442079460000"
    assert (lead["status"], lead["source"], lead["score"]) == ("NEW", "API", 0)

    edited = mutate(
        workspace_a, "updateLead", {"id": lead["id"], "status": "WORKING", "region": "Europe"}, "lead { status region }"
    )
    assert edited == {"lead": {"status": "WORKING", "region": "Europe"}, "errors": []}
    workspace_a.activate()
    changes = AuditEntry.objects.filter(record_type="Lead", action="update").get().changes
    assert changes["status"] == {"old": "new", "new": "working"}

    assert mutate(workspace_a, "deleteLead", {"id": lead["id"]}, "lead { id }")["errors"] == []
    assert workspace_a.api.data("{ leads { totalCount } deletedLeads { totalCount } }") == {
        "leads": {"totalCount": 0},
        "deletedLeads": {"totalCount": 1},
    }
    assert mutate(workspace_a, "restoreLead", {"id": lead["id"]}, "lead { id }")["errors"] == []
    assert workspace_a.api.data("{ leads { totalCount } }")["leads"]["totalCount"] == 1


def test_bad_input_is_a_typed_error_and_writes_nothing(workspace_a: Workspace) -> None:
    payload = mutate(
        workspace_a,
        "createLead",
        {"name": " ", "email": "not-an-address", "phone": "12", "companyName": "x" * 201},
        "lead { id }",
    )
    assert payload["lead"] is None
    assert sorted(codes(payload)) == [
        ("companyName", "too_long"),
        ("email", "invalid_format"),
        ("name", "required"),
        ("phone", "invalid_format"),
    ]
    assert codes(mutate(workspace_a, "createLead", {"name": "Bo", "status": "CONVERTED"})) == [
        ("status", "invalid_choice")
    ]
    workspace_a.activate()
    assert not Lead.all_objects.exists()
    assert not AuditEntry.objects.filter(record_type="Lead").exists()


def test_list_filters_orders_and_searches(workspace_a: Workspace) -> None:
    create_lead(workspace_a, name="Ada Lovelace", companyName="Engines", industry="Software", status="WORKING")
    create_lead(workspace_a, name="Grace Hopper", companyName="Navy Compilers", industry="Defense")
    create_lead(workspace_a, name="Alan Turing", companyName="Bletchley", industry="Software")

    def names(args: str) -> list[str]:
        data = workspace_a.api.data(f"{{ leads({args}) {{ edges {{ node {{ name }} }} }} }}")
        return [e["node"]["name"] for e in data["leads"]["edges"]]

    assert names('filter: {industry: {eq: "Software"}}, orderBy: [{name: ASC}]') == ["Ada Lovelace", "Alan Turing"]
    assert names("filter: {status: {eq: WORKING}}") == ["Ada Lovelace"]
    assert names('search: "navy"') == ["Grace Hopper"]
    assert names("orderBy: [{companyName: DESC}]") == ["Grace Hopper", "Ada Lovelace", "Alan Turing"]
    assert names(f'filter: {{owner: {{eq: "{gid("User", workspace_a.owner.pk)}"}}}}') == []


def test_personal_fields_are_hidden_from_service_staff_and_cannot_be_filtered(workspace_a: Workspace) -> None:
    create_lead(workspace_a, name="Ada", email="ada@engines.example", ownerId=gid("User", workspace_a.owner.pk))
    service = member(workspace_a, "sam@alpha.example.com", Role.SERVICE)
    result = service.api.execute("{ leads { edges { node { name email phone } } } }")
    assert result["data"]["leads"]["edges"] == [{"node": {"name": "Ada", "email": None, "phone": None}}]
    assert {e["path"][-1] for e in result["errors"]} == {"email", "phone"}
    refused = service.api.execute('{ leads(filter: {email: {contains: "ada"}}) { totalCount } }')
    assert refused["errors"][0]["extensions"]["code"] == "FIELD_HIDDEN"


def test_an_own_scope_salesperson_creates_leads_for_themselves(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    lead = create_lead(sales, name="Sofia's lead")
    assert lead["owner"] == {"id": gid("User", sales.owner.pk)}
    theirs = create_lead(workspace_a, name="Owner's lead", ownerId=gid("User", workspace_a.owner.pk))
    assert sales.api.data("{ leads { edges { node { name } } } }")["leads"]["edges"] == [
        {"node": {"name": "Sofia's lead"}}
    ]
    refused = mutate(sales, "updateLead", {"id": theirs["id"], "name": "Mine now"})
    assert codes(refused) == [("id", "not_found")]


LIST = (
    f"{{ leads(first: 100) {{ totalCount edges {{ node {{ {LEAD_FIELDS}"
    " activities(first: 3) { edges { node { kind } } } } } } }"
)


def test_the_list_costs_a_fixed_number_of_queries(make_workspace) -> None:
    small, big = make_workspace("small-leads"), make_workspace("big-leads")
    for ws, count in ((small, 1), (big, 60)):
        ws.activate()
        for i in range(count):
            lead = Lead.objects.create(name=f"Lead {i}", owner=ws.owner, email=f"l{i}@x.example")
            lead.activities.create(kind="call", occurred_at=lead.created_at)
    small.api.data(LIST)
    big.api.data(LIST)
    one = count_queries(lambda: small.api.data(LIST))
    with assert_num_queries(one):
        data = big.api.data(LIST)
    assert data["leads"]["totalCount"] == 60
    assert all(len(e["node"]["activities"]["edges"]) == 1 for e in data["leads"]["edges"])


def test_a_selection_of_leads_is_deleted_and_restored_all_or_nothing(workspace_a: Workspace) -> None:
    one, two = create_lead(workspace_a, name="Ada"), create_lead(workspace_a, name="Grace")
    payload = mutate(workspace_a, "deleteLeads", {"leadIds": [one["id"], two["id"]]}, "deletedIds")
    assert payload["errors"] == [] and sorted(payload["deletedIds"]) == sorted([one["id"], two["id"]])
    listed = workspace_a.api.data("{ leads { totalCount } deletedLeads { totalCount } }")
    assert (listed["leads"]["totalCount"], listed["deletedLeads"]["totalCount"]) == (0, 2)

    payload = mutate(workspace_a, "restoreLeads", {"leadIds": [one["id"], two["id"]]}, "restoredIds")
    assert payload["errors"] == [] and len(payload["restoredIds"]) == 2
    assert workspace_a.api.data("{ leads { totalCount } }")["leads"]["totalCount"] == 2


def test_a_bulk_delete_with_a_bad_id_deletes_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    mine, theirs = create_lead(workspace_a, name="Ada"), create_lead(workspace_b, name="Bravo")
    payload = mutate(workspace_a, "deleteLeads", {"leadIds": [mine["id"], theirs["id"]]}, "deletedIds")
    assert codes(payload) == [("leadIds", "not_found")]
    assert workspace_a.api.data("{ leads { totalCount } }")["leads"]["totalCount"] == 1
    assert workspace_b.api.data("{ leads { totalCount } }")["leads"]["totalCount"] == 1
