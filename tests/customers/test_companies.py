from __future__ import annotations

from saas.audit.models import AuditEntry
from saas.customers.models import Company
from tenants.models import Membership, Role, User
from tests.conftest import Workspace

from .conftest import codes, create_company, gid, mutate

FULL = """company { id name industry size website phone level category lifecycleStage lifecycleStageChangedAt
  source creditRating creditLimit { amount currency } addresses { kind city region country }
  owner { email } parent { name } tags { name } region country }"""


def test_create_company_with_every_field(workspace_a: Workspace) -> None:
    parent = create_company(workspace_a, name="Holding")
    tag = mutate(workspace_a, "createTag", {"name": "VIP", "color": "#ff0000"}, "tag { id name color }")["tag"]
    payload = mutate(
        workspace_a,
        "createCompany",
        {
            "name": "Acme Corp",
            "industry": "Manufacturing",
            "size": "MEDIUM",
            "website": "https://acme.example",
            "phone": "+1 415 555 0100",
            "level": "STRATEGIC",
            "category": "Key account",
            "lifecycleStage": "ACTIVE",
            "source": "TRADE_SHOW",
            "creditRating": "AA",
            "creditLimit": {"amount": "250000.00", "currency": "usd"},
            "addresses": [{"kind": "hq", "city": "Shanghai", "region": "East China", "country": "cn"}],
            "ownerId": gid("User", workspace_a.owner.pk),
            "parentId": parent["id"],
            "tagIds": [tag["id"]],
        },
        FULL,
    )
    assert payload["errors"] == []
    company = payload["company"]
    assert company["size"] == "MEDIUM" and company["level"] == "STRATEGIC" and company["source"] == "TRADE_SHOW"
    assert company["creditLimit"] == {"amount": "250000.00", "currency": "USD"}
    assert company["owner"] == {"email": workspace_a.owner.email}
    assert company["parent"] == {"name": "Holding"} and company["tags"] == [{"name": "VIP"}]
    assert company["region"] == "East China" and company["country"] == "CN"
    assert company["lifecycleStageChangedAt"] is not None


def test_create_company_rejections_change_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    other_tenant_user = gid("User", workspace_b.owner.pk)
    payload = mutate(
        workspace_a,
        "createCompany",
        {
            "name": "  ",
            "website": "not a site",
            "creditLimit": {"amount": "-5", "currency": "dollars"},
            "ownerId": other_tenant_user,
            "parentId": gid("Company", "00000000-0000-0000-0000-000000000000"),
        },
        "company { id }",
    )
    assert payload["company"] is None
    assert set(codes(payload)) == {
        ("name", "required"),
        ("website", "invalid_format"),
        ("creditLimit.amount", "invalid_amount"),
        ("creditLimit.currency", "invalid_format"),
        ("ownerId", "not_found"),
        ("parentId", "not_found"),
    }
    workspace_a.activate()
    assert Company.all_objects.count() == 0 and AuditEntry.objects.count() == 0


def test_wrong_type_of_id_is_rejected(workspace_a: Workspace) -> None:
    payload = mutate(workspace_a, "createCompany", {"name": "X", "ownerId": gid("Company", 1)}, "company { id }")
    assert codes(payload) == [("ownerId", "not_found")]


def test_duplicate_company_names_return_candidates(workspace_a: Workspace) -> None:
    existing = create_company(workspace_a, name="Acme Corporation")
    payload = mutate(workspace_a, "createCompany", {"name": "ACME corp."}, "company { id } duplicates { id name }")
    assert payload["company"] is None
    assert codes(payload) == [(None, "duplicate_suspected")]
    assert payload["duplicates"] == [{"id": existing["id"], "name": "Acme Corporation"}]
    forced = mutate(
        workspace_a,
        "createCompany",
        {"name": "ACME corp.", "allowDuplicate": True},
        "company { name } duplicates { id }",
    )
    assert forced["errors"] == [] and forced["company"] == {"name": "ACME corp."}
    query = workspace_a.api.data('{ companyDuplicates(name: "acme") { name } }')
    assert sorted(c["name"] for c in query["companyDuplicates"]) == ["ACME corp.", "Acme Corporation"]


