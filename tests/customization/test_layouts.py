"""Record page layouts per role: order and visibility, admins set them, field rules still decide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from saas.audit.models import AuditEntry
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member

from .conftest import defined

pytestmark = pytest.mark.django_db

SET = (
    "mutation($input: SetRecordLayoutInput!) { setRecordLayout(input: $input) {"
    " recordLayout { type role fields { field hidden } } errors { field message code } } }"
)


def set_layout(ws: Workspace, role: str, fields: list[dict[str, Any]], type: str = "Contact") -> dict[str, Any]:
    return ws.api.data(SET, {"input": {"type": type, "role": role, "fields": fields}})["setRecordLayout"]


def layout(ws: Workspace, role: str | None = None, type: str = "Contact") -> dict[str, Any]:
    arguments = f'type: "{type}"' + (f', role: "{role}"' if role else "")
    return ws.api.data(f"{{ recordLayout({arguments}) {{ role fields {{ field hidden }} }} }}")["recordLayout"]


def test_each_role_sees_its_own_layout(workspace_a: Workspace) -> None:
    defined(workspace_a, key="tier", label="Tier", fieldType="TEXT")
    sales_fields = [{"field": "customFields.tier", "hidden": False}, {"field": "phones", "hidden": True}]
    assert set_layout(workspace_a, "sales", sales_fields)["errors"] == []
    assert set_layout(workspace_a, "marketing", [{"field": "emails", "hidden": False}])["errors"] == []

    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    assert layout(sales) == {"role": "sales", "fields": sales_fields}
    assert layout(marketing)["fields"] == [{"field": "emails", "hidden": False}]
    # The owner has none: the page's default order.
    assert layout(workspace_a) == {"role": "owner", "fields": []}
    # Admins read any role's; others only their own, whatever they ask for.
    assert layout(workspace_a, "sales")["fields"] == sales_fields
    assert layout(marketing, "sales")["role"] == "marketing"
    # [] goes back to the default.
    set_layout(workspace_a, "sales", [])
    assert layout(sales)["fields"] == []


def test_bad_layouts_are_refused(workspace_a: Workspace) -> None:
    result = set_layout(
        workspace_a, "sales", [{"field": "emails"}, {"field": "emails"}, {"field": "customFields.nope"}, {"field": "x"}]
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("fields.1.field", "invalid"),
        ("fields.2.field", "not_found"),
        ("fields.3.field", "not_found"),
    ]
    assert set_layout(workspace_a, "custom:999", [])["errors"][0] == {
        "field": "role",
        "message": "No such custom role.",
        "code": "not_found",
    }
    assert set_layout(workspace_a, "boss", [])["errors"][0]["code"] == "invalid_choice"
    assert set_layout(workspace_a, "sales", [], type="Nothing")["errors"][0]["field"] == "type"
    assert layout(workspace_a, "sales")["fields"] == []


@pytest.mark.parametrize("record_type", ["Lead", "Deal", "Ticket", "Warranty", "RepairOrder", "Campaign"])
def test_every_customizable_type_takes_a_layout(workspace_a: Workspace, record_type: str) -> None:
    defined(workspace_a, record_type, key="tier", label="Tier", fieldType="TEXT")
    fields = [{"field": "customFields.tier", "hidden": True}, {"field": "createdAt", "hidden": False}]
    assert set_layout(workspace_a, "sales", fields, type=record_type)["errors"] == []
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    assert layout(sales, type=record_type)["fields"] == fields
    # Each type's own fields, not another's: a warranty has no e-mails.
    refused = set_layout(workspace_a, "sales", [{"field": "emails", "hidden": True}], type=record_type)["errors"]
    assert [(e["field"], e["code"]) for e in refused] == [("fields.0.field", "not_found")]
    assert layout(sales, type=record_type)["fields"] == fields


def test_types_without_record_fields_take_no_layout(workspace_a: Workspace) -> None:
    # Registered for roles, but no custom fields and no kit record page: no layout either.
    for record_type in ("Tag", "Pipeline"):
        errors = set_layout(workspace_a, "sales", [], type=record_type)["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("type", "invalid_choice")]
    available = workspace_a.api.data('{ recordLayout(type: "Warranty") { available } }')["recordLayout"]["available"]
    assert {"serialNumber", "notes", "coverage", "voidReason"} <= set(available)
    assert "searchText" not in available


WEB_MODULES = Path(__file__).resolve().parents[2] / "frontend" / "src" / "modules"


def page_fields_of_web_client() -> dict[str, set[str]]:
    """The built-in fields each record page of the web client lays out (its modules' ``recordGroups``)."""
    found: dict[str, set[str]] = {}
    for index in WEB_MODULES.glob("*/index.tsx"):
        declared = re.search(r"recordGroups: \{(.*)\},\n", index.read_text())
        for record_type, groups in re.findall(r"(\w+): \[(\{ id: .*?\})\]", declared.group(1) if declared else ""):
            for fields in re.findall(r"fields: \[([^\]]*)\]", groups):
                found.setdefault(record_type, set()).update(re.findall(r"'(\w+)'", fields))
    return found


def test_every_field_a_record_page_lays_out_is_one_a_layout_may_name(workspace_a: Workspace) -> None:
    # What Settings → Layouts offers for a page (its declared fields) the API takes, computed ones included
    # (a contract's renewal reminder date, an entitlement's ticket count, an order's company).
    pages = page_fields_of_web_client()
    assert len(pages) >= 15 and {"renewalReminderDate", "title"} <= pages["Contract"]
    for record_type, fields in pages.items():
        available = workspace_a.api.data(f'{{ recordLayout(type: "{record_type}") {{ available }} }}')
        assert fields <= set(available["recordLayout"]["available"]), record_type
    # Bookkeeping columns are no page's fields.
    available = workspace_a.api.data('{ recordLayout(type: "Company") { available } }')["recordLayout"]["available"]
    assert not {"deletedAt", "mergedInto", "normalizedName"} & set(available)
    saved = set_layout(workspace_a, "sales", [{"field": "ticketCount", "hidden": True}], type="Entitlement")
    assert saved["errors"] == [] and saved["recordLayout"]["fields"] == [{"field": "ticketCount", "hidden": True}]
    refused = set_layout(workspace_a, "sales", [{"field": "deletedAt", "hidden": True}], type="Deal")["errors"]
    assert [(e["field"], e["code"]) for e in refused] == [("fields.0.field", "not_found")]


def test_a_layout_moves_a_field_to_another_group_or_a_new_one(workspace_a: Workspace) -> None:
    fields = [
        {"field": "owner", "hidden": False, "group": "  Details "},
        {"field": "nextStep", "hidden": False, "group": "Follow-up"},
        {"field": "title", "hidden": False},
    ]
    saved = workspace_a.api.data(
        SET.replace("fields { field hidden }", "fields { field hidden group }"),
        {"input": {"type": "Deal", "role": "sales", "fields": fields}},
    )["setRecordLayout"]
    assert saved["errors"] == []
    kept = [
        {"field": "owner", "hidden": False, "group": "Details"},
        {"field": "nextStep", "hidden": False, "group": "Follow-up"},
        {"field": "title", "hidden": False, "group": ""},
    ]
    assert saved["recordLayout"]["fields"] == kept
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    read = sales.api.data('{ recordLayout(type: "Deal") { fields { field hidden group } } }')["recordLayout"]
    assert read["fields"] == kept
    # A group name is short text; a refused layout changes nothing.
    refused = set_layout(workspace_a, "sales", [{"field": "owner", "group": "x" * 61}], type="Deal")["errors"]
    assert [(e["field"], e["code"]) for e in refused] == [("fields.0.group", "too_long")]
    assert sales.api.data('{ recordLayout(type: "Deal") { fields { group } } }')["recordLayout"]["fields"][1] == {
        "group": "Follow-up"
    }


def test_only_admins_set_layouts(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    assert set_layout(sales, "sales", [{"field": "emails"}])["errors"][0]["code"] == "permission_denied"
    assert layout(sales)["fields"] == []


def test_layouts_stay_in_their_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    set_layout(workspace_a, "owner", [{"field": "emails", "hidden": True}])
    assert layout(workspace_a)["fields"] == [{"field": "emails", "hidden": True}]
    assert layout(workspace_b)["fields"] == []


def test_a_layout_orders_the_pages_groups(workspace_a: Workspace) -> None:
    query = SET.replace("fields { field hidden }", "fields { field } groups")
    given = {"type": "Deal", "role": "sales", "fields": [{"field": "nextStep", "group": "Follow-up"}]}
    saved = workspace_a.api.data(query, {"input": given | {"groups": [" dates ", "Follow-up", "details"]}})
    assert saved["setRecordLayout"] == {
        "recordLayout": {"type": "Deal", "role": "sales", "fields": [{"field": "nextStep"}], "groups": [
            "dates", "Follow-up", "details"
        ]},
        "errors": [],
    }  # fmt: skip
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    read = '{ recordLayout(type: "Deal") { groups } }'
    assert sales.api.data(read)["recordLayout"]["groups"] == ["dates", "Follow-up", "details"]
    # Each group once (whatever its case), named, short; a refused layout changes nothing.
    refused = workspace_a.api.data(query, {"input": given | {"groups": ["Dates", "dates", " ", "x" * 61]}})
    assert [(e["field"], e["code"]) for e in refused["setRecordLayout"]["errors"]] == [
        ("groups.1", "invalid"),
        ("groups.2", "required"),
        ("groups.3", "too_long"),
    ]
    assert sales.api.data(read)["recordLayout"]["groups"] == ["dates", "Follow-up", "details"]
    # Left out: the page's own order again; the owner (no layout) has none.
    assert workspace_a.api.data(query, {"input": given})["setRecordLayout"]["recordLayout"]["groups"] == []
    assert workspace_a.api.data(read)["recordLayout"]["groups"] == []
    workspace_a.activate()
    changed = [sorted(e.changes) for e in AuditEntry.objects.filter(record_type="RecordLayout").order_by("id")]
    assert changed == [["fields", "groups", "role"], ["groups", "role"]]
