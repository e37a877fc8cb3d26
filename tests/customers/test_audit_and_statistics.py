from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saas.customers.models import Company
from tests.conftest import Workspace

from .conftest import create_company, gid, mutate


def test_audit_log_is_filterable_and_entries_are_nodes(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    mutate(workspace_a, "updateCompany", {"id": company["id"], "name": "Acme 2"})
    mutate(workspace_a, "createTag", {"name": "x"})
    data = workspace_a.api.data(
        "query($id: ID!) { auditLog(filter: {recordId: {eq: $id}}) {"
        " totalCount edges { node { id action recordType recordId changes } } } }",
        {"id": company["id"]},
    )["auditLog"]
    assert data["totalCount"] == 2
    newest = data["edges"][0]["node"]
    assert newest["action"] == "update" and newest["recordId"] == company["id"]
    assert newest["changes"]["name"] == {"old": "Acme", "new": "Acme 2"}
    by_type = workspace_a.api.data('{ auditLog(filter: {recordType: {eq: "Tag"}}) { totalCount } }')
    assert by_type["auditLog"]["totalCount"] == 1
    node = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on AuditEntry { action } } }", {"id": newest["id"]}
    )
    assert node == {"node": {"action": "update"}}


def test_audit_entry_ids_from_another_tenant_find_nothing(workspace_a: Workspace, workspace_b: Workspace) -> None:
    create_company(workspace_b, name="Theirs")
    theirs = workspace_b.api.data("{ auditLog { edges { node { id } } } }")["auditLog"]["edges"][0]["node"]["id"]
    create_company(workspace_a, name="Mine")
    assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs}) == {"node": None}


def test_customer_statistics(workspace_a: Workspace) -> None:
    me = gid("User", workspace_a.owner.pk)
    for name, source, region, stage, owner in [
        ("A", "REFERRAL", "East", "ACTIVE", me),
        ("B", "REFERRAL", "West", "PROSPECT", None),
        ("C", "WEBSITE", "East", "ACTIVE", me),
    ]:
        create_company(
            workspace_a, name=name, source=source, lifecycleStage=stage, ownerId=owner, addresses=[{"region": region}]
        )
    workspace_a.activate()
    Company.objects.filter(name="C").update(created_at=timezone.now() - timedelta(days=62))
    stats = workspace_a.api.data(
        "{ customerStatistics { companies contacts bySource { key count } byRegion { key count }"
        " byLifecycleStage { key count } byOwner { owner { email } count } growthByMonth { month newCompanies } } }"
    )["customerStatistics"]
    assert stats["companies"] == 3 and stats["contacts"] == 0
    assert stats["bySource"] == [{"key": "referral", "count": 2}, {"key": "website", "count": 1}]
    assert stats["byRegion"] == [{"key": "East", "count": 2}, {"key": "West", "count": 1}]
    assert stats["byLifecycleStage"] == [{"key": "active", "count": 2}, {"key": "prospect", "count": 1}]
    assert stats["byOwner"] == [{"owner": {"email": workspace_a.owner.email}, "count": 2}, {"owner": None, "count": 1}]
    # Every month from the oldest record's to this one, quiet months as zeros (62 days back: 3 or 4 months).
    assert sum(m["newCompanies"] for m in stats["growthByMonth"]) == 3 and 3 <= len(stats["growthByMonth"]) <= 4


def test_every_record_type_has_its_history(workspace_a: Workspace) -> None:
    tag = mutate(workspace_a, "createTag", {"name": "x"}, "tag { id }")["tag"]["id"]
    mutate(workspace_a, "updateTag", {"id": tag, "color": "#000000"})
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Tag { history { totalCount edges { node { action changes } } } } } }",
        {"id": tag},
    )
    history = data["node"]["history"]
    assert history["totalCount"] == 2
    assert history["edges"][0]["node"]["changes"] == {"color": {"old": "#6b7280", "new": "#000000"}}
