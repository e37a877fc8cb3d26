"""Field rules and scoped reads through the reusable GraphQL helpers (a module's type, in miniature)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
import strawberry_django
from strawberry import relay
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.nodes import Scoped
from graphql_schema.permissions import protect_fields
from saas.access import policy
from saas.access.models import CustomRole
from saas.errors import ServiceError
from tenants.models import Membership, Role
from tests.access.conftest import AddPerson, SqlCount, gid
from tests.access.sample.models import SampleDeal
from tests.conftest import Workspace


@protect_fields
@strawberry_django.type(SampleDeal, name="SampleDeal")
class SampleDealType(Scoped, relay.Node):
    id: relay.NodeID[int]
    title: str
    owner_id: int | None
    amount: Decimal | None


@strawberry.type
class Query:
    sample_deals: KeysetConnection[SampleDealType] = strawberry_django.connection()
    node: relay.Node | None = strawberry_django.node()

    @strawberry_django.connection(KeysetConnection[SampleDealType])
    def deals_by_resolver(self) -> Iterable[SampleDeal]:
        # a hand-written resolver returning everything: the type's get_queryset still scopes it
        return SampleDeal.objects.all()


schema = strawberry.Schema(query=Query, types=[SampleDealType], extensions=[DjangoOptimizerExtension])

LIST = "{ sampleDeals(first: 50) { totalCount edges { node { id title amount } } } }"


def run(membership: Membership | None, query: str, variables: dict[str, Any] | None = None) -> Any:
    context = SimpleNamespace(request=SimpleNamespace(membership=membership))
    return schema.execute_sync(query, variable_values=variables, context_value=context)


@pytest.fixture
def deals(workspace_a: Workspace, add_person: AddPerson) -> dict[str, Any]:
    workspace_a.activate()
    sales = add_person(workspace_a, Role.SALES).membership
    marketing = add_person(workspace_a, Role.MARKETING).membership
    owner = Membership.objects.get(user=workspace_a.owner)
    mine = [SampleDeal.objects.create(title=f"S{i}", owner_id=sales.user_id, amount=100 + i) for i in range(3)]
    other = [SampleDeal.objects.create(title=f"O{i}", owner_id=owner.user_id, amount=900 + i) for i in range(4)]
    return {"sales": sales, "marketing": marketing, "owner": owner, "mine": mine, "other": other}


@pytest.mark.django_db
def test_lists_are_scoped_in_sql_and_visible_fields_resolve(deals: dict[str, Any]) -> None:
    result = run(deals["sales"], LIST)
    assert result.errors is None
    titles = [e["node"]["title"] for e in result.data["sampleDeals"]["edges"]]
    assert titles == ["S0", "S1", "S2"]
    assert result.data["sampleDeals"]["totalCount"] == 3
    assert [e["node"]["amount"] for e in result.data["sampleDeals"]["edges"]] == ["100.00", "101.00", "102.00"]

    owner = run(deals["owner"], LIST)
    assert owner.errors is None and owner.data["sampleDeals"]["totalCount"] == 7


@pytest.mark.django_db
def test_connections_with_their_own_resolver_are_scoped_too(deals: dict[str, Any]) -> None:
    result = run(deals["sales"], "{ dealsByResolver { totalCount edges { node { title } } } }")
    assert result.errors is None
    assert result.data["dealsByResolver"]["totalCount"] == 3


@pytest.mark.django_db
def test_hidden_field_is_null_with_a_permission_error_entry(deals: dict[str, Any]) -> None:
    result = run(deals["marketing"], LIST)
    edges = result.data["sampleDeals"]["edges"]
    assert len(edges) == 7 and all(e["node"]["amount"] is None for e in edges)
    assert all(e["node"]["title"] for e in edges)
    assert result.errors is not None and len(result.errors) == 7
    assert {e.extensions["code"] for e in result.errors} == {"FORBIDDEN"}
    assert result.errors[0].path == ["sampleDeals", "edges", 0, "node", "amount"]


@pytest.mark.django_db
def test_custom_role_field_rule_hides_a_field(
    deals: dict[str, Any], workspace_a: Workspace, add_person: AddPerson
) -> None:
    workspace_a.activate()
    role = CustomRole.objects.create(
        name="Auditor", permissions={"*": {"read": "all"}}, field_rules={"SampleDeal": {"amount": "hidden"}}
    )
    auditor = add_person(workspace_a, Role.CUSTOM, custom_role_id=role.pk).membership
    result = run(auditor, LIST)
    assert result.data["sampleDeals"]["totalCount"] == 7
    assert all(e["node"]["amount"] is None for e in result.data["sampleDeals"]["edges"])
    assert policy.field_rule(auditor, SampleDeal, "amount") == "hidden"
    assert policy.field_rule(auditor, SampleDeal, "title") is None


@pytest.mark.django_db
def test_node_lookup_out_of_scope_is_null(deals: dict[str, Any]) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on SampleDeal { title } } }"
    theirs = gid("SampleDeal", deals["other"][0].pk)
    assert run(deals["sales"], query, {"id": theirs}).data["node"] is None
    mine = gid("SampleDeal", deals["mine"][0].pk)
    assert run(deals["sales"], query, {"id": mine}).data["node"] == {"title": "S0"}


@pytest.mark.django_db
def test_list_query_count_is_fixed(deals: dict[str, Any]) -> None:
    run(deals["owner"], LIST)
    with SqlCount() as sql:
        run(deals["owner"], LIST)
    # one query (page and total count together), whatever the number of rows
    assert len(sql) == 1, sql.statements
    SampleDeal.objects.bulk_create(SampleDeal(title=f"X{i}", owner_id=None) for i in range(20))
    with SqlCount() as sql:
        run(deals["owner"], LIST)
    assert len(sql) == 1, sql.statements


@pytest.mark.django_db
def test_read_only_and_hidden_fields_cannot_be_written(deals: dict[str, Any]) -> None:
    sales, mine = deals["sales"], deals["mine"][0]
    policy.check(sales, "update", mine, fields=["title"])
    with pytest.raises(ServiceError) as refused:
        policy.check(sales, "update", mine, fields=["title", "amount"])
    assert [(e.field, e.code) for e in refused.value.errors] == [("amount", "read_only_field")]
    policy.check(deals["owner"], "update", mine, fields=["amount"])


@pytest.mark.django_db
def test_exports_redact_hidden_fields(deals: dict[str, Any]) -> None:
    row = {"title": "S0", "amount": Decimal(100)}
    assert policy.redact(deals["marketing"], SampleDeal, row) == {"title": "S0", "amount": None}
    assert policy.redact(deals["sales"], SampleDeal, row) == row
    exported = policy.scope_queryset(deals["marketing"], SampleDeal.objects.all(), "export")
    assert exported.count() == 7
    assert not policy.scope_queryset(deals["sales"], SampleDeal.objects.all(), "export").exists()


def test_a_sensitive_field_must_be_nullable() -> None:
    with pytest.raises(TypeError, match="must be nullable"):

        @protect_fields
        @strawberry_django.type(SampleDeal, name="StrictDeal")
        class StrictDealType(Scoped):
            amount: Decimal


@pytest.mark.django_db
def test_a_module_can_loosen_a_field_rule_for_a_built_in_role(deals: dict[str, Any]) -> None:
    from dataclasses import replace

    from saas.access import registry

    original = registry.RECORD_TYPES["SampleDeal"]
    registry.RECORD_TYPES["SampleDeal"] = replace(original, field_overrides={"sales": {"amount": None}})
    try:
        sales = Membership.objects.get(pk=deals["sales"].pk)
        policy.check(sales, "update", deals["mine"][0], fields=["amount"])
        assert policy.field_rule(sales, SampleDeal, "amount") is None
    finally:
        registry.RECORD_TYPES["SampleDeal"] = original


@pytest.mark.django_db
def test_export_rows_follow_the_export_scope_and_blank_hidden_fields(deals: dict[str, Any]) -> None:
    rows = list(policy.export_rows(deals["marketing"], SampleDeal.objects.order_by("id"), ["title", "amount"]))
    assert len(rows) == 7 and rows[0] == {"title": "S0", "amount": None}
    owner_rows = list(policy.export_rows(deals["owner"], SampleDeal.objects.order_by("id"), ["title", "amount"]))
    assert owner_rows[0] == {"title": "S0", "amount": Decimal("100.00")}
    with pytest.raises(ServiceError):
        list(policy.export_rows(deals["sales"], SampleDeal.objects.all(), ["title"]))


@pytest.mark.django_db
def test_hidden_fields_per_action(deals: dict[str, Any]) -> None:
    sales, marketing, owner = deals["sales"], deals["marketing"], deals["owner"]
    assert policy.hidden_fields(sales, "read", SampleDeal) == frozenset()
    assert policy.hidden_fields(sales, "update", deals["mine"][0]) == {"amount"}
    assert policy.hidden_fields(marketing, "read", SampleDeal) == {"amount"}
    assert policy.hidden_fields(owner, "update", SampleDeal) == frozenset()
    assert policy.hidden_fields(None, "read", SampleDeal) == {"amount"}
