"""Invoices to customers and the payments that settle them (collections).

An invoice is drafted by hand or from an order (``saas.catalog``), numbered when it is issued, and
settled by payments; its figures come from ``saas.catalog.pricing`` (each line taxed at its own
rate) and are kept on the invoice at every write, so lists and balances read no lines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.catalog.models import amount_field, percent_field, quantity_field, unit_price_field
from saas.records import SoftDeletableRecord, user_reference

SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression (the GIN index below); the list's search must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


# Statuses that still owe money: the ones that become overdue once the due date has passed.
OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


class Invoice(SoftDeletableRecord):
    """A bill to a customer company: lines, figures, the amount paid so far and where it stands.

    Only a draft goes to the recycle bin (``services.delete_invoice``); an issued one is voided instead.
    """

    number = models.PositiveIntegerField(null=True, blank=True)  # given when issued, sequential
    status = models.CharField(max_length=14, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    company = models.ForeignKey("customers.Company", on_delete=models.PROTECT, related_name="invoices")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    order = models.ForeignKey("catalog.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    owner = user_reference(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)  # issue date + payment terms
    subtotal = amount_field()
    tax_amount = amount_field()
    total = amount_field()
    amount_paid = amount_field()
    notes = models.TextField(blank=True)
    # A credit note is an issued invoice of negative lines against the invoice it credits (``credit_invoice``):
    # counted in the balances like any issued invoice, it lowers what the customer owes.
    credit_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes")
    issued_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    # Set once by the daily overdue check when it told the owner (so it tells them once).
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for the GIN full-text index (number, company, notes); rebuilt on every save.
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="invoicing_invoice_number_once"),
            # One live invoice per order: a voided one (or a draft in the recycle bin) frees the order.
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(order__isnull=False) & ~Q(status="void") & Q(deleted_at__isnull=True),
                name="invoicing_invoice_one_per_order",
            ),
        ]
        indexes = [
            GinIndex(search_vector(), name="invoicing_invoice_search"),
            models.Index(F("created_at").desc(), "id", name="invoicing_invoice_recent"),
            models.Index(fields=["company", "currency"], name="invoicing_invoice_company"),
            models.Index(fields=["status", "due_date"], name="invoicing_invoice_due"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"INV-{self.number:05d}" if self.number else "Draft"

    @property
    def is_credit_note(self) -> bool:
        return self.credit_of_id is not None

    @property
    def balance(self) -> Decimal:
        """What is still owed: total - paid (never negative on an invoice: overpayment is refused; a credit
        note's is what it gives back, below zero)."""
        return Decimal(self.total) - Decimal(self.amount_paid)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The company's name as it is when the invoice is written (a later rename shows on the next write).
        company = self.company.name if self.company_id else ""
        # "INV-00042" is read by PostgreSQL's parser as "inv" and "-00042": the words are given apart too.
        number = f"INV{self.number:05d} INV {self.number:05d} {self.number}" if self.number else ""
        self.search_text = " ".join(filter(None, [number, company, self.notes]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class InvoiceLine(models.Model):
    """A line of an invoice: what, how many, at what price, less a discount, taxed at its rate."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200)
    quantity = quantity_field()
    unit_price = unit_price_field()
    discount_percent = percent_field()
    tax_rate = percent_field()
    amount = amount_field()  # before tax, rounded (saas.catalog.pricing.line_amount)

    class Meta:
        ordering = ["invoice_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CARD = "card", "Card"
    CASH = "cash", "Cash"
    CHEQUE = "cheque", "Cheque"
    OTHER = "other", "Other"


class Payment(models.Model):
    """Money received against an invoice; deleting it is the reversal (the invoice's status follows)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    amount = amount_field()
    paid_on = models.DateField()
    method = models.CharField(max_length=13, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER)
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = user_reference(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invoice_id", "paid_on", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"
