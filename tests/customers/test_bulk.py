from __future__ import annotations

from saas.audit.models import AuditEntry
from saas.customers.models import Company, Contact
from tenants.models import Membership, Role, User
from tests.conftest import Workspace

from .conftest import codes, create_company, create_contact, gid, mutate


def second_member(ws: Workspace) -> User:
    user = User.objects.create_user(email=f"sales@{ws.subdomain}.example.com", password="a-strong-test-password-2026")
    Membership.objects.create(user=user, tenant=ws.tenant, role=Role.SALES)
    return user


def test_transfer_customers_with_their_contacts(workspace_a: Workspace) -> None:
    seller = second_member(workspace_a)
    company = create_company(workspace_a, name="Acme", ownerId=gid("User", workspace_a.owner.pk))
    create_contact(workspace_a, firstName="Ann", companyId=company["id"])
    loose = create_contact(workspace_a, firstName="Bob")
    payload = mutate(
        workspace_a,
        "transferCustomers",
        {
            "ownerId": gid("User", seller.pk),
            "companyIds": [company["id"]],
            "contactIds": [loose["id"]],
            "includeContacts": True,
        },
        "companies { owner { email } } contacts { firstName owner { email } }",
    )
    assert payload["errors"] == []
    assert payload["companies"] == [{"owner": {"email": seller.email}}]
    assert sorted(c["firstName"] for c in payload["contacts"]) == ["Ann", "Bob"]
    assert {c["owner"]["email"] for c in payload["contacts"]} == {seller.email}


def test_transfer_to_the_pool_and_rejections(workspace_a: Workspace, workspace_b: Workspace) -> None:
    company = create_company(workspace_a, name="Acme", ownerId=gid("User", workspace_a.owner.pk))
    to_pool = mutate(
        workspace_a, "transferCustomers", {"ownerId": None, "companyIds": [company["id"]]}, "companies { owner { id } }"
    )
    assert to_pool == {"companies": [{"owner": None}], "errors": []}
    theirs = create_company(workspace_b, name="Theirs")
    bad = mutate(
        workspace_a,
        "transferCustomers",
        {"ownerId": gid("User", workspace_b.owner.pk), "companyIds": [company["id"], theirs["id"]]},
        "companies { id }",
    )
    assert set(codes(bad)) == {("ownerId", "not_found"), ("companyIds", "not_found")}
    assert codes(mutate(workspace_a, "transferCustomers", {"ownerId": None}))[0][1] == "required"


def test_tag_contacts_adds_and_removes(workspace_a: Workspace) -> None:
    red = mutate(workspace_a, "createTag", {"name": "red"}, "tag { id }")["tag"]["id"]
    blue = mutate(workspace_a, "createTag", {"name": "blue"}, "tag { id }")["tag"]["id"]
    ann = create_contact(workspace_a, firstName="Ann", tagIds=[blue])
    bob = create_contact(workspace_a, firstName="Bob")
    payload = mutate(
        workspace_a,
        "tagContacts",
        {"contactIds": [ann["id"], bob["id"]], "addTagIds": [red], "removeTagIds": [blue]},
        "contacts { firstName tags { name } }",
    )
    assert payload["errors"] == []
    assert {c["firstName"]: [t["name"] for t in c["tags"]] for c in payload["contacts"]} == {
        "Ann": ["red"],
        "Bob": ["red"],
    }
    assert codes(mutate(workspace_a, "tagContacts", {"contactIds": [ann["id"]]}))[0][1] == "required"
    assert codes(mutate(workspace_a, "tagContacts", {"contactIds": [ann["id"]], "addTagIds": [gid("Tag", "x")]}))[
        0
    ] == (
        "addTagIds",
        "not_found",
    )


