"""A first end-to-end import: upload, suggested mapping, dry run, import, undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saas.customers.models import Contact
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, status, undo, uploaded

HEADER = ["First name", "Last name", "Email", "Phone"]


@pytest.mark.django_db
def test_dry_run_then_import_then_undo(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    rows = [HEADER] + [[f"Ann{n}", f"Lee{n}", f"ann{n}@example.com", f"+1555000{n:04d}"] for n in range(30)]
    rows.append(["", "Nameless", "x@example.com", ""])
    rows.append(["Bad", "Mail", "not-an-email", ""])
    import_id = uploaded(workspace_a.api, csv_bytes(rows))
    seen = status(workspace_a.api, import_id)
    assert seen["rowCount"] == 32 and seen["status"] == "UPLOADED"
    assert {m["column"]: m["field"] for m in seen["mapping"]} == CONTACT_MAPPING

    checked = start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, dry_run=True)
    assert checked["errors"] == []
    seen = status(workspace_a.api, import_id)
    assert seen["status"] == "VALIDATED" and seen["errorCount"] == 2 and seen["createdCount"] == 30
    assert [(e["row"], e["column"], e["code"]) for e in seen["rowErrors"]] == [
        (32, "First name", "required"),
        (33, "Email", "invalid_format"),
    ]
    workspace_a.activate()
    assert Contact.objects.count() == 0

    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    seen = status(workspace_a.api, import_id)
    assert seen["status"] == "COMPLETED" and seen["createdCount"] == 30 and seen["errorCount"] == 2
    workspace_a.activate()
    ann = Contact.objects.get(emails=["ann7@example.com"])
    assert ann.first_name == "Ann7" and ann.owner_id == workspace_a.owner.pk and "ann7" in ann.search_text
    assert Contact.objects.count() == 30

    assert undo(workspace_a.api, import_id)["dataImport"]["status"] == "UNDONE"
    workspace_a.activate()
    assert Contact.objects.count() == 0
