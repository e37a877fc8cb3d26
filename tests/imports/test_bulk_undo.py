"""The undo's bulk delete (``saas.kernel.bulk_delete``) leaves the database as Django's cascading delete does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from saas.contracts.models import Contract
from saas.customers.models import Company, Contact, ContactGroup, Interaction, Tag
from saas.imports.models import DataImport
from saas.kernel import bulk_delete
from saas.leads.models import Lead
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, status, undo, uploaded

Capture = Callable[..., Any]


def database() -> dict[str, list[str]]:
    """Every row of every table of the workspace's schema, as JSON text, sorted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        found = {}
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" AS t')  # names from pg_tables
            found[table] = sorted(row[0] for row in cursor.fetchall())
    return found


def contract(company: Company, **fields: Any) -> Contract:
    today = timezone.localdate()
    return Contract.objects.create(title="Support", company=company, start_date=today, end_date=today, **fields)


def linked_contacts(ws: Workspace) -> tuple[list[Contact], Contact]:
    """Two contacts with rows pointing at them through each kind of relation; a third one kept."""
    ws.activate()
    going = [
        Contact.objects.create(first_name="Ann", emails=["ann@example.com"], owner_id=ws.owner.pk),
        Contact.objects.create(first_name="Bo", emails=["bo@example.com"], owner_id=ws.owner.pk),
    ]
    kept = Contact.objects.create(first_name="Cy", merged_into=going[0], owner_id=ws.owner.pk)  # SET_NULL, self
    tag = Tag.objects.create(name="VIP")
    group = ContactGroup.objects.create(name="Newsletter")
    for contact in going:
        contact.tags.add(tag)  # many-to-many rows: deleted
        contact.groups.add(group)
    kept.tags.add(tag)
    now = timezone.now()
    Interaction.objects.create(kind="call", occurred_at=now, contact=going[0])  # CASCADE: deleted
    Interaction.objects.create(kind="call", occurred_at=now, contact=kept)
    Lead.objects.create(name="Converted", converted_contact=going[1])  # SET_NULL
    company = Company.objects.create(name="Acme", owner_id=ws.owner.pk)
    contract(company, number=1, contact=going[0])  # SET_NULL
    return going, kept


@pytest.mark.django_db
def test_bulk_delete_leaves_what_django_delete_leaves(workspace_a: Workspace, monkeypatch: Any) -> None:
    going, _ = linked_contacts(workspace_a)
    ids = [c.pk for c in going] + ["00000000-0000-0000-0000-000000000000"]  # one that does not exist
    with transaction.atomic():
        _, django_counts = Contact.all_objects.filter(pk__in=ids).delete()
        by_django = database()
        transaction.set_rollback(True)
    monkeypatch.setattr(bulk_delete, "_django_delete", None)  # the SQL path, not the fallback
    counts = bulk_delete.delete_ids(Contact, ids)
    assert database() == by_django
    assert counts == {label: n for label, n in django_counts.items() if n}
    assert counts["customers.Contact"] == 2 and counts["customers.Interaction"] == 1


@pytest.mark.django_db
def test_bulk_delete_hands_protected_rows_to_django(workspace_a: Workspace) -> None:
    workspace_a.activate()
    company = Company.objects.create(name="Acme", owner_id=workspace_a.owner.pk)
    contract(company, number=1)  # PROTECT
    with pytest.raises(ProtectedError), transaction.atomic():
        bulk_delete.delete_ids(Company, [company.pk])
    assert Company.all_objects.filter(pk=company.pk).exists()


@pytest.mark.django_db
def test_undo_of_an_import_removes_what_points_at_its_contacts(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    rows = [["First name", "Last name", "Email", "Phone"]] + [
        [f"P{n}", "Imp", f"p{n}@example.com", ""] for n in range(5)
    ]
    import_id = uploaded(workspace_a.api, csv_bytes(rows))
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    assert status(workspace_a.api, import_id)["createdCount"] == 5
    workspace_a.activate()
    imported = Contact.objects.get(emails=["p0@example.com"])
    kept = Contact.objects.create(first_name="Cy", merged_into=imported, owner_id=workspace_a.owner.pk)
    Interaction.objects.create(kind="call", occurred_at=timezone.now(), contact=imported)
    lead = Lead.objects.create(name="Converted", converted_contact=imported)

    assert undo(workspace_a.api, import_id)["errors"] == []
    workspace_a.activate()
    assert list(Contact.all_objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Interaction.objects.exists()
    kept.refresh_from_db()
    lead.refresh_from_db()
    assert kept.merged_into_id is None and lead.converted_contact_id is None
    assert DataImport.objects.get().status == DataImport.Status.UNDONE


def test_receivers_reads_djangos_signal_registry() -> None:
    """Contract of ``bulk_delete.receivers`` with Django's private ``Signal._live_receivers``."""
    from django.db.models import signals
    from django_tenants.signals import tenant_delete_callback

    from saas.billing.models import Plan
    from tenants.models import Tenant

    assert bulk_delete.receivers(signals.post_delete, Contact) == []
    assert bulk_delete.receivers(signals.pre_delete, Contact) == []
    assert len(bulk_delete.receivers(signals.post_delete, Plan)) == 1  # billing's own receiver
    assert tenant_delete_callback in bulk_delete.receivers(signals.post_delete, Tenant)
