"""Custom fields: admins define them, every write validates them, lists filter and sort by them."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.customers.models import Contact
from saas.customization.models import CustomFieldDefinition
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.customers.test_tags_groups_views import member

from .conftest import define, defined, values_of

pytestmark = pytest.mark.django_db

CREATE = (
    "mutation($input: CreateContactInput!) { createContact(input: $input) {"
    " contact { id customFields { key type value } } errors { field message code } } }"
)
UPDATE = (
    "mutation($input: UpdateContactInput!) { updateContact(input: $input) {"
    " contact { id customFields { key type value } } errors { field message code } } }"
)


def create(ws: Workspace, custom: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    items = [{"key": k, "value": v} for k, v in (custom or {}).items()]
    return ws.api.data(
        CREATE, {"input": {"firstName": "Ann", "allowDuplicate": True, "customFields": items, **fields}}
    )["createContact"]


def update(ws: Workspace, contact_id: str, custom: dict[str, Any]) -> dict[str, Any]:
    items = [{"key": k, "value": v} for k, v in custom.items()]
    return ws.api.data(UPDATE, {"input": {"id": contact_id, "customFields": items}})["updateContact"]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return sorted((e["field"], e["code"]) for e in payload["errors"])


# (field type, extra definition, a good value, its stored form, bad values)
MATRIX: list[tuple[str, dict[str, Any], Any, Any, list[Any]]] = [
    ("TEXT", {"maxValue": "5", "regex": "[A-Z]+"}, " ABC ", "ABC", ["abc", "ABCDEFG", 12]),
    ("LONG_TEXT", {}, "many words " * 50, ("many words " * 50).strip(), [["a"], "x" * 10_001]),
    ("NUMBER", {"minValue": "1", "maxValue": "10"}, 7, 7, [0, 11, "seven", True]),
    ("DECIMAL", {"minValue": "0"}, "12.50", "12.5", ["-1", "abc", "NaN"]),
    (
        "MONEY",
        {"maxValue": "1000"},
        {"amount": "99.5", "currency": "eur"},
        {"amount": "99.50", "currency": "EUR"},
        [{"amount": "5000", "currency": "EUR"}, {"amount": "5", "currency": "euro"}, "5"],
    ),
    ("DATE", {}, "2026-03-01", "2026-03-01", ["2026-13-01", "tomorrow"]),
    ("DATETIME", {}, "2026-03-01T10:00:00+08:00", "2026-03-01T02:00:00+00:00", ["2026-03-01T10:00:00", "x"]),
    ("BOOLEAN", {}, True, True, ["yes", 1]),
    ("PICKLIST", {"choices": ["gold", "silver"]}, "gold", "gold", ["bronze", ["gold"]]),
    ("MULTI_PICKLIST", {"choices": ["a", "b", "c"]}, ["c", "a", "c"], ["c", "a"], [["d"], "a"]),
    ("EMAIL", {}, "Ann@Example.COM", "ann@example.com", ["ann", "ann@example"]),
    ("PHONE", {}, "+1 (415) 555-0100", "+14155550100", ["12", "call me"]),
    ("URL", {}, "https://acme.example/x", "https://acme.example/x", ["acme.example", "ftp://acme.example"]),
]


@pytest.mark.parametrize(("field_type", "extra", "good", "stored", "bad"), MATRIX, ids=[m[0] for m in MATRIX])
def test_every_field_type_validates_and_stores_its_values(
    workspace_a: Workspace, field_type: str, extra: dict[str, Any], good: Any, stored: Any, bad: list[Any]
) -> None:
    defined(workspace_a, key="field", label="Field", fieldType=field_type, **extra)

    made = create(workspace_a, {"field": good})
    assert made["errors"] == []
    assert values_of(made["contact"]) == {"field": stored}
    assert made["contact"]["customFields"][0]["type"] == field_type

    for value in bad:
        refused = update(workspace_a, made["contact"]["id"], {"field": value})
        assert [e["field"] for e in refused["errors"]] == ["customFields.field"], (value, refused)
        assert refused["contact"] is None
    workspace_a.activate()
    assert Contact.objects.get().custom_fields == {"field": stored}  # nothing changed by the refusals


def test_reference_fields_point_at_a_readable_record_of_their_type(workspace_a: Workspace) -> None:
    defined(workspace_a, key="account", label="Account", fieldType="REFERENCE", referenceType="Company")
    company = create_company(workspace_a, name="Globex")

    made = create(workspace_a, {"account": company["id"]})
    assert made["errors"] == [] and values_of(made["contact"]) == {"account": company["id"]}

    other = create(workspace_a, {"account": made["contact"]["id"]})  # a Contact's id, not a Company's
    assert codes(other) == [("customFields.account", "not_found")]
    missing = create(workspace_a, {"account": "Q29tcGFueTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA="})
    assert codes(missing) == [("customFields.account", "not_found")]


def test_required_default_unique_and_unknown_keys(workspace_a: Workspace) -> None:
    defined(workspace_a, key="tier", label="Tier", fieldType="PICKLIST", choices=["gold", "silver"], default="silver")
    defined(workspace_a, key="badge", label="Badge", fieldType="TEXT", required=True, unique=True)

    missing = create(workspace_a)
    assert codes(missing) == [("customFields.badge", "required")]
    first = create(workspace_a, {"badge": "A-1"})
    assert values_of(first["contact"]) == {"tier": "silver", "badge": "A-1"}  # the default filled in
    taken = create(workspace_a, {"badge": "A-1"})
    assert codes(taken) == [("customFields.badge", "taken")]
    unknown = create(workspace_a, {"badge": "A-2", "nope": 1})
    assert codes(unknown) == [("customFields.nope", "not_found")]
    cleared = update(workspace_a, first["contact"]["id"], {"badge": None})
    assert codes(cleared) == [("customFields.badge", "required")]
    # Keeping its own value is not a clash with itself; other fields stay as they were.
    kept = update(workspace_a, first["contact"]["id"], {"badge": "A-1", "tier": "gold"})
    assert kept["errors"] == [] and values_of(kept["contact"]) == {"tier": "gold", "badge": "A-1"}
    workspace_a.activate()
    assert Contact.objects.count() == 1


def test_definitions_are_for_admins_and_validated(workspace_a: Workspace) -> None:
    bad = define(workspace_a, key="Bad Key", label="", fieldType="PICKLIST")
    assert codes(bad) == [("key", "invalid_format")]
    no_choices = define(workspace_a, key="tier", label="Tier", fieldType="PICKLIST")
    assert codes(no_choices) == [("choices", "required")]
    wrong_type = define(workspace_a, type="Nope", key="tier", label="Tier", fieldType="TEXT")
    assert codes(wrong_type) == [("type", "invalid_choice")]
    bad_default = define(workspace_a, key="size", label="Size", fieldType="NUMBER", maxValue="5", default=9)
    assert codes(bad_default) == [("default", "out_of_range")]
    defined(workspace_a, key="tier", label="Tier", fieldType="TEXT")
    assert codes(define(workspace_a, key="tier", label="Again", fieldType="TEXT")) == [("key", "taken")]

    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    refused = define(sales, key="other", label="Other", fieldType="TEXT")
    assert codes(refused) == [(None, "permission_denied")]
    workspace_a.activate()
    assert list(CustomFieldDefinition.objects.values_list("key", flat=True)) == ["tier"]
    assert AuditEntry.objects.filter(record_type="CustomFieldDefinition").count() == 1


def test_a_deleted_field_leaves_the_api_at_once_and_its_data_stays_until_purged(workspace_a: Workspace) -> None:
    field = defined(workspace_a, key="tier", label="Tier", fieldType="TEXT")
    contact = create(workspace_a, {"tier": "gold"})["contact"]

    deleted = workspace_a.api.data(
        "mutation($input: CustomFieldIdInput!) { deleteCustomField(input: $input) { errors { code } } }",
        {"input": {"id": field["id"]}},
    )
    assert deleted["deleteCustomField"]["errors"] == []
    node = workspace_a.api.data("{ contacts { edges { node { customFields { key value } } } } }")
    assert node["contacts"]["edges"][0]["node"]["customFields"] == []
    definitions = workspace_a.api.data('{ customFieldDefinitions(type: "Contact") { key } }')
    assert definitions["customFieldDefinitions"] == []
    filtered = workspace_a.api.execute(
        '{ contacts(filter: {customFields: [{key: "tier", eq: "gold"}]}) { totalCount } }'
    )
    assert filtered["errors"][0]["extensions"]["code"] == "INVALID_FILTER"
    assert codes(update(workspace_a, contact["id"], {"tier": "x"})) == [("customFields.tier", "not_found")]
    workspace_a.activate()
    assert Contact.objects.get().custom_fields == {"tier": "gold"}  # kept

    purged = workspace_a.api.data(
        "mutation($input: CustomFieldIdInput!) { purgeCustomField(input: $input) { purgedRecords errors { code } } }",
        {"input": {"id": field["id"]}},
    )
    assert purged["purgeCustomField"] == {"purgedRecords": 1, "errors": []}
    workspace_a.activate()
    assert Contact.objects.get().custom_fields == {}
    defined(workspace_a, key="tier", label="Tier again", fieldType="NUMBER")  # the key is free again


def test_history_names_the_custom_field_that_changed(workspace_a: Workspace) -> None:
    defined(workspace_a, key="tier", label="Tier", fieldType="TEXT")
    contact = create(workspace_a, {"tier": "gold"})["contact"]
    update(workspace_a, contact["id"], {"tier": "silver"})
    history = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Contact { history { edges { node { action changes } } } } } }",
        {"id": contact["id"]},
    )["node"]["history"]["edges"]
    updated = next(e["node"] for e in history if e["node"]["action"] == "update")
    assert updated["changes"] == {"custom_fields.tier": {"old": "gold", "new": "silver"}}


def test_the_plan_limits_how_many_fields_a_workspace_defines(workspace_a: Workspace) -> None:
    from saas.billing import plans

    plan = plans.effective_plan(plans.subscription_for(workspace_a.tenant))
    plan.custom_fields = 1
    plan.save(update_fields=["custom_fields"])
    defined(workspace_a, key="one", label="One", fieldType="TEXT")

    refused = define(workspace_a, key="two", label="Two", fieldType="TEXT")
    assert codes(refused) == [(None, "plan_limit")]
    assert plans.usage(workspace_a.tenant)["custom_fields"] == 1  # billing's usage counts definitions
    workspace_a.activate()
    assert list(CustomFieldDefinition.objects.values_list("key", flat=True)) == ["one"]
