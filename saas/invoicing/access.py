"""How invoicing plugs into access control: its record type and a sample-record factory."""

from __future__ import annotations

import datetime
from decimal import Decimal

from saas.access.registry import register
from saas.customers.models import Company

from .models import Invoice, InvoiceLine, InvoiceStatus

# The money on an invoice is as sensitive as a deal's amount: a role that may not see deal amounts
# sees no totals, balances, lines or payments of invoices either (graphql_schema/invoicing/types.py
# guards the derived fields with these names).
SENSITIVE = ("subtotal", "tax_amount", "total", "amount_paid")


def new_invoice(owner_id: int | None) -> Invoice:
    # One customer for every sample invoice: a company per invoice would show in the customers' own
    # statistics, which the read-path matrix compares between worlds that differ only in invoices.
    company = Company.objects.order_by("created_at", "id").first() or Company.objects.create(name="Billed Inc")
    invoice = Invoice.objects.create(
        company=company,
        owner_id=owner_id,
        currency="USD",
        status=InvoiceStatus.PARTIALLY_PAID,
        number=(Invoice.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1,
        issue_date=datetime.date(2026, 1, 1),
        due_date=datetime.date(2026, 1, 31),
        subtotal=Decimal(100),
        tax_amount=Decimal(20),
        total=Decimal(120),
        amount_paid=Decimal(20),
    )
    InvoiceLine.objects.create(
        invoice=invoice, description="Seats", quantity=2, unit_price=50, tax_rate=20, amount=Decimal(100)
    )
    return invoice


def register_record_types() -> None:
    register(
        Invoice,
        name="CustomerInvoice",  # "Invoice" is the platform's own Stripe invoice (billing)
        owner_field="owner",
        factory=new_invoice,
        # Hidden or read-only wherever the deal's amount is (sellers see and collect their own invoices).
        sensitive_like=dict.fromkeys(SENSITIVE, "Deal.amount"),
    )