def test_tag_companies_adds_and_removes_all_or_nothing_and_audits(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    red = mutate(workspace_a, "createTag", {"name": "red"}, "tag { id }")["tag"]["id"]
    blue = mutate(workspace_a, "createTag", {"name": "blue"}, "tag { id }")["tag"]["id"]
    acme = create_company(workspace_a, name="Acme", tagIds=[blue])
    globex = create_company(workspace_a, name="Globex")
    payload = mutate(
        workspace_a,
        "tagCompanies",
        {"companyIds": [acme["id"], globex["id"]], "addTagIds": [red], "removeTagIds": [blue]},
        "companies { name tags { name } }",
    )
    assert payload["errors"] == []
    assert {c["name"]: [t["name"] for t in c["tags"]] for c in payload["companies"]} == {
        "Acme": ["red"],
        "Globex": ["red"],
    }
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Company", action="update").count() == 2
    # Adding a tag a company already has changes nothing and writes no audit entry.
    again = mutate(workspace_a, "tagCompanies", {"companyIds": [acme["id"]], "addTagIds": [red]}, "companies { id }")
    assert again["errors"] == []
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Company", action="update").count() == 2
    theirs = create_company(workspace_b, name="Theirs")
    both = {"companyIds": [globex["id"], theirs["id"]], "addTagIds": [blue]}
    refused = mutate(workspace_a, "tagCompanies", both, "companies { id }")
    assert codes(refused) == [("companyIds", "not_found")] and refused["companies"] == []
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Company", action="update").count() == 2
    assert codes(mutate(workspace_a, "tagCompanies", {"companyIds": []}))[0] == ("companyIds", "required")


def test_delete_contacts_in_bulk_all_or_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    ann, bob = create_contact(workspace_a, firstName="Ann"), create_contact(workspace_a, firstName="Bob")
    theirs = create_contact(workspace_b, firstName="Zed")
    refused = mutate(workspace_a, "deleteContacts", {"contactIds": [ann["id"], theirs["id"]]}, "deletedIds")
    assert codes(refused) == [("contactIds", "not_found")] and refused["deletedIds"] == []
    done = mutate(workspace_a, "deleteContacts", {"contactIds": [ann["id"], bob["id"]]}, "deletedIds")
    assert sorted(done["deletedIds"]) == sorted([ann["id"], bob["id"]])
    workspace_a.activate()
    assert Contact.objects.count() == 0 and Contact.all_objects.count() == 2
    assert AuditEntry.objects.filter(action="delete", record_type="Contact").count() == 2
    workspace_b.activate()
    assert Contact.objects.count() == 1


def test_delete_and_restore_companies_in_one_request_each(workspace_a: Workspace, workspace_b: Workspace) -> None:
    acme, globex = create_company(workspace_a, name="Acme"), create_company(workspace_a, name="Globex")
    theirs = create_company(workspace_b, name="Theirs")
    both = [acme["id"], globex["id"]]
    refused = mutate(workspace_a, "deleteCompanies", {"companyIds": [acme["id"], theirs["id"]]}, "deletedIds")
    assert codes(refused) == [("companyIds", "not_found")] and refused["deletedIds"] == []
    assert codes(mutate(workspace_a, "deleteCompanies", {"companyIds": []}))[0] == ("companyIds", "required")
    done = mutate(workspace_a, "deleteCompanies", {"companyIds": both}, "deletedIds")
    assert done["errors"] == [] and sorted(done["deletedIds"]) == sorted(both)
    workspace_a.activate()
    assert Company.objects.count() == 0 and Company.all_objects.count() == 2
    assert AuditEntry.objects.filter(action="delete", record_type="Company").count() == 2
    # Undo: one request brings them all back, and refuses ids not in this tenant's recycle bin.
    assert codes(mutate(workspace_a, "restoreCompanies", {"companyIds": [*both, theirs["id"]]}))[0] == (
        "companyIds",
        "not_found",
    )
    back = mutate(workspace_a, "restoreCompanies", {"companyIds": both}, "restoredIds")
    assert back["errors"] == [] and sorted(back["restoredIds"]) == sorted(both)
    workspace_a.activate()
    assert Company.objects.count() == 2
    assert AuditEntry.objects.filter(action="restore", record_type="Company").count() == 2
    workspace_b.activate()
    assert Company.objects.count() == 1


def test_restore_contacts_in_bulk_all_or_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    ann, bob = create_contact(workspace_a, firstName="Ann"), create_contact(workspace_a, firstName="Bob")
    mutate(workspace_a, "deleteContacts", {"contactIds": [ann["id"]]}, "deletedIds")
    # Bob is not in the recycle bin: nothing is restored.
    assert codes(mutate(workspace_a, "restoreContacts", {"contactIds": [ann["id"], bob["id"]]})) == [
        ("contactIds", "not_found")
    ]
    workspace_a.activate()
    assert Contact.objects.count() == 1
    theirs = create_contact(workspace_b, firstName="Zed")
    mutate(workspace_b, "deleteContacts", {"contactIds": [theirs["id"]]}, "deletedIds")
    assert codes(mutate(workspace_a, "restoreContacts", {"contactIds": [theirs["id"]]})) == [
        ("contactIds", "not_found")
    ]
    back = mutate(workspace_a, "restoreContacts", {"contactIds": [ann["id"]]}, "restoredIds")
    assert back == {"restoredIds": [ann["id"]], "errors": []}
    workspace_a.activate()
    assert Contact.objects.count() == 2
    assert AuditEntry.objects.filter(action="restore", record_type="Contact").count() == 1
