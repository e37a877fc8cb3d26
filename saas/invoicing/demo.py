"""Sample invoices and payments for the demo workspace (declared in saas.invoicing.module).

Runs after the customers and catalogue seeders (module order): a few of the demo's companies get an
invoice each, some paid, some partly, one overdue, one still a draft. Figures from the one pricing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from saas.catalog import pricing
from saas.customers.models import Company

from .models import Invoice, InvoiceLine, InvoiceStatus, Payment

# (description, quantity, unit price, tax rate) per invoice; then what was paid (fraction of the total)
INVOICES = [
    ([("CRM seat licence (year)", "10", "432", "20"), ("Onboarding day", "2", "1200", "20")], "1", -40),
    ([("Premium support (year)", "1", "2400", "10")], "0.5", -50),
    ([("API calls, per million", "25", "75", "0")], "0", -5),
    ([("CRM seat licence (year)", "3", "480", "20")], None, 0),
]


def seed_invoices(tenant: Any, members: list[Any]) -> None:
    today = timezone.now().date()
    companies = list(Company.objects.order_by("created_at")[: len(INVOICES)])
    owner = members[0] if members else None
    number = 0
    for company, (rows, paid, issued_days_ago) in zip(companies, INVOICES, strict=False):
        lines = [
            InvoiceLine(position=i, description=d, quantity=Decimal(q), unit_price=Decimal(p), tax_rate=Decimal(r))
            for i, (d, q, p, r) in enumerate(rows)
        ]
        figures = pricing.taxed_per_line(
            [pricing.Line(line.quantity, line.unit_price, line.discount_percent, line.tax_rate) for line in lines],
            "USD",
        )
        invoice = Invoice(company=company, owner=owner, currency="USD", subtotal=figures.subtotal,
                          tax_amount=figures.tax, total=figures.total)  # fmt: skip
        if paid is not None:
            number += 1
            issued = today + datetime.timedelta(days=issued_days_ago)
            invoice.number, invoice.status, invoice.issue_date = number, InvoiceStatus.ISSUED, issued
            invoice.due_date = issued + datetime.timedelta(days=invoice.payment_terms_days)
            invoice.issued_at = timezone.now()
        invoice.save()
        for line, amount in zip(lines, figures.lines, strict=True):
            line.invoice, line.amount = invoice, amount
        InvoiceLine.objects.bulk_create(lines)
        if paid and Decimal(paid):
            amount = pricing.round_money(invoice.total * Decimal(paid), "USD")
            Payment.objects.create(invoice=invoice, amount=amount, paid_on=today, reference="Demo", recorded_by=owner)
            invoice.amount_paid = amount
            invoice.status = InvoiceStatus.PAID if amount >= invoice.total else InvoiceStatus.PARTIALLY_PAID
            invoice.save()
