"""How the leads module plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

from django.utils import timezone

from saas.access.registry import register

from .models import Lead, LeadActivity


def new_lead(owner_id: int | None) -> Lead:
    return Lead.objects.create(
        name="Lena Matrix", company_name="Matrix Leads Ltd", email="lena@matrix.example", owner_id=owner_id
    )


def new_activity(owner_id: int | None) -> LeadActivity:
    lead = Lead.objects.create(name="Activity Matrix", owner_id=owner_id)
    return LeadActivity.objects.create(lead=lead, kind="call", occurred_at=timezone.now(), performed_by_id=owner_id)


def register_record_types() -> None:
    # E-mail and phone are personal data: hidden or read-only by role, as a contact's are.
    register(Lead, owner_field="owner", sensitive_fields=("email", "phone"), factory=new_lead)
    register(LeadActivity, owner_field="performed_by", factory=new_activity)
