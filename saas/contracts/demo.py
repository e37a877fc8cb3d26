"""Sample contracts and a development plan for the demo workspace (declared in saas.contracts.module)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from saas.customers.models import Company

from .models import BillingFrequency, Contract, ContractStatus, ContractStatusChange, DevelopmentPlan, PlanStep


def seed_contracts(tenant: Any, members: list[Any]) -> None:
    companies = list(Company.objects.order_by("created_at", "id")[:3])
    if not companies:
        return
    owner = members[0] if members else None
    today = timezone.now().date()
    now = timezone.now()
    samples = [
        ("Annual subscription", -300, 64, ContractStatus.ACTIVE, BillingFrequency.ANNUALLY, "24000"),
        ("Support plan", -20, 345, ContractStatus.ACTIVE, BillingFrequency.MONTHLY, "6000"),
        ("Pilot agreement", 10, 100, ContractStatus.DRAFT, BillingFrequency.ONE_TIME, "1500"),
    ]
    for number, (title, start, end, status, billing, value) in enumerate(samples, start=1):
        company = companies[(number - 1) % len(companies)]
        contract = Contract.objects.create(
            number=number,
            title=f"{title} — {company.name}",
            company=company,
            owner=owner,
            start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end),
            value=value,
            currency="USD",
            billing_frequency=billing,
            auto_renew=number == 2,
            status=status,
            activated_at=now if status == ContractStatus.ACTIVE else None,
        )
        ContractStatusChange.objects.create(contract=contract, to_status=ContractStatus.DRAFT, at=now, by=owner)
        if status == ContractStatus.ACTIVE:
            ContractStatusChange.objects.create(
                contract=contract, from_status=ContractStatus.DRAFT, to_status=status, at=now, by=owner
            )
    plan = DevelopmentPlan.objects.create(
        company=companies[0], owner=owner, goal="Expand to the whole sales team", target_date=today + timedelta(90)
    )
    for position, (title, due, done) in enumerate(
        [("Meet the head of sales", 7, True), ("Run a pilot with one team", 30, False), ("Agree on pricing", 60, False)]
    ):
        PlanStep.objects.create(
            plan=plan, position=position, title=title, due_date=today + timedelta(days=due), done=done,
            done_at=now if done else None,
        )  # fmt: skip
