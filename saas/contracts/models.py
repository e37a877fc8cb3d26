"""Sales contracts (what a customer signed: period, value, renewal terms) and customer development plans.

A contract moves draft → active → expired, terminated or renewed; every move is kept
(``ContractStatusChange``). Renewing makes the follow-on contract for the next period with the same terms,
linked to the one it renews (``renewed_from``, unique, so a contract is renewed once). A development plan is
what the owner means to do to grow a target account: a goal, a date, and ordered steps.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from saas.records import Record, SoftDeletableRecord, user_reference

SEARCH_CONFIG = "simple"
LONGEST_NOTICE = 365


def search_vector() -> SearchVector:
    """The indexed expression (see ``Contract.Meta.indexes``); queries must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    RENEWED = "renewed", "Renewed"


class BillingFrequency(models.TextChoices):
    ONE_TIME = "one_time", "One time"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"


class Contract(SoftDeletableRecord):
    """What a customer signed: for which period, for how much, billed how often, and whether it renews."""

    MONEY_FIELDS: ClassVar[dict[str, str]] = {"value": "currency"}  # saas.kernel.money
    number = models.PositiveIntegerField(unique=True)  # C-<number>, made by the service
    title = models.CharField(max_length=200)
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="contracts")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    deal = models.ForeignKey("sales.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    order = models.ForeignKey(
        "catalog.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    owner = user_reference(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    billing_frequency = models.CharField(
        max_length=9, choices=BillingFrequency.choices, default=BillingFrequency.ANNUALLY
    )
    auto_renew = models.BooleanField(default=False)
    # The owner is reminded this many days before the end date (0: on the day).
    renewal_notice_days = models.PositiveSmallIntegerField(default=30, validators=[MaxValueValidator(LONGEST_NOTICE)])
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    terms = models.TextField(blank=True)
    renewed_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewal"
    )
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # expired, terminated or renewed
    end_reason = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-number", "id"]
        indexes = [
            GinIndex(search_vector(), name="contracts_contract_search"),
            models.Index(F("number").desc(), "id", condition=Q(deleted_at__isnull=True), name="contracts_by_number"),
            models.Index(fields=["end_date", "id"], condition=Q(deleted_at__isnull=True), name="contracts_by_end"),
            models.Index(fields=["status", "end_date"], name="contracts_status_end"),
            models.Index(fields=["company", "-number"], name="contracts_company"),
            models.Index(fields=["owner", "-number"], name="contracts_owner"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="contracts_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"C-{self.number} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [f"C-{self.number} {self.number}", self.title, self.terms]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class ContractStatusChange(models.Model):
    """One move of a contract between statuses (who, when, why); its first row is its creation."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=ContractStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ContractStatus.choices)
    at = models.DateTimeField()
    by = user_reference(null=True, blank=True)  # null: the system (the expiry job)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["contract", "at"], name="contracts_change_contract")]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.from_status or '-'} → {self.to_status}"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    ABANDONED = "abandoned", "Abandoned"


class DevelopmentPlan(Record):
    """A customer development plan: planned steps towards a goal with a target account."""

    company = models.ForeignKey("customers.Company", on_delete=models.CASCADE, related_name="development_plans")
    owner = user_reference(null=True, blank=True)
    goal = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=9, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["company", "-created_at"], name="contracts_plan_company")]

    def __str__(self) -> str:
        return self.goal


class PlanStep(models.Model):
    """A step of a development plan, in order; it may point at the activity that carries it out."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    activity = models.ForeignKey(
        "activities.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return self.title
