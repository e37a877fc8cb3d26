"""The API conventions every module relies on, checked on the customers module."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from django.test import Client

from saas.customers.models import Company, Contact, Tag
from tests.conftest import Workspace
from tests.customers.conftest import create_company, gid

NAMES = "{ companies(%s) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }"  # noqa: E501


def seed_companies(ws: Workspace, count: int) -> list[Company]:
    ws.activate()
    companies = [Company(name=f"Company {i:03d}", normalized_name=f"company{i:03d}") for i in range(count)]
    for c in companies:
        c.search_text = c.name
    return Company.objects.bulk_create(companies)


def names(ws: Workspace, args: str) -> dict[str, Any]:
    return ws.api.data(NAMES % args if args else NAMES.replace("(%s)", ""))["companies"]


# --- nodes ------------------------------------------------------------------------------------------


def test_node_resolves_every_record_type(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    data = workspace_a.api.data(
        "query($id: ID!, $me: ID!) { node(id: $id) { id ... on Company { name } } user: node(id: $me) { ... on User { email } } }",  # noqa: E501
        {"id": company["id"], "me": gid("User", workspace_a.owner.pk)},
    )
    assert data["node"] == {"id": company["id"], "name": "Acme"}
    assert data["user"] == {"email": workspace_a.owner.email}


def test_node_with_an_id_from_another_tenant_is_null(workspace_a: Workspace, workspace_b: Workspace) -> None:
    theirs = create_company(workspace_b, name="Bravo secret")
    query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } node(id: "THEIRS") { id } }'.replace("THEIRS", theirs["id"])
    data = workspace_a.api.data(
        query,
        {"ids": [theirs["id"], gid("User", workspace_b.owner.pk), gid("Company", "not-a-uuid"), gid("Nope", 1)]},
    )
    assert data == {"nodes": [None, None, None, None], "node": None}


def test_nodes_keeps_the_order_of_ids(workspace_a: Workspace) -> None:
    first, second = create_company(workspace_a, name="One"), create_company(workspace_a, name="Two")
    data = workspace_a.api.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Company { name } } }", {"ids": [second["id"], first["id"]]}
    )
    assert data["nodes"] == [{"name": "Two"}, {"name": "One"}]


def test_node_needs_a_member(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    anonymous = workspace_a.api.with_token(None)
    assert anonymous.error_codes("query($id: ID!) { node(id: $id) { id } }", {"id": company["id"]}) == [
        "UNAUTHENTICATED"
    ]


# --- pagination -------------------------------------------------------------------------------------


def test_default_page_is_20_and_pages_follow_each_other(workspace_a: Workspace) -> None:
    seed_companies(workspace_a, 45)
    order = "orderBy: [{name: ASC}]"
    page = names(workspace_a, order)
    assert page["totalCount"] == 45 and len(page["edges"]) == 20
    assert page["pageInfo"]["hasNextPage"] and not page["pageInfo"]["hasPreviousPage"]
    second = names(workspace_a, f'{order}, after: "{page["pageInfo"]["endCursor"]}"')
    assert [e["node"]["name"] for e in second["edges"]][:2] == ["Company 020", "Company 021"]
    last = names(workspace_a, f'{order}, first: 20, after: "{second["pageInfo"]["endCursor"]}"')
    assert len(last["edges"]) == 5 and not last["pageInfo"]["hasNextPage"] and last["pageInfo"]["hasPreviousPage"]
    empty = names(workspace_a, f'{order}, after: "{last["pageInfo"]["endCursor"]}"')
    assert empty["edges"] == [] and not empty["pageInfo"]["hasNextPage"] and empty["totalCount"] == 45


def test_last_and_before(workspace_a: Workspace) -> None:
    seed_companies(workspace_a, 10)
    tail = names(workspace_a, "orderBy: [{name: ASC}], last: 3")
    assert [e["node"]["name"] for e in tail["edges"]] == ["Company 007", "Company 008", "Company 009"]
    assert tail["pageInfo"]["hasPreviousPage"] and not tail["pageInfo"]["hasNextPage"]
    sixth = names(workspace_a, "orderBy: [{name: ASC}], first: 6")["edges"][5]
    assert sixth["node"]["name"] == "Company 005"
    before = names(workspace_a, f'orderBy: [{{name: ASC}}], last: 2, before: "{sixth["cursor"]}"')
    assert [e["node"]["name"] for e in before["edges"]] == ["Company 003", "Company 004"]
    assert before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]
    assert before["totalCount"] == 10
    head = names(workspace_a, f'orderBy: [{{name: ASC}}], last: 20, before: "{sixth["cursor"]}"')
    assert len(head["edges"]) == 5 and not head["pageInfo"]["hasPreviousPage"]


def test_empty_list(workspace_a: Workspace) -> None:
    page = names(workspace_a, "first: 10")
    assert page["totalCount"] == 0 and page["edges"] == [] and page["pageInfo"]["endCursor"] is None


@pytest.mark.parametrize("args", ["first: 101", "last: 500", "first: -1"])
def test_page_size_over_100_is_a_typed_error(workspace_a: Workspace, args: str) -> None:
    result = workspace_a.api.execute(NAMES % args)
    assert [e["extensions"]["code"] for e in result["errors"]] == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert "0 to 100" in result["errors"][0]["message"]


def test_page_size_is_checked_in_variables_and_nested_connections(workspace_a: Workspace) -> None:
    assert workspace_a.api.error_codes("query($n: Int) { companies(first: $n) { totalCount } }", {"n": 1000}) == [
        "PAGE_SIZE_OUT_OF_RANGE"
    ]
    nested = "{ companies(first: 1) { edges { node { contacts(first: 101) { totalCount } } } } }"
    assert workspace_a.api.error_codes(nested) == ["PAGE_SIZE_OUT_OF_RANGE"]


@pytest.mark.parametrize(
    "bad",
    [
        "nonsense",
        base64.b64encode(b"arrayconnection:x").decode(),
        base64.b64encode(b"other:3").decode(),
        base64.b64encode(b"arrayconnection:3").decode(),  # an offset cursor of the old API: never a wrong page
    ],
)
def test_invalid_cursor_is_a_typed_error(workspace_a: Workspace, bad: str) -> None:
    assert workspace_a.api.error_codes(NAMES % f'after: "{bad}"') == ["INVALID_CURSOR"]


def test_a_variable_default_page_size_is_respected(workspace_a: Workspace) -> None:
    seed_companies(workspace_a, 30)
    data = workspace_a.api.data("query($n: Int = 25) { companies(first: $n) { edges { cursor } } }")
    assert len(data["companies"]["edges"]) == 25


# --- cost budget ------------------------------------------------------------------------------------


def test_query_over_the_cost_budget_is_refused_with_its_cost(workspace_a: Workspace) -> None:
    query = "{ companies(first: 100) { edges { node { contacts(first: 100) { edges { node { id } } } } } } }"
    result = workspace_a.api.execute(query)
    error = result["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 10100, "limit": 10000}
    assert "10100" in error["message"] and "10000" in error["message"]


def test_cost_counts_fragments_and_defaults(workspace_a: Workspace) -> None:
    query = """
      query { companies(first: 50) { edges { node { ...C } } } }
      fragment C on Company { contacts { edges { node { interactions(first: 5) { totalCount } } } } }
    """
    result = workspace_a.api.execute(query)
    assert not result.get("errors")
    cost = result["extensions"]["cost"]
    assert (cost["requested"], cost["limit"]) == (50 + 50 * 20 + 50 * 20 * 5, 10000)


# --- persisted queries ------------------------------------------------------------------------------


def post(ws: Workspace, body: dict[str, Any]) -> dict[str, Any]:
    client = Client(HTTP_HOST=ws.api.host)
    response = client.post("/graphql/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {ws.token}")
    return response.json()


def test_persisted_queries_by_sha256(workspace_a: Workspace) -> None:
    query = "{ companies { totalCount } }"
    sha = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    missing = post(workspace_a, {"extensions": extensions})
    assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert post(workspace_a, {"query": query, "extensions": extensions})["data"] == {"companies": {"totalCount": 0}}
    assert post(workspace_a, {"extensions": extensions})["data"] == {"companies": {"totalCount": 0}}
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    mismatch = post(workspace_a, {"query": query, "extensions": wrong})
    assert mismatch["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"


# --- filters, ordering, search ----------------------------------------------------------------------


FILTERED = "query($f: CompanyFilter) { companies(filter: $f, orderBy: [{name: ASC}]EXTRA) { edges { node { name } } } }"


def filtered(ws: Workspace, filter: dict[str, Any], extra: str = "") -> list[str]:
    data = ws.api.data(
        FILTERED.replace("EXTRA", extra),
        {"f": filter},
    )
    return [e["node"]["name"] for e in data["companies"]["edges"]]


def test_filters(workspace_a: Workspace) -> None:
    a = create_company(workspace_a, name="Alpha Tools", industry="Tools", lifecycleStage="ACTIVE")
    create_company(workspace_a, name="Beta Foods", industry="Food", creditLimit={"amount": "500"})
    create_company(
        workspace_a, name="Gamma Foods", creditLimit={"amount": "5000"}, ownerId=gid("User", workspace_a.owner.pk)
    )
    assert filtered(workspace_a, {"name": {"eq": "Alpha Tools"}}) == ["Alpha Tools"]
    assert filtered(workspace_a, {"name": {"contains": "foods"}}) == ["Beta Foods", "Gamma Foods"]
    assert filtered(workspace_a, {"name": {"in": ["Alpha Tools", "Gamma Foods"]}}) == ["Alpha Tools", "Gamma Foods"]
    assert filtered(workspace_a, {"creditLimit": {"gte": "1000"}}) == ["Gamma Foods"]
    assert filtered(workspace_a, {"creditLimit": {"lte": "1000"}}) == ["Beta Foods"]
    assert filtered(workspace_a, {"creditLimit": {"isNull": True}}) == ["Alpha Tools"]
    assert filtered(workspace_a, {"lifecycleStage": {"eq": "ACTIVE"}}) == ["Alpha Tools"]
    assert filtered(workspace_a, {"owner": {"isNull": True}}) == ["Alpha Tools", "Beta Foods"]
    assert filtered(workspace_a, {"owner": {"eq": gid("User", workspace_a.owner.pk)}}) == ["Gamma Foods"]
    assert filtered(workspace_a, {"id": {"eq": a["id"]}}) == ["Alpha Tools"]
    assert filtered(workspace_a, {"OR": {"industry": {"eq": "Food"}}, "name": {"eq": "Alpha Tools"}}) == [
        "Alpha Tools",
        "Beta Foods",
    ]
    assert filtered(workspace_a, {"NOT": {"name": {"contains": "foods"}}}) == ["Alpha Tools"]
    assert filtered(workspace_a, {"AND": {"name": {"contains": "a"}}, "industry": {"eq": "Food"}}) == ["Beta Foods"]


def test_a_malformed_id_in_a_filter_is_a_typed_error(workspace_a: Workspace) -> None:
    codes = workspace_a.api.error_codes(
        "query($f: CompanyFilter) { companies(filter: $f) { totalCount } }", {"f": {"id": {"eq": gid("Company", "x")}}}
    )
    assert codes == ["INVALID_FILTER"]


def test_tag_filter_does_not_repeat_rows(workspace_a: Workspace) -> None:
    workspace_a.activate()
    red, blue = Tag.objects.create(name="red"), Tag.objects.create(name="blue")
    create_company(workspace_a, name="Both", tagIds=[gid("Tag", red.pk), gid("Tag", blue.pk)])
    create_company(workspace_a, name="None")
    assert filtered(workspace_a, {"tags": {"in": [gid("Tag", red.pk), gid("Tag", blue.pk)]}}) == ["Both"]
    assert filtered(workspace_a, {"tags": {"isNull": True}}) == ["None"]


def test_order_by_several_fields(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="B", creditLimit={"amount": "1"})
    create_company(workspace_a, name="A", creditLimit={"amount": "1"})
    create_company(workspace_a, name="C", creditLimit={"amount": "9"})
    data = workspace_a.api.data(
        "{ companies(orderBy: [{creditLimit: DESC}, {name: ASC}]) { edges { node { name } } } }"
    )
    assert [e["node"]["name"] for e in data["companies"]["edges"]] == ["C", "A", "B"]


def test_full_text_search_matches_word_prefixes(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Northwind Traders", industry="Wholesale")
    create_company(workspace_a, name="Contoso Pharmaceuticals")
    assert filtered(workspace_a, {}, ', search: "north trad"') == ["Northwind Traders"]
    assert filtered(workspace_a, {}, ', search: "wholes"') == ["Northwind Traders"]
    assert filtered(workspace_a, {}, ', search: "pharma\'):*|"') == ["Contoso Pharmaceuticals"]
    assert filtered(workspace_a, {}, ', search: "nothing"') == []


def test_search_uses_the_gin_index(workspace_a: Workspace) -> None:
    from django.db import connection

    from graphql_schema.core.lists import search
    from saas.customers.models import SEARCH_CONFIG, search_vector

    workspace_a.activate()
    queryset = search(Contact.all_objects.order_by(), "ann", search_vector(), SEARCH_CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "customers_contact_search" in plan, plan


def test_cost_of_nodes_counts_every_id(workspace_a: Workspace) -> None:
    ids = [gid("Company", f"00000000-0000-0000-0000-{i:012d}") for i in range(100)]
    query = (
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Company {"
        " contacts(first: 100) { edges { node { interactions(first: 1) { totalCount } } } } } } }"
    )
    error = workspace_a.api.execute(query, {"ids": ids})["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 100 * (100 + 100 * 1), "limit": 10000}


def test_node_with_garbage_ids(workspace_a: Workspace) -> None:
    assert workspace_a.api.data('{ node(id: "garbage!") { id } nodes(ids: ["?", "Q29tcGFueQ=="]) { id } }') == {
        "node": None,
        "nodes": [None, None],
    }
    too_many = workspace_a.api.error_codes("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["x"] * 101})
    assert too_many == ["TOO_MANY_IDS"]


def test_nested_lists_take_filter_and_order_by(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    for name in ("Bob", "Ann", "Cid"):
        workspace_a.api.data(
            "mutation($i: CreateContactInput!) { createContact(input: $i) { errors { code } } }",
            {"i": {"firstName": name, "companyId": company["id"], "emailConsent": name != "Cid"}},
        )
    data = workspace_a.api.data(
        "{ companies { edges { node { contacts(filter: {emailConsent: {eq: true}}, orderBy: [{firstName: ASC}]) {"
        " totalCount edges { node { firstName } } } } } } }"
    )
    contacts = data["companies"]["edges"][0]["node"]["contacts"]
    assert contacts["totalCount"] == 2 and [e["node"]["firstName"] for e in contacts["edges"]] == ["Ann", "Bob"]
    bad = workspace_a.api.execute(
        '{ companies { edges { node { contacts(filter: {company: {eq: "Q29tcGFueTp4"}}) { totalCount } } } } }'
    )
    assert [e["extensions"]["code"] for e in bad["errors"]] == ["BAD_USER_INPUT"]


def test_nested_connections_default_to_20(workspace_a: Workspace) -> None:
    (company,) = seed_companies(workspace_a, 1)
    workspace_a.activate()
    for i in range(25):
        Contact.objects.create(first_name=f"P{i}", company=company)
    data = workspace_a.api.data(
        "{ companies { edges { node { contacts { totalCount edges { cursor } pageInfo { hasNextPage } } } } } }"
    )
    contacts = data["companies"]["edges"][0]["node"]["contacts"]
    assert contacts["totalCount"] == 25 and len(contacts["edges"]) == 20 and contacts["pageInfo"]["hasNextPage"]


def test_nested_order_by_breaks_ties_by_id_so_pages_never_overlap(workspace_a: Workspace) -> None:
    (company,) = seed_companies(workspace_a, 1)
    workspace_a.activate()
    same = [Contact.objects.create(first_name="Same", last_name=f"L{i}", company=company) for i in range(7)]
    expected = [str(c.pk) for c in sorted(same, key=lambda c: str(c.pk))]
    query = (
        "query($after: String) { companies { edges { node { contacts(orderBy: [{firstName: ASC}], first: 3,"
        " after: $after) { edges { cursor node { id } } } } } } }"
    )
    seen: list[str] = []
    after = None
    for _ in range(3):
        edges = workspace_a.api.data(query, {"after": after})["companies"]["edges"][0]["node"]["contacts"]["edges"]
        seen += [base64.b64decode(e["node"]["id"]).decode().split(":", 1)[1] for e in edges]
        after = edges[-1]["cursor"] if edges else after
    assert seen == expected
