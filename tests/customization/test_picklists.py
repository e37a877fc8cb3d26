"""Picklists: declared lists per workspace, order and colours, deprecation on custom fields, admins only."""

from __future__ import annotations

from typing import Any

import pytest

from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.query_count import count_queries

from .conftest import defined, values_of

pytestmark = pytest.mark.django_db

PICKLIST = "picklist { key label declared values { value label colour position deprecated } }"


def change(ws: Workspace, mutation: str, input: dict[str, Any]) -> dict[str, Any]:
    name = mutation[0].upper() + mutation[1:]
    return ws.api.data(
        f"mutation($input: {name}Input!) {{ {mutation}(input: $input) {{"
        f" {PICKLIST} errors {{ field message code }} }} }}",
        {"input": input},
    )[mutation]


def picklists(ws: Workspace) -> dict[str, Any]:
    data = ws.api.data("{ picklists { key label declared values { value colour deprecated } } }")
    return {p["key"]: p for p in data["picklists"]}


def create_contact(ws: Workspace, custom: list[dict[str, Any]]) -> dict[str, Any]:
    return ws.api.data(
        "mutation($input: CreateContactInput!) { createContact(input: $input) {"
        " contact { id customFields { key value } } errors { field message code } } }",
        {"input": {"firstName": "Ann", "customFields": custom}},
    )["createContact"]


def test_declared_picklists_come_with_their_values_and_are_edited_per_workspace(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    industry = picklists(workspace_a)["industry"]
    assert industry["declared"] and "Mining" in [v["value"] for v in industry["values"]]
    changed = change(
        workspace_a,
        "updatePicklist",
        {"key": "industry", "values": [{"value": "Mining", "colour": "#AA0000"}, {"value": "Fishing"}]},
    )
    assert changed["errors"] == []
    assert [(v["value"], v["colour"], v["position"]) for v in changed["picklist"]["values"]] == [
        ("Mining", "#aa0000", 0),
        ("Fishing", "", 1),
    ]
    # Tenant B's copy is its own.
    assert "Fishing" not in [v["value"] for v in picklists(workspace_b)["industry"]["values"]]
    refused = change(workspace_a, "deletePicklist", {"key": "industry"})
    assert refused["errors"][0]["code"] == "in_use"


def test_bad_values_are_refused_and_nothing_changes(workspace_a: Workspace) -> None:
    made = change(workspace_a, "definePicklist", {"key": "lost_reason", "label": "Lost reason"})
    assert made["errors"] == []
    refused = change(
        workspace_a,
        "updatePicklist",
        {"key": "lost_reason", "values": [{"value": "Price"}, {"value": "Price"}, {"value": "x", "colour": "red"}]},
    )
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("values.1.value", "taken"),
        ("values.2.colour", "invalid_format"),
    }
    assert picklists(workspace_a)["lost_reason"]["values"] == []
    assert change(workspace_a, "definePicklist", {"key": "Bad Key", "label": "x"})["errors"][0]["code"] == (
        "invalid_format"
    )
    assert change(workspace_a, "definePicklist", {"key": "industry", "label": "x"})["errors"][0]["code"] == "taken"


