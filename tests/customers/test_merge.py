from __future__ import annotations

from strawberry import relay

from saas.audit.models import AuditEntry
from saas.customers.models import Company, Contact, Interaction
from tests.conftest import Workspace

from .conftest import codes, create_company, create_contact, mutate


def log(ws: Workspace, **fields: object) -> dict[str, object]:
    payload = mutate(ws, "logInteraction", {"kind": "CALL", **fields}, "interaction { id }")
    assert payload["errors"] == []
    return payload["interaction"]


def test_merge_companies_moves_everything(workspace_a: Workspace) -> None:
    tag = mutate(workspace_a, "createTag", {"name": "VIP"}, "tag { id }")["tag"]["id"]
    target = create_company(workspace_a, name="Acme")
    source = create_company(workspace_a, name="ACME Inc", industry="Tools", tagIds=[tag], phone="+1 555 0100")
    create_company(workspace_a, name="Acme Subsidiary", parentId=source["id"])
    create_contact(workspace_a, firstName="Ann", companyId=source["id"])
    log(workspace_a, companyId=source["id"], subject="Intro")
    payload = mutate(
        workspace_a,
        "mergeCompanies",
        {"targetId": target["id"], "sourceIds": [source["id"]]},
        "company { name industry phone tags { name } contacts { edges { node { firstName } } }"
        " subsidiaries { edges { node { name } } } interactions { totalCount } }",
    )
    assert payload["errors"] == []
    merged = payload["company"]
    assert merged["name"] == "Acme" and merged["industry"] == "Tools" and merged["phone"] == "+1 555 0100"
    assert merged["tags"] == [{"name": "VIP"}]
    assert merged["contacts"]["edges"] == [{"node": {"firstName": "Ann"}}]
    assert merged["subsidiaries"]["edges"] == [{"node": {"name": "Acme Subsidiary"}}]
    assert merged["interactions"]["totalCount"] == 1
    workspace_a.activate()
    target_pk = relay.GlobalID.from_id(target["id"]).node_id
    old = Company.all_objects.get(name="ACME Inc")
    assert old.deleted_at is not None and str(old.merged_into_id) == target_pk
    assert str(Contact.objects.get(first_name="Ann").company_id) == target_pk
    assert str(Interaction.objects.get().company_id) == target_pk
    assert str(Company.objects.get(name="Acme Subsidiary").parent_id) == target_pk
    trail = AuditEntry.objects.filter(action="merge").order_by("id")
    assert [e.record_type for e in trail] == ["Company", "Company"]
    moved = trail[1].changes["moved"]["new"]
    assert moved["customers.Contact.company"] == 1 and moved["customers.Interaction.company"] == 1
    assert moved["customers.Company.parent"] == 1
    # Merged records stay out of the recycle bin and cannot be restored.
    assert workspace_a.api.data("{ deletedCompanies { totalCount } }")["deletedCompanies"]["totalCount"] == 0
    assert codes(mutate(workspace_a, "restoreCompany", {"id": source["id"]}))[0][1] == "merged"


def test_merge_contacts_unites_emails_tags_groups_and_timeline(workspace_a: Workspace) -> None:
    tag = mutate(workspace_a, "createTag", {"name": "VIP"}, "tag { id }")["tag"]["id"]
    group = mutate(workspace_a, "createContactGroup", {"name": "Board"}, "contactGroup { id }")["contactGroup"]["id"]
    target = create_contact(workspace_a, firstName="Ann", emails=["ann@a.io"])
    source = create_contact(
        workspace_a,
        firstName="Annie",
        lastName="Lee",
        emails=["ann@b.io"],
        phones=["+1 555 0100"],
        tagIds=[tag],
        groupIds=[group],
    )
    log(workspace_a, contactId=source["id"])
    payload = mutate(
        workspace_a,
        "mergeContacts",
        {"targetId": target["id"], "sourceIds": [source["id"]]},
        "contact { firstName lastName emails phones tags { name } groups { name } interactions { totalCount } }",
    )
    assert payload["errors"] == []
    assert payload["contact"] == {
        "firstName": "Ann",
        "lastName": "Lee",
        "emails": ["ann@a.io", "ann@b.io"],
        "phones": ["+15550100"],
        "tags": [{"name": "VIP"}],
        "groups": [{"name": "Board"}],
        "interactions": {"totalCount": 1},
    }
    assert workspace_a.api.data("{ contacts { totalCount } }")["contacts"]["totalCount"] == 1


def test_merge_rejections(workspace_a: Workspace, workspace_b: Workspace) -> None:
    mine = create_contact(workspace_a, firstName="Ann")
    theirs = create_contact(workspace_b, firstName="Zed")
    assert codes(mutate(workspace_a, "mergeContacts", {"targetId": mine["id"], "sourceIds": [mine["id"]]})) == [
        ("sourceIds", "invalid")
    ]
    assert codes(mutate(workspace_a, "mergeContacts", {"targetId": mine["id"], "sourceIds": [theirs["id"]]})) == [
        ("sourceIds", "not_found")
    ]
    assert codes(mutate(workspace_a, "mergeContacts", {"targetId": theirs["id"], "sourceIds": []}))[0] == (
        "targetId",
        "not_found",
    )
    workspace_b.activate()
    assert Contact.objects.count() == 1


def test_merging_a_parent_into_its_subsidiary_leaves_no_self_reference(workspace_a: Workspace) -> None:
    parent = create_company(workspace_a, name="Parent")
    child = create_company(workspace_a, name="Child", parentId=parent["id"])
    payload = mutate(
        workspace_a,
        "mergeCompanies",
        {"targetId": child["id"], "sourceIds": [parent["id"]]},
        "company { parent { id } }",
    )
    assert payload == {"company": {"parent": None}, "errors": []}
