"""Who reads the audit log: admins all of it; others only entries of records they may read, minus hidden fields."""

from __future__ import annotations

import pytest

from tenants.models import Role
from tests.conftest import Workspace

from .conftest import create_company, create_contact, gid, mutate
from .test_tags_groups_views import member

pytestmark = pytest.mark.django_db

LOG = "{ auditLog(first: 100) { totalCount edges { node { id recordType recordId action changes } } } }"


def test_members_read_the_log_of_records_they_may_read_and_admins_all_of_it(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    theirs = create_company(workspace_a, name="Owner's secret account", ownerId=gid("User", workspace_a.owner.pk))
    mine = create_company(workspace_a, name="Sofia's account", ownerId=gid("User", sales.owner.pk))
    mutate(workspace_a, "updateCompany", {"id": theirs["id"], "name": "Renamed secret account"})
    mutate(workspace_a, "updateWorkspace", {"currency": "EUR"}, "tenant { currency }")

    seen = sales.api.data(LOG)["auditLog"]
    assert {e["node"]["recordId"] for e in seen["edges"]} == {mine["id"]}
    assert "Renamed secret account" not in str(seen)
    # The owner's entries, including the workspace settings change, stay out of reach by id too.
    everything = workspace_a.api.data(LOG)["auditLog"]
    assert {e["node"]["recordType"] for e in everything["edges"]} >= {"Company", "Workspace"}
    hidden_ids = [e["node"]["id"] for e in everything["edges"] if e["node"]["recordId"] != mine["id"]]
    nodes = sales.api.data("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": hidden_ids})["nodes"]
    assert nodes == [None] * len(hidden_ids)
    # Its history is out of reach as well: the record itself is.
    assert sales.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["id"]}) == {"node": None}


def test_history_leaves_out_the_values_of_fields_the_role_hides(workspace_a: Workspace) -> None:
    contact = create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"])
    mutate(workspace_a, "updateContact", {"id": contact["id"], "emails": ["ann@new.example.com"], "title": "CTO"})
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    query = "query($id: ID!) { node(id: $id) { ... on Contact { history { edges { node { action changes } } } } } }"

    history = service.api.data(query, {"id": contact["id"]})["node"]["history"]["edges"]
    assert [e["node"]["action"] for e in history] == ["update", "create"]
    assert history[0]["node"]["changes"] == {"title": {"old": "", "new": "CTO"}}
    assert "ann@" not in str(history)
    log = service.api.data(LOG)["auditLog"]
    assert log["totalCount"] == 2 and "ann@" not in str(log)

    owner_history = workspace_a.api.data(query, {"id": contact["id"]})["node"]["history"]["edges"]
    assert owner_history[0]["node"]["changes"]["emails"]["new"] == ["ann@new.example.com"]
