"""Custom fields in lists (filter, sort, query count), under field rules and between tenants."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from saas.customers.models import Contact
from tenants.db import connection
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries

from .conftest import defined, values_of

pytestmark = pytest.mark.django_db


def seed(ws: Workspace) -> None:
    defined(ws, key="tier", label="Tier", fieldType="PICKLIST", choices=["gold", "silver", "bronze"])
    defined(ws, key="score", label="Score", fieldType="NUMBER")
    defined(ws, key="since", label="Since", fieldType="DATE")
    defined(ws, key="note", label="Note", fieldType="TEXT")
    ws.activate()
    rows = [
        ("Ann", {"tier": "gold", "score": 90, "since": "2020-01-05", "note": "Likes golf"}),
        ("Bob", {"tier": "silver", "score": 9, "since": "2024-06-01"}),
        ("Cid", {"tier": "gold", "score": 45, "note": "golfer too"}),
        ("Dee", {}),
    ]
    for name, custom in rows:
        Contact.objects.create(first_name=name, owner=ws.owner, custom_fields=custom)
    connection.set_schema_to_public()


def names(ws: Workspace, arguments: str) -> list[str]:
    data = ws.api.data(f"{{ contacts({arguments}) {{ edges {{ node {{ firstName }} }} }} }}")
    return [e["node"]["firstName"] for e in data["contacts"]["edges"]]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ('{key: "tier", eq: "gold"}', ["Ann", "Cid"]),
        ('{key: "tier", in: ["silver", "bronze"]}', ["Bob"]),
        ('{key: "score", gte: 10, lte: 50}', ["Cid"]),
        ('{key: "score", gte: "45"}', ["Ann", "Cid"]),
        ('{key: "since", lte: "2021-01-01"}', ["Ann"]),
        ('{key: "note", contains: "GOLF"}', ["Ann", "Cid"]),
        ('{key: "note", startsWith: "golf"}', ["Cid"]),
        ('{key: "score", isNull: true}', ["Dee"]),
        ('{key: "score", eq: 9}', ["Bob"]),
    ],
)
def test_filter_by_custom_fields_with_the_usual_operators(
    workspace_a: Workspace, condition: str, expected: list[str]
) -> None:
    seed(workspace_a)
    found = names(workspace_a, f"filter: {{customFields: [{condition}]}}, orderBy: [{{firstName: ASC}}]")
    assert found == expected


def test_custom_field_conditions_combine_with_built_in_ones(workspace_a: Workspace) -> None:
    seed(workspace_a)
    either = 'filter: {customFields: [{key: "tier", eq: "silver"}], OR: {firstName: {eq: "Dee"}}}'
    assert sorted(names(workspace_a, either)) == ["Bob", "Dee"]
    both = 'filter: {customFields: [{key: "tier", eq: "gold"}, {key: "score", lte: 50}]}'
    assert names(workspace_a, both) == ["Cid"]


def test_sort_by_custom_fields(workspace_a: Workspace) -> None:
    seed(workspace_a)
    # Numbers sort as numbers (9 before 45 before 90), not as text.
    assert names(workspace_a, 'orderBy: [{customField: {key: "score", direction: ASC_NULLS_LAST}}]') == [
        "Bob",
        "Cid",
        "Ann",
        "Dee",
    ]
    assert names(
        workspace_a, 'orderBy: [{customField: {key: "since", direction: DESC_NULLS_LAST}}, {firstName: ASC}]'
    ) == ["Bob", "Ann", "Cid", "Dee"]


def test_a_view_saved_sorted_by_a_custom_field_keeps_that_order(workspace_a: Workspace) -> None:
    seed(workspace_a)
    ordering = [{"customField": {"key": "score", "direction": "DESC_NULLS_LAST"}}, {"firstName": "ASC"}]
    saved = workspace_a.api.data(
        "mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) {"
        " savedView { id ordering } errors { field code } } }",
        {"input": {"name": "Best first", "recordType": "CONTACT", "ordering": ordering}},
    )["createSavedView"]
    assert saved["errors"] == []
    # Read back as a member opening the view does, then given to the list as its orderBy.
    views = workspace_a.api.data("{ savedViews { edges { node { name ordering } } } }")["savedViews"]["edges"]
    assert views == [{"node": {"name": "Best first", "ordering": ordering}}]
    data = workspace_a.api.data(
        "query($o: [ContactOrder!]) { contacts(orderBy: $o) { edges { node { firstName } } } }", {"o": ordering}
    )
    assert [e["node"]["firstName"] for e in data["contacts"]["edges"]] == ["Ann", "Cid", "Bob", "Dee"]
    # A custom key the list would not sort by is refused when the view is saved, not when it is opened.
    refused = workspace_a.api.data(
        "mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) { errors { field code } } }",
        {"input": {"name": "Odd", "recordType": "CONTACT", "ordering": [{"customField": {"direction": "UP"}}]}},
    )["createSavedView"]
    assert refused["errors"] and {(e["field"], e["code"]) for e in refused["errors"]} == {("ordering", "invalid")}


def test_bad_custom_field_conditions_are_typed_errors(workspace_a: Workspace) -> None:
    seed(workspace_a)
    for condition in ('{key: "nope", eq: 1}', '{key: "score", eq: "many"}', '{key: "score", contains: "1"}'):
        result = workspace_a.api.execute(f"{{ contacts(filter: {{customFields: [{condition}]}}) {{ totalCount }} }}")
        assert result["errors"][0]["extensions"]["code"] == "INVALID_FILTER", condition


def test_a_sensitive_custom_field_is_hidden_everywhere_from_roles_that_hide_sensitive_fields(
    workspace_a: Workspace,
) -> None:
    seed(workspace_a)
    defined(workspace_a, key="salary", label="Salary", fieldType="NUMBER", sensitive=True)
    workspace_a.activate()
    Contact.objects.filter(first_name="Ann").update(custom_fields={"tier": "gold", "salary": 100})
    connection.set_schema_to_public()
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)

    rows = marketing.api.data(
        '{ contacts(filter: {firstName: {eq: "Ann"}}) { edges { node { customFields { key value } } } } }'
    )
    assert "salary" not in values_of(rows["contacts"]["edges"][0]["node"])
    keys = marketing.api.data('{ customFieldDefinitions(type: "Contact") { key } }')["customFieldDefinitions"]
    assert "salary" not in [k["key"] for k in keys]
    for arguments in (
        'filter: {customFields: [{key: "salary", gte: 50}]}',
        'orderBy: [{customField: {key: "salary", direction: ASC}}]',
    ):
        result = marketing.api.execute(f"{{ contacts({arguments}) {{ totalCount }} }}")
        assert result["data"] is None
        assert result["errors"][0]["extensions"] == {
            "code": "FIELD_HIDDEN",
            "argument": arguments.split(":")[0],
            "field": "customFields.salary",
        }

    owner_rows = workspace_a.api.data('{ contacts(filter: {customFields: [{key: "salary", gte: 50}]}) { totalCount } }')
    assert owner_rows["contacts"]["totalCount"] == 1


def test_sales_may_read_but_not_change_a_sensitive_custom_field(workspace_a: Workspace) -> None:
    defined(workspace_a, key="salary", label="Salary", fieldType="NUMBER", sensitive=True)
    defined(workspace_a, key="tier", label="Tier", fieldType="TEXT")
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    mutation = (
        "mutation($input: CreateContactInput!) { createContact(input: $input) {"
        " contact { customFields { key value } } errors { field code } } }"
    )
    refused = sales.api.data(mutation, {"input": {"firstName": "Ann", "customFields": [{"key": "salary", "value": 5}]}})
    assert refused["createContact"]["errors"] == [{"field": "customFields.salary", "code": "read_only_field"}]
    made = sales.api.data(mutation, {"input": {"firstName": "Ann", "customFields": [{"key": "tier", "value": "A"}]}})
    assert values_of(made["createContact"]["contact"]) == {"salary": None, "tier": "A"}


def test_a_custom_role_hides_a_custom_field_by_its_rule_name(workspace_a: Workspace) -> None:
    seed(workspace_a)
    role = workspace_a.api.data(
        "mutation($input: CreateRoleInput!) { createRole(input: $input) { role { key } errors { field code } } }",
        {
            "input": {
                "name": "Auditor",
                "permissions": [{"recordType": "*", "action": "READ", "scope": "ALL"}],
                "fieldRules": [{"recordType": "Contact", "field": "custom_fields.score", "rule": "HIDDEN"}],
            }
        },
    )["createRole"]
    assert role["errors"] == []
    auditor = member(workspace_a, "aud@alpha.example.com", Role.READ_ONLY)
    auditor.activate()
    from saas.access.models import CustomRole
    from tenants.models import Membership

    Membership.objects.filter(user__email="aud@alpha.example.com").update(
        role=Role.CUSTOM, custom_role_id=CustomRole.objects.get(name="Auditor").pk
    )
    connection.set_schema_to_public()
    rows = auditor.api.data(
        '{ contacts(filter: {firstName: {eq: "Ann"}}) { edges { node { customFields { key value } } } } }'
    )
    assert values_of(rows["contacts"]["edges"][0]["node"]) == {
        "tier": "gold",
        "since": "2020-01-05",
        "note": "Likes golf",
    }


def test_tenants_do_not_see_each_others_fields_or_values(workspace_a: Workspace, workspace_b: Workspace) -> None:
    seed(workspace_a)
    # Same key in B, another type: no interference either way.
    defined(workspace_b, key="tier", label="Tier", fieldType="NUMBER")
    assert [
        d["type"]
        for d in workspace_b.api.data('{ customFieldDefinitions(type: "Contact") { type } }')["customFieldDefinitions"]
    ] == ["NUMBER"]
    b_result = workspace_b.api.execute(
        '{ contacts(filter: {customFields: [{key: "tier", eq: "gold"}]}) { totalCount } }'
    )
    assert b_result["errors"][0]["extensions"]["code"] == "INVALID_FILTER"  # "gold" is no number in B
    assert (
        workspace_b.api.data('{ contacts(filter: {customFields: [{key: "tier", gte: 0}]}) { totalCount } }')[
            "contacts"
        ]["totalCount"]
        == 0
    )
    a_ids = workspace_a.api.data('{ customFieldDefinitions(type: "Contact") { id } }')["customFieldDefinitions"]
    stolen = workspace_b.api.data(
        "mutation($input: CustomFieldIdInput!) { deleteCustomField(input: $input) { errors { code } } }",
        {"input": {"id": a_ids[0]["id"]}},
    )
    # Definition ids are per schema: B's request works on B's table only, so A's field is untouched.
    assert (
        len(workspace_a.api.data('{ customFieldDefinitions(type: "Contact") { id } }')["customFieldDefinitions"]) == 4
    )
    assert stolen["deleteCustomField"]["errors"] in ([{"code": "not_found"}], [])


LIST = """{ contacts(first: 100, filter: {customFields: [{key: "tier", in: ["gold", "silver"]}]},
  orderBy: [{customField: {key: "score", direction: DESC}}]) { totalCount edges { node {
  id firstName customFields { key type value } company { id customFields { key value } }
} } } }"""


def _seed_many(ws: Workspace, count: int) -> None:
    ws.activate()
    from saas.customers.models import Company

    company = Company.objects.create(name="Holding", owner=ws.owner, custom_fields={"region": "north"})
    for i in range(count):
        Contact.objects.create(
            first_name=f"P{i}", company=company, owner=ws.owner, custom_fields={"tier": "gold", "score": i}
        )
    connection.set_schema_to_public()


def test_list_query_count_is_pinned_and_does_not_grow_with_the_page(make_workspace: Any) -> None:
    small, large = make_workspace(), make_workspace()
    for ws in (small, large):
        seed(ws)
        defined(ws, "Company", key="region", label="Region", fieldType="TEXT")
    _seed_many(small, 1)
    _seed_many(large, 60)
    for ws in (small, large):
        # Membership, custom-field definitions (once per request), the page with its count, its companies.
        with assert_num_queries(4) as queries:
            data = ws.api.data(LIST)
        with_company = [e["node"] for e in data["contacts"]["edges"] if e["node"]["company"]]
        assert with_company[0]["company"]["customFields"] == [{"key": "region", "value": "north"}], queries.listing()


def test_an_equality_filter_can_use_the_gin_index(workspace_a: Workspace) -> None:
    """``eq`` becomes ``custom_fields @> {...}``, which the GIN index serves (seq scans off: few rows here)."""
    from graphql_schema.core.custom_fields import CustomFieldFilter, custom_fields_q
    from saas.customization.services import definitions_for

    seed(workspace_a)
    workspace_a.activate()

    info = SimpleNamespace(context=SimpleNamespace(request=SimpleNamespace(membership=None)))  # a system read
    assert [d.key for d in definitions_for(None, "Contact")][:1] == ["tier"]
    condition = custom_fields_q(info, Contact, [CustomFieldFilter(key="tier", exact="gold")], "")  # type: ignore[arg-type]
    queryset = Contact.all_objects.filter(condition).order_by()  # (the partial list index aside)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = queryset.explain()
    assert "customers_contact_cf" in plain_text(plan), plan
    assert sorted(queryset.values_list("first_name", flat=True)) == ["Ann", "Cid"]


def plain_text(plan: str) -> str:
    return " ".join(plan.split())
