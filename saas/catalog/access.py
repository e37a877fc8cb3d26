"""How the catalogue plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

from decimal import Decimal

from saas.access.registry import register
from saas.access.roles import SETTINGS_ONLY
from saas.sales.access import new_deal

from .models import Order, PriceBook, PriceBookEntry, Product, Quote, QuoteLine


def new_product(owner_id: int | None) -> Product:
    n = Product.objects.count() + 1
    return Product.objects.create(name=f"Seat licence {n}", sku=f"SKU-{n}", unit="seat")


def new_price_book(owner_id: int | None) -> PriceBook:
    return PriceBook.objects.create(name=f"Price book {PriceBook.objects.count() + 1}", currency="USD")


def new_price_book_entry(owner_id: int | None) -> PriceBookEntry:
    return PriceBookEntry.objects.create(
        price_book=new_price_book(owner_id), product=new_product(owner_id), min_quantity=1, unit_price=Decimal("10")
    )


def new_quote(owner_id: int | None) -> Quote:
    number = (Quote.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    quote = Quote.objects.create(
        deal=new_deal(owner_id), number=number, currency="USD", owner_id=owner_id, subtotal=20, total=20
    )
    QuoteLine.objects.create(
        quote=quote, product=new_product(owner_id), description="Seats", quantity=2, unit_price=10, amount=20
    )
    return quote


def new_order(owner_id: int | None) -> Order:
    quote = new_quote(owner_id)
    number = (Order.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Order.objects.create(
        quote=quote, deal_id=quote.deal_id, number=number, currency="USD", subtotal=20, total=20, owner_id=owner_id
    )


def register_record_types() -> None:
    # The catalogue is the workspace's price list: members read it, managers and admins shape it.
    register(Product, owner_field=None, factory=new_product, role_overrides=SETTINGS_ONLY)
    register(PriceBook, owner_field=None, factory=new_price_book, role_overrides=SETTINGS_ONLY)
    register(PriceBookEntry, owner_field=None, factory=new_price_book_entry, role_overrides=SETTINGS_ONLY)
    # A quote's or order's figures tell the deal's amount: hidden (or read-only) wherever it is.
    figures = dict.fromkeys(("subtotal", "discount_amount", "tax_amount", "total"), "Deal.amount")
    register(Quote, owner_field="owner", factory=new_quote, sensitive_like=figures)
    register(Order, owner_field="owner", factory=new_order, sensitive_like=figures)
