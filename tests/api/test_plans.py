"""Selection plans (graphql_schema/core/plans.py) answer byte for byte what graphql-core's normal path answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from strawberry_django.relay import DjangoListConnection

from bench.operations import operation
from graphql_schema.core import plans, sqlpages
from graphql_schema.core.prefetch import list_attribute
from saas import ratelimits
from saas.attachments.models import Attachment
from saas.catalog.access import new_order, new_price_book_entry
from saas.customers.models import Company, Contact, Tag
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import gid
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db

BENCH = """query Contacts($after: String) { contacts(first: 100, after: $after) { edges { node {
  id firstName lastName emails phones title
  company { id name }
  owner { id email fullName }
  tags { id name }
} } } }"""

QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "bench": (BENCH, {"after": None}),
    "aliases": (
        "{ contacts { edges { node { a: firstName b: firstName id ident: id"
        " company { n: name id } mails: emails } } } }",
        {},
    ),
    "inline fragments": (
        "{ contacts { edges { node { ... on Contact { firstName tags { name } } ... on Node { id } lastName } } } }",
        {},
    ),
    "named fragments": (
        "query { contacts { edges { ...E } } } fragment E on ContactEdge { node { ...C company { ...Co } } }"
        " fragment C on Contact { firstName owner { email } company { id } } fragment Co on Company { name }",
        {},
    ),
    "typename": (
        "{ __typename contacts { __typename edges { __typename node { __typename id company { __typename name }"
        " owner { __typename } tags { __typename id } } } } }",
        {},
    ),
    "nested connections": (
        "{ companies { totalCount edges { cursor node { id name contacts(first: 5) { totalCount"
        " edges { node { firstName tags { name } company { name } } } } } } } }",
        {},
    ),
    "skip and include": (
        "query($yes: Boolean!, $no: Boolean!) { contacts { edges { node { firstName @include(if: $yes)"
        " lastName @include(if: $no) title @skip(if: $yes) company @skip(if: $no) { name } } } } }",
        {"yes": True, "no": False},
    ),
    "skip and include, the other way": (
        "query($yes: Boolean!, $no: Boolean!) { contacts { edges { node { firstName @include(if: $yes)"
        " lastName @include(if: $no) title @skip(if: $yes) company @skip(if: $no) { name } } } } }",
        {"yes": False, "no": True},
    ),
    "from the end": ("{ contacts(last: 2) { edges { node { firstName company { name } } } } }", {}),
    "totals and page info": (
        "{ contacts(first: 2) { totalCount pageInfo { hasNextPage endCursor }"
        " edges { cursor node { id tags { id } } } } }",
        {},
    ),
    "companies with their parent": (
        "{ companies { edges { node { id name website phone owner { email } parent { id name } tags { name } } } } }",
        {},
    ),
    "relations of relations": (
        "{ contacts { edges { node { firstName company { name owner { email fullName } tags { name } } } } } }",
        {},
    ),
    "resolvers beside columns": (
        "{ contacts { pageInfo { hasNextPage endCursor } edges { node { fullName buyingRole companyId"
        " firstName socialHandles { network } createdAt birthday } } } }",
        {},
    ),
    "attachments of records": (
        "{ attachments(first: 10) { totalCount edges { node { id fileName contentType size recordId recordType"
        " createdAt uploadedBy { email } } } } }",
        {},
    ),
    "dates and times": (
        "{ contacts { totalCount edges { node { id createdAt updatedAt lastInteractionAt deletedAt birthday"
        " ownerAssignedAt company { createdAt lastInteractionAt } } } } }",
        {},
    ),
}

# The web client's own list queries (frontend/src/modules/*/operations.ts), as its pages send them.
LIST_PAGES = {"active": True, "pool": False, "deleted": False, "first": 50}
QUERIES |= {
    "client: contacts page": (operation("CustomerContacts"), LIST_PAGES),
    "client: contacts pool and recycle bin": (
        operation("CustomerContacts"),
        {"active": False, "pool": True, "deleted": True, "first": 50},
    ),
    "client: contacts page, filtered and ordered": (
        operation("CustomerContacts"),
        {**LIST_PAGES, "filter": {"lastName": {"eq": "Lee"}}, "orderBy": [{"createdAt": "DESC"}], "search": "ann"},
    ),
    "client: companies page": (operation("CustomerCompanies"), LIST_PAGES),
    "client: companies pool and recycle bin": (
        operation("CustomerCompanies"),
        {"active": False, "pool": True, "deleted": True, "first": 50},
    ),
    "client: global search": (operation("CustomerSearch"), {"q": "glo"}),
    # The sync feed's first pass (its cursor holds the transaction horizon of the moment: not compared).
    "changes": (
        "{ changes(types: [COMPANY, CONTACT], first: 50) { hasMore changes { id recordId recordType action version"
        " values } } }",
        {},
    ),
    "client: list options": (operation("CustomerOptions"), {"recordType": "CONTACT"}),
}
# The catalogue's lists (saas/catalog; their query counts are pinned in tests/catalog/test_lists.py).
QUERIES |= {
    "products with their price tiers": (
        "{ products { totalCount edges { node { id name sku unit active createdAt"
        " prices { id minQuantity unitPrice priceBook { name currency } } } } } }",
        {},
    ),
    "price books with their entries": (
        "{ priceBooks { edges { node { id name currency active"
        " entries { minQuantity unitPrice product { sku } } } } } }",
        {},
    ),
    "quotes with lines and totals": (
        "{ quotes { totalCount edges { node { id number version isLatest status currency discountPercent"
        " subtotal { amount currency } total { amount } taxes { name rate amount } deal { title } owner { email }"
        " lines { position quantity unitPrice amount { amount } product { sku } } } } } }",
        {},
    ),
    "orders with their deliveries": (
        "{ orders { edges { node { id number status total { amount currency } quote { number version }"
        " lines { quantity fulfilledQuantity amount { amount } product { name } } } } } }",
        {},
    ),
}


@pytest.fixture
def crm(workspace_a: Workspace) -> Workspace:
    """Contacts with and without a company, tags, e-mails and phones; one company without contacts."""
    workspace_a.activate()
    vip, lead = Tag.objects.create(name="VIP"), Tag.objects.create(name="Lead")
    globex = Company.objects.create(name="Globex", owner=workspace_a.owner)
    # no owner, no contacts
    Company.objects.create(name="Initech", parent=globex, website="https://initech.example.com")
    ann = Contact.objects.create(
        first_name="Ann", last_name="Lee", title="CTO", company=globex, owner=workspace_a.owner,
        emails=["ann@globex.example.com"], phones=["+15550100"],
    )  # fmt: skip
    ann.tags.set([vip, lead])
    Contact.objects.create(first_name="Bo", last_name="Chen")  # no company, owner, tags, e-mails
    Contact.objects.create(first_name="Cy", company=globex, emails=["cy@globex.example.com", "c@x.io"])
    # times to the second and to the microsecond, a date, a deleted contact (the recycle bin's page)
    Contact.objects.filter(pk=ann.pk).update(
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        last_interaction_at=datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC),
        birthday=date(1990, 2, 3),
    )
    Company.objects.filter(pk=globex.pk).update(
        last_interaction_at=datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    )
    Contact.objects.create(first_name="Dee", last_name="Gone", deleted_at=datetime(2026, 5, 6, 7, 8, 9, 10, tzinfo=UTC))
    # the catalogue's lists: two orders (each with its quote, deal and product), a price tier
    new_order(workspace_a.owner.pk), new_order(None), new_price_book_entry(None)
    Attachment.objects.create(
        record_type="Company", record_id=str(globex.pk), file_name="logo.png", content_type="image/png", size=68,
        stored_name="x", uploaded_by=workspace_a.owner,
    )  # fmt: skip
    return workspace_a


@pytest.fixture
def planned_objects(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every object a plan built (to prove the fast path ran, not only that answers match)."""
    built: list[Any] = []
    run = plans.Plan.run

    def counting(self: plans.Plan, source: Any) -> dict[str, Any]:
        result = run(self, source)
        built.append(source)
        return result

    monkeypatch.setattr(plans.Plan, "run", counting)
    yield built