def test_update_company_partially_and_audit_old_and_new(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme", industry="Tools")
    payload = mutate(
        workspace_a,
        "updateCompany",
        {"id": company["id"], "lifecycleStage": "DORMANT", "industry": None},
        "company { name industry lifecycleStage lifecycleStageChangedAt }",
    )
    assert payload["errors"] == []
    assert payload["company"]["name"] == "Acme" and payload["company"]["industry"] == ""
    assert payload["company"]["lifecycleStage"] == "DORMANT"
    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Company {"
        " history { edges { node { action actorEmail changes } } } } } }",
        {"id": company["id"]},
    )["node"]["history"]["edges"]
    assert [e["node"]["action"] for e in history] == ["update", "create"]
    changes = history[0]["node"]["changes"]
    assert changes["lifecycle_stage"] == {"old": "prospect", "new": "dormant"}
    assert changes["industry"] == {"old": "Tools", "new": ""}
    assert history[0]["node"]["actorEmail"] == workspace_a.owner.email


def test_update_company_rejects_a_parent_cycle(workspace_a: Workspace) -> None:
    parent = create_company(workspace_a, name="Parent")
    child = create_company(workspace_a, name="Child", parentId=parent["id"])
    payload = mutate(workspace_a, "updateCompany", {"id": parent["id"], "parentId": child["id"]}, "company { id }")
    assert codes(payload) == [("parentId", "cycle")]
    payload = mutate(workspace_a, "updateCompany", {"id": parent["id"], "name": ""}, "company { id }")
    assert codes(payload) == [("name", "required")]


def test_soft_delete_and_restore(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    deleted = mutate(workspace_a, "deleteCompany", {"id": company["id"]}, "company { id deletedAt }")
    assert deleted["errors"] == [] and deleted["company"]["deletedAt"]
    listing = workspace_a.api.data(
        "query($id: ID!) { companies { totalCount } deletedCompanies { edges { node { id } } } node(id: $id) { id } }",
        {"id": company["id"]},
    )
    assert listing["companies"]["totalCount"] == 0 and listing["node"] is None
    assert [e["node"]["id"] for e in listing["deletedCompanies"]["edges"]] == [company["id"]]
    assert codes(mutate(workspace_a, "deleteCompany", {"id": company["id"]}))[0][1] == "not_found"
    restored = mutate(workspace_a, "restoreCompany", {"id": company["id"]}, "company { deletedAt }")
    assert restored == {"company": {"deletedAt": None}, "errors": []}
    assert workspace_a.api.data("{ companies { totalCount } deletedCompanies { totalCount } }") == {
        "companies": {"totalCount": 1},
        "deletedCompanies": {"totalCount": 0},
    }
    assert codes(mutate(workspace_a, "restoreCompany", {"id": company["id"]}))[0][1] == "not_found"


def test_read_only_members_cannot_write(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    reader = User.objects.create_user(email="reader@alpha.example.com", password="a-strong-test-password-2026")
    Membership.objects.create(user=reader, tenant=workspace_a.tenant, role=Role.READ_ONLY)
    from tenants import services

    api = workspace_a.api.with_token(services.issue_token(reader))
    reader_ws = Workspace(workspace_a.tenant, reader, api.token or "", workspace_a.subdomain)
    assert codes(mutate(reader_ws, "createCompany", {"name": "New"}, "company { id }")) == [(None, "permission_denied")]
    # Records the member can see but not change: permission_denied (not "not found").
    assert codes(mutate(reader_ws, "updateCompany", {"id": company["id"], "name": "X"})) == [
        (None, "permission_denied")
    ]
    assert codes(mutate(reader_ws, "deleteCompany", {"id": company["id"]})) == [(None, "permission_denied")]
    assert codes(mutate(reader_ws, "claimCompany", {"id": company["id"]})) == [(None, "permission_denied")]
    transfer = mutate(reader_ws, "transferCustomers", {"ownerId": None, "companyIds": [company["id"]]})
    assert codes(transfer) == [("companyIds", "permission_denied")]
    merge = mutate(reader_ws, "mergeCompanies", {"targetId": company["id"], "sourceIds": [company["id"]]})
    assert (None, "permission_denied") in codes(merge)
    assert reader_ws.api.data("{ companies { totalCount } }")["companies"]["totalCount"] == 1


def test_anonymous_requests_are_refused(workspace_a: Workspace) -> None:
    anonymous = workspace_a.api.with_token(None)
    assert anonymous.error_codes("{ companies { totalCount } }") == ["UNAUTHENTICATED"]
    assert anonymous.error_codes('mutation { createCompany(input: {name: "X"}) { errors { code } } }') == [
        "UNAUTHENTICATED"
    ]
