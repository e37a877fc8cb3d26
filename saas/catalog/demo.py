"""Sample products and price books for the demo workspace (declared in saas.catalog.module)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .models import PriceBook, PriceBookEntry, Product

# (sku, name, unit, [(min quantity, USD unit price)])
PRODUCTS = [
    ("CRM-SEAT", "CRM seat licence (year)", "seat", [(0, "480"), (10, "432"), (50, "384")]),
    ("ONB-DAY", "Onboarding day", "day", [(0, "1200")]),
    ("SUP-PRM", "Premium support (year)", "each", [(0, "2400")]),
    ("API-1M", "API calls, per million", "each", [(0, "90"), (20, "75")]),
]
# currency → (price book name, rate from USD)
BOOKS = {
    "USD": ("Standard USD", Decimal(1)),
    "EUR": ("Standard EUR", Decimal("0.92")),
    "CNY": ("标准价 CNY", Decimal(7)),
}


def seed_catalog(tenant: Any, members: list[Any]) -> None:
    products = [Product.objects.create(sku=sku, name=name, unit=unit) for sku, name, unit, _ in PRODUCTS]
    for currency, (name, rate) in BOOKS.items():
        book = PriceBook.objects.create(name=name, currency=currency)
        PriceBookEntry.objects.bulk_create(
            PriceBookEntry(
                price_book=book,
                product=product,
                min_quantity=minimum,
                unit_price=(Decimal(price) * rate).quantize(Decimal("0.01")),
            )
            for product, (_, _, _, tiers) in zip(products, PRODUCTS, strict=True)
            for minimum, price in tiers
        )
