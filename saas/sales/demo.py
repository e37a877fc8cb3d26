"""Sample deals for the demo workspace (declared in saas.sales.module: its demo seeder).

Runs after the customers seeder (module order), so deals belong to the demo's companies.
Deterministic (a fixed random seed), written through the ORM like the other seeders.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from saas.customers.models import Company

from .models import CompetingProduct, Competitor, Deal, DealStageChange, StageKind
from .services import default_pipeline

DEALS = [
    "ERP rollout",
    "Fleet tracking",
    "Annual support renewal",
    "Warehouse scanners",
    "Pilot project",
    "Training package",
    "Cloud migration",
    "Second site licences",
]
COMPETITORS = [
    ("Salesforce", "Brand, ecosystem", "Price, complexity", "Sales Cloud", Decimal("150.00")),
    ("Zoho", "Price", "Support in China", "Zoho CRM", Decimal("40.00")),
    ("Fxiaoke", "Local market, WeChat", "Customisation", "Fxiaoke CRM", Decimal("30.00")),
]


def seed_sales(tenant: Any, members: list[Any]) -> None:
    rng = random.Random(13)
    now = timezone.now()
    pipeline = default_pipeline()
    stages = list(pipeline.stages.order_by("position"))
    rivals = []
    for name, strengths, weaknesses, product, price in COMPETITORS:
        rival = Competitor.objects.create(name=name, strengths=strengths, weaknesses=weaknesses)
        CompetingProduct.objects.create(competitor=rival, name=product, price=price, currency="USD")
        rivals.append(rival)
    companies = list(Company.objects.order_by("created_at")[:12])
    for i, company in enumerate(companies):
        stage = stages[i % len(stages)]
        entered = now - timedelta(days=rng.randint(1, 40))
        deal = Deal.objects.create(
            title=f"{company.name}: {DEALS[i % len(DEALS)]}",
            amount=Decimal(rng.randrange(5_000, 250_000, 500)),
            currency="CNY" if company.country == "CN" else "USD",
            pipeline=pipeline,
            stage=stage,
            probability=stage.probability,
            expected_close_date=(now + timedelta(days=rng.randint(7, 120))).date(),
            owner=members[i % len(members)] if members else None,
            company=company,
            next_step="Send the proposal" if stage.kind == StageKind.OPEN else "",
            lost_reason="Price" if stage.kind == StageKind.LOST else "",
            stage_entered_at=entered,
            closed_at=entered if stage.kind != StageKind.OPEN else None,
        )
        deal.competitors.set(rng.sample(rivals, rng.randint(0, 2)))
        DealStageChange.objects.create(
            deal=deal, from_stage=None, to_stage=stage, at=entered, time_in_previous=timedelta(0)
        )
