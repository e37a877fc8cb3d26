"""The kernel's own record type (saved views), declared like any module's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Sum
from django_tenants.utils import tenant_context

from saas.access.registry import register
from saas.modules import STORED_BYTES, Meter, Module
from tenants.models import Role

from .models import BulkExport, SavedView


def new_saved_view(owner_id: int | None) -> SavedView:
    """One personal (unshared) view: the permission matrix's sample record (always owned)."""
    assert owner_id is not None, "a saved view always has an owner"
    view = SavedView(name="My hot leads", record_type="contact")
    view.owner_id = owner_id
    view.save()
    return view


def register_record_types() -> None:
    # Saved views are personal: every role (admins too) reads its own, plus the ones shared with everyone.
    register(
        SavedView,
        owner_field="owner",
        factory=new_saved_view,
        readable_when=Q(shared=True),
        role_overrides={role: {"read": "own"} for role in Role if role != Role.CUSTOM},
    )


def bulk_export_bytes(tenant: Any) -> int:
    """Bytes of the bulk-export files the workspace keeps (its plan's storage counts them)."""
    with tenant_context(tenant):
        return int(BulkExport.objects.aggregate(total=Sum("file_size"))["total"] or 0)


KERNEL = Module(name="kernel", record_types=register_record_types, meters=(Meter(STORED_BYTES, bulk_export_bytes),))
