"""Targets and commission rules for the demo workspace (declared in saas.forecasting.module)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .models import CommissionRule, PeriodKind, SalesTarget
from .periods import periods


def seed_forecasting(tenant: Any, members: list[Any]) -> None:
    first_month = getattr(tenant, "fiscal_year_start_month", 1) or 1
    currency = getattr(tenant, "currency", "USD") or "USD"
    today = timezone.now().date()
    for i, member in enumerate(members[:4]):
        user_id = member.pk
        for period in periods(PeriodKind.QUARTER, today, 2, first_month):
            SalesTarget.objects.get_or_create(
                user_id=user_id,
                period_kind=PeriodKind.QUARTER,
                period_start=period.start,
                defaults={"amount": Decimal(60000 + 15000 * i), "currency": currency},
            )
    CommissionRule.objects.get_or_create(
        name="Standard", defaults={"rate": Decimal(5), "valid_from": date(today.year, 1, 1), "currency": currency}
    )
    CommissionRule.objects.get_or_create(
        name="Large deals",
        defaults={
            "rate": Decimal("7.5"),
            "min_amount": Decimal(50000),
            "currency": currency,
            "valid_from": date(today.year, 1, 1),
        },
    )
