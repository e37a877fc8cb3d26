"""A quote as a PDF (fpdf2), for the customer: lines, totals and taxes as the quote keeps them.

Only fpdf2's public API is used (``FPDF``, ``add_page``, ``set_font``, ``cell``, ``multi_cell``,
``output``). The core Helvetica font covers Latin-1 only, so text outside it (Chinese product
names...) is shown with ``?`` rather than failing; an embedded CJK font is future work.
"""

from __future__ import annotations

from decimal import Decimal

from fpdf import FPDF

from .models import Quote
from .pricing import minor_unit


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _money(amount: Decimal, currency: str) -> str:
    places = minor_unit(currency)
    return f"{Decimal(amount):,.{places}f} {currency}"


def render_quote(quote: Quote) -> bytes:
    """The quote's PDF (its lines are read in one query)."""
    pdf = FPDF(format="A4")
    pdf.set_title(f"Quote Q-{quote.number}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin1(f"Quote Q-{quote.number} (version {quote.version})"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    if quote.title:
        pdf.cell(0, 7, _latin1(quote.title), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, _latin1(f"Status: {quote.get_status_display()}"), new_x="LMARGIN", new_y="NEXT")
    if quote.valid_until:
        pdf.cell(0, 7, f"Valid until: {quote.valid_until.isoformat()}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (80, 22, 32, 18, 38)
    pdf.set_font("Helvetica", "B", 10)
    for width, heading in zip(widths, ("Item", "Qty", "Unit price", "Disc.", "Amount"), strict=True):
        pdf.cell(width, 8, heading, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in quote.lines.order_by("position", "id"):
        cells = (
            _latin1(line.description)[:48],
            f"{line.quantity.normalize():f}",
            _money(line.unit_price, quote.currency),
            f"{line.discount_percent.normalize():f}%",
            _money(line.amount, quote.currency),
        )
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, text)
        pdf.ln()
    pdf.ln(4)
    rows = [("Subtotal", quote.subtotal)]
    if quote.discount_amount:
        rows.append((f"Discount {Decimal(quote.discount_percent).normalize():f}%", -quote.discount_amount))
    for tax in quote.taxes:
        rows.append((_latin1(f"{tax['name']} {tax['rate']}%"), None))
    rows.append(("Tax", quote.tax_amount))
    rows.append(("Total", quote.total))
    for label, amount in rows:
        pdf.set_font("Helvetica", "B" if label == "Total" else "", 11)
        pdf.cell(152, 7, label, align="R")
        pdf.cell(38, 7, "" if amount is None else _money(amount, quote.currency), align="R", new_x="LMARGIN",
                 new_y="NEXT")  # fmt: skip
    if quote.notes:
        pdf.ln(4)
        pdf.multi_cell(0, 6, _latin1(quote.notes))
    return bytes(pdf.output())
