"""Every list resolves in a fixed number of SQL queries, whatever its page size and nesting."""

from __future__ import annotations

from django.utils import timezone

from saas.customers.models import Company, Contact, Interaction, Tag
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

COMPANIES = """{ companies(first: 100) { totalCount edges { node {
  id name lifecycleStage creditLimit { amount currency } addresses { city }
  owner { id email fullName }
  tags { id name }
  parent { id name }
  contacts(first: 5) { totalCount edges { node { id firstName emails company { id } owner { id } tags { name } } } }
} } } }"""

CONTACTS = """{ contacts(first: 100) { totalCount edges { node {
  id firstName lastName emails phones company { id name owner { id } } owner { id email } tags { id name } groups { id }
  interactions(first: 3) { edges { node { kind performedBy { id } } } }
} } } }"""


def seed(ws: Workspace, companies: int, contacts_each: int) -> None:
    ws.activate()
    tags = [Tag.objects.create(name=f"tag {i}") for i in range(3)]
    parent = Company.objects.create(name="Holding", owner=ws.owner)
    for i in range(companies):
        company = Company.objects.create(name=f"Company {i}", owner=ws.owner, parent=parent)
        company.tags.set(tags)
        for j in range(contacts_each):
            contact = Contact.objects.create(
                first_name=f"P{i}-{j}", company=company, owner=ws.owner, emails=[f"p{i}{j}@x.io"]
            )
            contact.tags.set(tags[:2])
            Interaction.objects.create(kind="call", occurred_at=timezone.now(), contact=contact, performed_by=ws.owner)


def test_companies_with_nested_lists_cost_the_same_queries_for_1_and_100_rows(make_workspace) -> None:
    small, big = make_workspace("small-co"), make_workspace("big-co")
    seed(small, companies=1, contacts_each=1)
    seed(big, companies=99, contacts_each=6)
    one = count_queries(lambda: small.api.data(COMPANIES))
    hundred = count_queries(lambda: big.api.data(COMPANIES))
    assert one == hundred
    with assert_num_queries(one):
        data = big.api.data(COMPANIES)
    edges = data["companies"]["edges"]
    assert len(edges) == 100
    with_contacts = [e for e in edges if e["node"]["contacts"]["totalCount"]]
    assert all(len(e["node"]["contacts"]["edges"]) == 5 for e in with_contacts)
    assert all(e["node"]["contacts"]["totalCount"] == 6 for e in with_contacts)


def test_companies_query_count_is_pinned(workspace_a: Workspace) -> None:
    seed(workspace_a, companies=3, contacts_each=2)
    workspace_a.api.data(COMPANIES)  # warm the host → tenant cache
    # token with its membership (one query), then companies (with totalCount), owners, tags, parents,
    # contacts (5 per company, one window query), the contacts' companies, owners and tags.
    with assert_num_queries(9):
        workspace_a.api.data(COMPANIES)


def test_contacts_query_count_is_fixed(make_workspace) -> None:
    small, big = make_workspace("small-co"), make_workspace("big-co")
    seed(small, companies=1, contacts_each=1)
    seed(big, companies=20, contacts_each=5)
    assert count_queries(lambda: small.api.data(CONTACTS)) == count_queries(lambda: big.api.data(CONTACTS))


HISTORY = """{ companies(first: 100) { edges { node {
  name history(first: 2) { totalCount pageInfo { hasNextPage } edges { node { action changes } } }
  contacts(first: 3) { edges { node { firstName history { totalCount edges { node { action } } } } } }
} } } }"""


def test_history_on_a_list_costs_the_same_queries_for_1_and_100_rows(make_workspace) -> None:
    from tests.customers.conftest import mutate

    small, big = make_workspace("small-hist"), make_workspace("big-hist")
    for ws, count in ((small, 1), (big, 30)):
        for i in range(count):
            company = mutate(ws, "createCompany", {"name": f"Co {i}"}, "company { id }")["company"]
            mutate(ws, "updateCompany", {"id": company["id"], "name": f"Co {i} renamed"})
            mutate(ws, "updateCompany", {"id": company["id"], "industry": "Steel"})
            mutate(ws, "createContact", {"firstName": f"P{i}", "companyId": company["id"]})
    one = count_queries(lambda: small.api.data(HISTORY))
    many = count_queries(lambda: big.api.data(HISTORY))
    assert one == many
    edges = big.api.data(HISTORY)["companies"]["edges"]
    assert len(edges) == 30
    for edge in edges:
        history = edge["node"]["history"]
        # Three writes each: a page of the two newest, a next page, the exact total.
        assert history["totalCount"] == 3 and history["pageInfo"]["hasNextPage"] is True
        assert [e["node"]["action"] for e in history["edges"]] == ["update", "update"]
        assert history["edges"][0]["node"]["changes"] == {"industry": {"old": "", "new": "Steel"}}
        (contact,) = edge["node"]["contacts"]["edges"]
        assert contact["node"]["history"]["totalCount"] == 1
    # The next page comes from its cursor (beyond what was prefetched: asked of the record itself).
    page = "query($id: ID!, $after: String) { node(id: $id) { ... on Company { history(first: 2, after: $after) {"
    page += " pageInfo { hasNextPage } edges { cursor node { action } } } } } }"
    company_id = big.api.data("{ companies(first: 1) { edges { node { id } } } }")["companies"]["edges"][0]["node"][
        "id"
    ]
    head = big.api.data(page, {"id": company_id, "after": None})["node"]["history"]
    rest = big.api.data(page, {"id": company_id, "after": head["edges"][-1]["cursor"]})["node"]["history"]
    assert [e["node"]["action"] for e in rest["edges"]] == ["create"] and rest["pageInfo"]["hasNextPage"] is False
