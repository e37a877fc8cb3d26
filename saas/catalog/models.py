"""Catalogue and quoting: products, price books with tiered prices, quotes (versioned) and orders.

A quote belongs to a deal and is priced in the deal's currency from the price book of that currency
(``saas.catalog.pricing`` does the arithmetic). Editing a sent quote makes a new version (same
``number``, ``version`` + 1); only the latest version of a quote moves on. Accepting a quote makes its
order, once (``Order.quote`` is unique).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from saas.records import Record, SoftDeletableRecord, user_reference

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def amount_field() -> models.DecimalField:
    """A money amount rounded to its currency's minor unit (up to 3 decimals: KWD, BHD...)."""
    return models.DecimalField(max_digits=16, decimal_places=3, default=0)


def quantity_field() -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=3)


def unit_price_field() -> models.DecimalField:
    return models.DecimalField(max_digits=16, decimal_places=4)


def percent_field() -> models.DecimalField:
    return models.DecimalField(max_digits=5, decimal_places=2, default=0, validators=PERCENT)


class Product(Record):
    """Something the workspace sells; its prices live in price books."""

    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    unit = models.CharField(max_length=20, default="each")

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("sku"), name="catalog_product_unique_sku")]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class PriceBook(Record):
    """Prices in one currency; quotes of a deal take the active price book of the deal's currency."""

    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3, default="USD")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), name="catalog_price_book_unique_name")]

    def __str__(self) -> str:
        return self.name


class PriceBookEntry(Record):
    """One price tier of a product in a price book: ``unit_price`` from ``min_quantity`` units on."""

    price_book = models.ForeignKey(PriceBook, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="prices")
    min_quantity = models.DecimalField(max_digits=12, decimal_places=3, default=0)
    unit_price = unit_price_field()

    class Meta:
        ordering = ["price_book_id", "product_id", "min_quantity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["price_book", "product", "min_quantity"], name="catalog_entry_tier_once")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} ≥ {self.min_quantity}: {self.unit_price}"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"


class Quote(Record):
    """One version of a quote for a deal; its totals are kept as computed at the last write."""

    deal = models.ForeignKey("sales.Deal", on_delete=models.PROTECT, related_name="quotes")
    number = models.PositiveIntegerField()  # shared by every version
    version = models.PositiveIntegerField(default=1)
    is_latest = models.BooleanField(default=True)
    status = models.CharField(max_length=8, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    title = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    price_book = models.ForeignKey(PriceBook, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    discount_percent = percent_field()
    # [{"name": "VAT", "rate": "20"}]: each applies to subtotal - discount (saas.catalog.pricing).
    taxes = models.JSONField(default=list, blank=True)
    subtotal = amount_field()
    discount_amount = amount_field()
    tax_amount = amount_field()
    total = amount_field()
    valid_until = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    owner = user_reference(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # accepted, rejected or expired

    class Meta:
        ordering = ["-number", "-version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="catalog_quote_version_once"),
            models.UniqueConstraint(fields=["number"], condition=Q(is_latest=True), name="catalog_quote_one_latest"),
        ]
        indexes = [models.Index(fields=["deal", "-number"], name="catalog_quote_deal")]

    def __str__(self) -> str:
        return f"Q-{self.number} v{self.version}"


class QuoteLine(models.Model):
    """A line of a quote version: a product, how many, at what price, less a discount."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200, blank=True)
    quantity = quantity_field()
    unit_price = unit_price_field()
    price_overridden = models.BooleanField(default=False)  # False: taken from the price book's tier
    discount_percent = percent_field()
    amount = amount_field()

    class Meta:
        ordering = ["quote_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_id}"


class OrderStatus(models.TextChoices):
    OPEN = "open", "Open"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Partially fulfilled"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


class Order(SoftDeletableRecord):
    """What an accepted quote became: its lines, each with how much of it was delivered.

    One made by mistake goes to the recycle bin while nothing was delivered on it and no invoice, return
    or claim keeps it (``services.delete_orders``); otherwise it is cancelled.
    """

    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="order")
    deal = models.ForeignKey("sales.Deal", on_delete=models.PROTECT, related_name="orders")
    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=19, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    currency = models.CharField(max_length=3, default="USD")
    subtotal = amount_field()
    discount_amount = amount_field()
    tax_amount = amount_field()
    total = amount_field()
    owner = user_reference(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # fulfilled or cancelled

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-number", "id"]

    def __str__(self) -> str:
        return f"O-{self.number}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=200, blank=True)
    quantity = quantity_field()
    unit_price = unit_price_field()
    discount_percent = percent_field()
    amount = amount_field()
    fulfilled_quantity = models.DecimalField(max_digits=12, decimal_places=3, default=0)

    class Meta:
        ordering = ["order_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.fulfilled_quantity}/{self.quantity} x {self.product_id}"
