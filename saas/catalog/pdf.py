"""Sales documents as PDF (fpdf2), for the customer: a quote here, an invoice in ``saas.invoicing.pdf``.

``render_document`` lays out any of them (heading, facts, a table of lines, the figures, notes);
``render_quote`` says what a quote shows. Only fpdf2's public API is used (``FPDF``, ``add_page``,
``set_font``, ``cell``, ``multi_cell``, ``output``). The core Helvetica font covers Latin-1 only,
so text outside it (Chinese product names...) is shown with ``?`` rather than failing; an embedded
CJK font is future work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fpdf import FPDF

from .models import Quote
from .pricing import minor_unit


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _money(amount: Decimal, currency: str) -> str:
    places = minor_unit(currency)
    return f"{Decimal(amount):,.{places}f} {currency}"


@dataclass(frozen=True)
class DocumentLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    amount: Decimal
    tax_rate: Decimal | None = None  # shown in a column of its own when the document taxes per line


def render_document(
    *,
    title: str,
    heading: str,
    facts: Sequence[str],
    currency: str,
    lines: Sequence[DocumentLine],
    figures: Sequence[tuple[str, Decimal | None]],
    notes: str = "",
    taxed_per_line: bool = False,
) -> bytes:
    """One A4 document: the heading, a line per fact, the lines' table, the figures (the last in bold)."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for fact in facts:
        pdf.cell(0, 7, _latin1(fact), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    headings: tuple[str, ...] = ("Item", "Qty", "Unit price", "Disc.", "Amount")
    widths: tuple[int, ...] = (80, 22, 32, 18, 38)
    if taxed_per_line:
        headings, widths = ("Item", "Qty", "Unit price", "Disc.", "Tax", "Amount"), (66, 20, 32, 18, 16, 38)
    pdf.set_font("Helvetica", "B", 10)
    for width, text in zip(widths, headings, strict=True):
        pdf.cell(width, 8, text, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        cells = [
            _latin1(line.description)[: 48 if not taxed_per_line else 40],
            f"{line.quantity.normalize():f}",
            _money(line.unit_price, currency),
            f"{line.discount_percent.normalize():f}%",
        ]
        if taxed_per_line:
            cells.append(f"{(line.tax_rate or Decimal(0)).normalize():f}%")
        cells.append(_money(line.amount, currency))
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 7, text)
        pdf.ln()
    pdf.ln(4)
    for i, (label, amount) in enumerate(figures):
        pdf.set_font("Helvetica", "B" if i == len(figures) - 1 else "", 11)
        pdf.cell(152, 7, _latin1(label), align="R")
        pdf.cell(38, 7, "" if amount is None else _money(amount, currency), align="R", new_x="LMARGIN",
                 new_y="NEXT")  # fmt: skip
    if notes:
        pdf.ln(4)
        pdf.multi_cell(0, 6, _latin1(notes))
    return bytes(pdf.output())


def render_quote(quote: Quote) -> bytes:
    """The quote's PDF (its lines are read in one query)."""
    facts = [quote.title] if quote.title else []
    facts.append(f"Status: {quote.get_status_display()}")
    if quote.valid_until:
        facts.append(f"Valid until: {quote.valid_until.isoformat()}")
    figures: list[tuple[str, Decimal | None]] = [("Subtotal", quote.subtotal)]
    if quote.discount_amount:
        figures.append((f"Discount {Decimal(quote.discount_percent).normalize():f}%", -quote.discount_amount))
    figures.extend((f"{tax['name']} {tax['rate']}%", None) for tax in quote.taxes)
    figures += [("Tax", quote.tax_amount), ("Total", quote.total)]
    return render_document(
        title=f"Quote Q-{quote.number}",
        heading=f"Quote Q-{quote.number} (version {quote.version})",
        facts=facts,
        currency=quote.currency,
        lines=[
            DocumentLine(line.description, line.quantity, line.unit_price, line.discount_percent, line.amount)
            for line in quote.lines.order_by("position", "id")
        ],
        figures=figures,
        notes=quote.notes,
    )