def test_only_admins_change_picklists_but_every_member_reads_them(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    assert "industry" in picklists(sales)
    refused = change(sales, "updatePicklist", {"key": "industry", "values": []})
    assert refused["errors"][0]["code"] == "permission_denied"
    assert picklists(workspace_a)["industry"]["values"] != []


def test_a_deprecated_value_stays_on_old_records_and_is_refused_on_new_writes(workspace_a: Workspace) -> None:
    change(
        workspace_a,
        "definePicklist",
        {"key": "segment", "label": "Segment", "values": [{"value": "smb"}, {"value": "enterprise"}]},
    )
    field = defined(workspace_a, key="segment", label="Segment", fieldType="PICKLIST", picklist="segment")
    assert field["choices"] == ["smb", "enterprise"]
    old = create_contact(workspace_a, [{"key": "segment", "value": "smb"}])
    assert old["errors"] == []

    change(
        workspace_a,
        "updatePicklist",
        {"key": "segment", "values": [{"value": "smb", "deprecated": True}, {"value": "enterprise"}]},
    )
    # The form offers only live values now.
    definitions = workspace_a.api.data('{ customFieldDefinitions(type: "Contact") { key choices picklist } }')
    assert definitions["customFieldDefinitions"] == [
        {"key": "segment", "choices": ["enterprise"], "picklist": "segment"}
    ]
    refused = create_contact(workspace_a, [{"key": "segment", "value": "smb"}])
    assert refused["errors"] == [
        {"field": "customFields.segment", "message": "smb is no longer offered.", "code": "invalid_choice"}
    ]
    # The old record keeps it, also when a client sends it back unchanged with other edits.
    update = (
        "mutation($input: UpdateContactInput!) { updateContact(input: $input) {"
        " contact { firstName customFields { key value } } errors { field code } } }"
    )
    kept = workspace_a.api.data(
        update,
        {
            "input": {
                "id": old["contact"]["id"],
                "firstName": "Anna",
                "customFields": [{"key": "segment", "value": "smb"}],
            }
        },
    )["updateContact"]
    assert kept["errors"] == [] and values_of(kept["contact"]) == {"segment": "smb"}
    # ... and a deprecated value can still be filtered on.
    found = workspace_a.api.data('{ contacts(filter: {customFields: [{key: "segment", eq: "smb"}]}) { totalCount } }')
    assert found["contacts"]["totalCount"] == 1
    # A field using the list keeps it from being deleted.
    assert change(workspace_a, "deletePicklist", {"key": "segment"})["errors"][0]["code"] == "in_use"


def test_multi_picklists_use_a_shared_list_too(workspace_a: Workspace) -> None:
    change(
        workspace_a,
        "definePicklist",
        {"key": "channels", "label": "Channels", "values": [{"value": "web"}, {"value": "fax", "deprecated": True}]},
    )
    defined(workspace_a, key="channels", label="Channels", fieldType="MULTI_PICKLIST", picklist="channels")
    assert create_contact(workspace_a, [{"key": "channels", "value": ["web"]}])["errors"] == []
    refused = create_contact(workspace_a, [{"key": "channels", "value": ["web", "fax"]}])
    assert refused["errors"][0]["code"] == "invalid_choice"


def test_a_field_needs_an_existing_picklist_and_a_picklist_type(workspace_a: Workspace) -> None:
    mutation = (
        "mutation($input: DefineCustomFieldInput!) { defineCustomField(input: $input) { errors { field code } } }"
    )
    unknown = {"type": "Contact", "key": "a", "label": "A", "fieldType": "PICKLIST", "picklist": "nope"}
    assert workspace_a.api.data(mutation, {"input": unknown})["defineCustomField"]["errors"] == [
        {"field": "picklist", "code": "not_found"}
    ]
    text = {"type": "Contact", "key": "b", "label": "B", "fieldType": "TEXT", "picklist": "industry"}
    assert workspace_a.api.data(mutation, {"input": text})["defineCustomField"]["errors"] == [
        {"field": "picklist", "code": "invalid"}
    ]


def test_tenant_b_cannot_use_or_change_tenant_a_picklists(workspace_a: Workspace, workspace_b: Workspace) -> None:
    change(workspace_a, "definePicklist", {"key": "segment", "label": "Segment", "values": [{"value": "smb"}]})
    assert "segment" not in picklists(workspace_b)
    assert change(workspace_b, "updatePicklist", {"key": "segment", "values": []})["errors"][0]["code"] == "not_found"
    assert change(workspace_b, "deletePicklist", {"key": "segment"})["errors"][0]["code"] == "not_found"
    assert [v["value"] for v in picklists(workspace_a)["segment"]["values"]] == ["smb"]


def test_picklists_resolve_in_a_fixed_number_of_queries(workspace_a: Workspace) -> None:
    def add(*keys: str) -> None:
        for key in keys:
            values = [{"value": "x"}, {"value": "y"}]
            change(workspace_a, "definePicklist", {"key": key, "label": key, "values": values})

    add("a")
    few = count_queries(lambda: picklists(workspace_a))
    add("b", "c", "d")
    assert count_queries(lambda: picklists(workspace_a)) == few
