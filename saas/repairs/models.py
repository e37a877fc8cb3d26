"""Customer service's after-sales work: warranties on what customers bought, and repair orders.

A warranty covers one unit (product + serial number) of a customer for a period: parts, labour or both.
A repair order (R-n) is a unit brought in for repair: it moves received → diagnosing → awaiting parts →
in repair → ready → returned (or cancelled; every move kept as a ``RepairStatusChange``), is matched to the
warranty covering that unit on the day it was received, and carries lines (parts, labour, fees). A line the
warranty covers is charged nothing but keeps its list value; the figures are kept on the order at every
write, and ``invoiceRepairOrder`` makes the draft invoice of what is charged (``saas.invoicing``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.catalog.models import amount_field, percent_field, quantity_field, unit_price_field
from saas.kernel.lifecycle import StatusChange
from saas.records import SoftDeletableRecord, user_reference

SEARCH_CONFIG = "simple"


def warranty_search_vector() -> SearchVector:
    """The indexed expression of warranties (``Warranty.Meta.indexes``); the list's search uses exactly this."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def repair_search_vector() -> SearchVector:
    """The indexed expression of repair orders; the list's search uses exactly this."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def searchable(serial_number: str) -> str:
    """A serial number as searched: "AB-12" is read by PostgreSQL's parser as "ab" and "-12", so the words
    are given apart too."""
    return f"{serial_number} {serial_number.replace('-', ' ')}" if serial_number else ""


class Coverage(models.TextChoices):
    PARTS = "parts", "Parts"
    LABOUR = "labour", "Labour"
    BOTH = "both", "Parts and labour"


class WarrantyStatus(models.TextChoices):
    """Not stored: derived from the dates and ``voided_at`` (``Warranty.status_on``)."""

    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    VOID = "void", "Void"


class Warranty(SoftDeletableRecord):
    """A customer's coverage of one unit (product + serial number) for a period."""

    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="warranties")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="warranties"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="warranties")
    serial_number = models.CharField(max_length=100)
    order = models.ForeignKey(
        "catalog.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="warranties"
    )
    owner = user_reference(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    coverage = models.CharField(max_length=6, choices=Coverage.choices, default=Coverage.BOTH)
    notes = models.TextField(blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        verbose_name_plural = "warranties"
        ordering = ["-start_date", "id"]
        indexes = [
            GinIndex(warranty_search_vector(), name="repairs_warranty_search"),
            models.Index(fields=["product", "serial_number"], name="repairs_warranty_unit"),
            models.Index(fields=["company", "-start_date"], name="repairs_warranty_company"),
            models.Index(fields=["end_date", "id"], condition=Q(deleted_at__isnull=True), name="repairs_warranty_end"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="repairs_warranty_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.serial_number} ({self.start_date} to {self.end_date})"

    def status_on(self, day: date) -> str:
        """Void once voided; expired after its end date; active otherwise."""
        if self.voided_at is not None:
            return WarrantyStatus.VOID
        return WarrantyStatus.EXPIRED if self.end_date < day else WarrantyStatus.ACTIVE

    def covers(self, kind: str) -> bool:
        """Whether a line of this kind is covered (parts under parts coverage, labour under labour)."""
        if kind == LineKind.PART:
            return self.coverage in (Coverage.PARTS, Coverage.BOTH)
        if kind == LineKind.LABOUR:
            return self.coverage in (Coverage.LABOUR, Coverage.BOTH)
        return False

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [searchable(self.serial_number), self.notes]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class RepairStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    DIAGNOSING = "diagnosing", "Diagnosing"
    AWAITING_PARTS = "awaiting_parts", "Awaiting parts"
    IN_REPAIR = "in_repair", "In repair"
    READY = "ready", "Ready"
    RETURNED = "returned", "Returned"
    CANCELLED = "cancelled", "Cancelled"


class RepairOrder(SoftDeletableRecord):
    """A customer's unit in for repair: what is wrong, what was found, its lines and what it costs them."""

    number = models.PositiveIntegerField(unique=True)  # R-<number>, made by the service
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="repair_orders")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="repair_orders"
    )
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="repair_orders"
    )
    serial_number = models.CharField(max_length=100, blank=True)
    ticket = models.ForeignKey(
        "service.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="repair_orders"
    )
    warranty = models.ForeignKey(
        Warranty, null=True, blank=True, on_delete=models.SET_NULL, related_name="repair_orders"
    )
    owner = user_reference(null=True, blank=True)  # the technician
    received_on = models.DateField()
    problem = models.TextField()
    diagnosis = models.TextField(blank=True)
    status = models.CharField(max_length=14, choices=RepairStatus.choices, default=RepairStatus.RECEIVED)
    currency = models.CharField(max_length=3, default="USD")
    tax_rate = percent_field()  # on what is charged
    # The figures, kept at every write (``services._reprice``): lists read no lines.
    subtotal = amount_field()  # every line at its list value
    covered_amount = amount_field()  # what the warranty covers
    tax_amount = amount_field()
    total = amount_field()  # to charge: subtotal - covered + tax
    invoice = models.ForeignKey(
        "invoicing.Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="repair_orders"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-number", "id"]
        indexes = [
            GinIndex(repair_search_vector(), name="repairs_order_search"),
            models.Index(F("number").desc(), "id", condition=Q(deleted_at__isnull=True), name="repairs_by_number"),
            models.Index(fields=["company", "-number"], name="repairs_order_company"),
            models.Index(fields=["status", "-number"], name="repairs_order_status"),
            models.Index(fields=["product", "serial_number"], name="repairs_order_unit"),
        ]

    def __str__(self) -> str:
        return f"R-{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(
            filter(
                None, [f"R-{self.number} R {self.number}", searchable(self.serial_number), self.problem, self.diagnosis]
            )
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class RepairStatusChange(StatusChange):
    """One move of a repair order between statuses (``saas.kernel.lifecycle``)."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        indexes = [models.Index(fields=["repair_order", "at"], name="repairs_change_order")]


class LineKind(models.TextChoices):
    PART = "part", "Part"
    LABOUR = "labour", "Labour"
    DIAGNOSTICS = "diagnostics", "Diagnostics"
    SHIPPING = "shipping", "Shipping"
    OTHER = "other", "Other fee"


class RepairLine(models.Model):
    """A part (a catalogue product, quantity x unit price) or a fee (labour hours x rate, or an amount)."""

    repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=11, choices=LineKind.choices)
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    quantity = quantity_field()  # units, or hours of labour; 1 for a fee
    unit_price = unit_price_field()  # per unit, the hourly rate, or the fee
    price_overridden = models.BooleanField(default=False)  # False: a part priced from the price book
    amount = amount_field()  # the list value: quantity x unit price, rounded to the minor unit
    covered = models.BooleanField(default=False)  # by the order's warranty: charged nothing

    class Meta:
        ordering = ["repair_order_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"

    @property
    def charged(self) -> Any:
        return 0 if self.covered else self.amount
