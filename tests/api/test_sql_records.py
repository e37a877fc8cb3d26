"""Records by id whose JSON PostgreSQL builds (graphql_schema/core/sqlrecords.py): the same answers as the
normal path, byte for byte, member by member, and the normal path wherever the SQL can't be exact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bench.operations import operation
from graphql_schema.core import sqlrecords
from saas.audit.models import AuditEntry
from saas.customers.models import Contact, Interaction
from tenants.db import connection
from tenants.models import Role
from tests.api.test_plans import both_ways
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact, mutate
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries

pytestmark = pytest.mark.django_db

RECORD_PAGE = operation("CustomerContact")  # the web client's record page, as it sends it
HISTORY = "query($id: ID!) { node(id: $id) { ... on Contact { firstName history(first: 30) { edges { node {" \
    " id createdAt actorName action changes } } } } } }"  # fmt: skip


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The records PostgreSQL built and the normal path then used (None: not found)."""
    records: list[Any] = []
    build = sqlrecords.sql_record

    def recording(*args: Any) -> Any:
        record = build(*args)
        if record is not sqlrecords.NOT_BUILT:
            records.append(record)
        return record

    monkeypatch.setattr(sqlrecords, "sql_record", recording)
    yield records


@pytest.fixture
def ann(workspace_a: Workspace) -> dict[str, Any]:
    """A contact with a company, tags, e-mails, a timeline (one interaction by a colleague) and a history."""
    company = create_company(workspace_a, name="Globex")
    tag = mutate(workspace_a, "createTag", {"name": "VIP"}, "tag { id }")["tag"]
    contact = create_contact(
        workspace_a, firstName="Ann", lastName="Lee", companyId=company["id"], emails=["ann@globex.example.com"],
        phones=["+15550100"], tagIds=[tag["id"]],
    )  # fmt: skip
    update = mutate(workspace_a, "updateContact", {"id": contact["id"], "title": "CTO", "buyingRole": "CHAMPION"})
    assert update["errors"] == []
    for kind, subject in (("CALL", "Renewal"), ("MEETING", "Kick-off")):
        logged = mutate(workspace_a, "logInteraction", {"kind": kind, "contactId": contact["id"], "subject": subject})
        assert logged["errors"] == []
    return contact


