"""Sample warranties and repair orders for the demo workspace (declared in saas.repairs.module).

The demo catalogue sells software, so the hardware a workshop repairs (and its spare parts) is added to
it here, priced in the USD book. Everything goes through the services, as the owner: numbers, warranty
matching, coverage, figures, status history and the audit trail are the real ones.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from saas.catalog.models import PriceBook, PriceBookEntry, Product
from saas.customers.models import Company
from tenants.models import Membership

from . import services
from .models import Coverage, LineKind, RepairStatus

# (sku, name, unit, USD list price)
HARDWARE = [
    ("HW-SCAN", "Handheld barcode scanner", "each", "349"),
    ("HW-PRINT", "Thermal receipt printer", "each", "289"),
    ("SP-BATT", "Scanner battery pack", "each", "39.90"),
    ("SP-HEAD", "Printer thermal head", "each", "74.50"),
    ("SP-CABLE", "USB-C data cable", "each", "12.00"),
]
# (company index, product sku, serial number, started days ago, length in days, coverage)
WARRANTIES = [
    (0, "HW-SCAN", "SCN-24-00117", 200, 730, Coverage.BOTH),
    (0, "HW-PRINT", "PRT-23-08841", 500, 365, Coverage.PARTS),  # expired
    (1, "HW-PRINT", "PRT-24-10322", 90, 365, Coverage.PARTS),
    (2, "HW-SCAN", "SCN-23-00460", 300, 365, Coverage.LABOUR),
]
S = RepairStatus
# (company index, product sku, serial, received days ago, problem, diagnosis, lines, moves)
REPAIRS: list[tuple[int, str, str, int, str, str, list[tuple[str, str | None, str, str | None]], list[str]]] = [
    (
        0, "HW-SCAN", "SCN-24-00117", 12, "Battery drains within an hour.", "Battery pack swollen; replaced.",
        [(LineKind.PART, "SP-BATT", "1", None), (LineKind.LABOUR, None, "0.5", "60")],
        [S.DIAGNOSING, S.IN_REPAIR, S.READY, S.RETURNED],
    ),
    (
        1, "HW-PRINT", "PRT-24-10322", 4, "Prints faded, streaky receipts.", "Thermal head worn out.",
        [(LineKind.PART, "SP-HEAD", "1", None), (LineKind.LABOUR, None, "1", "60"),
         (LineKind.SHIPPING, None, "1", "15")],
        [S.DIAGNOSING, S.AWAITING_PARTS],
    ),
    (
        0, "HW-PRINT", "PRT-23-08841", 2, "Paper jams on every receipt.", "",
        [(LineKind.DIAGNOSTICS, None, "1", "35")],
        [S.DIAGNOSING],
    ),
    (2, "HW-SCAN", "SCN-23-00460", 0, "Does not pair with the till.", "", [], []),
]  # fmt: skip


def seed_repairs(tenant: Any, members: list[Any]) -> None:
    companies = list(Company.objects.order_by("created_at", "id")[:3])
    book = PriceBook.objects.filter(currency="USD", active=True).first()
    if not companies or not members or book is None:
        return
    owner = Membership.objects.get(tenant=tenant, user=members[0])
    technician = members[-1]
    products = {}
    for sku, name, unit, price in HARDWARE:
        products[sku] = Product.objects.create(sku=sku, name=name, unit=unit)
        PriceBookEntry.objects.create(price_book=book, product=products[sku], min_quantity=0, unit_price=Decimal(price))
    today = services.today()
    for index, sku, serial, started, days, coverage in WARRANTIES:
        services.create_warranty(
            owner,
            {
                "company": companies[index % len(companies)].pk,
                "product": products[sku].pk,
                "serial_number": serial,
                "start_date": today - timedelta(days=started),
                "end_date": today - timedelta(days=started) + timedelta(days=days),
                "coverage": coverage,
                "notes": "Registered at delivery.",
            },
        )
    for index, sku, serial, received, problem, diagnosis, lines, moves in REPAIRS:
        order = services.create_repair_order(
            owner,
            {
                "company": companies[index % len(companies)].pk,
                "product": products[sku].pk,
                "serial_number": serial,
                "received_on": today - timedelta(days=received),
                "problem": problem,
                "diagnosis": diagnosis,
                "owner": technician.pk,
                "tax_rate": Decimal(8),
            },
        )
        for kind, part, quantity, given in lines:
            services.add_repair_line(
                owner,
                order.pk,
                kind=kind,
                product=products[part].pk if part else None,
                quantity=Decimal(quantity),
                unit_price=Decimal(given) if given else None,  # a part: its list price
            )
        for status in moves:
            services.move_repair_order(owner, order.pk, status)
