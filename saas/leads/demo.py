"""Sample leads for the demo workspace (declared in saas.leads.module: its demo seeder).

Deterministic (a fixed random seed), written through the ORM like the other modules' demo data.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from saas.access.models import Team

from . import scoring
from .models import AssignmentRule, Campaign, Lead, LeadActivity, ScoringRule

LEADS = [
    # name, company, title, region, industry, source, status
    ("Li Wei", "Hefei Solar Power", "Purchasing manager", "East China", "Energy", "web_form", "new"),
    ("Zhang Min", "Dalian Port Services", "COO", "North China", "Logistics", "trade_show", "working"),
    ("Chen Jing", "Kunming Flower Exchange", "Owner", "Southwest China", "Wholesale", "referral", "qualified"),
    ("Wang Fang", "Xiamen Tea House", "Marketing lead", "East China", "Food & beverage", "social", "nurturing"),
    ("Liu Yang", "Harbin Ice Machinery", "Plant director", "North China", "Manufacturing", "cold_call", "working"),
    ("Ada Brooks", "Northwind Analytics", "CTO", "North America", "Software", "web_form", "new"),
    ("Tom Becker", "Alpine Outfitters", "Buyer", "Europe", "Retail", "advertising", "unqualified"),
    ("Sara Ito", "Osaka Precision", "Engineer", "Asia Pacific", "Manufacturing", "partner", "qualified"),
    ("Omar Haddad", "Gulf Freight", "Head of logistics", "Middle East", "Logistics", "trade_show", "new"),
    ("Nina Rossi", "Milano Design Lab", "Founder", "Europe", "Software", "referral", "working"),
]


CAMPAIGNS = [
    # name, type, status, days from today to start / end, budget, actual cost, expected revenue
    ("Spring Energy Expo", "event", "completed", -75, -70, 20000, 18500, 90000),
    ("Logistics Webinar Series", "webinar", "active", -30, 30, 6000, 2500, 40000),
    ("Software Buyers Newsletter", "email", "planned", 10, 40, 1500, None, 12000),
]
# Which campaign each lead (by its place in LEADS) came from; the rest came from none.
LEAD_CAMPAIGNS = {0: 0, 1: 1, 5: 2, 8: 1, 9: 2}


def seed_campaigns(tenant: Any, members: list[Any]) -> list[Campaign]:
    today = timezone.now().date()
    currency = getattr(tenant, "currency", None) or "USD"
    return [
        Campaign.objects.create(
            name=name,
            type=kind,
            status=status,
            start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end),
            budget=budget,
            actual_cost=cost,
            expected_revenue=revenue,
            currency=currency,
            owner=members[0] if members else None,
            description=f"{name}: leads for the sales team.",
        )
        for name, kind, status, start, end, budget, cost, revenue in CAMPAIGNS
    ]


def seed_leads(tenant: Any, members: list[Any]) -> None:
    rng = random.Random(2027)
    now = timezone.now()
    for field, value, points in [("industry", "Software", 15), ("source", "referral", 10), ("source", "web_form", 5)]:
        ScoringRule.objects.create(field=field, value=value, points=points)
    for kind, points in [("meeting", 20), ("call", 5), ("email", 2)]:
        ScoringRule.objects.create(activity_kind=kind, points=points)
    sellers = members[1:] or members
    # New leads go round the demo's sales team (made by the access module's seeder, which runs first).
    campaigns = seed_campaigns(tenant, members)
    team = Team.objects.order_by("id").first()
    if team is not None:
        AssignmentRule.objects.create(name="Everyone in turn", team=team)
    for i, (name, company, title, region, industry, source, status) in enumerate(LEADS):
        lead = Lead.objects.create(
            name=name,
            company_name=company,
            title=title,
            email=f"{name.split()[0].lower()}{i}@{company.split()[0].lower()}.example",
            region=region,
            industry=industry,
            source=source,
            status=status,
            owner=rng.choice(sellers) if status != "new" else None,
            campaign=campaigns[LEAD_CAMPAIGNS[i]] if i in LEAD_CAMPAIGNS else None,
            created_at=now - timedelta(days=rng.randint(1, 60)),
        )
        for _ in range(rng.randint(0, 3)):
            LeadActivity.objects.create(
                lead=lead,
                kind=rng.choice(["call", "email", "meeting"]),
                occurred_at=now - timedelta(days=rng.randint(0, 90)),
                performed_by=lead.owner,
            )
    scoring.rescore_all(now)
