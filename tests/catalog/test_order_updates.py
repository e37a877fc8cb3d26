"""``updateOrder``: an order's owner and custom fields change in any status, validated, audited and told live."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.catalog.models import Order
from tests.access.conftest import AddPerson, gid
from tests.conftest import Workspace
from tests.customization.conftest import defined

from .conftest import codes, mutate, ok
from .test_recycle_bin import new_order

pytestmark = pytest.mark.django_db

SELECTION = "order { id status owner { id } customFields { key value } }"


def update(ws: Any, order_id: str, **fields: Any) -> dict[str, Any]:
    return mutate(ws, "updateOrder", {"id": order_id, **fields}, SELECTION)


@pytest.fixture
def order(workspace_a: Workspace, catalogue: dict[str, str]) -> dict[str, Any]:
    defined(workspace_a, "Order", key="po_number", label="PO number", fieldType="TEXT", maxValue=12)
    defined(workspace_a, "Order", key="rush", label="Rush", fieldType="BOOLEAN")
    return new_order(workspace_a, catalogue)


def test_custom_fields_and_owner_change_in_any_status_with_an_audit_entry(
    workspace_a: Workspace, add_person: AddPerson, order: dict[str, Any]
) -> None:
    ok(mutate(workspace_a, "cancelOrder", {"id": order["id"]}, "order { status }"))
    seller = add_person(workspace_a, "sales")
    fields = [{"key": "po_number", "value": "PO-4711"}, {"key": "rush", "value": True}]
    changed = ok(update(workspace_a, order["id"], customFields=fields, ownerId=gid("User", seller.user.pk)))["order"]
    assert changed["status"] == "CANCELLED" and changed["owner"]["id"] == gid("User", seller.user.pk)
    assert {f["key"]: f["value"] for f in changed["customFields"]} == {"po_number": "PO-4711", "rush": True}
    # A value null clears one; the others stay.
    cleared = ok(update(workspace_a, order["id"], customFields=[{"key": "rush", "value": None}]))["order"]
    assert {f["key"]: f["value"] for f in cleared["customFields"]} == {"po_number": "PO-4711", "rush": None}
    workspace_a.activate()
    entries = AuditEntry.objects.filter(record_type="Order", action="update").order_by("id")
    assert [sorted(e.changes) for e in entries][-2:] == [
        ["custom_fields.po_number", "custom_fields.rush", "owner"],
        ["custom_fields.rush"],
    ]


def test_a_bad_value_is_refused_and_changes_nothing(workspace_a: Workspace, order: dict[str, Any]) -> None:
    refused = update(workspace_a, order["id"], customFields=[{"key": "po_number", "value": "PO-" + "9" * 20}])
    assert codes(refused) == [("customFields.po_number", "out_of_range")]
    assert codes(update(workspace_a, order["id"], ownerId=gid("User", 999_999))) == [("ownerId", "not_found")]
    assert codes(update(workspace_a, order["id"], customFields=[{"key": "nope", "value": "x"}]))[0][1] == "not_found"
    workspace_a.activate()
    assert (
        Order.objects.get().custom_fields == {}
        and not AuditEntry.objects.filter(record_type="Order", action="update").exists()
    )


def test_roles_hold_read_only_members_and_sellers_of_others_orders_are_refused(
    workspace_a: Workspace, add_person: AddPerson, order: dict[str, Any]
) -> None:
    fields = [{"key": "po_number", "value": "X"}]
    reader = add_person(workspace_a, "read_only")
    assert codes(update(reader, order["id"], customFields=fields)) == [(None, "permission_denied")]
    seller = add_person(workspace_a, "sales")  # sees only their own orders: the owner's is not there
    assert codes(update(seller, order["id"], customFields=fields)) == [("id", "not_found")]
    # An admin may not hand it to a stranger; a seller given it may change its fields but not give it away.
    ok(update(workspace_a, order["id"], ownerId=gid("User", seller.user.pk)))
    ok(update(seller, order["id"], customFields=fields))
    other = add_person(workspace_a, "sales")
    assert codes(update(seller, order["id"], ownerId=gid("User", other.user.pk))) == [("owner", "permission_denied")]


def test_a_stale_version_is_refused(workspace_a: Workspace, order: dict[str, Any]) -> None:
    refused = update(workspace_a, order["id"], customFields=[{"key": "rush", "value": True}], expectedVersion=-1)
    assert codes(refused)[0][1] == "conflict"


def test_live_clients_hear_the_change(
    workspace_a: Workspace, order: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr("realtime.events.publish", lambda group, event: sent.append(event))
    with django_capture_on_commit_callbacks(execute=True):
        ok(update(workspace_a, order["id"], customFields=[{"key": "rush", "value": True}]))
    assert [(e["action"], e["record_type"]) for e in sent] == [("updated", "Order")]


def test_another_workspaces_order_cannot_be_changed(
    workspace_a: Workspace, workspace_b: Workspace, catalogue: dict[str, str], order: dict[str, Any]
) -> None:
    """Workspace A's order, workspace B's member: not found, nothing written."""
    refused = update(workspace_b, order["id"], customFields=[{"key": "rush", "value": True}])
    assert codes(refused) == [("id", "not_found")]
    workspace_a.activate()
    assert Order.objects.get().custom_fields == {}
