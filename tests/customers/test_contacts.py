from __future__ import annotations

from saas.customers.models import Contact
from tests.conftest import Workspace

from .conftest import codes, create_company, create_contact, gid, mutate

FULL = """contact { id firstName lastName fullName title buyingRole emails phones wechatId
  socialHandles { network handle } birthday preferences emailConsent smsConsent
  company { name } owner { email } tags { name } groups { name } }"""


def test_create_contact_with_every_field(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    tag = mutate(workspace_a, "createTag", {"name": "VIP"}, "tag { id }")["tag"]
    group = mutate(workspace_a, "createContactGroup", {"name": "Newsletter"}, "contactGroup { id }")["contactGroup"]
    payload = mutate(
        workspace_a,
        "createContact",
        {
            "firstName": "Li",
            "lastName": "Wei",
            "title": "CTO",
            "buyingRole": "DECISION_MAKER",
            "emails": ["Li.Wei@Acme.example", "li.wei@acme.example", "wei@home.example"],
            "phones": ["+86 138-0000-0000"],
            "wechatId": "liwei_88",
            "socialHandles": [{"network": "linkedin", "handle": "li-wei"}],
            "birthday": "1985-04-12",
            "preferences": {"language": "zh", "channel": "wechat"},
            "emailConsent": True,
            "smsConsent": False,
            "companyId": company["id"],
            "ownerId": gid("User", workspace_a.owner.pk),
            "tagIds": [tag["id"]],
            "groupIds": [group["id"]],
        },
        FULL,
    )
    assert payload["errors"] == []
    contact = payload["contact"]
    assert contact["emails"] == ["li.wei@acme.example", "wei@home.example"]
    assert contact["phones"] == ["+8613800000000"]
    assert contact["fullName"] == "Li Wei" and contact["buyingRole"] == "DECISION_MAKER"
    assert contact["wechatId"] == "liwei_88" and contact["socialHandles"] == [
        {"network": "linkedin", "handle": "li-wei"}
    ]
    assert contact["preferences"] == {"language": "zh", "channel": "wechat"}
    assert contact["company"] == {"name": "Acme"} and contact["groups"] == [{"name": "Newsletter"}]


def test_create_contact_rejections(workspace_a: Workspace) -> None:
    payload = mutate(
        workspace_a,
        "createContact",
        {"firstName": "", "emails": ["nope"], "phones": ["12"], "birthday": "2999-01-01", "tagIds": [gid("Tag", "x")]},
        "contact { id }",
    )
    assert set(codes(payload)) == {
        ("firstName", "required"),
        ("emails.0", "invalid_format"),
        ("phones.0", "invalid_format"),
        ("birthday", "invalid_date"),
        ("tagIds", "not_found"),
    }
    workspace_a.activate()
    assert Contact.all_objects.count() == 0


def test_duplicate_email_or_phone_returns_candidates(workspace_a: Workspace) -> None:
    ann = create_contact(workspace_a, firstName="Ann", emails=["ann@acme.example"], phones=["+1 415 555 0100"])
    by_email = mutate(
        workspace_a,
        "createContact",
        {"firstName": "A.", "emails": ["ANN@acme.example"]},
        "contact { id } duplicates { id }",
    )
    assert codes(by_email) == [(None, "duplicate_suspected")] and by_email["duplicates"] == [{"id": ann["id"]}]
    by_phone = mutate(
        workspace_a, "createContact", {"firstName": "B", "phones": ["+14155550100"]}, "contact { id } duplicates { id }"
    )
    assert by_phone["duplicates"] == [{"id": ann["id"]}]
    found = workspace_a.api.data('{ contactDuplicates(phones: ["+1 (415) 555-0100"]) { id } }')
    assert found["contactDuplicates"] == [{"id": ann["id"]}]


def test_update_contact_and_clear_fields(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    contact = create_contact(workspace_a, firstName="Ann", companyId=company["id"], emails=["a@x.io"])
    got = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Contact { companyId } } }", {"id": contact["id"]}
    )
    assert got == {"node": {"companyId": company["id"]}}
    payload = mutate(
        workspace_a,
        "updateContact",
        {"id": contact["id"], "lastName": "Lee", "companyId": None, "emails": ["b@x.io", "c@x.io"]},
        "contact { lastName company { id } emails }",
    )
    assert payload == {"contact": {"lastName": "Lee", "company": None, "emails": ["b@x.io", "c@x.io"]}, "errors": []}


def test_delete_restore_contact(workspace_a: Workspace) -> None:
    contact = create_contact(workspace_a, firstName="Ann")
    assert mutate(workspace_a, "deleteContact", {"id": contact["id"]})["errors"] == []
    bin_ = workspace_a.api.data("{ contacts { totalCount } deletedContacts { edges { node { id } } } }")
    assert bin_["contacts"]["totalCount"] == 0 and bin_["deletedContacts"]["edges"] == [{"node": {"id": contact["id"]}}]
    assert mutate(workspace_a, "restoreContact", {"id": contact["id"]})["errors"] == []
    assert workspace_a.api.data("{ contacts { totalCount } }")["contacts"]["totalCount"] == 1


def test_contact_filters_and_search(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    create_contact(workspace_a, firstName="Ann", lastName="Lee", emails=["ann@acme.example"], companyId=company["id"])
    create_contact(workspace_a, firstName="Bob", wechatId="bob_wx", emailConsent=True)
    query = "query($f: ContactFilter, $s: String) { contacts(filter: $f, search: $s) { edges { node { firstName } } } }"

    def names(filter: dict[str, object] | None = None, search: str | None = None) -> list[str]:
        data = workspace_a.api.data(query, {"f": filter, "s": search})
        return sorted(e["node"]["firstName"] for e in data["contacts"]["edges"])

    assert names({"company": {"eq": company["id"]}}) == ["Ann"]
    assert names({"company": {"isNull": True}}) == ["Bob"]
    assert names({"email": "ANN@acme.example"}) == ["Ann"]
    assert names({"emailConsent": {"eq": True}}) == ["Bob"]
    assert names(search="ann@acme") == ["Ann"]
    assert names(search="bob_wx") == ["Bob"]
    assert names(search="lee") == ["Ann"]
