"""How the leads module plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

from django.utils import timezone

from saas.access.registry import register

from .models import Campaign, Lead, LeadActivity


def new_lead(owner_id: int | None) -> Lead:
    return Lead.objects.create(
        name="Lena Matrix", company_name="Matrix Leads Ltd", email="lena@matrix.example", owner_id=owner_id
    )


def new_activity(owner_id: int | None) -> LeadActivity:
    lead = Lead.objects.create(name="Activity Matrix", owner_id=owner_id)
    return LeadActivity.objects.create(lead=lead, kind="call", occurred_at=timezone.now(), performed_by_id=owner_id)


def new_campaign(owner_id: int | None) -> Campaign:
    return Campaign.objects.create(name="Matrix Webinar", type="webinar", budget=5000, actual_cost=4200,
                                   owner_id=owner_id)  # fmt: skip


# A campaign's money is as secret as a deal's amount (and what it derives from, cost per lead and ROI, too).
CAMPAIGN_MONEY = {name: "Deal.amount" for name in ("budget", "actual_cost", "expected_revenue")}


# Campaigns are the whole workspace's: sellers and managers read them all to name a lead's campaign;
# marketing, who runs them, may bin its own.
CAMPAIGN_ROLES = {"sales": {"read": "all"}, "manager": {"read": "all"}, "marketing": {"delete": "own"}}


def register_record_types() -> None:
    # E-mail and phone are personal data: hidden or read-only by role, as a contact's are.
    register(Lead, owner_field="owner", sensitive_fields=("email", "phone"), factory=new_lead)
    register(LeadActivity, owner_field="performed_by", factory=new_activity)
    register(
        Campaign,
        owner_field="owner",
        factory=new_campaign,
        sensitive_like=CAMPAIGN_MONEY,
        role_overrides=CAMPAIGN_ROLES,
    )
