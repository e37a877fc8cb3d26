"""How repairs plug into access control: warranties and repair orders, with sample-record factories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from saas.access.registry import register
from saas.catalog.models import Product
from saas.customers.models import Company

from .models import LineKind, RepairLine, RepairOrder, Warranty

# A repair order's figures tell what the customer pays, as a deal's amount does: hidden or read-only
# wherever that is (graphql_schema/repairs/types.py guards its lines with the same rule), except for the
# service desk, which prices the repairs it handles (sellers see and change them as they do deal amounts).
FIGURES = ("subtotal", "covered_amount", "tax_amount", "total")
PRICERS = {"service": dict.fromkeys(FIGURES)}


def _company(owner_id: int | None) -> Company:
    """One customer for every sample record: a sample warranty or repair adds no company of its own."""
    return Company.objects.order_by("created_at", "id").first() or Company.objects.create(
        name="Repair customer", owner_id=owner_id
    )


def _product() -> Product:
    return Product.objects.filter(sku="REPAIR-SAMPLE").first() or Product.objects.create(
        name="Espresso machine", sku="REPAIR-SAMPLE"
    )


def new_warranty(owner_id: int | None) -> Warranty:
    return Warranty.objects.create(
        company=_company(owner_id),
        product=_product(),
        serial_number=f"SN-{Warranty._base_manager.count() + 1}",
        owner_id=owner_id,
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
    )


def new_repair_order(owner_id: int | None) -> RepairOrder:
    number = (RepairOrder._base_manager.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    order = RepairOrder.objects.create(
        number=number,
        company=_company(owner_id),
        product=_product(),
        serial_number="SN-SAMPLE",
        owner_id=owner_id,
        received_on=date(2026, 3, 1),
        problem="Leaks water",
        subtotal=Decimal(80),
        total=Decimal(80),
    )
    RepairLine.objects.create(
        repair_order=order, kind=LineKind.LABOUR, description="Labour", quantity=1, unit_price=80, amount=80
    )
    return order


def register_record_types() -> None:
    register(Warranty, owner_field="owner", factory=new_warranty)
    register(
        RepairOrder,
        owner_field="owner",
        factory=new_repair_order,
        sensitive_like=dict.fromkeys(FIGURES, "Deal.amount"),
        field_overrides=PRICERS,
    )
