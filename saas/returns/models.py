"""Customer service's returns and claims.

A return request (RMA-n) is goods of a customer's order coming back: which order lines and how many (never more
than was ordered less what earlier returns took back), why (the workspace's ``return_reason`` picklist) and what
the customer gets for them (a refund, a replacement or a repair). It moves requested → approved → received →
inspected → refunded / replaced / closed, or rejected (every move kept as a ``ReturnStatusChange``); a refund
of an invoiced order issues a credit note (``saas.invoicing.services.credit_invoice``).

A claim (CL-n) is a customer's warranty or damage claim against us, on an order or a warranty, for an amount:
submitted → under review → approved / partially approved / rejected → settled (``ClaimStatusChange``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.catalog.models import amount_field, quantity_field
from saas.kernel.lifecycle import StatusChange
from saas.records import SoftDeletableRecord, user_reference

SEARCH_CONFIG = "simple"
REASONS = "return_reason"  # the picklist a return's reason comes from


def return_search_vector() -> SearchVector:
    """The indexed expression of return requests; the list's search uses exactly this."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def claim_search_vector() -> SearchVector:
    return SearchVector("search_text", config=SEARCH_CONFIG)


def _keep_search_text(record: models.Model, text: str, kwargs: dict[str, Any]) -> None:
    record.search_text = text  # type: ignore[attr-defined]
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}


class Resolution(models.TextChoices):
    REFUND = "refund", "Refund"
    REPLACEMENT = "replacement", "Replacement"
    REPAIR = "repair", "Repair"


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    RECEIVED = "received", "Received"
    INSPECTED = "inspected", "Inspected"
    REFUNDED = "refunded", "Refunded"
    REPLACED = "replaced", "Replaced"
    CLOSED = "closed", "Closed"
    REJECTED = "rejected", "Rejected"


class ReturnRequest(SoftDeletableRecord):
    """Goods of one order coming back from the customer, and what they get for them."""

    number = models.PositiveIntegerField(unique=True)  # RMA-<number>, made by the service
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="return_requests")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="return_requests"
    )
    order = models.ForeignKey("catalog.Order", on_delete=models.PROTECT, related_name="return_requests")
    owner = user_reference(null=True, blank=True)
    reason = models.CharField(max_length=100)  # a value of the ``return_reason`` picklist
    resolution = models.CharField(max_length=11, choices=Resolution.choices, default=Resolution.REFUND)
    status = models.CharField(max_length=9, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    notes = models.TextField(blank=True)
    currency = models.CharField(max_length=3, default="USD")  # the order's
    # What the lines are worth at the order's prices (its discounts and tax), kept at every write: the refund.
    refund_amount = amount_field()
    credit_note = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="return_requests"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-number", "id"]
        indexes = [
            GinIndex(return_search_vector(), name="returns_request_search"),
            models.Index(F("number").desc(), "id", condition=Q(deleted_at__isnull=True), name="returns_by_number"),
            models.Index(fields=["company", "-number"], name="returns_request_company"),
            models.Index(fields=["order"], name="returns_request_order"),
            models.Index(fields=["status", "-number"], name="returns_request_status"),
        ]

    def __str__(self) -> str:
        return f"RMA-{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _keep_search_text(self, " ".join(filter(None, [f"RMA-{self.number} RMA {self.number}", self.reason,
                                                       self.notes])), kwargs)  # fmt: skip
        super().save(*args, **kwargs)


class ReturnStatusChange(StatusChange):
    """One move of a return request between statuses (``saas.kernel.lifecycle``)."""

    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        indexes = [models.Index(fields=["return_request", "at"], name="returns_change_request")]


class ReturnLine(models.Model):
    """How many of one order line come back."""

    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("catalog.OrderLine", on_delete=models.PROTECT, related_name="return_lines")
    quantity = quantity_field()

    class Meta:
        ordering = ["return_request_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["return_request", "order_line"], name="returns_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="returns_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.order_line_id}"


class ClaimKind(models.TextChoices):
    WARRANTY = "warranty", "Warranty"
    DAMAGE = "damage", "Damage"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    PARTIALLY_APPROVED = "partially_approved", "Partially approved"
    REJECTED = "rejected", "Rejected"
    SETTLED = "settled", "Settled"


class Claim(SoftDeletableRecord):
    """A customer's warranty or damage claim, on an order or a warranty, for an amount."""

    number = models.PositiveIntegerField(unique=True)  # CL-<number>
    kind = models.CharField(max_length=8, choices=ClaimKind.choices, default=ClaimKind.WARRANTY)
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="claims")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    order = models.ForeignKey("catalog.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    warranty = models.ForeignKey(
        "repairs.Warranty", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    owner = user_reference(null=True, blank=True)
    description = models.TextField()
    status = models.CharField(max_length=18, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    currency = models.CharField(max_length=3, default="USD")
    amount_claimed = amount_field()
    amount_approved = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)  # once decided
    settled_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-number", "id"]
        indexes = [
            GinIndex(claim_search_vector(), name="returns_claim_search"),
            models.Index(F("number").desc(), "id", condition=Q(deleted_at__isnull=True), name="returns_claim_number"),
            models.Index(fields=["company", "-number"], name="returns_claim_company"),
            models.Index(fields=["status", "-number"], name="returns_claim_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_claimed__gt=0), name="returns_claim_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"CL-{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _keep_search_text(self, " ".join(filter(None, [f"CL-{self.number} CL {self.number}", self.description])),
                          kwargs)  # fmt: skip
        super().save(*args, **kwargs)


class ClaimStatusChange(StatusChange):
    """One move of a claim between statuses."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        indexes = [models.Index(fields=["claim", "at"], name="returns_change_claim")]
