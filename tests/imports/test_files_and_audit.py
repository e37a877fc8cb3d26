"""Import files are removed once read for good or left unused; the audit log has one entry per import and undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from saas.audit.models import AuditEntry
from saas.imports import files, services
from saas.imports.models import DataImport
from tenants.db import connection
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, status, undo, uploaded

Capture = Callable[..., Any]
HEADER = ["First name", "Last name", "Email", "Phone"]
ROWS = [HEADER, *[[f"P{n}", "X", f"p{n}@example.com", ""] for n in range(30)]]


def kept(import_dir: Path) -> list[str]:
    return sorted(p.name for p in import_dir.rglob("*") if p.is_file())


@pytest.mark.django_db
def test_the_file_stays_through_a_dry_run_and_is_removed_once_imported(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, import_dir: Path
) -> None:
    import_id = uploaded(workspace_a.api, csv_bytes(ROWS))
    assert len(kept(import_dir)) == 1
    assert files.stored_bytes(workspace_a.tenant) > 0
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, dry_run=True)
    assert status(workspace_a.api, import_id)["status"] == "VALIDATED"
    assert len(kept(import_dir)) == 1  # the import still needs it
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    assert status(workspace_a.api, import_id)["createdCount"] == 30
    assert kept(import_dir) == []
    assert files.stored_bytes(workspace_a.tenant) == 0  # the plan's storage no longer counts it
    assert undo(workspace_a.api, import_id)["errors"] == []  # the undo needs no file


@pytest.mark.django_db
def test_a_file_left_unused_expires_in_its_own_workspace_only(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Capture, import_dir: Path
) -> None:
    mine = uploaded(workspace_a.api, csv_bytes(ROWS))
    theirs = uploaded(workspace_b.api, csv_bytes(ROWS))
    fresh = uploaded(workspace_a.api, csv_bytes(ROWS))
    assert len(kept(import_dir)) == 3
    later = timezone.now() + timedelta(hours=25)
    workspace_a.activate()
    oldest = list(DataImport.objects.order_by("created_at").values_list("pk", flat=True)[:1])  # ``mine``
    DataImport.objects.filter(pk__in=oldest).update(updated_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_files() == 1  # the day-old upload; the fresh one stays
    connection.set_schema_to_public()
    assert len(kept(import_dir)) == 2
    gone = status(workspace_a.api, mine)
    assert (gone["status"], gone["errorCode"]) == ("FAILED", "expired")
    refused = start(workspace_a.api, django_capture_on_commit_callbacks, mine, CONTACT_MAPPING)
    assert [e["code"] for e in refused["errors"]] == ["expired"]
    assert status(workspace_a.api, fresh)["status"] == "UPLOADED"

    # B's expiry (its own schema) sees only B's file; A's fresh one is A's.
    workspace_b.activate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_files(later) == 1
    connection.set_schema_to_public()
    assert status(workspace_b.api, theirs)["errorCode"] == "expired"
    assert status(workspace_a.api, fresh)["status"] == "UPLOADED"
    assert len(kept(import_dir)) == 1


@pytest.mark.django_db
def test_one_audit_entry_for_the_import_and_one_for_its_undo(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    import_id = uploaded(workspace_a.api, csv_bytes(ROWS))
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, dry_run=True)
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    assert undo(workspace_a.api, import_id)["errors"] == []
    workspace_a.activate()
    entries = list(AuditEntry.objects.order_by("created_at").values_list("action", "record_type"))
    import_entries = [e for e in entries if e[0] in ("import", "undo_import")]
    # no entry per row (30 rows created, then deleted) and none for the dry run
    assert import_entries == [("import", "Contact"), ("undo_import", "Contact")]
    assert not AuditEntry.objects.exclude(action__in=["import", "undo_import"]).filter(record_type="Contact").exists()
    undone = AuditEntry.objects.get(action="undo_import")
    assert undone.changes["deleted"] == {"old": None, "new": 30}
