"""Custom fields beyond customers: tickets, knowledge base articles and invoices take them in their inputs,
validate them, and filter and sort their lists by them; an issued invoice's custom fields still change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace
from tests.invoicing.conftest import company, create_invoice, issue, line, mutate

from .conftest import defined, values_of

pytestmark = pytest.mark.django_db

RECORDS = {
    # type: (create mutation, payload field, list field, base input)
    "Ticket": ("createTicket", "ticket", "tickets", {"subject": "Printer on fire"}),
    "Article": ("createArticle", "article", "articles", {"title": "Resetting a password"}),
}


def create(ws: Workspace, type: str, custom: list[dict[str, Any]] | None, **fields: Any) -> dict[str, Any]:
    name, field, _, base = RECORDS[type]
    given = {**base, **fields, **({"customFields": custom} if custom is not None else {})}
    return mutate(ws, name, given, f"{field} {{ id customFields {{ key value }} }}")


@pytest.mark.parametrize("type", ["Ticket", "Article"])
def test_created_and_changed_with_their_custom_fields(workspace_a: Workspace, type: str) -> None:
    defined(workspace_a, type, key="region", label="Region", fieldType="PICKLIST", choices=["north", "south"])
    defined(workspace_a, type, key="effort", label="Effort", fieldType="NUMBER", minValue="1", required=True)
    field = RECORDS[type][1]

    refused = create(workspace_a, type, [{"key": "region", "value": "west"}])
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("customFields.region", "invalid_choice"),
        ("customFields.effort", "required"),
    }
    listed = workspace_a.api.data(f"{{ {RECORDS[type][2]} {{ totalCount }} }}")
    assert listed[RECORDS[type][2]]["totalCount"] == 0  # nothing was made

    made = create(workspace_a, type, [{"key": "region", "value": "north"}, {"key": "effort", "value": 3}])
    assert made["errors"] == []
    assert values_of(made[field]) == {"region": "north", "effort": 3}

    update = "update" + RECORDS[type][0].removeprefix("create")
    changed = mutate(
        workspace_a,
        update,
        {"id": made[field]["id"], "customFields": [{"key": "region", "value": "south"}]},
        f"{field} {{ customFields {{ key value }} }}",
    )
    assert changed["errors"] == []
    assert values_of(changed[field]) == {"region": "south", "effort": 3}
    below = mutate(workspace_a, update, {"id": made[field]["id"], "customFields": [{"key": "effort", "value": 0}]})
    assert ("customFields.effort", "out_of_range") in [(e["field"], e["code"]) for e in below["errors"]]


@pytest.mark.parametrize("type", ["Ticket", "Article"])
def test_lists_filter_and_sort_by_custom_fields(workspace_a: Workspace, type: str) -> None:
    defined(workspace_a, type, key="region", label="Region", fieldType="PICKLIST", choices=["north", "south"])
    for title, region in (("A one", "south"), ("B two", "north"), ("C three", None)):
        title_field = "subject" if type == "Ticket" else "title"
        custom = [{"key": "region", "value": region}] if region else []
        assert create(workspace_a, type, custom, **{title_field: title})["errors"] == []
    plural, title_field = RECORDS[type][2], "subject" if type == "Ticket" else "title"

    def titles(arguments: str) -> list[str]:
        data = workspace_a.api.data(f"{{ {plural}({arguments}) {{ edges {{ node {{ {title_field} }} }} }} }}")
        return [e["node"][title_field] for e in data[plural]["edges"]]

    assert titles('filter: {customFields: [{key: "region", eq: "north"}]}') == ["B two"]
    by_region = 'orderBy: [{customField: {key: "region", direction: ASC_NULLS_LAST}}]'
    assert titles(by_region) == ["B two", "A one", "C three"]


def test_invoice_custom_fields_in_inputs_filters_and_after_issue(workspace_a: Workspace) -> None:
    defined(workspace_a, "CustomerInvoice", key="po", label="PO number", fieldType="TEXT", regex="PO-[0-9]+")
    globex = company(workspace_a)
    refused = mutate(
        workspace_a,
        "createInvoice",
        {"companyId": globex, "lines": [line("Seats", "1", "10")], "customFields": [{"key": "po", "value": "x"}]},
    )
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("customFields.po", "invalid_format")]
    draft = create_invoice(
        workspace_a, globex, [line("Seats", "1", "10")], customFields=[{"key": "po", "value": "PO-1"}]
    )
    other = create_invoice(workspace_a, globex, [line("Setup", "1", "5")])
    issued = issue(workspace_a, draft["id"])

    # An issued invoice no longer changes, but its custom fields (the workspace's own notes) do.
    notes = mutate(workspace_a, "updateInvoice", {"id": issued["id"], "notes": "late"})
    assert [e["code"] for e in notes["errors"]] == ["invalid_transition"]
    changed = mutate(
        workspace_a,
        "updateInvoice",
        {"id": issued["id"], "customFields": [{"key": "po", "value": "PO-22"}]},
        "invoice { status notes customFields { key value } }",
    )
    assert changed["errors"] == []
    assert changed["invoice"]["status"] == "ISSUED"
    assert values_of(changed["invoice"]) == {"po": "PO-22"}

    def ids(arguments: str) -> list[str]:
        return [
            e["node"]["id"]
            for e in workspace_a.api.data(f"{{ invoices({arguments}) {{ edges {{ node {{ id }} }} }} }}")["invoices"][
                "edges"
            ]
        ]

    assert ids('filter: {customFields: [{key: "po", startsWith: "PO-2"}]}') == [issued["id"]]
    assert ids('orderBy: [{customField: {key: "po", direction: DESC_NULLS_LAST}}]') == [issued["id"], other["id"]]


def test_another_workspace_cannot_change_a_tickets_custom_fields(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    defined(workspace_a, "Ticket", key="region", label="Region", fieldType="TEXT")
    defined(workspace_b, "Ticket", key="region", label="Region", fieldType="TEXT")
    made = create(workspace_a, "Ticket", [{"key": "region", "value": "north"}])["ticket"]
    attempt = mutate(workspace_b, "updateTicket", {"id": made["id"], "customFields": [{"key": "region", "value": "x"}]})
    assert [e["code"] for e in attempt["errors"]] == ["not_found"]
    again = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Ticket { customFields { key value } } } }", {"id": made["id"]}
    )
    assert values_of(again["node"]) == {"region": "north"}


def test_entitlement_custom_fields_are_validated(workspace_a: Workspace) -> None:
    from datetime import date, timedelta

    defined(workspace_a, "Entitlement", key="tier", label="Tier", fieldType="PICKLIST", choices=["gold", "silver"])
    base = {
        "name": "Premium support",
        "companyId": company(workspace_a),
        "kind": "INCIDENTS",
        "allowance": "2",
        "startDate": date.today().isoformat(),
        "endDate": (date.today() + timedelta(days=30)).isoformat(),
    }
    selection = "entitlement { id customFields { key value } }"
    refused = mutate(workspace_a, "createEntitlement", {**base, "customFields": [{"key": "tier", "value": "tin"}]})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("customFields.tier", "invalid_choice")]
    made = mutate(
        workspace_a, "createEntitlement", {**base, "customFields": [{"key": "tier", "value": "gold"}]}, selection
    )
    assert made["errors"] == []
    assert values_of(made["entitlement"]) == {"tier": "gold"}
