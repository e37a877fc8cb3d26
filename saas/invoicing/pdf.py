"""An invoice as a PDF, laid out by the sales documents' renderer (``saas.catalog.pdf.render_document``)."""

from __future__ import annotations

from decimal import Decimal

from saas.catalog.pdf import DocumentLine, render_document
from saas.catalog.pricing import Line, taxed_per_line

from .models import Invoice


def render_invoice(invoice: Invoice) -> bytes:
    """The invoice's PDF: its lines (one query), the tax per rate, the total, what was paid and what is owed."""
    lines = list(invoice.lines.order_by("position", "id"))
    facts = [f"To: {invoice.company.name}"]
    if invoice.contact_id and invoice.contact is not None:
        facts.append(f"Attn: {invoice.contact.full_name}")
    facts.append(f"Status: {invoice.get_status_display()}")
    if invoice.issue_date:
        facts.append(f"Issued: {invoice.issue_date.isoformat()}")
    if invoice.due_date:
        facts.append(f"Due: {invoice.due_date.isoformat()} ({invoice.payment_terms_days} days)")
    by_rate = taxed_per_line(
        [Line(line.quantity, line.unit_price, line.discount_percent, line.tax_rate) for line in lines],
        invoice.currency,
    ).taxes
    figures: list[tuple[str, Decimal | None]] = [("Subtotal", invoice.subtotal)]
    figures += [(f"Tax {name}", amount) for name, amount in by_rate]
    figures.append(("Total", invoice.total))
    if invoice.amount_paid:
        figures += [("Paid", -invoice.amount_paid), ("Balance due", invoice.balance)]
    return render_document(
        title=f"Invoice {invoice.display_number}",
        heading=f"Invoice {invoice.display_number}",
        facts=facts,
        currency=invoice.currency,
        lines=[
            DocumentLine(
                line.description, line.quantity, line.unit_price, line.discount_percent, line.amount, line.tax_rate
            )
            for line in lines
        ],
        figures=figures,
        notes=invoice.notes,
        taxed_per_line=True,
    )
