"""``GET /documents/invoices/<id>.pdf``: an invoice's PDF for a signed-in member who may read it."""

from __future__ import annotations

from saas.catalog.views import document_pdf

from .models import Invoice
from .pdf import render_invoice

invoice_pdf = document_pdf(Invoice, render_invoice, lambda invoice: f"invoice-{invoice.number or 'draft'}.pdf")
