"""An import (``COPY``, no audit entry per row) and its undo in the change feed, and as one realtime event.

Every feed test commits for real (see conftest): the feed hands out only ended transactions.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import File
from django.db import transaction

from saas.customers import services as customers
from saas.customers.models import Contact
from saas.imports import services as imports
from saas.imports.models import DataImport
from saas.kernel.sync import version_of
from tenants.db import connection
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.customers.conftest import gid

from .conftest import add_member, on_own_connection, settle
from .test_changes import Replica, membership

pytestmark = pytest.mark.django_db

ROWS = 23  # more than a page of 7, fewer than a batch: one bulk change read over several pages


def contacts_view(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Live contacts as the owner reads them: first name and version."""
    ws.activate()
    try:
        return {
            gid("Contact", c.pk): {"firstName": c.first_name, "version": version_of("Contact", c.pk)}
            for c in Contact.objects.all()
        }
    finally:
        connection.set_schema_to_public()


class ContactReplica(Replica):
    def view(self) -> dict[str, dict[str, Any]]:
        return {key: {"firstName": r["firstName"], "version": r["version"]} for key, r in self.records.items()}


def run_import(seat: Membership, dedupe: str = DataImport.Dedupe.SKIP, rows: int = ROWS, start: int = 0) -> DataImport:
    lines = ["First name,Last name,Email"] + [
        f"Imported{n},Row,imported{n}@example.com" for n in range(start, start + rows)
    ]
    raw = ("\n".join(lines) + "\n").encode()
    content = File(io.BytesIO(raw), name="people.csv")
    content.size = len(raw)
    data_import = imports.upload(seat, "Contact", "people.csv", content)
    with transaction.atomic():  # the task runs (in process) once this commits
        imports.start(seat, data_import.pk, data_import.mapping, dedupe, dry_run=False)
    data_import.refresh_from_db()
    assert data_import.status == DataImport.Status.COMPLETED, data_import.error_message
    return data_import


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Any) -> Any:
    settings.IMPORT_DIR = tmp_path
    return tmp_path


@on_own_connection
def test_a_client_syncing_across_an_import_and_its_undo_sees_each_row_once(
    committed: Callable[[str], Workspace],
) -> None:
    ws = committed("imports")
    seat = membership(ws)
    ws.activate()
    before = customers.create_contact(seat, {"first_name": "Before"})
    connection.set_schema_to_public()
    settle()  # the snapshot starts past the write above, which then never comes again
    early = ContactReplica(ws, ["CONTACT"], first=7)  # synced before the import
    early.catch_up(lambda: contacts_view(ws))

    connection.set_tenant(ws.tenant)
    data_import = run_import(seat)
    imported = {gid("Contact", c.pk) for c in Contact.objects.exclude(pk=before.pk)}
    connection.set_schema_to_public()
    assert len(imported) == ROWS

    mark = len(early.seen)
    early.catch_up(lambda: contacts_view(ws))
    after_import = early.seen[mark:]
    # every imported row exactly once, as created, with its values and version 1 (one write so far)
    assert Counter(c["id"] for c in after_import) == dict.fromkeys(imported, 1)
    assert {c["action"] for c in after_import} == {"CREATED"}
    assert all(c["values"]["lastName"] == "Row" and c["version"] == 1 for c in after_import)

    # A client starting now gets the same state from its first pass.
    late = ContactReplica(ws, ["CONTACT"], first=7)
    late.catch_up(lambda: contacts_view(ws))
    assert set(late.records) == imported | {gid("Contact", before.pk)}

    connection.set_tenant(ws.tenant)
    imports.undo(seat, data_import.pk)
    connection.set_schema_to_public()
    mark = len(early.seen)
    early.catch_up(lambda: contacts_view(ws))
    after_undo = early.seen[mark:]
    assert Counter(c["id"] for c in after_undo) == dict.fromkeys(imported, 1)
    assert {c["action"] for c in after_undo} == {"DELETED"}
    assert set(early.records) == {gid("Contact", before.pk)}
    late.catch_up(lambda: contacts_view(ws))
    assert set(late.records) == {gid("Contact", before.pk)}


@on_own_connection
def test_an_import_that_updates_bumps_versions_and_an_undo_puts_them_back_in_the_feed(
    committed: Callable[[str], Workspace],
) -> None:
    ws = committed("updates")
    seat = membership(ws)
    connection.set_tenant(ws.tenant)
    first = run_import(seat, rows=5)
    connection.set_schema_to_public()
    settle()  # the snapshot starts past the import, whose rows then never come again
    reader = ContactReplica(ws, ["CONTACT"], first=3)
    reader.catch_up(lambda: contacts_view(ws))
    versions = {key: r["version"] for key, r in reader.records.items()}

    connection.set_tenant(ws.tenant)
    lines = ["First name,Email"] + [f"Renamed{n},imported{n}@example.com" for n in range(5)]
    raw = ("\n".join(lines) + "\n").encode()
    content = File(io.BytesIO(raw), name="again.csv")
    content.size = len(raw)
    second = imports.upload(seat, "Contact", "again.csv", content)
    with transaction.atomic():
        imports.start(seat, second.pk, second.mapping, DataImport.Dedupe.UPDATE, dry_run=False)
    second.refresh_from_db()
    assert second.updated_count == 5 and first.pk != second.pk
    connection.set_schema_to_public()

    mark = len(reader.seen)
    reader.catch_up(lambda: contacts_view(ws))
    updated = reader.seen[mark:]
    assert sorted(c["values"]["firstName"] for c in updated) == [f"Renamed{n}" for n in range(5)]
    assert {c["action"] for c in updated} == {"UPDATED"}
    assert all(c["version"] == versions[c["id"]] + 1 for c in updated)

    connection.set_tenant(ws.tenant)
    imports.undo(seat, second.pk)
    connection.set_schema_to_public()
    mark = len(reader.seen)
    reader.catch_up(lambda: contacts_view(ws))
    assert sorted(c["values"]["firstName"] for c in reader.seen[mark:]) == [f"Imported{n}" for n in range(5)]


@on_own_connection
def test_imported_records_out_of_a_members_scope_never_show_in_their_feed(
    committed: Callable[[str], Workspace],
) -> None:
    ws = committed("scoped")
    rep = add_member(committed, ws, "rep@example.com", Role.SALES)
    rep_feed = ContactReplica(rep, ["CONTACT"])
    rep_feed.catch_up(lambda: {})
    connection.set_tenant(ws.tenant)
    data_import = run_import(membership(ws), rows=4)  # owned by the workspace's owner
    imports.undo(membership(ws), data_import.pk)
    connection.set_schema_to_public()
    owner_feed = ContactReplica(ws, ["CONTACT"])
    owner_feed.catch_up(lambda: contacts_view(ws))
    rep_feed.catch_up(lambda: {})
    assert rep_feed.seen == []  # neither the rows nor their deletion
