"""Service entitlements: what support a customer is entitled to, and the tickets that used it.

An entitlement gives a company a number of incidents (tickets), of support hours, or unlimited support
for a period, perhaps from a sales contract, perhaps on some channels only, perhaps with its own SLA
policy. Tickets are linked to it (``TicketEntitlement``, one link per ticket, kept here so the service
module needs nothing of this one) and what they used is kept as ``EntitlementUsage`` rows; ``used`` is
their sum, kept on the entitlement (written under its row lock).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.records import SoftDeletableRecord, user_reference

SEARCH_CONFIG = "simple"
# Owners hear once when this share of the allowance is used, unless the workspace set its own
# (``EntitlementSettings.warn_at_percent``).
NEARLY_USED_UP = Decimal("0.8")


def search_vector() -> SearchVector:
    """The indexed expression (see ``Entitlement.Meta.indexes``); queries must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class EntitlementKind(models.TextChoices):
    INCIDENTS = "incidents", "Incidents"
    HOURS = "hours", "Support hours"
    UNLIMITED = "unlimited", "Unlimited"


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXHAUSTED = "exhausted", "Used up"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


class UsageKind(models.TextChoices):
    INCIDENT = "incident", "Incident"
    HOURS = "hours", "Hours"


class Entitlement(SoftDeletableRecord):
    """Support a customer is entitled to: incidents, hours or unlimited, for a period."""

    name = models.CharField(max_length=200)
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="entitlements")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="entitlements"
    )
    contract = models.ForeignKey(
        "contracts.Contract", null=True, blank=True, on_delete=models.SET_NULL, related_name="entitlements"
    )
    owner = user_reference(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=EntitlementKind.choices, default=EntitlementKind.INCIDENTS)
    # Incidents or hours; null for unlimited.
    allowance = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    used = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    start_date = models.DateField()
    end_date = models.DateField()
    # Overrides the ticket priority's policy for the tickets it covers.
    sla_policy = models.ForeignKey(
        "service.SlaPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Ticket channels covered (``saas.service.models.TicketChannel`` values); empty: every channel.
    channels = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    status = models.CharField(max_length=10, choices=EntitlementStatus.choices, default=EntitlementStatus.ACTIVE)
    # Set once the owner was told it is nearly used up (cleared when the allowance grows again).
    warned_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["end_date", "id"]
        indexes = [
            GinIndex(search_vector(), name="entitlements_search"),
            models.Index(fields=["end_date", "id"], condition=Q(deleted_at__isnull=True), name="entitlements_by_end"),
            models.Index(fields=["company", "status", "end_date"], name="entitlements_company"),
            models.Index(fields=["status", "end_date"], name="entitlements_status_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="entitlements_end_after_start"),
            models.CheckConstraint(
                condition=Q(kind=EntitlementKind.UNLIMITED) | Q(allowance__gt=0), name="entitlements_allowance"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the allowance (never below 0); None when unlimited."""
        if self.allowance is None:
            return None
        return max(self.allowance - self.used, Decimal(0))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.name
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class TicketEntitlement(models.Model):
    """The entitlement a ticket is worked under: one per ticket (its key is the ticket)."""

    ticket = models.OneToOneField(
        "service.Ticket", primary_key=True, on_delete=models.CASCADE, related_name="entitlement_link"
    )
    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="ticket_links")
    linked_at = models.DateTimeField()
    linked_by = user_reference(null=True, blank=True)  # null: matched on arrival

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.entitlement_id}"


class EntitlementUsage(models.Model):
    """What a ticket used of an entitlement (an incident, or hours); a negative amount gives it back."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="usages")
    ticket = models.ForeignKey("service.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=UsageKind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    at = models.DateTimeField()
    by = user_reference(null=True, blank=True)  # null: the system (a ticket's arrival)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entitlement", "-at"], name="entitlements_usage_by_at")]

    def __str__(self) -> str:
        return f"{self.entitlement_id}: {self.amount} {self.kind}"


class EntitlementSettings(models.Model):
    """How this workspace works with entitlements (one row, made when an admin first saves; none: the defaults).

    Settings → Entitlements: whether new tickets take their customer's entitlement by themselves, and when an
    entitlement's owner is told it is nearly used up.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    # A new ticket of a company is linked to its best entitlement as it arrives; off: agents link by hand.
    auto_link_tickets = models.BooleanField(default=True)
    # The owner hears once when this share (percent) of the allowance is used; null: never.
    warn_at_percent = models.PositiveSmallIntegerField(null=True, blank=True, default=80)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="entitlements_settings_one_row")]

    def __str__(self) -> str:
        return f"auto link {self.auto_link_tickets}, warn at {self.warn_at_percent}%"

    @classmethod
    def current(cls) -> EntitlementSettings:
        """The saved settings, or the defaults (unsaved) when none were saved: reading never writes."""
        return cls.objects.filter(pk=1).first() or cls()

    def warn_share(self) -> Decimal | None:
        """The share of the allowance at which the owner is told; None: never."""
        return None if self.warn_at_percent is None else Decimal(self.warn_at_percent) / 100