def both_ways(ws: Workspace, query: str, variables: dict[str, Any]) -> tuple[bytes, bytes]:
    def post() -> bytes:
        ratelimits.reset()  # each answer reports a full bucket, so the bytes compare
        response = ws.api.http.post(
            "/graphql/",
            {"query": query, "variables": variables},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {ws.token}",
        )
        assert response.status_code == 200, response.content
        return response.content

    planned = post()
    if sqlpages.enabled():
        with sqlpages.sql_pages_disabled():  # plans over model instances only
            assert post() == planned
    with plans.plans_disabled():
        normal = post()
    return planned, normal


@pytest.mark.parametrize("name", QUERIES)
def test_plans_answer_what_the_normal_path_answers(crm: Workspace, planned_objects: list[Any], name: str) -> None:
    query, variables = QUERIES[name]
    planned, normal = both_ways(crm, query, variables)
    assert planned == normal
    assert b'"errors"' not in planned


def test_records_fetched_by_global_id(crm: Workspace) -> None:
    crm.activate()
    ids = [gid("Contact", pk) for pk in Contact.objects.order_by("first_name").values_list("pk", flat=True)]
    query = (
        "query($id: ID!, $ids: [ID!]!) { node(id: $id) { id __typename ... on Contact { firstName tags { name } } }"
        " nodes(ids: $ids) { id ... on Contact { lastName company { id name } } } }"
    )
    planned, normal = both_ways(crm, query, {"id": ids[0], "ids": [*ids, gid("Contact", "nope")]})
    assert planned == normal
    assert b"Ann" in planned


