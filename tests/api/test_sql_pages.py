"""Pages whose nodes PostgreSQL builds (graphql_schema/core/sqlpages.py): when they are, and that nothing changes.

tests/api/test_plans.py runs every query of its catalogue three ways (PostgreSQL-built nodes,
plans over model instances, graphql-core's normal path) and compares the bytes; here: that the
PostgreSQL path is the one taken where it should be, and left where it must not be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphql_schema.core import sqlpages
from saas.customers.models import Company, Contact, Tag
from tenants.db import connection
from tenants.models import Role
from tests.api.test_plans import BENCH, QUERIES, both_ways, crm  # noqa: F401 (fixture)
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[Any]]]:
    """The nodes of every page PostgreSQL built (before the checks decide whether they are used)."""
    pages: list[list[Any]] = []
    build = sqlpages._built_nodes

    def recording(*args: Any) -> tuple[list[Any], bool]:
        nodes, accepted = build(*args)
        pages.append(nodes)
        return nodes, accepted

    monkeypatch.setattr(sqlpages, "_built_nodes", recording)
    yield pages


def names(ws: Workspace, query: str = BENCH) -> list[str]:
    data = ws.api.data(query, {"after": None})
    return sorted(edge["node"]["firstName"] for edge in data["contacts"]["edges"])


def test_the_bench_page_is_one_query_built_by_postgres(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    names(crm)  # the page's SQL is compiled once per query text
    built_pages.clear()
    # the token with its membership, then the page with its companies, owners and tags
    with assert_num_queries(2):
        data = crm.api.data(BENCH, {"after": None})
    assert len(built_pages) == 1 and len(built_pages[0]) == 3
    ann = next(e["node"] for e in data["contacts"]["edges"] if e["node"]["firstName"] == "Ann")
    assert ann["company"]["name"] == "Globex" and ann["owner"]["email"] == crm.owner.email
    assert [t["name"] for t in ann["tags"]] == ["Lead", "VIP"]  # the tag model's order
    assert ann["emails"] == ["ann@globex.example.com"]


def test_a_null_postgres_lets_through_takes_the_normal_path(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    """``emails: [String!]!`` with a null inside: the normal path's error, not PostgreSQL's null."""
    crm.activate()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE customers_contact SET emails = ARRAY[NULL]::varchar[] WHERE first_name = 'Bo'")
    connection.set_schema_to_public()
    built, normal = both_ways(crm, BENCH, {"after": None})
    assert built == normal
    assert built_pages and b'"errors"' in built and b'"emails"' in built


def test_hidden_fields_leave_the_page_to_the_normal_path(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    service = member(crm, "lucas@alpha.example.com", Role.SERVICE)  # e-mails and phones hidden
    result = service.api.execute(BENCH, {"after": None})
    assert {e["extensions"]["code"] for e in result["errors"]} == {"FORBIDDEN"}
    assert built_pages == []
    assert names(crm) == ["Ann", "Bo", "Cy"] and len(built_pages) == 1  # the owner's page, same text


def test_relations_outside_the_members_scope_come_back_null(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    sales = member(crm, "sofia@alpha.example.com", Role.SALES)
    crm.activate()
    Contact.objects.filter(first_name="Cy").update(owner=sales.owner)  # hers; Globex is the owner's
    connection.set_schema_to_public()
    built, normal = both_ways(sales, BENCH, {"after": None})
    assert built == normal and built_pages
    edges = sales.api.data(BENCH, {"after": None})["contacts"]["edges"]
    companies = {e["node"]["firstName"]: e["node"]["company"] for e in edges}
    assert "Cy" in companies and companies["Cy"] is None and "Ann" not in companies
    owners_view = {e["node"]["firstName"]: e["node"]["company"] for e in crm.api.data(BENCH)["contacts"]["edges"]}
    assert owners_view["Cy"] == {"id": owners_view["Ann"]["id"], "name": "Globex"}


def test_each_tenant_reads_its_own_rows_through_the_same_compiled_page(
    workspace_b: Workspace,  # before crm: a tenant is created from the public schema
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
) -> None:
    workspace_b.activate()
    initech = Company.objects.create(name="Initech B", owner=workspace_b.owner)
    zed = Contact.objects.create(first_name="Zed", company=initech, owner=workspace_b.owner)
    zed.tags.set([Tag.objects.create(name="Bravo only")])
    connection.set_schema_to_public()
    assert names(crm) == ["Ann", "Bo", "Cy"]
    data = workspace_b.api.data(BENCH, {"after": None})
    assert len(built_pages) == 2
    (edge,) = data["contacts"]["edges"]
    assert edge["node"]["firstName"] == "Zed" and edge["node"]["company"]["name"] == "Initech B"
    assert edge["node"]["owner"]["email"] == workspace_b.owner.email  # users are scoped per workspace
    assert [t["name"] for t in edge["node"]["tags"]] == ["Bravo only"]
    assert names(crm) == ["Ann", "Bo", "Cy"]


def test_pages_follow_cursors_and_filters(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    query = (
        "query($after: String, $filter: ContactFilter) { contacts(first: 2, after: $after, filter: $filter,"
        " orderBy: [{firstName: ASC}]) { pageInfo { hasNextPage endCursor } edges { node { firstName } } } }"
    )
    first = crm.api.data(query, {"after": None})["contacts"]
    assert [e["node"]["firstName"] for e in first["edges"]] == ["Ann", "Bo"] and first["pageInfo"]["hasNextPage"]
    rest = crm.api.data(query, {"after": first["pageInfo"]["endCursor"]})["contacts"]
    assert [e["node"]["firstName"] for e in rest["edges"]] == ["Cy"] and not rest["pageInfo"]["hasNextPage"]
    only_globex = crm.api.data(query, {"after": None, "filter": {"firstName": {"eq": "Cy"}}})["contacts"]
    assert [e["node"]["firstName"] for e in only_globex["edges"]] == ["Cy"]
    assert len(built_pages) == 3


def test_text_is_escaped_as_the_response_encoder_escapes_it(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    crm.activate()
    tricky = 'Wáng "Fāng" \\ 王芳 😀\n\t\x01\x1f\x7f </script>'
    Contact.objects.create(first_name=tricky, title="/", emails=["王@例子.中国"], phones=[])
    connection.set_schema_to_public()
    built, normal = both_ways(crm, BENCH, {"after": None})
    assert built == normal and built_pages
    assert tricky in names(crm)
    assert "王芳 😀".encode() in built  # UTF-8 as it is, in either path


def test_a_company_page_reads_its_parent_company(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    query = QUERIES["companies with their parent"][0]
    built, normal = both_ways(crm, query, {})
    assert built == normal and built_pages
    parents = {e["node"]["name"]: e["node"]["parent"] for e in crm.api.data(query)["companies"]["edges"]}
    assert parents["Initech"]["name"] == "Globex" and parents["Globex"] is None
