"""Tenant A can neither read nor change tenant B's customers, by any query, mutation or id."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from tests.conftest import Workspace

from .conftest import create_company, create_contact, gid, mutate


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, str]:
    """One of every record type in tenant B, by global id."""
    company = create_company(workspace_b, name="Bravo Secret Co", ownerId=gid("User", workspace_b.owner.pk))
    contact = create_contact(workspace_b, firstName="Secret", emails=["secret@bravo.example"], companyId=company["id"])
    deleted = create_contact(workspace_b, firstName="Binned")
    mutate(workspace_b, "deleteContact", {"id": deleted["id"]})
    tag = mutate(workspace_b, "createTag", {"name": "bravo-tag"}, "tag { id }")["tag"]["id"]
    group = mutate(workspace_b, "createContactGroup", {"name": "bravo-group"}, "contactGroup { id }")["contactGroup"][
        "id"
    ]
    interaction = mutate(
        workspace_b, "logInteraction", {"kind": "CALL", "companyId": company["id"]}, "interaction { id }"
    )
    view = mutate(
        workspace_b, "createSavedView", {"name": "v", "recordType": "COMPANY", "shared": True}, "savedView { id }"
    )
    return {
        "company": company["id"],
        "contact": contact["id"],
        "deleted": deleted["id"],
        "tag": tag,
        "group": group,
        "interaction": interaction["interaction"]["id"],
        "view": view["savedView"]["id"],
        "user": gid("User", workspace_b.owner.pk),
    }


LISTS = [
    "companies",
    "deletedCompanies",
    "poolCompanies",
    "contacts",
    "deletedContacts",
    "poolContacts",
    "interactions",
    "tags",
    "contactGroups",
    "savedViews",
    "auditLog",
]


def test_lists_show_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    for name in LISTS:
        assert workspace_a.api.data(f"{{ {name} {{ totalCount edges {{ node {{ id }} }} }} }}")[name] == {
            "totalCount": 0,
            "edges": [],
        }, name


def test_node_nodes_and_lookups_find_nothing_of_another_tenant(workspace_a: Workspace, theirs: dict[str, str]) -> None:
    ids = list(theirs.values())
    data = workspace_a.api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert data["nodes"] == [None] * len(ids)
    for global_id in ids:
        assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": global_id}) == {"node": None}
    lookups = workspace_a.api.data(
        '{ companyDuplicates(name: "Bravo Secret") { id } contactDuplicates(emails: ["secret@bravo.example"]) { id }'
        " customerStatistics { companies contacts byOwner { count } } }"
    )
    assert lookups["companyDuplicates"] == [] and lookups["contactDuplicates"] == []
    assert lookups["customerStatistics"] == {"companies": 0, "contacts": 0, "byOwner": []}


def mutations(t: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("updateCompany", {"id": t["company"], "name": "Hacked"}),
        ("deleteCompany", {"id": t["company"]}),
        ("restoreCompany", {"id": t["company"]}),
        ("claimCompany", {"id": t["company"]}),
        ("mergeCompanies", {"targetId": t["company"], "sourceIds": [t["company"]]}),
        ("updateContact", {"id": t["contact"], "firstName": "Hacked"}),
        ("deleteContact", {"id": t["contact"]}),
        ("restoreContact", {"id": t["deleted"]}),
        ("claimContact", {"id": t["contact"]}),
        ("mergeContacts", {"targetId": t["contact"], "sourceIds": [t["deleted"]]}),
        ("transferCustomers", {"ownerId": None, "companyIds": [t["company"]], "contactIds": [t["contact"]]}),
        ("tagContacts", {"contactIds": [t["contact"]], "addTagIds": [t["tag"]]}),
        ("tagCompanies", {"companyIds": [t["company"]], "addTagIds": [t["tag"]]}),
        ("deleteContacts", {"contactIds": [t["contact"]]}),
        ("restoreContacts", {"contactIds": [t["deleted"]]}),
        ("deleteCompanies", {"companyIds": [t["company"]]}),
        ("restoreCompanies", {"companyIds": [t["company"]]}),
        ("updateTag", {"id": t["tag"], "name": "hacked"}),
        ("deleteTag", {"id": t["tag"]}),
        ("updateContactGroup", {"id": t["group"], "name": "hacked"}),
        ("deleteContactGroup", {"id": t["group"]}),
        ("logInteraction", {"kind": "CALL", "companyId": t["company"]}),
        ("updateInteraction", {"id": t["interaction"], "outcome": "hacked"}),
        ("deleteInteraction", {"id": t["interaction"]}),
        ("updateSavedView", {"id": t["view"], "name": "hacked"}),
        ("deleteSavedView", {"id": t["view"]}),
        (
            "createContact",
            {"firstName": "X", "companyId": t["company"], "tagIds": [t["tag"]], "groupIds": [t["group"]]},
        ),
        ("createCompany", {"name": "X", "parentId": t["company"], "ownerId": t["user"]}),
    ]


def test_mutations_cannot_touch_another_tenant(
    workspace_a: Workspace, workspace_b: Workspace, theirs: dict[str, str]
) -> None:
    workspace_b.activate()
    before = AuditEntry.objects.count()
    for name, input in mutations(theirs):
        payload = mutate(workspace_a, name, input)
        assert payload["errors"], f"{name} accepted another tenant's ids"
        assert {e["code"] for e in payload["errors"]} <= {"not_found", "invalid"}, (name, payload["errors"])
    workspace_b.activate()
    assert AuditEntry.objects.count() == before
    assert workspace_b.api.data("{ companies { edges { node { name owner { id } } } } }")["companies"]["edges"] == [
        {"node": {"name": "Bravo Secret Co", "owner": {"id": theirs["user"]}}}
    ]
