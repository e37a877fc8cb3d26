"""Sales targets (quotas) and commission rules; the forecast and the statements are computed, not kept.

A target is an amount a salesperson (or a team) should win in one period: a month, a quarter or a
year of the workspace's fiscal year. A commission rule pays a percentage of won deals, narrowed by
who won them, the pipeline, a product on the accepted quote, a minimum amount and the dates it holds.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from saas.records import Record, user_reference


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


class SalesTarget(Record):
    """What one salesperson or one team should win in one period (a quota)."""

    MONEY_FIELDS: ClassVar[dict[str, str]] = {"amount": "currency"}  # saas.kernel.money
    user = user_reference(null=True, blank=True)
    team = models.ForeignKey("access.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(max_length=7, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    # The first day of the period (a fiscal month, quarter or year: see saas.forecasting.periods).
    period_start = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")

    class Meta:
        ordering = ["-period_start", "period_kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, team__isnull=True) | Q(user__isnull=True, team__isnull=False),
                name="forecasting_target_user_xor_team",
            ),
            models.UniqueConstraint(
                fields=["user", "period_kind", "period_start"],
                condition=Q(user__isnull=False),
                name="forecasting_one_target_per_user",
            ),
            models.UniqueConstraint(
                fields=["team", "period_kind", "period_start"],
                condition=Q(team__isnull=False),
                name="forecasting_one_target_per_team",
            ),
        ]
        indexes = [models.Index(fields=["period_start", "period_kind"], name="forecasting_target_period")]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.period_start}: {self.amount} {self.currency}"


PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class CommissionRule(Record):
    """A percentage of the won amount of the deals it matches; the most specific matching rule pays."""

    MONEY_FIELDS: ClassVar[dict[str, str]] = {"min_amount": "currency"}
    name = models.CharField(max_length=100)
    # Percent of the won amount, e.g. 7.5 (up to 4 decimal places).
    rate = models.DecimalField(max_digits=7, decimal_places=4, validators=PERCENT)
    user = user_reference(null=True, blank=True)
    team = models.ForeignKey("access.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    pipeline = models.ForeignKey("sales.Pipeline", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Only deals worth at least this much (in ``currency``, converted like the deal) earn by this rule.
    min_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)  # the last day it holds; null: open-ended

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(team__isnull=True), name="forecasting_rule_user_or_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.rate}%)"
