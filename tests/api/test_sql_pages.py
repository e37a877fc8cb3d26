"""Pages whose nodes PostgreSQL builds (graphql_schema/core/sqlpages.py): when they are, and that nothing changes.

tests/api/test_plans.py runs every query of its catalogue three ways (PostgreSQL-built nodes,
plans over model instances, graphql-core's normal path) and compares the bytes; here: that the
PostgreSQL path is the one taken where it should be, and left where it must not be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphql_schema.core import plans, sqlpages
from saas import fastpaths as switches
from saas.customers.models import Company, Contact, Tag
from tenants.db import connection
from tenants.models import Role
from tests.api.test_plans import BENCH, QUERIES, both_ways, crm  # noqa: F401 (fixture)
from tests.conftest import Workspace
from tests.customers.conftest import gid
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[Any]]]:
    """The nodes of every page PostgreSQL built (before the checks decide whether they are used)."""
    pages: list[list[Any]] = []
    build = sqlpages._built_nodes

    def recording(*args: Any) -> tuple[list[Any], bool, int | None, list[Any], bool | None]:
        nodes, accepted, total, cursors, beyond = build(*args)
        pages.append(nodes)
        return nodes, accepted, total, cursors, beyond

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


def test_a_page_keeps_its_order_whatever_join_postgres_would_choose(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
) -> None:
    """The page's owners are read by a LATERAL subquery the planner may not flatten: as a plain join it
    could be a merge join on the owner (sorting the page by owner) and the nodes would come out of order."""
    crm.activate()
    sellers = [member(crm, f"seller{i}@alpha.example.com").owner for i in range(3)]
    for seller, name in zip(sellers, ("Oldest", "Middle", "Newest"), strict=True):  # ids rise with age
        Company.objects.create(name=name, owner=seller)
    connection.set_schema_to_public()
    query = "{ companies(first: 10) { edges { node { name owner { email } } } } }"
    with connection.cursor() as cursor:  # what the planner would do for larger tables, forced here
        cursor.execute("SET enable_nestloop = off")
        cursor.execute("SET enable_hashjoin = off")
    try:
        built, normal = both_ways(crm, query, {})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_nestloop")
            cursor.execute("RESET enable_hashjoin")
    assert built == normal and built_pages
    names = [e["node"]["name"] for e in crm.api.data(query)["companies"]["edges"]]
    assert names[:3] == ["Newest", "Middle", "Oldest"]


def sql_page_fallbacks() -> dict[str, int]:
    return {reason: n for (path, reason), n in switches.fallback_counts().items() if path == "sqlpages"}


@pytest.mark.parametrize(
    "name", [n for n in QUERIES if (n.startswith("client: ") and n != "client: list options") or n == "dates and times"]
)
def test_the_web_clients_list_pages_are_built_by_postgres(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
    name: str,
) -> None:
    query, variables = QUERIES[name]
    before = sql_page_fallbacks()
    built, normal = both_ways(crm, query, variables)
    assert built == normal and b'"errors"' not in built
    assert built_pages  # the client's every list on the page, each in one query
    assert sql_page_fallbacks() == before  # no list of the page left to the normal path


def test_dates_times_and_the_total_are_in_the_page_query(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    query = QUERIES["dates and times"][0]
    crm.api.data(query)  # compiled once per query text
    with assert_num_queries(2):  # the token with its membership, then the page with its total
        data = crm.api.data(query)["contacts"]
    assert data["totalCount"] == 3
    ann = next(e["node"] for e in data["edges"] if e["node"]["birthday"])
    assert ann["createdAt"] == "2026-01-02T03:04:05+00:00"  # isoformat: no microseconds when there are none
    assert ann["lastInteractionAt"] == "2026-03-04T05:06:07.000890+00:00"
    assert ann["birthday"] == "1990-02-03" and ann["deletedAt"] is None
    assert ann["company"]["lastInteractionAt"] == "2025-12-31T23:59:59.999999+00:00"


def test_the_total_counts_every_page_of_the_filtered_rows(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    query = (
        "query($after: String, $filter: ContactFilter) { contacts(first: 1, after: $after, filter: $filter)"
        " { totalCount edges { node { firstName } } } }"
    )
    first = crm.api.data(query, {"after": None})["contacts"]
    assert first["totalCount"] == 3 and len(first["edges"]) == 1
    globex = crm.api.data(query, {"after": None, "filter": {"company": {"isNull": False}}})["contacts"]
    assert globex["totalCount"] == 2
    every_row = crm.api.data("{ contacts(first: 3) { pageInfo { endCursor } } }")["contacts"]["pageInfo"]
    past_the_end = crm.api.data(query, {"after": every_row["endCursor"]})["contacts"]
    assert past_the_end == {"totalCount": 3, "edges": []}  # an empty page: strawberry-django counts
    sales = member(crm, "sofia@alpha.example.com", Role.SALES)  # her scope: fewer rows, counted the same way
    scoped = sales.api.data(query, {"after": None})["contacts"]
    with sqlpages.sql_pages_disabled():
        assert sales.api.data(query, {"after": None})["contacts"] == scoped
    every = sales.api.data("{ contacts(first: 100) { edges { node { id } } } }")["contacts"]["edges"]
    assert scoped["totalCount"] == len(every) < 3
    assert len(built_pages) == 5


def test_a_computed_name_edged_by_whitespace_python_strips_takes_the_normal_path(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
) -> None:
    crm.activate()
    Contact.objects.create(first_name="\u3000Eve\t", last_name="\x1f")  # str.strip() drops these, btrim(' ') not
    Contact.objects.create(first_name="", last_name="Solo")
    connection.set_schema_to_public()
    query = "{ contacts { edges { node { fullName } } } }"
    before = sql_page_fallbacks().get("row check", 0)
    built, normal = both_ways(crm, query, {})
    assert built == normal and built_pages
    assert sql_page_fallbacks().get("row check", 0) > before
    assert {e["node"]["fullName"] for e in crm.api.data(query)["contacts"]["edges"]} >= {"Eve", "Solo", "Ann Lee"}


def test_a_choice_outside_its_enum_takes_the_normal_path(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
) -> None:
    crm.activate()
    Company.objects.filter(name="Initech").update(level="", source="referral")  # blank: null
    page = "{ companies { edges { node { name level source lifecycleStage } } } }"
    assert crm.api.data(page)["companies"]["edges"]
    before = sql_page_fallbacks().get("row check", 0)
    crm.activate()
    Company.objects.filter(name="Globex").update(lifecycle_stage="")  # LifecycleStage("") raises: an error
    connection.set_schema_to_public()
    built, normal = both_ways(crm, page, {})
    assert built == normal and b'"errors"' in built
    assert sql_page_fallbacks().get("row check", 0) > before


def test_fallbacks_are_counted_and_a_record_by_id_is_none(crm: Workspace, built_pages: list[Any]) -> None:  # noqa: F811
    crm.activate()
    ann = Contact.objects.get(first_name="Ann").pk
    connection.set_schema_to_public()
    before = sql_page_fallbacks()
    crm.api.data("query($id: ID!) { node(id: $id) { ... on Contact { firstName } } }", {"id": gid("Contact", ann)})
    assert sql_page_fallbacks() == before and built_pages == []  # not a list page: nothing to fall back from
    crm.api.data("{ contacts { edges { node { firstName preferences } } } }")  # JSON: not built by PostgreSQL
    assert sql_page_fallbacks().get("selection", 0) == before.get("selection", 0) + 1 and built_pages == []


@pytest.mark.parametrize("name", ["client: contacts page", "client: companies page"])
def test_the_edges_of_a_built_page_are_not_executed_row_by_row(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """The node types of the client's pages have computed fields (no plan over instances); their edges still
    complete from the built JSON, without graphql-core executing each edge's fields."""
    query, variables = QUERIES[name]
    executed: list[str] = []
    execute_fields = plans.PlannedExecutor.execute_fields

    def counted(self: Any, parent_type: Any, *args: Any, **kwargs: Any) -> Any:
        executed.append(parent_type.name)
        return execute_fields(self, parent_type, *args, **kwargs)

    monkeypatch.setattr(plans.PlannedExecutor, "execute_fields", counted)
    built, normal = both_ways(crm, query, variables)
    assert built == normal and b'"errors"' not in built
    assert built_pages and all(len(page) > 1 for page in built_pages)
    executed.clear()
    crm.api.data(query, variables)
    assert not [name for name in executed if name.endswith("Edge")], executed


