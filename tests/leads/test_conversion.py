"""convertLead: company, contact in one transaction, matching existing customers, idempotent, typed errors."""

from __future__ import annotations

from typing import Any

import pytest

from saas.customers.models import Company, Contact
from saas.leads.models import Lead
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact, gid

from .conftest import codes, create_lead, member, mutate

pytestmark = pytest.mark.django_db

CONVERTED = (
    "lead { id status convertedAt convertedCompany { id } convertedContact { id } }"
    " company { id name owner { id } } contact { id firstName lastName emails company { id } }"
)


def convert(ws: Workspace, lead_id: str, **extra: Any) -> dict[str, Any]:
    return mutate(ws, "convertLead", {"leadId": lead_id, **extra}, CONVERTED)


def counts(ws: Workspace) -> tuple[int, int]:
    ws.activate()
    return Company.all_objects.count(), Contact.all_objects.count()


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
    assert counts(workspace_a) == after_first


def test_a_named_company_is_used(workspace_a: Workspace) -> None:
    chosen = create_company(workspace_a, name="Parent Holding")
    lead = create_lead(workspace_a, name="Ada", companyName="Engines")
    payload = convert(workspace_a, lead["id"], companyId=chosen["id"])
    assert payload["company"]["id"] == chosen["id"]
    assert counts(workspace_a) == (1, 1)


def test_refusals_are_typed_and_write_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada", companyName="Engines")
    theirs = create_company(workspace_b, name="Bravo Co")
    assert codes(convert(workspace_a, lead["id"], companyId=theirs["id"])) == [("companyId", "not_found")]
    assert codes(convert(workspace_a, lead["id"], dealTitle="x" * 201)) == [("dealTitle", "too_long")]
    assert codes(convert(workspace_a, gid("Company", theirs["id"]))) == [("leadId", "not_found")]
    assert counts(workspace_a) == (0, 0)
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
    assert counts(workspace_a) == (1, 0)


def test_a_converted_lead_stays_converted(workspace_a: Workspace) -> None:
    lead = create_lead(workspace_a, name="Ada")
    convert(workspace_a, lead["id"])
    assert codes(mutate(workspace_a, "updateLead", {"id": lead["id"], "status": "WORKING"})) == [("status", "invalid")]
    assert mutate(workspace_a, "updateLead", {"id": lead["id"], "region": "Europe"}, "lead { status region }") == {
        "lead": {"status": "CONVERTED", "region": "Europe"},
        "errors": [],
    }
