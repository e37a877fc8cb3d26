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


def test_companies_with_nested_lists_cost_the_same_queries_for_1_and_100_rows(make_workspace) -> None:  # type: ignore[no-untyped-def]
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


def test_contacts_query_count_is_fixed(make_workspace) -> None:  # type: ignore[no-untyped-def]
    small, big = make_workspace("small-co"), make_workspace("big-co")
    seed(small, companies=1, contacts_each=1)
    seed(big, companies=20, contacts_each=5)
    assert count_queries(lambda: small.api.data(CONTACTS)) == count_queries(lambda: big.api.data(CONTACTS))
