"""convertLead: company, contact and deal in one transaction, matching existing customers, idempotent, typed errors."""

from __future__ import annotations

from typing import Any

import pytest

from saas.customers.models import Company, Contact
from saas.leads.models import Lead
from saas.sales.models import Deal
from saas.sales.services import default_pipeline
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact, gid

from .conftest import codes, create_lead, member, mutate

pytestmark = pytest.mark.django_db

CONVERTED = (
    "lead { id status convertedAt convertedCompany { id } convertedContact { id } convertedDeal { id } }"
    " company { id name owner { id } } contact { id firstName lastName emails company { id } }"
    " deal { id title company { id } owner { id } stage { name } contacts { contact { id } } }"
)


def convert(ws: Workspace, lead_id: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, "convertLead", {"leadId": lead_id, **extra}, CONVERTED)


def counts(ws: Workspace) -> tuple[int, int]:
    ws.activate()
    return Company.all_objects.count(), Contact.all_objects.count()


def deal_count(ws: Workspace) -> int:
    ws.activate()
    return Deal.all_objects.count()


def test_converting_creates_a_company_and_a_contact(workspace_a: Workspace) -> None:
    lead = create_lead(
        workspace_a,
        name="Ada King Lovelace",
        companyName="Engines Ltd",
        email="ada@engines.example",
        industry="Software",
    )
    payload = convert(workspace_a, lead["id"])
    assert payload["errors"] == []
    company, contact = payload["company"], payload["contact"]
    assert company["name"] == "Engines Ltd" and company["owner"] == {"id": gid("User", workspace_a.owner.pk)}
    assert (contact["firstName"], contact["lastName"], contact["emails"]) == (
        "Ada King",
        "Lovelace",
        ["ada@engines.example"],
    )
    assert contact["company"] == {"id": company["id"]}
    assert payload["lead"]["status"] == "CONVERTED" and payload["lead"]["convertedAt"]
    assert payload["lead"]["convertedCompany"] == {"id": company["id"]}
    assert payload["lead"]["convertedContact"] == {"id": contact["id"]}
    deal = payload["deal"]
    assert deal["title"] == "Engines Ltd"  # no title given: the lead's company name
    assert deal["company"] == {"id": company["id"]} and deal["contacts"] == [{"contact": {"id": contact["id"]}}]
    assert deal["owner"] == {"id": gid("User", workspace_a.owner.pk)} and deal["stage"]["name"] == "Qualification"
    assert payload["lead"]["convertedDeal"] == {"id": deal["id"]}


def test_the_deal_takes_the_title_given(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Grace Hopper")
    payload = convert(workspace_a, lead["id"], dealTitle="  Compiler licences  ")
    assert payload["errors"] == [] and payload["deal"]["title"] == "Compiler licences"
    assert payload["deal"]["company"] is None  # no company name on the lead, none named


def test_a_duplicate_company_and_contact_are_matched_not_recreated(workspace_a: Workspace) -> None:
    existing = create_company(workspace_a, name="Engines Limited")  # same normalised name as "ENGINES ltd."
    person = create_contact(workspace_a, firstName="Ada", emails=["ada@engines.example"])
    lead = create_lead(workspace_a, name="Ada Lovelace", companyName="ENGINES ltd.", email="Ada@Engines.example")
    before = counts(workspace_a)

    payload = convert(workspace_a, lead["id"])

    assert payload["errors"] == []
    assert payload["company"]["id"] == existing["id"]
    assert payload["contact"]["id"] == person["id"]
    assert payload["contact"]["company"] == {"id": existing["id"]}  # the matched contact joins the company
    assert counts(workspace_a) == before
    assert payload["deal"]["company"] == {"id": existing["id"]}  # the deal is at the existing company
    assert deal_count(workspace_a) == 1


def test_the_contact_is_matched_by_phone_too(workspace_a: Workspace) -> None:
    person = create_contact(workspace_a, firstName="Grace", phones=["+1 555 0100"])
    lead = create_lead(workspace_a, name="Grace Hopper", phone="+1 (555) 0100")
    payload = convert(workspace_a, lead["id"])
    assert payload["contact"]["id"] == person["id"] and payload["company"] is None


def test_converting_twice_answers_the_same_records(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada", companyName="Engines", email="ada@engines.example")
    first = convert(workspace_a, lead["id"])
    after_first = counts(workspace_a)
    second = convert(workspace_a, lead["id"], dealTitle="Another deal")
    assert second["errors"] == []
    assert (second["company"]["id"], second["contact"]["id"]) == (first["company"]["id"], first["contact"]["id"])
    assert second["deal"]["id"] == first["deal"]["id"] and second["deal"]["title"] == "Engines"
    assert counts(workspace_a) == after_first
    assert deal_count(workspace_a) == 1


def test_a_named_company_is_used(workspace_a: Workspace) -> None:
    chosen = create_company(workspace_a, name="Parent Holding")
    lead = create_lead(workspace_a, name="Ada", companyName="Engines")
    payload = convert(workspace_a, lead["id"], companyId=chosen["id"])
    assert payload["company"]["id"] == chosen["id"] and payload["deal"]["company"] == {"id": chosen["id"]}
    assert counts(workspace_a) == (1, 1)


def test_refusals_are_typed_and_write_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada", companyName="Engines")
    theirs = create_company(workspace_b, name="Bravo Co")
    assert codes(convert(workspace_a, lead["id"], companyId=theirs["id"])) == [("companyId", "not_found")]
    assert codes(convert(workspace_a, lead["id"], dealTitle="x" * 201)) == [("dealTitle", "too_long")]
    assert codes(convert(workspace_a, gid("Company", theirs["id"]))) == [("leadId", "not_found")]
    assert counts(workspace_a) == (0, 0) and deal_count(workspace_a) == 0
    workspace_a.activate()
    assert Lead.objects.get().status == "new"

    unqualified = create_lead(workspace_a, name="Nope", status="UNQUALIFIED")
    assert codes(convert(workspace_a, unqualified["id"])) == [("leadId", "invalid")]


def test_a_company_the_member_cannot_see_is_not_duplicated(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Hidden Engines", ownerId=gid("User", workspace_a.owner.pk))
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    lead = create_lead(sales, name="Ada", companyName="Hidden Engines")
    payload = convert(sales, lead["id"])
    assert codes(payload) == [("companyId", "duplicate_suspected")]
    assert counts(workspace_a) == (1, 0) and deal_count(workspace_a) == 0


def test_a_converted_lead_stays_converted(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada")
    convert(workspace_a, lead["id"])
    assert codes(mutate(workspace_a, "updateLead", {"id": lead["id"], "status": "WORKING"})) == [("status", "invalid")]
    assert mutate(workspace_a, "updateLead", {"id": lead["id"], "region": "Europe"}, "lead { status region }") == {
        "lead": {"status": "CONVERTED", "region": "Europe"},
        "errors": [],
    }


def test_a_refused_deal_writes_no_company_or_contact_either(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada", companyName="Engines", email="ada@engines.example")
    workspace_a.activate()
    default_pipeline().stages.filter(kind="open").delete()  # no open stage left: the deal is refused
    payload = convert(workspace_a, lead["id"])
    assert codes(payload) == [("pipelineId", "invalid")]
    assert counts(workspace_a) == (0, 0) and deal_count(workspace_a) == 0
    workspace_a.activate()
    assert Lead.objects.get().status == "new"