def test_the_client_record_page_is_built_by_postgres_as_the_normal_path_answers(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    fast, normal = both_ways(workspace_a, RECORD_PAGE, {"id": ann["id"]})
    assert fast == normal and b'"errors"' not in fast
    assert len(built) == 1  # the first request of both_ways; the others ran with the fast paths off
    page = workspace_a.api.data(RECORD_PAGE, {"id": ann["id"]})["node"]
    assert page["fullName"] == "Ann Lee" and page["buyingRole"] == "CHAMPION" and page["company"]["name"] == "Globex"
    assert [e["node"]["subject"] for e in page["interactions"]["edges"]] == ["Kick-off", "Renewal"]
    assert {e["node"]["action"] for e in page["history"]["edges"]} == {"create", "update"}
    # the token with its membership, then the whole page in one query
    with assert_num_queries(2):
        workspace_a.api.data(RECORD_PAGE, {"id": ann["id"]})


def test_history_leaves_out_what_the_members_role_hides(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)  # e-mails and phones hidden
    fast, normal = both_ways(service, HISTORY, {"id": ann["id"]})
    assert fast == normal and built
    owners = both_ways(workspace_a, HISTORY, {"id": ann["id"]})
    assert owners[0] == owners[1]
    assert b"ann@globex.example.com" in owners[0] and b"ann@globex.example.com" not in fast
    assert b'"title"' in fast  # what the role may see is still there


def test_hidden_fields_leave_the_record_to_the_normal_path(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)
    fast, normal = both_ways(service, RECORD_PAGE, {"id": ann["id"]})
    assert fast == normal and b'"FORBIDDEN"' in fast
    assert built == []


def test_records_out_of_scope_or_of_another_workspace_are_null(
    workspace_b: Workspace, workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)  # her own customers (and the pool) only
    workspace_a.activate()
    Contact.objects.filter(first_name="Ann").update(owner=workspace_a.owner)
    connection.set_schema_to_public()
    fast, normal = both_ways(sales, RECORD_PAGE, {"id": ann["id"]})
    assert fast == normal and fast.startswith(b'{"data":{"node":null}')
    # the same compiled page in another workspace: the id names nothing there
    fast, normal = both_ways(workspace_b, RECORD_PAGE, {"id": ann["id"]})
    assert fast == normal and fast.startswith(b'{"data":{"node":null}')
    zed = create_contact(workspace_b, firstName="Zed")
    page = workspace_b.api.data(RECORD_PAGE, {"id": zed["id"]})["node"]
    assert page["fullName"] == "Zed" and page["interactions"]["edges"] == [] and len(page["history"]["edges"]) == 1
    assert any(record is not None for record in built)


def test_a_value_the_sql_cannot_write_exactly_takes_the_normal_path(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    """A timeline entry whose kind is no enum value (written behind the API's back): the normal path's error."""
    workspace_a.activate()
    Interaction.objects.filter(subject="Renewal").update(kind="")
    Contact.objects.filter(first_name="Ann").update(last_name=" Lee")  # a name edged by a space: exact either way
    connection.set_schema_to_public()
    fast, normal = both_ways(workspace_a, RECORD_PAGE, {"id": ann["id"]})
    assert fast == normal and b'"errors"' in fast
    assert built == []


def test_nested_list_arguments_are_applied_as_on_the_normal_path(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    query = (
        "query($id: ID!, $filter: InteractionFilter, $first: Int) { node(id: $id) { id ... on Contact {"
        " interactions(first: $first, filter: $filter, orderBy: [{occurredAt: ASC}]) { __typename edges {"
        " node { subject kind } __typename } } } } }"
    )
    for variables in (
        {"first": 1},
        {"first": 5, "filter": {"kind": {"eq": "CALL"}}},
        {"first": 0},  # an empty page: the normal path's
        {"first": 500},  # more than a page may hold: the normal path's answer
    ):
        fast, normal = both_ways(workspace_a, query, {"id": ann["id"], **variables})
        assert fast == normal, variables
    assert len(built) == 2


def test_rows_tied_on_the_ordering_come_in_the_normal_paths_order(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    """One record's nested list is cut by a LIMIT, not the prefetch's window functions: ties on the
    ordering still break by id as the normal path breaks them, both ways, at any page size."""
    workspace_a.activate()
    contact = Contact.objects.get(first_name="Ann")
    at = Interaction.objects.filter(contact=contact).first().occurred_at  # type: ignore[union-attr]
    Interaction.objects.bulk_create(
        [Interaction(kind="call", occurred_at=at, subject=f"Tie {n}", contact=contact) for n in range(6)]
    )
    ordered = (
        "query($id: ID!, $first: Int, $order: [InteractionOrder!]!) { node(id: $id) { ... on Contact {"
        " interactions(first: $first, orderBy: $order) { edges { node { subject } } } } } }"
    )
    default = (  # the list's own order (newest first)
        "query($id: ID!, $first: Int) { node(id: $id) { ... on Contact {"
        " interactions(first: $first) { edges { node { subject } } } } } }"
    )
    for query, order in ((ordered, [{"occurredAt": "DESC"}]), (ordered, [{"occurredAt": "ASC"}]), (default, None)):
        for first in (3, 8):
            variables = {"id": ann["id"], "first": first, **({"order": order} if order else {})}
            fast, normal = both_ways(workspace_a, query, variables)
            assert fast == normal, (order, first)
    assert len(built) == 6


def test_a_pages_cursor_or_total_is_left_to_the_normal_path(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    query = (
        "query($id: ID!) { node(id: $id) { ... on Contact { interactions(first: 1) { totalCount pageInfo"
        " { hasNextPage } edges { cursor node { subject } } } } } }"
    )
    fast, normal = both_ways(workspace_a, query, {"id": ann["id"]})
    assert fast == normal and built == []


def test_history_entries_by_the_system_by_nameless_actors_and_with_odd_changes(
    workspace_a: Workspace, ann: dict[str, Any], built: list[Any]
) -> None:
    """Actor names (the system's is empty, a nameless actor's is the e-mail), changes as stored (JSON values
    decoded as Django decodes them), and changes that are no object: the normal path's error."""
    nameless = member(workspace_a, "nameless@alpha.example.com", Role.ADMIN).owner
    workspace_a.activate()
    pk = Contact.objects.get(first_name="Ann").pk
    odd = {
        "title": {"old": "", "new": 'Dr. \u00e9"quoted"\n'},
        "score": {"old": 1.50, "new": 10**20},
        "z": [None, True],
    }
    AuditEntry.objects.create(record_type="Contact", record_id=str(pk), action="update", changes=odd)
    AuditEntry.objects.create(
        record_type="Contact", record_id=str(pk), action="update", actor_id=nameless.pk, actor_email=nameless.email
    )
    connection.set_schema_to_public()
    fast, normal = both_ways(workspace_a, HISTORY, {"id": ann["id"]})
    assert fast == normal and len(built) == 1
    entries = [e["node"] for e in workspace_a.api.data(HISTORY, {"id": ann["id"]})["node"]["history"]["edges"]]
    assert [e["actorName"] for e in entries[:2]] == [nameless.email, ""]
    assert entries[1]["changes"]["score"] == {"old": 1.5, "new": 10**20}
    workspace_a.activate()
    AuditEntry.objects.create(record_type="Contact", record_id=str(pk), action="update", changes=["not", "an object"])
    connection.set_schema_to_public()
    fast, normal = both_ways(workspace_a, HISTORY, {"id": ann["id"]})
    assert fast == normal and b'"errors"' in fast and len(built) == 2  # both answers before this one