def test_the_bench_query_is_built_by_one_plan_per_page(crm: Workspace, planned_objects: list[Any]) -> None:
    with sqlpages.sql_pages_disabled():  # its nodes are model instances (PostgreSQL builds them otherwise)
        planned, normal = both_ways(crm, BENCH, {"after": None})
    assert planned == normal
    connections = [o for o in planned_objects if isinstance(o, DjangoListConnection)]
    contacts = [o for o in planned_objects if isinstance(o, Contact)]
    assert len(connections) == 1 and len(contacts) == 3  # the whole page, every row inside it


def test_hidden_fields_get_the_normal_paths_nulls_and_errors(crm: Workspace, planned_objects: list[Any]) -> None:
    service = member(crm, "lucas@alpha.example.com", Role.SERVICE)
    planned, normal = both_ways(service, BENCH, {"after": None})
    assert planned == normal
    result = service.api.execute(BENCH, {"after": None})
    forbidden = sorted((e["path"][-1], e["path"][2], e["extensions"]["code"]) for e in result["errors"])
    assert forbidden == sorted((f, i, "FORBIDDEN") for f in ("emails", "phones") for i in range(3))
    assert all(edge["node"]["emails"] is None for edge in result["data"]["contacts"]["edges"])
    assert planned_objects  # companies, owners and tags of those contacts still take plans


def test_own_scope_roles_see_the_same_rows_both_ways(crm: Workspace) -> None:
    sales = member(crm, "sofia@alpha.example.com", Role.SALES)
    planned, normal = both_ways(sales, QUERIES["nested connections"][0], {})
    assert planned == normal
    planned, normal = both_ways(sales, BENCH, {"after": None})
    assert planned == normal


def test_many_to_many_lists_of_a_page_are_plain_lists(crm: Workspace, planned_objects: list[Any]) -> None:
    """The page's tags come as one list per contact (core/prefetch.py), read the same by plans and resolvers."""
    with sqlpages.sql_pages_disabled():
        planned, normal = both_ways(crm, BENCH, {"after": None})
    assert planned == normal
    contacts = [o for o in planned_objects if isinstance(o, Contact)]
    assert contacts
    for contact in contacts:
        assert isinstance(contact.__dict__[list_attribute("tags")], list)
        assert "tags" not in getattr(contact, "_prefetched_objects_cache", {})  # no manager, no queryset per row
    assert b'"name":"VIP"' in planned and b'"name":"Lead"' in planned