@pytest.mark.parametrize("name", ["client: contacts page", "client: companies page", "client: global search"])
def test_a_built_pages_edges_are_one_text_unless_more_than_node_is_selected(
    crm: Workspace,  # noqa: F811
    built_pages: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """``edges { node }`` of a page PostgreSQL built: spliced into the response as one text (the same bytes);
    with ``cursor`` beside ``node`` each edge completes on its own."""
    whole: list[int] = []
    as_json = sqlpages.BuiltEdges.as_json

    def counted(self: sqlpages.BuiltEdges) -> sqlpages.RawJSON:
        whole.append(len(self))
        return as_json(self)

    monkeypatch.setattr(sqlpages.BuiltEdges, "as_json", counted)
    query, variables = QUERIES[name]
    built, normal = both_ways(crm, query, variables)
    assert built == normal and b'"errors"' not in built
    assert whole and sum(whole) > 1  # the fast path's answer; the sqlpages-off and normal runs build no text
    before = switches.fallback_counts()
    crm.api.data(query, variables)
    assert switches.fallback_counts() == before  # neither a page nor a plan left to the normal path
    whole.clear()
    with_cursors = query.replace("edges {", "edges { cursor")
    assert with_cursors != query
    built, normal = both_ways(crm, with_cursors, variables)
    assert built == normal and b'"cursor"' in built
    assert whole == []
