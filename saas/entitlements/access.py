"""How entitlements plug into access control: the record type and its sample-record factory."""

from __future__ import annotations

from datetime import date

from saas.access.registry import register
from saas.customers.models import Company

from .models import Entitlement, EntitlementKind


def new_entitlement(owner_id: int | None) -> Entitlement:
    company = Company.objects.order_by("created_at", "id").first() or Company.objects.create(
        name="Entitled customer", owner_id=owner_id
    )
    return Entitlement.objects.create(
        name="Premium support",
        company=company,
        owner_id=owner_id,
        kind=EntitlementKind.INCIDENTS,
        allowance=10,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )


def register_record_types() -> None:
    # Service staff work every ticket of the desk, so they read and use every customer's entitlements.
    register(Entitlement, owner_field="owner", factory=new_entitlement, role_overrides={"service": {"read": "all"}})
