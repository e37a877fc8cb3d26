"""An invoice as a PDF, laid out by the sales documents' renderer (``saas.catalog.pdf.render_document``)."""

from __future__ import annotations

from decimal import Decimal

from saas.catalog.pdf import DocumentLine, render_document, say, say_status, words_for
from saas.catalog.pricing import Line, taxed_per_line

from .models import Invoice


def render_invoice(invoice: Invoice, locale: str = "en-US") -> bytes:
    """The invoice's PDF in the words of the workspace's ``locale``: its lines (one query), the tax per
    rate, the total, what was paid and what is owed."""
    words = words_for(locale)
    lines = list(invoice.lines.order_by("position", "id"))
    facts = [f"{say(words, 'To')}: {invoice.company.name}"]
    if invoice.contact_id and invoice.contact is not None:
        facts.append(f"{say(words, 'Attn')}: {invoice.contact.full_name}")
    facts.append(f"{say(words, 'Status')}: {say_status(words, invoice.status, invoice.get_status_display())}")
    if invoice.issue_date:
        facts.append(f"{say(words, 'Issued')}: {invoice.issue_date.isoformat()}")
    if invoice.due_date:
        terms = f"{invoice.payment_terms_days} {say(words, 'days')}"
        facts.append(f"{say(words, 'Due')}: {invoice.due_date.isoformat()} ({terms})")
    by_rate = taxed_per_line(
        [Line(line.quantity, line.unit_price, line.discount_percent, line.tax_rate) for line in lines],
        invoice.currency,
    ).taxes
    figures: list[tuple[str, Decimal | None]] = [(say(words, "Subtotal"), invoice.subtotal)]
    figures += [(f"{say(words, 'Tax')} {name}", amount) for name, amount in by_rate]
    figures.append((say(words, "Total"), invoice.total))
    if invoice.amount_paid:
        figures += [(say(words, "Paid"), -invoice.amount_paid), (say(words, "Balance due"), invoice.balance)]
    name = f"{say(words, 'Invoice')} {invoice.display_number}"
    return render_document(
        title=name,
        heading=name,
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
        words=words,
    )
