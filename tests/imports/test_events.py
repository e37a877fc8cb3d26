"""An import and its undo tell open lists with one realtime event each, not one per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from realtime import events, gate
from tenants.models import Membership, Role
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, undo, uploaded

Capture = Callable[..., Any]
HEADER = ["First name", "Last name", "Email", "Phone"]


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Record events as they are published (``on_commit_publish`` is where every event goes)."""
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(events, "on_commit_publish", lambda group, event: sent.append((group, event)))
    return sent


def record_events(sent: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [event for _, event in sent if event["type"] == events.RECORD_CHANGED]


@pytest.mark.django_db
def test_one_imported_event_per_import_and_one_for_its_undo(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, published: list[tuple[str, dict[str, Any]]]
) -> None:
    rows = [[f"P{n}", "X", f"p{n}@example.com", ""] for n in range(40)]
    import_id = uploaded(workspace_a.api, csv_bytes([HEADER, *rows]))
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, dry_run=True)
    assert record_events(published) == []  # a dry run writes nothing: no event
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    [imported] = record_events(published)
    assert imported["action"] == "imported" and imported["record_type"] == "Contact"
    assert imported["record_id"] == "" and imported["payload"] == {"importId": import_id}
    group = next(g for g, e in published if e is imported)
    assert group == events.records_group(workspace_a.tenant.schema_name)  # this workspace's subscribers only

    published.clear()
    assert undo(workspace_a.api, import_id)["errors"] == []
    [undone] = record_events(published)
    assert undone["action"] == "import_undone" and undone["record_type"] == "Contact"


@pytest.mark.django_db
def test_the_imported_event_reaches_members_who_read_the_type_and_tells_them_no_records(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, published: list[tuple[str, dict[str, Any]]]
) -> None:
    rows = [[f"P{n}", "X", f"p{n}@example.com", ""] for n in range(3)]
    import_id = uploaded(workspace_a.api, csv_bytes([HEADER, *rows]))
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    [event] = record_events(published)
    workspace_a.activate()
    owner = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    target = gate.load_record(event)
    seen = gate.visible_event(owner, event, target)
    assert seen is not None and seen["fields"] == [] and set(seen["payload"]) == {"importId"}
    owner.role = Role.SALES  # reads its own contacts: still told that the list changed
    assert gate.visible_event(owner, event, target) is not None
