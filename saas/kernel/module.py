"""The kernel's own record type (saved views), declared like any module's."""

from __future__ import annotations

from django.db.models import Q

from saas.access.registry import register
from saas.modules import Module
from tenants.models import Role

from .models import SavedView


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


KERNEL = Module(name="kernel", record_types=register_record_types)
